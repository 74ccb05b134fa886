// Package altegiootel reports the calls of an altegio-go client to
// OpenTelemetry: a span per call, with an event per attempt, retry, 429 and
// rate-limiter wait, and the metrics of the HTTP client semantic
// conventions. It is a module of its own, so that the SDK's users get no
// OpenTelemetry dependency unless they import it.
//
//	api := b2bv1.New(
//		altegio.WithTokens(partnerToken, userToken),
//		altegiootel.WithTelemetry(), // the global tracer and meter providers
//	)
//
// # One span per call
//
// Each call of a generated method is one span of kind CLIENT, named
// "{method} {url.template}" as the HTTP semantic conventions name client
// spans, e.g. "GET /api/v1/records/{location_id}": the operation's path
// template, never the path with its IDs. It starts before the client waits
// for the rate limiter and ends when the call returns, so its duration is
// the time the caller waited, rate-limiter waits and backoff included.
// The attempts are events on it rather than spans of their own: the
// waits before and between attempts belong to the call, and with a span
// per attempt they would fall between spans, owned by none; and a burst of
// 429s makes events, not spans. An attempt's own latency is still
// measured: by the http.client.request.duration metric, per attempt. An
// application that wants a span per attempt too can add
// otelhttp.NewTransport as middleware (altegio.WithMiddleware): the
// attempts run with the call's context, so those spans are children of
// the call's. (The conventions themselves make a client span per physical
// request, each resend with its http.request.resend_count; here that
// attribute counts the call's resends, on the call's span.)
//
// The span's attributes are those of the HTTP client semantic conventions
// (semconv v1.43.0) that hold no ID, query string or token:
//
//	http.request.method         GET (_OTHER, with http.request.method_original, for a method the conventions do not know)
//	url.template                /api/v1/records/{location_id} (absent for a call no generated method made, such as Login)
//	server.address, server.port api.alteg.io, 443
//	http.response.status_code   the last attempt's status
//	http.request.resend_count   the attempts after the first, when there were any
//	error.type                  on failure: the status code ("404"), or timeout, canceled, decode_error, response_too_large, missing_token, _OTHER
//	altegio.operation.id        the operationId, e.g. get_appointment_list
//	altegio.api                 b2b-v1 or b2b-v2
//	altegio.tag                 the operation's tag, e.g. Appointments
//
// A failed call's span has status Error, described by the call's error,
// which the SDK has cleared of tokens. url.full is left out: the path
// holds IDs and the query string personal data.
//
// Its events are:
//
//	altegio.attempt       each attempt: altegio.attempt (its number, from 1), http.response.status_code, altegio.duration (seconds), error.type, altegio.retry.reason (why a transient failure is not retried)
//	altegio.retry         an attempt that is retried: altegio.attempt, altegio.retry.wait (seconds before the next attempt)
//	altegio.rate_limited  an attempt answered 429: altegio.attempt, altegio.retry_after (seconds, when the response had a Retry-After)
//	altegio.limiter_wait  a wait for the client's rate limiter: altegio.attempt, altegio.duration (seconds), error.type when the call gave up waiting
//
// # Metrics
//
//	http.client.request.duration  histogram, s: each attempt, by http.request.method, url.template, server.address, server.port, http.response.status_code, error.type and altegio.operation.id
//	altegio.client.call.duration  histogram, s: each call, waits included, by the same attributes (the last attempt's status)
//	altegio.client.limiter.wait   histogram, s: each wait for the rate limiter, by altegio.operation.id, http.request.method, url.template, and error.type when the call gave up waiting
//
// The reporting is done by the altegio.Hooks that [Hooks] returns, which
// [WithTelemetry] gives to a client; the SDK's hooks are how any other
// tracing or metrics backend can observe its calls too.
package altegiootel

import (
	"context"
	"errors"
	"net"
	"strconv"

	"github.com/altegio-go/altegio"
	"go.opentelemetry.io/otel"
	"go.opentelemetry.io/otel/attribute"
	"go.opentelemetry.io/otel/codes"
	"go.opentelemetry.io/otel/metric"
	semconv "go.opentelemetry.io/otel/semconv/v1.43.0"
	"go.opentelemetry.io/otel/semconv/v1.43.0/httpconv"
	"go.opentelemetry.io/otel/trace"
)

// ScopeName is the instrumentation scope of the spans and metrics: this
// package's import path.
const ScopeName = "github.com/altegio-go/altegio/altegiootel"

// Attribute keys of this package, beside the semantic conventions'.
const (
	OperationIDKey = attribute.Key("altegio.operation.id")
	APIKey         = attribute.Key("altegio.api")
	TagKey         = attribute.Key("altegio.tag")
	AttemptKey     = attribute.Key("altegio.attempt")
	DurationKey    = attribute.Key("altegio.duration")
	RetryWaitKey   = attribute.Key("altegio.retry.wait")
	RetryReasonKey = attribute.Key("altegio.retry.reason")
	RetryAfterKey  = attribute.Key("altegio.retry_after")
)

// Event names of the call's span.
const (
	EventAttempt     = "altegio.attempt"
	EventRetry       = "altegio.retry"
	EventRateLimited = "altegio.rate_limited"
	EventLimiterWait = "altegio.limiter_wait"
)

// Metric names beside the semantic conventions' http.client.request.duration.
const (
	MetricCallDuration = "altegio.client.call.duration"
	MetricLimiterWait  = "altegio.client.limiter.wait"
)

// Option configures [Hooks] and [WithTelemetry].
type Option func(*config)

type config struct {
	tp trace.TracerProvider
	mp metric.MeterProvider
}

// WithTracerProvider makes the spans with tp instead of the global
// provider (otel.GetTracerProvider). A nil tp keeps the global one.
func WithTracerProvider(tp trace.TracerProvider) Option {
	return func(c *config) { c.tp = tp }
}

// WithMeterProvider records the metrics with mp instead of the global
// provider (otel.GetMeterProvider). A nil mp keeps the global one.
func WithMeterProvider(mp metric.MeterProvider) Option {
	return func(c *config) { c.mp = mp }
}

// WithTelemetry returns the client option that reports the client's calls
// to OpenTelemetry, as the package documentation describes:
// altegio.WithHooks([Hooks](opts...)).
func WithTelemetry(opts ...Option) altegio.Option {
	return altegio.WithHooks(Hooks(opts...))
}

// Hooks returns the hooks that report a client's calls to OpenTelemetry,
// for altegio.WithHooks, beside other hooks of the application's.
// Instruments that cannot be made are reported to otel.Handle and
// replaced by ones that record nothing.
func Hooks(opts ...Option) altegio.Hooks {
	cfg := config{}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	if cfg.tp == nil {
		cfg.tp = otel.GetTracerProvider()
	}
	if cfg.mp == nil {
		cfg.mp = otel.GetMeterProvider()
	}
	t := &telemetry{
		tracer: cfg.tp.Tracer(ScopeName, trace.WithInstrumentationVersion(altegio.Version), trace.WithSchemaURL(semconv.SchemaURL)),
	}
	meter := cfg.mp.Meter(ScopeName, metric.WithInstrumentationVersion(altegio.Version), metric.WithSchemaURL(semconv.SchemaURL))
	var err error
	if t.attemptDuration, err = httpconv.NewClientRequestDuration(meter); err != nil {
		otel.Handle(err)
	}
	waitBuckets := metric.WithExplicitBucketBoundaries(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30, 60)
	if t.callDuration, err = meter.Float64Histogram(MetricCallDuration, metric.WithUnit("s"), waitBuckets,
		metric.WithDescription("Duration of calls of the Altegio API, from the first wait for the rate limiter to the end of the last attempt.")); err != nil {
		otel.Handle(err)
	}
	if t.limiterWait, err = meter.Float64Histogram(MetricLimiterWait, metric.WithUnit("s"), waitBuckets,
		metric.WithDescription("Time a call waited for the client's rate limiter before an attempt.")); err != nil {
		otel.Handle(err)
	}
	return altegio.Hooks{
		CallStart:   t.callStart,
		LimiterWait: t.limiterWaited,
		AttemptDone: t.attemptDone,
		CallDone:    t.callDone,
	}
}

// telemetry is what the hooks report to.
type telemetry struct {
	tracer          trace.Tracer
	attemptDuration httpconv.ClientRequestDuration
	callDuration    metric.Float64Histogram
	limiterWait     metric.Float64Histogram
}

// call is the state of one call, kept in its context.
type call struct {
	span       trace.Span
	recording  bool
	attrs      []attribute.KeyValue // the metrics' attributes every record of the call has
	method     attribute.KeyValue   // http.request.method
	template   string               // url.template, or ""
	operation  string               // the operationId, or ""
	lastStatus int                  // the last attempt's status, 0 before one
}

// callKey keys a call's state in its context: one key per [Hooks], so
// that the hooks of two providers on one client keep apart.
type callKey struct{ t *telemetry }

func (t *telemetry) callFrom(ctx context.Context) *call {
	c, _ := ctx.Value(callKey{t}).(*call)
	return c
}

func (t *telemetry) callStart(ctx context.Context, info altegio.CallInfo) context.Context {
	method, original := methodAttr(info.Method)
	c := &call{method: method, operation: info.Operation.ID}
	if info.Operation.Route != "" {
		c.template = info.BasePath + info.Operation.Route
	}
	name := "HTTP"
	if method != semconv.HTTPRequestMethodOther {
		name = info.Method
	}
	if c.template != "" {
		name += " " + c.template
	}
	c.attrs = make([]attribute.KeyValue, 0, 8)
	c.attrs = append(c.attrs, method)
	if info.ServerAddress != "" {
		c.attrs = append(c.attrs, semconv.ServerAddress(info.ServerAddress))
	}
	if info.ServerPort > 0 {
		c.attrs = append(c.attrs, semconv.ServerPort(info.ServerPort))
	}
	if c.template != "" {
		c.attrs = append(c.attrs, semconv.URLTemplate(c.template))
	}
	if c.operation != "" {
		c.attrs = append(c.attrs, OperationIDKey.String(c.operation))
	}
	spanAttrs := append(make([]attribute.KeyValue, 0, len(c.attrs)+3), c.attrs...)
	if original.Valid() {
		spanAttrs = append(spanAttrs, original)
	}
	if op := info.Operation; op.ID != "" {
		spanAttrs = append(spanAttrs, APIKey.String(op.API), TagKey.String(op.Tag))
	}
	ctx, c.span = t.tracer.Start(ctx, name, trace.WithSpanKind(trace.SpanKindClient), trace.WithAttributes(spanAttrs...))
	c.recording = c.span.IsRecording()
	return context.WithValue(ctx, callKey{t}, c)
}

func (t *telemetry) limiterWaited(ctx context.Context, w altegio.LimiterWaitInfo) {
	c := t.callFrom(ctx)
	if c == nil {
		return
	}
	secs := w.Duration.Seconds()
	attrs := make([]attribute.KeyValue, 0, 4)
	attrs = append(attrs, c.method)
	if c.template != "" {
		attrs = append(attrs, semconv.URLTemplate(c.template))
	}
	if c.operation != "" {
		attrs = append(attrs, OperationIDKey.String(c.operation))
	}
	if w.Err != nil {
		attrs = append(attrs, semconv.ErrorTypeKey.String(errorType(w.Err, 0)))
	}
	t.limiterWait.Record(ctx, secs, metric.WithAttributes(attrs...))
	if c.recording {
		ev := []attribute.KeyValue{AttemptKey.Int(w.Attempt), DurationKey.Float64(secs)}
		if w.Err != nil {
			ev = append(ev, semconv.ErrorTypeKey.String(errorType(w.Err, 0)))
		}
		c.span.AddEvent(EventLimiterWait, trace.WithAttributes(ev...))
	}
}

func (t *telemetry) attemptDone(ctx context.Context, a altegio.AttemptInfo) {
	c := t.callFrom(ctx)
	if c == nil {
		return
	}
	c.lastStatus = a.StatusCode
	attrs := append(make([]attribute.KeyValue, 0, len(c.attrs)+2), c.attrs...)
	if a.StatusCode != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(a.StatusCode))
	}
	var errType string
	if a.Err != nil {
		errType = errorType(a.Err, a.StatusCode)
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	t.attemptDuration.Inst().Record(ctx, a.Duration.Seconds(), metric.WithAttributes(attrs...))
	if !c.recording {
		return
	}
	ev := make([]attribute.KeyValue, 0, 5)
	ev = append(ev, AttemptKey.Int(a.Attempt), DurationKey.Float64(a.Duration.Seconds()))
	if a.StatusCode != 0 {
		ev = append(ev, semconv.HTTPResponseStatusCode(a.StatusCode))
	}
	if errType != "" {
		ev = append(ev, semconv.ErrorTypeKey.String(errType))
	}
	if a.Reason != "" {
		ev = append(ev, RetryReasonKey.String(a.Reason))
	}
	c.span.AddEvent(EventAttempt, trace.WithAttributes(ev...))
	if a.StatusCode == 429 {
		ev := []attribute.KeyValue{AttemptKey.Int(a.Attempt)}
		if a.HasRetryAfter {
			ev = append(ev, RetryAfterKey.Float64(a.RetryAfter.Seconds()))
		}
		c.span.AddEvent(EventRateLimited, trace.WithAttributes(ev...))
	}
	if a.Retry {
		c.span.AddEvent(EventRetry, trace.WithAttributes(AttemptKey.Int(a.Attempt), RetryWaitKey.Float64(a.RetryWait.Seconds())))
	}
}

func (t *telemetry) callDone(ctx context.Context, d altegio.CallDoneInfo) {
	c := t.callFrom(ctx)
	if c == nil {
		return
	}
	attrs := append(make([]attribute.KeyValue, 0, len(c.attrs)+3), c.attrs...)
	if c.lastStatus != 0 {
		attrs = append(attrs, semconv.HTTPResponseStatusCode(c.lastStatus))
	}
	var errType string
	if d.Err != nil {
		errType = errorType(d.Err, c.lastStatus)
		attrs = append(attrs, semconv.ErrorTypeKey.String(errType))
	}
	t.callDuration.Record(ctx, d.Duration.Seconds(), metric.WithAttributes(attrs...))
	if !c.recording {
		c.span.End()
		return
	}
	// The span has the call's attributes already.
	end := attrs[len(c.attrs):]
	if d.Attempts > 1 {
		end = append(end, semconv.HTTPRequestResendCount(d.Attempts-1))
	}
	c.span.SetAttributes(end...)
	if d.Err != nil {
		c.span.SetStatus(codes.Error, d.Err.Error())
	}
	c.span.End()
}

// methodAttr returns the http.request.method attribute of method and, for
// a method the conventions do not know, http.request.method_original.
func methodAttr(method string) (attribute.KeyValue, attribute.KeyValue) {
	switch method {
	case "CONNECT", "DELETE", "GET", "HEAD", "OPTIONS", "PATCH", "POST", "PUT", "TRACE", "QUERY":
		return semconv.HTTPRequestMethodKey.String(method), attribute.KeyValue{}
	}
	return semconv.HTTPRequestMethodOther, semconv.HTTPRequestMethodOriginal(method)
}

// errorType returns the error.type of err, an error of the SDK, in the
// semantic conventions' terms: the status code of a non-2xx answer, or a
// low-cardinality name of the failure.
func errorType(err error, status int) string {
	var (
		apiErr   *altegio.APIError
		decode   *altegio.DecodeError
		tooLarge *altegio.ResponseTooLargeError
		netErr   net.Error
	)
	switch {
	case errors.As(err, &apiErr):
		return strconv.Itoa(apiErr.StatusCode)
	case errors.As(err, &decode):
		return "decode_error"
	case errors.As(err, &tooLarge):
		return "response_too_large"
	case errors.Is(err, context.DeadlineExceeded), errors.As(err, &netErr) && netErr.Timeout():
		return "timeout"
	case errors.Is(err, context.Canceled):
		return "canceled"
	case errors.Is(err, altegio.ErrMissingToken):
		return "missing_token"
	case status >= 300 || status > 0 && status < 200:
		return strconv.Itoa(status)
	}
	return semconv.ErrorTypeOther.Value.AsString()
}
