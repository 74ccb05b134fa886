package altegio

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"net/http"
	"net/http/httptest"
	"net/url"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"golang.org/x/time/rate"
)

const noDeadline = time.Duration(math.MaxInt64)

// checkWindows fails unless the sorted times keep every window: at most
// w.N of them in any period [t, t+w.Per).
func checkWindows(t *testing.T, times []time.Time, windows []Window) {
	t.Helper()
	for _, w := range windows {
		for i := range times {
			j := i
			for j < len(times) && times[j].Sub(times[i]) < w.Per {
				j++
			}
			if j-i > w.N {
				t.Fatalf("%d turns in the %v from turn %d on, want at most %d", j-i, w.Per, i, w.N)
			}
		}
	}
}

// TestLimiterDefaultWindows books 420 turns asked for at once, on a fake
// clock: 5 a second and 200 a minute, both at once, with their margins
// (100 ms each), and no later than they must be.
func TestLimiterDefaultWindows(t *testing.T) {
	l := NewLimiter(DefaultLimits()...)
	t0 := time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)
	var turns []time.Time
	for range 420 {
		turn, err := l.Reserve(context.Background(), t0, noDeadline)
		if err != nil || !turn.Booked {
			t.Fatalf("turn %d: %+v, %v", len(turns), turn, err)
		}
		turns = append(turns, t0.Add(turn.Wait))
	}
	checkWindows(t, turns, []Window{{5, 1100 * time.Millisecond}, {200, time.Minute + 100*time.Millisecond}})
	// Bursts of 5, 1.1 s apart, until 200 have gone in 42.9 s; then the
	// minute tier waits for the first burst to leave its 60.1 s.
	ms := time.Millisecond
	for i, want := range map[int]time.Duration{
		0: 0, 4: 0, 5: 1100 * ms, 199: 42900 * ms,
		200: 60100 * ms, 204: 60100 * ms, 205: 61200 * ms,
		399: 103000 * ms, 400: 120200 * ms,
	} {
		if got := turns[i].Sub(t0); got != want {
			t.Errorf("turn %d at %v, want %v", i, got, want)
		}
	}
}

// TestLimiterLateStart: on a fake clock, a turn taken late pushes back the
// turns after it, by the times taken, and a turn given back after it was
// taken stays taken.
func TestLimiterLateStart(t *testing.T) {
	l := NewLimiter(Window{N: 2, Per: time.Second}) // a margin of 100 ms
	t0 := time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)
	ms := time.Millisecond
	var turns []Turn
	for i, want := range []time.Duration{0, 0, 1100 * ms, 1100 * ms, 2200 * ms} {
		turn, err := l.Reserve(context.Background(), t0, noDeadline)
		if err != nil || !turn.Booked || turn.Start == nil || turn.Wait != want {
			t.Fatalf("turn %d: %+v, %v; want a wait of %v", i, turn, err, want)
		}
		turns = append(turns, turn)
	}
	start := func(i int, at time.Duration, want time.Duration) {
		t.Helper()
		if got := turns[i].Start(t0.Add(at)); got != want {
			t.Errorf("turn %d started at %v: wait %v, want %v", i, at, got, want)
		}
	}
	start(0, 0, 0)
	start(1, 70*ms, 0) // woke up 70 ms late
	start(2, 1100*ms, 0)
	// The window from turn 1, taken at 70 ms, holds turn 2: turn 3 waits
	// until 1.17 s, 70 ms more than booked.
	start(3, 1100*ms, 70*ms)
	start(3, 1170*ms, 0)
	turns[3].Cancel()    // taken: not given back
	start(4, 2200*ms, 0) // 1.1 s after turn 2
	start(4, 2200*ms, 0) // twice is harmless
	// Turn 3's booking moved with it: a new turn comes 1.1 s after it,
	// at 2.27 s.
	if turn, _ := l.Reserve(context.Background(), t0.Add(2200*ms), noDeadline); turn.Wait != 70*ms {
		t.Errorf("the next turn waits %v, want 70ms", turn.Wait)
	}
}

// TestLimiterMaxWait: a turn that would come maxWait or later after now
// is not booked, and takes nothing.
func TestLimiterMaxWait(t *testing.T) {
	l := NewLimiter(Window{N: 1, Per: time.Second}) // 1.1 s with its margin
	t0 := time.Now()
	span := 1100 * time.Millisecond
	for i, want := range []Turn{{Wait: 0, Booked: true}, {Wait: span}, {Wait: span}} {
		turn, err := l.Reserve(context.Background(), t0, span)
		if err != nil || turn.Wait != want.Wait || turn.Booked != want.Booked {
			t.Errorf("call %d: %+v, %v; want %+v", i, turn, err, want)
		}
	}
	// A wait of 0 is booked even when the deadline has passed: the
	// request then fails on its own context, as without a limiter.
	l = NewLimiter(Window{N: 1, Per: time.Second})
	if turn, _ := l.Reserve(context.Background(), t0, -time.Second); !turn.Booked || turn.Wait != 0 {
		t.Errorf("a turn at once, past the deadline: %+v", turn)
	}
	if turn, _ := l.Reserve(context.Background(), t0, span+time.Nanosecond); !turn.Booked || turn.Wait != span {
		t.Errorf("a turn just before the deadline: %+v", turn)
	}
}

// TestLimiterCancel: a turn given back frees its place, and the turns left
// still keep the windows.
func TestLimiterCancel(t *testing.T) {
	windows := []Window{{N: 2, Per: time.Second}, {N: 3, Per: 10 * time.Second}}
	l := NewLimiter(windows...)
	t0 := time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)
	reserve := func(now time.Time) (time.Time, Turn) {
		turn, err := l.Reserve(context.Background(), now, noDeadline)
		if err != nil || !turn.Booked || turn.Cancel == nil {
			t.Fatalf("%+v, %v", turn, err)
		}
		return now.Add(turn.Wait), turn
	}
	a, _ := reserve(t0)
	b, _ := reserve(t0)
	c, turnC := reserve(t0)
	if c != t0.Add(1100*time.Millisecond) {
		t.Fatalf("third turn at %v", c.Sub(t0))
	}
	turnC.Cancel()
	d, _ := reserve(t0)
	if d != c {
		t.Errorf("after a cancel, the next turn is at %v, want the freed %v", d.Sub(t0), c.Sub(t0))
	}
	e, turnE := reserve(t0)
	if e != t0.Add(10100*time.Millisecond) {
		t.Errorf("the fourth turn in 10 s at %v, want 10.1s", e.Sub(t0))
	}
	turnE.Cancel()
	turnE.Cancel() // twice is harmless
	checkWindows(t, []time.Time{a, b, d}, []Window{{N: 2, Per: 1100 * time.Millisecond}, {N: 3, Per: 10100 * time.Millisecond}})

	// With every turn given back, the next comes at once.
	l = NewLimiter(Window{N: 1, Per: time.Hour})
	_, first := reserve(t0)
	if at, second := reserve(t0); at != t0.Add(time.Hour+100*time.Millisecond) {
		t.Fatalf("second turn at %v", at.Sub(t0))
	} else {
		second.Cancel()
	}
	first.Cancel()
	if at, _ := reserve(t0); at != t0 {
		t.Errorf("after both turns were given back, the next is at %v, want at once", at.Sub(t0))
	}
}

// TestLimiterConcurrent: goroutines asking at once, on the real clock,
// get turns that keep the windows.
func TestLimiterConcurrent(t *testing.T) {
	windows := []Window{{N: 3, Per: 20 * time.Millisecond}, {N: 10, Per: 100 * time.Millisecond}}
	l := NewLimiter(windows...)
	var mu sync.Mutex
	var turns []time.Time
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 5 {
				now := time.Now()
				turn, err := l.Reserve(context.Background(), now, noDeadline)
				if err != nil || !turn.Booked {
					t.Errorf("%+v, %v", turn, err)
					return
				}
				mu.Lock()
				turns = append(turns, now.Add(turn.Wait))
				mu.Unlock()
				if rand.IntN(2) == 0 {
					time.Sleep(time.Millisecond)
				}
			}
		})
	}
	wg.Wait()
	slices.SortFunc(turns, time.Time.Compare)
	checkWindows(t, turns, windows)
}

// TestLimiterIgnoresBadWindows: windows that limit nothing are dropped.
func TestLimiterIgnoresBadWindows(t *testing.T) {
	l := NewLimiter(Window{N: 0, Per: time.Second}, Window{N: 5, Per: 0})
	for range 100 {
		if turn, _ := l.Reserve(context.Background(), time.Now(), 0); !turn.Booked || turn.Wait != 0 {
			t.Fatalf("%+v", turn)
		}
	}
	if s := (Window{N: 5, Per: time.Second}).String(); s != "5/1s" {
		t.Errorf("String() = %q", s)
	}
}

// TestDefaultLimiter: a client without a limiter option, sending to
// Altegio's API host, uses the limiter of its partner token, Altegio's
// published limit; one pointed elsewhere (a mock, a test server) has
// none; the options replace it or turn it off.
func TestDefaultLimiter(t *testing.T) {
	for _, base := range []string{DefaultV1BaseURL, DefaultV2BaseURL} {
		if u, _ := url.Parse(base); u.Host != APIHost {
			t.Errorf("%s is not on APIHost %s", base, APIHost)
		}
	}
	a := NewClient(DefaultV1BaseURL, WithTokens(testPartner, testUser))
	b := NewClient(DefaultV2BaseURL, WithTokens(testPartner, ""))
	c := NewClient("HTTPS://API.ALTEG.IO:443/api/v2", WithTokens(testPartner, "other user"))
	if a.limiter == nil || a.limiter != b.limiter || a.limiter != c.limiter {
		t.Fatal("clients of one partner token on the API host do not share one limiter")
	}
	if w := a.limiter.(*windowLimiter).windows; !slices.Equal(w, []Window{{5, time.Second}, {200, time.Minute}}) {
		t.Errorf("default windows %v", w)
	}
	other := NewClient(DefaultV2BaseURL, WithTokens("another partner", ""))
	none := NewClient(DefaultV2BaseURL)
	if other.limiter == nil || none.limiter == nil || other.limiter == a.limiter || none.limiter == a.limiter || other.limiter == none.limiter {
		t.Error("another partner token (or none) does not get a limiter of its own")
	}
	for _, base := range []string{"http://127.0.0.1:8080/api/v2", MockV2BaseURL, "https://api.alteg.io.example.com/api/v2", "https://proxy.example.com/api.alteg.io"} {
		if l := NewClient(base, WithTokens(testPartner, "")).limiter; l != nil {
			t.Errorf("a client of %s has a default limiter", base)
		}
	}
	own := NewLimiter(Window{N: 1, Per: time.Second})
	if c := NewClient(DefaultV2BaseURL, WithLimiter(own)); c.limiter != own {
		t.Error("WithLimiter ignored")
	}
	if c := NewClient("http://127.0.0.1:8080", WithLimiter(own)); c.limiter != own {
		t.Error("WithLimiter ignored on another host")
	}
	if c := NewClient(DefaultV2BaseURL, WithLimiter(own), WithLimiter(TokenBucket(rate.NewLimiter(3, 1)))); c.limiter.(tokenBucket).l.Limit() != 3 {
		t.Error("the last limiter option does not win")
	}
	for _, o := range []Option{WithLimiter(nil), WithLimiter(TokenBucket(rate.NewLimiter(0, 5))), WithLimiter(TokenBucket(rate.NewLimiter(rate.Inf, 1))), WithLimiter(TokenBucket(nil))} {
		if c := NewClient(DefaultV2BaseURL, WithLimiter(own), o); c.limiter != nil {
			t.Error("limiter not removed")
		}
	}
}

// TestClientWindows: a client of a window limiter waits for its turns:
// with 5 a second on a fake clock, the 6th and 7th calls wait 1.1 s.
func TestClientWindows(t *testing.T) {
	f := newFault(t, ok200)
	now := time.Now()
	c := f.client(WithLimiter(NewLimiter(DefaultLimits()...)), withClock(func() time.Time { return now }, f.sleep, nil))
	for range 7 {
		if err := f.call(c, context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
	}
	if w := f.recordedWaits(); !equalDurations(w, []time.Duration{1100 * time.Millisecond, 1100 * time.Millisecond}) {
		t.Errorf("waits %v, want [1.1s 1.1s]", w)
	}
}

// failingLimiter is a Limiter whose store is down.
type failingLimiter struct{ err error }

func (l failingLimiter) Reserve(context.Context, time.Time, time.Duration) (Turn, error) {
	return Turn{}, l.err
}

// TestLimiterErrors: a limiter that fails, or lets nothing through, fails
// the call before anything is sent.
func TestLimiterErrors(t *testing.T) {
	down := errors.New("connection refused")
	for _, tc := range []struct {
		opt  Option
		want string
		is   error
	}{
		{WithLimiter(failingLimiter{down}), "altegio: GET /locations/1/positions: the rate limiter: connection refused", down},
		{WithLimiter(TokenBucket(rate.NewLimiter(1, 0))), "altegio: GET /locations/1/positions: the rate limiter: it lets nothing through: its burst is 0", errLimiterBurst},
	} {
		f := newFault(t, ok200)
		err := f.call(f.client(tc.opt), context.Background(), "GET", nil)
		if err == nil || err.Error() != tc.want || !errors.Is(err, tc.is) {
			t.Errorf("err %v, want %q", err, tc.want)
		}
		if f.hits.Load() != 0 {
			t.Errorf("%d requests sent", f.hits.Load())
		}
	}
}

// TestLimiterCancelledWait: a call whose context ends while it waits for
// its turn gives the turn back.
func TestLimiterCancelledWait(t *testing.T) {
	f := newFault(t, ok200)
	l := NewLimiter(Window{N: 1, Per: time.Hour})
	now := time.Now()
	ctx, cancel := context.WithCancel(context.Background())
	sleep := func(ctx context.Context, d time.Duration) error { cancel(); return ctx.Err() }
	c := f.client(WithLimiter(l), withClock(func() time.Time { return now }, sleep, nil))
	if err := f.call(c, context.Background(), "GET", nil); err != nil {
		t.Fatal(err)
	}
	err := f.call(c, ctx, "GET", nil)
	if !errors.Is(err, context.Canceled) || !strings.Contains(err.Error(), "while waiting for the rate limiter") {
		t.Fatalf("err %v", err)
	}
	// The cancelled turn (an hour on) was given back: the next one is
	// still an hour on, not two.
	if turn, _ := l.Reserve(context.Background(), now, noDeadline); turn.Wait != time.Hour+100*time.Millisecond {
		t.Errorf("next turn in %v, want 1h0m0.1s", turn.Wait)
	}
}

// TestLimiterLateWakeUps: 50 goroutines call an httptest server at once
// through one limiter of Altegio's limit, and every third wait wakes up
// 150 ms late, as goroutines do on a loaded machine (12 to 70 ms were
// seen; 150 ms is more than the limiter's margin, so that only counting
// turns when taken keeps the limit). The arrival times the server records
// keep the limit: at most 5 in any second.
func TestLimiterLateWakeUps(t *testing.T) {
	t.Parallel()
	var mu sync.Mutex
	var arrivals []time.Time
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		at := time.Now()
		mu.Lock()
		arrivals = append(arrivals, at)
		mu.Unlock()
		ok200(w, r)
	}))
	defer srv.Close()
	tr := &http.Transport{}
	defer tr.CloseIdleConnections()
	var sleeps atomic.Int32
	lateSleep := func(ctx context.Context, d time.Duration) error {
		if sleeps.Add(1)%3 == 0 {
			d += 150 * time.Millisecond
		}
		return sleepCtx(ctx, d)
	}
	c := NewClient(srv.URL, WithLimiter(NewLimiter(DefaultLimits()...)), WithHTTPClient(&http.Client{Transport: tr}),
		WithRetry(RetryPolicy{MaxAttempts: 1}), withClock(nil, lateSleep, nil))
	var wg sync.WaitGroup
	for range 50 {
		wg.Go(func() {
			if err := c.do(context.Background(), newReq(t, c, "GET", "/locations", ""), authNone, nil); err != nil {
				t.Error(err)
			}
		})
	}
	wg.Wait()
	if sleeps.Load() < 45 {
		t.Fatalf("%d waits, want 45 at least", sleeps.Load())
	}
	mu.Lock()
	defer mu.Unlock()
	slices.SortFunc(arrivals, time.Time.Compare)
	for i := range arrivals {
		j := i
		for j < len(arrivals) && arrivals[j].Sub(arrivals[i]) < time.Second {
			j++
		}
		if j-i > 5 {
			t.Errorf("%d requests arrived within %v from request %d on, want 5 at most in any second", j-i, arrivals[j-1].Sub(arrivals[i]).Round(time.Millisecond), i)
		}
	}
}
