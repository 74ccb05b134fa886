package webhook

import (
	"crypto/sha256"
	"crypto/subtle"
	"errors"
	"io"
	"log/slog"
	"net/http"
	"os"
	"strconv"
	"strings"
	"time"
)

// DefaultMaxBodyBytes is the largest body a [Handler] reads unless told
// otherwise with [WithMaxBodyBytes]: 1 MiB, some hundred times a large
// appointment.
const DefaultMaxBodyBytes = 1 << 20

// DefaultBodyTimeout is how long a [Handler] waits for a request's body
// unless told otherwise with [WithBodyTimeout]: 10 s, well within the 15 s
// Altegio waits for an answer, and ample for the largest body it accepts
// on any link.
const DefaultBodyTimeout = 10 * time.Second

// DefaultSecretParam is the query parameter that carries the secret unless
// told otherwise with [WithSecretInQuery] or [WithSecretInPath].
const DefaultSecretParam = "secret"

// Handler is the http.Handler that receives Altegio's notifications; see
// [NewHandler].
type Handler struct {
	secret  [sha256.Size]byte // sha256 of the secret, so that comparing takes the same time for any length
	fn      HandlerFunc
	param   string // the query parameter of the secret; "" for the last path segment
	maxBody int64
	timeout time.Duration // for the body
	logger  *slog.Logger
}

// Option configures a [Handler].
type Option func(*Handler)

// WithSecretInQuery takes the secret from the query parameter name, as in
// https://example.com/altegio?name=<secret>. This is the default, with name
// [DefaultSecretParam].
func WithSecretInQuery(name string) Option { return func(h *Handler) { h.param = name } }

// WithSecretInPath takes the secret from the last segment of the request's
// path, as in https://example.com/altegio/<secret>: register the Handler on
// a pattern such as "/altegio/{secret}". The secret should then be URL-safe,
// such as hex.
func WithSecretInPath() Option { return func(h *Handler) { h.param = "" } }

// WithMaxBodyBytes sets the largest body the Handler reads; a larger one is
// answered 413. n <= 0 means [DefaultMaxBodyBytes].
func WithMaxBodyBytes(n int64) Option {
	return func(h *Handler) {
		if n <= 0 {
			n = DefaultMaxBodyBytes
		}
		h.maxBody = n
	}
}

// WithBodyTimeout bounds the time the Handler waits for a request's body,
// from when it starts reading it, at d; a body not received in time is
// answered 408 and fn is not called. d <= 0 means [DefaultBodyTimeout].
// The bound holds under any server, with or without timeouts of its own:
// the Handler sets the connection's read deadline itself (with
// http.ResponseController) and clears it once the body is read: it bounds
// the body, not fn.
func WithBodyTimeout(d time.Duration) Option {
	return func(h *Handler) {
		if d <= 0 {
			d = DefaultBodyTimeout
		}
		h.timeout = d
	}
}

// WithLogger logs every notification the Handler does not answer 200, at
// Warn (4xx) or Error (5xx), with the status and reason, and the event's
// resource, status and IDs once it is parsed. The URL, the secret, headers
// and the body are never logged.
func WithLogger(l *slog.Logger) Option { return func(h *Handler) { h.logger = l } }

// NewHandler returns a Handler that checks each request's secret against
// secret and gives each notification to fn. It panics if secret is empty or
// fn is nil.
//
// A request is answered:
//   - 405, with "Allow: POST", unless it is a POST;
//   - 403 if the secret in its URL is missing or wrong (compared in constant
//     time), before its body is read;
//   - 413 if its body is larger than the cap ([WithMaxBodyBytes]);
//   - 408 if its body does not arrive within the body timeout
//     ([WithBodyTimeout]);
//   - 400 with the one-line reason [Parse] gives if the body is not a
//     notification; fn is not called;
//   - 200 if fn returns nil, and 500 if it returns an error (its text is
//     logged, not sent).
//
// fn runs with the request's context and may be called concurrently.
func NewHandler(secret string, fn HandlerFunc, opts ...Option) *Handler {
	if secret == "" {
		panic("webhook: NewHandler: empty secret")
	}
	if fn == nil {
		panic("webhook: NewHandler: nil func")
	}
	h := &Handler{secret: sha256.Sum256([]byte(secret)), fn: fn, param: DefaultSecretParam, maxBody: DefaultMaxBodyBytes, timeout: DefaultBodyTimeout}
	for _, o := range opts {
		o(h)
	}
	return h
}

// ServeHTTP answers one delivery; see [NewHandler].
func (h *Handler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodPost {
		w.Header().Set("Allow", http.MethodPost)
		h.answer(w, r, http.StatusMethodNotAllowed, "method "+strconv.Quote(r.Method)+" not allowed, want POST", nil)
		return
	}
	if !h.authorized(r) {
		h.answer(w, r, http.StatusForbidden, "missing or wrong secret", nil)
		return
	}
	if r.ContentLength > h.maxBody {
		h.answer(w, r, http.StatusRequestEntityTooLarge, "body larger than "+strconv.FormatInt(h.maxBody, 10)+" bytes", nil)
		return
	}
	body, err := h.readBody(w, r)
	var tooLarge *http.MaxBytesError
	switch {
	case errors.Is(err, errBodyTimeout) || errors.Is(err, os.ErrDeadlineExceeded):
		// The connection cannot serve another request.
		w.Header().Set("Connection", "close")
		h.answer(w, r, http.StatusRequestTimeout, "webhook: body not received within "+h.timeout.String(), nil)
		return
	case errors.As(err, &tooLarge):
		w.Header().Set("Connection", "close") // the rest of the body is not read
		h.answer(w, r, http.StatusRequestEntityTooLarge, "body larger than "+strconv.FormatInt(h.maxBody, 10)+" bytes", nil)
		return
	case err != nil:
		h.answer(w, r, http.StatusBadRequest, "webhook: body: "+oneLine(err.Error(), 200), nil)
		return
	}
	ev, err := Parse(body)
	if err != nil {
		h.answer(w, r, http.StatusBadRequest, err.Error(), nil)
		return
	}
	if err := h.fn(r.Context(), ev); err != nil {
		h.answer(w, r, http.StatusInternalServerError, "the receiver failed: "+oneLine(err.Error(), 500), ev)
		return
	}
	h.answer(w, r, http.StatusOK, "", ev)
}

// readBody reads r's body, up to h.maxBody bytes (then w learns that it
// was too large) and within h.timeout. It sets the connection's read
// deadline, and clears it after; when w cannot (a ResponseWriter that
// hides its http.ResponseController methods), it reads in a goroutine and
// stops waiting after h.timeout: the read then ends when the server gives
// up on the connection.
func (h *Handler) readBody(w http.ResponseWriter, r *http.Request) ([]byte, error) {
	rc := http.NewResponseController(w)
	if rc.SetReadDeadline(time.Now().Add(h.timeout)) == nil {
		body, err := io.ReadAll(http.MaxBytesReader(w, r.Body, h.maxBody))
		if err == nil {
			// The deadline bounds the body only. (Go's HTTP/1 server
			// clears it itself when the body ends, but not when there
			// was none to read.)
			rc.SetReadDeadline(time.Time{})
		}
		return body, err
	}
	type result struct {
		body []byte
		err  error
	}
	done := make(chan result, 1)
	go func() {
		// No w: it may be gone when the read ends.
		body, err := io.ReadAll(http.MaxBytesReader(nil, r.Body, h.maxBody))
		done <- result{body, err}
	}()
	t := time.NewTimer(h.timeout)
	defer t.Stop()
	select {
	case res := <-done:
		return res.body, res.err
	case <-t.C:
		return nil, errBodyTimeout
	}
}

// errBodyTimeout is readBody's error for a body not read in time.
var errBodyTimeout = errors.New("webhook: body timeout")

// authorized reports whether r carries the secret, comparing in constant
// time.
func (h *Handler) authorized(r *http.Request) bool {
	var got string
	if h.param == "" {
		got = r.URL.Path[strings.LastIndexByte(r.URL.Path, '/')+1:]
	} else {
		got = r.URL.Query().Get(h.param)
	}
	if got == "" {
		return false
	}
	sum := sha256.Sum256([]byte(got))
	return subtle.ConstantTimeCompare(sum[:], h.secret[:]) == 1
}

// answer writes code with a one-line body, and logs it unless it is a 200.
// reason goes in the body for a 4xx; a 5xx body says only that the
// receiver failed, and the reason goes to the log.
func (h *Handler) answer(w http.ResponseWriter, r *http.Request, code int, reason string, ev *Event) {
	body := reason
	switch {
	case code == http.StatusOK:
		body = "ok"
	case code >= 500:
		body = "webhook: the receiver failed"
	}
	w.Header().Set("Content-Type", "text/plain; charset=utf-8")
	w.Header().Set("X-Content-Type-Options", "nosniff")
	w.WriteHeader(code)
	io.WriteString(w, body+"\n")
	if h.logger == nil || code == http.StatusOK {
		return
	}
	level := slog.LevelWarn
	if code >= 500 {
		level = slog.LevelError
	}
	attrs := []slog.Attr{slog.String("method", r.Method), slog.Int("status", code), slog.String("reason", reason)}
	if ev != nil {
		attrs = append(attrs, slog.String("resource", string(ev.Resource)), slog.String("event_status", string(ev.Status)),
			slog.Int64("company_id", ev.CompanyID), slog.Int64("resource_id", ev.ResourceID))
	}
	h.logger.LogAttrs(r.Context(), level, "altegio webhook", attrs...)
}
