package altegio_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log/slog"
	"net/http"
	"os"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// newFlakyAppointments stands in for Altegio: its first answer is a 503,
// then it serves three appointments two by two.
func newFlakyAppointments() *altegiotest.Server {
	srv := altegiotest.Start(altegiotest.WithTokens("partner-token", "user-token"))
	var appts []json.RawMessage
	for id, at := range []string{"10:00", "11:00", "12:00"} {
		appts = append(appts, json.RawMessage(fmt.Sprintf(`{"type":"record","id":"%d","attributes":{"date":"2026-06-13 %s:00"}}`, id+1, at)))
	}
	srv.On("list_appointments",
		altegiotest.Error(http.StatusServiceUnavailable, "Maintenance").WithHeader("Retry-After", "0"),
		altegiotest.Pages(appts).WithPageSize(2))
	return srv
}

// A client set up for production: retries, a per-attempt timeout and a
// logger; then an iterator loop over every page.
func Example_production() {
	srv := newFlakyAppointments()
	defer srv.Close()
	ctx := context.Background()
	locationID := int64(1)

	// Time and duration are left out to keep this example's output stable.
	logger := slog.New(slog.NewTextHandler(os.Stdout, &slog.HandlerOptions{
		ReplaceAttr: func(_ []string, a slog.Attr) slog.Attr {
			if a.Key == slog.TimeKey || a.Key == "duration" {
				return slog.Attr{}
			}
			return a
		},
	}))
	c := b2bv2.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.V2URL()),
		altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 4}), // 0.5 s, 1 s, 2 s … up to 8 s, full jitter
		altegio.WithAttemptTimeout(15*time.Second),             // per attempt; ctx bounds the whole call
		altegio.WithLogger(logger),                             // one record per attempt, tokens never logged
		// On by default: Altegio's rate limit (5/s and 200/min, shared by
		// the clients of the process with this partner token), a 64 MiB
		// bound on response bodies, and no redirects followed.
	)

	ctx, cancel := context.WithTimeout(ctx, time.Minute)
	defer cancel()
	for appt, err := range c.Appointments.ListAll(ctx, locationID, b2bv2.ListAppointmentsParams{}) { // every page
		if err != nil {
			fmt.Println(err) // the first error ends the loop
			return
		}
		fmt.Println(appt.ID, appt.Attributes.Date)
	}
	// Output:
	// level=WARN msg="altegio request" method=GET path=/locations/1/appointments attempt=1 operation=list_appointments route=/locations/{location_id}/appointments status=503 error="altegio: GET /locations/1/appointments: 503 Service Unavailable: Maintenance" retry=true retry_in=0s
	// level=INFO msg="altegio request" method=GET path=/locations/1/appointments attempt=2 operation=list_appointments route=/locations/{location_id}/appointments status=200
	// 1 2026-06-13 10:00:00
	// 2 2026-06-13 11:00:00
	// level=INFO msg="altegio request" method=GET path=/locations/1/appointments attempt=1 operation=list_appointments route=/locations/{location_id}/appointments status=200
	// 3 2026-06-13 12:00:00
}
