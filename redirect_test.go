package altegio

import (
	"context"
	"errors"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// sink is the server a redirect points to: it records what reaches it and
// answers 200 with a body of its own.
type sink struct {
	*httptest.Server
	mu   sync.Mutex
	reqs []recorded
}

func newSink(t *testing.T) *sink {
	t.Helper()
	s := &sink{}
	s.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		s.mu.Lock()
		s.reqs = append(s.reqs, recorded{r.Method, r.RequestURI, r.Header.Clone(), string(b)})
		s.mu.Unlock()
		io.WriteString(w, `{"success":true,"data":{"id":666},"meta":[]}`)
	}))
	t.Cleanup(s.Close)
	return s
}

func (s *sink) received() []recorded {
	s.mu.Lock()
	defer s.mu.Unlock()
	return append([]recorded(nil), s.reqs...)
}

// redirector answers every request with status and Location, and counts
// the requests.
func redirector(t *testing.T, tls bool, status int, location func() string) (*httptest.Server, *int32) {
	t.Helper()
	var mu sync.Mutex
	var hits int32
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		hits++
		mu.Unlock()
		io.Copy(io.Discard, r.Body)
		w.Header().Set("Location", location())
		w.WriteHeader(status)
		io.WriteString(w, "<a>moved</a>")
	})
	var srv *httptest.Server
	if tls {
		srv = httptest.NewTLSServer(h)
	} else {
		srv = httptest.NewServer(h)
	}
	t.Cleanup(srv.Close)
	return srv, &hits
}

// otherHost returns an HTTP client that reaches the sink under the name
// other.example (any other name goes where it says), so that a redirect
// can point to another host without DNS.
func otherHost(t *testing.T, s *sink) *http.Client {
	t.Helper()
	tr := &http.Transport{DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
		if strings.HasPrefix(addr, "other.example:") {
			addr = s.Listener.Addr().String()
		}
		return (&net.Dialer{}).DialContext(ctx, network, addr)
	}}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr}
}

type idResult struct {
	Data struct {
		ID int64 `json:"id"`
	} `json:"data"`
}

// checkRedirectError checks that err is a *RedirectError (and an *APIError)
// for the request, and that it is not retried.
func checkRedirectError(t *testing.T, err error, status int, method, location string, hits *int32) {
	t.Helper()
	var re *RedirectError
	if !errors.As(err, &re) {
		t.Fatalf("err = %T %v, want *RedirectError", err, err)
	}
	if re.StatusCode != status || re.Method != method || re.Path != "/locations/1/positions" || re.Location != location || re.Response == nil || re.Response.StatusCode != status {
		t.Errorf("RedirectError{StatusCode %d, Method %q, Path %q, Location %q, Response %v}", re.StatusCode, re.Method, re.Path, re.Location, re.Response)
	}
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
		t.Errorf("errors.As(*APIError) = %v", apiErr)
	}
	if *hits != 1 {
		t.Errorf("the redirecting server got %d requests, want 1 (a redirect is not retried)", *hits)
	}
}

// TestRedirectHTTPSToHTTP: a 302 from https to http on the same host. A
// plain http.Client follows it and sends the Authorization header in
// cleartext; the SDK sends nothing there, with the caller's own HTTP
// client, which it does not modify.
func TestRedirectHTTPSToHTTP(t *testing.T) {
	plain := newSink(t)
	to := plain.URL + "/api/v2/locations/1/positions" // http://127.0.0.1:<port>
	secure, hits := redirector(t, true, http.StatusFound, func() string { return to })

	// What the SDK guards against: net/http alone forwards the token.
	req, _ := http.NewRequest("GET", secure.URL+"/api/v2/locations/1/positions", nil)
	req.Header.Set("Authorization", "Bearer "+testPartner)
	hc := secure.Client()
	resp, err := hc.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if got := plain.received(); len(got) != 1 || got[0].header.Get("Authorization") != "Bearer "+testPartner {
		t.Fatalf("control: net/http sent %v to the http server, want one request with the token", got)
	}
	*hits = 0
	plain.mu.Lock()
	plain.reqs = nil
	plain.mu.Unlock()

	c := NewClient(secure.URL+"/api/v2", WithTokens(testPartner, testUser), WithHTTPClient(hc), WithRetry(RetryPolicy{MaxAttempts: 3}))
	var out idResult
	err = track(t, c.do(context.Background(), newReq(t, c, "GET", "/locations/1/positions", ""), authPartnerUser, &out))
	checkRedirectError(t, err, http.StatusFound, "GET", to, hits)
	if got := plain.received(); len(got) != 0 {
		t.Errorf("the http server got %d requests: %v", len(got), got)
	}
	if out.Data.ID != 0 {
		t.Errorf("out = %+v, want untouched", out)
	}
	if want := "altegio: GET /locations/1/positions: 302 Found: redirect to " + to + " not followed (Altegio's API does not redirect)"; err.Error() != want {
		t.Errorf("Error() = %q\nwant      %q", err, want)
	}
	if hc.CheckRedirect != nil {
		t.Error("the caller's http.Client was modified")
	}
}

// TestRedirectPOSTToAnotherHost: a 302 answering a POST. net/http turns it
// into a GET to the other host and returns that host's 200; the SDK sends
// nothing there and returns the redirect, with the default HTTP client and
// with the caller's (even one whose CheckRedirect follows everything).
func TestRedirectPOSTToAnotherHost(t *testing.T) {
	other := newSink(t)
	follows := otherHost(t, other)
	follows.CheckRedirect = func(*http.Request, []*http.Request) error { return nil }
	for _, tc := range []struct {
		name   string
		hc     *http.Client // nil: the default
		target string
	}{
		{"default client", nil, other.URL},
		{"caller's client", follows, "http://other.example:1"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			to := tc.target + "/api/v2/locations/1/positions?token=" + testUser
			srv, hits := redirector(t, false, http.StatusFound, func() string { return to })
			if tc.hc != nil {
				// What the SDK guards against: a GET to the other host, and
				// its 200 as the POST's answer.
				resp, err := tc.hc.Post(srv.URL+"/api/v2/locations/1/positions", "application/json", strings.NewReader(`{"title":"x"}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if got := other.received(); resp.StatusCode != 200 || len(got) != 1 || got[0].method != "GET" {
					t.Fatalf("control: net/http answered %d after %v, want 200 after a GET to the other host", resp.StatusCode, got)
				}
				*hits = 0
				other.mu.Lock()
				other.reqs = nil
				other.mu.Unlock()
			}
			opts := []Option{WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 3})}
			if tc.hc != nil {
				opts = append(opts, WithHTTPClient(tc.hc))
			}
			c := NewClient(srv.URL+"/api/v2", opts...)
			var out idResult
			err := track(t, c.do(context.Background(), newReq(t, c, "POST", "/locations/1/positions", `{"title":"x"}`), authPartnerUser, &out, WithIdempotent()))
			checkRedirectError(t, err, http.StatusFound, "POST", strings.Replace(to, testUser, redacted, 1), hits)
			if got := other.received(); len(got) != 0 {
				t.Errorf("the other host got %v", got)
			}
			if out.Data.ID != 0 {
				t.Errorf("out = %+v: the other host's answer passed for the operation's", out)
			}
			if strings.Contains(err.Error(), "token=") {
				t.Errorf("Error() shows the Location's query: %q", err)
			}
		})
	}
	if follows.CheckRedirect == nil {
		t.Error("the caller's CheckRedirect was replaced")
	}
}

// TestRedirect307Body: a 307 (and a 308) would have the JSON body sent
// again to the other host; the SDK sends nothing there. Same-host
// redirects are not followed either.
func TestRedirect307Body(t *testing.T) {
	other := newSink(t)
	follows := otherHost(t, other)
	for _, tc := range []struct {
		name   string
		status int
		target func(self string) string
	}{
		{"307 to another host", http.StatusTemporaryRedirect, func(string) string { return "http://other.example:1/api/v2/x" }},
		{"308 to another host", http.StatusPermanentRedirect, func(string) string { return "http://other.example:1/api/v2/x" }},
		{"307 to the same host", http.StatusTemporaryRedirect, func(self string) string { return self + "/api/v2/x" }},
		{"301, relative", http.StatusMovedPermanently, func(string) string { return "/api/v2/x" }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var self string
			srv, hits := redirector(t, false, tc.status, func() string { return tc.target(self) })
			self = srv.URL
			if tc.status == http.StatusTemporaryRedirect && strings.Contains(tc.target(self), "other.example") {
				// What the SDK guards against: the body, sent again elsewhere.
				resp, err := follows.Post(srv.URL+"/api/v2/locations/1/positions", "application/json", strings.NewReader(`{"title":"Barber"}`))
				if err != nil {
					t.Fatal(err)
				}
				resp.Body.Close()
				if got := other.received(); len(got) != 1 || got[0].body != `{"title":"Barber"}` {
					t.Fatalf("control: the other host got %v, want the body", got)
				}
				*hits = 0
				other.mu.Lock()
				other.reqs = nil
				other.mu.Unlock()
			}
			c := NewClient(srv.URL+"/api/v2", WithTokens(testPartner, testUser), WithHTTPClient(follows))
			err := track(t, c.do(context.Background(), newReq(t, c, "PUT", "/locations/1/positions", `{"title":"Barber"}`), authPartnerUser, nil))
			checkRedirectError(t, err, tc.status, "PUT", tc.target(self), hits)
			if got := other.received(); len(got) != 0 {
				t.Errorf("the other host got %v", got)
			}
		})
	}
}
