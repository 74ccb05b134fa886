package altegiotest_test

import (
	"fmt"
	"strings"
	"sync"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// v1 and v2 return clients of srv with both tokens and no retries unless
// opts say otherwise.
func v1(srv *altegiotest.Server, opts ...altegio.Option) *b2bv1.API {
	return b2bv1.New(append([]altegio.Option{altegio.WithTokens("partner", "user"), altegio.WithBaseURL(srv.V1URL()), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1})}, opts...)...)
}

func v2(srv *altegiotest.Server, opts ...altegio.Option) *b2bv2.API {
	return b2bv2.New(append([]altegio.Option{altegio.WithTokens("partner", "user"), altegio.WithBaseURL(srv.V2URL()), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1})}, opts...)...)
}

// recorder is a testing.TB that keeps what the fake reports instead of
// failing the test, so that a test can check that a bad request would
// have failed it. Its Fatal stops the function given to fatal.
type recorder struct {
	testing.TB
	mu   sync.Mutex
	errs []string
}

type fatalStop struct{ msg string }

func (r *recorder) Helper() {}

func (r *recorder) Errorf(format string, args ...any) {
	r.mu.Lock()
	defer r.mu.Unlock()
	r.errs = append(r.errs, fmt.Sprintf(format, args...))
}

func (r *recorder) Fatal(args ...any) { panic(fatalStop{fmt.Sprint(args...)}) }

func (r *recorder) Fatalf(format string, args ...any) {
	panic(fatalStop{fmt.Sprintf(format, args...)})
}

// errors returns what was reported since the last call.
func (r *recorder) errors() []string {
	r.mu.Lock()
	defer r.mu.Unlock()
	e := r.errs
	r.errs = nil
	return e
}

// fatal runs f and returns the message of the Fatal that stopped it, or
// "".
func fatal(f func()) (msg string) {
	defer func() {
		if v := recover(); v != nil {
			stop, ok := v.(fatalStop)
			if !ok {
				panic(v)
			}
			msg = stop.msg
		}
	}()
	f()
	return ""
}

// joined is errs on one line.
func joined(errs []string) string { return strings.Join(errs, " | ") }
