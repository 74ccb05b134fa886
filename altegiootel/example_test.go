package altegiootel_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"sync/atomic"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiootel"
	"github.com/altegio-go/altegio/generated/b2bv1"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
)

// A client reporting to a tracer provider: one span per call, its
// attempts as events. Here the server answers the first attempt 429.
func Example() {
	var hits atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		if hits.Add(1) == 1 {
			w.Header().Set("Retry-After", "0")
			w.WriteHeader(http.StatusTooManyRequests)
			fmt.Fprint(w, `{"success":false,"meta":{"message":"Too many requests"}}`)
			return
		}
		fmt.Fprint(w, `{"success":true,"data":[],"meta":{"count":0}}`)
	}))
	defer srv.Close()

	exporter := tracetest.NewInMemoryExporter()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSyncer(exporter))
	defer tp.Shutdown(context.Background())

	api := b2bv1.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.URL+"/api/v1"),
		altegiootel.WithTelemetry(altegiootel.WithTracerProvider(tp)),
	)
	if _, err := api.Appointments.List(context.Background(), 1, b2bv1.GetAppointmentListParams{}); err != nil {
		fmt.Println(err)
		return
	}

	for _, span := range exporter.GetSpans() {
		fmt.Println(span.Name, span.SpanKind)
		for _, kv := range span.Attributes {
			switch kv.Key {
			case "altegio.operation.id", "http.response.status_code", "http.request.resend_count":
				fmt.Printf("  %s=%s\n", kv.Key, kv.Value.String())
			}
		}
		for _, ev := range span.Events {
			fmt.Println("  event", ev.Name)
		}
	}
	// Output:
	// GET /api/v1/records/{location_id} client
	//   altegio.operation.id=get_appointment_list
	//   http.response.status_code=200
	//   http.request.resend_count=1
	//   event altegio.attempt
	//   event altegio.rate_limited
	//   event altegio.retry
	//   event altegio.attempt
}
