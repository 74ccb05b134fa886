package altegiomcp

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
)

// Test tokens: the fake checks them, and no output may show them.
const (
	testPartner = "partner-tok-3c1f9a"
	testUser    = "user-tok-77b2e0"
)

// connect starts a server with opts against a fake Altegio and returns a
// client session over an in-memory transport, closed when the test ends.
func connect(t testing.TB, opts Options, fakeOpts ...altegiotest.Option) (*mcp.ClientSession, *altegiotest.Server) {
	t.Helper()
	fake := altegiotest.NewServer(t, append([]altegiotest.Option{altegiotest.WithTokens(testPartner, testUser)}, fakeOpts...)...)
	opts.BaseURL = fake.URL
	opts.ClientOptions = append(opts.ClientOptions, altegio.WithTokens(testPartner, testUser), altegio.WithLimiter(nil))
	srv, err := New(opts)
	if err != nil {
		t.Fatal(err)
	}
	return session(t, srv), fake
}

// session connects a client to srv in memory.
func session(t testing.TB, srv *mcp.Server) *mcp.ClientSession {
	t.Helper()
	ctx := context.Background()
	st, ct := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, st, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	cs, err := client.Connect(ctx, ct, nil)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		cs.Close()
		ss.Wait()
	})
	return cs
}

// callTool calls a tool with args (marshalled to JSON).
func callTool(t testing.TB, cs *mcp.ClientSession, name string, args any) *mcp.CallToolResult {
	t.Helper()
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: name, Arguments: args})
	if err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return res
}

// texts returns the texts of a result's content.
func texts(res *mcp.CallToolResult) []string {
	var out []string
	for _, c := range res.Content {
		if tc, ok := c.(*mcp.TextContent); ok {
			out = append(out, tc.Text)
		}
	}
	return out
}

// noTokens fails the test if s shows a test token.
func noTokens(t testing.TB, what, s string) {
	t.Helper()
	for _, tok := range []string{testPartner, testUser} {
		if strings.Contains(s, tok) {
			t.Fatalf("%s shows a token: %s", what, s)
		}
	}
}

// sample builds a value that fits a JSON Schema: the required members of
// objects only, the first of an enum or alternatives, an example or
// default when the schema has one, a value of the format for strings.
func sample(s map[string]any) any {
	if v, ok := s["const"]; ok {
		return v
	}
	if enum, ok := s["enum"].([]any); ok {
		for _, v := range enum {
			if v != nil {
				return v
			}
		}
	}
	if ex, ok := s["examples"].([]any); ok && len(ex) > 0 {
		return ex[0]
	}
	if d, ok := s["default"]; ok && d != nil {
		return d
	}
	for _, k := range []string{"oneOf", "anyOf"} {
		if alts, ok := s[k].([]any); ok && len(alts) > 0 {
			return sample(alts[0].(map[string]any))
		}
	}
	if all, ok := s["allOf"].([]any); ok && len(all) > 0 {
		merged := map[string]any{}
		for _, a := range all {
			if m, ok := sample(a.(map[string]any)).(map[string]any); ok {
				for k, v := range m {
					merged[k] = v
				}
			}
		}
		return merged
	}
	typ := s["type"]
	if l, ok := typ.([]any); ok {
		for _, x := range l {
			if x != "null" {
				typ = x
				break
			}
		}
	}
	switch typ {
	case "integer":
		if m, ok := s["minimum"].(float64); ok && m > 1 {
			return m
		}
		return 1
	case "number":
		return 1.5
	case "boolean":
		return true
	case "string":
		switch s["format"] {
		case "date":
			return "2026-12-06"
		case "date-time":
			return "2026-12-06T10:00:00+00:00"
		case "time":
			return "10:00:00"
		case "email":
			return "client@example.com"
		case "uri":
			return "https://example.com/"
		case "uuid":
			return "9b2f1c3e-0d4a-4e1b-8f00-1a2b3c4d5e6f"
		}
		if s["contentEncoding"] == "base64" {
			return "aGVsbG8="
		}
		return "text"
	case "array":
		item, _ := s["items"].(map[string]any)
		if item == nil {
			item = map[string]any{}
		}
		return []any{sample(item)}
	}
	props, _ := s["properties"].(map[string]any)
	out := map[string]any{}
	req, _ := s["required"].([]any)
	for _, r := range req {
		name := r.(string)
		if p, ok := props[name].(map[string]any); ok {
			out[name] = sample(p)
		} else {
			out[name] = "text"
		}
	}
	return out
}

// sampleArgs is the arguments of op built by sample, without the server's
// controls.
func sampleArgs(op *operation) map[string]any {
	args := sample(op.schema).(map[string]any)
	for _, c := range op.controls {
		delete(args, c)
	}
	return args
}

// operationsForTest returns every operation of the catalog, or fails.
func operationsForTest(t testing.TB) []*operation {
	t.Helper()
	ops, err := allOperations()
	if err != nil {
		t.Fatal(err)
	}
	if len(ops) != 302 {
		t.Fatalf("the catalog has %d operations, want 302 (b2b-v1's 260 and b2b-v2's 42)", len(ops))
	}
	return ops
}

// toolNames lists the names of tools.
func toolNames(tools []*mcp.Tool) []string {
	var names []string
	for _, tl := range tools {
		names = append(names, tl.Name)
	}
	slices.Sort(names)
	return names
}

// mustJSON marshals v.
func mustJSON(t testing.TB, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}
