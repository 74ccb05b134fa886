package gen

import (
	"context"
	"errors"
	"io/fs"
	"net/http"
	"slices"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

// statusSequence returns a handler answering with each status in turn, the
// last one forever; 200 serves data.
func statusSequence(data []byte, header http.Header, statuses ...int) http.HandlerFunc {
	var i atomic.Int32
	return func(w http.ResponseWriter, r *http.Request) {
		n := int(i.Add(1)) - 1
		status := statuses[min(n, len(statuses)-1)]
		for k, v := range header {
			w.Header()[k] = v
		}
		if status != http.StatusOK {
			http.Error(w, http.StatusText(status), status)
			return
		}
		w.Write(data)
	}
}

func TestFetchRetriesTransient(t *testing.T) {
	data := acqSpec("x")
	for _, status := range []int{500, 502, 503, 504, 408, 425, 429} {
		t.Run(strconv.Itoa(status), func(t *testing.T) {
			srv, n := acqServer(t, statusSequence(data, nil, status, 200))
			a, rec := acqNew(t, nil)
			res, err := a.Fetch(t.Context(), srv.URL, "")
			if err != nil {
				t.Fatal(err)
			}
			if string(res.Data) != string(data) || n.Load() != 2 {
				t.Errorf("got %q after %d requests; want the spec after 2", res.Data, n.Load())
			}
			if got := rec.got(); !slices.Equal(got, []time.Duration{DefaultBackoff}) {
				t.Errorf("slept %v; want [%v]", got, DefaultBackoff)
			}
		})
	}
}

func TestFetchGivesUp(t *testing.T) {
	srv, n := acqServer(t, statusSequence(nil, nil, 503))
	a, rec := acqNew(t, nil)
	a.Attempts = 4
	a.Backoff = 10 * time.Millisecond
	_, err := a.Fetch(t.Context(), srv.URL+"/x.yaml", "")
	checkOneLine(t, err)
	want := "GET " + srv.URL + "/x.yaml: 503 Service Unavailable (gave up after 4 attempts)"
	if err.Error() != want {
		t.Errorf("error %q; want %q", err, want)
	}
	if se, ok := errors.AsType[*HTTPStatusError](err); !ok || se.StatusCode != 503 {
		t.Errorf("error %v does not hold the 503", err)
	}
	if n.Load() != 4 {
		t.Errorf("got %d requests; want 4", n.Load())
	}
	wantSleeps := []time.Duration{10 * time.Millisecond, 20 * time.Millisecond, 40 * time.Millisecond}
	if got := rec.got(); !slices.Equal(got, wantSleeps) {
		t.Errorf("slept %v; want %v", got, wantSleeps)
	}
}

func TestFetchRetryAfter(t *testing.T) {
	srv, n := acqServer(t, statusSequence(acqSpec("x"), http.Header{"Retry-After": {"7"}}, 429, 200))
	a, rec := acqNew(t, nil)
	if _, err := a.Fetch(t.Context(), srv.URL, ""); err != nil {
		t.Fatal(err)
	}
	if got := rec.got(); !slices.Equal(got, []time.Duration{7 * time.Second}) || n.Load() != 2 {
		t.Errorf("slept %v in %d requests; want [7s] in 2", got, n.Load())
	}
}

func TestFetchNoRetryPastDeadline(t *testing.T) {
	for name, header := range map[string]http.Header{
		"retry-after": {"Retry-After": {"30"}},
		"backoff":     nil,
	} {
		t.Run(name, func(t *testing.T) {
			srv, n := acqServer(t, statusSequence(acqSpec("x"), header, 503, 200))
			a, rec := acqNew(t, nil)
			a.Backoff = time.Hour
			ctx, cancel := context.WithTimeout(t.Context(), 2*time.Second)
			defer cancel()
			_, err := a.Fetch(ctx, srv.URL, "")
			checkOneLine(t, err)
			if !strings.Contains(err.Error(), "would pass the deadline") || !strings.Contains(err.Error(), "503") {
				t.Errorf("error %q; want the 503 and the deadline", err)
			}
			if len(rec.got()) != 0 || n.Load() != 1 {
				t.Errorf("slept %v in %d requests; want no sleep and 1 request", rec.got(), n.Load())
			}
		})
	}
}

func TestFetchRetryAfterTooLong(t *testing.T) {
	srv, n := acqServer(t, statusSequence(nil, http.Header{"Retry-After": {"3600"}}, 429))
	a, rec := acqNew(t, nil)
	_, err := a.Fetch(t.Context(), srv.URL, "")
	if err == nil || !strings.Contains(err.Error(), "retry after 1h0m0s") || len(rec.got()) != 0 || n.Load() != 1 {
		t.Errorf("error %v after %d requests and sleeps %v; want an immediate refusal", err, n.Load(), rec.got())
	}
}

func TestFetchPermanentStatus(t *testing.T) {
	for _, tt := range []struct {
		status   int
		notExist bool
	}{{404, true}, {410, true}, {400, false}, {401, false}, {403, false}, {204, false}} {
		t.Run(strconv.Itoa(tt.status), func(t *testing.T) {
			srv, n := acqServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(tt.status) })
			a, rec := acqNew(t, nil)
			_, err := a.Fetch(t.Context(), srv.URL, "")
			checkOneLine(t, err)
			if errors.Is(err, fs.ErrNotExist) != tt.notExist {
				t.Errorf("errors.Is(%v, fs.ErrNotExist) = %v; want %v", err, !tt.notExist, tt.notExist)
			}
			if !strings.Contains(err.Error(), strconv.Itoa(tt.status)) {
				t.Errorf("error %q does not name the status", err)
			}
			if n.Load() != 1 || len(rec.got()) != 0 {
				t.Errorf("got %d requests and sleeps %v; want 1 and none", n.Load(), rec.got())
			}
		})
	}
}

func TestFetchOversized(t *testing.T) {
	big := append(acqSpec("big"), strings.Repeat("# padding\n", 20)...)
	for name, flush := range map[string]bool{"content-length": false, "chunked": true} {
		t.Run(name, func(t *testing.T) {
			srv, _ := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
				if flush { // no Content-Length: the cap must hold while reading
					w.(http.Flusher).Flush()
				}
				w.Write(big)
			})
			a, _ := acqNew(t, acqLock(srv.URL+"/x.yaml", big))
			a.MaxBytes = 64
			_, err := a.Acquire(t.Context(), acqAPI)
			checkOneLine(t, err)
			if !strings.Contains(err.Error(), "body exceeds 64 bytes") {
				t.Errorf("error %q; want one about the size", err)
			}
			if names := dirNames(t, a.CacheDir); len(names) != 0 {
				t.Errorf("cache holds %v after an oversized body", names)
			}
		})
	}
}

func TestFetchRejectsHTML(t *testing.T) {
	tests := map[string]struct {
		contentType string
		body        string
	}{
		"html body":         {"application/octet-stream", "\ufeff  \n<!DOCTYPE html><html><body>Docs</body></html>"},
		"html content type": {"text/html; charset=utf-8", "openapi: 3.1.1\n"},
		"not openapi":       {"application/yaml", "swagger: '2.0'\ninfo: {}\n"},
	}
	for name, tt := range tests {
		t.Run(name, func(t *testing.T) {
			srv, n := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", tt.contentType)
				w.Write([]byte(tt.body))
			})
			a, _ := acqNew(t, nil)
			_, err := a.Fetch(t.Context(), srv.URL, "")
			checkOneLine(t, err)
			if !errors.Is(err, ErrNotOpenAPI) || n.Load() != 1 {
				t.Errorf("error %v after %d requests; want ErrNotOpenAPI after 1", err, n.Load())
			}
		})
	}
}

func TestFetchTimeout(t *testing.T) {
	srv, n := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
		select {
		case <-r.Context().Done():
		case <-time.After(5 * time.Second):
		}
	})
	a, rec := acqNew(t, nil)
	a.Timeout = 50 * time.Millisecond
	a.Attempts = 2
	start := time.Now()
	_, err := a.Fetch(t.Context(), srv.URL, "")
	checkOneLine(t, err)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no complete response within 50ms") {
		t.Errorf("error %q; want a timeout", err)
	}
	if n.Load() != 2 || len(rec.got()) != 1 {
		t.Errorf("got %d requests and sleeps %v; want 2 and 1", n.Load(), rec.got())
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("took %v", d)
	}
}

func TestFetchCanceled(t *testing.T) {
	srv, _ := acqServer(t, statusSequence(acqSpec("x"), nil, 200))
	a, rec := acqNew(t, nil)
	ctx, cancel := context.WithCancel(t.Context())
	cancel()
	_, err := a.Fetch(ctx, srv.URL, "")
	if !errors.Is(err, context.Canceled) || len(rec.got()) != 0 {
		t.Errorf("error %v with sleeps %v; want context.Canceled without retrying", err, rec.got())
	}
}

func TestFetchETag(t *testing.T) {
	data := acqSpec("x")
	const etag = `"v1"`
	srv, n := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
		if r.UserAgent() != UserAgent {
			t.Errorf("User-Agent %q", r.UserAgent())
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Write(data)
	})
	a, _ := acqNew(t, nil)

	res, err := a.Fetch(t.Context(), srv.URL, "")
	if err != nil {
		t.Fatal(err)
	}
	if string(res.Data) != string(data) || res.ETag != etag || res.NotModified {
		t.Errorf("first fetch = %+v", res)
	}

	res, err = a.Fetch(t.Context(), srv.URL, etag)
	if err != nil {
		t.Fatal(err)
	}
	if res.Data != nil || res.ETag != etag || !res.NotModified {
		t.Errorf("conditional fetch = %+v; want NotModified", res)
	}

	res, err = a.Fetch(t.Context(), srv.URL, `"v0"`)
	if err != nil || res.NotModified || string(res.Data) != string(data) {
		t.Errorf("fetch with a stale ETag = %+v, %v; want the body", res, err)
	}
	if n.Load() != 3 {
		t.Errorf("got %d requests; want 3", n.Load())
	}
}

func TestCheckOpenAPIDocument(t *testing.T) {
	tests := []struct {
		doc string
		ok  bool
	}{
		{"openapi: 3.1.1\ninfo: {}\n", true},
		{"openapi: '3.0.3'\n", true},
		{"\ufeff\n# comment\n---\nopenapi: \"3.1.0\"\n", true},
		{"info:\n  title: x\nopenapi:   3.0.0\n", true},
		{"  \n{\"info\": {}, \"openapi\": \"3.1.0\"}", true},
		{"", false},
		{" \n\t", false},
		{"swagger: \"2.0\"\n", false},
		{"openapi: 2.0\n", false},
		{"info:\n  openapi: 3.1.0\n", false},
		{"x: 1 openapi: 3.1.0\n", false},
		{"<!doctype html>\n<html></html>", false},
		{"<?xml version=\"1.0\"?><openapi/>", false},
		{"{\"info\": {\"openapi\": \"3.1.0\"}}", false},
		{"{\"openapi\": 3.1}", false},
		{"{\"openapi\": \"3.1.0\"", false},
	}
	for _, tt := range tests {
		err := CheckOpenAPIDocument([]byte(tt.doc))
		if (err == nil) != tt.ok {
			t.Errorf("CheckOpenAPIDocument(%q) = %v; want ok=%v", tt.doc, err, tt.ok)
		}
		if err != nil && (!errors.Is(err, ErrNotOpenAPI) || strings.Contains(err.Error(), "\n")) {
			t.Errorf("CheckOpenAPIDocument(%q) = %q; want one line wrapping ErrNotOpenAPI", tt.doc, err)
		}
	}
}

func TestParseRetryAfter(t *testing.T) {
	now := time.Date(2026, 7, 22, 12, 0, 0, 0, time.UTC)
	tests := map[string]time.Duration{
		"":                              0,
		"junk":                          0,
		"-5":                            0,
		"0":                             0,
		" 120 ":                         2 * time.Minute,
		"Wed, 22 Jul 2026 12:00:30 GMT": 30 * time.Second,
		"Wed, 22 Jul 2026 11:00:00 GMT": 0,
	}
	for v, want := range tests {
		if got := parseRetryAfter(v, now); got != want {
			t.Errorf("parseRetryAfter(%q) = %v; want %v", v, got, want)
		}
	}
}
