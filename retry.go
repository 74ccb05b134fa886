package altegio

import (
	"context"
	"crypto/tls"
	"crypto/x509"
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// RetryPolicy says which failed attempts of a call are tried again, and how
// long to wait in between; [WithRetry] gives it to a client (without it a
// client uses [DefaultRetryPolicy]). A zero field takes its default, so
// the zero RetryPolicy is [DefaultRetryPolicy].
//
// What is retried:
//
//   - a 429 Too Many Requests, for every method: Altegio did not process
//     the request;
//   - a 5xx other than 501 Not Implemented and 505 HTTP Version Not
//     Supported, a connection error (reset, refused, EOF, a truncated
//     body) and a timeout (the client's per-attempt timeout or the HTTP
//     client's own), for the idempotent methods GET, HEAD, PUT, DELETE and
//     OPTIONS; for POST and PATCH only with RetryNonIdempotent or the
//     per-call [WithIdempotent], as the request may have been processed;
//   - a connection that could not be opened (the dial failed, so nothing was
//     sent), for every method.
//
// Nothing else is: not a 4xx other than 429, not a TLS certificate error,
// not the end of the caller's context.
//
// The wait before attempt n+1 is the response's Retry-After (delay-seconds or
// an HTTP-date), when it has one, or else a random duration in
// [0, min(MaxDelay, BaseDelay·2ⁿ⁻¹)] ("full jitter"). A Retry-After longer
// than MaxRetryAfter ends the retries at once: the call returns the error,
// whose Response carries the header. No wait goes past the caller's
// context deadline: when the next one would, the call returns at once with
// an error that wraps both the last attempt's error (errors.As reaches the
// [*APIError]) and context.DeadlineExceeded.
type RetryPolicy struct {
	// MaxAttempts is the most attempts a call makes, the first included:
	// 1 disables retries. Zero means DefaultMaxAttempts; a negative value 1.
	MaxAttempts int
	// BaseDelay bounds the first backoff; each following bound doubles. Zero
	// means 500 ms.
	BaseDelay time.Duration
	// MaxDelay bounds every backoff. Zero means 8 s.
	MaxDelay time.Duration
	// MaxRetryAfter is the longest Retry-After honoured. Zero means 60 s.
	MaxRetryAfter time.Duration
	// RetryNonIdempotent retries POST and PATCH like the idempotent
	// methods (on 5xx and connection errors too), for integrations that
	// know their writes are safe to repeat. See also [WithIdempotent].
	RetryNonIdempotent bool
}

// Retry defaults; see [RetryPolicy].
const (
	DefaultMaxAttempts   = 3
	DefaultBaseDelay     = 500 * time.Millisecond
	DefaultMaxDelay      = 8 * time.Second
	DefaultMaxRetryAfter = 60 * time.Second
)

// DefaultRetryPolicy returns the policy [WithRetry] applies for a zero
// RetryPolicy: 3 attempts, backoff bounds of 0.5 s, 1 s, 2 s, … up to 8 s, a
// Retry-After honoured up to 60 s, POST and PATCH retried on 429 only.
func DefaultRetryPolicy() RetryPolicy {
	return RetryPolicy{
		MaxAttempts:   DefaultMaxAttempts,
		BaseDelay:     DefaultBaseDelay,
		MaxDelay:      DefaultMaxDelay,
		MaxRetryAfter: DefaultMaxRetryAfter,
	}
}

// withDefaults returns p with its zero fields set to their defaults.
func (p RetryPolicy) withDefaults() RetryPolicy {
	d := DefaultRetryPolicy()
	switch {
	case p.MaxAttempts == 0:
		p.MaxAttempts = d.MaxAttempts
	case p.MaxAttempts < 0:
		p.MaxAttempts = 1
	}
	if p.BaseDelay <= 0 {
		p.BaseDelay = d.BaseDelay
	}
	if p.MaxDelay <= 0 {
		p.MaxDelay = d.MaxDelay
	}
	if p.MaxDelay < p.BaseDelay {
		p.MaxDelay = p.BaseDelay
	}
	if p.MaxRetryAfter <= 0 {
		p.MaxRetryAfter = d.MaxRetryAfter
	}
	return p
}

// backoffCap returns the bound of the wait after the given failed attempt
// (1-based): min(MaxDelay, BaseDelay·2^(attempt-1)).
func (p RetryPolicy) backoffCap(attempt int) time.Duration {
	d := p.BaseDelay
	for i := 1; i < attempt && d < p.MaxDelay; i++ {
		d *= 2
	}
	return min(d, p.MaxDelay)
}

// idempotent reports whether a request with this method may be repeated
// without changing the outcome.
func idempotent(method string) bool {
	switch method {
	case http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, http.MethodTrace:
		return true
	}
	return false
}

// retryableStatus reports whether a status is worth another attempt, and
// whether it is one for every method (429: the request was not processed).
func retryableStatus(code int) (retry, anyMethod bool) {
	switch {
	case code == http.StatusTooManyRequests:
		return true, true
	case code == http.StatusNotImplemented || code == http.StatusHTTPVersionNotSupported:
		return false, false
	case code >= 500 && code <= 599:
		return true, false
	}
	return false, false
}

// retryableError reports whether a failed send or read is worth another
// attempt, and whether it is one for every method (nothing was sent).
func retryableError(err error) (retry, anyMethod bool) {
	var (
		unknownCA *x509.UnknownAuthorityError
		invalid   x509.CertificateInvalidError
		hostname  x509.HostnameError
		verify    *tls.CertificateVerificationError
		recordHdr tls.RecordHeaderError
	)
	switch {
	case errors.As(err, &unknownCA), errors.As(err, &invalid), errors.As(err, &hostname),
		errors.As(err, &verify), errors.As(err, &recordHdr):
		return false, false // the same next time
	case errors.Is(err, http.ErrSchemeMismatch), strings.Contains(err.Error(), "unsupported protocol scheme"):
		return false, false
	}
	var op *net.OpError
	if errors.As(err, &op) && op.Op == "dial" {
		return true, true
	}
	return true, false
}

// parseRetryAfter reads a Retry-After header: delay-seconds or an HTTP-date
// (relative to now). A date in the past is 0.
func parseRetryAfter(v string, now time.Time) (time.Duration, bool) {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0, false
	}
	if secs, err := strconv.ParseUint(v, 10, 63); err == nil {
		if secs > uint64(1<<62/time.Second) {
			return 1 << 62, true
		}
		return time.Duration(secs) * time.Second, true
	}
	if t, err := http.ParseTime(v); err == nil {
		return max(t.Sub(now), 0), true
	}
	return 0, false
}

// abandonedError is the error of a call that stopped retrying because of
// its context: it wraps the last attempt's error and the context's.
type abandonedError struct {
	last     error
	ctxErr   error
	attempts int
	why      string // e.g. "the next attempt, in 2s, would pass the context deadline"
}

func (e *abandonedError) Error() string {
	return fmt.Sprintf("%s (gave up after %d %s: %s: %v)", e.last.Error(), e.attempts, plural(e.attempts, "attempt"), e.why, e.ctxErr)
}

// Unwrap returns the last attempt's error and the context's error, so
// that errors.As finds an [*APIError] and errors.Is finds
// context.DeadlineExceeded or context.Canceled.
func (e *abandonedError) Unwrap() []error { return []error{e.last, e.ctxErr} }

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}

// ctxCause returns ctx's error, or context.DeadlineExceeded when ctx is not
// done yet (the caller asks because a wait would pass its deadline).
func ctxCause(ctx context.Context) error {
	if err := ctx.Err(); err != nil {
		return err
	}
	return context.DeadlineExceeded
}

// sleepCtx waits for d or until ctx is done, whichever comes first.
func sleepCtx(ctx context.Context, d time.Duration) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return nil
	case <-ctx.Done():
		return ctx.Err()
	}
}

// jitter returns a random duration in [0, n).
func jitter(n int64) int64 { return rand.Int64N(n) }

// roundWait rounds a wait for a message: to the millisecond below a
// second, to a tenth of a second above.
func roundWait(d time.Duration) time.Duration {
	if d < time.Second {
		return d.Round(time.Millisecond)
	}
	return d.Round(100 * time.Millisecond)
}
