package gen

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"strings"
	"sync"
	"testing"
	"time"
)

// logRecorder collects what an Acquirer logs.
type logRecorder struct {
	mu    sync.Mutex
	lines []string
}

func (l *logRecorder) logf(format string, args ...any) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, strings.TrimSpace(fmt.Sprintf(format, args...)))
}

func (l *logRecorder) got() []string {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]string(nil), l.lines...)
}

// stallServer answers 200, sends the first bytes of a spec and then
// stalls until the request is cancelled: a hung download.
func stallServer(t *testing.T) string {
	t.Helper()
	srv, _ := acqServer(t, func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/yaml")
		w.Header().Set("Content-Length", "100000")
		w.Write([]byte("openapi: 3.1.1\ninfo:\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	return srv.URL + "/b2b-v1.openapi.yaml"
}

// TestFetchHungDownloadBounded: a download that stalls is given up after
// TotalTimeout in all, however many attempts and however long each may
// take, and says every ProgressInterval that it is still waiting.
func TestFetchHungDownloadBounded(t *testing.T) {
	url := stallServer(t)
	var log logRecorder
	a := &Acquirer{
		Timeout:          10 * time.Second, // each attempt alone would hang for long
		TotalTimeout:     400 * time.Millisecond,
		ProgressInterval: 100 * time.Millisecond,
		Attempts:         3,
		Backoff:          10 * time.Millisecond,
		Logf:             log.logf,
	}
	start := time.Now()
	_, err := a.Fetch(t.Context(), url, "")
	took := time.Since(start)
	checkOneLine(t, err)
	if !errors.Is(err, context.DeadlineExceeded) || !strings.Contains(err.Error(), "no complete response within 400ms in total") ||
		!strings.Contains(err.Error(), "GET "+url) || !strings.Contains(err.Error(), "21 bytes received") {
		t.Errorf("error %q; want the total bound, the URL and the bytes received", err)
	}
	// The bound, plus slack for a loaded machine; without it the fetch
	// takes Attempts × Timeout = 30 s.
	if took > 3*time.Second {
		t.Errorf("took %v; want about 400ms", took)
	}
	lines := log.got()
	if len(lines) < 2 {
		t.Fatalf("%d progress lines %q; want one every 100ms", len(lines), lines)
	}
	for _, l := range lines {
		if !strings.Contains(l, "GET "+url+": still waiting after") || !strings.Contains(l, "attempt 1 of 3") || !strings.Contains(l, "giving up after 400ms in total") {
			t.Errorf("progress line %q", l)
		}
	}
	// The reporter stopped with the fetch.
	time.Sleep(250 * time.Millisecond)
	if n := len(log.got()); n != len(lines) {
		t.Errorf("%d progress lines after Fetch returned", n-len(lines))
	}
}

// TestAcquireHungUpstreamBounded: Acquire from a hung upstream returns
// within the total bound, with nothing cached.
func TestAcquireHungUpstreamBounded(t *testing.T) {
	url := stallServer(t)
	a, _ := acqNew(t, acqLock(url, acqSpec("x")))
	a.Timeout = 10 * time.Second
	a.TotalTimeout = 300 * time.Millisecond
	start := time.Now()
	_, err := a.Acquire(t.Context(), acqAPI)
	if err == nil || !strings.Contains(err.Error(), "no complete response within 300ms in total") {
		t.Fatalf("error %v; want the total bound", err)
	}
	if took := time.Since(start); took > 3*time.Second {
		t.Errorf("took %v", took)
	}
	if names := dirNames(t, a.CacheDir); len(names) != 0 {
		t.Errorf("cache holds %v", names)
	}
}
