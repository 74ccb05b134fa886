package altegio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"math"
	"net/http"
	"net/url"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"time"

	"github.com/altegio-go/altegio/internal/bridge"
)

// Client is the transport shared by the generated API clients: it holds the
// base URL, the tokens and the HTTP client, and sends requests with [Client.Do],
// retrying, rate limiting and logging as its options say.
// A Client is safe for concurrent use.
type Client struct {
	baseURL      string
	basePath     string
	partnerToken string
	userToken    string
	hc           *http.Client
	userAgent    string

	// Header values computed once: User-Agent, and Authorization by Auth
	// (nil when the client lacks a token it needs).
	userAgentHeader []string
	authz           [authPartnerUser + 1][]string

	retry          RetryPolicy // MaxAttempts 1 when retries are off
	attemptTimeout time.Duration
	limiter        Limiter // nil: no rate limit
	maxBody        int64   // the most bytes of a 2xx body read
	logger         *slog.Logger
	hooks          *Hooks      // nil: none
	http2          atomic.Bool // the last response came over HTTP/2 (see sendOnce)

	now    func() time.Time
	sleep  func(context.Context, time.Duration) error
	jitter func(n int64) int64

	// redact removes the client's tokens from error texts; built on the
	// first error.
	redactOnce sync.Once
	redact     redactor
}

// defaultHTTPClient is used when no WithHTTPClient is given.
var defaultHTTPClient = &http.Client{Timeout: 60 * time.Second}

// NewClient returns a client for the API at defaultBaseURL (e.g.
// [DefaultV2BaseURL]), configured by opts; [WithBaseURL] overrides the base URL.
func NewClient(defaultBaseURL string, opts ...Option) *Client {
	cfg := config{baseURL: strings.TrimRight(strings.TrimSpace(defaultBaseURL), "/")}
	for _, o := range opts {
		if o != nil {
			o(&cfg)
		}
	}
	c := &Client{
		baseURL:        cfg.baseURL,
		partnerToken:   cfg.partnerToken,
		userToken:      cfg.userToken,
		hc:             cfg.httpClient,
		userAgent:      sdkUserAgent,
		attemptTimeout: cfg.attemptTimeout,
		limiter:        cfg.limiter,
		maxBody:        cfg.maxBody,
		logger:         cfg.logger,
		hooks:          composeHooks(cfg.hooks),
		now:            cfg.now,
		sleep:          cfg.sleep,
		jitter:         cfg.jitter,
	}
	if !cfg.limiterSet {
		c.limiter = defaultLimiter(c.baseURL, c.partnerToken)
	}
	if c.maxBody <= 0 {
		c.maxBody = DefaultMaxResponseBytes
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient
	}
	c.hc = withMiddleware(noRedirects(c.hc), cfg.middleware)
	c.retry = DefaultRetryPolicy()
	if cfg.retry != nil {
		c.retry = *cfg.retry
	}
	if c.now == nil {
		c.now = time.Now
	}
	if c.sleep == nil {
		c.sleep = defaultSleep
	}
	if c.jitter == nil {
		c.jitter = jitter
	}
	if cfg.product != "" {
		c.userAgent = cfg.product + " " + sdkUserAgent
	}
	c.userAgentHeader = []string{c.userAgent}
	for _, a := range []authMode{authPartner, authPartnerUser} {
		if v, err := authorization(a, c.partnerToken, c.userToken, "", ""); err == nil {
			c.authz[a] = []string{v}
		}
	}
	c.basePath = basePath(c.baseURL)
	return c
}

// defaultSleep is the sleeper of clients that were given none.
var defaultSleep = sleepCtx

// BaseURL returns the base URL requests are built against, without a
// trailing slash, e.g. "https://api.alteg.io/api/v2".
func (c *Client) BaseURL() string { return c.baseURL }

// ServerURL returns the base URL with a trailing slash, as oapi-codegen's
// New...Request constructors need it: they resolve "./path" against it, so
// without the slash the last segment of the base URL ("v2") would be lost.
func (c *Client) ServerURL() string { return c.baseURL + "/" }

// basePath returns the path of a base URL, e.g. "/api/v2".
func basePath(u string) string {
	if i := strings.Index(u, "://"); i >= 0 {
		u = u[i+3:]
	}
	i := strings.IndexByte(u, '/')
	if i < 0 {
		return ""
	}
	u = u[i:]
	if j := strings.IndexAny(u, "?#"); j >= 0 {
		u = u[:j]
	}
	return strings.TrimRight(u, "/")
}

// do sends req, a request built against [Client.BaseURL] (URL, method, query
// and JSON body set), and decodes a 2xx body into out. Generated code calls
// it as plumbing.Do.
//
// do attaches ctx, sets the Authorization header that auth asks for, Accept
// (plumbing.AcceptHeader), User-Agent, and Content-Type: application/json when the
// request has no Content-Type, with or without a body (Altegio's specs
// declare it a required header of bodiless operations too: 136 GET, DELETE
// and POST operations of v1 and delete_timetable_appointment of v2); then it
// applies opts. A request
// that needs a token the client lacks fails before anything is sent.
//
// Each attempt first waits for a turn from the client's rate limiter (by
// default, on Altegio's API host, Altegio's published limit, shared by the
// clients of the process with the same partner token; see [WithLimiter]),
// and is bounded by the per-attempt timeout ([WithAttemptTimeout]), if
// any. Each attempt sends the request once: the HTTP transport does not
// send it again by itself when a keep-alive connection fails.
// A failed attempt is retried as the client's [RetryPolicy] says (by default
// [DefaultRetryPolicy]; see [WithRetry]), with the body replayed from req.GetBody (or
// from a copy read once, when req has a body but no GetBody). ctx bounds the
// whole call: no wait goes past its deadline.
//
// On a 2xx answer with a non-empty body, the body is decoded with [Unmarshal]
// into out, unless out is nil (or a *[]byte, which gets the raw body, for
// non-JSON responses); an empty body (e.g. 204) leaves out untouched;
// a body that cannot be decoded gives a [*DecodeError], and one longer than
// the client's limit a [*ResponseTooLargeError] ([WithMaxResponseBytes]).
// Any other status gives an [*APIError] (the last attempt's); a redirect is
// not followed, and gives a [*RedirectError]. Errors never contain tokens, in
// any encoding (see [APIError.Response] for the response they keep). Like
// http.Client.Do, do closes req.Body, even on errors. req itself is not
// modified. The client's [Hooks], if any, see the call from start to end.
func (c *Client) do(ctx context.Context, req *http.Request, auth authMode, out any, opts ...CallOption) error {
	return c.call(ctx, req, auth, out, nil, opts)
}

// call is do, given where in out the envelope's meta is decoded (meta, a
// pointer into out, or nil): a [WithMeta] destination gets it from there
// (deliverMeta) rather than from a second reading of the body.
func (c *Client) call(ctx context.Context, req *http.Request, auth authMode, out, meta any, opts []CallOption) (err error) {
	if ctx == nil {
		ctx = context.Background()
	}
	cc := &noCallOptions // read-only
	if len(opts) > 0 {
		cc = new(callConfig)
		for _, o := range opts {
			if o != nil {
				o(cc)
			}
		}
	}
	var method, path string
	if req != nil && req.URL != nil {
		method, path = req.Method, c.relPath(req)
		if method == "" {
			method = http.MethodGet
		}
	}
	op, _ := OperationFrom(ctx)
	route := op.Route
	secrets := c.secrets(cc)
	// The path names the request in errors, logs and hooks: a token
	// passed as a path parameter must not show there.
	path = secrets.redactor().secrets(path)
	var trace *callTrace // nil: no hooks
	if c.hooks != nil {
		var u *url.URL
		if req != nil {
			u = req.URL
		}
		ctx, trace = c.startCall(ctx, op, method, path, u)
		defer trace.done(ctx, &err)
	}
	if req == nil || req.URL == nil {
		return errors.New("altegio: nil request")
	}

	// A shallow copy with its own header map: the SDK's headers replace
	// whole entries, so the caller's value slices are shared, not modified.
	r := req.WithContext(ctx)
	r.Header = make(http.Header, len(req.Header)+4)
	for k, vs := range req.Header {
		r.Header[k] = vs
	}
	hasBody := r.Body != nil && r.Body != http.NoBody
	if cc.header.Get("Authorization") == "" {
		authz, err := c.authHeader(auth, cc.userToken, method, path)
		if err != nil {
			closeBody(req)
			return err
		}
		if authz != nil {
			r.Header["Authorization"] = authz
		}
	}
	r.Header["Accept"] = acceptHeader
	r.Header["User-Agent"] = c.userAgentHeader
	if r.Header.Get("Content-Type") == "" {
		r.Header["Content-Type"] = jsonContentType
	}
	for k, vs := range cc.header {
		r.Header[k] = vs
	}
	if len(cc.jsonEdits) > 0 || len(cc.queryEdits) > 0 {
		if err := applyRequestEdits(r, cc); err != nil {
			closeBody(req)
			return newTransportError(method, path, err, secrets)
		}
		hasBody = r.Body != nil && r.Body != http.NoBody
	}

	policy := c.retry
	if cc.maxAttempts > 0 {
		policy.MaxAttempts = cc.maxAttempts
	}
	getBody := r.GetBody
	if hasBody && policy.MaxAttempts > 1 && getBody == nil {
		// Keep a copy to replay.
		buf, err := io.ReadAll(r.Body)
		closeBody(req)
		if err != nil {
			return newTransportError(method, path, fmt.Errorf("reading the request body: %w", err), secrets)
		}
		getBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(buf)), nil }
		r.Body, _ = getBody()
		r.GetBody = getBody
	}
	if !hasBody {
		getBody = nil
	}

	var last error // the last failed attempt's error
	for attempt := 1; ; attempt++ {
		if c.limiter != nil {
			if err := c.waitTurn(ctx, method, path, last, attempt-1, secrets, trace); err != nil {
				if attempt == 1 {
					closeBody(r)
				}
				return err
			}
		}
		ar := r
		if attempt > 1 {
			ar = r.WithContext(ctx)
			if getBody != nil {
				body, err := getBody()
				if err != nil {
					return &abandonedError{last: last, ctxErr: secrets.redactor().cause(err), attempts: attempt - 1, why: "the request body cannot be replayed"}
				}
				ar.Body = body
			}
		}

		if trace != nil {
			trace.attempts = attempt
		}
		start := time.Now()
		resp, body, timedOut, err := c.send(ctx, ar)
		elapsed := time.Since(start)
		if resp != nil && (cc.response != nil || err != nil || resp.StatusCode < 200 || resp.StatusCode > 299) {
			// Kept: in *cc.response or in an error.
			keepResponse(resp, body, err != nil || resp.StatusCode < 200 || resp.StatusCode > 299, secrets)
			if cc.response != nil {
				*cc.response = resp
			}
		}

		// The outcome of the attempt, and whether to try again.
		var (
			failure          error
			retry, anyMethod bool
			status           int
		)
		switch {
		case err == errBodyTooLarge:
			status = resp.StatusCode
			failure = &ResponseTooLargeError{Method: method, Path: path, Route: route, StatusCode: status, Limit: c.maxBody, ContentLength: resp.ContentLength, Response: resp}
		case err != nil:
			if resp != nil {
				status = resp.StatusCode
				err = fmt.Errorf("reading the %s response: %w", statusLine(resp.StatusCode), err)
			}
			if timedOut {
				err = fmt.Errorf("attempt %d timed out after %v: %w", attempt, c.attemptTimeout, err)
			}
			failure = newTransportError(method, path, err, secrets)
			if ctx.Err() == nil {
				retry, anyMethod = retryableError(err)
				anyMethod = anyMethod && resp == nil
			}
		case resp.StatusCode < 200 || resp.StatusCode > 299:
			status = resp.StatusCode
			red := secrets.redactor()
			apiErr := newAPIError(method, path, resp, body, red)
			apiErr.Route = route
			failure = apiErr
			if isRedirect(status) {
				failure = newRedirectError(apiErr, ar, resp.Header.Get("Location"), red)
			}
			retry, anyMethod = retryableStatus(resp.StatusCode)
		default:
			err := c.decode(method, path, resp, body, out, secrets)
			if err == nil && cc.meta != nil {
				if meta == nil || !deliverMeta(cc.meta, meta) {
					err = c.decode(method, path, resp, metaOf(body), cc.meta, secrets)
				}
			}
			if de, ok := err.(*DecodeError); ok {
				de.Route = route
			}
			c.logAttempt(ctx, method, path, attempt, resp.StatusCode, elapsed, err, false, 0, "")
			if trace != nil {
				trace.attemptDone(ctx, AttemptInfo{Attempt: attempt, StatusCode: resp.StatusCode, Duration: elapsed, Err: err})
			}
			return err
		}

		if ctx.Err() != nil {
			// The caller's context ended during the attempt.
			c.logAttempt(ctx, method, path, attempt, status, elapsed, failure, false, 0, "the context ended")
			if trace != nil {
				a := AttemptInfo{Attempt: attempt, StatusCode: status, Duration: elapsed, Err: failure, Reason: "the context ended"}
				a.RetryAfter, a.HasRetryAfter = retryAfter(resp, c.now())
				trace.attemptDone(ctx, a)
			}
			if last != nil {
				return &abandonedError{last: last, ctxErr: ctx.Err(), attempts: attempt, why: fmt.Sprintf("the context ended during attempt %d", attempt)}
			}
			return failure
		}

		var (
			wait   time.Duration
			reason string // why a transient failure is not retried
		)
		if retry && !anyMethod && !idempotent(method) && !policy.RetryNonIdempotent && !cc.idempotent {
			retry, reason = false, method+" is not idempotent"
		}
		if retry && attempt >= policy.MaxAttempts {
			retry = false
			if policy.MaxAttempts > 1 {
				reason = "out of attempts"
			}
		}
		var (
			ra    time.Duration
			hasRA bool
		)
		if retry || trace != nil {
			ra, hasRA = retryAfter(resp, c.now())
		}
		if retry {
			if hasRA {
				if ra > policy.MaxRetryAfter {
					retry, reason = false, fmt.Sprintf("Retry-After %v exceeds the %v limit", ra, policy.MaxRetryAfter)
				}
				wait = ra
			} else if bound := policy.backoffCap(attempt); bound > 0 {
				wait = time.Duration(c.jitter(int64(bound) + 1))
			}
		}
		var abandon error
		if retry {
			if dl, ok := ctx.Deadline(); ok && !time.Now().Add(wait).Before(dl) {
				retry, reason = false, fmt.Sprintf("the next attempt, in %v, would pass the context deadline", roundWait(wait))
				abandon = &abandonedError{last: failure, ctxErr: context.DeadlineExceeded, attempts: attempt, why: reason}
			}
		}
		c.logAttempt(ctx, method, path, attempt, status, elapsed, failure, retry, wait, reason)
		if trace != nil {
			a := AttemptInfo{Attempt: attempt, StatusCode: status, Duration: elapsed, Err: failure,
				Retry: retry, Reason: reason, RetryAfter: ra, HasRetryAfter: hasRA}
			if retry {
				a.RetryWait = wait
			}
			trace.attemptDone(ctx, a)
		}
		if abandon != nil {
			return abandon
		}
		if !retry {
			return failure
		}
		last = failure
		if err := c.sleep(ctx, wait); err != nil {
			return &abandonedError{last: failure, ctxErr: ctxCause(ctx), attempts: attempt, why: "the context ended while waiting to retry"}
		}
	}
}

// Header values set on every request, shared (the transport does not
// modify them).
var (
	acceptHeader    = []string{acceptMediaType}
	jsonContentType = []string{"application/json"}
)

// noCallOptions is the configuration of a call without options.
var noCallOptions callConfig

// secretSet names the secrets a call's errors must not show: the client's
// tokens, the call's user token, the tokens of an Authorization header
// the caller set, and extra secrets such as Login's password. Its
// redactor is built only when an error needs it.
type secretSet struct {
	c  *Client
	cc *callConfig
}

func (c *Client) secrets(cc *callConfig) secretSet { return secretSet{c, cc} }

// redactor returns the redactor of s's secrets.
func (s secretSet) redactor() redactor {
	var extra []string
	if s.cc.userToken != "" {
		extra = append(extra, s.cc.userToken)
	}
	extra = append(extra, s.cc.secrets...)
	if v := s.cc.header.Get("Authorization"); v != "" {
		extra = append(extra, authorizationSecrets(v)...)
	}
	if len(extra) == 0 {
		s.c.redactOnce.Do(func() { s.c.redact = newRedactor(s.c.partnerToken, s.c.userToken) })
		return s.c.redact
	}
	return newRedactor(append(extra, s.c.partnerToken, s.c.userToken)...)
}

// authorizationSecrets returns the credentials of an Authorization header
// value: its words but the schemes, e.g. the tokens of "Bearer <partner>,
// User <user>".
func authorizationSecrets(v string) []string {
	var out []string
	for _, w := range strings.FieldsFunc(v, func(r rune) bool { return r == ' ' || r == ',' || r == '\t' }) {
		switch strings.ToLower(w) {
		case "bearer", "user", "basic", "token":
		default:
			out = append(out, w)
		}
	}
	return out
}

// keepResponse prepares a response that is handed to the caller (in an
// error or by WithResponse): its Body reads body, and its Request is a
// copy of the request without its Authorization header (its value is
// [REDACTED]) or body. The body and headers of a failed attempt's
// response (failed), and its request's headers and query, are cleared of
// the call's secrets, which a server may echo.
func keepResponse(resp *http.Response, body []byte, failed bool, secrets secretSet) {
	var red redactor
	if failed {
		red = secrets.redactor()
	}
	if red != nil {
		body = []byte(red(string(body)))
		resp.Header = redactHeader(resp.Header, red)
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if req := resp.Request; req != nil {
		cp := req.Clone(req.Context())
		if len(cp.Header["Authorization"]) > 0 {
			cp.Header["Authorization"] = []string{redacted}
		}
		if red != nil {
			cp.Header = redactHeader(cp.Header, red)
			cp.URL.RawQuery = red.all(cp.URL.RawQuery)
			cp.URL.Path = red.secrets(cp.URL.Path)
			cp.URL.RawPath = red.secrets(cp.URL.RawPath)
		}
		cp.Body, cp.GetBody = http.NoBody, nil
		if cp.URL.User != nil {
			cp.URL.User = url.User(cp.URL.User.Username())
		}
		resp.Request = cp
	}
}

// redactHeader returns h with r applied to every value, copied if that
// changes anything.
func redactHeader(h http.Header, r redactor) http.Header {
	var out http.Header
	for k, vs := range h {
		for i, v := range vs {
			if rv := r(v); rv != v {
				if out == nil {
					out = h.Clone()
				}
				out[k][i] = rv
			}
		}
	}
	if out == nil {
		return h
	}
	return out
}

// authHeader returns the Authorization header value for auth, with the
// call's user token if any; the client's own are computed once.
func (c *Client) authHeader(auth authMode, callUserToken, method, path string) ([]string, error) {
	if callUserToken == "" && auth >= 0 && int(auth) < len(c.authz) && c.authz[auth] != nil {
		return c.authz[auth], nil
	}
	userToken := c.userToken
	if callUserToken != "" {
		userToken = callUserToken
	}
	authz, err := authorization(auth, c.partnerToken, userToken, method, path)
	if err != nil || authz == "" {
		return nil, err
	}
	return []string{authz}, nil
}

// send makes one attempt: it sends r, within the per-attempt timeout if any,
// and reads the body (a 2xx body up to c.maxBody, at most maxErrorBody of
// another), then drains and closes it; the response's Body is left empty.
// timedOut reports that the per-attempt timeout ended the attempt. When
// reading the body fails, resp is returned with the error; a 2xx body
// longer than c.maxBody is errBodyTooLarge, with no body.
func (c *Client) send(ctx context.Context, r *http.Request) (resp *http.Response, body []byte, timedOut bool, err error) {
	actx := ctx
	if c.attemptTimeout > 0 {
		var cancel context.CancelFunc
		actx, cancel = context.WithTimeout(ctx, c.attemptTimeout)
		defer cancel()
		r = r.WithContext(actx)
	}
	resp, err = c.hc.Do(c.sendOnce(r))
	if err != nil {
		return nil, nil, actx != ctx && actx.Err() != nil && ctx.Err() == nil, err
	}
	if h2 := resp.ProtoMajor == 2; h2 != c.http2.Load() {
		c.http2.Store(h2)
	}
	rawBody := resp.Body
	if resp.StatusCode >= 200 && resp.StatusCode <= 299 {
		body, err = readLimited(rawBody, resp.ContentLength, c.maxBody)
		if err == errBodyTooLarge {
			// Not drained: the connection is dropped rather than reused.
			rawBody.Close()
			resp.Body = http.NoBody
			return resp, nil, false, err
		}
	} else {
		body, err = io.ReadAll(io.LimitReader(rawBody, maxErrorBody))
		if err == nil {
			// Let the connection be reused after a long error body.
			io.Copy(io.Discard, io.LimitReader(rawBody, maxErrorBody))
		}
	}
	rawBody.Close()
	// Do sets resp.Body to a reader over body when resp is kept.
	resp.Body = http.NoBody
	return resp, body, err != nil && actx != ctx && actx.Err() != nil && ctx.Err() == nil, err
}

// sendOnce returns r as the transport gets it, so that each attempt sends
// the request at most once. Go's http.Transport resends a request on a new
// connection when a reused keep-alive connection fails before the
// response comes, even after the server read it, if the request is
// idempotent to it (GET, HEAD, OPTIONS, TRACE, or an Idempotency-Key
// header) and has no body or a GetBody; such a resend would be neither an
// attempt of the call nor a turn of its rate limiter. The transport never
// resends a request with a body and no GetBody (net/http.Transport's
// documentation), so r goes without GetBody (Do replays bodies itself)
// and, a GET, HEAD, OPTIONS or DELETE without a body, with an empty body,
// which the transport finds empty and does not send: the request on the
// wire is the same over HTTP/1. (A TRACE, or a bodiless POST, PUT or
// PATCH with an Idempotency-Key header, is left as it is: it would go
// chunked.) HTTP/2 resends only requests the server did not process, and
// would send the empty body as such, so once the client's last response
// came over HTTP/2, r goes as it is.
func (c *Client) sendOnce(r *http.Request) *http.Request {
	if c.http2.Load() {
		return r
	}
	_, key := r.Header["Idempotency-Key"]
	_, xkey := r.Header["X-Idempotency-Key"]
	switch r.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodTrace:
	default:
		if !key && !xkey {
			// Resent only when nothing was written: the server saw
			// nothing, and the attempt's turn is this one's.
			return r
		}
	}
	hasBody := r.Body != nil && r.Body != http.NoBody
	switch {
	case hasBody && r.GetBody == nil:
		return r
	case hasBody:
		r2 := *r
		r2.GetBody = nil
		return &r2
	}
	switch r.Method {
	case "", http.MethodGet, http.MethodHead, http.MethodOptions, http.MethodDelete:
		r2 := *r
		r2.Body, r2.GetBody, r2.ContentLength = emptyBody{}, nil, 0
		return &r2
	}
	return r
}

// emptyBody is a request body with nothing in it that the transport does
// not take for http.NoBody.
type emptyBody struct{}

func (emptyBody) Read([]byte) (int, error) { return 0, io.EOF }
func (emptyBody) Close() error             { return nil }

// errBodyTooLarge is send's error for a 2xx body longer than the limit.
var errBodyTooLarge = errors.New("the response body is too large")

// readLimited reads r to the end, if it holds at most limit bytes, into a
// buffer sized for the announced length; it reads no more than limit+1
// bytes, and none when length is above limit.
func readLimited(r io.Reader, length, limit int64) ([]byte, error) {
	if length > limit {
		return nil, errBodyTooLarge
	}
	if limit < math.MaxInt64 {
		r = io.LimitReader(r, limit+1)
	}
	b, err := readAll(r, length)
	if err == nil && int64(len(b)) > limit {
		return nil, errBodyTooLarge
	}
	return b, err
}

// readAll reads r to the end into a buffer sized for the announced length.
func readAll(r io.Reader, length int64) ([]byte, error) {
	if length <= 0 || length > 64<<20 {
		return io.ReadAll(r)
	}
	b := make([]byte, 0, length+1) // +1: see EOF without growing
	for {
		n, err := r.Read(b[len(b):cap(b)])
		b = b[:len(b)+n]
		if err != nil {
			if err == io.EOF {
				err = nil
			}
			return b, err
		}
		if len(b) == cap(b) {
			b = append(b, 0)[:len(b)]
		}
	}
}

// deliverMeta stores the decoded meta at src (a pointer to the envelope's
// meta field) in dst, a WithMeta destination of the same type (or of the
// type a pointer field points to), and reports whether it could; a meta
// that is absent or empty (the zero value) leaves dst as it is.
func deliverMeta(dst, src any) bool {
	d, s := reflect.ValueOf(dst), reflect.ValueOf(src)
	if d.Kind() != reflect.Pointer || d.IsNil() || s.Kind() != reflect.Pointer || s.IsNil() {
		return false
	}
	v := s.Elem()
	if v.Kind() == reflect.Pointer && v.Type() != d.Type().Elem() {
		if v.IsNil() {
			return v.Type().Elem() == d.Type().Elem()
		}
		v = v.Elem()
	}
	if v.Type() != d.Type().Elem() {
		return false
	}
	if !v.IsZero() {
		d.Elem().Set(v)
	}
	return true
}

// metaOf returns the "meta" member of a JSON object body, or nil.
func metaOf(body []byte) []byte {
	var env struct {
		Meta json.RawMessage `json:"meta"`
	}
	if json.Unmarshal(body, &env) != nil || string(env.Meta) == "null" {
		return nil
	}
	return env.Meta
}

// decode stores a 2xx body in out, as Do describes.
func (c *Client) decode(method, path string, resp *http.Response, body []byte, out any, secrets secretSet) error {
	if raw, isRaw := out.(*[]byte); isRaw && raw != nil {
		*raw = body
		return nil
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := Unmarshal(body, out); err != nil {
		red := secrets.redactor()
		return &DecodeError{
			Method:     method,
			Path:       path,
			StatusCode: resp.StatusCode,
			Err:        red.cause(err),
			Body:       snippet(body, resp.Header.Get("Content-Type"), red),
		}
	}
	return nil
}

// retryAfter returns the wait a response's Retry-After header asks for.
func retryAfter(resp *http.Response, now time.Time) (time.Duration, bool) {
	if resp == nil {
		return 0, false
	}
	v := resp.Header.Get("Retry-After")
	if v == "" {
		return 0, false
	}
	return parseRetryAfter(v, now)
}

// relPath returns the request path relative to the base URL, e.g.
// "/locations/1/positions" for "https://api.alteg.io/api/v2/locations/1/positions?x=1".
func (c *Client) relPath(req *http.Request) string {
	p := req.URL.Path
	if c.basePath != "" && strings.HasPrefix(p, c.basePath+"/") {
		p = p[len(c.basePath):]
	}
	if p == "" {
		p = "/"
	}
	return p
}

func closeBody(req *http.Request) {
	if req.Body != nil {
		req.Body.Close()
	}
}

// transportError is a request that could not be sent or whose response
// could not be read. Its text is redacted when it is made, and it keeps no
// secret: it unwraps to the cause, or, when the cause's text shows a
// secret, to a [scrubbedError] in its place; errors.Is(err,
// context.DeadlineExceeded) works either way.
type transportError struct {
	msg string
	err error
}

// newTransportError returns the transportError of a call to method path
// that failed with err.
func newTransportError(method, path string, err error, secrets secretSet) *transportError {
	red := secrets.redactor()
	return &transportError{msg: red.all("altegio: " + method + " " + path + ": " + causeText(err)), err: red.cause(err)}
}

func (e *transportError) Error() string { return e.msg }

// causeText returns err's text, without the `Get "<url>": ` of a
// *url.Error in it: it repeats the method, and the URL's query string may
// hold personal data.
func causeText(err error) string {
	s := err.Error()
	var ue *url.Error
	if errors.As(err, &ue) && ue.Err != nil {
		s = strings.Replace(s, ue.Error(), ue.Err.Error(), 1)
	}
	return s
}

func (e *transportError) Unwrap() error { return e.err }

func init() {
	bridge.Do = func(c any, ctx context.Context, req *http.Request, auth int, out any, opts any) error {
		o, _ := opts.([]CallOption)
		return c.(*Client).do(ctx, req, authMode(auth), out, o...)
	}
	bridge.DoEnvelope = func(c any, ctx context.Context, req *http.Request, auth int, out, meta any, opts any) error {
		o, _ := opts.([]CallOption)
		return c.(*Client).call(ctx, req, authMode(auth), out, meta, o)
	}
	bridge.MarshalWithExtra = func(v any, extra map[string]json.RawMessage) ([]byte, error) {
		return marshalWithExtra(v, extra)
	}
}
