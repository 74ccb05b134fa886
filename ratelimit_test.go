package altegio

import (
	"context"
	"errors"
	"math"
	"math/rand/v2"
	"slices"
	"strings"
	"sync"
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
// clock: 5 a second and 200 a minute, both at once, and no later than
// they must be.
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
	checkWindows(t, turns, DefaultLimits())
	// Bursts of 5, a second apart, until 200 have gone in 40 s; then the
	// minute tier waits for the first burst to leave its window.
	for i, want := range map[int]time.Duration{
		0: 0, 4: 0, 5: time.Second, 199: 39 * time.Second,
		200: time.Minute, 204: time.Minute, 205: time.Minute + time.Second,
		399: time.Minute + 39*time.Second, 400: 2 * time.Minute,
	} {
		if got := turns[i].Sub(t0); got != want {
			t.Errorf("turn %d at %v, want %v", i, got, want)
		}
	}
}

// TestLimiterMaxWait: a turn that would come maxWait or later after now
// is not booked, and takes nothing.
func TestLimiterMaxWait(t *testing.T) {
	l := NewLimiter(Window{N: 1, Per: time.Second})
	t0 := time.Now()
	for i, want := range []Turn{{Wait: 0, Booked: true}, {Wait: time.Second}, {Wait: time.Second}} {
		turn, err := l.Reserve(context.Background(), t0, time.Second)
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
	if turn, _ := l.Reserve(context.Background(), t0, time.Second+time.Nanosecond); !turn.Booked || turn.Wait != time.Second {
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
	if c != t0.Add(time.Second) {
		t.Fatalf("third turn at %v", c.Sub(t0))
	}
	turnC.Cancel()
	d, _ := reserve(t0)
	if d != c {
		t.Errorf("after a cancel, the next turn is at %v, want the freed %v", d.Sub(t0), c.Sub(t0))
	}
	e, turnE := reserve(t0)
	if e != t0.Add(10*time.Second) {
		t.Errorf("the fourth turn in 10 s at %v, want 10s", e.Sub(t0))
	}
	turnE.Cancel()
	turnE.Cancel() // twice is harmless
	checkWindows(t, []time.Time{a, b, d}, windows)

	// With every turn given back, the next comes at once.
	l = NewLimiter(Window{N: 1, Per: time.Hour})
	_, first := reserve(t0)
	if at, second := reserve(t0); at != t0.Add(time.Hour) {
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

// TestDefaultLimiter: a client without a limiter option uses the limiter
// of the process, Altegio's published limit; the options replace it or
// turn it off.
func TestDefaultLimiter(t *testing.T) {
	a, b := NewClient(DefaultV1BaseURL), NewClient(DefaultV2BaseURL, WithTokens(testPartner, testUser))
	if a.limiter != defaultLimiter || b.limiter != defaultLimiter {
		t.Fatal("clients without a limiter option do not share the default limiter")
	}
	if w := defaultLimiter.(*windowLimiter).windows; !slices.Equal(w, []Window{{5, time.Second}, {200, time.Minute}}) {
		t.Errorf("default windows %v", w)
	}
	own := NewLimiter(Window{N: 1, Per: time.Second})
	if c := NewClient(DefaultV2BaseURL, WithLimiter(own)); c.limiter != own {
		t.Error("WithLimiter ignored")
	}
	if c := NewClient(DefaultV2BaseURL, WithLimiter(own), WithRateLimit(3, 1)); c.limiter.(tokenBucket).l.Limit() != 3 {
		t.Error("the last limiter option does not win")
	}
	for _, o := range []Option{WithLimiter(nil), WithRateLimit(0, 5), WithRateLimit(rate.Inf, 1), WithRateLimiter(nil)} {
		if c := NewClient(DefaultV2BaseURL, WithLimiter(own), o); c.limiter != nil {
			t.Error("limiter not removed")
		}
	}
}

// TestClientWindows: a client of a window limiter waits for its turns:
// with 5 a second on a fake clock, the 6th and 7th calls wait a second.
func TestClientWindows(t *testing.T) {
	f := newFault(t, ok200)
	now := time.Now()
	c := f.client(WithLimiter(NewLimiter(DefaultLimits()...)), withClock(func() time.Time { return now }, f.sleep, nil))
	for range 7 {
		if err := f.call(c, context.Background(), "GET", nil); err != nil {
			t.Fatal(err)
		}
	}
	if w := f.recordedWaits(); !equalDurations(w, []time.Duration{time.Second, time.Second}) {
		t.Errorf("waits %v, want [1s 1s]", w)
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
		{WithRateLimiter(rate.NewLimiter(1, 0)), "altegio: GET /locations/1/positions: the rate limiter: it lets nothing through: its burst is 0", errLimiterBurst},
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
	if turn, _ := l.Reserve(context.Background(), now, noDeadline); turn.Wait != time.Hour {
		t.Errorf("next turn in %v, want 1h", turn.Wait)
	}
}
