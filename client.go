package altegio

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"
)

// Client is the transport shared by the generated API clients: it holds the
// base URL, the tokens and the HTTP client, and sends requests with [Client.Do].
// A Client is safe for concurrent use.
type Client struct {
	baseURL      string
	basePath     string
	partnerToken string
	userToken    string
	hc           *http.Client
	userAgent    string
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
		baseURL:      cfg.baseURL,
		partnerToken: cfg.partnerToken,
		userToken:    cfg.userToken,
		hc:           cfg.httpClient,
		userAgent:    sdkUserAgent,
	}
	if c.hc == nil {
		c.hc = defaultHTTPClient
	}
	if cfg.product != "" {
		c.userAgent = cfg.product + " " + sdkUserAgent
	}
	c.basePath = basePath(c.baseURL)
	return c
}

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

// Do sends req, a request built against [Client.BaseURL] (URL, method, query
// and JSON body set), and decodes a 2xx body into out.
//
// Do attaches ctx, sets the Authorization header that auth asks for, Accept
// ([AcceptHeader]), User-Agent, and Content-Type: application/json when the
// request has a body and no Content-Type; then it applies opts. A request
// that needs a token the client lacks fails before anything is sent.
//
// On a 2xx answer with a non-empty body, the body is decoded with [Unmarshal]
// into out, unless out is nil (or a *[]byte, which gets the raw body, for
// non-JSON responses); an empty body (e.g. 204) leaves out untouched;
// a body that cannot be decoded gives a [*DecodeError]. Any other status gives
// an [*APIError]. Errors never contain tokens. Like http.Client.Do, Do closes
// req.Body, even on errors. req itself is not modified.
func (c *Client) Do(ctx context.Context, req *http.Request, auth Auth, out any, opts ...CallOption) error {
	if req == nil || req.URL == nil {
		return errors.New("altegio: Do: nil request")
	}
	if ctx == nil {
		ctx = context.Background()
	}
	var cc callConfig
	for _, o := range opts {
		if o != nil {
			o(&cc)
		}
	}
	method, path := req.Method, c.relPath(req)
	if method == "" {
		method = http.MethodGet
	}
	secrets := append([]string{c.partnerToken, c.userToken, cc.userToken}, cc.secrets...)

	r := req.Clone(ctx)
	hasBody := r.Body != nil && r.Body != http.NoBody
	userToken := c.userToken
	if cc.userToken != "" {
		userToken = cc.userToken
	}
	if cc.header.Get("Authorization") == "" {
		authz, err := authorization(auth, c.partnerToken, userToken, method, path)
		if err != nil {
			closeBody(req)
			return err
		}
		if authz != "" {
			r.Header.Set("Authorization", authz)
		}
	}
	r.Header.Set("Accept", AcceptHeader)
	r.Header.Set("User-Agent", c.userAgent)
	if hasBody && r.Header.Get("Content-Type") == "" {
		r.Header.Set("Content-Type", "application/json")
	}
	for k, vs := range cc.header {
		r.Header[k] = vs
	}

	resp, err := c.hc.Do(r)
	if err != nil {
		return &transportError{method: method, path: path, err: err, secrets: secrets}
	}
	rawBody := resp.Body
	defer func() {
		// Let the connection be reused after a long error body.
		io.Copy(io.Discard, io.LimitReader(rawBody, maxErrorBody))
		rawBody.Close()
	}()

	ok := resp.StatusCode >= 200 && resp.StatusCode <= 299
	var body []byte
	if ok {
		body, err = io.ReadAll(rawBody)
	} else {
		body, err = io.ReadAll(io.LimitReader(rawBody, maxErrorBody))
	}
	resp.Body = io.NopCloser(bytes.NewReader(body))
	if cc.response != nil {
		*cc.response = resp
	}
	if err != nil {
		return &transportError{method: method, path: path, err: fmt.Errorf("reading the %s response: %w", statusLine(resp.StatusCode), err), secrets: secrets}
	}
	if !ok {
		return newAPIError(method, path, resp, body, secrets)
	}
	if raw, isRaw := out.(*[]byte); isRaw && raw != nil {
		*raw = body
		return nil
	}
	if out == nil || len(bytes.TrimSpace(body)) == 0 {
		return nil
	}
	if err := Unmarshal(body, out); err != nil {
		return &DecodeError{
			Method:     method,
			Path:       path,
			StatusCode: resp.StatusCode,
			Err:        err,
			Body:       snippet(body, resp.Header.Get("Content-Type"), secrets),
		}
	}
	return nil
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
// could not be read. Its text is redacted; it unwraps to the cause, so
// errors.Is(err, context.DeadlineExceeded) works.
type transportError struct {
	method, path string
	err          error
	secrets      []string
}

func (e *transportError) Error() string {
	return redactAll(fmt.Sprintf("altegio: %s %s: %v", e.method, e.path, e.err), e.secrets)
}

func (e *transportError) Unwrap() error { return e.err }
