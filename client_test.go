package altegio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"runtime"
	"strings"
	"sync/atomic"
	"testing"
)

// recorded is what the test server saw of one request.
type recorded struct {
	method, uri string
	header      http.Header
	body        string
}

// testServer answers every request with status and body (and extra
// headers), and records the requests under the base path /api/v2.
type testServer struct {
	*httptest.Server
	hits atomic.Int32
	last atomic.Pointer[recorded]
}

func newTestServer(t *testing.T, status int, body string, headers ...string) *testServer {
	t.Helper()
	ts := &testServer{}
	ts.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		ts.hits.Add(1)
		b, _ := io.ReadAll(r.Body)
		ts.last.Store(&recorded{r.Method, r.RequestURI, r.Header.Clone(), string(b)})
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func (ts *testServer) base() string { return ts.URL + "/api/v2" }

// newReq builds a request as the generated code does: against ServerURL.
func newReq(t *testing.T, c *Client, method, path string, body string) *http.Request {
	t.Helper()
	u, err := url.Parse(c.ServerURL())
	if err != nil {
		t.Fatal(err)
	}
	u, err = u.Parse("." + path)
	if err != nil {
		t.Fatal(err)
	}
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, err := http.NewRequest(method, u.String(), r)
	if err != nil {
		t.Fatal(err)
	}
	return req
}

var wantUA = "altegio-go/" + Version + " (" + runtime.Version() + ")"

func TestDoWireHeaders(t *testing.T) {
	cases := []struct {
		name     string
		auth     authMode
		method   string
		body     string
		opts     []Option
		wantAuth string // "" = no header
		wantUA   string
	}{
		{"none GET", authNone, "GET", "", nil, "", wantUA},
		{"partner GET", authPartner, "GET", "", nil, "Bearer " + testPartner, wantUA},
		{"partner+user GET", authPartnerUser, "GET", "", nil, "Bearer " + testPartner + ", User " + testUser, wantUA},
		{"none POST", authNone, "POST", `{"a":1}`, nil, "", wantUA},
		{"partner POST", authPartner, "POST", `{"a":1}`, nil, "Bearer " + testPartner, wantUA},
		{"partner+user PUT", authPartnerUser, "PUT", `{"title":"x"}`, nil, "Bearer " + testPartner + ", User " + testUser, wantUA},
		{"user agent", authPartnerUser, "DELETE", "", []Option{WithUserAgent("myapp/1.2\r\n")}, "Bearer " + testPartner + ", User " + testUser, "myapp/1.2 " + wantUA},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, 200, `{"success":true,"data":null,"meta":[]}`)
			c := NewClient(ts.base(), append([]Option{WithTokens(testPartner, testUser)}, tc.opts...)...)
			req := newReq(t, c, tc.method, "/locations/1/positions?include=a&include=b", tc.body)
			if err := track(t, c.do(context.Background(), req, tc.auth, nil)); err != nil {
				t.Fatal(err)
			}
			got := ts.last.Load()
			if got.method != tc.method || got.uri != "/api/v2/locations/1/positions?include=a&include=b" {
				t.Errorf("request line = %s %s", got.method, got.uri)
			}
			if got.body != tc.body {
				t.Errorf("body = %q, want %q", got.body, tc.body)
			}
			wantHeader := map[string]string{
				"Authorization": tc.wantAuth,
				"Accept":        "application/vnd.api.v2+json",
				"User-Agent":    tc.wantUA,
				// With or without a body: Altegio's specs declare it
				// required on bodiless operations too.
				"Content-Type": "application/json",
			}
			for k, want := range wantHeader {
				if vs := got.header.Values(k); want == "" && len(vs) != 0 {
					t.Errorf("%s = %q, want none", k, vs)
				} else if want != "" && (len(vs) != 1 || vs[0] != want) {
					t.Errorf("%s = %q, want %q", k, vs, want)
				}
			}
		})
	}
}

func TestDoKeepsContentType(t *testing.T) {
	ts := newTestServer(t, 204, "")
	c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	req := newReq(t, c, "POST", "/x", "a=1")
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if err := track(t, c.do(context.Background(), req, authPartnerUser, nil)); err != nil {
		t.Fatal(err)
	}
	if got := ts.last.Load().header.Get("Content-Type"); got != "application/x-www-form-urlencoded" {
		t.Errorf("Content-Type = %q", got)
	}
	if len(req.Header) != 1 {
		t.Errorf("Do modified the caller's request headers: %v", req.Header)
	}
}

// closeRecorder is a request body that records Close.
type closeRecorder struct {
	io.Reader
	closed bool
}

func (c *closeRecorder) Close() error { c.closed = true; return nil }

func TestDoMissingTokenSendsNothing(t *testing.T) {
	cases := []struct {
		name string
		opts []Option
		auth authMode
		want string
	}{
		{"user", []Option{WithTokens(testPartner, "")}, authPartnerUser,
			"altegio: GET /locations/1/positions needs a user token (WithTokens)"},
		{"partner for user op", []Option{WithTokens("", testUser)}, authPartnerUser,
			"altegio: GET /locations/1/positions needs a partner token (WithTokens)"},
		{"partner", nil, authPartner,
			"altegio: GET /locations/1/positions needs a partner token (WithTokens)"},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			ts := newTestServer(t, 200, `{}`)
			c := NewClient(ts.base(), tc.opts...)
			req := newReq(t, c, "GET", "/locations/1/positions?x=1", "")
			body := &closeRecorder{Reader: strings.NewReader("")}
			req.Body = body
			err := track(t, c.do(context.Background(), req, tc.auth, nil))
			if err == nil || err.Error() != tc.want {
				t.Fatalf("err = %v, want %q", err, tc.want)
			}
			if !errors.Is(err, ErrMissingToken) {
				t.Error("errors.Is(err, ErrMissingToken) = false")
			}
			if n := ts.hits.Load(); n != 0 {
				t.Errorf("server was hit %d times", n)
			}
			if !body.closed {
				t.Error("request body not closed")
			}
		})
	}
	t.Run("invalid token", func(t *testing.T) {
		ts := newTestServer(t, 200, `{}`)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser+"\r\nX-Evil: 1"))
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
		if err == nil || ts.hits.Load() != 0 {
			t.Fatalf("err = %v, hits = %d", err, ts.hits.Load())
		}
	})
	t.Run("unknown auth", func(t *testing.T) {
		ts := newTestServer(t, 200, `{}`)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authMode(7), nil))
		if err == nil || !strings.Contains(err.Error(), "unknown auth mode 7") || ts.hits.Load() != 0 {
			t.Fatalf("err = %v, hits = %d", err, ts.hits.Load())
		}
	})
}

func TestDoWithResponse(t *testing.T) {
	for _, status := range []int{200, 404} {
		ts := newTestServer(t, status, `{"success":true,"data":{"id":1},"meta":[]}`, "X-Request-Id", "req-42")
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var resp *http.Response
		var out struct{ Data struct{ ID int } }
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, &out, WithResponse(&resp)))
		if (err != nil) != (status != 200) {
			t.Fatalf("status %d: err = %v", status, err)
		}
		if resp == nil || resp.StatusCode != status || resp.Header.Get("X-Request-Id") != "req-42" {
			t.Fatalf("status %d: resp = %+v", status, resp)
		}
		if b, _ := io.ReadAll(resp.Body); !bytes.Contains(b, []byte(`"id":1`)) {
			t.Errorf("status %d: body re-read = %q", status, b)
		}
	}
}

func TestDoPerCallOptions(t *testing.T) {
	ts := newTestServer(t, 204, "")
	c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	err := c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil,
		WithCallUserToken(testUser2), WithRequestHeader("Accept", "application/json"), WithRequestHeader("X-Trace", "t1"), nil)
	if track(t, err) != nil {
		t.Fatal(err)
	}
	h := ts.last.Load().header
	if got, want := h.Get("Authorization"), "Bearer "+testPartner+", User "+testUser2; got != want {
		t.Errorf("Authorization = %q, want %q", got, want)
	}
	if h.Get("Accept") != "application/json" || h.Get("X-Trace") != "t1" {
		t.Errorf("headers = %v", h)
	}

	// WithCallUserToken also supplies a token the client lacks.
	c = NewClient(ts.base(), WithTokens(testPartner, ""))
	if err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil, WithCallUserToken(testUser))); err != nil {
		t.Fatal(err)
	}
	// An explicit Authorization header replaces the SDK's and its checks.
	if err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil, WithRequestHeader("Authorization", "Custom x"))); err != nil {
		t.Fatal(err)
	}
	if got := ts.last.Load().header.Get("Authorization"); got != "Custom x" {
		t.Errorf("Authorization = %q", got)
	}
}

func TestDoDecoding(t *testing.T) {
	type pos struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	type envelope struct {
		Success bool  `json:"success"`
		Data    []pos `json:"data"`
	}
	t.Run("lenient", func(t *testing.T) {
		ts := newTestServer(t, 200, `{"success":1,"data":[{"id":"7","title":"Barber"}],"meta":[]}`)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var out envelope
		if err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, &out)); err != nil {
			t.Fatal(err)
		}
		if !out.Success || len(out.Data) != 1 || out.Data[0] != (pos{7, "Barber"}) {
			t.Errorf("out = %+v", out)
		}
	})
	for _, tc := range []struct {
		status int
		body   string
	}{{204, ""}, {200, ""}, {200, " \n"}, {201, ""}} {
		ts := newTestServer(t, tc.status, tc.body)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		out := envelope{Success: true}
		if err := track(t, c.do(context.Background(), newReq(t, c, "DELETE", "/x", ""), authPartnerUser, &out)); err != nil {
			t.Fatalf("%d %q: %v", tc.status, tc.body, err)
		}
		if !out.Success {
			t.Errorf("%d %q: out was modified", tc.status, tc.body)
		}
	}
	t.Run("nil out", func(t *testing.T) {
		ts := newTestServer(t, 200, `garbage`)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		if err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil)); err != nil {
			t.Fatal(err)
		}
	})
	t.Run("raw bytes", func(t *testing.T) {
		ts := newTestServer(t, 200, "id;title\n1;x\n", "Content-Type", "text/csv")
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var out []byte
		if err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, &out)); err != nil || string(out) != "id;title\n1;x\n" {
			t.Fatalf("out = %q, %v", out, err)
		}
	})
	t.Run("garbage", func(t *testing.T) {
		ts := newTestServer(t, 200, "<html>oops \x00 Bearer "+testPartner+"</html>", "Content-Type", "text/html")
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var out envelope
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/locations/1?x=2", ""), authPartnerUser, &out))
		var de *DecodeError
		if !errors.As(err, &de) {
			t.Fatalf("err = %T %v, want *DecodeError", err, err)
		}
		if de.Method != "GET" || de.Path != "/locations/1" || de.StatusCode != 200 || de.Err == nil {
			t.Errorf("DecodeError = %+v", de)
		}
		if de.Body != "oops Bearer [REDACTED]" {
			t.Errorf("Body = %q", de.Body)
		}
		if !strings.HasPrefix(err.Error(), "altegio: GET /locations/1: 200 OK: decoding the response: invalid character") {
			t.Errorf("Error() = %q", err)
		}
	})
	t.Run("type mismatch", func(t *testing.T) {
		ts := newTestServer(t, 200, `{"data":"not a list"}`)
		c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var out envelope
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, &out))
		var de *DecodeError
		var te *json.UnmarshalTypeError
		if !errors.As(err, &de) || !errors.As(err, &te) {
			t.Fatalf("err = %v", err)
		}
	})
}

func TestDoTransportErrors(t *testing.T) {
	ts := newTestServer(t, 200, `{}`)
	c := NewClient(ts.base(), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	err := track(t, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	if !errors.Is(err, context.Canceled) {
		t.Errorf("err = %v, want context.Canceled", err)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c = NewClient(closed.URL, WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	err = track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	if err == nil || !strings.HasPrefix(err.Error(), "altegio: GET /x: ") {
		t.Errorf("err = %v", err)
	}
	if err := track(t, c.do(context.Background(), nil, authNone, nil)); err == nil {
		t.Error("nil request: no error")
	}
}

func TestBaseURL(t *testing.T) {
	c := NewClient(DefaultV2BaseURL + "/")
	if c.BaseURL() != "https://api.alteg.io/api/v2" || c.ServerURL() != "https://api.alteg.io/api/v2/" {
		t.Errorf("BaseURL = %q, ServerURL = %q", c.BaseURL(), c.ServerURL())
	}
	c = NewClient(DefaultV2BaseURL, WithBaseURL("http://127.0.0.1:4010/mock//"), WithBaseURL(""))
	if c.BaseURL() != "http://127.0.0.1:4010/mock" {
		t.Errorf("BaseURL = %q", c.BaseURL())
	}
	// oapi-codegen's request constructors resolve "./path" against the
	// server URL: ServerURL keeps the /api/v2 segment.
	u, _ := url.Parse(NewClient(DefaultV2BaseURL).ServerURL())
	u, _ = u.Parse("./locations/1/positions")
	if u.String() != "https://api.alteg.io/api/v2/locations/1/positions" {
		t.Errorf("resolved = %s", u)
	}
	for base, want := range map[string]string{
		"https://api.alteg.io/api/v2": "/api/v2",
		"https://api.alteg.io":        "",
		"http://h:1/a/b/?q=1":         "/a/b",
		"":                            "",
	} {
		if got := basePath(base); got != want {
			t.Errorf("basePath(%q) = %q, want %q", base, got, want)
		}
	}
}

func TestDeliverMeta(t *testing.T) {
	type meta struct{ N int }
	one := &meta{N: 1}
	for _, c := range []struct {
		name     string
		dst, src any
		ok       bool
		want     int
	}{
		{"same type", &meta{}, &meta{N: 2}, true, 2},
		{"a pointer field", &meta{}, &one, true, 1},
		{"a nil pointer field: dst kept", &meta{N: 9}, new(*meta), true, 9},
		{"zero: dst kept", &meta{N: 9}, &meta{}, true, 9},
		{"another type", &map[string]any{}, &meta{N: 2}, false, 0},
		{"nil dst", (*meta)(nil), &meta{N: 2}, false, 0},
	} {
		if ok := deliverMeta(c.dst, c.src); ok != c.ok {
			t.Errorf("%s: deliverMeta = %v, want %v", c.name, ok, c.ok)
		}
		if m, isMeta := c.dst.(*meta); c.ok && isMeta && m.N != c.want {
			t.Errorf("%s: dst %+v, want N %d", c.name, m, c.want)
		}
	}
}
