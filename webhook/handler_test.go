package webhook_test

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"testing"

	"github.com/altegio-go/altegio/webhook"
)

// testSecret is the secret the tests register; no response body or log
// line may contain it.
const testSecret = "9f86d081884c7d659a2feaa0c55ad015"

// validBody is a notification that parses.
var validBody = envelope(webhook.ResourceClient, webhook.Create, 42, `{"id":42,"name":"Irina"}`)

// recorder is a HandlerFunc that counts its calls and returns err.
type recorder struct {
	calls atomic.Int64
	err   error
	last  atomic.Pointer[webhook.Event]
}

func (r *recorder) handle(ctx context.Context, e *webhook.Event) error {
	if ctx.Value(http.ServerContextKey) == nil && ctx.Value(ctxKey{}) == nil {
		return errors.New("not the request's context")
	}
	r.calls.Add(1)
	r.last.Store(e)
	return r.err
}

type ctxKey struct{}

// syncBuffer is a log sink safe for concurrent writes.
type syncBuffer struct {
	mu sync.Mutex
	b  bytes.Buffer
}

func (s *syncBuffer) Write(p []byte) (int, error) {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.Write(p)
}

func (s *syncBuffer) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.b.String()
}

// serve starts a loopback server with h at /altegio/ and returns its base
// URL and a client.
func serve(t *testing.T, h http.Handler) (string, *http.Client) {
	t.Helper()
	mux := http.NewServeMux()
	mux.Handle("/altegio/", h)
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv.URL, srv.Client()
}

// post sends body to u and returns the status and the response body.
func post(t *testing.T, c *http.Client, method, u string, body io.Reader) (int, string, http.Header) {
	t.Helper()
	req, err := http.NewRequest(method, u, body)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/json")
	resp, err := c.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, string(b), resp.Header
}

// checkNoSecret fails if s contains the secret.
func checkNoSecret(t *testing.T, what, s string) {
	t.Helper()
	if strings.Contains(s, testSecret) {
		t.Errorf("%s contains the secret: %q", what, s)
	}
}

func TestHandlerDelivers(t *testing.T) {
	rec := &recorder{}
	var logs syncBuffer
	base, c := serve(t, webhook.NewHandler(testSecret, rec.handle, webhook.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))))
	code, body, hdr := post(t, c, http.MethodPost, base+"/altegio/hook?secret="+testSecret, bytes.NewReader(validBody))
	if code != http.StatusOK || body != "ok\n" {
		t.Fatalf("answer = %d %q, want 200 ok", code, body)
	}
	if ct := hdr.Get("Content-Type"); ct != "text/plain; charset=utf-8" {
		t.Errorf("Content-Type = %q", ct)
	}
	if rec.calls.Load() != 1 {
		t.Fatalf("func called %d times, want 1", rec.calls.Load())
	}
	e := rec.last.Load()
	if e.CompanyID != 4564 || e.Resource != webhook.ResourceClient || e.ResourceID != 42 || e.Status != webhook.Create {
		t.Errorf("event = %+v", *e)
	}
	if logs.String() != "" {
		t.Errorf("a 200 was logged: %s", logs.String())
	}
}

func TestHandlerMethod(t *testing.T) {
	rec := &recorder{}
	base, c := serve(t, webhook.NewHandler(testSecret, rec.handle))
	for _, m := range []string{http.MethodGet, http.MethodHead, http.MethodPut, http.MethodDelete, http.MethodOptions, "PROPFIND"} {
		code, body, hdr := post(t, c, m, base+"/altegio/hook?secret="+testSecret, bytes.NewReader(validBody))
		if code != http.StatusMethodNotAllowed || hdr.Get("Allow") != "POST" {
			t.Errorf("%s: answer %d, Allow %q; want 405, POST", m, code, hdr.Get("Allow"))
		}
		if m != http.MethodHead && body != fmt.Sprintf("method %q not allowed, want POST\n", m) {
			t.Errorf("%s: body %q", m, body)
		}
	}
	if n := rec.calls.Load(); n != 0 {
		t.Errorf("func called %d times", n)
	}
}

func TestHandlerSecret(t *testing.T) {
	for _, tc := range []struct {
		name string
		opts []webhook.Option
		ok   []string // paths and queries that carry the secret
		bad  []string // and those that do not
	}{
		{"query (default)", nil,
			[]string{"/altegio/hook?secret=" + testSecret, "/altegio/?a=1&secret=" + testSecret},
			[]string{"/altegio/hook", "/altegio/hook?secret=", "/altegio/hook?secret=" + testSecret[:31],
				"/altegio/hook?secret=" + testSecret + "0", "/altegio/hook?secret=" + strings.ToUpper(testSecret),
				"/altegio/hook?token=" + testSecret, "/altegio/" + testSecret}},
		{"query parameter named", []webhook.Option{webhook.WithSecretInQuery("key")},
			[]string{"/altegio/hook?key=" + testSecret},
			[]string{"/altegio/hook?secret=" + testSecret, "/altegio/hook?key=x"}},
		{"path", []webhook.Option{webhook.WithSecretInPath()},
			[]string{"/altegio/" + testSecret, "/altegio/" + testSecret + "?secret=nope"},
			[]string{"/altegio/", "/altegio/hook?secret=" + testSecret, "/altegio/" + testSecret + "/",
				"/altegio/" + testSecret + "x", "/altegio/" + url.PathEscape(testSecret+"/")}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			rec := &recorder{}
			var logs syncBuffer
			opts := append(tc.opts, webhook.WithLogger(slog.New(slog.NewTextHandler(&logs, nil))))
			base, c := serve(t, webhook.NewHandler(testSecret, rec.handle, opts...))
			for _, p := range tc.bad {
				code, body, _ := post(t, c, http.MethodPost, base+p, bytes.NewReader(validBody))
				if code != http.StatusForbidden || body != "missing or wrong secret\n" {
					t.Errorf("%s: answer %d %q, want 403", p, code, body)
				}
				checkNoSecret(t, "a 403 body", body)
			}
			if n := rec.calls.Load(); n != 0 {
				t.Fatalf("func called %d times with a wrong secret", n)
			}
			for _, p := range tc.ok {
				if code, body, _ := post(t, c, http.MethodPost, base+p, bytes.NewReader(validBody)); code != http.StatusOK {
					t.Errorf("%s: answer %d %q, want 200", p, code, body)
				}
			}
			if n := rec.calls.Load(); n != int64(len(tc.ok)) {
				t.Errorf("func called %d times, want %d", n, len(tc.ok))
			}
			log := logs.String()
			if got := strings.Count(log, "status=403"); got != len(tc.bad) {
				t.Errorf("%d 403s logged, want %d:\n%s", got, len(tc.bad), log)
			}
			checkNoSecret(t, "the log", log)
			if strings.Contains(log, "/altegio") {
				t.Errorf("the log has the URL:\n%s", log)
			}
		})
	}
}

// bodySpy fails the test if the handler reads the body.
type bodySpy struct{ t *testing.T }

func (b bodySpy) Read([]byte) (int, error) {
	b.t.Error("the body was read")
	return 0, io.EOF
}

// TestHandlerForbiddenReadsNoBody: a request without the secret is answered
// before its body is read.
func TestHandlerForbiddenReadsNoBody(t *testing.T) {
	rec := &recorder{}
	h := webhook.NewHandler(testSecret, rec.handle)
	req := httptest.NewRequestWithContext(context.WithValue(context.Background(), ctxKey{}, 1), http.MethodPost, "/altegio/hook?secret=wrong", bodySpy{t})
	w := httptest.NewRecorder()
	h.ServeHTTP(w, req)
	if w.Code != http.StatusForbidden {
		t.Errorf("answer %d, want 403", w.Code)
	}
}

func TestHandlerBodyCap(t *testing.T) {
	rec := &recorder{}
	const limit = 1024
	base, c := serve(t, webhook.NewHandler(testSecret, rec.handle, webhook.WithMaxBodyBytes(limit)))
	u := base + "/altegio/hook?secret=" + testSecret
	pad := func(n int) []byte { // a valid notification of exactly n bytes
		b := envelope(webhook.ResourceClient, webhook.Create, 42, `{"id":42,"comment":""}`)
		return bytes.Replace(b, []byte(`"comment":""`), []byte(`"comment":"`+strings.Repeat("x", n-len(b))+`"`), 1)
	}
	if code, body, _ := post(t, c, http.MethodPost, u, bytes.NewReader(pad(limit))); code != http.StatusOK {
		t.Errorf("a body of exactly the cap: %d %q, want 200", code, body)
	}
	// With a Content-Length over the cap, and chunked (no length), reading.
	for name, body := range map[string]io.Reader{
		"Content-Length": bytes.NewReader(pad(limit + 1)),
		"chunked":        io.MultiReader(strings.NewReader(string(pad(limit + 1)))),
	} {
		code, text, _ := post(t, c, http.MethodPost, u, body)
		if code != http.StatusRequestEntityTooLarge || text != "body larger than 1024 bytes\n" {
			t.Errorf("%s: answer %d %q, want 413", name, code, text)
		}
	}
	if n := rec.calls.Load(); n != 1 {
		t.Errorf("func called %d times, want 1", n)
	}

	// The default cap is 1 MiB.
	base, c = serve(t, webhook.NewHandler(testSecret, rec.handle, webhook.WithMaxBodyBytes(0)))
	if code, _, _ := post(t, c, http.MethodPost, base+"/altegio/hook?secret="+testSecret, bytes.NewReader(pad(webhook.DefaultMaxBodyBytes+1))); code != http.StatusRequestEntityTooLarge {
		t.Errorf("1 MiB + 1: answer %d, want 413", code)
	}
	if code, _, _ := post(t, c, http.MethodPost, base+"/altegio/hook?secret="+testSecret, bytes.NewReader(pad(webhook.DefaultMaxBodyBytes))); code != http.StatusOK {
		t.Errorf("1 MiB: answer %d, want 200", code)
	}
}

// TestHandlerBadBodies: a body that is not a notification is answered 400
// with Parse's one-line reason, and never reaches the func.
func TestHandlerBadBodies(t *testing.T) {
	rec := &recorder{}
	var logs syncBuffer
	base, c := serve(t, webhook.NewHandler(testSecret, rec.handle, webhook.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))))
	u := base + "/altegio/hook?secret=" + testSecret
	for name, body := range map[string]string{
		"empty":          ``,
		"HTML":           "<html><body><h1>It works!</h1></body></html>\n",
		"truncated JSON": string(validBody[:len(validBody)-7]),
		"data a string":  string(envelope(webhook.ResourceRecord, webhook.Create, 1, `"oops"`)),
		"data a list":    string(envelope(webhook.ResourceStaff, webhook.Update, 1, `[{"id":1}]`)),
		"no resource_id": `{"company_id":1,"resource":"client","status":"create","data":{}}`,
		"bad company_id": `{"company_id":"x1","resource":"client","resource_id":1,"status":"create","data":{}}`,
		"top-level list": `[` + string(validBody) + `]`,
	} {
		_, perr := webhook.Parse([]byte(body))
		code, text, _ := post(t, c, http.MethodPost, u, strings.NewReader(body))
		if code != http.StatusBadRequest || text != perr.Error()+"\n" || strings.Count(text, "\n") != 1 {
			t.Errorf("%s: answer %d %q, want 400 %q", name, code, text, perr)
		}
	}
	if n := rec.calls.Load(); n != 0 {
		t.Errorf("func called %d times for bad bodies", n)
	}
	if n := strings.Count(logs.String(), "level=WARN"); n != 8 {
		t.Errorf("%d warnings logged, want 8:\n%s", n, logs.String())
	}
	checkNoSecret(t, "the log", logs.String())
}

// TestHandlerFuncError: a func that fails gets a 500, so that Altegio
// counts the delivery failed; its error is logged, not sent.
func TestHandlerFuncError(t *testing.T) {
	rec := &recorder{err: fmt.Errorf("insert into crm: %w", errors.New("connection refused to db.internal:5432"))}
	var logs syncBuffer
	base, c := serve(t, webhook.NewHandler(testSecret, rec.handle, webhook.WithLogger(slog.New(slog.NewTextHandler(&logs, nil)))))
	code, body, _ := post(t, c, http.MethodPost, base+"/altegio/hook?secret="+testSecret, bytes.NewReader(validBody))
	if code != http.StatusInternalServerError || body != "webhook: the receiver failed\n" {
		t.Errorf("answer %d %q, want 500 with no detail", code, body)
	}
	log := logs.String()
	for _, want := range []string{"level=ERROR", "status=500", "db.internal:5432", "resource=client", "event_status=create", "company_id=4564", "resource_id=42"} {
		if !strings.Contains(log, want) {
			t.Errorf("the log lacks %q:\n%s", want, log)
		}
	}
	checkNoSecret(t, "the log", log)
}

// TestHandlerConcurrent delivers many notifications at once, through a
// Router, each to its typed func (run with -race).
func TestHandlerConcurrent(t *testing.T) {
	var records, clients, others, failed atomic.Int64
	r := webhook.NewRouter()
	r.OnRecord(webhook.AnyStatus, func(_ context.Context, e *webhook.Event, rec *webhook.Record) error {
		if *rec.ID != e.ResourceID {
			return fmt.Errorf("record %d in event %d", *rec.ID, e.ResourceID)
		}
		records.Add(1)
		return nil
	})
	r.OnClient(webhook.Create, func(_ context.Context, e *webhook.Event, c *webhook.Client) error {
		if e.ResourceID%10 == 0 {
			failed.Add(1)
			return errors.New("every tenth client fails")
		}
		clients.Add(1)
		return nil
	})
	r.Fallback(func(context.Context, *webhook.Event) error { others.Add(1); return nil })
	base, c := serve(t, webhook.NewHandler(testSecret, r.Dispatch, webhook.WithSecretInPath()))
	u := base + "/altegio/" + testSecret

	const n = 200
	codes := make([]int, n)
	var wg sync.WaitGroup
	for i := range n {
		wg.Go(func() {
			id := int64(i + 1)
			var body []byte
			switch i % 3 {
			case 0:
				body = envelope(webhook.ResourceRecord, webhook.Update, id, fmt.Sprintf(`{"id":%d,"services":[{"id":1}]}`, id))
			case 1:
				body = envelope(webhook.ResourceClient, webhook.Create, id, `{"id":1,"name":"x"}`)
			default:
				body = envelope("visit", webhook.Create, id, `{}`)
			}
			req, err := http.NewRequest(http.MethodPost, u, bytes.NewReader(body))
			if err != nil {
				t.Error(err)
				return
			}
			resp, err := c.Do(req)
			if err != nil {
				t.Error(err)
				return
			}
			io.Copy(io.Discard, resp.Body)
			resp.Body.Close()
			codes[i] = resp.StatusCode
		})
	}
	wg.Wait()
	count := map[int]int{}
	for _, code := range codes {
		count[code]++
	}
	if records.Load() != 67 || clients.Load()+failed.Load() != 67 || others.Load() != 66 {
		t.Errorf("records %d, clients %d+%d failed, others %d; want 67, 67, 66", records.Load(), clients.Load(), failed.Load(), others.Load())
	}
	if count[500] != int(failed.Load()) || count[200] != n-int(failed.Load()) {
		t.Errorf("answers %v, want %d 500s and the rest 200", count, failed.Load())
	}
}

func TestNewHandlerPanics(t *testing.T) {
	for name, f := range map[string]func(){
		"empty secret": func() { webhook.NewHandler("", func(context.Context, *webhook.Event) error { return nil }) },
		"nil func":     func() { webhook.NewHandler(testSecret, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				p := recover()
				if s, _ := p.(string); !strings.HasPrefix(s, "webhook: NewHandler: ") {
					t.Errorf("panic = %v", p)
				}
			}()
			f()
		})
	}
}
