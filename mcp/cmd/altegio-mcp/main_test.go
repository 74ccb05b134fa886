package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio/altegiotest"
)

// TestBinaryOverStdio builds the command, spawns it as an MCP client
// would, with tokens in its environment and the fake as its Altegio,
// then initializes, lists tools and calls one; closing the session stops
// the process.
func TestBinaryOverStdio(t *testing.T) {
	bin := buildBinary(t)
	fake := altegiotest.NewServer(t, altegiotest.WithTokens("partner-tok-1", "user-tok-2"))
	cmd := exec.Command(bin, "--base-url", fake.URL)
	cmd.Env = append(os.Environ(), "ALTEGIO_PARTNER_TOKEN=partner-tok-1", "ALTEGIO_USER_TOKEN=user-tok-2")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr

	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatalf("initialize: %v (stderr: %s)", err, stderr.String())
	}
	if got := cs.InitializeResult().ServerInfo.Name; got != "altegio-mcp" {
		t.Errorf("server name %q", got)
	}
	tools, err := cs.ListTools(ctx, nil)
	if err != nil {
		t.Fatal(err)
	}
	if n := len(tools.Tools); n == 0 || n > 40 {
		t.Fatalf("tools/list: %d tools, want 1 to 40", n)
	}
	for _, tl := range tools.Tools {
		if m, ok := tl.InputSchema.(map[string]any); !ok || m["type"] != "object" {
			t.Errorf("%s: input schema %v", tl.Name, tl.InputSchema)
		}
	}
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "team_members_list", Arguments: map[string]any{"location_id": 1, "fields": []string{"id", "name"}}})
	if err != nil || res.IsError {
		t.Fatalf("team_members_list: %v %+v", err, res)
	}
	if text := res.Content[0].(*mcp.TextContent).Text; !json.Valid([]byte(text)) {
		t.Fatalf("team_members_list: %s", text)
	}
	if err := cs.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}
	if cmd.ProcessState == nil {
		t.Fatal("the process still runs after the session closed")
	}
	if strings.Contains(stderr.String(), "partner-tok-1") || strings.Contains(stderr.String(), "user-tok-2") {
		t.Fatalf("stderr shows a token: %s", stderr.String())
	}
}

// binary is the command, built once for the tests that spawn it, in a
// directory TestMain removes.
var (
	binaryDir  string
	buildOnce  sync.Once
	binaryPath string
	buildErr   error
)

func TestMain(m *testing.M) {
	dir, err := os.MkdirTemp("", "altegio-mcp-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		os.Exit(1)
	}
	binaryDir = dir
	code := m.Run()
	os.RemoveAll(dir)
	os.Exit(code)
}

// buildBinary builds the command once and returns its path.
func buildBinary(t *testing.T) string {
	t.Helper()
	buildOnce.Do(func() {
		binaryPath = filepath.Join(binaryDir, "altegio-mcp")
		if out, err := exec.Command("go", "build", "-o", binaryPath, ".").CombinedOutput(); err != nil {
			buildErr = fmt.Errorf("go build: %v\n%s", err, out)
		}
	})
	if buildErr != nil {
		t.Fatal(buildErr)
	}
	return binaryPath
}

// TestBinaryLogsIn: without ALTEGIO_USER_TOKEN, the command logs in with
// ALTEGIO_LOGIN and ALTEGIO_PASSWORD (authorize_user) and calls an
// operation that needs the user token with the one it got.
func TestBinaryLogsIn(t *testing.T) {
	bin := buildBinary(t)
	// WithTokens: the fake checks that the call sends the token the login
	// returned.
	fake := altegiotest.NewServer(t, altegiotest.WithTokens("partner-tok-1", "user-from-login-4e1"))
	fake.On("authorize_user", altegiotest.Data(map[string]any{"id": 1, "user_token": "user-from-login-4e1", "name": "Ann"}))
	cmd := exec.Command(bin, "--base-url", fake.URL)
	cmd.Env = append(os.Environ(), "ALTEGIO_PARTNER_TOKEN=partner-tok-1", "ALTEGIO_USER_TOKEN=", "ALTEGIO_LOGIN=ann@example.com", "ALTEGIO_PASSWORD=secret-pw-8")
	ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
	defer cancel()
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, &mcp.CommandTransport{Command: cmd}, nil)
	if err != nil {
		t.Fatal(err)
	}
	defer cs.Close()
	res, err := cs.CallTool(ctx, &mcp.CallToolParams{Name: "appointments_list", Arguments: map[string]any{"location_id": 1}})
	if err != nil || res.IsError {
		t.Fatalf("appointments_list after a login: %v %+v", err, res)
	}
	login := fake.RequestsTo("authorize_user")
	if len(login) != 1 || !strings.Contains(string(login[0].Body), "ann@example.com") {
		t.Fatalf("login requests: %+v", login)
	}
	if got := fake.RequestsTo("get_appointment_list"); len(got) != 1 || got[0].Header.Get("Authorization") != "Bearer [REDACTED], User [REDACTED]" {
		t.Fatalf("the call after the login: %+v", got)
	}
}

func TestRunRefusesBadFlagsAndMissingToken(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	var stderr bytes.Buffer
	if err := run(context.Background(), []string{"--help"}, env(nil), strings.NewReader(""), &bytes.Buffer{}, &stderr); err != nil || !strings.Contains(stderr.String(), "-allow-writes") {
		t.Fatalf("--help: %v, usage %q", err, stderr.String())
	}
	for _, c := range []struct {
		args []string
		env  map[string]string
		want string
	}{
		{[]string{"--tools", "some"}, map[string]string{"ALTEGIO_PARTNER_TOKEN": "p"}, `--tools "some"`},
		{[]string{"--tags", "Nope"}, map[string]string{"ALTEGIO_PARTNER_TOKEN": "p"}, `unknown tag "Nope"`},
		{nil, map[string]string{}, "ALTEGIO_PARTNER_TOKEN"},
		{[]string{"extra"}, map[string]string{"ALTEGIO_PARTNER_TOKEN": "p"}, "unexpected arguments"},
	} {
		err := run(context.Background(), c.args, env(c.env), strings.NewReader(""), &bytes.Buffer{}, &stderr)
		if err == nil || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%v: %v, want %q", c.args, err, c.want)
		}
	}
}
