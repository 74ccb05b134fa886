package altegio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/altegio-go/altegio/internal/bridge"
)

// hookCtxKey marks the context a recorder's CallStart returns.
type hookCtxKey struct{}

// hookEvent is one call of a hook.
type hookEvent struct {
	kind    string // "start", "wait", "attempt" or "done"
	call    CallInfo
	wait    LimiterWaitInfo
	attempt AttemptInfo
	done    CallDoneInfo
	marked  any // the hookCtxKey value of the hook's context
}

// hookRecorder records the hooks' calls.
type hookRecorder struct {
	name   string
	mu     sync.Mutex
	events []hookEvent
	log    *[]string // if not nil, gets "name kind" for each call
}

func (r *hookRecorder) add(ctx context.Context, e hookEvent) {
	r.mu.Lock()
	defer r.mu.Unlock()
	e.marked = ctx.Value(hookCtxKey{})
	r.events = append(r.events, e)
	if r.log != nil {
		*r.log = append(*r.log, r.name+" "+e.kind)
	}
}

func (r *hookRecorder) hooks() Hooks {
	return Hooks{
		CallStart: func(ctx context.Context, call CallInfo) context.Context {
			r.add(ctx, hookEvent{kind: "start", call: call})
			prev, _ := ctx.Value(hookCtxKey{}).(string)
			return context.WithValue(ctx, hookCtxKey{}, prev+r.name)
		},
		LimiterWait: func(ctx context.Context, w LimiterWaitInfo) { r.add(ctx, hookEvent{kind: "wait", wait: w}) },
		AttemptDone: func(ctx context.Context, a AttemptInfo) { r.add(ctx, hookEvent{kind: "attempt", attempt: a}) },
		CallDone:    func(ctx context.Context, d CallDoneInfo) { r.add(ctx, hookEvent{kind: "done", done: d}) },
	}
}

// recordedCall is what the hooks saw of one call.
type recordedCall struct {
	start    CallInfo
	waits    []LimiterWaitInfo
	attempts []AttemptInfo
	done     CallDoneInfo
}

// call checks that the recorder saw exactly one call, which returned err:
// CallStart first, CallDone last and once, with err and the number of
// attempts reported, the attempts numbered from 1, every attempt but the
// last retried, and every hook after CallStart given its context.
func (r *hookRecorder) call(t *testing.T, err error) recordedCall {
	t.Helper()
	r.mu.Lock()
	defer r.mu.Unlock()
	var rc recordedCall
	if len(r.events) < 2 || r.events[0].kind != "start" || r.events[len(r.events)-1].kind != "done" {
		t.Fatalf("hooks called %v, want CallStart first and CallDone last", kinds(r.events))
	}
	rc.start, rc.done = r.events[0].call, r.events[len(r.events)-1].done
	for i, e := range r.events {
		if i > 0 && e.marked != r.name {
			t.Errorf("%s hook got a context without CallStart's value (%v)", e.kind, e.marked)
		}
		switch {
		case e.kind == "wait":
			rc.waits = append(rc.waits, e.wait)
			if e.wait.Attempt != len(rc.attempts)+1 {
				t.Errorf("limiter wait of attempt %d after %d attempts", e.wait.Attempt, len(rc.attempts))
			}
		case e.kind == "attempt":
			rc.attempts = append(rc.attempts, e.attempt)
		case i > 0 && i < len(r.events)-1:
			t.Errorf("hooks called %v: %s in the middle", kinds(r.events), e.kind)
		}
	}
	// Login wraps the error of its call.
	if rc.done.Err != err && (err == nil || rc.done.Err == nil || !errors.Is(err, rc.done.Err)) {
		t.Errorf("CallDone got error %v, the call returned %v", rc.done.Err, err)
	}
	if rc.done.Attempts != len(rc.attempts) {
		t.Errorf("CallDone got %d attempts, AttemptDone was called %d times", rc.done.Attempts, len(rc.attempts))
	}
	for i, a := range rc.attempts {
		if a.Attempt != i+1 {
			t.Errorf("attempt %d reported as %d", i+1, a.Attempt)
		}
		if i < len(rc.attempts)-1 && !a.Retry {
			t.Errorf("attempt %d was followed by another but not reported retried: %+v", i+1, a)
		}
		if !a.Retry && (a.RetryWait != 0) {
			t.Errorf("attempt %d not retried, with a retry wait: %+v", i+1, a)
		}
	}
	if rc.done.Duration < 0 {
		t.Errorf("CallDone duration %v", rc.done.Duration)
	}
	return rc
}

func kinds(es []hookEvent) []string {
	var out []string
	for _, e := range es {
		out = append(out, e.kind)
	}
	return out
}

// fixedLimiter gives every turn after wait; with past, it books none:
// the turn would come after the caller's deadline.
type fixedLimiter struct {
	wait  time.Duration
	past  bool
	extra atomic.Int64 // a further wait Start asks for once
}

func (l *fixedLimiter) Reserve(context.Context, time.Time, time.Duration) (Turn, error) {
	if l.past {
		return Turn{Wait: l.wait}, nil
	}
	return Turn{Wait: l.wait, Booked: true, Start: func(time.Time) time.Duration { return time.Duration(l.extra.Swap(0)) }}, nil
}

// errReader fails every read.
type errReader struct{}

func (errReader) Read([]byte) (int, error) { return 0, errors.New("disk gone") }

// TestHooksSeeRetriesAndRateLimits: a call answered 429 with Retry-After,
// then 503, then 200, reports the call, each attempt with its status, error
// and retry decision, and the call's end, to hooks that get the context
// CallStart returned; so do the middleware and the attempts' requests.
func TestHooksSeeRetriesAndRateLimits(t *testing.T) {
	f := newFault(t,
		reply(429, `{"success":false,"meta":{"message":"Too many requests"}}`, "Retry-After", "2"),
		reply(503, "overloaded"),
		ok200)
	rec := &hookRecorder{name: "rec"}
	var seen []any
	mw := func(next http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			seen = append(seen, r.Context().Value(hookCtxKey{}))
			return next.RoundTrip(r)
		})
	}
	c := f.client(WithRetry(RetryPolicy{MaxAttempts: 3, BaseDelay: 100 * time.Millisecond}), WithHooks(rec.hooks()), WithMiddleware(mw),
		withClock(nil, f.sleep, func(n int64) int64 { return n - 1 }))
	ctx := context.WithValue(context.Background(), bridge.OperationKey{},
		Operation{API: "b2b-v2", ID: "get_positions", Method: "GET", Route: "/locations/{location_id}/positions", Tag: "Positions"})
	var out idOut
	err := f.call(c, ctx, "GET", &out)
	if err != nil || out.Data.ID != 7 {
		t.Fatalf("err %v, out %+v", err, out)
	}
	rc := rec.call(t, err)
	u, _ := url.Parse(f.srv.URL)
	port, _ := strconv.Atoi(u.Port())
	want := CallInfo{
		Operation:     Operation{API: "b2b-v2", ID: "get_positions", Method: "GET", Route: "/locations/{location_id}/positions", Tag: "Positions"},
		Method:        "GET",
		Path:          "/locations/1/positions",
		BasePath:      "/api/v2",
		ServerAddress: "127.0.0.1",
		ServerPort:    port,
	}
	if rc.start != want {
		t.Errorf("CallStart got %+v, want %+v", rc.start, want)
	}
	if len(rc.attempts) != 3 || len(rc.waits) != 0 {
		t.Fatalf("attempts %+v, limiter waits %+v", rc.attempts, rc.waits)
	}
	a1, a2, a3 := rc.attempts[0], rc.attempts[1], rc.attempts[2]
	if a1.StatusCode != 429 || !errors.Is(a1.Err, ErrRateLimited) || !a1.Retry || a1.RetryWait != 2*time.Second ||
		!a1.HasRetryAfter || a1.RetryAfter != 2*time.Second || a1.Reason != "" || a1.Duration <= 0 {
		t.Errorf("attempt 1: %+v", a1)
	}
	// The second backoff bound is 200 ms; the jitter takes its top.
	var ae *APIError
	if a2.StatusCode != 503 || !errors.As(a2.Err, &ae) || ae.StatusCode != 503 || !a2.Retry || a2.RetryWait != 200*time.Millisecond || a2.HasRetryAfter {
		t.Errorf("attempt 2: %+v", a2)
	}
	if a3.StatusCode != 200 || a3.Err != nil || a3.Retry || a3.Reason != "" {
		t.Errorf("attempt 3: %+v", a3)
	}
	if rc.done.Err != nil || rc.done.Attempts != 3 || rc.done.Duration < a1.Duration+a2.Duration+a3.Duration {
		t.Errorf("CallDone: %+v", rc.done)
	}
	if fmt.Sprint(seen) != "[rec rec rec]" {
		t.Errorf("the middleware saw contexts marked %v, want CallStart's in each attempt", seen)
	}
}

// TestHooksEveryExit: whichever way a call ends, before its first attempt,
// during one, or between two, the hooks see CallStart once, CallDone once
// with the error the call returns and the number of attempts made, and an
// AttemptDone for each attempt.
func TestHooksEveryExit(t *testing.T) {
	limited := reply(429, `{"success":false}`, "Retry-After", "120")
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	type tc struct {
		name  string
		steps []http.HandlerFunc
		opts  []Option
		// ctx returns the call's context; onSleep[n] is called at the
		// client's n-th sleep (from 1).
		ctx      func(ctx context.Context, f *fault, onSleep map[int]func()) (context.Context, context.CancelFunc)
		call     func(t *testing.T, c *Client, ctx context.Context, f *fault) error
		attempts int
		check    func(t *testing.T, err error, rc recordedCall)
	}
	get := func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
		return c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, new(idOut))
	}
	post := func(opts ...CallOption) func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
		return func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			return c.do(ctx, newReq(t, c, "POST", "/x", `{"a":1}`), authPartnerUser, new(idOut), opts...)
		}
	}
	lastReason := func(want string) func(*testing.T, error, recordedCall) {
		return func(t *testing.T, err error, rc recordedCall) {
			if last := rc.attempts[len(rc.attempts)-1]; last.Retry || !strings.Contains(last.Reason, want) {
				t.Errorf("last attempt %+v, want no retry because %q", last, want)
			}
		}
	}
	cases := []tc{
		{name: "nil request", call: func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			return c.do(ctx, nil, authPartnerUser, nil)
		}, check: func(t *testing.T, err error, rc recordedCall) {
			if rc.start.Method != "" || rc.start.Path != "" {
				t.Errorf("CallStart got %+v", rc.start)
			}
		}},
		{name: "missing token", opts: []Option{WithTokens("", "")}, call: get, check: func(t *testing.T, err error, rc recordedCall) {
			if !errors.Is(err, ErrMissingToken) {
				t.Errorf("err = %v", err)
			}
		}},
		{name: "request edit fails", call: func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			return c.do(ctx, newReq(t, c, "POST", "/x", `not JSON`), authPartnerUser, nil, WithJSONSet("a", 1))
		}},
		{name: "request body unreadable", call: func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			req := newReq(t, c, "POST", "/x", "x")
			req.Body, req.GetBody = io.NopCloser(errReader{}), nil
			return c.do(ctx, req, authPartnerUser, nil)
		}},
		{name: "limiter error", opts: []Option{WithLimiter(keyedFailingLimiter{})}, call: get},
		{name: "limiter turn past the deadline", opts: []Option{WithLimiter(&fixedLimiter{wait: time.Hour, past: true})}, call: get,
			check: func(t *testing.T, err error, rc recordedCall) {
				if !errors.Is(err, context.DeadlineExceeded) || len(rc.waits) != 0 {
					t.Errorf("err = %v, limiter waits %+v", err, rc.waits)
				}
			}},
		{name: "success", steps: []http.HandlerFunc{ok200}, call: get, attempts: 1},
		{name: "decode error", steps: []http.HandlerFunc{reply(200, `{"data":{"id":"x"}}`, "Content-Type", "application/json")}, call: get, attempts: 1,
			check: func(t *testing.T, err error, rc recordedCall) {
				var de *DecodeError
				if !errors.As(err, &de) || rc.attempts[0].Err != err || rc.attempts[0].StatusCode != 200 {
					t.Errorf("err = %v, attempt %+v", err, rc.attempts[0])
				}
			}},
		{name: "response too large", steps: []http.HandlerFunc{ok200}, opts: []Option{WithMaxResponseBytes(4)}, call: get, attempts: 1},
		{name: "redirect", steps: []http.HandlerFunc{reply(302, "", "Location", "/elsewhere")}, call: get, attempts: 1},
		{name: "404", steps: []http.HandlerFunc{reply(404, `{"success":false}`)}, call: get, attempts: 1, check: lastReason("")},
		{name: "out of attempts", steps: []http.HandlerFunc{reply(503, "")}, call: get, attempts: 3, check: lastReason("out of attempts")},
		{name: "POST not idempotent", steps: []http.HandlerFunc{reply(503, "")}, call: post(), attempts: 1, check: lastReason("POST is not idempotent")},
		{name: "Retry-After over the limit", steps: []http.HandlerFunc{limited}, call: get, attempts: 1, check: func(t *testing.T, err error, rc recordedCall) {
			lastReason("exceeds the 1m0s limit")(t, err, rc)
			if a := rc.attempts[0]; !a.HasRetryAfter || a.RetryAfter != 2*time.Minute || a.StatusCode != 429 {
				t.Errorf("attempt %+v", a)
			}
		}},
		{name: "Retry-After past the deadline", steps: []http.HandlerFunc{reply(503, "", "Retry-After", "30")},
			ctx: func(ctx context.Context, _ *fault, _ map[int]func()) (context.Context, context.CancelFunc) {
				return context.WithTimeout(ctx, 10*time.Second)
			}, call: get, attempts: 1, check: lastReason("would pass the context deadline")},
		{name: "context ends during the backoff", steps: []http.HandlerFunc{reply(503, "")},
			ctx: func(ctx context.Context, _ *fault, onSleep map[int]func()) (context.Context, context.CancelFunc) {
				ctx, cancel := context.WithCancel(ctx)
				onSleep[1] = cancel
				return ctx, cancel
			}, call: get, attempts: 1, check: func(t *testing.T, err error, rc recordedCall) {
				if !errors.Is(err, context.Canceled) || !rc.attempts[0].Retry {
					t.Errorf("err = %v, attempt %+v", err, rc.attempts[0])
				}
			}},
		{name: "context ends during an attempt", steps: []http.HandlerFunc{nil},
			ctx: func(ctx context.Context, f *fault, _ map[int]func()) (context.Context, context.CancelFunc) {
				f.steps[0] = f.stall
				return context.WithTimeout(ctx, 50*time.Millisecond)
			}, call: get, attempts: 1, check: lastReason("the context ended")},
		{name: "body cannot be replayed", steps: []http.HandlerFunc{reply(503, "")}, call: func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			req := newReq(t, c, "PUT", "/x", `{"a":1}`)
			req.GetBody = func() (io.ReadCloser, error) { return nil, errors.New("gone") }
			return c.do(ctx, req, authPartnerUser, nil)
		}, attempts: 1},
		{name: "context ends waiting for the limiter", steps: []http.HandlerFunc{reply(503, "")},
			opts: []Option{WithLimiter(&fixedLimiter{wait: time.Millisecond})},
			ctx: func(ctx context.Context, _ *fault, onSleep map[int]func()) (context.Context, context.CancelFunc) {
				// Sleeps: attempt 1's turn, the backoff, attempt 2's turn.
				ctx, cancel := context.WithCancel(ctx)
				onSleep[3] = cancel
				return ctx, cancel
			}, call: get, attempts: 1, check: func(t *testing.T, err error, rc recordedCall) {
				if len(rc.waits) != 2 || rc.waits[0].Err != nil || rc.waits[1].Attempt != 2 || rc.waits[1].Err != err || !errors.Is(err, context.Canceled) {
					t.Errorf("err = %v, limiter waits %+v", err, rc.waits)
				}
			}},
		{name: "connection refused", opts: []Option{WithBaseURL(closed.URL + "/api/v2")}, call: get, attempts: 3, check: func(t *testing.T, err error, rc recordedCall) {
			lastReason("out of attempts")(t, err, rc)
			if rc.attempts[0].StatusCode != 0 || rc.attempts[0].Err == nil {
				t.Errorf("attempt %+v", rc.attempts[0])
			}
		}},
		{name: "login", steps: []http.HandlerFunc{reply(401, `{"success":false,"meta":{"message":"wrong password"}}`)}, call: func(t *testing.T, c *Client, ctx context.Context, f *fault) error {
			_, err := c.Login(ctx, "+13155550175", testPassword)
			return err
		}, attempts: 1},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			steps := tc.steps
			if len(steps) == 0 {
				steps = []http.HandlerFunc{ok200}
			}
			f := newFault(t, steps...)
			ctx := context.Background()
			onSleep := map[int]func(){}
			if tc.ctx != nil {
				var cancel context.CancelFunc
				ctx, cancel = tc.ctx(ctx, f, onSleep)
				defer cancel()
			}
			sleeps := 0
			sleep := func(ctx context.Context, d time.Duration) error {
				sleeps++
				if fn := onSleep[sleeps]; fn != nil {
					fn()
				}
				return f.sleep(ctx, d)
			}
			rec := &hookRecorder{name: "rec"}
			opts := append([]Option{WithRetry(RetryPolicy{MaxAttempts: 3}), WithHooks(rec.hooks())}, tc.opts...)
			c := f.client(append(opts, withClock(nil, sleep, nil))...)
			err := track(t, tc.call(t, c, ctx, f))
			if (err == nil) != (tc.name == "success") {
				t.Fatalf("err = %v", err)
			}
			rc := rec.call(t, err)
			if len(rc.attempts) != tc.attempts || int(f.hits.Load()) != tc.attempts && tc.name != "connection refused" {
				t.Errorf("%d attempts reported, %d made, want %d", len(rc.attempts), f.hits.Load(), tc.attempts)
			}
			if tc.attempts > 0 {
				// The call's error is the last attempt's, or wraps it.
				if last := rc.attempts[len(rc.attempts)-1]; (last.Err == nil) != (err == nil) || last.Err != nil && !errors.Is(err, last.Err) {
					t.Errorf("the last attempt's error %v is not the call's %v", last.Err, err)
				}
			}
			if tc.check != nil {
				tc.check(t, err, rc)
			}
		})
	}
}

// TestHooksLimiterWait: a wait for the rate limiter is reported once per
// attempt, with the time waited by the wall clock, a further wait that
// Start asks for included; a turn that comes at once is not reported.
func TestHooksLimiterWait(t *testing.T) {
	t.Run("real wait", func(t *testing.T) {
		f := newFault(t, ok200)
		rec := &hookRecorder{name: "rec"}
		l := &fixedLimiter{wait: 20 * time.Millisecond}
		l.extra.Store(int64(10 * time.Millisecond))
		c := f.client(WithLimiter(l), WithHooks(rec.hooks()), withClock(nil, sleepCtx, nil))
		err := f.call(c, context.Background(), "GET", nil)
		rc := rec.call(t, err)
		if err != nil || len(rc.waits) != 1 || rc.waits[0].Attempt != 1 || rc.waits[0].Err != nil || rc.waits[0].Duration < 30*time.Millisecond {
			t.Errorf("err %v, limiter waits %+v, want one of 30ms or more", err, rc.waits)
		}
		if rc.done.Duration < rc.waits[0].Duration {
			t.Errorf("the call took %v, less than its limiter wait %v", rc.done.Duration, rc.waits[0].Duration)
		}
	})
	t.Run("no wait", func(t *testing.T) {
		f := newFault(t, reply(503, ""), ok200)
		rec := &hookRecorder{name: "rec"}
		c := f.client(WithLimiter(&fixedLimiter{}), WithHooks(rec.hooks()))
		err := f.call(c, context.Background(), "GET", nil)
		if rc := rec.call(t, err); err != nil || len(rc.waits) != 0 || len(rc.attempts) != 2 {
			t.Errorf("err %v, limiter waits %+v, attempts %+v", err, rc.waits, rc.attempts)
		}
	})
	t.Run("each attempt", func(t *testing.T) {
		f := newFault(t, reply(503, ""), ok200)
		rec := &hookRecorder{name: "rec"}
		c := f.client(WithLimiter(&fixedLimiter{wait: time.Second}), WithHooks(rec.hooks()))
		err := f.call(c, context.Background(), "GET", nil)
		rc := rec.call(t, err)
		if err != nil || len(rc.waits) != 2 || rc.waits[0].Attempt != 1 || rc.waits[1].Attempt != 2 {
			t.Errorf("err %v, limiter waits %+v", err, rc.waits)
		}
		if w := f.recordedWaits(); len(w) != 3 || w[0] != time.Second || w[2] != time.Second {
			t.Errorf("sleeps %v, want the limiter's, the backoff, the limiter's", w)
		}
	})
}

// TestWithHooksComposes: the hooks of several WithHooks are called in the
// order given, each CallStart with the context the previous returned; a
// WithHooks of no function adds nothing.
func TestWithHooksComposes(t *testing.T) {
	f := newFault(t, reply(503, ""), ok200)
	var order []string
	a := &hookRecorder{name: "a", log: &order}
	b := &hookRecorder{name: "b", log: &order}
	c := f.client(WithHooks(a.hooks()), WithHooks(Hooks{}), WithHooks(Hooks{AttemptDone: b.hooks().AttemptDone}), WithHooks(b.hooks()),
		WithLimiter(&fixedLimiter{wait: time.Millisecond}))
	if err := f.call(c, context.Background(), "GET", nil); err != nil {
		t.Fatal(err)
	}
	want := "a start, b start, a wait, b wait, a attempt, b attempt, b attempt, a wait, b wait, a attempt, b attempt, b attempt, a done, b done"
	if got := strings.Join(order, ", "); got != want {
		t.Errorf("hooks called\n%s\nwant\n%s", got, want)
	}
	// a's CallStart ran first: b's hooks get "ab" from the context.
	for _, e := range b.events[1:] {
		if e.marked != "ab" {
			t.Errorf("b's %s hook got %v", e.kind, e.marked)
		}
	}
	if c := NewClient("http://127.0.0.1:1", WithHooks(Hooks{})); c.hooks != nil {
		t.Error("WithHooks(Hooks{}) added hooks")
	}
}

// BenchmarkDoHooks measures a call of a client whose transport answers
// at once from memory: without hooks, and with hooks that do nothing.
func BenchmarkDoHooks(b *testing.B) {
	body := []byte(okBody)
	tr := roundTripFunc(func(r *http.Request) (*http.Response, error) {
		return &http.Response{StatusCode: 200, Header: http.Header{"Content-Type": {"application/json"}},
			Body: io.NopCloser(strings.NewReader(string(body))), ContentLength: int64(len(body)), Request: r}, nil
	})
	noop := Hooks{
		CallStart:   func(ctx context.Context, _ CallInfo) context.Context { return ctx },
		LimiterWait: func(context.Context, LimiterWaitInfo) {},
		AttemptDone: func(context.Context, AttemptInfo) {},
		CallDone:    func(context.Context, CallDoneInfo) {},
	}
	for _, bc := range []struct {
		name string
		opts []Option
	}{{"none", nil}, {"noop", []Option{WithHooks(noop)}}} {
		b.Run(bc.name, func(b *testing.B) {
			c := NewClient("http://api.example/api/v2", append([]Option{WithTokens(testPartner, testUser), WithLimiter(nil),
				WithHTTPClient(&http.Client{Transport: tr})}, bc.opts...)...)
			req, _ := http.NewRequest("GET", "http://api.example/api/v2/locations/1/positions", nil)
			ctx := context.Background()
			b.ReportAllocs()
			for b.Loop() {
				var out idOut
				if err := c.do(ctx, req, authPartnerUser, &out); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}
