package webhook_test

import (
	"bufio"
	"context"
	"fmt"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio/webhook"
)

// hidden is a ResponseWriter that hides the http.ResponseController
// methods of the one it wraps, as some middleware does.
type hidden struct{ http.ResponseWriter }

// TestHandlerSlowBody: a request with the right secret that announces
// 1,000 bytes of body, sends 14 and stalls is answered 408 once the body
// timeout has passed, and the handler returns, under a server without
// timeouts, with a ResponseWriter that can set deadlines or one that
// cannot; fn is not called.
func TestHandlerSlowBody(t *testing.T) {
	const timeout = 300 * time.Millisecond
	for _, tc := range []struct {
		name string
		wrap func(http.ResponseWriter) http.ResponseWriter
	}{
		{"deadline", func(w http.ResponseWriter) http.ResponseWriter { return w }},
		{"no deadline", func(w http.ResponseWriter) http.ResponseWriter { return hidden{w} }},
	} {
		t.Run(tc.name, func(t *testing.T) {
			var rec recorder
			h := webhook.NewHandler(testSecret, rec.handle, webhook.WithBodyTimeout(timeout))
			returned := make(chan time.Time, 1)
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				h.ServeHTTP(tc.wrap(w), r)
				returned <- time.Now()
			}))
			defer srv.Close()
			conn, err := net.Dial("tcp", srv.Listener.Addr().String())
			if err != nil {
				t.Fatal(err)
			}
			defer conn.Close()
			start := time.Now()
			fmt.Fprintf(conn, "POST /altegio?secret=%s HTTP/1.1\r\nHost: example.com\r\nContent-Type: application/json\r\nContent-Length: 1000\r\n\r\n%s", testSecret, `{"company_id":`)
			conn.SetReadDeadline(time.Now().Add(5 * time.Second))
			resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
			if err != nil {
				t.Fatalf("no answer after %v: %v", time.Since(start).Round(time.Millisecond), err)
			}
			resp.Body.Close()
			if resp.StatusCode != http.StatusRequestTimeout {
				t.Errorf("status %d, want 408", resp.StatusCode)
			}
			select {
			case at := <-returned:
				// The bound is the handler's timeout; 2 s more is the
				// slack a loaded machine needs, far below a hang.
				if d := at.Sub(start); d < timeout || d > timeout+2*time.Second {
					t.Errorf("the handler returned after %v, want about %v", d.Round(time.Millisecond), timeout)
				}
			case <-time.After(5 * time.Second):
				t.Fatal("the handler has not returned")
			}
			if rec.calls.Load() != 0 {
				t.Error("fn was called")
			}
		})
	}
}

// TestHandlerBodyTimeoutCleared: the body timeout bounds the body, not
// fn: an fn that runs longer than it keeps a live context.
func TestHandlerBodyTimeoutCleared(t *testing.T) {
	const timeout = 100 * time.Millisecond
	h := webhook.NewHandler(testSecret, func(ctx context.Context, e *webhook.Event) error {
		time.Sleep(3 * timeout)
		return ctx.Err()
	}, webhook.WithBodyTimeout(timeout))
	srv := httptest.NewServer(h)
	defer srv.Close()
	resp, err := http.Post(srv.URL+"/altegio?secret="+testSecret, "application/json", strings.NewReader(string(validBody)))
	if err != nil {
		t.Fatal(err)
	}
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		t.Errorf("status %d, want 200", resp.StatusCode)
	}
}
