package altegio

import (
	"context"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"
)

// Hooks observes a client's calls as a whole, for tracing and metrics:
// the call, each wait for the rate limiter, each attempt with the retry
// decision that follows it, and the call's outcome, which middleware
// ([WithMiddleware]), seeing one attempt's request at a time, cannot. Like
// net/http/httptrace's ClientTrace, it is a set of optional functions:
// a nil field is not called. [WithHooks] gives it to a client; the
// module github.com/altegio-go/altegio/altegiootel builds one that reports
// to OpenTelemetry.
//
// The hooks run synchronously in the goroutine making the call, so they
// should be quick; those of concurrent calls run concurrently. Every call
// (of a generated method, of plumbing.Do or of [Client.Login]) calls
// CallStart once, then LimiterWait and AttemptDone any number of times,
// then CallDone once, whatever way the call ends: a request that fails
// before anything is sent (a missing token, say) makes a call of no
// attempts.
//
// Nothing a hook gets holds a token: the errors are the redacted ones the
// caller gets, and no header or query string is passed. The path does hold
// IDs (and may hold personal data): to name spans or metrics, use the
// route of the Operation, which holds none.
type Hooks struct {
	// CallStart is called once per call, before the first wait for the
	// rate limiter. The context it returns (ctx itself, or one derived from
	// it, such as one holding a span) is the one the rest of the call runs
	// with: the attempts' requests (so middleware and the transport), the
	// log records and the other hooks get it. A nil result keeps ctx.
	CallStart func(ctx context.Context, call CallInfo) context.Context
	// LimiterWait is called after each wait for the rate limiter that
	// lasted any time: once per attempt that had to wait for its turn.
	LimiterWait func(ctx context.Context, wait LimiterWaitInfo)
	// AttemptDone is called after each attempt, with its outcome and
	// whether the call tries again.
	AttemptDone func(ctx context.Context, attempt AttemptInfo)
	// CallDone is called once per call, when it returns.
	CallDone func(ctx context.Context, call CallDoneInfo)
}

// CallInfo describes a call, for [Hooks.CallStart].
type CallInfo struct {
	// Operation is the operation whose generated method made the call
	// (see [OperationFrom]); zero for a call no generated method made,
	// such as [Client.Login].
	Operation Operation
	// Method is the request method, e.g. "GET".
	Method string
	// Path is the request path relative to the base URL, without the query
	// string, e.g. "/records/1/123": it holds IDs. Name things by
	// Operation.Route.
	Path string
	// BasePath is the path of the client's base URL, which Path and
	// Operation.Route are relative to, e.g. "/api/v1"; "" for a base URL
	// without one.
	BasePath string
	// ServerAddress and ServerPort are the host and port the request goes
	// to, e.g. "api.alteg.io" and 443 (the scheme's default port when the
	// URL names none; 0 when there is none).
	ServerAddress string
	ServerPort    int
}

// LimiterWaitInfo describes a wait for the rate limiter, for
// [Hooks.LimiterWait].
type LimiterWaitInfo struct {
	// Attempt is the number of the attempt that waited, from 1.
	Attempt int
	// Duration is how long it waited, by the wall clock.
	Duration time.Duration
	// Err is nil when the turn came, and otherwise the call's error: its
	// context ended during the wait, or a further wait would have passed
	// its deadline.
	Err error
}

// AttemptInfo describes one attempt of a call, for [Hooks.AttemptDone].
type AttemptInfo struct {
	// Attempt is the attempt's number, from 1.
	Attempt int
	// StatusCode is the response's HTTP status, or 0 when none came.
	StatusCode int
	// Duration is the attempt's time, from sending the request to the end
	// of the response body.
	Duration time.Duration
	// Err is the attempt's error, nil on success: an [*APIError] for a
	// non-2xx status, a [*DecodeError] for a 2xx body that does not
	// decode, a transport error, and so on. It is redacted, and is the
	// error the call returns when the attempt is its last.
	Err error
	// Retry reports whether the call makes another attempt, after
	// RetryWait (and, first, a turn from the rate limiter).
	Retry     bool
	RetryWait time.Duration
	// Reason says why an attempt that failed with a transient error is not
	// retried, e.g. "out of attempts" or "POST is not idempotent"; "" when
	// it is retried or the error is not transient.
	Reason string
	// RetryAfter is the response's Retry-After header, as a duration from
	// the end of the attempt, when HasRetryAfter reports that it has a
	// valid one.
	RetryAfter    time.Duration
	HasRetryAfter bool
}

// CallDoneInfo describes the end of a call, for [Hooks.CallDone].
type CallDoneInfo struct {
	// Err is the call's error, nil on success: the error the caller gets.
	Err error
	// Attempts is the number of attempts made, 0 when the call failed
	// before sending anything.
	Attempts int
	// Duration is the call's time, by the wall clock, waits included.
	Duration time.Duration
}

// WithHooks makes the client call h's functions as each call goes (see
// [Hooks]). Several WithHooks add up: their hooks are called in the order
// given, each CallStart with the context the previous one returned.
func WithHooks(h Hooks) Option {
	return func(c *config) {
		if h.CallStart != nil || h.LimiterWait != nil || h.AttemptDone != nil || h.CallDone != nil {
			c.hooks = append(c.hooks, h)
		}
	}
}

// composeHooks returns the hooks that call each of hs in order, or nil
// when there are none.
func composeHooks(hs []Hooks) *Hooks {
	switch len(hs) {
	case 0:
		return nil
	case 1:
		h := hs[0]
		return &h
	}
	hs = slices.Clone(hs)
	var h Hooks
	if slices.ContainsFunc(hs, func(x Hooks) bool { return x.CallStart != nil }) {
		h.CallStart = func(ctx context.Context, call CallInfo) context.Context {
			for _, x := range hs {
				if x.CallStart != nil {
					if next := x.CallStart(ctx, call); next != nil {
						ctx = next
					}
				}
			}
			return ctx
		}
	}
	if slices.ContainsFunc(hs, func(x Hooks) bool { return x.LimiterWait != nil }) {
		h.LimiterWait = func(ctx context.Context, w LimiterWaitInfo) {
			for _, x := range hs {
				if x.LimiterWait != nil {
					x.LimiterWait(ctx, w)
				}
			}
		}
	}
	if slices.ContainsFunc(hs, func(x Hooks) bool { return x.AttemptDone != nil }) {
		h.AttemptDone = func(ctx context.Context, a AttemptInfo) {
			for _, x := range hs {
				if x.AttemptDone != nil {
					x.AttemptDone(ctx, a)
				}
			}
		}
	}
	if slices.ContainsFunc(hs, func(x Hooks) bool { return x.CallDone != nil }) {
		h.CallDone = func(ctx context.Context, d CallDoneInfo) {
			for _, x := range hs {
				if x.CallDone != nil {
					x.CallDone(ctx, d)
				}
			}
		}
	}
	return &h
}

// callTrace is the state of one call whose client has hooks.
type callTrace struct {
	h        *Hooks
	start    time.Time
	attempts int // the attempts sent so far
}

// startCall calls the CallStart hook of a call to method path, and
// returns the context the call goes on with and its trace.
func (c *Client) startCall(ctx context.Context, op Operation, method, path string, u *url.URL) (context.Context, *callTrace) {
	t := &callTrace{h: c.hooks, start: time.Now()}
	if t.h.CallStart == nil {
		return ctx, t
	}
	info := CallInfo{Operation: op, Method: method, Path: path, BasePath: c.basePath}
	if u != nil {
		info.ServerAddress, info.ServerPort = serverAddress(u)
	}
	if next := t.h.CallStart(ctx, info); next != nil {
		ctx = next
	}
	return ctx, t
}

// serverAddress returns the host and port of u, the port defaulting to
// the scheme's.
func serverAddress(u *url.URL) (string, int) {
	host, port := u.Hostname(), u.Port()
	if port == "" {
		switch strings.ToLower(u.Scheme) {
		case "https":
			return host, 443
		case "http":
			return host, 80
		}
		return host, 0
	}
	n, _ := strconv.Atoi(port)
	return host, n
}

// limiterWait reports a wait for the rate limiter.
func (t *callTrace) limiterWait(ctx context.Context, attempt int, d time.Duration, err error) {
	if t.h.LimiterWait != nil {
		t.h.LimiterWait(ctx, LimiterWaitInfo{Attempt: attempt, Duration: d, Err: err})
	}
}

// attemptDone reports an attempt.
func (t *callTrace) attemptDone(ctx context.Context, a AttemptInfo) {
	if t.h.AttemptDone != nil {
		t.h.AttemptDone(ctx, a)
	}
}

// done reports the end of the call, which returns *err.
func (t *callTrace) done(ctx context.Context, err *error) {
	if t.h.CallDone != nil {
		t.h.CallDone(ctx, CallDoneInfo{Err: *err, Attempts: t.attempts, Duration: time.Since(t.start)})
	}
}
