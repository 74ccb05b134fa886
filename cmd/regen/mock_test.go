//go:build linux

package main

import (
	"bytes"
	"context"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/plumbing"
)

// TestMockSpecServesTheSDK: the spec -mock-spec writes (what make mock
// serves) answers the SDK's own requests under Prism, with the client's
// base URL set to the server's root; Prism on the published spec answers
// 406 to the SDK's Accept header.
func TestMockSpecServesTheSDK(t *testing.T) {
	root := spectest.ModuleRoot(t)
	bin := filepath.Join(root, "tools", "prism", "node_modules", ".bin", "prism")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("Prism is not installed: run `npm ci --prefix tools/prism` (make prism)")
		}
		t.Fatalf("Prism is not installed (%v): .ci/run installs it", err)
	}
	t.Setenv("ALTEGIO_SPEC_MIRROR", spectest.Mirror(t))
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	spec := filepath.Join(t.TempDir(), "mock-b2b-v2.json")
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-mock-spec", "-api", "b2b-v2", "-o", spec}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}

	base := startMock(t, bin, spec)
	c := b2bv2.New(altegio.WithBaseURL(base), altegio.WithTokens("partner", "user"), altegio.WithLimiter(nil))
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	res, err := c.TeamMembers.ListPositions(ctx, 1)
	if err != nil {
		t.Fatalf("ListPositions against the mock: %v", err)
	}
	if len(res) == 0 {
		t.Errorf("no positions in %+v", res)
	}

	published := startMock(t, bin, filepath.Join(spectest.Mirror(t), "b2b-v2.openapi.yaml"))
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, published+"/locations/1/positions", nil)
	req.Header.Set("Accept", plumbing.AcceptHeader)
	req.Header.Set("Authorization", "Bearer partner, User user")
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusNotAcceptable {
		t.Errorf("Prism on the published spec answered %d; this test assumes 406, which -mock-spec exists to avoid", resp.StatusCode)
	}
}

// startMock starts Prism on a free loopback port serving spec, waits until
// it answers, and stops its process group when the test ends. It returns
// the server's root URL.
func startMock(t *testing.T, bin, spec string) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	port := l.Addr().(*net.TCPAddr).Port
	l.Close()
	var out bytes.Buffer
	cmd := exec.Command(bin, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-v", "warn", spec)
	cmd.Dir = t.TempDir()
	cmd.Stdout, cmd.Stderr = &out, &out
	cmd.Env = append(os.Environ(), "NO_COLOR=1")
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true, Pdeathsig: syscall.SIGKILL}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan struct{})
	go func() { cmd.Wait(); close(done) }()
	t.Cleanup(func() {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGTERM)
		select {
		case <-done:
		case <-time.After(5 * time.Second):
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			<-done
		}
	})
	url := "http://127.0.0.1:" + strconv.Itoa(port)
	hc := &http.Client{Timeout: time.Second}
	deadline := time.Now().Add(60 * time.Second)
	for {
		select {
		case <-done:
			t.Fatalf("Prism exited: %s", out.String())
		default:
		}
		if resp, err := hc.Get(url + "/"); err == nil {
			resp.Body.Close()
			return url
		}
		if time.Now().After(deadline) {
			t.Fatalf("Prism did not answer within 60s: %s", out.String())
		}
		time.Sleep(100 * time.Millisecond)
	}
}
