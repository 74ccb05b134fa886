package generated_test

import (
	"bytes"
	"context"
	"errors"
	"log/slog"
	"net/http"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestOperationInContext: a generated method puts its operation in the
// request's context, where a middleware reads the route template (no ID)
// and the operationId; errors and log lines name it too.
func TestOperationInContext(t *testing.T) {
	srv := altegiotest.NewServer(t)
	srv.On("get_appointment", altegiotest.Error(http.StatusNotFound, "Appointment not found"))
	var seen []altegio.Operation
	mw := func(next http.RoundTripper) http.RoundTripper {
		return altegio.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
			op, ok := altegio.OperationFrom(r.Context())
			if !ok {
				t.Errorf("%s %s: no operation in the context", r.Method, r.URL.Path)
			}
			seen = append(seen, op)
			return next.RoundTrip(r)
		})
	}
	var logs bytes.Buffer
	c := b2bv1.New(altegio.WithTokens("p", "u"), altegio.WithBaseURL(srv.V1URL()), altegio.WithMiddleware(mw),
		altegio.WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	ctx := context.Background()
	if _, err := c.Appointments.List(ctx, 4564, b2bv1.GetAppointmentListParams{}); err != nil {
		t.Fatal(err)
	}
	want := altegio.Operation{API: "b2b-v1", ID: "get_appointment_list", Method: "GET", Route: "/records/{location_id}", Tag: "Appointments"}
	if len(seen) != 1 || seen[0] != want {
		t.Fatalf("middleware saw %+v, want %+v", seen, want)
	}
	if !strings.Contains(logs.String(), `"operation":"get_appointment_list","route":"/records/{location_id}"`) {
		t.Errorf("log lines lack the operation: %s", logs.String())
	}

	_, err := c.Appointments.Get(ctx, 4564, 77, b2bv1.AppointmentParams{})
	apiErr, ok := errors.AsType[*altegio.APIError](err)
	if !ok || apiErr.Route != "/record/{location_id}/{record_id}" || apiErr.Path != "/record/4564/77" {
		t.Errorf("err = %v (%+v), want an APIError naming route /record/{location_id}/{record_id}", err, apiErr)
	}
	if _, ok := altegio.OperationFrom(ctx); ok {
		t.Error("the caller's context carries an operation")
	}
}
