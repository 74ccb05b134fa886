package main

import (
	"bytes"
	"context"
	"encoding/json"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
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
	bin := filepath.Join(t.TempDir(), "altegio-mcp")
	build := exec.Command("go", "build", "-o", bin, ".")
	if out, err := build.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
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

func TestRunRefusesBadFlagsAndMissingToken(t *testing.T) {
	env := func(m map[string]string) func(string) string { return func(k string) string { return m[k] } }
	var stderr bytes.Buffer
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
