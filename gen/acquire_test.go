package gen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"
)

var acqAPI = API{Name: "b2b-v1", Package: "b2bv1"}

// acqSpec returns a tiny OpenAPI document; different titles give different
// hashes.
func acqSpec(title string) []byte {
	return []byte("openapi: 3.1.1\ninfo:\n  title: " + title + "\n  version: 1.0.0\npaths: {}\n")
}

// acqLock returns a lock pinning data as acqAPI's spec, at url.
func acqLock(url string, data []byte) *Lock {
	return &Lock{APIs: map[string]LockEntry{acqAPI.Name: {
		URL:       url,
		SHA256:    sha256Hex(data),
		Size:      int64(len(data)),
		Retrieved: "2026-07-22",
	}}}
}

// sleepRecorder records the delays an Acquirer asks for, without waiting.
type sleepRecorder struct {
	mu     sync.Mutex
	delays []time.Duration
}

func (s *sleepRecorder) sleep(ctx context.Context, d time.Duration) error {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.delays = append(s.delays, d)
	return ctx.Err()
}

func (s *sleepRecorder) got() []time.Duration {
	s.mu.Lock()
	defer s.mu.Unlock()
	return slices.Clone(s.delays)
}

// acqNew returns an Acquirer for lock with an empty cache in a temporary
// directory and no real sleeping.
func acqNew(t *testing.T, lock *Lock) (*Acquirer, *sleepRecorder) {
	t.Helper()
	rec := &sleepRecorder{}
	a := &Acquirer{
		Lock:     lock,
		CacheDir: filepath.Join(t.TempDir(), "cache"),
		Timeout:  5 * time.Second,
		Sleep:    rec.sleep,
		Logf:     t.Logf,
	}
	return a, rec
}

// acqServer starts a loopback server, closed when the test ends, and
// returns it with a counter of the requests it got.
func acqServer(t *testing.T, h http.HandlerFunc) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var n atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		h(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, &n
}

// acqFailServer starts a server that fails the test if it gets a request.
func acqFailServer(t *testing.T) *httptest.Server {
	t.Helper()
	srv, _ := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
		t.Errorf("unexpected request for %s", r.URL)
		http.Error(w, "unexpected", http.StatusTeapot)
	})
	return srv
}

// serveBytes returns a handler serving data at path and 404 elsewhere.
func serveBytes(path string, data []byte) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path != path {
			http.NotFound(w, r)
			return
		}
		w.Header().Set("Content-Type", "application/yaml")
		w.Write(data)
	}
}

// writeTestFile writes data to path, creating its directory.
func writeTestFile(t *testing.T, path string, data []byte) {
	t.Helper()
	if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(path, data, 0o644); err != nil {
		t.Fatal(err)
	}
}

// dirNames lists dir, or returns nil if it does not exist.
func dirNames(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return nil
	}
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, e := range entries {
		names = append(names, e.Name())
	}
	return names
}

// checkCached checks that the cache holds exactly data as acqAPI's spec.
func checkCached(t *testing.T, a *Acquirer, data []byte) {
	t.Helper()
	want := acqAPI.Name + "-" + sha256Hex(data) + ".openapi.yaml"
	if names := dirNames(t, a.CacheDir); !slices.Equal(names, []string{want}) {
		t.Fatalf("cache holds %v; want [%s]", names, want)
	}
	got, err := os.ReadFile(filepath.Join(a.CacheDir, want))
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(got, data) {
		t.Errorf("cached %q; want %q", got, data)
	}
}

// checkSpec checks that spec holds data from a source starting with source.
func checkSpec(t *testing.T, spec *Spec, data []byte, source string) {
	t.Helper()
	if !bytes.Equal(spec.Data, data) || spec.SHA256 != sha256Hex(data) || spec.API != acqAPI {
		t.Errorf("got spec %+v; want %q", spec, data)
	}
	if !strings.HasPrefix(spec.Source, source) {
		t.Errorf("Source = %q; want prefix %q", spec.Source, source)
	}
}

// checkOneLine fails the test if err is nil or spans several lines.
func checkOneLine(t *testing.T, err error) {
	t.Helper()
	if err == nil {
		t.Fatal("got no error")
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error spans several lines: %q", err)
	}
}

func TestAcquireMirrorDir(t *testing.T) {
	data := acqSpec("mirror")
	root := t.TempDir()
	writeTestFile(t, filepath.Join(root, "mirror", acqAPI.SpecFile()), data)

	for _, mirror := range []string{filepath.Join(root, "mirror"), "mirror"} {
		t.Run(mirror, func(t *testing.T) {
			t.Chdir(root) // for the relative mirror
			a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
			a.Mirror = mirror
			spec, err := a.Acquire(t.Context(), acqAPI)
			if err != nil {
				t.Fatal(err)
			}
			checkSpec(t, spec, data, "mirror "+filepath.Join(root, "mirror", acqAPI.SpecFile()))
			checkCached(t, a, data)
		})
	}
}

func TestAcquireMirrorURL(t *testing.T) {
	data := acqSpec("mirror url")
	for _, base := range []string{"/specs", "/specs/"} {
		t.Run(base, func(t *testing.T) {
			var ua atomic.Value
			srv, n := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
				ua.Store(r.UserAgent())
				serveBytes("/specs/"+acqAPI.SpecFile(), data)(w, r)
			})
			a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
			a.HTTPClient = srv.Client()
			a.Mirror = srv.URL + base
			spec, err := a.Acquire(t.Context(), acqAPI)
			if err != nil {
				t.Fatal(err)
			}
			checkSpec(t, spec, data, "mirror "+srv.URL+"/specs/"+acqAPI.SpecFile())
			checkCached(t, a, data)
			if n.Load() != 1 || ua.Load() != UserAgent {
				t.Errorf("got %d requests with User-Agent %q; want 1 with %q", n.Load(), ua.Load(), UserAgent)
			}
		})
	}
}

func TestAcquireMirrorMissingFallsToCache(t *testing.T) {
	data := acqSpec("cached")
	emptyDir := t.TempDir()
	notFound, _ := acqServer(t, http.NotFound)
	gone, _ := acqServer(t, func(w http.ResponseWriter, r *http.Request) { w.WriteHeader(http.StatusGone) })
	for name, mirror := range map[string]string{
		"empty dir":   emptyDir,
		"missing dir": filepath.Join(emptyDir, "nope"),
		"url 404":     notFound.URL,
		"url 410":     gone.URL,
	} {
		t.Run(name, func(t *testing.T) {
			a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
			a.Mirror = mirror
			writeTestFile(t, a.cachePath(acqAPI, sha256Hex(data)), data)
			spec, err := a.Acquire(t.Context(), acqAPI)
			if err != nil {
				t.Fatal(err)
			}
			checkSpec(t, spec, data, "cache "+a.CacheDir)
		})
	}
}

func TestAcquireCacheHit(t *testing.T) {
	data := acqSpec("cached")
	a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
	writeTestFile(t, a.cachePath(acqAPI, sha256Hex(data)), data)
	spec, err := a.Acquire(t.Context(), acqAPI)
	if err != nil {
		t.Fatal(err)
	}
	checkSpec(t, spec, data, "cache "+filepath.Join(a.CacheDir, acqAPI.Name+"-"+sha256Hex(data)+".openapi.yaml"))
}

func TestAcquireCorruptCacheRefetched(t *testing.T) {
	data := acqSpec("upstream")
	srv, n := acqServer(t, serveBytes("/b2b-v1/openapi.yaml", data))
	a, _ := acqNew(t, acqLock(srv.URL+"/b2b-v1/openapi.yaml", data))
	a.HTTPClient = srv.Client()
	writeTestFile(t, a.cachePath(acqAPI, sha256Hex(data)), []byte("openapi: 3.1.1\ntruncated"))

	spec, err := a.Acquire(t.Context(), acqAPI)
	if err != nil {
		t.Fatal(err)
	}
	checkSpec(t, spec, data, "upstream "+srv.URL+"/b2b-v1/openapi.yaml")
	checkCached(t, a, data)
	if n.Load() != 1 {
		t.Errorf("got %d requests; want 1", n.Load())
	}
}

func TestAcquireNoCache(t *testing.T) {
	data := acqSpec("upstream")
	srv, _ := acqServer(t, serveBytes("/x.yaml", data))
	a, _ := acqNew(t, acqLock(srv.URL+"/x.yaml", data))
	a.NoCache = true
	writeTestFile(t, a.cachePath(acqAPI, sha256Hex(data)), []byte("stale"))
	spec, err := a.Acquire(t.Context(), acqAPI)
	if err != nil {
		t.Fatal(err)
	}
	checkSpec(t, spec, data, "upstream ")
	if got, _ := os.ReadFile(a.cachePath(acqAPI, sha256Hex(data))); string(got) != "stale" {
		t.Errorf("NoCache touched the cache: %q", got)
	}
}

func TestAcquireChecksumMismatch(t *testing.T) {
	locked, other := acqSpec("locked"), acqSpec("changed")
	mirror := t.TempDir()
	writeTestFile(t, filepath.Join(mirror, acqAPI.SpecFile()), other)
	upstream, _ := acqServer(t, serveBytes("/x.yaml", other))

	for name, setup := range map[string]func(a *Acquirer){
		"mirror":   func(a *Acquirer) { a.Mirror = mirror },
		"upstream": func(a *Acquirer) { a.Lock = acqLock(upstream.URL+"/x.yaml", locked) },
	} {
		t.Run(name, func(t *testing.T) {
			a, _ := acqNew(t, acqLock(acqFailServer(t).URL, locked))
			setup(a)
			_, err := a.Acquire(t.Context(), acqAPI)
			checkOneLine(t, err)
			ce, ok := errors.AsType[*ChecksumError](err)
			if !ok {
				t.Fatalf("error %v is not a *ChecksumError", err)
			}
			if ce.API != acqAPI.Name || ce.Want != sha256Hex(locked) || ce.Got != sha256Hex(other) || !strings.HasPrefix(ce.Source, name+" ") ||
				ce.WantSize != int64(len(locked)) || ce.GotSize != int64(len(other)) {
				t.Errorf("got %+v", ce)
			}
			msg := err.Error()
			for _, want := range []string{
				fmt.Sprintf("has sha256 %s (%d bytes), but openapi/lock.json pins %s (%d bytes); ", sha256Hex(other), len(other), sha256Hex(locked), len(locked)),
				"update the b2b-v1 entry of openapi/lock.json (sha256, size, retrieved) and regenerate",
			} {
				if !strings.Contains(msg, want) {
					t.Errorf("error %q does not contain %q", msg, want)
				}
			}
			// "changed" is longer than "locked": not truncated.
			if strings.Contains(msg, "truncated") {
				t.Errorf("error %q says truncated for a longer spec", msg)
			}
			if names := dirNames(t, a.CacheDir); len(names) != 0 {
				t.Errorf("cache holds %v after a mismatch", names)
			}
		})
	}
}

// TestAcquireTruncated: a mirror file cut short of the locked spec (an
// interrupted copy or download) is a checksum mismatch that gives both
// sizes and asks whether it was truncated; nothing is cached.
func TestAcquireTruncated(t *testing.T) {
	locked := acqSpec("locked")
	cut := locked[:len(locked)-10]
	mirror := t.TempDir()
	writeTestFile(t, filepath.Join(mirror, acqAPI.SpecFile()), cut)
	a, _ := acqNew(t, acqLock(acqFailServer(t).URL, locked))
	a.Mirror = mirror
	_, err := a.Acquire(t.Context(), acqAPI)
	checkOneLine(t, err)
	if _, ok := errors.AsType[*ChecksumError](err); !ok {
		t.Fatalf("error %v is not a *ChecksumError", err)
	}
	want := fmt.Sprintf("b2b-v1: spec from mirror %s has sha256 %s (%d bytes), but openapi/lock.json pins %s (%d bytes); it is 10 bytes shorter than the locked spec (truncated?); if the new spec is intended, ",
		filepath.Join(mirror, acqAPI.SpecFile()), sha256Hex(cut), len(cut), sha256Hex(locked), len(locked))
	if msg := err.Error(); !strings.HasPrefix(msg, want) {
		t.Errorf("error:\n got  %s\n want %s...", msg, want)
	}
	if names := dirNames(t, a.CacheDir); len(names) != 0 {
		t.Errorf("cache holds %v after a mismatch", names)
	}
}

func TestAcquireMirrorFailureIsFatal(t *testing.T) {
	data := acqSpec("x")
	forbidden, _ := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
		http.Error(w, "no", http.StatusForbidden)
	})
	htmlDir := t.TempDir()
	writeTestFile(t, filepath.Join(htmlDir, acqAPI.SpecFile()), []byte("<!DOCTYPE html>\n<html>sign in</html>"))
	tests := []struct{ mirror, want string }{
		{forbidden.URL, "403 Forbidden"},
		{htmlDir, "not an OpenAPI 3 document"},
		{"ftp://example.com/specs", `unsupported scheme "ftp"`},
	}
	for _, tt := range tests {
		t.Run(tt.mirror, func(t *testing.T) {
			a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
			a.Mirror = tt.mirror
			writeTestFile(t, a.cachePath(acqAPI, sha256Hex(data)), data)
			_, err := a.Acquire(t.Context(), acqAPI)
			checkOneLine(t, err)
			if !strings.HasPrefix(err.Error(), "b2b-v1: mirror") || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("error %q; want one starting \"b2b-v1: mirror\" and containing %q", err, tt.want)
			}
		})
	}
}

func TestAcquireUnavailable(t *testing.T) {
	srv, _ := acqServer(t, http.NotFound)
	data := acqSpec("x")

	t.Run("no mirror", func(t *testing.T) {
		a, _ := acqNew(t, acqLock(srv.URL+"/gone.yaml", data))
		_, err := a.Acquire(t.Context(), acqAPI)
		checkOneLine(t, err)
		if _, ok := errors.AsType[*UnavailableError](err); !ok {
			t.Errorf("error %v is not an *UnavailableError", err)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("error %v does not match fs.ErrNotExist", err)
		}
		if se, ok := errors.AsType[*HTTPStatusError](err); !ok || se.StatusCode != 404 {
			t.Errorf("error %v does not hold the 404", err)
		}
		for _, want := range []string{"b2b-v1: ", "cache " + a.CacheDir, "upstream: GET " + srv.URL + "/gone.yaml: 404 Not Found",
			// The hint works downstream: it names the file and where to
			// get it, not a directory of this repository.
			"save " + srv.URL + "/gone.yaml as b2b-v1.openapi.yaml", "ALTEGIO_SPEC_MIRROR to that directory"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		}
		if strings.Contains(err.Error(), "../shared") {
			t.Errorf("error %q suggests a path inside this repository", err)
		}
	})

	t.Run("mirror and network failure", func(t *testing.T) {
		down := httptest.NewServer(http.NotFoundHandler())
		down.Close() // nothing listens at its address any more
		a, rec := acqNew(t, acqLock(down.URL+"/x.yaml", data))
		a.Mirror = t.TempDir()
		a.NoCache = true
		_, err := a.Acquire(t.Context(), acqAPI)
		checkOneLine(t, err)
		for _, want := range []string{"mirror " + a.Mirror, "cache (disabled)", "upstream: GET " + down.URL, "gave up after 3 attempts", "check that the mirror"} {
			if !strings.Contains(err.Error(), want) {
				t.Errorf("error %q does not contain %q", err, want)
			}
		}
		if got := len(rec.got()); got != 2 {
			t.Errorf("slept %d times; want 2", got)
		}
	})
}

func TestAcquireCacheWriteFailureNotFatal(t *testing.T) {
	data := acqSpec("x")
	mirror := t.TempDir()
	writeTestFile(t, filepath.Join(mirror, acqAPI.SpecFile()), data)
	a, _ := acqNew(t, acqLock(acqFailServer(t).URL, data))
	a.Mirror = mirror
	writeTestFile(t, a.CacheDir, []byte("a file where the cache directory should be"))
	var logged []string
	a.Logf = func(format string, args ...any) { logged = append(logged, fmt.Sprintf(format, args...)) }

	spec, err := a.Acquire(t.Context(), acqAPI)
	if err != nil {
		t.Fatal(err)
	}
	checkSpec(t, spec, data, "mirror ")
	if len(logged) != 1 || !strings.Contains(logged[0], "not caching") {
		t.Errorf("logged %q; want one note about the cache", logged)
	}
}

func TestAcquireUnknownAPI(t *testing.T) {
	a, _ := acqNew(t, acqLock("https://example.invalid/x", acqSpec("x")))
	if _, err := a.Acquire(t.Context(), API{Name: "b2b-v9"}); err == nil || !strings.Contains(err.Error(), "b2b-v9") {
		t.Errorf("Acquire(b2b-v9) = %v; want an error naming it", err)
	}
}

func TestWriteFileAtomic(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "sub", "spec.yaml")
	for _, data := range []string{"first", "second"} {
		if err := writeFileAtomic(path, []byte(data)); err != nil {
			t.Fatal(err)
		}
		if got, _ := os.ReadFile(path); string(got) != data {
			t.Errorf("file holds %q; want %q", got, data)
		}
		if names := dirNames(t, filepath.Dir(path)); !slices.Equal(names, []string{"spec.yaml"}) {
			t.Errorf("directory holds %v; want only spec.yaml", names)
		}
	}

	// A rename onto a non-empty directory fails; the temporary file must go.
	blocked := filepath.Join(dir, "blocked")
	writeTestFile(t, filepath.Join(blocked, "keep"), nil)
	if err := writeFileAtomic(blocked, []byte("x")); err == nil {
		t.Error("writing over a non-empty directory succeeded")
	}
	if names := dirNames(t, dir); !slices.Equal(names, []string{"blocked", "sub"}) {
		t.Errorf("directory holds %v after a failed write; want [blocked sub]", names)
	}
}

func TestNewAcquirer(t *testing.T) {
	t.Setenv(MirrorEnv, "../shared/altegio-openapi")
	lock := acqLock("https://example.invalid/x", acqSpec("x"))
	a := NewAcquirer(lock)
	if a.Lock != lock || a.Mirror != "../shared/altegio-openapi" {
		t.Errorf("got %+v", a)
	}
	if dir, err := os.UserCacheDir(); err == nil && a.CacheDir != filepath.Join(dir, "altegio-go", "specs") {
		t.Errorf("CacheDir = %q", a.CacheDir)
	}
}

func TestMirrorLocation(t *testing.T) {
	for _, base := range []string{"https://example.com/a/specs", "https://example.com/a/specs/"} {
		loc, isURL, err := mirrorLocation(base, "b2b-v1.openapi.yaml")
		if err != nil || !isURL || loc != "https://example.com/a/specs/b2b-v1.openapi.yaml" {
			t.Errorf("mirrorLocation(%q) = %q, %v, %v", base, loc, isURL, err)
		}
	}
	loc, isURL, err := mirrorLocation("HTTP://example.com", "f.yaml")
	if err != nil || !isURL || loc != "http://example.com/f.yaml" {
		t.Errorf("mirrorLocation(HTTP://example.com) = %q, %v, %v", loc, isURL, err)
	}
}
