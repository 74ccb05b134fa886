package drift

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// httpCheck runs Check on b2b-v2 with srv as the mirror and a cache in a
// temporary directory (cache), tuned by tune.
func httpCheck(t *testing.T, srv *httptest.Server, cache string, tune func(*gen.Acquirer)) *APIReport {
	t.Helper()
	e := env{mirror: srv.URL, cache: cache}
	acq := e.acquirer(t)
	acq.Sleep = func(context.Context, time.Duration) error { return nil }
	if tune != nil {
		tune(acq)
	}
	r := Check(context.Background(), Options{APIs: []gen.API{v2}, Acquirer: acq})
	a := r.APIs[0]
	wantExit := map[Status]int{StatusUnchanged: ExitNoDrift, StatusError: ExitError}[a.Status]
	if a.Status.Drifted() {
		wantExit = ExitDrift
	}
	if r.ExitCode != wantExit {
		t.Errorf("status %q but exit code %d", a.Status, r.ExitCode)
	}
	return a
}

// assertCache requires the cache to hold exactly the named files (a spec
// by its sha256, or "etag"), each complete, and no temporary file.
func assertCache(t *testing.T, dir string, want ...string) {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var got []string
	for _, e := range entries {
		name := e.Name()
		data, err := os.ReadFile(filepath.Join(dir, name))
		if err != nil {
			t.Fatal(err)
		}
		switch {
		case name == v2.Name+".etag.json":
			got = append(got, "etag")
		case strings.HasPrefix(name, v2.Name+"-") && strings.HasSuffix(name, ".openapi.yaml"):
			sum := strings.TrimSuffix(strings.TrimPrefix(name, v2.Name+"-"), ".openapi.yaml")
			h := sha256.Sum256(data)
			if hex.EncodeToString(h[:]) != sum {
				t.Errorf("cache file %s is partial or corrupt (%d bytes)", name, len(data))
			}
			got = append(got, sum)
		default:
			t.Errorf("unexpected file in the cache: %s", name)
		}
	}
	if !sameSet(got, want) {
		t.Errorf("cache holds %v, want %v", got, want)
	}
}

func sameSet(a, b []string) bool {
	if len(a) != len(b) {
		return false
	}
	m := map[string]int{}
	for _, s := range a {
		m[s]++
	}
	for _, s := range b {
		m[s]--
	}
	for _, n := range m {
		if n != 0 {
			return false
		}
	}
	return true
}

func TestFetchETagNotModified(t *testing.T) {
	locked := spectest.Spec(t, v2)
	d := lockedDoc(t, v2)
	deleteKey(t, d.get("paths", positionByID), "delete")
	drifted := d.bytes()
	body, etag := locked.Data, `"v1"`
	var requests, notModified atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		if r.URL.Path != "/"+v2.SpecFile() {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("ETag", etag)
		if r.Header.Get("If-None-Match") == etag {
			notModified.Add(1)
			w.WriteHeader(http.StatusNotModified)
			return
		}
		w.Header().Set("Content-Type", "application/yaml")
		w.Write(body)
	}))
	defer srv.Close()
	cache := t.TempDir()

	a := httpCheck(t, srv, cache, nil)
	if a.Status != StatusUnchanged || notModified.Load() != 0 {
		t.Fatalf("first check: status %q, %d 304s; want unchanged, none", a.Status, notModified.Load())
	}
	assertCache(t, cache, locked.SHA256, "etag")

	a = httpCheck(t, srv, cache, nil)
	if a.Status != StatusUnchanged || notModified.Load() != 1 || !strings.Contains(a.Current.Source, "304 Not Modified") {
		t.Fatalf("second check: status %q, %d 304s, source %q; want unchanged from a 304", a.Status, notModified.Load(), a.Current.Source)
	}
	assertCache(t, cache, locked.SHA256, "etag")

	// Upstream changes: the old ETag no longer matches, the new spec is
	// fetched and compared with the cached locked one.
	body, etag = drifted, `"v2"`
	a = httpCheck(t, srv, cache, nil)
	if a.Status != StatusChanged || len(a.Removed) != 1 || notModified.Load() != 1 {
		t.Fatalf("third check: status %q, removed %v, %d 304s; want the removal, no 304", a.Status, a.Removed, notModified.Load())
	}
	sum := sha256.Sum256(drifted)
	assertCache(t, cache, locked.SHA256, hex.EncodeToString(sum[:]), "etag")
	if requests.Load() != 3 {
		t.Errorf("%d requests, want 3", requests.Load())
	}
}

func TestFetchServerErrorThenSuccess(t *testing.T) {
	locked := spectest.Spec(t, v2)
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if requests.Add(1) == 1 {
			http.Error(w, "try again", http.StatusInternalServerError)
			return
		}
		w.Write(locked.Data)
	}))
	defer srv.Close()
	cache := t.TempDir()
	a := httpCheck(t, srv, cache, func(acq *gen.Acquirer) { acq.Attempts = 3 })
	if a.Status != StatusUnchanged || requests.Load() != 2 {
		t.Fatalf("status %q (%s) after %d requests; want unchanged after 2", a.Status, a.Error, requests.Load())
	}
	assertCache(t, cache, locked.SHA256)
}

func TestFetchServerErrorPersists(t *testing.T) {
	var requests atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		requests.Add(1)
		http.Error(w, "down", http.StatusServiceUnavailable)
	}))
	defer srv.Close()
	cache := t.TempDir()
	a := httpCheck(t, srv, cache, func(acq *gen.Acquirer) { acq.Attempts = 3 })
	if a.Status != StatusError || requests.Load() != 3 || !strings.Contains(a.Error, "503") || !strings.Contains(a.Error, "gave up after 3 attempts") {
		t.Fatalf("status %q, error %q after %d requests; want an error naming 503 after 3", a.Status, a.Error, requests.Load())
	}
	assertCache(t, cache)
}

func TestFetchTimeout(t *testing.T) {
	locked := spectest.Spec(t, v2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// Send half the spec, then stall until the client gives up.
		w.Header().Set("Content-Length", strconv.Itoa(len(locked.Data)))
		w.Write(locked.Data[:len(locked.Data)/2])
		w.(http.Flusher).Flush()
		select {
		case <-r.Context().Done():
		case <-time.After(10 * time.Second):
		}
	}))
	defer srv.Close()
	cache := t.TempDir()
	start := time.Now()
	a := httpCheck(t, srv, cache, func(acq *gen.Acquirer) { acq.Timeout = 200 * time.Millisecond; acq.Attempts = 2 })
	if a.Status != StatusError || !strings.Contains(a.Error, "no complete response within 200ms") {
		t.Fatalf("status %q, error %q; want a timeout error", a.Status, a.Error)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Errorf("took %s", d)
	}
	assertCache(t, cache)
}

func TestFetchOversizedBody(t *testing.T) {
	locked := spectest.Spec(t, v2)
	for _, chunked := range []bool{false, true} {
		t.Run("chunked="+strconv.FormatBool(chunked), func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				if !chunked {
					w.Header().Set("Content-Length", strconv.Itoa(len(locked.Data)))
				}
				for i := 0; i < len(locked.Data); i += 32 << 10 {
					w.Write(locked.Data[i:min(i+32<<10, len(locked.Data))])
					w.(http.Flusher).Flush()
				}
			}))
			defer srv.Close()
			cache := t.TempDir()
			a := httpCheck(t, srv, cache, func(acq *gen.Acquirer) { acq.MaxBytes = 64 << 10; acq.Attempts = 3 })
			if a.Status != StatusError || !strings.Contains(a.Error, "exceeds 65536 bytes") {
				t.Fatalf("status %q, error %q; want a size error", a.Status, a.Error)
			}
			assertCache(t, cache)
		})
	}
}

func TestFetchHTMLInsteadOfYAML(t *testing.T) {
	for name, ct := range map[string]string{"labelled HTML": "text/html; charset=utf-8", "labelled YAML": "application/yaml"} {
		t.Run(name, func(t *testing.T) {
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Content-Type", ct)
				w.Write([]byte("<!DOCTYPE html>\n<html><body>Our docs are moving</body></html>\n"))
			}))
			defer srv.Close()
			cache := t.TempDir()
			a := httpCheck(t, srv, cache, nil)
			if a.Status != StatusError || !strings.Contains(a.Error, "HTML") || !strings.Contains(a.Error, gen.ErrNotOpenAPI.Error()) {
				t.Fatalf("status %q, error %q; want an HTML error", a.Status, a.Error)
			}
			assertCache(t, cache)
		})
	}
}

func TestFetchTruncatedBody(t *testing.T) {
	locked := spectest.Spec(t, v2)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(locked.Data)))
		w.Write(locked.Data[:len(locked.Data)/3]) // and the connection closes
	}))
	defer srv.Close()
	cache := t.TempDir()
	a := httpCheck(t, srv, cache, nil)
	if a.Status != StatusError || !strings.Contains(a.Error, "EOF") {
		t.Fatalf("status %q, error %q; want an unexpected EOF", a.Status, a.Error)
	}
	assertCache(t, cache)
}
