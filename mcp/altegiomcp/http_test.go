package altegiomcp

import (
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
)

// headerTransport adds headers to every request.
type headerTransport struct {
	header http.Header
	next   http.RoundTripper
}

func (h headerTransport) RoundTrip(r *http.Request) (*http.Response, error) {
	r = r.Clone(r.Context())
	for k, v := range h.header {
		r.Header[k] = v
	}
	return h.next.RoundTrip(r)
}

// httpSession connects a client to an HTTP handler's server, sending
// header with every request.
func httpSession(t *testing.T, url string, header http.Header) (*mcp.ClientSession, error) {
	t.Helper()
	client := mcp.NewClient(&mcp.Implementation{Name: "test", Version: "1"}, nil)
	tr := &mcp.StreamableClientTransport{Endpoint: url, HTTPClient: &http.Client{Transport: headerTransport{header, http.DefaultTransport}}, MaxRetries: -1}
	cs, err := client.Connect(context.Background(), tr, nil)
	if err == nil {
		t.Cleanup(func() { cs.Close() })
	}
	return cs, err
}

func TestHTTPTokensFromHeadersAndBearer(t *testing.T) {
	// AllowBadRequests: the last case sends a wrong token on purpose; the
	// others must pass the fake's checks (Problem "").
	fake := altegiotest.NewServer(t, altegiotest.WithTokens(testPartner, testUser), altegiotest.AllowBadRequests())
	const bearer = "server-bearer-5d2a"
	h, err := Handler(Options{BaseURL: fake.URL, ClientOptions: []altegio.Option{altegio.WithLimiter(nil)}}, bearer)
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(h)
	defer srv.Close()

	// Without the server's bearer token: 401, and nothing reaches Altegio.
	if _, err := httpSession(t, srv.URL, http.Header{}); err == nil {
		t.Fatal("a client without the bearer token connected")
	}
	resp, err := http.Post(srv.URL, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusUnauthorized || resp.Header.Get("WWW-Authenticate") == "" {
		t.Fatalf("no bearer: %s", resp.Status)
	}

	// With it and the tokens in headers: the call reaches the fake with
	// the tokens (WithTokens makes the fake check them).
	cs, err := httpSession(t, srv.URL, http.Header{
		"Authorization":    {"Bearer " + bearer},
		PartnerTokenHeader: {testPartner},
		UserTokenHeader:    {testUser},
	})
	if err != nil {
		t.Fatal(err)
	}
	res, err := cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "appointments_list", Arguments: map[string]any{"location_id": 1}})
	if err != nil || res.IsError {
		t.Fatalf("over HTTP: %v %v", err, texts(res))
	}
	if got := fake.Requests(); !json.Valid([]byte(texts(res)[0])) || len(got) != 1 || got[0].Operation != "get_appointment_list" || got[0].Problem != "" {
		t.Fatalf("over HTTP: %v %+v", texts(res), got)
	}

	// Without a partner token header: a tool error that names the header.
	cs, err = httpSession(t, srv.URL, http.Header{"Authorization": {"Bearer " + bearer}})
	if err != nil {
		t.Fatal(err)
	}
	res, err = cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "appointments_list", Arguments: map[string]any{"location_id": 1}})
	if err != nil || !res.IsError || !strings.Contains(texts(res)[0], PartnerTokenHeader) {
		t.Fatalf("no token header: %v %v", err, texts(res))
	}

	// A wrong user token: Altegio's 401 as a tool error, without the token.
	cs, err = httpSession(t, srv.URL, http.Header{"Authorization": {"Bearer " + bearer}, PartnerTokenHeader: {testPartner}, UserTokenHeader: {"wrong-user-tok-991"}})
	if err != nil {
		t.Fatal(err)
	}
	res, err = cs.CallTool(context.Background(), &mcp.CallToolParams{Name: "appointments_list", Arguments: map[string]any{"location_id": 1}})
	if err != nil || !res.IsError || !strings.Contains(texts(res)[0], "401") || strings.Contains(texts(res)[0], "wrong-user-tok-991") {
		t.Fatalf("wrong user token: %v %v", err, texts(res))
	}
}
