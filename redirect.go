package altegio

import (
	"net/http"
	"net/url"
)

// noRedirects returns a copy of hc that follows no redirect: its Do
// returns the 3xx response itself. hc is not modified.
func noRedirects(hc *http.Client) *http.Client {
	cp := *hc
	cp.CheckRedirect = func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }
	return &cp
}

// isRedirect reports whether code is one of the statuses that ask a client
// to repeat the request elsewhere.
func isRedirect(code int) bool {
	switch code {
	case http.StatusMovedPermanently, http.StatusFound, http.StatusSeeOther,
		http.StatusTemporaryRedirect, http.StatusPermanentRedirect:
		return true
	}
	return false
}

// RedirectError is a redirect (301, 302, 303, 307 or 308) answering a
// request. Altegio's API does not redirect API calls, and following one is
// unsafe: to another scheme or host it would send the tokens there (in
// cleartext, for http) and, for 307 and 308, the request body; a 301, 302 or
// 303 would turn a POST into a GET whose answer passed for the operation's.
// So a client follows no redirect, to any host, with any status: nothing is
// sent to Location, and the call fails with a RedirectError, which is not
// retried.
//
// It embeds the redirect's [*APIError] (StatusCode, Method, Path,
// Response), which errors.As finds too.
type RedirectError struct {
	*APIError
	// Location is the response's Location header ("" when it has none),
	// with the request's tokens redacted.
	Location string
	// target is Location resolved against the request URL, without its
	// query string, for Error.
	target string
}

func newRedirectError(apiErr *APIError, req *http.Request, location string, r redactor) *RedirectError {
	e := &RedirectError{APIError: apiErr, Location: r.all(location), target: "an empty Location"}
	if location == "" {
		return e
	}
	u, err := req.URL.Parse(location)
	if err != nil {
		e.target = "an invalid Location"
		return e
	}
	e.target = r.all((&url.URL{Scheme: u.Scheme, Host: u.Host, Path: u.Path}).String())
	return e
}

// Error returns one line such as "altegio: POST /locations/1/positions: 302
// Found: redirect to http://example.com/x not followed (Altegio's API does
// not redirect)".
func (e *RedirectError) Error() string {
	return "altegio: " + e.Method + " " + e.Path + ": " + statusLine(e.StatusCode) + ": redirect to " + oneLine(e.target) + " not followed (Altegio's API does not redirect)"
}

// Unwrap returns the embedded *APIError.
func (e *RedirectError) Unwrap() error { return e.APIError }
