package altegio_test

import (
	"context"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"os"
	"sync/atomic"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// newFlakyAppointments stands in for Altegio: its first answer is a 503,
// then it serves three appointments two by two.
func newFlakyAppointments() *httptest.Server {
	var calls atomic.Int32
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if calls.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusServiceUnavailable)
			io.WriteString(w, `{"success":false,"data":null,"meta":{"message":"Maintenance"}}`)
			return
		}
		switch r.URL.Query().Get("page") {
		case "1":
			io.WriteString(w, `{"data":[{"type":"record","id":"1","attributes":{"date":"2026-06-13 10:00:00"}},{"type":"record","id":"2","attributes":{"date":"2026-06-13 11:00:00"}}],"meta":{"pagination":{"page":1,"limit":2}}}`)
		default:
			io.WriteString(w, `{"data":[{"type":"record","id":"3","attributes":{"date":"2026-06-13 12:00:00"}}],"meta":{"pagination":{"page":2,"limit":2}}}`)
		}
	}))
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
		altegio.WithBaseURL(srv.URL),
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
