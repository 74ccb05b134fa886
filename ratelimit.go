package altegio

import (
	"context"
	"errors"
	"fmt"
	"time"
)

// waitTurn waits until the client's rate limiter lets the next attempt
// through. last is the previous attempt's error (nil before the first),
// attempts the number of attempts made. A wait that would pass ctx's
// deadline is not started: the error wraps context.DeadlineExceeded (and
// last).
func (c *Client) waitTurn(ctx context.Context, method, path string, last error, attempts int, secrets secretSet) error {
	now := c.now()
	res := c.limiter.ReserveN(now, 1)
	fail := func(cause error, why string) error {
		if last != nil {
			return &abandonedError{last: last, ctxErr: cause, attempts: attempts, why: why}
		}
		return &transportError{method: method, path: path, err: fmt.Errorf("%s: %w", why, cause), secrets: secrets.list()}
	}
	if !res.OK() {
		return fail(errLimiterBurst, "the rate limiter lets nothing through")
	}
	d := res.DelayFrom(now)
	if d <= 0 {
		return nil
	}
	if dl, ok := ctx.Deadline(); ok && !time.Now().Add(d).Before(dl) {
		res.CancelAt(now)
		return fail(context.DeadlineExceeded, fmt.Sprintf("the rate limiter's wait of %v would pass the context deadline", roundWait(d)))
	}
	if err := c.sleep(ctx, d); err != nil {
		res.CancelAt(c.now())
		return fail(ctxCause(ctx), "the context ended while waiting for the rate limiter")
	}
	return nil
}

// errLimiterBurst is the cause of the error of a limiter with a zero burst.
var errLimiterBurst = errors.New("its burst is 0")
