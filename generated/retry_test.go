package generated_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// flakyServer answers the requests in turn with the given statuses (200 or
// 201 bodies are the resource; others an Altegio error, with Retry-After: 0
// so that retries do not wait), the last status repeating. It records the
// request bodies and queries.
type flakyServer struct {
	*httptest.Server
	mu       sync.Mutex
	statuses []int
	bodies   []string
	queries  []string
}

func newFlakyServer(t *testing.T, body func(r *http.Request) string, statuses ...int) *flakyServer {
	t.Helper()
	noLeaks := goleak.IgnoreCurrent()
	t.Cleanup(func() { goleak.VerifyNone(t, noLeaks) })
	fs := &flakyServer{statuses: statuses}
	fs.Server = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		b, _ := io.ReadAll(r.Body)
		fs.mu.Lock()
		n := len(fs.bodies)
		fs.bodies = append(fs.bodies, string(b))
		fs.queries = append(fs.queries, r.URL.RawQuery)
		status := fs.statuses[min(n, len(fs.statuses)-1)]
		fs.mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		if status >= 300 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(status)
			fmt.Fprintf(w, `{"success":false,"data":null,"meta":{"message":"status %d"}}`, status)
			return
		}
		w.WriteHeader(status)
		io.WriteString(w, body(r))
	}))
	t.Cleanup(fs.Close)
	return fs
}

func (fs *flakyServer) requests() (bodies, queries []string) {
	fs.mu.Lock()
	defer fs.mu.Unlock()
	return append([]string(nil), fs.bodies...), append([]string(nil), fs.queries...)
}

const positionBody = `{"data":{"type":"position","id":"42","attributes":{"title":"Barber"}}}`

// TestGeneratedRetries runs generated methods through the runtime's
// retries: the request bodies the generated constructors build are
// replayed intact, POST is retried on 429 only, and a retried page of an
// iterator does not disturb the walk.
func TestGeneratedRetries(t *testing.T) {
	ctx := context.Background()
	client := func(fs *flakyServer, opts ...altegio.Option) *b2bv2.API {
		return b2bv2.New(append([]altegio.Option{altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(fs.URL), altegio.WithLimiter(nil)}, opts...)...)
	}
	desc := "Senior stylist"
	want := `{"description":"Senior stylist","title":"Barber"}`

	t.Run("POST 429 retried, body replayed", func(t *testing.T) {
		fs := newFlakyServer(t, func(*http.Request) string { return positionBody }, 429, 429, 201)
		res, err := client(fs, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 3})).TeamMembers.CreatePosition(ctx, 1, b2bv2.PositionRequest{Title: "Barber", Description: &desc})
		if err != nil {
			t.Fatal(err)
		}
		bodies, _ := fs.requests()
		if len(bodies) != 3 || bodies[0] != want || bodies[1] != want || bodies[2] != want || res.ID != "42" {
			t.Errorf("bodies %q, result %+v", bodies, res)
		}
	})
	t.Run("POST 500 not retried", func(t *testing.T) {
		fs := newFlakyServer(t, func(*http.Request) string { return positionBody }, 500, 201)
		_, err := client(fs, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 3})).TeamMembers.CreatePosition(ctx, 1, b2bv2.PositionRequest{Title: "Barber"})
		var apiErr *altegio.APIError
		if bodies, _ := fs.requests(); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || len(bodies) != 1 {
			t.Errorf("err %v, %d requests: want the 500 after one", err, len(bodies))
		}
	})
	t.Run("PUT 503 retried", func(t *testing.T) {
		fs := newFlakyServer(t, func(*http.Request) string { return positionBody }, 503, 200)
		if err := client(fs, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 3})).TeamMembers.UpdatePosition(ctx, 1, 42, b2bv2.PositionRequest{Title: "Barber", Description: &desc}); err != nil {
			t.Fatal(err)
		}
		if bodies, _ := fs.requests(); len(bodies) != 2 || bodies[0] != want || bodies[1] != want {
			t.Errorf("bodies %q", bodies)
		}
	})
	t.Run("iterator page retried", func(t *testing.T) {
		page := func(r *http.Request) string {
			p := r.URL.Query().Get("page")
			if p == "1" {
				return `{"data":[{"type":"attendance_service","id":"1","attributes":{"title":"S1"}},{"type":"attendance_service","id":"2","attributes":{"title":"S2"}}],"meta":{"pagination":{"page":1,"limit":2}}}`
			}
			return `{"data":[{"type":"attendance_service","id":"3","attributes":{"title":"S3"}}],"meta":{"pagination":{"page":2,"limit":2}}}`
		}
		// Page 1 answers, page 2 fails once with a 503, then answers.
		fs := newFlakyServer(t, page, 200, 503, 200)
		var logs bytes.Buffer
		c := client(fs, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 2}), altegio.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		var ids []string
		for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		_, queries := fs.requests()
		if strings.Join(ids, ",") != "1,2,3" || strings.Join(queries, " ") != "page=1 page=2 page=2" {
			t.Errorf("ids %v, queries %v", ids, queries)
		}
		// Three records, no token, no query string.
		text := logs.String()
		if n := strings.Count(text, `msg="altegio request"`); n != 3 {
			t.Errorf("%d log records, want 3:\n%s", n, text)
		}
		for _, s := range []string{wirePartner, wireUser, "page=", "Bearer"} {
			if strings.Contains(text, s) {
				t.Errorf("the log contains %q:\n%s", s, text)
			}
		}
		if !strings.Contains(text, "path=/locations/9/attendance_services attempt=2 operation=list_attendance_services route=/locations/{location_id}/attendance_services status=200") {
			t.Errorf("log:\n%s", text)
		}
	})
}
