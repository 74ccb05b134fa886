package altegio

import (
	"net/http"
	"strings"
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
}

// WithTokens sets both the partner token and the user token.
func WithTokens(partnerToken, userToken string) Option {
	return func(c *config) {
		c.partnerToken = partnerToken
		c.userToken = userToken
	}
}

// WithPartnerToken sets the partner token, the token of the integration.
// Every authenticated request carries it.
func WithPartnerToken(token string) Option {
	return func(c *config) { c.partnerToken = token }
}

// WithUserToken sets the user token, the token of the user the requests act
// for (see [Login]). Most operations need it.
func WithUserToken(token string) Option {
	return func(c *config) { c.userToken = token }
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
// client is used with a 60 s overall timeout per request; nil restores it.
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

// CallOption configures one call of [Client.Do].
type CallOption func(*callConfig)

// callConfig is what the CallOptions set.
type callConfig struct {
	response  **http.Response
	header    http.Header
	userToken string
	// secrets are extra strings to scrub from errors (e.g. Login's password).
	secrets []string
}

// WithResponse stores the raw HTTP response in *dst, on success and on
// APIError alike (not when the request could not be sent). Its body has
// been read and closed; it is replaced by a reader over the bytes read, so
// the headers and the body both stay usable.
func WithResponse(dst **http.Response) CallOption {
	return func(c *callConfig) { c.response = dst }
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
