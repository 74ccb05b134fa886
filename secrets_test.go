package altegio

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/httptest"
	"net/url"
	"reflect"
	"regexp"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode/utf16"
)

// Secrets of the tests in this file: tokens with '/' and '+', which URL
// escaping changes, and a password with a space, a quote and a non-ASCII
// letter.
const (
	encPartner  = "pt/9f8e7d6c5b4a+39281706"
	encUser     = "ut+1a2b3c4d5e6f/7a8b9c0d"
	encCallUser = "cu/0f1e2d3c4b5a+69788796"
	encPassword = `pa ss/wörd+1"q`
)

var encSecrets = []string{encPartner, encUser, encCallUser, encPassword}

var reHexEscape = regexp.MustCompile(`%[0-9A-F]{2}`)

// secretForms returns the forms in which s can appear in a text: raw;
// URL-escaped (query and path escaping, every byte escaped, lower-case hex,
// escaped twice); JSON-escaped (Go's, PHP's "\/", every character as
// \uXXXX); and base64 (standard and URL alphabets, at the three byte
// alignments s can have in the encoded text: the characters that depend
// on s alone).
func secretForms(s string) (forms []string) {
	lower := func(e string) string { return reHexEscape.ReplaceAllStringFunc(e, strings.ToLower) }
	var every, uEsc, uEscLower strings.Builder
	for i := 0; i < len(s); i++ {
		if c := s[i]; isAlnum(c) {
			every.WriteByte(c)
		} else {
			fmt.Fprintf(&every, "%%%02X", c)
		}
	}
	for _, r := range s {
		if r < 0x80 && isAlnum(byte(r)) {
			uEsc.WriteRune(r)
			uEscLower.WriteRune(r)
			continue
		}
		for _, u := range utf16.Encode([]rune{r}) {
			fmt.Fprintf(&uEsc, `\u%04X`, u)
			fmt.Fprintf(&uEscLower, `\u%04x`, u)
		}
	}
	q, p := url.QueryEscape(s), url.PathEscape(s)
	j, _ := json.Marshal(s)
	js := string(j[1 : len(j)-1])
	forms = append(forms, s, q, p, every.String(), lower(q), lower(p), lower(every.String()), url.QueryEscape(q),
		js, strings.ReplaceAll(js, "/", `\/`), uEsc.String(), uEscLower.String())
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for a := 0; a < 3; a++ {
			e := enc.EncodeToString(append(make([]byte, a), s...))
			forms = append(forms, e[(8*a+5)/6:(8*a+8*len(s))/6])
		}
	}
	return forms
}

func isAlnum(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// leaks returns a description of each secret form found in text.
func leaks(text string) []string {
	var found []string
	for _, sec := range append(encSecrets, testSecrets...) {
		for _, f := range secretForms(sec) {
			if strings.Contains(text, f) {
				found = append(found, fmt.Sprintf("%q as %q", sec, f))
			}
		}
	}
	return found
}

// echoServer answers every request with the status, Content-Type and
// Location given in the request's X-Status, X-Type and X-Location headers,
// and the request's body as its body: a careless server that echoes what
// the test makes it echo.
func echoServer(t *testing.T) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if v := r.Header.Get("X-Type"); v != "" {
			w.Header().Set("Content-Type", v)
		}
		if v := r.Header.Get("X-Location"); v != "" {
			w.Header().Set("Location", v)
		}
		w.Header().Set("WWW-Authenticate", `Bearer realm="api", error="invalid_token", token="`+url.QueryEscape(encPartner)+`"`)
		status := 401
		fmt.Sscan(r.Header.Get("X-Status"), &status)
		w.WriteHeader(status)
		w.Write(body)
	}))
	t.Cleanup(ts.Close)
	return ts
}

// echoCall makes c POST body to the echo server, which answers with
// status and contentType.
func echoCall(t *testing.T, c *Client, status int, contentType, body string, opts ...CallOption) error {
	t.Helper()
	req := newReq(t, c, "POST", "/echo", body)
	req.Header.Set("X-Status", fmt.Sprint(status))
	req.Header.Set("X-Type", contentType)
	return c.do(context.Background(), req, authPartnerUser, nil, opts...)
}

// TestEncodedSecretsAreRedacted: a server that echoes a token URL-encoded,
// JSON-escaped or in base64, in a text body, a JSON message or an unparsed
// JSON member, never gets it into the error's text, %+v or the log.
func TestEncodedSecretsAreRedacted(t *testing.T) {
	ts := echoServer(t)
	var logs bytes.Buffer
	c := NewClient(ts.URL+"/api/v2", WithLimiter(nil), WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}),
		WithLogger(slog.New(slog.NewJSONHandler(&logs, nil))))
	type echo struct{ contentType, body string }
	var echoes []echo
	for _, sec := range []string{encPartner, encUser} {
		forms := secretForms(sec)
		for _, f := range forms[:len(forms)-6] { // the base64 forms below
			echoes = append(echoes,
				echo{"text/plain", "invalid token " + f},
				echo{"text/html", "<p>invalid token <b>" + f + "</b></p>"},
				echo{"application/json", `{"meta":{"message":"invalid token ` + f + `"}}`},
				echo{"application/json", `{"success":false,"meta":{"errors":{"auth":["token ` + f + ` revoked"]}}}`},
				echo{"application/json", `{"success":false,"debug":{"got":"` + f + `"}}`})
		}
		for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding, base64.RawStdEncoding} {
			for _, prefix := range []string{"", "k", "ke", "Bearer ", encPartner + ":"} {
				echoes = append(echoes,
					echo{"text/plain", "got " + enc.EncodeToString([]byte(prefix+sec+", more"))},
					echo{"application/json", `{"meta":{"message":"got ` + enc.EncodeToString([]byte(prefix+sec)) + `"}}`})
			}
		}
	}
	for _, e := range echoes {
		logs.Reset()
		err := echoCall(t, c, 401, e.contentType, e.body)
		if !errors.Is(err, ErrUnauthorized) {
			t.Fatalf("%s: err = %v", e.body, err)
		}
		for _, out := range []string{err.Error(), fmt.Sprintf("%+v", err), logs.String()} {
			if l := leaks(out); len(l) > 0 {
				t.Errorf("echo %q: %s shows %s", e.body, out, strings.Join(l, ", "))
			}
		}
	}
}

// keyedFailingLimiter fails every Reserve with an error that, like a limiter
// keyed by the partner token might, names its key.
type keyedFailingLimiter struct{}

func (keyedFailingLimiter) Reserve(context.Context, time.Time, time.Duration) (Turn, error) {
	return Turn{}, errors.New("limiter: no budget for key " + url.QueryEscape(encPartner))
}

// namedError is an error of the package, made by a real call.
type namedError struct {
	name string
	err  error
	logs *bytes.Buffer // the client's log of the call, if it logs
}

// allErrors makes every kind of error the package returns, each from a
// call with secrets that a careless server, limiter or middleware echoes,
// by clients given extra options after their own.
func allErrors(t *testing.T, extra ...Option) []namedError {
	t.Helper()
	ctx := context.Background()
	var out []namedError
	add := func(name string, logs *bytes.Buffer, err error) {
		t.Helper()
		if err == nil {
			t.Fatalf("%s: no error", name)
		}
		out = append(out, namedError{name, err, logs})
	}
	client := func(base string, opts ...Option) (*Client, *bytes.Buffer) {
		logs := new(bytes.Buffer)
		opts = append([]Option{WithLimiter(nil), WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}),
			WithLogger(slog.New(slog.NewTextHandler(logs, nil)))}, opts...)
		return NewClient(base, append(opts, extra...)...), logs
	}
	echo := echoServer(t)
	base := echo.URL + "/api/v2"
	q := url.QueryEscape
	b64 := base64.StdEncoding.EncodeToString

	// *APIError: a 401 echoing the tokens in every encoding.
	c, logs := client(base)
	var forms []string
	for _, sec := range []string{encPartner, encUser} {
		forms = append(forms, secretForms(sec)...)
	}
	add("APIError", logs, echoCall(t, c, 401, "text/plain", strings.Join(forms, " ")))
	req := newReq(t, c, "POST", "/echo?user_token="+q(encUser)+"&page=2", "denied")
	req.Header.Set("X-Status", "403")
	add("APIError, token in the query", logs, c.do(ctx, req, authPartnerUser, nil))
	add("APIError JSON", logs, echoCall(t, c, 422, "application/json",
		`{"meta":{"message":"bad `+q(encPartner)+`","errors":{"`+q(encUser)+`":["`+b64([]byte(encUser))+`"]}}}`))

	// *RedirectError: a redirect whose Location carries the tokens.
	req = newReq(t, c, "GET", "/echo", "")
	req.Header.Set("X-Status", "302")
	req.Header.Set("X-Location", "https://evil.example/"+url.PathEscape(encPartner)+"?t="+q(encUser)+"&b="+b64([]byte(encPartner)))
	c, logs = client(base)
	add("RedirectError", logs, c.do(ctx, req, authPartnerUser, nil))

	// *ResponseTooLargeError.
	c, logs = client(base, WithMaxResponseBytes(8))
	add("ResponseTooLargeError", logs, echoCall(t, c, 200, "application/json", `{"token":"`+q(encPartner)+`"}`))

	// *DecodeError: a 2xx body that does not decode, echoing the tokens.
	c, logs = client(base)
	var v struct{ N int }
	req = newReq(t, c, "POST", "/echo", `{"N":"`+q(encPartner)+` `+b64([]byte(encUser))+`"}`)
	req.Header.Set("X-Status", "200")
	add("DecodeError", logs, c.do(ctx, req, authPartnerUser, &v))

	// Transport errors: refused, per-attempt timeout, HTTP client timeout.
	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c, logs = client(closed.URL + "/api/v2")
	add("transport refused", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	add("transport refused, call user token", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil, WithCallUserToken(encCallUser)))
	add("transport refused, token in the query", logs, c.do(ctx, newReq(t, c, "GET", "/x?user_token="+q(encUser), ""), authPartnerUser, nil))
	hang := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) { <-r.Context().Done() }))
	t.Cleanup(hang.Close)
	c, logs = client(hang.URL+"/api/v2", WithAttemptTimeout(20*time.Millisecond))
	add("attempt timeout", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	c, logs = client(hang.URL+"/api/v2", WithHTTPClient(&http.Client{Timeout: 20 * time.Millisecond}))
	add("HTTP client timeout", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))

	// A middleware (or transport) whose error quotes the Authorization header.
	c, logs = client(base, WithMiddleware(func(http.RoundTripper) http.RoundTripper {
		return roundTripFunc(func(r *http.Request) (*http.Response, error) {
			return nil, fmt.Errorf("proxy refused %q (%s)", r.Header.Get("Authorization"), q(r.Header.Get("Authorization")))
		})
	}))
	add("middleware error", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))

	// The rate limiter's error.
	c, logs = client(base, WithLimiter(keyedFailingLimiter{}))
	add("limiter error", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))

	// Giving up on retries at the context deadline: wraps the last *APIError.
	dctx, cancel := context.WithTimeout(ctx, 5*time.Second)
	defer cancel()
	srv503 := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Retry-After", "30")
		w.WriteHeader(503)
		io.WriteString(w, "overloaded for "+q(encUser))
	}))
	t.Cleanup(srv503.Close)
	c, logs = client(srv503.URL+"/api/v2", WithRetry(RetryPolicy{MaxAttempts: 3}))
	add("abandoned retries", logs, c.do(dctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))

	// Requests that fail before anything is sent.
	c, logs = client(base, WithTokens("", ""))
	add("missing token", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	c, logs = client(base, WithTokens("", encUser+" x"))
	add("invalid token", logs, c.do(ctx, newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))

	// A call whose Authorization header is given by the caller.
	c, logs = client(base)
	add("caller's Authorization", logs, echoCall(t, c, 401, "text/plain", "bad "+q(encCallUser), WithRequestHeader("Authorization", "Bearer "+encPartner+", User "+encCallUser)))

	// Login: a wrong password echoed in every encoding, a transport error,
	// a base URL that makes no request.
	login := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		var body struct{ Login, Password string }
		json.NewDecoder(r.Body).Decode(&body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(401)
		m, _ := json.Marshal("Incorrect login or password: " + strings.Join(secretForms(body.Password), " "))
		fmt.Fprintf(w, `{"success":false,"meta":{"message":%s}}`, m)
	}))
	t.Cleanup(login.Close)
	c, logs = client(login.URL + "/api/v1")
	_, err := c.Login(ctx, "+13155550175", encPassword)
	add("Login wrong password", logs, err)
	c, logs = client(closed.URL + "/api/v1")
	_, err = c.Login(ctx, "+13155550175", encPassword)
	add("Login transport", logs, err)
	c, logs = client("http://[::1]:bad/api/v1")
	_, err = c.Login(ctx, "+13155550175", encPassword)
	add("Login bad base URL", logs, err)
	return out
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// TestErrorsHoldNoSecrets formats every error the package returns with
// %v, %s, %+v, %#v and %q and through slog's JSON and text handlers, and
// walks everything reachable from it (fields, exported or not, pointers,
// interfaces, slices, maps: what %#v, go-spew or a debugger can show): no
// secret appears in any encoding.
func TestErrorsHoldNoSecrets(t *testing.T) {
	for _, ne := range allErrors(t) {
		outputs := map[string]string{}
		for _, verb := range []string{"%v", "%s", "%+v", "%#v", "%q"} {
			outputs[verb] = fmt.Sprintf(verb, ne.err)
		}
		var jb, tb bytes.Buffer
		slog.New(slog.NewJSONHandler(&jb, nil)).Error("call failed", "err", ne.err, slog.Any("value", ne.err))
		slog.New(slog.NewTextHandler(&tb, nil)).Error("call failed", "err", ne.err, slog.Any("value", ne.err))
		outputs["slog JSON"], outputs["slog text"] = jb.String(), tb.String()
		if ne.logs != nil {
			outputs["client log"] = ne.logs.String()
		}
		for e := error(ne.err); e != nil; e = errors.Unwrap(e) {
			outputs["unwrapped "+fmt.Sprintf("%T", e)] = fmt.Sprintf("%v %#v", e, e)
		}
		for how, out := range outputs {
			if l := leaks(out); len(l) > 0 {
				t.Errorf("%s (%T): %s shows %s:\n%s", ne.name, ne.err, how, strings.Join(l, ", "), out)
			}
		}
		walkStrings(reflect.ValueOf(ne.err), "err", map[uintptr]bool{}, 0, func(path, s string) {
			if l := leaks(s); len(l) > 0 {
				t.Errorf("%s (%T): %s holds %s", ne.name, ne.err, path, strings.Join(l, ", "))
			}
		})
	}
}

// TestHookPayloadsHoldNoSecrets: what the hooks get of every call that
// makes an error the package returns, and of a call whose query string
// holds a token, shows no secret to fmt or reflection; CallDone's error
// is the one the caller gets.
func TestHookPayloadsHoldNoSecrets(t *testing.T) {
	var (
		mu       sync.Mutex
		payloads []any
		done     []error
	)
	record := func(v any) {
		mu.Lock()
		defer mu.Unlock()
		payloads = append(payloads, v)
	}
	hooks := WithHooks(Hooks{
		CallStart: func(ctx context.Context, call CallInfo) context.Context {
			record(call)
			return ctx
		},
		LimiterWait: func(_ context.Context, w LimiterWaitInfo) { record(w) },
		AttemptDone: func(_ context.Context, a AttemptInfo) { record(a) },
		CallDone: func(_ context.Context, d CallDoneInfo) {
			record(d)
			mu.Lock()
			done = append(done, d.Err)
			mu.Unlock()
		},
	})
	errs := allErrors(t, hooks, WithLimiter(&fixedLimiter{wait: time.Millisecond}))
	// Tokens in the query string.
	echo := echoServer(t)
	c := NewClient(echo.URL+"/api/v2", WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}), hooks)
	req := newReq(t, c, "GET", "/users/1?user_token="+url.QueryEscape(encUser)+"&t="+url.QueryEscape(encPartner), "")
	if err := c.do(context.Background(), req, authPartnerUser, nil); err == nil {
		t.Fatal("the echo server's 401 is no error")
	}
	// Tokens in the path (a caller passing one as a path parameter): the
	// error, its kept response and the hooks show none.
	req = newReq(t, c, "GET", "/users/"+url.PathEscape(encUser)+"/"+url.PathEscape(encPartner), "")
	pathErr := c.do(context.Background(), req, authPartnerUser, nil)
	if pathErr == nil {
		t.Fatal("the echo server's 401 is no error")
	}
	for _, out := range []string{pathErr.Error(), fmt.Sprintf("%+v", pathErr)} {
		if l := leaks(out); len(l) > 0 {
			t.Errorf("a token in the path: the error shows %s: %s", strings.Join(l, ", "), out)
		}
	}
	walkStrings(reflect.ValueOf(pathErr), "err", map[uintptr]bool{}, 0, func(path, s string) {
		if l := leaks(s); len(l) > 0 {
			t.Errorf("a token in the path: %s holds %s", path, strings.Join(l, ", "))
		}
	})
	mu.Lock()
	defer mu.Unlock()
	var kinds []string
	for _, p := range payloads {
		kinds = append(kinds, fmt.Sprintf("%T", p))
		for _, out := range []string{fmt.Sprintf("%v", p), fmt.Sprintf("%+v", p), fmt.Sprintf("%#v", p)} {
			if l := leaks(out); len(l) > 0 {
				t.Errorf("a hook got %T showing %s:\n%s", p, strings.Join(l, ", "), out)
			}
		}
		walkStrings(reflect.ValueOf(p), fmt.Sprintf("%T", p), map[uintptr]bool{}, 0, func(path, s string) {
			if l := leaks(s); len(l) > 0 {
				t.Errorf("a hook got %s holding %s", path, strings.Join(l, ", "))
			}
		})
	}
	for _, k := range []string{"altegio.CallInfo", "altegio.LimiterWaitInfo", "altegio.AttemptInfo", "altegio.CallDoneInfo"} {
		if !slices.Contains(kinds, k) {
			t.Errorf("no hook got an %s", k)
		}
	}
	// Every call ended with CallDone, with the caller's error; Login's
	// wraps it. The last call, with the tokens in its query, is not in errs.
	if len(done) < len(errs) {
		t.Fatalf("%d calls made errors, CallDone was called %d times", len(errs), len(done))
	}
	for _, ne := range errs {
		if !slices.ContainsFunc(done, func(e error) bool { return e != nil && errors.Is(ne.err, e) }) && !strings.Contains(ne.name, "bad base URL") {
			t.Errorf("%s: no CallDone got the call's error %v", ne.name, ne.err)
		}
	}
}

// walkStrings calls f with every string and byte slice reachable from v,
// and the path to it.
func walkStrings(v reflect.Value, path string, seen map[uintptr]bool, depth int, f func(path, s string)) {
	if !v.IsValid() || depth > 40 {
		return
	}
	switch v.Kind() {
	case reflect.String:
		f(path, v.String())
	case reflect.Pointer:
		if v.IsNil() || seen[v.Pointer()] {
			return
		}
		seen[v.Pointer()] = true
		walkStrings(v.Elem(), path, seen, depth+1, f)
	case reflect.Interface:
		walkStrings(v.Elem(), path, seen, depth+1, f)
	case reflect.Struct:
		for i := 0; i < v.NumField(); i++ {
			walkStrings(v.Field(i), path+"."+v.Type().Field(i).Name, seen, depth+1, f)
		}
	case reflect.Slice:
		if v.Type().Elem().Kind() == reflect.Uint8 {
			f(path, string(v.Bytes()))
			return
		}
		fallthrough
	case reflect.Array:
		for i := 0; i < v.Len(); i++ {
			walkStrings(v.Index(i), fmt.Sprintf("%s[%d]", path, i), seen, depth+1, f)
		}
	case reflect.Map:
		it := v.MapRange()
		for it.Next() {
			walkStrings(it.Key(), path+"{key}", seen, depth+1, f)
			walkStrings(it.Value(), path+"{value}", seen, depth+1, f)
		}
	}
}

// TestRedactorForms: a redactor removes each secret in every form
// secretForms knows, alone or among other text, and leaves other text,
// parts of a secret included, as it is.
func TestRedactorForms(t *testing.T) {
	r := newRedactor(encSecrets...)
	for _, sec := range encSecrets {
		for _, f := range secretForms(sec) {
			for _, in := range []string{f, "x " + f + " y", `{"a":"` + f + `"}`, f + f} {
				out := r.secrets(in)
				if l := leaks(out); len(l) > 0 {
					t.Errorf("redactor(%q) = %q: shows %s", in, out, strings.Join(l, ", "))
				}
				if strings.HasPrefix(in, "x ") && (!strings.HasPrefix(out, "x ") || !strings.HasSuffix(out, " y")) {
					t.Errorf("redactor(%q) = %q: the text around the secret changed", in, out)
				}
			}
		}
	}
	for _, in := range []string{
		"", "pt/9f8e7d6c5b4a", "9f8e7d6c5b4a+39281706", "ut 1a2b3c4d5e6f", "pa ss", "wörd",
		"Position not found", "https://api.alteg.io/api/v2/locations/1?page=2&count=50",
	} {
		if out := r.secrets(in); out != in {
			t.Errorf("redactor(%q) = %q, want it unchanged", in, out)
		}
	}
	if r := newRedactor("", "abc"); r != nil {
		t.Error("a redactor of nothing but short secrets is not nil")
	}
	var none redactor
	if none.secrets("a "+encPartner) != "a "+encPartner || none.all("Bearer x") != "Bearer [REDACTED]" {
		t.Error("nil redactor")
	}
}

// TestRedactorHoldsNoSecret: what holds a redactor shows no secret to
// fmt or reflection.
func TestRedactorHoldsNoSecret(t *testing.T) {
	holder := struct {
		R redactor
		r redactor
	}{newRedactor(encSecrets...), newRedactor(encSecrets...)}
	for _, out := range []string{fmt.Sprintf("%#v", holder), fmt.Sprintf("%+v", holder), fmt.Sprintf("%v", holder.R)} {
		if l := leaks(out); len(l) > 0 {
			t.Errorf("%s shows %s", out, strings.Join(l, ", "))
		}
	}
	walkStrings(reflect.ValueOf(&holder), "holder", map[uintptr]bool{}, 0, func(path, s string) {
		if l := leaks(s); len(l) > 0 {
			t.Errorf("%s holds %s", path, strings.Join(l, ", "))
		}
	})
}

// TestScrubbedCauseKeepsWhatCallersCheck: a transport error whose cause
// quoted a secret still matches the context error it wrapped, reports a
// timeout as such, and keeps a *url.Error whose URL alone showed one.
func TestScrubbedCauseKeepsWhatCallersCheck(t *testing.T) {
	c := NewClient("http://127.0.0.1:1/api/v2", WithLimiter(nil), WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}),
		WithMiddleware(func(http.RoundTripper) http.RoundTripper {
			return roundTripFunc(func(r *http.Request) (*http.Response, error) {
				return nil, fmt.Errorf("proxy gave up on %s: %w", r.Header.Get("Authorization"), timeoutError{})
			})
		}))
	err := c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil)
	var ne net.Error
	if !errors.Is(err, context.DeadlineExceeded) || !errors.As(err, &ne) || !ne.Timeout() {
		t.Errorf("err = %v: lost its context error or its timeout", err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "altegio: GET /x: proxy gave up on Bearer [REDACTED], User [REDACTED]") ||
		!strings.HasSuffix(msg, " i/o timeout") {
		t.Errorf("err = %q", msg)
	}

	closed := httptest.NewServer(http.NotFoundHandler())
	closed.Close()
	c = NewClient(closed.URL+"/api/v2", WithLimiter(nil), WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	err = c.do(context.Background(), newReq(t, c, "GET", "/x?user_token="+url.QueryEscape(encUser), ""), authPartnerUser, nil)
	var ue *url.Error
	var op *net.OpError
	if !errors.As(err, &ue) || !errors.As(err, &op) || op.Op != "dial" {
		t.Fatalf("err = %#v: lost its *url.Error or *net.OpError", err)
	}
	if l := leaks(ue.URL); len(l) > 0 || !strings.Contains(ue.URL, "user_token=[REDACTED]") {
		t.Errorf("url.Error.URL = %q", ue.URL)
	}
}

// timeoutError is a net.Error timeout that is context.DeadlineExceeded.
type timeoutError struct{}

func (timeoutError) Error() string   { return "i/o timeout" }
func (timeoutError) Timeout() bool   { return true }
func (timeoutError) Temporary() bool { return true }
func (timeoutError) Is(target error) bool {
	return target == context.DeadlineExceeded
}

// TestKeptResponseHoldsNoCredentials: the Response of an error, or of
// WithResponse, has a copy of the request without its Authorization
// header or body; a failed attempt's body and headers are cleared of the
// call's secrets and otherwise intact.
func TestKeptResponseHoldsNoCredentials(t *testing.T) {
	ts := echoServer(t)
	c := NewClient(ts.URL+"/api/v2", WithLimiter(nil), WithTokens(encPartner, encUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	body := `{"meta":{"message":"bad token ` + url.QueryEscape(encUser) + `"},"request_id":"r-1"}`
	err := echoCall(t, c, 401, "application/json", body)
	var ae *APIError
	if !errors.As(err, &ae) || ae.Response == nil || ae.Response.Request == nil {
		t.Fatalf("err = %v", err)
	}
	got, _ := io.ReadAll(ae.Response.Body)
	if want := `{"meta":{"message":"bad token [REDACTED]"},"request_id":"r-1"}`; string(got) != want {
		t.Errorf("Response.Body = %s, want %s", got, want)
	}
	if h := ae.Response.Header.Get("WWW-Authenticate"); h != `Bearer realm="api", error="invalid_token", token="[REDACTED]"` {
		t.Errorf("WWW-Authenticate = %q", h)
	}
	req := ae.Response.Request
	if req.Header.Get("Authorization") != "[REDACTED]" || req.Body != http.NoBody || req.GetBody != nil ||
		req.Method != "POST" || req.URL.Path != "/api/v2/echo" || req.Header.Get("X-Status") != "401" {
		t.Errorf("Response.Request = %s %s %v, body %v", req.Method, req.URL, req.Header, req.Body)
	}

	var resp *http.Response
	if err := echoCall(t, c, 200, "application/json", `{"ok":true}`, WithResponse(&resp)); err != nil {
		t.Fatal(err)
	}
	if got, _ := io.ReadAll(resp.Body); string(got) != `{"ok":true}` || resp.Request.Header.Get("Authorization") != "[REDACTED]" {
		t.Errorf("WithResponse: body %s, Authorization %q", got, resp.Request.Header.Get("Authorization"))
	}
}

// BenchmarkRedactor measures building a redactor of two tokens (once per
// client, or once per failed call with a call user token or a password),
// and removing them from a 1 KiB error text that shows none and one that
// echoes one URL-escaped (the escaped forms' expression is compiled on the
// first text that may hold one).
func BenchmarkRedactor(b *testing.B) {
	clean := strings.Repeat("The given data was invalid. ", 36)
	echo := clean + url.QueryEscape(encPartner)
	b.Run("build", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			newRedactor(encPartner, encUser)
		}
	})
	for _, tc := range []struct{ name, text string }{{"clean1KiB", clean}, {"echo1KiB", echo}} {
		b.Run(tc.name, func(b *testing.B) {
			r := newRedactor(encPartner, encUser)
			b.ReportAllocs()
			b.SetBytes(int64(len(tc.text)))
			for b.Loop() {
				r.secrets(tc.text)
			}
		})
	}
}
