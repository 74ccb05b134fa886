package altegio

import (
	"context"
	"crypto/sha256"
	"errors"
	"fmt"
	"math"
	"net/url"
	"slices"
	"strings"
	"sync"
	"time"

	"golang.org/x/time/rate"
)

// Limiter paces the requests of one or more clients (see [WithLimiter]).
// Before every attempt, retries included, a client asks its Limiter for a
// turn and waits until it comes. Every client that spends one Altegio
// budget should share one: the clients of one process share one Limiter
// value (by default, the clients of [APIHost] with one partner token share
// one of [DefaultLimits]), and several processes share one by backing it
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
	// when its context ends before the request is sent.
	Cancel func()
	// Start, if not nil, is called when the wait is over, right before the
	// request is sent, with the client's clock. It returns 0 and takes the
	// turn at now, or, when now would crowd a window (an earlier turn was
	// sent late, its goroutine having woken up late), the further wait
	// until the turn may be taken: the client waits that long (or fails,
	// if that would pass its context's deadline) and calls Start again.
	// A limiter that books turns ahead thus keeps its windows by the times
	// requests are actually sent, not the times they were booked for.
	Start func(now time.Time) time.Duration
}

// Window is one tier of a rate limit: at most N requests in any period
// of length Per.
type Window struct {
	N   int
	Per time.Duration
}

// String returns e.g. "5/1s".
func (w Window) String() string { return fmt.Sprintf("%d/%v", w.N, w.Per) }

// DefaultLimits returns Altegio's published rate limit, which the clients
// of [APIHost] keep unless told otherwise: 5 requests per second and 200
// per minute. Both tiers hold at once: at most 5 requests in any second and
// at most 200 in any minute, so a busy client sends bursts of 5 and,
// sustained, 200 a minute ([NewLimiter] adds a margin to both).
func DefaultLimits() []Window {
	return []Window{{N: 5, Per: time.Second}, {N: 200, Per: time.Minute}}
}

// APIHost is the host of Altegio's API ([DefaultV1BaseURL],
// [DefaultV2BaseURL]): the host whose clients are rate limited by default.
const APIHost = "api.alteg.io"

// defaultLimiters holds the default limiters, one per partner token (by
// its SHA-256, so that the map holds no token).
var defaultLimiters sync.Map // [sha256.Size]byte → Limiter

// defaultLimiter returns the limiter of a client given no limiter option:
// for a base URL on [APIHost], the one limiter, of [DefaultLimits], shared
// by every such client with the same partner token, as Altegio counts its
// limit per integration; for any other host (a mock server, a test server,
// a proxy) none. See [WithLimiter].
func defaultLimiter(baseURL, partnerToken string) Limiter {
	u, err := url.Parse(baseURL)
	if err != nil || !strings.EqualFold(u.Hostname(), APIHost) {
		return nil
	}
	key := sha256.Sum256([]byte(partnerToken))
	if l, ok := defaultLimiters.Load(key); ok {
		return l.(Limiter)
	}
	l, _ := defaultLimiters.LoadOrStore(key, NewLimiter(DefaultLimits()...))
	return l.(Limiter)
}

// NewLimiter returns a [Limiter], for the clients of one process, that lets
// at most w.N requests through in any period of w.Per, for every window w
// at once: NewLimiter(DefaultLimits()...) is Altegio's published limit. It
// gives turns in the order they are asked for. A window with N < 1 or
// Per <= 0 is ignored; with none left the Limiter never waits.
//
// Altegio counts its windows as requests arrive, which is some time after
// the client let them go, so the Limiter keeps two margins. It spaces
// turns as if every window were longer by a tenth of its Per, at most
// 100 ms: 5 a second becomes at most 5 in any 1.1 s. And it counts a turn
// at the time it is taken (see the Start of a [Turn]), not the time it
// was booked for: when a goroutine wakes up late from its wait, the turns
// after it are pushed back, so a late burst and the next one never crowd
// one window.
func NewLimiter(windows ...Window) Limiter {
	l := &windowLimiter{}
	for _, w := range windows {
		if w.N >= 1 && w.Per > 0 {
			l.windows = append(l.windows, w)
			l.spans = append(l.spans, w.Per+min(w.Per/10, maxWindowMargin))
		}
	}
	l.booked = make([][]time.Time, len(l.windows))
	l.taken = make([][]time.Time, len(l.windows))
	return l
}

// maxWindowMargin bounds the margin a window limiter adds to a window.
const maxWindowMargin = 100 * time.Millisecond

// windowLimiter is a sliding log per window: the times of the turns booked
// in it, oldest first, without those that ended their window already; and
// the times of the last N turns taken.
type windowLimiter struct {
	windows []Window
	spans   []time.Duration // by window: Per and the margin
	mu      sync.Mutex
	booked  [][]time.Time // by window; a turn taken is at the time it was taken
	taken   [][]time.Time // by window: the times of the last N turns taken within it, oldest first
	last    time.Time     // the latest turn booked
	seen    time.Time     // the latest now asked with
	latest  time.Time     // the latest turn taken
}

// booking is one turn of a windowLimiter.
type booking struct {
	at    time.Time // when it is booked for (the time it was taken, once taken)
	taken bool
	gone  bool // given back
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
		// A turn booked at or before seen-span limits no turn from then on.
		ts := l.booked[i]
		drop := 0
		for drop < len(ts) && !ts[drop].After(l.seen.Add(-l.spans[i])) {
			drop++
		}
		ts = ts[drop:]
		l.booked[i] = ts
		// The N-th latest turn must have left the window: then the window
		// ending at the new turn holds the N-1 after it and the new one.
		if len(ts) >= w.N {
			if end := ts[len(ts)-w.N].Add(l.spans[i]); end.After(at) {
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
	b := &booking{at: at}
	return Turn{Wait: wait, Booked: true, Cancel: func() { l.cancel(b) }, Start: func(now time.Time) time.Duration { return l.start(b, now) }}, nil
}

// start takes the turn b at now, or returns the wait until the turns taken
// let it go. The client waited for b.at already, so it is no earlier than
// that; nor earlier than the latest turn taken, so that the times taken
// stay in order.
func (l *windowLimiter) start(b *booking, now time.Time) time.Duration {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.taken || b.gone {
		return 0
	}
	at := now
	if at.Before(b.at) {
		at = b.at
	}
	base := at // the client's now, as the wait returned counts from it
	if at.Before(l.latest) {
		at = l.latest
	}
	// The N-th latest turn taken must have left the window.
	ok := at
	for i, w := range l.windows {
		if ts := l.taken[i]; len(ts) >= w.N {
			if end := ts[len(ts)-w.N].Add(l.spans[i]); end.After(ok) {
				ok = end
			}
		}
	}
	if ok.After(at) {
		// Booked later, so that later turns are booked after it.
		l.move(b, ok)
		return ok.Sub(base)
	}
	// Taken; its booking may stay where it was: the turns after it are
	// checked against the times taken when they start.
	b.taken = true
	l.latest = at
	for i, w := range l.windows {
		// Only the last N turns taken within the window matter.
		ts := l.taken[i]
		drop := max(len(ts)+1-w.N, 0)
		for drop < len(ts) && !ts[drop].After(at.Add(-l.spans[i])) {
			drop++
		}
		l.taken[i] = append(ts[drop:], at)
	}
	return 0
}

// move books b at t instead of b.at.
func (l *windowLimiter) move(b *booking, t time.Time) {
	if t.Equal(b.at) {
		return
	}
	for i, ts := range l.booked {
		if j := slices.IndexFunc(ts, b.at.Equal); j >= 0 {
			ts = slices.Delete(ts, j, j+1)
		}
		j, _ := slices.BinarySearchFunc(ts, t, func(e, t time.Time) int {
			if e.After(t) {
				return 1
			}
			return -1
		})
		l.booked[i] = slices.Insert(ts, j, t)
	}
	b.at = t
	if t.After(l.last) {
		l.last = t
	}
}

// cancel gives back the turn b, unless it was taken. Any turn may go: the
// turns left are a subset of a schedule that kept every window, so they
// keep them too.
func (l *windowLimiter) cancel(b *booking) {
	l.mu.Lock()
	defer l.mu.Unlock()
	if b.taken || b.gone {
		return
	}
	b.gone = true
	l.last = time.Time{}
	for i, ts := range l.booked {
		if j := slices.IndexFunc(ts, b.at.Equal); j >= 0 {
			ts = slices.Delete(ts, j, j+1)
			l.booked[i] = ts
		}
		if len(ts) > 0 && ts[len(ts)-1].After(l.last) {
			l.last = ts[len(ts)-1]
		}
	}
}

// TokenBucket returns a [Limiter] that takes its turns from l, a token
// bucket that several clients may share: WithLimiter(TokenBucket(
// rate.NewLimiter(10, 1))) allows 10 requests a second. A nil l, or one
// with no limit (rate.Inf) or none at all (a limit of 0 or less), gives a
// nil Limiter, which [WithLimiter] takes as no rate limiting.
func TokenBucket(l *rate.Limiter) Limiter {
	if l == nil || l.Limit() <= 0 || l.Limit() == rate.Inf {
		return nil
	}
	return tokenBucket{l}
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
// last). A wait that lasted any time is reported to trace, if not nil.
func (c *Client) waitTurn(ctx context.Context, method, path string, last error, attempts int, secrets secretSet, trace *callTrace) error {
	var waitStart time.Time // when the first sleep began; zero: none yet
	fail := func(cause error, why string) error {
		var err error
		if last != nil {
			err = &abandonedError{last: last, ctxErr: cause, attempts: attempts, why: why}
		} else {
			err = newTransportError(method, path, fmt.Errorf("%s: %w", why, cause), secrets)
		}
		if trace != nil && !waitStart.IsZero() {
			trace.limiterWait(ctx, attempts+1, time.Since(waitStart), err)
		}
		return err
	}
	turnCame := func() error {
		if trace != nil && !waitStart.IsZero() {
			trace.limiterWait(ctx, attempts+1, time.Since(waitStart), nil)
		}
		return nil
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
	giveBack := func() {
		if turn.Cancel != nil {
			turn.Cancel()
		}
	}
	wait := turn.Wait
	for {
		if wait > 0 {
			if trace != nil && waitStart.IsZero() {
				waitStart = time.Now()
			}
			if err := c.sleep(ctx, wait); err != nil {
				giveBack()
				return fail(ctxCause(ctx), "the context ended while waiting for the rate limiter")
			}
		}
		if turn.Start == nil {
			return turnCame()
		}
		if wait = turn.Start(c.now()); wait <= 0 {
			return turnCame()
		}
		// An earlier turn was taken late: this one waits a little longer.
		if dl, ok := ctx.Deadline(); ok && wait >= time.Until(dl) {
			giveBack()
			return fail(context.DeadlineExceeded, fmt.Sprintf("the rate limiter's wait of %v would pass the context deadline", roundWait(wait)))
		}
	}
}
