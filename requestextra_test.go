package altegio

import (
	"context"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// captured is what an httptest server saw of one request.
type captured struct {
	query, body, contentType string
}

func captureServer(t *testing.T) (*httptest.Server, *captured) {
	t.Helper()
	var got captured
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		got = captured{query: r.URL.RawQuery, body: string(b), contentType: r.Header.Get("Content-Type")}
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"success":true}`)
	}))
	t.Cleanup(srv.Close)
	return srv, &got
}

func TestWithJSONSetAndQuery(t *testing.T) {
	srv, got := captureServer(t)
	c := NewClient(srv.URL, WithTokens("p", "u"), WithRetry(RetryPolicy{MaxAttempts: 2}))
	body := `{"filters":[{"type":"id","state":{"value":[1]}}],"page":1,"price":1234.560}`
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/clients?fields=id&fields=name&filter%5Bids%5D%5B%5D=3", strings.NewReader(body))
	original := req.URL.String()
	var out map[string]any
	err := c.do(context.Background(), req, authPartnerUser, &out,
		WithJSONSet("comment", "text the spec types as a number"),
		WithJSONSet("filters.0.state.from", 0),
		WithJSONSet("filters.1", map[string]any{"type": "quick_search", "state": map[string]string{"value": "Ann"}}),
		WithJSONSet("new.nested", true),
		WithJSONDel("page"),
		WithJSONDel("absent.member"),
		WithQuerySet("fields", "phone"),
		WithQueryAdd("filter[ids][]", "4"),
		WithQueryDel("nothing"),
	)
	if err != nil {
		t.Fatal(err)
	}
	wantBody := `{"comment":"text the spec types as a number","filters":[{"state":{"from":0,"value":[1]},"type":"id"},{"state":{"value":"Ann"},"type":"quick_search"}],"new":{"nested":true},"price":1234.560}`
	if got.body != wantBody {
		t.Errorf("body:\n got  %s\n want %s", got.body, wantBody)
	}
	if want := "filter%5Bids%5D%5B%5D=3&fields=phone&filter%5Bids%5D%5B%5D=4"; got.query != want {
		t.Errorf("query:\n got  %s\n want %s", got.query, want)
	}
	if req.URL.String() != original {
		t.Errorf("the caller's request URL changed: %s", req.URL)
	}
}

func TestWithJSONSetNoBody(t *testing.T) {
	srv, got := captureServer(t)
	c := NewClient(srv.URL, WithTokens("p", "u"))
	req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", nil)
	if err := c.do(context.Background(), req, authPartnerUser, nil, WithJSONSet("a", 1)); err != nil {
		t.Fatal(err)
	}
	if got.body != `{"a":1}` || got.contentType != "application/json" {
		t.Errorf("got body %q, Content-Type %q", got.body, got.contentType)
	}
}

func TestWithJSONSetErrors(t *testing.T) {
	srv, _ := captureServer(t)
	c := NewClient(srv.URL, WithTokens("p", "u"))
	for _, tc := range []struct {
		body string
		opt  CallOption
		want string
	}{
		{`not json`, WithJSONSet("a", 1), "not JSON"},
		{`{"a":"s"}`, WithJSONSet("a.b", 1), `member "b" is inside a string`},
		{`{"a":[1]}`, WithJSONSet("a.5", 1), `"5" is not an index of a list of 1`},
		{`{}`, WithJSONSet("", 1), "empty path"},
		{`{}`, WithJSONSet("a", func() {}), "unsupported type"},
	} {
		req, _ := http.NewRequest(http.MethodPost, srv.URL+"/x", strings.NewReader(tc.body))
		err := c.do(context.Background(), req, authPartnerUser, nil, tc.opt)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "POST /x") {
			t.Errorf("body %s: error %v, want one naming POST /x and %q", tc.body, err, tc.want)
		}
	}
}
