package altegio

import (
	"context"
	"log/slog"
	"net/http"
	"strings"
	"time"
)

// Option configures a [Client] (see [NewClient] and [Login]).
type Option func(*config)

// config is what the Options set.
type config struct {
	baseURL      string
	partnerToken string
	userToken    string
	httpClient   *http.Client
	product      string

	retry          *RetryPolicy // nil: DefaultRetryPolicy
	attemptTimeout time.Duration
	limiter        Limiter
	limiterSet     bool // false: the shared default limiter
	maxBody        int64
	middleware     []func(http.RoundTripper) http.RoundTripper
	logger         *slog.Logger
	hooks          []Hooks

	// Test hooks (see withClock); nil means the real thing.
	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func(n int64) int64
}

// WithTokens sets the partner token, the token of the integration, which
// every authenticated request carries, and the user token, the token of the
// user the requests act for (see [Login]; "" for a client of partner-only
// operations), which most operations need. [WithCallUserToken] acts for
// another user in one call.
func WithTokens(partnerToken, userToken string) Option {
	return func(c *config) {
		c.partnerToken = partnerToken
		c.userToken = userToken
	}
}

// WithBaseURL overrides the client's default base URL, e.g. to point it at
// a mock server. Trailing slashes are removed; an empty string keeps the
// default.
func WithBaseURL(u string) Option {
	return func(c *config) {
		if u = strings.TrimRight(strings.TrimSpace(u), "/"); u != "" {
			c.baseURL = u
		}
	}
}

// WithHTTPClient sets the HTTP client that sends the requests. By default a
// client is used with a 60 s timeout per attempt; nil restores it. The
// client's Transport (http.DefaultTransport when nil) is what [WithMiddleware]
// wraps. The client itself is not modified: requests go through a copy
// whose CheckRedirect follows no redirect (see [RedirectError]).
func WithHTTPClient(hc *http.Client) Option {
	return func(c *config) { c.httpClient = hc }
}

// WithUserAgent names the application using the SDK, e.g. "myapp/1.2". It
// is put in front of the SDK's own User-Agent:
// "myapp/1.2 altegio-go/0.1.0 (go1.26.8)". Control characters are removed;
// the last WithUserAgent wins.
func WithUserAgent(product string) Option {
	return func(c *config) { c.product = oneLine(product) }
}

// WithRetry makes the client retry failed attempts as p says (see
// [RetryPolicy]; zero fields take their defaults, so WithRetry(RetryPolicy{})
// is [DefaultRetryPolicy], and WithRetry(RetryPolicy{MaxAttempts: 1}) turns
// retries off). Without WithRetry a client uses DefaultRetryPolicy. The
// last WithRetry wins; [WithCallMaxAttempts] changes the attempts of one
// call.
func WithRetry(p RetryPolicy) Option {
	return func(c *config) {
		p = p.withDefaults()
		c.retry = &p
	}
}

// WithAttemptTimeout bounds each attempt of a call (sending the request and
// reading the whole response) by d, through a context derived from the
// caller's. An attempt that runs out of time is retried as a connection
// error is (see [RetryPolicy]); the caller's context still bounds the whole
// call, retries and waits included. d <= 0 removes the bound (the HTTP
// client's own timeout still applies: 60 s for the default client).
func WithAttemptTimeout(d time.Duration) Option {
	return func(c *config) { c.attemptTimeout = max(d, 0) }
}

// WithLimiter makes the client wait, before every attempt (retries
// included), for a turn from l, so that it stays under Altegio's rate
// limit instead of collecting 429s. The wait honours the caller's context:
// a call whose turn would come after its deadline fails at once. nil turns
// rate limiting off. The last WithLimiter wins. [NewLimiter] makes a limiter
// of fixed windows, [TokenBucket] one of a *rate.Limiter.
//
// Without a limiter option, a client whose base URL is on [APIHost]
// (Altegio's API, as [DefaultV1BaseURL] and [DefaultV2BaseURL] are) uses
// the limiter of its partner token, NewLimiter(DefaultLimits()...): 5
// requests per second and 200 per minute, Altegio's published limit,
// shared by every client of the process with that partner token (a v1
// and a v2 client, say). A client of any other host, such as a mock
// server, a test server or a proxy, is not limited. Give a limiter
// explicitly to limit a client of a proxy, to share one budget between
// several partner tokens or several processes behind one IP address (a
// [Limiter] backed by a shared store), or to keep other windows.
func WithLimiter(l Limiter) Option {
	return func(c *config) { c.limiter, c.limiterSet = l, true }
}

// DefaultMaxResponseBytes is the default of [WithMaxResponseBytes]: 64 MiB.
// The largest pages Altegio documents are 1,000 products (v1's product
// list) and 250 items (v2's lists), a few MiB even at several KiB an item:
// 64 MiB leaves more than ten times that, and bounds what one response can
// make the client read.
const DefaultMaxResponseBytes = 64 << 20

// WithMaxResponseBytes bounds the body of a 2xx response at n bytes
// (default [DefaultMaxResponseBytes]); n <= 0 restores the default. A
// longer body, announced by its Content-Length or found while reading, is
// not read past n+1 bytes: the call fails with a [*ResponseTooLargeError],
// and is not retried. Error bodies are always cut at 64 KiB.
func WithMaxResponseBytes(n int64) Option {
	return func(c *config) { c.maxBody = n }
}

// WithMiddleware wraps the HTTP client's transport in mw, to observe or
// change each attempt's request and response (tracing, metrics, custom
// headers). Middleware is applied in the order given, the first outermost:
// WithMiddleware(a, b) sends through a(b(transport)), so a sees the request
// first and the response last; a later WithMiddleware goes inside an
// earlier one. Middleware runs once per attempt, after the rate limiter
// and inside the per-attempt timeout, and sees the request as sent, with
// its Authorization header: do not log that header. (A bodiless GET, HEAD
// or OPTIONS may carry an empty Body rather than none, and a request's
// GetBody may be unset, so that the transport sends each attempt once; see
// [Client.Do].) A nil middleware is skipped. To observe whole calls, the
// rate limiter's waits and the retry decisions included, use [WithHooks].
func WithMiddleware(mw ...func(http.RoundTripper) http.RoundTripper) Option {
	return func(c *config) { c.middleware = append(c.middleware, mw...) }
}

// WithLogger makes the client log one record per attempt to l: message
// "altegio request", at level Info for an attempt that succeeded and Warn
// for one that failed, with the attributes
//
//	method    GET
//	path      the path relative to the base URL, without the query string,
//	          e.g. /locations/1/positions
//	attempt   1, 2, …
//	status    the HTTP status (absent when no response came)
//	duration  the attempt's time, from sending to the end of the body
//	error     the error (absent on success; redacted like every error)
//	retry     for a failed attempt: whether it is retried
//	retry_in  when retried: the wait before the next attempt
//	reason    when not retried although the error is transient: why (e.g.
//	          "out of attempts", "POST is not idempotent")
//
// No header, query string, body or token is logged. The caller's context
// is passed to the handler. nil disables logging (the default).
func WithLogger(l *slog.Logger) Option {
	return func(c *config) { c.logger = l }
}

// withClock replaces the clock, the sleeper and the jitter source, for
// tests; nil keeps the real one.
func withClock(now func() time.Time, sleep func(context.Context, time.Duration) error, jitter func(n int64) int64) Option {
	return func(c *config) {
		c.now, c.sleep, c.jitter = now, sleep, jitter
	}
}

// CallOption configures one call of [Client.Do].
type CallOption func(*callConfig)

// callConfig is what the CallOptions set.
type callConfig struct {
	response  **http.Response
	header    http.Header
	userToken string
	// maxAttempts overrides the client's MaxAttempts when > 0.
	maxAttempts int
	// idempotent retries a POST or PATCH like a GET.
	idempotent bool
	// secrets are extra strings to scrub from errors (e.g. Login's password).
	secrets []string
	// jsonEdits and queryEdits change the request's body and query
	// (WithJSONSet, WithQuerySet and their kin, in requestextra.go).
	jsonEdits  []jsonEdit
	queryEdits []queryEdit
	// meta receives the success body's "meta" member (WithMeta).
	meta any
}

// WithResponse stores the raw HTTP response in *dst, on success and on
// APIError alike (not when the request could not be sent). Its body has
// been read and closed; it is replaced by a reader over the bytes read, so
// the headers and the body both stay usable. Its Request is a copy of the
// request without body, whose Authorization header is [REDACTED]; the
// response of an APIError is redacted as [APIError.Response] says.
func WithResponse(dst **http.Response) CallOption {
	return func(c *callConfig) { c.response = dst }
}

// WithMeta decodes the "meta" member of a successful response into dst (a
// pointer), as the method's result decodes its "data": a method that
// returns the data of Altegio's {success, data, meta} envelope names its
// meta type in its doc comment, such as the total count of a list:
//
//	var meta b2bv1.ListMeta
//	clients, err := api.Clients.List(ctx, locationID, body, altegio.WithMeta(&meta))
//
// A response without meta, or with an empty one, leaves dst as it is. A
// generated method hands over the meta it decoded with the data; dst of
// another type than the method's meta type gets the body's meta decoded
// anew.
func WithMeta(dst any) CallOption {
	return func(c *callConfig) { c.meta = dst }
}

// WithRequestHeader sets a header on the request, after the SDK's own
// headers, so it can override Accept, User-Agent or Content-Type. Setting
// Authorization this way replaces the SDK's Authorization header and its
// token checks.
func WithRequestHeader(key, value string) CallOption {
	return func(c *callConfig) {
		if c.header == nil {
			c.header = make(http.Header)
		}
		c.header.Set(key, value)
	}
}

// WithCallUserToken overrides the client's user token for one call, e.g. to
// act for several users with one [Client].
func WithCallUserToken(token string) CallOption {
	return func(c *callConfig) { c.userToken = token }
}

// withSecret makes the call scrub s from any error it returns.
func withSecret(s string) CallOption {
	return func(c *callConfig) { c.secrets = append(c.secrets, s) }
}

// WithCallMaxAttempts overrides the client's maximum number of attempts
// for one call, with the client's retry policy (or [DefaultRetryPolicy] if
// it has none) for the rest. n < 1 means 1: no retries.
func WithCallMaxAttempts(n int) CallOption {
	return func(c *callConfig) { c.maxAttempts = max(n, 1) }
}

// WithIdempotent declares one call safe to repeat: a POST or PATCH is then
// retried on 5xx and connection errors like a GET (by default it is retried
// on 429 only, as the server may have processed it). It does not enable
// retries on a client without them: combine it with [WithCallMaxAttempts]
// there.
func WithIdempotent() CallOption {
	return func(c *callConfig) { c.idempotent = true }
}
