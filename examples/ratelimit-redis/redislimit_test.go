package redislimit_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"
	"go.uber.org/goleak"

	"github.com/altegio-go/altegio"
	redislimit "github.com/altegio-go/altegio/examples/ratelimit-redis"
	"github.com/altegio-go/altegio/plumbing"
)

// The environment of a worker process (see TestTwoProcessesShareOneBudget).
const (
	envWorker = "REDISLIMIT_WORKER" // the worker's name; set only in workers
	envRedis  = "REDISLIMIT_REDIS"  // the Redis address; "" for an in-process limiter
	envKey    = "REDISLIMIT_KEY"
	envURL    = "REDISLIMIT_URL"   // the server to call
	envUntil  = "REDISLIMIT_UNTIL" // when to stop, Unix nanoseconds
)

func TestMain(m *testing.M) {
	if name := os.Getenv(envWorker); name != "" {
		os.Exit(worker(name))
	}
	goleak.VerifyTestMain(m)
}

const noDeadline = time.Duration(math.MaxInt64)

// booked returns the times of the turns booked under key's window i, from
// the sorted set itself.
func booked(t *testing.T, rdb *redis.Client, key string, i int) []time.Time {
	t.Helper()
	zs, err := rdb.ZRangeWithScores(context.Background(), fmt.Sprintf("{%s}:%d", key, i), 0, -1).Result()
	if err != nil {
		t.Fatal(err)
	}
	var ts []time.Time
	for _, z := range zs {
		ts = append(ts, time.UnixMicro(int64(z.Score)))
	}
	return ts
}

// maxInWindow returns the most times in any period [t, t+per), times sorted.
func maxInWindow(times []time.Time, per time.Duration) int {
	most := 0
	for i := range times {
		j := i
		for j < len(times) && times[j].Sub(times[i]) < per {
			j++
		}
		most = max(most, j-i)
	}
	return most
}

// TestSchedule: turns asked for at once are booked as the windows allow,
// no earlier and no later, on Redis's clock.
func TestSchedule(t *testing.T) {
	rdb := startRedis(t).client(t)
	windows := []altegio.Window{{N: 3, Per: 300 * time.Millisecond}, {N: 5, Per: 2 * time.Second}}
	l := redislimit.New(rdb, "schedule", windows...)
	var waits []time.Duration
	for range 7 {
		turn, err := l.Reserve(context.Background(), time.Time{}, noDeadline)
		if err != nil || !turn.Booked || turn.Cancel == nil {
			t.Fatalf("%+v, %v", turn, err)
		}
		waits = append(waits, turn.Wait)
	}
	ts := booked(t, rdb, "schedule", 1)
	if len(ts) != 7 {
		t.Fatalf("%d turns booked", len(ts))
	}
	// 3 at once, 2 when the first 3 leave the 300 ms window, then the
	// 2 s window is full until the first turn leaves it.
	for i, want := range []time.Duration{0, 0, 0, 300 * time.Millisecond, 300 * time.Millisecond, 2 * time.Second, 2 * time.Second} {
		// The first three are booked at Redis's now, a few µs apart.
		if got := ts[i].Sub(ts[0]); got < want || got > want+50*time.Millisecond {
			t.Errorf("turn %d booked %v after the first, want %v", i, got, want)
		}
	}
	for i, w := range windows {
		if n := maxInWindow(booked(t, rdb, "schedule", i), w.Per); n > w.N {
			t.Errorf("window %v holds %d turns", w, n)
		}
	}
	if waits[6] < 1900*time.Millisecond || waits[6] > 2*time.Second {
		t.Errorf("the 7th turn's wait is %v, want about 2s", waits[6])
	}
}

// TestMaxWaitAndCancel: a turn past maxWait books nothing; a turn given
// back frees its place.
func TestMaxWaitAndCancel(t *testing.T) {
	rdb := startRedis(t).client(t)
	l := redislimit.New(rdb, "cancel", altegio.Window{N: 1, Per: 10 * time.Second})
	ctx := context.Background()
	first, err := l.Reserve(ctx, time.Time{}, time.Second)
	if err != nil || !first.Booked || first.Wait != 0 {
		t.Fatalf("%+v, %v", first, err)
	}
	late, err := l.Reserve(ctx, time.Time{}, time.Second)
	if err != nil || late.Booked || late.Wait < 9*time.Second || late.Cancel != nil {
		t.Fatalf("a turn 10 s on with a second to wait: %+v, %v", late, err)
	}
	if n := len(booked(t, rdb, "cancel", 0)); n != 1 {
		t.Errorf("%d turns booked, want 1", n)
	}
	second, err := l.Reserve(ctx, time.Time{}, noDeadline)
	if err != nil || !second.Booked || second.Wait < 9*time.Second {
		t.Fatalf("%+v, %v", second, err)
	}
	second.Cancel()
	first.Cancel()
	// Cancel waits for Redis 100 ms at most, then gives back in the
	// background.
	for deadline := time.Now().Add(5 * time.Second); len(booked(t, rdb, "cancel", 0)) > 0 && time.Now().Before(deadline); {
		time.Sleep(10 * time.Millisecond)
	}
	if n := len(booked(t, rdb, "cancel", 0)); n != 0 {
		t.Errorf("%d turns left after both were given back", n)
	}
	if again, _ := l.Reserve(ctx, time.Time{}, noDeadline); !again.Booked || again.Wait != 0 {
		t.Errorf("after both turns were given back: %+v", again)
	}
	if ttl := rdb.PTTL(ctx, "{cancel}:0").Val(); ttl <= 10*time.Second || ttl > 12*time.Second {
		t.Errorf("the window's key expires in %v, want a little over 10s", ttl)
	}
}

// TestRedisDown: with Redis unreachable a call fails, naming the rate
// limiter, and sends nothing.
func TestRedisDown(t *testing.T) {
	var hits int
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits++ }))
	defer srv.Close()
	rdb := redis.NewClient(&redis.Options{Addr: "127.0.0.1:" + strconv.Itoa(freePort(t)), MaxRetries: -1})
	defer rdb.Close()
	c := altegio.NewClient(srv.URL, altegio.WithLimiter(redislimit.New(rdb, "down")))
	req, _ := http.NewRequest("GET", srv.URL+"/locations/1", nil)
	err := plumbing.Do(c, context.Background(), req, plumbing.AuthNone, nil)
	if err == nil || !strings.HasPrefix(err.Error(), "altegio: GET /locations/1: the rate limiter: redislimit: dial tcp") || hits != 0 {
		t.Fatalf("err %v, %d requests", err, hits)
	}
}

// TestHungRedis: with Redis hung (SIGSTOP), a call with a 500 ms deadline
// fails with context.DeadlineExceeded at its deadline and sends nothing,
// whatever the Redis client's options: the README's plain ones, which
// leave go-redis's own timeouts (3 s, retried) in charge, or
// ContextTimeoutEnabled. The turn the script books once Redis resumes is
// given back.
func TestHungRedis(t *testing.T) {
	const deadline = 500 * time.Millisecond
	rs := startRedis(t)
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { hits.Add(1) }))
	defer srv.Close()
	for i, opts := range []*redis.Options{
		{Addr: rs.Addr},
		{Addr: rs.Addr, ContextTimeoutEnabled: true},
	} {
		t.Run(fmt.Sprintf("ContextTimeoutEnabled=%v", opts.ContextTimeoutEnabled), func(t *testing.T) {
			rdb := redis.NewClient(opts)
			defer rdb.Close()
			key := fmt.Sprintf("hung-%d", i)
			lim := redislimit.New(rdb, key)
			// A turn first, so that the connection is open and the
			// script loaded: the hang comes mid-use.
			if turn, err := lim.Reserve(context.Background(), time.Time{}, noDeadline); err != nil || !turn.Booked {
				t.Fatalf("%+v, %v", turn, err)
			}
			c := altegio.NewClient(srv.URL, altegio.WithLimiter(lim))
			resume := rs.hang(t)
			ctx, cancel := context.WithTimeout(context.Background(), deadline)
			defer cancel()
			req, _ := http.NewRequest("GET", srv.URL+"/locations/1", nil)
			start := time.Now()
			err := plumbing.Do(c, ctx, req, plumbing.AuthNone, nil)
			took := time.Since(start)
			resume()
			if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "the rate limiter: redislimit: no answer from Redis") {
				t.Errorf("err %v, want the rate limiter's context.DeadlineExceeded", err)
			}
			// 250 ms of slack for a loaded machine; go-redis's own
			// timeouts would take 3 s and more.
			if took < deadline-10*time.Millisecond || took > deadline+250*time.Millisecond {
				t.Errorf("the call returned after %v, want about %v", took.Round(time.Millisecond), deadline)
			}
			if hits.Load() != 0 {
				t.Errorf("%d requests sent", hits.Load())
			}
			// Once Redis resumes, the script runs and its turn is given
			// back: only the first turn stays.
			// (Window 1, the minute: window 0's key expires 2 s on.)
			for end := time.Now().Add(5 * time.Second); len(booked(t, rdb, key, 1)) != 1 && time.Now().Before(end); {
				time.Sleep(20 * time.Millisecond)
			}
			if n := len(booked(t, rdb, key, 1)); n != 1 {
				t.Errorf("%d turns booked, want 1 (the late one given back)", n)
			}
		})
	}
}

// The windows of the two-process test: the second binds within its 3 s.
var shareWindows = []altegio.Window{{N: 5, Per: time.Second}, {N: 12, Per: 3 * time.Second}}

// TestTwoProcessesShareOneBudget runs two worker processes (this test
// binary, see worker) that call one server as fast as their limiter lets
// them for 3 s, and checks the arrival times the server saw: together the
// two keep every window. The same run with an in-process limiter in each
// worker breaks the windows, so the check is not idle.
func TestTwoProcessesShareOneBudget(t *testing.T) {
	rs := startRedis(t)
	run := func(t *testing.T, redisAddr string) (arrivals map[string][]time.Time, all []time.Time) {
		var mu sync.Mutex
		arrivals = map[string][]time.Time{}
		srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
			now := time.Now()
			name, _, _ := strings.Cut(r.UserAgent(), " ")
			mu.Lock()
			arrivals[name] = append(arrivals[name], now)
			all = append(all, now)
			mu.Unlock()
			io.WriteString(w, `{"success":true,"data":[],"meta":[]}`)
		}))
		defer srv.Close()
		until := time.Now().Add(3500 * time.Millisecond) // start-up, then about 3 s
		var wg sync.WaitGroup
		for _, name := range []string{"worker-a", "worker-b"} {
			cmd := exec.Command(os.Args[0], "-test.run=^$")
			cmd.Env = append(os.Environ(), envWorker+"="+name, envRedis+"="+redisAddr, envKey+"="+t.Name(),
				envURL+"="+srv.URL, envUntil+"="+strconv.FormatInt(until.UnixNano(), 10))
			wg.Go(func() {
				if out, err := cmd.CombinedOutput(); err != nil {
					t.Errorf("%s: %v\n%s", name, err, out)
				}
			})
		}
		wg.Wait()
		mu.Lock()
		defer mu.Unlock()
		slices.SortFunc(all, time.Time.Compare)
		return arrivals, all
	}
	// A request reaches the server a little after its booked turn (the
	// Redis reply, the end of the sleep, the loopback round trip): windows
	// shorter by that much are checked, and may hold no more than N.
	const lag = 100 * time.Millisecond
	worst := func(all []time.Time) (over []string) {
		for _, w := range shareWindows {
			if n := maxInWindow(all, w.Per-lag); n > w.N {
				over = append(over, fmt.Sprintf("%d requests within %v (limit %v)", n, w.Per-lag, w))
			}
		}
		return over
	}

	t.Run("redis", func(t *testing.T) {
		arrivals, all := run(t, rs.Addr)
		if over := worst(all); len(over) > 0 {
			t.Errorf("two processes sharing the Redis limiter broke the limit: %s", strings.Join(over, "; "))
		}
		// Both took part, and together they used the budget: 12 in the
		// first 3 s at least.
		if len(arrivals["worker-a"]) < 2 || len(arrivals["worker-b"]) < 2 || len(all) < 12 {
			t.Errorf("requests: worker-a %d, worker-b %d, %d in all", len(arrivals["worker-a"]), len(arrivals["worker-b"]), len(all))
		}
		t.Logf("worker-a %d, worker-b %d requests; the busiest %v held %d, the busiest %v %d",
			len(arrivals["worker-a"]), len(arrivals["worker-b"]), time.Second-lag, maxInWindow(all, time.Second-lag), 3*time.Second-lag, maxInWindow(all, 3*time.Second-lag))
	})
	t.Run("control: a limiter in each process", func(t *testing.T) {
		_, all := run(t, "")
		if over := worst(all); len(over) == 0 {
			t.Errorf("two processes with a limiter each kept the windows (%d requests): the check above proves nothing", len(all))
		}
	})
}

// worker is a worker process: it calls the server at $REDISLIMIT_URL
// until $REDISLIMIT_UNTIL through a client limited by shareWindows, in
// Redis or (without $REDISLIMIT_REDIS) in this process alone. It returns
// the exit status.
func worker(name string) int {
	until, err := strconv.ParseInt(os.Getenv(envUntil), 10, 64)
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 2
	}
	lim := altegio.NewLimiter(shareWindows...)
	if addr := os.Getenv(envRedis); addr != "" {
		rdb := redis.NewClient(&redis.Options{Addr: addr})
		defer rdb.Close()
		lim = redislimit.New(rdb, os.Getenv(envKey), shareWindows...)
	}
	c := altegio.NewClient(os.Getenv(envURL), altegio.WithLimiter(lim), altegio.WithUserAgent(name), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}))
	ctx, cancel := context.WithDeadline(context.Background(), time.Unix(0, until))
	defer cancel()
	for {
		req, _ := http.NewRequest("GET", os.Getenv(envURL)+"/locations/1/positions", nil)
		err := plumbing.Do(c, ctx, req, plumbing.AuthNone, nil)
		if errors.Is(err, context.DeadlineExceeded) {
			return 0 // the next turn comes too late
		}
		if err != nil {
			fmt.Fprintln(os.Stderr, err)
			return 1
		}
	}
}
