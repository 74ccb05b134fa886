package generated_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"go.uber.org/goleak"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

const positionBody = `{"data":{"type":"position","id":"42","attributes":{"title":"Barber"}}}`

// TestGeneratedRetries runs generated methods through the runtime's
// retries against altegiotest's fake: the request bodies the generated
// constructors build are replayed intact, POST is retried on 429 only, and
// a retried page of an iterator does not disturb the walk.
func TestGeneratedRetries(t *testing.T) {
	ctx := context.Background()
	// fake starts a fake Altegio for t, whose end no goroutine of the
	// calls outlives, and a client of it.
	fake := func(t *testing.T, opts ...altegio.Option) (*altegiotest.Server, *b2bv2.API) {
		noLeaks := goleak.IgnoreCurrent()
		t.Cleanup(func() { goleak.VerifyNone(t, noLeaks) }) // after the server stops
		srv := altegiotest.NewServer(t, altegiotest.WithTokens(wirePartner, wireUser))
		return srv, b2bv2.New(append([]altegio.Option{altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(srv.V2URL()), altegio.WithLimiter(nil)}, opts...)...)
	}
	// fault is an Altegio error with Retry-After: 0, so that retries do
	// not wait.
	fault := func(status int) altegiotest.Response {
		return altegiotest.Error(status, fmt.Sprintf("status %d", status)).WithHeader("Retry-After", "0")
	}
	// bodies lists the bodies of the requests srv received.
	bodies := func(srv *altegiotest.Server) (out []string) {
		for _, r := range srv.Requests() {
			out = append(out, string(r.Body))
		}
		return out
	}
	position := altegiotest.JSON(http.StatusCreated, []byte(positionBody))
	retry := func(n int) altegio.Option { return altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: n}) }
	desc := "Senior stylist"
	want := `{"description":"Senior stylist","title":"Barber"}`

	t.Run("POST 429 retried, body replayed", func(t *testing.T) {
		srv, c := fake(t, retry(3))
		srv.On("create_position", fault(429), fault(429), position)
		res, err := c.TeamMembers.CreatePosition(ctx, 1, b2bv2.PositionRequest{Title: "Barber", Description: &desc})
		if err != nil {
			t.Fatal(err)
		}
		if bodies := bodies(srv); len(bodies) != 3 || bodies[0] != want || bodies[1] != want || bodies[2] != want || res.ID != "42" {
			t.Errorf("bodies %q, result %+v", bodies, res)
		}
	})
	t.Run("POST 500 not retried", func(t *testing.T) {
		srv, c := fake(t, retry(3))
		srv.On("create_position", fault(500), position)
		_, err := c.TeamMembers.CreatePosition(ctx, 1, b2bv2.PositionRequest{Title: "Barber"})
		var apiErr *altegio.APIError
		if n := len(srv.Requests()); !errors.As(err, &apiErr) || apiErr.StatusCode != 500 || n != 1 {
			t.Errorf("err %v, %d requests: want the 500 after one", err, n)
		}
	})
	t.Run("PUT 503 retried", func(t *testing.T) {
		srv, c := fake(t, retry(3))
		srv.On("update_position", fault(503), altegiotest.Example())
		if err := c.TeamMembers.UpdatePosition(ctx, 1, 42, b2bv2.PositionRequest{Title: "Barber", Description: &desc}); err != nil {
			t.Fatal(err)
		}
		if bodies := bodies(srv); len(bodies) != 2 || bodies[0] != want || bodies[1] != want {
			t.Errorf("bodies %q", bodies)
		}
	})
	t.Run("iterator page retried", func(t *testing.T) {
		var logs bytes.Buffer
		srv, c := fake(t, retry(2), altegio.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
		var services []b2bv2.AttendanceServiceResource
		for _, id := range []string{"1", "2", "3"} {
			services = append(services, b2bv2.AttendanceServiceResource{Type: "attendance_service", ID: id, Attributes: b2bv2.AttendanceServiceResourceAttributes{Title: "S" + id}})
		}
		// Page 1 answers, page 2 fails once with a 503, then answers.
		pages := altegiotest.Pages(services).WithPageSize(2)
		srv.On("list_attendance_services", pages, fault(503), pages)
		var ids []string
		for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
			if err != nil {
				t.Fatal(err)
			}
			ids = append(ids, s.ID)
		}
		var targets []string
		for _, r := range srv.Requests() {
			targets = append(targets, r.RequestURI)
		}
		const path = "/api/v2/locations/9/attendance_services"
		if strings.Join(ids, ",") != "1,2,3" || strings.Join(targets, " ") != path+"?page=1 "+path+"?page=2 "+path+"?page=2" {
			t.Errorf("ids %v, requests %v", ids, targets)
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
