package altegio

import (
	"context"
	"errors"
	"fmt"
	"math"
	"slices"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces the requests of one or more clients (see [WithLimiter]).
// Before every attempt, retries included, a client asks its Limiter for a
// turn and waits until it comes. Altegio limits requests per IP address, so
// every client behind one address should share one budget: the clients of
// one process share one Limiter value (clients without a limiter option
// share [DefaultLimits]), and several processes share one by backing it
// with a common store (examples/ratelimit-redis has one backed by Redis).
//
// A Limiter must be safe for concurrent use.
type Limiter interface {
	// Reserve books the earliest turn for one request, if it comes at once
	// or less than maxWait after now, and returns the wait until it. If it
	// would come later, Reserve books nothing and returns Booked false with
	// the wait the turn would have needed: the client then fails at once
	// instead of waiting past its context's deadline. maxWait is the time
	// left before the caller's context deadline, or math.MaxInt64 when it
	// has none.
	//
	// now is the client's clock; a Limiter shared between processes may
	// use its store's clock instead. An error means no turn was booked;
	// the call fails with it.
	Reserve(ctx context.Context, now time.Time, maxWait time.Duration) (Turn, error)
}

// Turn is a [Limiter]'s answer to Reserve.
type Turn struct {
	// Wait is how long to wait before sending: 0 or less sends at once.
	Wait time.Duration
	// Booked reports whether the turn was booked.
	Booked bool
	// Cancel, if not nil, gives a booked turn back; the client calls it
	// when its context ends before the turn comes.
	Cancel func()
}

// Window is one tier of a rate limit: at most N requests in any period
// of length Per.
type Window struct {
	N   int
	Per time.Duration
}

// String returns e.g. "5/1s".
func (w Window) String() string { return fmt.Sprintf("%d/%v", w.N, w.Per) }

// DefaultLimits returns Altegio's published rate limit, which clients use
// unless told otherwise: 5 requests per second and 200 per minute, per IP
// address. Both tiers hold at once: at most 5 requests in any second and
// at most 200 in any minute, so a busy client sends bursts of 5 and,
// sustained, 200 a minute.
func DefaultLimits() []Window {
	return []Window{{N: 5, Per: time.Second}, {N: 200, Per: time.Minute}}
}

// defaultLimiter is the limiter of every client that was given no limiter
// option: Altegio counts requests per IP address, so the clients of a
// process share one budget.
var defaultLimiter = NewLimiter(DefaultLimits()...)

// NewLimiter returns a [Limiter], for the clients of one process, that lets
// at most w.N requests through in any period of w.Per, for every window w
// at once: NewLimiter(DefaultLimits()...) is Altegio's published limit. It
// keeps the times of the turns it booked within the longest window, and
// gives turns in the order they are asked for. A window with N < 1 or
// Per <= 0 is ignored; with none left the Limiter never waits.
func NewLimiter(windows ...Window) Limiter {
	l := &windowLimiter{}
	for _, w := range windows {
		if w.N >= 1 && w.Per > 0 {
			l.windows = append(l.windows, w)
		}
	}
	l.booked = make([][]time.Time, len(l.windows))
	return l
}

// windowLimiter is a sliding log per window: the times of the turns booked
// in it, oldest first, without those that ended their window already.
type windowLimiter struct {
	windows []Window
	mu      sync.Mutex
	booked  [][]time.Time // by window
	last    time.Time     // the latest turn booked
	seen    time.Time     // the latest now asked with
}

func (l *windowLimiter) Reserve(_ context.Context, now time.Time, maxWait time.Duration) (Turn, error) {
	l.mu.Lock()
	defer l.mu.Unlock()
	// No turn before one already booked (first come, first served), nor
	// before the latest now seen: the turns dropped below were dropped for
	// that now.
	if now.After(l.seen) {
		l.seen = now
	}
	at := l.seen
	if at.Before(l.last) {
		at = l.last
	}
	for i, w := range l.windows {
		// A turn booked at or before seen-Per limits no turn from then on.
		ts := l.booked[i]
		drop := 0
		for drop < len(ts) && !ts[drop].After(l.seen.Add(-w.Per)) {
			drop++
		}
		ts = ts[drop:]
		l.booked[i] = ts
		// The N-th latest turn must have left the window: then the window
		// ending at the new turn holds the N-1 after it and the new one.
		if len(ts) >= w.N {
			if end := ts[len(ts)-w.N].Add(w.Per); end.After(at) {
				at = end
			}
		}
	}
	wait := at.Sub(now)
	if wait > 0 && wait >= maxWait {
		return Turn{Wait: wait}, nil
	}
	for i := range l.windows {
		l.booked[i] = append(l.booked[i], at)
	}
	l.last = at
	return Turn{Wait: wait, Booked: true, Cancel: func() { l.cancel(at) }}, nil
}

// cancel gives back a turn booked at. Any turn may go: the turns left are
// a subset of a schedule that kept every window, so they keep them too.
func (l *windowLimiter) cancel(at time.Time) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.last = time.Time{}
	for i, ts := range l.booked {
		if j := slices.IndexFunc(ts, at.Equal); j >= 0 {
			ts = slices.Delete(ts, j, j+1)
			l.booked[i] = ts
		}
		if len(ts) > 0 && ts[len(ts)-1].After(l.last) {
			l.last = ts[len(ts)-1]
		}
	}
}

// tokenBucket adapts a *rate.Limiter to [Limiter].
type tokenBucket struct{ l *rate.Limiter }

func (b tokenBucket) Reserve(_ context.Context, now time.Time, maxWait time.Duration) (Turn, error) {
	res := b.l.ReserveN(now, 1)
	if !res.OK() {
		return Turn{}, errLimiterBurst
	}
	d := res.DelayFrom(now)
	if d > 0 && d >= maxWait {
		res.CancelAt(now)
		return Turn{Wait: d}, nil
	}
	return Turn{Wait: d, Booked: true, Cancel: func() { res.Cancel() }}, nil
}

// errLimiterBurst is the error of a *rate.Limiter with a zero burst.
var errLimiterBurst = errors.New("it lets nothing through: its burst is 0")

// waitTurn waits until the client's rate limiter lets the next attempt
// through. last is the previous attempt's error (nil before the first),
// attempts the number of attempts made. A wait that would pass ctx's
// deadline is not started: the error wraps context.DeadlineExceeded (and
// last).
func (c *Client) waitTurn(ctx context.Context, method, path string, last error, attempts int, secrets secretSet) error {
	fail := func(cause error, why string) error {
		if last != nil {
			return &abandonedError{last: last, ctxErr: cause, attempts: attempts, why: why}
		}
		return newTransportError(method, path, fmt.Errorf("%s: %w", why, cause), secrets)
	}
	maxWait := time.Duration(math.MaxInt64)
	if dl, ok := ctx.Deadline(); ok {
		maxWait = time.Until(dl)
	}
	turn, err := c.limiter.Reserve(ctx, c.now(), maxWait)
	if err != nil {
		return fail(err, "the rate limiter")
	}
	if !turn.Booked {
		return fail(context.DeadlineExceeded, fmt.Sprintf("the rate limiter's wait of %v would pass the context deadline", roundWait(turn.Wait)))
	}
	if turn.Wait <= 0 {
		return nil
	}
	if err := c.sleep(ctx, turn.Wait); err != nil {
		if turn.Cancel != nil {
			turn.Cancel()
		}
		return fail(ctxCause(ctx), "the context ended while waiting for the rate limiter")
	}
	return nil
}
