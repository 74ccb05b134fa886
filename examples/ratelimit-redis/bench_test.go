package redislimit_test

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/altegio-go/altegio"
	redislimit "github.com/altegio-go/altegio/examples/ratelimit-redis"
	"github.com/altegio-go/altegio/plumbing"
)

// benchWindow is the budget of BenchmarkSharedBudget: 1,000 requests a
// second, in windows of 100 ms, so that a run of a few thousand requests is
// quick and the first window's burst weighs little.
var benchWindow = altegio.Window{N: 100, Per: 100 * time.Millisecond}

// BenchmarkSharedBudget measures the requests per second that 1, 2 and 4
// clients, each calling an httptest server as fast as it can, hold
// together when they share one budget: one in-process altegio.NewLimiter,
// or a redislimit.Limiter each (a Redis connection pool of its own, as
// replicas would have) under one key. req/s is the total rate; x-limit is
// req/s over the budget's 1,000/s (1.0: the budget is used, no more).
func BenchmarkSharedBudget(b *testing.B) {
	rs := startRedis(b)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		io.WriteString(w, `{"success":true,"data":[],"meta":[]}`)
	}))
	defer srv.Close()
	var run atomic.Int64 // a fresh budget for every run
	for _, kind := range []string{"in-process", "redis"} {
		for _, clients := range []int{1, 2, 4} {
			b.Run(fmt.Sprintf("limiter=%s/clients=%d", kind, clients), func(b *testing.B) {
				key := fmt.Sprintf("bench-%d", run.Add(1))
				shared := altegio.NewLimiter(benchWindow)
				var cs []*altegio.Client
				for range clients {
					lim := shared
					if kind == "redis" {
						rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
						defer rdb.Close()
						lim = redislimit.New(rdb, key, benchWindow)
					}
					tr := &http.Transport{}
					defer tr.CloseIdleConnections()
					cs = append(cs, altegio.NewClient(srv.URL, altegio.WithLimiter(lim), altegio.WithHTTPClient(&http.Client{Transport: tr}), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1})))
				}
				var next atomic.Int64
				var wg sync.WaitGroup
				b.ResetTimer()
				start := time.Now()
				for _, c := range cs {
					wg.Go(func() {
						for next.Add(1) <= int64(b.N) {
							req, _ := http.NewRequest("GET", srv.URL+"/locations/1/positions", nil)
							if err := plumbing.Do(c, context.Background(), req, plumbing.AuthNone, nil); err != nil {
								b.Error(err)
								return
							}
						}
					})
				}
				wg.Wait()
				elapsed := time.Since(start)
				rate := float64(b.N) / elapsed.Seconds()
				b.ReportMetric(rate, "req/s")
				b.ReportMetric(rate/(float64(benchWindow.N)/benchWindow.Per.Seconds()), "x-limit")
			})
		}
	}
}

// BenchmarkReserve measures one Reserve, the limiter's own cost per
// attempt, with a budget it never exhausts: in process and through Redis.
func BenchmarkReserve(b *testing.B) {
	rs := startRedis(b)
	rdb := redis.NewClient(&redis.Options{Addr: rs.Addr})
	defer rdb.Close()
	never := altegio.Window{N: 1 << 30, Per: time.Millisecond}
	for name, lim := range map[string]altegio.Limiter{
		"in-process": altegio.NewLimiter(never),
		"redis":      redislimit.New(rdb, "bench-reserve", never),
	} {
		b.Run(name, func(b *testing.B) {
			for b.Loop() {
				if turn, err := lim.Reserve(context.Background(), time.Now(), time.Hour); err != nil || !turn.Booked || turn.Wait > 0 {
					b.Fatal(turn, err)
				}
			}
		})
	}
}
