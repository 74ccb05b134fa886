package altegio

import "net/http"

// RoundTripperFunc adapts a function to http.RoundTripper, for writing
// [WithMiddleware] middleware:
//
//	altegio.WithMiddleware(func(next http.RoundTripper) http.RoundTripper {
//		return altegio.RoundTripperFunc(func(r *http.Request) (*http.Response, error) {
//			r = r.Clone(r.Context())
//			r.Header.Set("X-Request-Id", newID())
//			return next.RoundTrip(r)
//		})
//	})
type RoundTripperFunc func(*http.Request) (*http.Response, error)

// RoundTrip calls f(r).
func (f RoundTripperFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// withMiddleware returns hc with its transport wrapped in mw, the first
// outermost, or hc itself when there is no middleware. hc is not modified.
func withMiddleware(hc *http.Client, mw []func(http.RoundTripper) http.RoundTripper) *http.Client {
	rt := hc.Transport
	if rt == nil {
		rt = http.DefaultTransport
	}
	wrapped := false
	for i := len(mw) - 1; i >= 0; i-- {
		if mw[i] != nil {
			rt = mw[i](rt)
			wrapped = true
		}
	}
	if !wrapped {
		return hc
	}
	cp := *hc
	cp.Transport = rt
	return &cp
}
