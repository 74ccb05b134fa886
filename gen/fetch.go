package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"mime"
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"sync/atomic"
	"time"
)

// UserAgent is the User-Agent of every request the generator makes.
const UserAgent = "altegio-go-regen"

// maxRetryAfter is the longest Retry-After the fetcher waits for; a server
// asking for more makes the fetch fail instead.
const maxRetryAfter = 2 * time.Minute

// ErrNotOpenAPI is wrapped by the errors of CheckOpenAPIDocument.
var ErrNotOpenAPI = errors.New("not an OpenAPI 3 document")

// FetchResult is the outcome of a successful Fetch.
type FetchResult struct {
	// Data is the body; nil if NotModified.
	Data []byte
	// ETag is the response's entity tag, or the one sent if NotModified.
	ETag string
	// NotModified reports a 304 answer to If-None-Match.
	NotModified bool
}

// HTTPStatusError reports a response whose status is not 200 (or 304 to a
// conditional request). Its message is the status alone; Fetch prefixes the
// method and URL. A 404 or 410 matches fs.ErrNotExist under errors.Is.
type HTTPStatusError struct {
	URL        string
	StatusCode int
	Status     string // such as "404 Not Found"
	// RetryAfter is the delay the response's Retry-After header asked for,
	// or 0 if it had none.
	RetryAfter time.Duration
}

func (e *HTTPStatusError) Error() string {
	if e.Status != "" {
		return e.Status
	}
	return fmt.Sprintf("%d %s", e.StatusCode, http.StatusText(e.StatusCode))
}

// Is reports whether target is fs.ErrNotExist and the status says the
// resource does not exist (404 or 410).
func (e *HTTPStatusError) Is(target error) bool {
	return target == fs.ErrNotExist && (e.StatusCode == http.StatusNotFound || e.StatusCode == http.StatusGone)
}

// Transient reports whether the status may go away on retry: 408, 425, 429
// and every 5xx.
func (e *HTTPStatusError) Transient() bool {
	switch e.StatusCode {
	case http.StatusRequestTimeout, http.StatusTooEarly, http.StatusTooManyRequests:
		return true
	}
	return e.StatusCode >= 500 && e.StatusCode <= 599
}

// errTotalTimeout is the cause of a fetch's context ending at
// a.TotalTimeout. It matches context.DeadlineExceeded.
var errTotalTimeout = fmt.Errorf("out of time: %w", context.DeadlineExceeded)

// Fetch GETs rawURL and returns its body, which must be an OpenAPI 3
// document (see CheckOpenAPIDocument). If etag is not empty it is sent as
// If-None-Match, and a 304 answer yields a result with NotModified set.
//
// Each attempt is bounded by a.Timeout, the whole fetch (every attempt and
// wait) by a.TotalTimeout, and the body by a.MaxBytes. While a fetch is
// under way it tells a.Logf every a.ProgressInterval how long it has been
// waiting and how many bytes arrived. Network errors, timeouts and the
// statuses 408, 425, 429 and 5xx are retried up to a.Attempts times with
// exponential backoff, or after the delay a Retry-After header asks for; a
// retry that would pass ctx's deadline or the total bound is not
// attempted. Errors are prefixed with "GET <url>: ".
func (a *Acquirer) Fetch(ctx context.Context, rawURL, etag string) (*FetchResult, error) {
	attempts := a.attempts()
	backoff := a.backoff()
	total := a.totalTimeout()
	parent := ctx
	ctx, cancel := context.WithTimeoutCause(ctx, total, errTotalTimeout)
	defer cancel()
	var attempt, received atomic.Int64
	defer a.reportProgress(rawURL, attempts, total, &attempt, &received)()
	overTotal := func(err error, n int) error {
		if parent.Err() == nil && errors.Is(context.Cause(ctx), errTotalTimeout) {
			return fmt.Errorf("GET %s: no complete response within %s in total (attempt %d of %d, %d bytes received): %w",
				rawURL, total, n, attempts, received.Load(), err)
		}
		return nil
	}
	for n := 1; ; n++ {
		attempt.Store(int64(n))
		res, retry, err := a.fetchOnce(ctx, rawURL, etag, &received)
		if err == nil {
			return res, nil
		}
		if terr := overTotal(err, n); terr != nil {
			return nil, terr
		}
		if !retry {
			return nil, fmt.Errorf("GET %s: %w", rawURL, err)
		}
		if n >= attempts {
			if n == 1 {
				return nil, fmt.Errorf("GET %s: %w", rawURL, err)
			}
			return nil, fmt.Errorf("GET %s: %w (gave up after %d attempts)", rawURL, err, n)
		}
		wait, werr := retryDelay(ctx, err, backoff)
		if werr != nil {
			return nil, fmt.Errorf("GET %s: %w (attempt %d of %d; %v)", rawURL, err, n, attempts, werr)
		}
		if serr := a.sleep(ctx, wait); serr != nil {
			if terr := overTotal(err, n); terr != nil {
				return nil, terr
			}
			return nil, fmt.Errorf("GET %s: %w (attempt %d of %d; interrupted while waiting to retry: %v)", rawURL, err, n, attempts, serr)
		}
		backoff *= 2
	}
}

// reportProgress tells a.Logf, every a.ProgressInterval until the returned
// function is called, that the fetch of rawURL is still under way. The
// returned function waits for the reporter to stop.
func (a *Acquirer) reportProgress(rawURL string, attempts int, total time.Duration, attempt, received *atomic.Int64) func() {
	if a.Logf == nil {
		return func() {}
	}
	start := time.Now()
	every := a.progressInterval()
	round := time.Second
	if every < time.Second {
		round = 10 * time.Millisecond
	}
	done := make(chan struct{})
	stopped := make(chan struct{})
	go func() {
		defer close(stopped)
		t := time.NewTicker(every)
		defer t.Stop()
		for {
			select {
			case <-done:
				return
			case <-t.C:
				a.logf("GET %s: still waiting after %s (attempt %d of %d, %d bytes received; giving up after %s in total)",
					rawURL, time.Since(start).Round(round), attempt.Load(), attempts, received.Load(), total)
			}
		}
	}()
	return func() {
		close(done)
		<-stopped
	}
}

// retryDelay returns how long to wait before retrying after err: the
// server's Retry-After if it gave one, else backoff. It fails if the wait is
// longer than maxRetryAfter or would pass ctx's deadline.
func retryDelay(ctx context.Context, err error, backoff time.Duration) (time.Duration, error) {
	wait := backoff
	if se, ok := errors.AsType[*HTTPStatusError](err); ok && se.RetryAfter > 0 {
		wait = se.RetryAfter
		if wait > maxRetryAfter {
			return 0, fmt.Errorf("server asked to retry after %s, longer than %s", wait, maxRetryAfter)
		}
	}
	if deadline, ok := ctx.Deadline(); ok && time.Until(deadline) < wait {
		return 0, fmt.Errorf("retrying in %s would pass the deadline", wait)
	}
	return wait, nil
}

// fetchOnce makes one attempt of Fetch. retry reports whether err is
// transient. Errors do not name the URL.
func (a *Acquirer) fetchOnce(ctx context.Context, rawURL, etag string, received *atomic.Int64) (res *FetchResult, retry bool, err error) {
	actx, cancel := context.WithTimeout(ctx, a.timeout())
	defer cancel()
	req, err := http.NewRequestWithContext(actx, http.MethodGet, rawURL, nil)
	if err != nil {
		return nil, false, err
	}
	req.Header.Set("User-Agent", UserAgent)
	req.Header.Set("Accept", "application/yaml, application/x-yaml, text/yaml, application/json;q=0.9, */*;q=0.5")
	if etag != "" {
		req.Header.Set("If-None-Match", etag)
	}
	resp, err := a.client().Do(req)
	if err != nil {
		return nil, ctx.Err() == nil, a.attemptError(ctx, actx, unwrapURLError(err))
	}
	defer resp.Body.Close()

	switch {
	case resp.StatusCode == http.StatusNotModified && etag != "":
		return &FetchResult{ETag: etagOr(resp, etag), NotModified: true}, false, nil
	case resp.StatusCode != http.StatusOK:
		// Drain a little so the connection can be reused.
		_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
		se := &HTTPStatusError{
			URL:        rawURL,
			StatusCode: resp.StatusCode,
			Status:     resp.Status,
			RetryAfter: parseRetryAfter(resp.Header.Get("Retry-After"), time.Now()),
		}
		return nil, se.Transient(), se
	}

	data, err := a.readBody(resp, received)
	if err != nil {
		if _, ok := errors.AsType[*tooLargeError](err); ok {
			return nil, false, err
		}
		return nil, ctx.Err() == nil, fmt.Errorf("reading body: %w", a.attemptError(ctx, actx, err))
	}
	if isHTMLContentType(resp.Header.Get("Content-Type")) {
		return nil, false, fmt.Errorf("got an HTML page (Content-Type %s): %w", resp.Header.Get("Content-Type"), ErrNotOpenAPI)
	}
	if err := CheckOpenAPIDocument(data); err != nil {
		return nil, false, err
	}
	return &FetchResult{Data: data, ETag: resp.Header.Get("ETag")}, false, nil
}

// attemptError rewords err if the attempt's own timeout, and not ctx, ended
// it.
func (a *Acquirer) attemptError(ctx, attemptCtx context.Context, err error) error {
	if ctx.Err() == nil && errors.Is(attemptCtx.Err(), context.DeadlineExceeded) {
		return fmt.Errorf("no complete response within %s: %w", a.timeout(), err)
	}
	return err
}

// tooLargeError reports a body or file longer than the limit.
type tooLargeError struct {
	limit int64
	what  string // "body" or "file"; "" means "body"
}

func (e *tooLargeError) Error() string {
	what := e.what
	if what == "" {
		what = "body"
	}
	return fmt.Sprintf("%s exceeds %d bytes", what, e.limit)
}

// readBody reads resp's body, failing if it is longer than a.MaxBytes,
// and adds the bytes read to received as they arrive.
func (a *Acquirer) readBody(resp *http.Response, received *atomic.Int64) ([]byte, error) {
	limit := a.maxBytes()
	if resp.ContentLength > limit {
		return nil, &tooLargeError{limit: limit}
	}
	received.Store(0)
	return readCapped(countingReader{resp.Body, received}, limit)
}

// countingReader adds the bytes read through it to n.
type countingReader struct {
	r io.Reader
	n *atomic.Int64
}

func (c countingReader) Read(p []byte) (int, error) {
	k, err := c.r.Read(p)
	c.n.Add(int64(k))
	return k, err
}

// readCapped reads r to the end, failing if it holds more than limit bytes.
func readCapped(r io.Reader, limit int64) ([]byte, error) {
	data, err := io.ReadAll(io.LimitReader(r, limit+1))
	if err != nil {
		return nil, err
	}
	if int64(len(data)) > limit {
		return nil, &tooLargeError{limit: limit}
	}
	return data, nil
}

// unwrapURLError strips the *url.Error that http.Client wraps every error
// in, since it repeats the method and URL.
func unwrapURLError(err error) error {
	if ue, ok := errors.AsType[*url.Error](err); ok {
		return ue.Err
	}
	return err
}

// etagOr returns resp's ETag, or def if it has none.
func etagOr(resp *http.Response, def string) string {
	if e := resp.Header.Get("ETag"); e != "" {
		return e
	}
	return def
}

// parseRetryAfter parses a Retry-After value, in seconds or as an HTTP
// date, into a delay from now. It returns 0 if v is empty or invalid.
func parseRetryAfter(v string, now time.Time) time.Duration {
	v = strings.TrimSpace(v)
	if v == "" {
		return 0
	}
	if secs, err := strconv.ParseInt(v, 10, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		if secs > int64(24*time.Hour/time.Second) {
			secs = int64(24 * time.Hour / time.Second)
		}
		return time.Duration(secs) * time.Second
	}
	if t, err := http.ParseTime(v); err == nil && t.After(now) {
		return t.Sub(now)
	}
	return 0
}

// isHTMLContentType reports whether ct is an HTML media type.
func isHTMLContentType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	return err == nil && (mt == "text/html" || mt == "application/xhtml+xml")
}

var (
	utf8BOM     = []byte("\xef\xbb\xbf")
	yamlOpenAPI = regexp.MustCompile(`(?m)^openapi:[ \t]*['"]?3\.`)
)

// CheckOpenAPIDocument reports whether data looks like an OpenAPI 3
// document, in YAML or JSON, rather than, say, an HTML error page served
// with status 200. It checks for a top-level "openapi" key whose value
// starts with "3."; it does not validate the document. Errors wrap
// ErrNotOpenAPI.
func CheckOpenAPIDocument(data []byte) error {
	body := bytes.TrimLeft(bytes.TrimPrefix(data, utf8BOM), " \t\r\n")
	switch {
	case len(body) == 0:
		return fmt.Errorf("empty document: %w", ErrNotOpenAPI)
	case body[0] == '<':
		return fmt.Errorf("got HTML or XML starting %s: %w", snippet(body), ErrNotOpenAPI)
	case body[0] == '{':
		return checkOpenAPIJSON(body)
	case yamlOpenAPI.Match(body):
		return nil
	}
	return fmt.Errorf("no top-level \"openapi: 3.x\" key in document starting %s: %w", snippet(body), ErrNotOpenAPI)
}

// checkOpenAPIJSON is CheckOpenAPIDocument for a JSON object.
func checkOpenAPIJSON(body []byte) error {
	var doc struct {
		OpenAPI any `json:"openapi"`
	}
	if err := json.Unmarshal(body, &doc); err != nil {
		return fmt.Errorf("invalid JSON (%v): %w", err, ErrNotOpenAPI)
	}
	if v, ok := doc.OpenAPI.(string); ok && strings.HasPrefix(v, "3.") {
		return nil
	}
	return fmt.Errorf("no top-level \"openapi\": \"3.x\" member in JSON document: %w", ErrNotOpenAPI)
}

// snippet quotes the start of the first line of b, for error messages.
func snippet(b []byte) string {
	line, _, _ := bytes.Cut(b, []byte("\n"))
	const limit = 40
	if len(line) > limit {
		return strconv.Quote(string(line[:limit])) + "..."
	}
	return strconv.Quote(string(bytes.TrimRight(line, "\r")))
}
