package altegio

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

// countingLimiter gives every turn at once, and counts them.
type countingLimiter struct{ turns atomic.Int32 }

func (l *countingLimiter) Reserve(context.Context, time.Time, time.Duration) (Turn, error) {
	l.turns.Add(1)
	return Turn{Booked: true}, nil
}

// hangUp reads the request and closes the connection without answering.
func hangUp(w http.ResponseWriter, r *http.Request) {
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		panic(err)
	}
	conn.Close()
}

// TestNoSilentResend: when a reused keep-alive connection is closed after
// the server read the request, Go's transport would send an idempotent
// request again by itself, unseen by the retry loop and the limiter. The
// client sends each attempt once: the server sees as many requests as the
// client counts attempts and the limiter gives turns, MaxAttempts at most;
// and the request on the wire has no body it did not have.
func TestNoSilentResend(t *testing.T) {
	for _, tc := range []struct {
		method, body string
		header       []string
	}{
		{"GET", "", nil},
		{"HEAD", "", nil},
		{"DELETE", "", []string{"Idempotency-Key", "k1"}},
		{"PUT", `{"title":"Barber"}`, []string{"X-Idempotency-Key", "k2"}},
		{"POST", `{"title":"Barber"}`, []string{"Idempotency-Key", "k3"}},
	} {
		t.Run(tc.method, func(t *testing.T) {
			var mu sync.Mutex
			var framing []string // per request: Content-Length and Transfer-Encoding as received
			f := newFault(t, ok200, hangUp)
			f.steps[0] = func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				framing = append(framing, fmt.Sprintf("%q %q", r.Header.Get("Content-Length"), r.TransferEncoding))
				mu.Unlock()
				ok200(w, r)
			}
			f.steps[1] = func(w http.ResponseWriter, r *http.Request) {
				mu.Lock()
				framing = append(framing, fmt.Sprintf("%q %q", r.Header.Get("Content-Length"), r.TransferEncoding))
				mu.Unlock()
				hangUp(w, r)
			}
			lim := &countingLimiter{}
			c := f.client(WithLimiter(lim), WithRetry(RetryPolicy{MaxAttempts: 3}))
			opts := []CallOption{WithIdempotent()}
			for i := 0; i+1 < len(tc.header); i += 2 {
				opts = append(opts, WithRequestHeader(tc.header[i], tc.header[i+1]))
			}
			call := func() error {
				req := newReq(t, c, tc.method, "/locations/1/positions", tc.body)
				return track(t, c.do(context.Background(), req, authPartnerUser, nil, opts...))
			}
			// The first call leaves an idle keep-alive connection; the
			// second is sent on it, and the server hangs up.
			if err := call(); err != nil {
				t.Fatal(err)
			}
			if err := call(); err == nil || !strings.Contains(err.Error(), "EOF") {
				t.Fatalf("err %v, want an EOF", err)
			}
			attempts := 0
			for _, rec := range f.records() {
				if n, ok := rec["attempt"].(float64); ok && int(n) > attempts {
					attempts = int(n)
				}
			}
			hits, turns := int(f.hits.Load()), int(lim.turns.Load())
			if hits != 1+3 || turns != hits || attempts != 3 {
				t.Errorf("the server saw %d requests, the limiter gave %d turns, the last call made %d attempts; want 4, 4 and 3", hits, turns, attempts)
			}
			want := fmt.Sprintf("%q %q", "", []string(nil))
			if tc.body != "" {
				want = fmt.Sprintf("%q %q", fmt.Sprint(len(tc.body)), []string(nil))
			}
			mu.Lock()
			defer mu.Unlock()
			for i, got := range framing {
				if got != want {
					t.Errorf("request %d framed %s, want %s", i+1, got, want)
				}
			}
		})
	}
}

// TestSendOnceHTTP2: over HTTP/2, whose transport resends only requests
// the server did not process, a bodiless GET goes without a body once the
// client has seen that the server speaks it.
func TestSendOnceHTTP2(t *testing.T) {
	var mu sync.Mutex
	var lengths []int64
	srv := httptest.NewUnstartedServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.ProtoMajor != 2 {
			t.Errorf("%s, want HTTP/2", r.Proto)
		}
		mu.Lock()
		lengths = append(lengths, r.ContentLength)
		mu.Unlock()
		ok200(w, r)
	}))
	srv.EnableHTTP2 = true
	srv.StartTLS()
	defer srv.Close()
	c := NewClient(srv.URL, WithHTTPClient(srv.Client()))
	for range 3 {
		if err := c.do(context.Background(), newReq(t, c, "GET", "/locations", ""), authNone, nil); err != nil {
			t.Fatal(err)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(lengths) != 3 || lengths[1] != 0 || lengths[2] != 0 {
		t.Errorf("the server saw Content-Lengths %v, want 0 after the first", lengths)
	}
}
