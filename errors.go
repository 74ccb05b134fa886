package altegio

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/url"
	"os"
	"sort"
	"strconv"
	"strings"
)

// Sentinel errors for the statuses callers most often handle. An
// [*APIError] with the matching status satisfies errors.Is with them.
var (
	// ErrUnauthorized is a 401: a token is missing, wrong or revoked (a
	// user's token changes when they change their password).
	ErrUnauthorized = errors.New("altegio: unauthorized")
	// ErrForbidden is a 403: the user may not do this at this location.
	ErrForbidden = errors.New("altegio: forbidden")
	// ErrNotFound is a 404.
	ErrNotFound = errors.New("altegio: not found")
	// ErrValidation is a 422: see APIError.FieldErrors.
	ErrValidation = errors.New("altegio: validation failed")
	// ErrRateLimited is a 429: slow down (see the Retry-After header of
	// APIError.Response, if any).
	ErrRateLimited = errors.New("altegio: rate limited")
)

// sentinels maps statuses to their sentinel errors.
var sentinels = map[int]error{
	http.StatusUnauthorized:        ErrUnauthorized,
	http.StatusForbidden:           ErrForbidden,
	http.StatusNotFound:            ErrNotFound,
	http.StatusUnprocessableEntity: ErrValidation,
	http.StatusTooManyRequests:     ErrRateLimited,
}

// APIError is a non-2xx answer from the API.
//
// The texts it holds come from the server and are redacted: they never
// contain the tokens of the request (see [Redact]).
type APIError struct {
	// StatusCode is the HTTP status, e.g. 404.
	StatusCode int
	// Method is the request method, e.g. "GET".
	Method string
	// Path is the request path relative to the client's base URL, without
	// the query string, e.g. "/locations/1/positions".
	Path string
	// Route is the path template of the operation a generated method
	// called, e.g. "/locations/{company_id}/positions" (see
	// [OperationFrom]), or "".
	Route string
	// Message is Altegio's error message: meta.message, or the legacy
	// errors.message, or a top-level message.
	Message string
	// FieldErrors are the validation errors of meta.errors, by field. Messages
	// that name no field (Altegio sometimes sends a plain list) are under "".
	FieldErrors map[string][]string
	// Body is a short, single-line snippet of the body (at most 256 bytes;
	// the text of an HTML page) when it carries no message, e.g. a proxy's
	// 502 page.
	Body string
	// Response is the raw response. Its body has been read and replaced by a
	// reader over the bytes read (at most 64 KiB), with the request's
	// secrets removed from it and from the headers, as from every text
	// here. Its Request is a copy of the request without body, whose
	// Authorization header is [REDACTED].
	Response *http.Response
}

// Error returns one line such as
// "altegio: GET /locations/1/positions: 404 Not Found: Position not found".
func (e *APIError) Error() string {
	var b strings.Builder
	b.WriteString("altegio: ")
	if e.Method != "" || e.Path != "" {
		b.WriteString(strings.TrimSpace(e.Method + " " + e.Path))
		b.WriteString(": ")
	}
	b.WriteString(statusLine(e.StatusCode))
	if msg := oneLine(e.Message); msg != "" {
		b.WriteString(": ")
		b.WriteString(msg)
	}
	if fe := summarizeFieldErrors(e.FieldErrors); fe != "" {
		if e.Message == "" {
			b.WriteString(": ")
		} else {
			b.WriteString(" ")
		}
		b.WriteString("(" + fe + ")")
	}
	if e.Message == "" && len(e.FieldErrors) == 0 && e.Body != "" {
		b.WriteString(": ")
		b.WriteString(oneLine(e.Body))
	}
	return b.String()
}

// Is reports whether target is the sentinel error of e's status (e.g.
// [ErrNotFound] for a 404), or an *APIError with the same non-zero
// StatusCode.
func (e *APIError) Is(target error) bool {
	if t, ok := target.(*APIError); ok {
		return t.StatusCode != 0 && t.StatusCode == e.StatusCode
	}
	s, ok := sentinels[e.StatusCode]
	return ok && s == target
}

// statusLine returns e.g. "404 Not Found".
func statusLine(code int) string {
	if t := http.StatusText(code); t != "" {
		return strconv.Itoa(code) + " " + t
	}
	return "status " + strconv.Itoa(code)
}

// maxFieldsInError is how many fields Error lists before "and N more".
const maxFieldsInError = 5

// summarizeFieldErrors returns e.g. `name: is required; phone: is invalid, is too short`.
func summarizeFieldErrors(fe map[string][]string) string {
	if len(fe) == 0 {
		return ""
	}
	keys := make([]string, 0, len(fe))
	for k := range fe {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	var parts []string
	for i, k := range keys {
		if i == maxFieldsInError {
			parts = append(parts, fmt.Sprintf("and %d more", len(keys)-i))
			break
		}
		msgs := oneLine(strings.Join(fe[k], ", "))
		if k == "" {
			parts = append(parts, truncate(msgs, 200))
		} else {
			parts = append(parts, truncate(oneLine(k)+": "+msgs, 200))
		}
	}
	return strings.Join(parts, "; ")
}

// DecodeError is a 2xx answer whose body could not be decoded into the
// result type.
type DecodeError struct {
	// Method, Path, Route and StatusCode are as in [APIError].
	Method     string
	Path       string
	Route      string
	StatusCode int
	// Err is the decoding error (replaced by one with a redacted text, in
	// the unlikely case that its text shows a token).
	Err error
	// Body is a short, single-line, redacted snippet of the body.
	Body string
}

// Error returns one line naming the request and the decoding error.
func (e *DecodeError) Error() string {
	return fmt.Sprintf("altegio: %s %s: %s: decoding the response: %s",
		e.Method, e.Path, statusLine(e.StatusCode), oneLine(Redact(errString(e.Err))))
}

// Unwrap returns the decoding error.
func (e *DecodeError) Unwrap() error { return e.Err }

func errString(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// missingTokenError is returned before sending a request that needs a token
// the client does not have.
type missingTokenError struct {
	method, path string
	which, opt   string
}

func (e *missingTokenError) Error() string {
	return fmt.Sprintf("altegio: %s %s needs a %s token (%s)", e.method, e.path, e.which, e.opt)
}

// Is makes errors.Is(err, ErrMissingToken) true.
func (e *missingTokenError) Is(target error) bool { return target == ErrMissingToken }

// ErrMissingToken is returned, wrapped, when a request needs a token the
// client was not given; nothing is sent.
var ErrMissingToken = errors.New("altegio: missing token")

// ResponseTooLargeError is a 2xx response whose body is longer than the
// client's limit ([WithMaxResponseBytes]). The body is not read past the
// limit (not at all when its Content-Length says it is longer), and the
// call is not retried: the next answer would be as long.
type ResponseTooLargeError struct {
	// Method, Path, Route and StatusCode are as in [APIError].
	Method     string
	Path       string
	Route      string
	StatusCode int
	// Limit is the client's limit, in bytes.
	Limit int64
	// ContentLength is the length the response announced, or -1.
	ContentLength int64
	// Response is the raw response, with an empty body; its Request is as
	// in [APIError].
	Response *http.Response
}

// Error returns one line such as "altegio: GET /locations/1/clients: 200
// OK: the response body is longer than the client's limit of 67108864
// bytes (WithMaxResponseBytes)".
func (e *ResponseTooLargeError) Error() string {
	announced := ""
	if e.ContentLength >= 0 {
		announced = fmt.Sprintf(" (Content-Length %d)", e.ContentLength)
	}
	return fmt.Sprintf("altegio: %s %s: %s: the response body%s is longer than the client's limit of %d bytes (WithMaxResponseBytes)",
		e.Method, e.Path, statusLine(e.StatusCode), announced, e.Limit)
}

// cause returns err to be wrapped by an error of the package, showing
// none of r's secrets (nor anything [Redact] removes): err itself if its
// text shows none; else, as far as they are what shows one, err's
// *url.Error with a redacted URL and its wrappings (fmt.Errorf's %w) with
// the wrapped error cleaned the same way; and else a [*scrubbedError]
// with the redacted text, which keeps none of err's values.
func (r redactor) cause(err error) error {
	if err == nil {
		return nil
	}
	s := err.Error()
	red := r.all(s)
	if red == s {
		return err
	}
	var clean error
	if ue, ok := err.(*url.Error); ok {
		clean = &url.Error{Op: ue.Op, URL: r.all(ue.URL), Err: r.cause(ue.Err)}
	} else if inner := errors.Unwrap(err); inner != nil {
		if is := inner.Error(); strings.HasSuffix(s, is) {
			clean = &wrapError{prefix: s[:len(s)-len(is)], err: r.cause(inner)}
		}
	}
	if clean != nil {
		if cs := clean.Error(); r.all(cs) == cs {
			return clean
		}
	}
	e := &scrubbedError{msg: red}
	for _, target := range scrubbedSentinels {
		if errors.Is(err, target) {
			e.is = append(e.is, target)
		}
	}
	var t interface{ Timeout() bool }
	e.timeout = errors.As(err, &t) && t.Timeout()
	return e
}

// wrapError is fmt.Errorf's error for one %w at the end of the format.
type wrapError struct {
	prefix string
	err    error
}

func (e *wrapError) Error() string { return e.prefix + e.err.Error() }
func (e *wrapError) Unwrap() error { return e.err }

// scrubbedSentinels are the errors a scrubbedError still matches with
// errors.Is when the error it replaces did.
var scrubbedSentinels = []error{
	context.Canceled, context.DeadlineExceeded, os.ErrDeadlineExceeded,
	io.EOF, io.ErrUnexpectedEOF, net.ErrClosed,
}

// scrubbedError stands in for an error whose text showed a secret (a
// middleware's or a limiter's error quoting a token, say): it has the
// redacted text, matches the same context, EOF and timeout errors with
// errors.Is, and reports Timeout like the original, but keeps none of its
// values.
type scrubbedError struct {
	msg     string
	is      []error
	timeout bool
}

func (e *scrubbedError) Error() string   { return e.msg }
func (e *scrubbedError) Unwrap() []error { return e.is }

// Timeout reports whether the replaced error was a timeout.
func (e *scrubbedError) Timeout() bool { return e.timeout }
