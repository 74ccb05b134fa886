package altegio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"go.uber.org/goleak"
	"golang.org/x/time/rate"
)

// fault is an httptest server that misbehaves on purpose: attempt i (from
// 1) is answered by steps[i-1], the last step answering every later one.
// It records the request bodies, and gives clients that record their
// backoff waits instead of sleeping and log to a buffer.
type fault struct {
	t       *testing.T
	srv     *httptest.Server
	tr      *http.Transport
	steps   []http.HandlerFunc
	hits    atomic.Int32
	release chan struct{} // closed at the end: stalled handlers return

	mu     sync.Mutex
	bodies []string
	waits  []time.Duration
	logs   bytes.Buffer
}

func newFault(t *testing.T, steps ...http.HandlerFunc) *fault {
	t.Helper()
	// Registered first, so it runs last, after the server and the
	// transport are closed.
	noLeaks := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, noLeaks) })
	f := &fault{t: t, steps: steps, release: make(chan struct{})}
	f.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n := int(f.hits.Add(1))
		b, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.bodies = append(f.bodies, string(b))
		f.mu.Unlock()
		f.steps[min(n, len(f.steps))-1](w, r)
	}))
	f.tr = &http.Transport{}
	t.Cleanup(func() {
		close(f.release)
		f.srv.Close()
		f.tr.CloseIdleConnections()
	})
	return f
}

// client returns a client of the fault server with both tokens, no rate
// limit, a logger writing JSON records to f.logs, a sleeper recording the
// waits, and opts.
func (f *fault) client(opts ...Option) *Client {
	logger := slog.New(slog.NewJSONHandler(lockedWriter{&f.mu, &f.logs}, &slog.HandlerOptions{Level: slog.LevelDebug}))
	base := []Option{
		WithTokens(testPartner, testUser),
		// the rate limit tests set their own
		WithHTTPClient(&http.Client{Transport: f.tr}),
		WithLogger(logger),
		withClock(nil, f.sleep, nil),
	}
	return NewClient(f.srv.URL+"/api/v2", append(base, opts...)...)
}

func (f *fault) sleep(ctx context.Context, d time.Duration) error {
	f.mu.Lock()
	f.waits = append(f.waits, d)
	f.mu.Unlock()
	return ctx.Err()
}

func (f *fault) recordedWaits() []time.Duration {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]time.Duration(nil), f.waits...)
}

func (f *fault) recordedBodies() []string {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]string(nil), f.bodies...)
}

// records returns the log records, checking that none holds a secret or a
// query string.
func (f *fault) records() []map[string]any {
	f.t.Helper()
	f.mu.Lock()
	text := f.logs.String()
	f.mu.Unlock()
	for _, sec := range append(testSecrets, "Bearer", "q-secret") {
		if strings.Contains(text, sec) {
			f.t.Errorf("the log holds %q:\n%s", sec, text)
		}
	}
	var recs []map[string]any
	for line := range strings.Lines(text) {
		var rec map[string]any
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			f.t.Fatalf("log line %q: %v", line, err)
		}
		if rec["msg"] != logMessage {
			f.t.Errorf("log message %q", rec["msg"])
		}
		recs = append(recs, rec)
	}
	return recs
}

type lockedWriter struct {
	mu *sync.Mutex
	w  io.Writer
}

func (l lockedWriter) Write(p []byte) (int, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	return l.w.Write(p)
}

// Steps.

func reply(status int, body string, headers ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(headers); i += 2 {
			w.Header().Set(headers[i], headers[i+1])
		}
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
}

const okBody = `{"success":true,"data":{"id":7},"meta":[]}`

var ok200 = reply(200, okBody, "Content-Type", "application/json")

// reset closes the connection with a TCP RST, before any response.
func reset(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		tc.SetLinger(0)
	}
	conn.Close()
}

// truncated announces 100 bytes of body, sends 10, and drops the connection.
func truncated(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "100")
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(200)
	io.WriteString(w, okBody[:10])
	http.NewResponseController(w).Flush()
	panic(http.ErrAbortHandler)
}

// stall answers nothing until the client gives up (or the test ends).
func (f *fault) stall(w http.ResponseWriter, r *http.Request) {
	select {
	case <-r.Context().Done():
	case <-f.release:
	}
}

// stallBody sends the headers and half the body, then stalls.
func (f *fault) stallBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", strconv.Itoa(len(okBody)))
	w.WriteHeader(200)
	io.WriteString(w, okBody[:10])
	http.NewResponseController(w).Flush()
	f.stall(w, r)
}

type idOut struct {
	Data struct {
		ID int64 `json:"id"`
	} `json:"data"`
}

func (f *fault) call(c *Client, ctx context.Context, method string, out any, opts ...CallOption) error {
	f.t.Helper()
	body := ""
	if method != "GET" && method != "DELETE" {
		body = `{"title":"Barber","n":1}`
	}
	return track(f.t, c.do(ctx, newReq(f.t, c, method, "/locations/1/positions?phone=q-secret", body), authPartnerUser, out, opts...))
}

func TestRetry429RetryAfter(t *testing.T) {
	limited := `{"success":false,"data":null,"meta":{"message":"Too many requests"}}`
	t.Run("seconds", func(t *testing.T) {
		f := newFault(t, reply(429, limited, "Retry-After", "2"), ok200)
		var out idOut
		if err := f.call(f.client(WithRetry(RetryPolicy{})), context.Background(), "GET", &out); err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() != 2 || out.Data.ID != 7 {
			t.Errorf("hits %d, out %+v", f.hits.Load(), out)
		}
		if w := f.recordedWaits(); len(w) != 1 || w[0] != 2*time.Second {
			t.Errorf("waits %v, want [2s]", w)
		}
		recs := f.records()
		if len(recs) != 2 || recs[0]["status"] != 429.0 || recs[0]["retry"] != true || recs[0]["retry_in"] != float64(2*time.Second) ||
			recs[0]["level"] != "WARN" || recs[1]["status"] != 200.0 || recs[1]["attempt"] != 2.0 || recs[1]["level"] != "INFO" {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("HTTP-date", func(t *testing.T) {
		now := time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)
		f := newFault(t, reply(429, limited, "Retry-After", now.Add(30*time.Second).Format(http.TimeFormat)), ok200)
		c := f.client(WithRetry(RetryPolicy{}), withClock(func() time.Time { return now }, f.sleep, nil))
		if err := f.call(c, context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
		if w := f.recordedWaits(); f.hits.Load() != 2 || len(w) != 1 || w[0] != 30*time.Second {
			t.Errorf("hits %d, waits %v, want 2 and [30s]", f.hits.Load(), w)
		}
	})
	t.Run("date in the past", func(t *testing.T) {
		f := newFault(t, reply(429, limited, "Retry-After", "Wed, 21 Oct 2015 07:28:00 GMT"), ok200)
		if err := f.call(f.client(WithRetry(RetryPolicy{})), context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
		if w := f.recordedWaits(); len(w) != 1 || w[0] != 0 {
			t.Errorf("waits %v, want [0]", w)
		}
	})
	t.Run("longer than MaxRetryAfter", func(t *testing.T) {
		f := newFault(t, reply(429, limited, "Retry-After", "3600"), ok200)
		err := f.call(f.client(WithRetry(RetryPolicy{})), context.Background(), "GET", nil)
		var apiErr *APIError
		if !errors.As(err, &apiErr) || !errors.Is(err, ErrRateLimited) || apiErr.Response.Header.Get("Retry-After") != "3600" {
			t.Fatalf("err %v, want the 429 APIError", err)
		}
		if f.hits.Load() != 1 || len(f.recordedWaits()) != 0 {
			t.Errorf("hits %d, waits %v", f.hits.Load(), f.recordedWaits())
		}
		if recs := f.records(); len(recs) != 1 || recs[0]["retry"] != false || recs[0]["reason"] != "Retry-After 1h0m0s exceeds the 1m0s limit" {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("unparsable: backoff", func(t *testing.T) {
		f := newFault(t, reply(429, limited, "Retry-After", "soon"), ok200)
		if err := f.call(f.client(WithRetry(RetryPolicy{})), context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
		if w := f.recordedWaits(); len(w) != 1 || w[0] < 0 || w[0] > DefaultBaseDelay {
			t.Errorf("waits %v, want one in [0, %v]", w, DefaultBaseDelay)
		}
	})
}

func TestRetry503Then200(t *testing.T) {
	f := newFault(t, reply(503, `{"success":false,"data":null,"meta":{"message":"Maintenance"}}`), ok200)
	var out idOut
	var resp *http.Response
	if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "GET", &out, WithResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	if f.hits.Load() != 2 || out.Data.ID != 7 || resp.StatusCode != 200 {
		t.Errorf("hits %d, out %+v, response %d", f.hits.Load(), out, resp.StatusCode)
	}
	if w := f.recordedWaits(); len(w) != 1 || w[0] < 0 || w[0] > DefaultBaseDelay {
		t.Errorf("waits %v, want one in [0, %v]", w, DefaultBaseDelay)
	}
}

// TestRetryBackoff checks the backoff bounds: with the jitter at its
// maximum each wait is its bound, doubling from BaseDelay up to MaxDelay;
// with real jitter each wait is within its bound.
func TestRetryBackoff(t *testing.T) {
	fail := reply(503, "<html><body>busy</body></html>", "Content-Type", "text/html")
	policy := RetryPolicy{MaxAttempts: 6, BaseDelay: 100 * time.Millisecond, MaxDelay: time.Second}
	bounds := []time.Duration{100 * time.Millisecond, 200 * time.Millisecond, 400 * time.Millisecond, 800 * time.Millisecond, time.Second}

	f := newFault(t, fail)
	top := func(n int64) int64 { return n - 1 }
	err := f.call(f.client(WithRetry(policy), withClock(nil, f.sleep, top)), context.Background(), "GET", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 503 || apiErr.Body != "busy" {
		t.Fatalf("err %v, want the last 503", err)
	}
	if got := f.recordedWaits(); f.hits.Load() != 6 || !equalDurations(got, bounds) {
		t.Errorf("hits %d, waits %v, want 6 and %v", f.hits.Load(), got, bounds)
	}
	recs := f.records()
	if len(recs) != 6 || recs[5]["retry"] != false || recs[5]["reason"] != "out of attempts" || recs[4]["retry_in"] != float64(time.Second) {
		t.Errorf("log records %v", recs)
	}

	for range 20 {
		f := newFault(t, fail)
		f.call(f.client(WithRetry(policy)), context.Background(), "GET", nil)
		got := f.recordedWaits()
		if len(got) != len(bounds) {
			t.Fatalf("waits %v", got)
		}
		for i, w := range got {
			if w < 0 || w > bounds[i] {
				t.Errorf("wait %d is %v, want within [0, %v]", i+1, w, bounds[i])
			}
		}
	}

	// Defaults: 0.5 s doubling up to 8 s.
	p := RetryPolicy{}.withDefaults()
	var caps []time.Duration
	for a := 1; a <= 7; a++ {
		caps = append(caps, p.backoffCap(a))
	}
	if want := []time.Duration{500 * time.Millisecond, time.Second, 2 * time.Second, 4 * time.Second, 8 * time.Second, 8 * time.Second, 8 * time.Second}; !equalDurations(caps, want) {
		t.Errorf("default bounds %v, want %v", caps, want)
	}
	if p := (RetryPolicy{BaseDelay: time.Hour}).withDefaults(); p.backoffCap(100) != time.Hour {
		t.Errorf("bound with a large base: %v", p.backoffCap(100))
	}
}

func equalDurations(a, b []time.Duration) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

func TestRetryConnectionReset(t *testing.T) {
	t.Run("PUT retried, body replayed", func(t *testing.T) {
		f := newFault(t, reset, ok200)
		var out idOut
		if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "PUT", &out); err != nil {
			t.Fatal(err)
		}
		if b := f.recordedBodies(); f.hits.Load() != 2 || out.Data.ID != 7 || len(b) != 2 || b[0] != b[1] || b[1] != `{"title":"Barber","n":1}` {
			t.Errorf("hits %d, bodies %q, out %+v", f.hits.Load(), b, out)
		}
		recs := f.records()
		if len(recs) != 2 || recs[0]["status"] != nil || recs[0]["retry"] != true {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("POST not retried", func(t *testing.T) {
		f := newFault(t, reset, ok200)
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "POST", nil)
		var apiErr *APIError
		if err == nil || errors.As(err, &apiErr) || !strings.HasPrefix(err.Error(), "altegio: POST /locations/1/positions: ") {
			t.Fatalf("err %v, want a transport error", err)
		}
		if f.hits.Load() != 1 {
			t.Errorf("hits %d, want 1", f.hits.Load())
		}
		if recs := f.records(); len(recs) != 1 || recs[0]["reason"] != "POST is not idempotent" {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("all attempts reset", func(t *testing.T) {
		f := newFault(t, reset)
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 2})), context.Background(), "GET", nil)
		if err == nil || f.hits.Load() != 2 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
		// The error names the request by path only: no URL, no query.
		if strings.Contains(err.Error(), "http://") || strings.Contains(err.Error(), "phone=") {
			t.Errorf("err %q shows the URL", err)
		}
	})
}

func TestRetryRefusedConnection(t *testing.T) {
	// A dial that fails sent nothing: even a POST is retried.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	var waits []time.Duration
	sleep := func(ctx context.Context, d time.Duration) error { waits = append(waits, d); return nil }
	c := NewClient(closed.URL, WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 3}), withClock(nil, sleep, nil))
	err := track(t, c.do(context.Background(), newReq(t, c, "POST", "/x?user_token="+testUser, `{}`), authPartnerUser, nil))
	var op *net.OpError
	if !errors.As(err, &op) || op.Op != "dial" || len(waits) != 2 {
		t.Fatalf("err %v, waits %v: want a dial error after 3 attempts", err, waits)
	}
	if strings.Contains(err.Error(), "user_token") {
		t.Errorf("err %q shows the query", err)
	}
}

func TestRetryTruncatedBody(t *testing.T) {
	t.Run("GET retried", func(t *testing.T) {
		f := newFault(t, truncated, ok200)
		var out idOut
		if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "GET", &out); err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() != 2 || out.Data.ID != 7 {
			t.Errorf("hits %d, out %+v", f.hits.Load(), out)
		}
		if recs := f.records(); len(recs) != 2 || recs[0]["status"] != 200.0 || recs[0]["retry"] != true {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("always truncated", func(t *testing.T) {
		f := newFault(t, truncated)
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 2})), context.Background(), "GET", &idOut{})
		if !errors.Is(err, io.ErrUnexpectedEOF) || !strings.Contains(err.Error(), "reading the 200 OK response") || f.hits.Load() != 2 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
	t.Run("POST not retried", func(t *testing.T) {
		f := newFault(t, truncated, ok200)
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "POST", &idOut{})
		if !errors.Is(err, io.ErrUnexpectedEOF) || f.hits.Load() != 1 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
}

func TestRetryStall(t *testing.T) {
	for _, tc := range []struct {
		name  string
		stall func(*fault) http.HandlerFunc
	}{
		{"no headers", func(f *fault) http.HandlerFunc { return f.stall }},
		{"half a body", func(f *fault) http.HandlerFunc { return f.stallBody }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f := newFault(t)
			f.steps = []http.HandlerFunc{tc.stall(f), ok200}
			var out idOut
			start := time.Now()
			if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3}), WithAttemptTimeout(50*time.Millisecond)), context.Background(), "GET", &out); err != nil {
				t.Fatal(err)
			}
			if f.hits.Load() != 2 || out.Data.ID != 7 {
				t.Errorf("hits %d, out %+v", f.hits.Load(), out)
			}
			if d := time.Since(start); d > 5*time.Second {
				t.Errorf("took %v", d)
			}
			recs := f.records()
			if len(recs) != 2 || recs[0]["retry"] != true || !strings.Contains(recs[0]["error"].(string), "attempt 1 timed out after 50ms") {
				t.Errorf("log records %v", recs)
			}
		})
	}
	t.Run("every attempt", func(t *testing.T) {
		f := newFault(t)
		f.steps = []http.HandlerFunc{f.stall}
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 2}), WithAttemptTimeout(30*time.Millisecond)), context.Background(), "GET", nil)
		if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "attempt 2 timed out after 30ms") || f.hits.Load() != 2 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
	t.Run("POST not retried", func(t *testing.T) {
		f := newFault(t)
		f.steps = []http.HandlerFunc{f.stall, ok200}
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3}), WithAttemptTimeout(30*time.Millisecond)), context.Background(), "POST", nil)
		if !errors.Is(err, context.DeadlineExceeded) || f.hits.Load() != 1 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
}

func TestRetryHTML502(t *testing.T) {
	f := newFault(t, reply(502, nginx502, "Content-Type", "text/html"))
	err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "GET", nil)
	var apiErr *APIError
	if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || apiErr.Body != "502 Bad Gateway 502 Bad Gateway nginx" {
		t.Fatalf("err %v, want a 502 APIError with the page's text", err)
	}
	if want := "altegio: GET /locations/1/positions: 502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx"; err.Error() != want {
		t.Errorf("err %q, want %q", err, want)
	}
	if f.hits.Load() != 3 || len(f.recordedWaits()) != 2 {
		t.Errorf("hits %d, waits %v", f.hits.Load(), f.recordedWaits())
	}
	recs := f.records()
	for i, rec := range recs {
		if rec["attempt"] != float64(i+1) || rec["status"] != 502.0 || rec["method"] != "GET" || rec["path"] != "/locations/1/positions" {
			t.Errorf("log record %d: %v", i, rec)
		}
	}
	if len(recs) != 3 {
		t.Errorf("%d log records, want 3", len(recs))
	}
}

func TestRetryPOST(t *testing.T) {
	fail500 := reply(500, `{"success":false,"data":null,"meta":{"message":"Server error"}}`)
	t.Run("500 not retried", func(t *testing.T) {
		for _, method := range []string{"POST", "PATCH"} {
			f := newFault(t, fail500, ok200)
			err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 5})), context.Background(), method, nil)
			var apiErr *APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || f.hits.Load() != 1 || len(f.recordedWaits()) != 0 {
				t.Errorf("%s: err %v, hits %d, want the 500 after exactly 1 attempt", method, err, f.hits.Load())
			}
		}
	})
	t.Run("429 retried, body replayed", func(t *testing.T) {
		f := newFault(t, reply(429, `{}`, "Retry-After", "1"), ok200)
		var out idOut
		if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "POST", &out); err != nil {
			t.Fatal(err)
		}
		if b := f.recordedBodies(); f.hits.Load() != 2 || len(b) != 2 || b[0] != b[1] || b[0] == "" || out.Data.ID != 7 {
			t.Errorf("hits %d, bodies %q", f.hits.Load(), b)
		}
	})
	t.Run("opted in per call", func(t *testing.T) {
		f := newFault(t, fail500, ok200)
		if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "POST", nil, WithIdempotent()); err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() != 2 {
			t.Errorf("hits %d, want 2", f.hits.Load())
		}
	})
	t.Run("opted in per client", func(t *testing.T) {
		f := newFault(t, fail500, ok200)
		if err := f.call(f.client(WithRetry(RetryPolicy{RetryNonIdempotent: true})), context.Background(), "PATCH", nil); err != nil {
			t.Fatal(err)
		}
		if f.hits.Load() != 2 {
			t.Errorf("hits %d, want 2", f.hits.Load())
		}
	})
}

// onceReader is a request body without GetBody: Do must keep a copy to
// replay it.
type onceReader struct{ r io.Reader }

func (o *onceReader) Read(p []byte) (int, error) { return o.r.Read(p) }

func TestRetryBodyWithoutGetBody(t *testing.T) {
	f := newFault(t, reply(503, ""), reply(503, ""), ok200)
	c := f.client(WithRetry(RetryPolicy{MaxAttempts: 3}))
	req := newReq(t, c, "PUT", "/x", "")
	req.Body = io.NopCloser(&onceReader{strings.NewReader(`{"big":"body"}`)})
	req.GetBody = nil
	if err := track(t, c.do(context.Background(), req, authPartnerUser, nil)); err != nil {
		t.Fatal(err)
	}
	if b := f.recordedBodies(); len(b) != 3 || b[0] != `{"big":"body"}` || b[1] != b[0] || b[2] != b[0] {
		t.Errorf("bodies %q", b)
	}
}

func TestRetryNotRetried(t *testing.T) {
	for _, status := range []int{400, 401, 403, 404, 422, 501, 505} {
		f := newFault(t, reply(status, `{}`), ok200)
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), context.Background(), "GET", nil)
		if err == nil || f.hits.Load() != 1 {
			t.Errorf("%d: err %v, hits %d", status, err, f.hits.Load())
		}
	}
	// Without WithRetry, the default policy retries a GET's 503.
	f := newFault(t, reply(503, `{}`), ok200)
	if err := f.call(f.client(), context.Background(), "GET", nil); err != nil || f.hits.Load() != 2 {
		t.Errorf("default: err %v, hits %d", err, f.hits.Load())
	}
	// WithRetry(RetryPolicy{MaxAttempts: 1}) turns retries off.
	f = newFault(t, reply(503, `{}`), ok200)
	if err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 1})), context.Background(), "GET", nil); err == nil || f.hits.Load() != 1 {
		t.Errorf("one attempt: err %v, hits %d", err, f.hits.Load())
	}
	if recs := f.records(); len(recs) != 1 || recs[0]["retry"] != false || recs[0]["reason"] != nil {
		t.Errorf("log records %v", recs)
	}
}

func TestRetryPerCallAttempts(t *testing.T) {
	f := newFault(t, reply(503, `{}`))
	f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 5})), context.Background(), "GET", nil, WithCallMaxAttempts(1))
	if f.hits.Load() != 1 {
		t.Errorf("WithCallMaxAttempts(1) on a 5-attempt client: %d hits", f.hits.Load())
	}
	f = newFault(t, reply(503, `{}`))
	f.call(f.client(), context.Background(), "GET", nil, WithCallMaxAttempts(3))
	if f.hits.Load() != 3 {
		t.Errorf("WithCallMaxAttempts(3) on a client without retries: %d hits", f.hits.Load())
	}
	f = newFault(t, reply(503, `{}`))
	f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 4}), WithRetry(RetryPolicy{MaxAttempts: 2})), context.Background(), "GET", nil)
	if f.hits.Load() != 2 {
		t.Errorf("WithRetry(RetryPolicy{MaxAttempts: 2}) after WithRetry: %d hits", f.hits.Load())
	}
}

// TestRetryDeadline: a wait that would pass the caller's deadline is not
// started; the error wraps both the last APIError and the deadline.
func TestRetryDeadline(t *testing.T) {
	check := func(t *testing.T, err error, start time.Time) {
		t.Helper()
		var apiErr *APIError
		if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &apiErr) || apiErr.StatusCode != 503 {
			t.Fatalf("err %v (%T): want both a 503 APIError and context.DeadlineExceeded", err, err)
		}
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("returned after %v", d)
		}
	}
	t.Run("Retry-After", func(t *testing.T) {
		f := newFault(t, reply(503, `{"meta":{"message":"Maintenance"}}`, "Retry-After", "10"), ok200)
		ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		defer cancel()
		start := time.Now()
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), ctx, "GET", nil)
		check(t, err, start)
		if want := "altegio: GET /locations/1/positions: 503 Service Unavailable: Maintenance (gave up after 1 attempt: the next attempt, in 10s, would pass the context deadline: context deadline exceeded)"; err.Error() != want {
			t.Errorf("err %q\nwant %q", err, want)
		}
		if f.hits.Load() != 1 || len(f.recordedWaits()) != 0 {
			t.Errorf("hits %d, waits %v", f.hits.Load(), f.recordedWaits())
		}
		if recs := f.records(); len(recs) != 1 || recs[0]["retry"] != false || !strings.Contains(recs[0]["reason"].(string), "deadline") {
			t.Errorf("log records %v", recs)
		}
	})
	t.Run("backoff, real sleeper", func(t *testing.T) {
		f := newFault(t, reply(503, `{}`))
		ctx, cancel := context.WithTimeout(context.Background(), 300*time.Millisecond)
		defer cancel()
		top := func(n int64) int64 { return n - 1 }
		c := f.client(WithRetry(RetryPolicy{MaxAttempts: 10, BaseDelay: 100 * time.Millisecond}), withClock(nil, sleepCtx, top))
		start := time.Now()
		err := f.call(c, ctx, "GET", nil)
		check(t, err, start)
		// Waits of 100 ms then 200 ms fit in 300 ms with the attempts only
		// if the attempts are quick; either way, no sleep passes the deadline.
		if d := time.Since(start); d >= 300*time.Millisecond {
			t.Errorf("returned after %v, at or past the deadline", d)
		}
		if n := f.hits.Load(); n < 1 || n > 3 {
			t.Errorf("hits %d", n)
		}
	})
	t.Run("cancelled while waiting", func(t *testing.T) {
		f := newFault(t, reply(503, `{}`))
		ctx, cancel := context.WithCancel(context.Background())
		sleep := func(ctx context.Context, d time.Duration) error { cancel(); return sleepCtx(ctx, d) }
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3}), withClock(nil, sleep, nil)), ctx, "GET", nil)
		var apiErr *APIError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || f.hits.Load() != 1 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
	t.Run("cancelled during a retry", func(t *testing.T) {
		f := newFault(t)
		ctx, cancel := context.WithCancel(context.Background())
		f.steps = []http.HandlerFunc{reply(503, `{}`), func(w http.ResponseWriter, r *http.Request) { cancel(); f.stall(w, r) }}
		err := f.call(f.client(WithRetry(RetryPolicy{MaxAttempts: 3})), ctx, "GET", nil)
		var apiErr *APIError
		if !errors.Is(err, context.Canceled) || !errors.As(err, &apiErr) || f.hits.Load() != 2 {
			t.Fatalf("err %v, hits %d", err, f.hits.Load())
		}
	})
}

func TestRateLimit(t *testing.T) {
	t.Run("waits", func(t *testing.T) {
		f := newFault(t, ok200)
		now := time.Now()
		c := f.client(WithLimiter(TokenBucket(rate.NewLimiter(10, 1))), withClock(func() time.Time { return now }, f.sleep, nil))
		for range 3 {
			if err := f.call(c, context.Background(), "GET", nil); err != nil {
				t.Fatal(err)
			}
		}
		if w := f.recordedWaits(); !equalDurations(w, []time.Duration{100 * time.Millisecond, 200 * time.Millisecond}) {
			t.Errorf("waits %v, want [100ms 200ms]", w)
		}
	})
	t.Run("retries wait too", func(t *testing.T) {
		f := newFault(t, reply(503, `{}`, "Retry-After", "0"), ok200)
		now := time.Now()
		c := f.client(WithLimiter(TokenBucket(rate.NewLimiter(1, 1))), WithRetry(RetryPolicy{MaxAttempts: 2}), withClock(func() time.Time { return now }, f.sleep, nil))
		if err := f.call(c, context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
		// The Retry-After wait (0), then the limiter's (1 s).
		if w := f.recordedWaits(); !equalDurations(w, []time.Duration{0, time.Second}) {
			t.Errorf("waits %v, want [0 1s]", w)
		}
	})
	t.Run("deadline", func(t *testing.T) {
		f := newFault(t, ok200)
		lim := rate.NewLimiter(rate.Every(time.Hour), 1)
		c := f.client(WithLimiter(TokenBucket(lim)))
		if err := f.call(c, context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
		ctx, cancel := context.WithTimeout(context.Background(), time.Minute)
		defer cancel()
		err := f.call(c, ctx, "GET", nil)
		if !errors.Is(err, context.DeadlineExceeded) || f.hits.Load() != 1 || len(f.recordedWaits()) != 0 {
			t.Fatalf("err %v, hits %d, waits %v", err, f.hits.Load(), f.recordedWaits())
		}
		if !strings.HasPrefix(err.Error(), "altegio: GET /locations/1/positions: the rate limiter's wait of 1h0m0s would pass the context deadline: context deadline exceeded") {
			t.Errorf("err %q", err)
		}
		// The reservation was given back: the limiter is not further behind.
		if tok := lim.Tokens(); tok < -0.01 {
			t.Errorf("limiter tokens %v after a cancelled wait", tok)
		}
	})
	t.Run("real time", func(t *testing.T) {
		f := newFault(t, ok200)
		c := f.client(WithLimiter(TokenBucket(rate.NewLimiter(50, 1))), withClock(nil, sleepCtx, nil))
		start := time.Now()
		for range 4 {
			if err := f.call(c, context.Background(), "GET", nil); err != nil {
				t.Fatal(err)
			}
		}
		if d := time.Since(start); d < 55*time.Millisecond {
			t.Errorf("4 calls at 50/s with a burst of 1 took %v, want >= 60ms", d)
		}
	})
	t.Run("off", func(t *testing.T) {
		for _, o := range []Option{WithLimiter(TokenBucket(rate.NewLimiter(0, 5))), WithLimiter(TokenBucket(rate.NewLimiter(rate.Inf, 1))), WithLimiter(TokenBucket(nil))} {
			if c := NewClient(DefaultV2BaseURL, WithLimiter(TokenBucket(rate.NewLimiter(1, 1))), o); c.limiter != nil {
				t.Error("limiter not removed")
			}
		}
	})
}

func TestMiddleware(t *testing.T) {
	f := newFault(t, reply(503, `{}`), ok200)
	var mu sync.Mutex
	var trace []string
	mw := func(name string) func(http.RoundTripper) http.RoundTripper {
		return func(next http.RoundTripper) http.RoundTripper {
			return RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
				mu.Lock()
				trace = append(trace, name+">")
				mu.Unlock()
				resp, err := next.RoundTrip(r)
				mu.Lock()
				trace = append(trace, "<"+name)
				mu.Unlock()
				return resp, err
			})
		}
	}
	var base atomic.Int32
	hc := &http.Client{Transport: RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
		base.Add(1)
		return f.tr.RoundTrip(r)
	})}
	c := f.client(WithMiddleware(mw("a"), nil, mw("b")), WithRetry(RetryPolicy{MaxAttempts: 2}), WithMiddleware(mw("c")), WithHTTPClient(hc))
	if err := f.call(c, context.Background(), "GET", nil); err != nil {
		t.Fatal(err)
	}
	want := "a> b> c> <c <b <a a> b> c> <c <b <a"
	if got := strings.Join(trace, " "); got != want {
		t.Errorf("middleware order %q, want %q", got, want)
	}
	if base.Load() != 2 {
		t.Errorf("the WithHTTPClient transport saw %d requests, want 2", base.Load())
	}
}

func TestMockBaseURLs(t *testing.T) {
	for base, want := range map[string]string{
		MockV1BaseURL: "https://developer.alteg.io/_mock/en/b2b-v1/openapi/",
		MockV2BaseURL: "https://developer.alteg.io/_mock/en/b2b-v2/openapi/",
	} {
		if got := NewClient(base).ServerURL(); got != want {
			t.Errorf("ServerURL %q, want %q", got, want)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)
	for v, want := range map[string]time.Duration{
		"0":                                0,
		" 120 ":                            2 * time.Minute,
		"Sat, 13 Jun 2026 12:01:00 GMT":    time.Minute,
		"Saturday, 13-Jun-26 12:00:30 GMT": 30 * time.Second, // RFC 850
		"Sat Jun 13 12:00:05 2026":         5 * time.Second,  // asctime
		"Sat, 13 Jun 2026 11:00:00 GMT":    0,
		"99999999999999999999":             -1,
		"-5":                               -1,
		"1.5":                              -1,
		"":                                 -1,
	} {
		got, ok := parseRetryAfter(v, now)
		if want < 0 && ok || want >= 0 && (!ok || got != want) {
			t.Errorf("parseRetryAfter(%q) = %v, %v; want %v", v, got, ok, want)
		}
	}
}
