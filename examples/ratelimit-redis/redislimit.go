// Package redislimit is an altegio.Limiter whose schedule lives in Redis,
// so that every process that uses the same Redis and key, say the replicas
// of a service behind one IP address, shares one Altegio rate limit:
//
//	rdb := redis.NewClient(&redis.Options{Addr: "redis:6379", ContextTimeoutEnabled: true})
//	lim := redislimit.New(rdb, "altegio:203.0.113.7") // altegio.DefaultLimits()
//	v2 := b2bv2.New(altegio.WithTokens(p, u), altegio.WithLimiter(lim))
//	v1 := b2bv1.New(altegio.WithTokens(p, u), altegio.WithLimiter(lim))
//
// It keeps the schedule of altegio.NewLimiter, without its margins: a
// sliding log per window (at most N requests in any period Per), in one
// sorted set per window; it books turns with one Lua script, atomically,
// on Redis's clock, so the replicas' own clocks do not matter. It is an
// example kept in its own module, so that the altegio module does not
// depend on a Redis client.
package redislimit

import (
	"context"
	"crypto/rand"
	"encoding/hex"
	"errors"
	"fmt"
	"time"

	"github.com/redis/go-redis/v9"

	"github.com/altegio-go/altegio"
)

// Limiter is an altegio.Limiter backed by Redis. It is safe for concurrent
// use; create one per process (or per client) with the same key to share a
// budget.
type Limiter struct {
	rdb     redis.UniversalClient
	keys    []string
	windows []altegio.Window
	args    []any // the windows, as the script reads them
}

// New returns a Limiter that books turns in rdb (a *redis.Client,
// *redis.ClusterClient or *redis.Ring) under key: the sorted sets "{key}:0",
// "{key}:1", … one per window, in one Redis Cluster slot. With
// no windows it keeps altegio.DefaultLimits(). Windows with N < 1 or
// Per < 1 µs are ignored.
func New(rdb redis.UniversalClient, key string, windows ...altegio.Window) *Limiter {
	if len(windows) == 0 {
		windows = altegio.DefaultLimits()
	}
	l := &Limiter{rdb: rdb}
	for _, w := range windows {
		if w.N < 1 || w.Per < time.Microsecond {
			continue
		}
		l.keys = append(l.keys, fmt.Sprintf("{%s}:%d", key, len(l.windows)))
		l.windows = append(l.windows, w)
		l.args = append(l.args, w.N, w.Per.Microseconds())
	}
	return l
}

// reserve books the earliest turn for one request that comes less than
// ARGV[1] µs from Redis's now (or at once), under the unique member
// ARGV[2]; ARGV[3], ARGV[4], … are N and Per (µs) of the window of each
// key. It returns {1, wait} when it booked the turn, {0, wait} when the
// turn would come too late (nothing booked). Times are µs since the epoch
// (exact in a Lua number until 2255).
var reserve = redis.NewScript(`
local t = redis.call('TIME')
local now = tonumber(t[1]) * 1000000 + tonumber(t[2])
local at = now
for i, key in ipairs(KEYS) do
  local n, per = tonumber(ARGV[1 + 2*i]), tonumber(ARGV[2 + 2*i])
  -- a turn at or before now-per limits no turn from now on
  redis.call('ZREMRANGEBYSCORE', key, '-inf', now - per)
  -- first come, first served
  local last = redis.call('ZRANGE', key, -1, -1, 'WITHSCORES')
  if last[2] then at = math.max(at, tonumber(last[2])) end
  -- the n-th latest turn must have left the window
  local c = redis.call('ZCARD', key)
  if c >= n then
    local nth = redis.call('ZRANGE', key, c - n, c - n, 'WITHSCORES')
    at = math.max(at, tonumber(nth[2]) + per)
  end
end
local wait = at - now
if wait > 0 and wait >= tonumber(ARGV[1]) then
  return {0, wait}
end
local score = string.format('%.0f', at)
for i, key in ipairs(KEYS) do
  local per = tonumber(ARGV[2 + 2*i])
  redis.call('ZADD', key, score, ARGV[2])
  redis.call('PEXPIREAT', key, string.format('%.0f', math.ceil((at + per) / 1000) + 1000))
end
return {1, wait}
`)

// Reserve implements altegio.Limiter. It ignores now: the schedule is kept
// on Redis's clock. A Redis error fails the call (nothing is sent); wrap
// the Limiter to fail open instead if you prefer.
//
// Reserve returns when ctx ends, whatever rdb's options: go-redis bounds a
// command by ctx's deadline only with Options.ContextTimeoutEnabled, and
// otherwise by its own read and write timeouts (3 s by default, and
// retried), so a hung Redis would hold the call past its deadline. The
// script then finishes in the background, and the turn it may have booked
// is given back (best effort). Set ContextTimeoutEnabled all the same, so
// that the connection is given up at the deadline too.
func (l *Limiter) Reserve(ctx context.Context, _ time.Time, maxWait time.Duration) (altegio.Turn, error) {
	if len(l.keys) == 0 {
		return altegio.Turn{Booked: true}, nil
	}
	var id [12]byte
	rand.Read(id[:])
	member := hex.EncodeToString(id[:])
	args := append([]any{min(maxWait.Microseconds(), 1<<53), member}, l.args...)
	type reply struct {
		res []int64
		err error
	}
	done := make(chan reply, 1)
	go func() {
		res, err := reserve.Run(ctx, l.rdb, l.keys, args...).Int64Slice()
		done <- reply{res, err}
	}()
	var r reply
	select {
	case r = <-done:
	case <-ctx.Done():
		go func() {
			// Unless the script surely booked nothing, give its turn
			// back: it may have run even if its reply was lost.
			if r := <-done; r.err != nil || len(r.res) != 2 || r.res[0] == 1 {
				l.cancel(member)
			}
		}()
		return altegio.Turn{}, fmt.Errorf("redislimit: no answer from Redis: %w", ctx.Err())
	}
	if r.err != nil {
		return altegio.Turn{}, fmt.Errorf("redislimit: %w", r.err)
	}
	if len(r.res) != 2 {
		return altegio.Turn{}, errors.New("redislimit: unexpected reply from the script")
	}
	turn := altegio.Turn{Wait: time.Duration(r.res[1]) * time.Microsecond, Booked: r.res[0] == 1}
	if turn.Booked {
		turn.Cancel = func() { l.giveBack(member) }
	}
	return turn, nil
}

// giveBack gives back the turn booked as member, as Turn.Cancel: the
// caller's context has ended, so it waits for Redis at most a moment, and
// leaves the rest to the background.
func (l *Limiter) giveBack(member string) {
	done := make(chan struct{})
	go func() {
		l.cancel(member)
		close(done)
	}()
	t := time.NewTimer(cancelWait)
	defer t.Stop()
	select {
	case <-done:
	case <-t.C:
	}
}

// cancelWait is the longest a Turn.Cancel waits for Redis.
const cancelWait = 100 * time.Millisecond

// cancel gives back the turn booked as member (best effort, with a short
// context of its own). Any turn may go: the turns left keep every window.
func (l *Limiter) cancel(member string) {
	ctx, stop := context.WithTimeout(context.Background(), 2*time.Second)
	defer stop()
	pipe := l.rdb.Pipeline()
	for _, k := range l.keys {
		pipe.ZRem(ctx, k, member)
	}
	pipe.Exec(ctx)
}
