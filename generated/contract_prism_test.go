//go:build unix

package generated_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"syscall"
	"testing"
	"time"

	"github.com/altegio-go/altegio/internal/spectest"
)

// Prism is pinned in tools/prism (package.json and package-lock.json) and
// installed there, never globally, by `npm ci --prefix tools/prism`.
const (
	prismDir     = "tools/prism"
	prismInstall = "npm ci --prefix tools/prism"
	// prismStartTimeout bounds how long Prism may take to load a spec and
	// listen; the v1 spec (1.7 MB) takes a few seconds on an idle core.
	prismStartTimeout = 2 * time.Minute
)

// prismServer is one running Prism mock server.
type prismServer struct {
	URL  string
	cmd  *exec.Cmd
	done chan struct{} // closed when the process has exited
	out  *tailBuffer   // the end of its stdout and stderr
}

// prismBinary returns the path of the pinned Prism CLI. When it is not
// installed, a plain `go test ./...` skips the contract test with a
// one-line reason, and a run with CI=true (.ci/run, make test) fails it.
func prismBinary(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(spectest.ModuleRoot(t), prismDir, "node_modules", ".bin", "prism")
	if _, err := os.Stat(bin); err != nil {
		if os.Getenv("CI") == "" {
			t.Skipf("the contract test needs the pinned Prism mock server, which is not installed: run `%s` in the repository root (make contract does it)", prismInstall)
		}
		t.Fatalf("the contract test needs the pinned Prism mock server, which is not installed (%v): run `%s` in the repository root (make contract does it)", err, prismInstall)
	}
	if _, err := exec.LookPath("node"); err != nil {
		t.Fatalf("the contract test runs Prism, a Node.js program, but node is not on PATH: install Node.js 18.20 or later, then run `%s`", prismInstall)
	}
	return bin
}

// startPrism starts Prism on a free loopback port to mock the spec in the
// file specFile, waits until it answers, and stops it (the whole process
// group) when the test and its subtests end, whether they pass, fail or
// panic.
func startPrism(t *testing.T, specFile string) *prismServer {
	t.Helper()
	bin := prismBinary(t)
	var lastErr error
	// A free port can be taken by someone else between the probe and
	// Prism's listen: try a few.
	for range 3 {
		port := freeLoopbackPort(t)
		p, err := launchPrism(t, bin, specFile, port)
		if err == nil {
			return p
		}
		lastErr = err
		if !strings.Contains(err.Error(), "EADDRINUSE") {
			break
		}
	}
	t.Fatalf("Prism did not start: %v", lastErr)
	return nil
}

func launchPrism(t *testing.T, bin, specFile string, port int) (*prismServer, error) {
	p := &prismServer{
		URL:  "http://127.0.0.1:" + strconv.Itoa(port),
		done: make(chan struct{}),
		out:  &tailBuffer{max: 64 << 10},
	}
	// Prism 5 answers a request that violates the spec with an error (422,
	// 400, 401, or the spec's own response for that status) and an
	// sl-violations header, with or without --errors. --errors changes one
	// thing only: a mocked response that violates the spec (an example that
	// breaks its own schema) becomes a 500 instead of being served with its
	// violations in sl-violations. It is left off so that such a response
	// still reaches the client and is decoded, while its violations are
	// still reported. -v warn: violations are logged, requests are not.
	p.cmd = exec.Command(bin, "mock", "-h", "127.0.0.1", "-p", strconv.Itoa(port), "-v", "warn", specFile)
	p.cmd.Dir = t.TempDir()
	p.cmd.Stdout = p.out
	p.cmd.Stderr = p.out
	p.cmd.Env = append(os.Environ(), "NO_COLOR=1", "FORCE_COLOR=0")
	// Its own process group, so that it and anything it forks are stopped
	// together; on Linux the kernel also kills it if the test binary dies
	// before the cleanup runs (go test -timeout, SIGKILL).
	p.cmd.SysProcAttr = prismProcAttr()
	if err := p.cmd.Start(); err != nil {
		return nil, fmt.Errorf("starting %s: %w", bin, err)
	}
	go func() {
		p.cmd.Wait()
		close(p.done)
	}()
	t.Cleanup(p.stop)

	hc := &http.Client{Timeout: 2 * time.Second}
	deadline := time.Now().Add(prismStartTimeout)
	for {
		select {
		case <-p.done:
			return nil, fmt.Errorf("Prism exited while starting (%v); its output:\n%s", p.cmd.ProcessState, p.out)
		default:
		}
		// Any HTTP answer (404 for /) means it listens.
		if resp, err := hc.Get(p.URL + "/"); err == nil {
			resp.Body.Close()
			return p, nil
		}
		if time.Now().After(deadline) {
			p.stop()
			return nil, fmt.Errorf("Prism did not answer on %s within %v; its output:\n%s", p.URL, prismStartTimeout, p.out)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// stop ends Prism's process group: SIGTERM, then SIGKILL if it is still
// there after a few seconds. It is safe to call more than once.
func (p *prismServer) stop() {
	select {
	case <-p.done:
		return
	default:
	}
	pgid := p.cmd.Process.Pid
	syscall.Kill(-pgid, syscall.SIGTERM)
	select {
	case <-p.done:
	case <-time.After(5 * time.Second):
		syscall.Kill(-pgid, syscall.SIGKILL)
		<-p.done
	}
	// Whatever the group left behind (Prism forks nothing in this mode).
	syscall.Kill(-pgid, syscall.SIGKILL)
}

// freeLoopbackPort returns a TCP port free on 127.0.0.1 right now.
func freeLoopbackPort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// tailBuffer keeps the last max bytes written to it.
type tailBuffer struct {
	mu  sync.Mutex
	max int
	b   []byte
}

func (tb *tailBuffer) Write(p []byte) (int, error) {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	tb.b = append(tb.b, p...)
	if over := len(tb.b) - tb.max; over > 0 {
		tb.b = append(tb.b[:0], tb.b[over:]...)
	}
	return len(p), nil
}

func (tb *tailBuffer) String() string {
	tb.mu.Lock()
	defer tb.mu.Unlock()
	return string(bytes.TrimSpace(tb.b))
}

// errPrismGone is returned by a call made after Prism died.
var errPrismGone = errors.New("the Prism mock server has exited")

// alive reports errPrismGone, with Prism's last output, once it has exited.
func (p *prismServer) alive(ctx context.Context) error {
	select {
	case <-p.done:
		return fmt.Errorf("%w (%v); its output:\n%s", errPrismGone, p.cmd.ProcessState, p.out)
	default:
		return ctx.Err()
	}
}
