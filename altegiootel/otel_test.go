package altegiootel_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiootel"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	sdkmetric "go.opentelemetry.io/otel/sdk/metric"
	"go.opentelemetry.io/otel/sdk/metric/metricdata"
	sdktrace "go.opentelemetry.io/otel/sdk/trace"
	"go.opentelemetry.io/otel/sdk/trace/tracetest"
	"go.opentelemetry.io/otel/trace"
)

// The tokens of the tests: none may reach a span or a metric.
const (
	partnerToken = "pt9f8e7d6c5b4a39281706xyz"
	userToken    = "ut1a2b3c4d5e6f7a8b9c0dxyz"
)

// env is a b2bv1 client of a fake Altegio, reporting to in-memory
// exporters.
type env struct {
	t      *testing.T
	srv    *altegiotest.Server
	spans  *tracetest.SpanRecorder
	reader *sdkmetric.ManualReader
	api    *b2bv1.API
}

func newEnv(t *testing.T, opts ...altegio.Option) *env {
	t.Helper()
	e := &env{t: t, srv: altegiotest.NewServer(t, altegiotest.WithTokens(partnerToken, userToken))}
	e.spans = tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(e.spans))
	e.reader = sdkmetric.NewManualReader()
	mp := sdkmetric.NewMeterProvider(sdkmetric.WithReader(e.reader))
	t.Cleanup(func() {
		tp.Shutdown(context.Background())
		mp.Shutdown(context.Background())
	})
	base := []altegio.Option{
		altegio.WithTokens(partnerToken, userToken),
		altegio.WithBaseURL(e.srv.V1URL()),
		altegiootel.WithTelemetry(altegiootel.WithTracerProvider(tp), altegiootel.WithMeterProvider(mp)),
	}
	e.api = b2bv1.New(append(base, opts...)...)
	return e
}

// onlySpan returns the one span ended, checking that no exported text holds
// a token or a query string.
func (e *env) onlySpan() sdktrace.ReadOnlySpan {
	e.t.Helper()
	spans := e.spans.Ended()
	if len(spans) != 1 {
		e.t.Fatalf("%d spans ended, want 1", len(spans))
	}
	e.noSecrets(spans[0])
	return spans[0]
}

// metrics collects the metrics, checking that they hold no token.
func (e *env) metrics() map[string]metricdata.Metrics {
	e.t.Helper()
	var rm metricdata.ResourceMetrics
	if err := e.reader.Collect(context.Background(), &rm); err != nil {
		e.t.Fatal(err)
	}
	out := map[string]metricdata.Metrics{}
	for _, sm := range rm.ScopeMetrics {
		if sm.Scope.Name != altegiootel.ScopeName || sm.Scope.Version != altegio.Version {
			e.t.Errorf("scope %+v", sm.Scope)
		}
		for _, m := range sm.Metrics {
			out[m.Name] = m
		}
	}
	e.noSecrets(rm)
	return out
}

// noSecrets fails the test if v, as JSON, holds a token, in any case, or
// a query string.
func (e *env) noSecrets(v any) {
	e.t.Helper()
	if s, ok := v.(sdktrace.ReadOnlySpan); ok {
		v = tracetest.SpanStubFromReadOnlySpan(s)
	}
	b, err := json.Marshal(v)
	if err != nil {
		e.t.Fatal(err)
	}
	text := strings.ToLower(string(b))
	for _, sec := range []string{partnerToken, userToken, url.QueryEscape(partnerToken), "bearer", "authorization", "client_id", "31337"} {
		if strings.Contains(text, strings.ToLower(sec)) {
			e.t.Errorf("exported telemetry holds %q:\n%s", sec, b)
		}
	}
}

// attrs returns kvs as a map of their values' strings.
func attrs(kvs []attribute.KeyValue) map[string]string {
	m := map[string]string{}
	for _, kv := range kvs {
		m[string(kv.Key)] = kv.Value.String()
	}
	return m
}

// checkAttrs reports the attributes of got that differ from want, and
// those of want missing; a want value "" asks for the attribute's absence.
func checkAttrs(t *testing.T, what string, got []attribute.KeyValue, want map[string]string) {
	t.Helper()
	g := attrs(got)
	for k, w := range want {
		if v, ok := g[k]; w == "" && ok || w != "" && v != w {
			t.Errorf("%s: %s = %q (present %v), want %q", what, k, v, ok, w)
		}
	}
}

// eventLine returns an event as "name k=v k=v", its attributes sorted,
// durations left out.
func eventLine(ev sdktrace.Event) string {
	var parts []string
	for _, kv := range ev.Attributes {
		if kv.Key == altegiootel.DurationKey {
			continue
		}
		parts = append(parts, string(kv.Key)+"="+kv.Value.String())
	}
	slices.Sort(parts)
	return strings.TrimSpace(ev.Name + " " + strings.Join(parts, " "))
}

// waitLimiter gives every turn after wait.
type waitLimiter struct{ wait time.Duration }

func (l waitLimiter) Reserve(context.Context, time.Time, time.Duration) (altegio.Turn, error) {
	return altegio.Turn{Wait: l.wait, Booked: true}, nil
}

// TestSpanPerCall: a call answered 429 with Retry-After, then 503, then
// 200, each attempt after a wait for the rate limiter, is one CLIENT span
// named by its route with the HTTP semantic conventions' attributes, an
// event for each limiter wait, attempt, 429 and retry; and one data point
// per attempt of http.client.request.duration, one per limiter wait and
// one per call.
func TestSpanPerCall(t *testing.T) {
	e := newEnv(t,
		altegio.WithLimiter(waitLimiter{20 * time.Millisecond}),
		altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 3, BaseDelay: time.Millisecond, MaxDelay: time.Millisecond}))
	e.srv.On("get_appointment_list",
		altegiotest.RateLimited(time.Second),
		altegiotest.Error(503, "Service Unavailable"),
		altegiotest.Data([]b2bv1.Appointment{{ID: altegio.Ptr(int64(5))}}))
	start := time.Now()
	got, err := e.api.Appointments.List(context.Background(), 4242, b2bv1.GetAppointmentListParams{ClientID: altegio.Ptr(int64(31337))})
	elapsed := time.Since(start)
	if err != nil || len(got) != 1 || *got[0].ID != 5 {
		t.Fatalf("List: %v, %+v", err, got)
	}

	span := e.onlySpan()
	port := strings.TrimPrefix(e.srv.URL[strings.LastIndex(e.srv.URL, ":"):], ":")
	if span.Name() != "GET /api/v1/records/{location_id}" || span.SpanKind() != trace.SpanKindClient || span.Status().Code != codes.Unset {
		t.Errorf("span %q, kind %v, status %v", span.Name(), span.SpanKind(), span.Status())
	}
	if span.InstrumentationScope().Name != altegiootel.ScopeName {
		t.Errorf("scope %+v", span.InstrumentationScope())
	}
	checkAttrs(t, "span", span.Attributes(), map[string]string{
		"http.request.method":       "GET",
		"url.template":              "/api/v1/records/{location_id}",
		"server.address":            "127.0.0.1",
		"server.port":               port,
		"http.response.status_code": "200",
		"http.request.resend_count": "2",
		"altegio.operation.id":      "get_appointment_list",
		"altegio.api":               "b2b-v1",
		"altegio.tag":               "Appointments",
		"error.type":                "",
		"url.full":                  "",
		"url.path":                  "",
	})
	for _, kv := range span.Attributes() {
		if strings.Contains(kv.Value.String(), "4242") {
			t.Errorf("attribute %s = %q holds the location ID", kv.Key, kv.Value.String())
		}
	}
	var lines []string
	for _, ev := range span.Events() {
		lines = append(lines, eventLine(ev))
	}
	want := []string{
		"altegio.limiter_wait altegio.attempt=1",
		"altegio.attempt altegio.attempt=1 error.type=429 http.response.status_code=429",
		"altegio.rate_limited altegio.attempt=1 altegio.retry_after=1",
		"altegio.retry altegio.attempt=1 altegio.retry.wait=1",
		"altegio.limiter_wait altegio.attempt=2",
		"altegio.attempt altegio.attempt=2 error.type=503 http.response.status_code=503",
		"altegio.retry altegio.attempt=2 altegio.retry.wait=0.001",
		"altegio.limiter_wait altegio.attempt=3",
		"altegio.attempt altegio.attempt=3 http.response.status_code=200",
	}
	// The backoff is random, up to 1 ms.
	if len(lines) > 6 && strings.HasPrefix(lines[6], "altegio.retry altegio.attempt=2 altegio.retry.wait=") {
		lines[6] = want[6]
	}
	if strings.Join(lines, "\n") != strings.Join(want, "\n") {
		t.Errorf("events:\n%s\nwant:\n%s", strings.Join(lines, "\n"), strings.Join(want, "\n"))
	}
	for _, ev := range span.Events() {
		d, ok := attrs(ev.Attributes)["altegio.duration"]
		secs, _ := strconv.ParseFloat(d, 64)
		switch ev.Name {
		case altegiootel.EventLimiterWait:
			if secs < 0.02 {
				t.Errorf("limiter wait of %s s, want 0.02 or more", d)
			}
		case altegiootel.EventAttempt:
			if !ok || secs <= 0 || secs > elapsed.Seconds() {
				t.Errorf("attempt duration %q", d)
			}
		}
	}

	ms := e.metrics()
	reqs, ok := ms["http.client.request.duration"].Data.(metricdata.Histogram[float64])
	if !ok || ms["http.client.request.duration"].Unit != "s" {
		t.Fatalf("http.client.request.duration: %+v", ms["http.client.request.duration"])
	}
	statuses := map[string]bool{}
	for _, dp := range reqs.DataPoints {
		a := attrs(dp.Attributes.ToSlice())
		statuses[a["http.response.status_code"]] = true
		checkAttrs(t, "http.client.request.duration", dp.Attributes.ToSlice(), map[string]string{
			"http.request.method":  "GET",
			"url.template":         "/api/v1/records/{location_id}",
			"server.address":       "127.0.0.1",
			"server.port":          port,
			"altegio.operation.id": "get_appointment_list",
		})
		wantType := a["http.response.status_code"]
		if wantType == "200" {
			wantType = ""
		}
		if a["error.type"] != wantType || dp.Count != 1 || dp.Sum <= 0 {
			t.Errorf("data point %v: count %d, sum %v", a, dp.Count, dp.Sum)
		}
	}
	if len(reqs.DataPoints) != 3 || !statuses["429"] || !statuses["503"] || !statuses["200"] {
		t.Errorf("http.client.request.duration data points by status: %v", statuses)
	}
	waits := ms[altegiootel.MetricLimiterWait].Data.(metricdata.Histogram[float64])
	if len(waits.DataPoints) != 1 || waits.DataPoints[0].Count != 3 || waits.DataPoints[0].Sum < 0.06 {
		t.Errorf("limiter waits: %+v", waits.DataPoints)
	} else {
		checkAttrs(t, "limiter wait", waits.DataPoints[0].Attributes.ToSlice(), map[string]string{
			"altegio.operation.id": "get_appointment_list", "url.template": "/api/v1/records/{location_id}", "error.type": "",
		})
	}
	calls := ms[altegiootel.MetricCallDuration].Data.(metricdata.Histogram[float64])
	if len(calls.DataPoints) != 1 || calls.DataPoints[0].Count != 1 || calls.DataPoints[0].Sum < 1.06 || calls.DataPoints[0].Sum > elapsed.Seconds() {
		t.Errorf("call durations: %+v (the call took %v)", calls.DataPoints, elapsed)
	} else {
		checkAttrs(t, "call duration", calls.DataPoints[0].Attributes.ToSlice(), map[string]string{
			"http.response.status_code": "200", "altegio.operation.id": "get_appointment_list", "error.type": "",
		})
	}
}

// TestFailedCall: a call that fails has a span of status Error, described
// by the call's error, with its error.type; so do its metrics.
func TestFailedCall(t *testing.T) {
	t.Run("404", func(t *testing.T) {
		e := newEnv(t)
		e.srv.On("get_appointment", altegiotest.Error(404, "Record not found"))
		_, err := e.api.Appointments.Get(context.Background(), 4242, 777, b2bv1.AppointmentParams{})
		if !errors.Is(err, altegio.ErrNotFound) {
			t.Fatalf("err = %v", err)
		}
		span := e.onlySpan()
		if span.Name() != "GET /api/v1/record/{location_id}/{record_id}" || span.Status().Code != codes.Error || span.Status().Description != err.Error() {
			t.Errorf("span %q, status %+v", span.Name(), span.Status())
		}
		checkAttrs(t, "span", span.Attributes(), map[string]string{
			"error.type": "404", "http.response.status_code": "404", "http.request.resend_count": "", "altegio.operation.id": "get_appointment",
		})
		if len(span.Events()) != 1 || eventLine(span.Events()[0]) != "altegio.attempt altegio.attempt=1 error.type=404 http.response.status_code=404" {
			t.Errorf("events %+v", span.Events())
		}
		dp := e.metrics()["http.client.request.duration"].Data.(metricdata.Histogram[float64]).DataPoints
		if len(dp) != 1 || attrs(dp[0].Attributes.ToSlice())["error.type"] != "404" {
			t.Errorf("data points %+v", dp)
		}
	})
	t.Run("hang-up, out of attempts", func(t *testing.T) {
		e := newEnv(t, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 2, BaseDelay: time.Millisecond}))
		e.srv.On("get_appointment", altegiotest.Hangup())
		_, err := e.api.Appointments.Get(context.Background(), 4242, 777, b2bv1.AppointmentParams{})
		if err == nil {
			t.Fatal("no error")
		}
		span := e.onlySpan()
		checkAttrs(t, "span", span.Attributes(), map[string]string{
			"error.type": "_OTHER", "http.response.status_code": "", "http.request.resend_count": "1",
		})
		var lines []string
		for _, ev := range span.Events() {
			if ev.Name == altegiootel.EventAttempt {
				lines = append(lines, eventLine(ev))
			}
		}
		if want := "altegio.attempt altegio.attempt=1 error.type=_OTHER|altegio.attempt altegio.attempt=2 altegio.retry.reason=out of attempts error.type=_OTHER"; strings.Join(lines, "|") != want {
			t.Errorf("attempt events:\n%s\nwant\n%s", strings.Join(lines, "\n"), strings.ReplaceAll(want, "|", "\n"))
		}
	})
	t.Run("context ends waiting for the limiter", func(t *testing.T) {
		e := newEnv(t, altegio.WithLimiter(waitLimiter{time.Hour}))
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Millisecond)
		defer cancel()
		_, err := e.api.Appointments.Get(ctx, 4242, 777, b2bv1.AppointmentParams{})
		if !errors.Is(err, context.DeadlineExceeded) {
			t.Fatalf("err = %v", err)
		}
		span := e.onlySpan()
		if span.Status().Code != codes.Error || len(span.Events()) != 1 || eventLine(span.Events()[0]) != "altegio.limiter_wait altegio.attempt=1 error.type=timeout" {
			t.Errorf("status %+v, events %+v", span.Status(), span.Events())
		}
		checkAttrs(t, "span", span.Attributes(), map[string]string{"error.type": "timeout", "http.request.resend_count": ""})
		waits := e.metrics()[altegiootel.MetricLimiterWait].Data.(metricdata.Histogram[float64]).DataPoints
		if len(waits) != 1 || attrs(waits[0].Attributes.ToSlice())["error.type"] != "timeout" || waits[0].Sum < 0.02 {
			t.Errorf("limiter waits %+v", waits)
		}
	})
	t.Run("missing token", func(t *testing.T) {
		e := newEnv(t, altegio.WithTokens(partnerToken, ""))
		_, err := e.api.Appointments.Get(context.Background(), 4242, 777, b2bv1.AppointmentParams{})
		if !errors.Is(err, altegio.ErrMissingToken) {
			t.Fatalf("err = %v", err)
		}
		span := e.onlySpan()
		checkAttrs(t, "span", span.Attributes(), map[string]string{"error.type": "missing_token", "altegio.operation.id": "get_appointment"})
		if len(span.Events()) != 0 || e.metrics()["http.client.request.duration"].Name != "" {
			t.Errorf("a call that sent nothing has events %+v or attempt metrics", span.Events())
		}
	})
}

// TestCallWithoutOperation: a call no generated method made, such as
// Login, is named by its method alone and has no url.template or
// operation.
func TestCallWithoutOperation(t *testing.T) {
	e := newEnv(t)
	c := altegio.NewClient(e.srv.V1URL(), altegio.WithTokens(partnerToken, ""),
		altegiootel.WithTelemetry(altegiootel.WithTracerProvider(sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(e.spans)))))
	if _, err := c.Login(context.Background(), "+13155550175", "secret password"); err != nil {
		t.Fatal(err)
	}
	span := e.onlySpan()
	if span.Name() != "POST" {
		t.Errorf("span %q", span.Name())
	}
	checkAttrs(t, "span", span.Attributes(), map[string]string{
		"http.request.method": "POST", "http.response.status_code": "201", "url.template": "", "altegio.operation.id": "",
	})
}

// TestParentAndGlobals: by default the hooks use the global providers;
// the call's span is a child of the caller's, and the parent of what the
// attempts' middleware starts.
func TestParentAndGlobals(t *testing.T) {
	sr := tracetest.NewSpanRecorder()
	tp := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr))
	prev := otel.GetTracerProvider()
	otel.SetTracerProvider(tp)
	t.Cleanup(func() { otel.SetTracerProvider(prev) })

	srv := altegiotest.NewServer(t)
	var inAttempt trace.SpanContext
	api := b2bv1.New(altegio.WithTokens(partnerToken, userToken), altegio.WithBaseURL(srv.V1URL()), altegiootel.WithTelemetry(),
		altegio.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
			return altegio.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
				inAttempt = trace.SpanContextFromContext(r.Context())
				return next.RoundTrip(r)
			})
		}))
	ctx, parent := tp.Tracer("test").Start(context.Background(), "handler")
	if _, err := api.Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{}); err != nil {
		t.Fatal(err)
	}
	parent.End()
	spans := sr.Ended()
	if len(spans) != 2 || spans[0].Name() != "GET /api/v1/records/{location_id}" {
		t.Fatalf("spans %v", spanNames(spans))
	}
	call := spans[0]
	if call.Parent().SpanID() != parent.SpanContext().SpanID() || call.SpanContext().TraceID() != parent.SpanContext().TraceID() {
		t.Errorf("the call's span is not the caller's child")
	}
	if inAttempt.SpanID() != call.SpanContext().SpanID() {
		t.Errorf("the middleware ran in span %v, not the call's %v", inAttempt.SpanID(), call.SpanContext().SpanID())
	}
}

func spanNames(spans []sdktrace.ReadOnlySpan) []string {
	var out []string
	for _, s := range spans {
		out = append(out, s.Name())
	}
	return out
}

// TestHooksCompose: the package's hooks go with an application's own, and
// with another set of the package's reporting elsewhere.
func TestHooksCompose(t *testing.T) {
	sr1, sr2 := tracetest.NewSpanRecorder(), tracetest.NewSpanRecorder()
	tp1 := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr1))
	tp2 := sdktrace.NewTracerProvider(sdktrace.WithSpanProcessor(sr2))
	srv := altegiotest.NewServer(t)
	srv.On("get_appointment_list", altegiotest.Error(502, "Bad Gateway"), altegiotest.Example())
	var seen []string
	mine := altegio.Hooks{CallDone: func(ctx context.Context, d altegio.CallDoneInfo) {
		seen = append(seen, fmt.Sprintf("%d attempts, in span %v", d.Attempts, trace.SpanFromContext(ctx).SpanContext().IsValid()))
	}}
	api := b2bv1.New(altegio.WithTokens(partnerToken, userToken), altegio.WithBaseURL(srv.V1URL()),
		altegio.WithRetry(altegio.RetryPolicy{BaseDelay: time.Millisecond}),
		altegio.WithHooks(altegiootel.Hooks(altegiootel.WithTracerProvider(tp1))), altegio.WithHooks(mine),
		altegiootel.WithTelemetry(altegiootel.WithTracerProvider(tp2)))
	if _, err := api.Appointments.List(context.Background(), 1, b2bv1.GetAppointmentListParams{}); err != nil {
		t.Fatal(err)
	}
	if fmt.Sprint(seen) != "[2 attempts, in span true]" {
		t.Errorf("the application's hook saw %v", seen)
	}
	s1, s2 := sr1.Ended(), sr2.Ended()
	if len(s1) != 1 || len(s2) != 1 {
		t.Fatalf("spans %v and %v, want one each", spanNames(s1), spanNames(s2))
	}
	// The second provider's span is a child of the first's; each has its
	// own events.
	if s2[0].Parent().SpanID() != s1[0].SpanContext().SpanID() {
		t.Error("the second span is not the first's child")
	}
	for _, s := range []sdktrace.ReadOnlySpan{s1[0], s2[0]} {
		var names []string
		for _, ev := range s.Events() {
			names = append(names, ev.Name)
		}
		if strings.Join(names, " ") != "altegio.attempt altegio.retry altegio.attempt" {
			t.Errorf("span %s events %v", s.SpanContext().SpanID(), names)
		}
		checkAttrs(t, "span", s.Attributes(), map[string]string{"http.request.resend_count": "1", "http.response.status_code": "200"})
	}
}
