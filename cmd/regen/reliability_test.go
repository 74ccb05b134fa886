package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// copyTree copies the regular files under src (one level of directories
// is enough for generated packages) into dst.
func copyTree(t *testing.T, src, dst string) {
	t.Helper()
	err := filepath.WalkDir(src, func(path string, d os.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		rel, _ := filepath.Rel(src, path)
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dst, rel)), 0o755); err != nil {
			return err
		}
		return os.WriteFile(filepath.Join(dst, rel), data, 0o644)
	})
	if err != nil {
		t.Fatal(err)
	}
}

// truncatedRoot is a module root whose lock pins b2b-v2's spec cut off at
// half its length (as a cut-off download that -update pinned), with the
// committed generated/b2bv2, and a mirror serving the cut-off spec. It
// returns the root, the cut-off spec and the user cache directory.
func truncatedRoot(t *testing.T, pin bool) (root string, cut []byte, cache string) {
	t.Helper()
	full := spectest.Spec(t, gen.APIs[1]).Data
	cut = spectest.Truncated(full)
	root, mirror := t.TempDir(), t.TempDir()
	copyTree(t, filepath.Join(spectest.ModuleRoot(t), "generated", "b2bv2"), filepath.Join(root, "generated", "b2bv2"))
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	if pin {
		e := lock.APIs["b2b-v2"]
		sum := sha256.Sum256(cut)
		e.SHA256, e.Size = hex.EncodeToString(sum[:]), int64(len(cut))
		lock.APIs["b2b-v2"] = e
	}
	if err := os.MkdirAll(filepath.Join(root, "openapi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, gen.LockPath), lock.Marshal(), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(mirror, "b2b-v2.openapi.yaml"), cut, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(gen.MirrorEnv, mirror)
	cache = t.TempDir()
	t.Setenv("XDG_CACHE_HOME", cache)
	return root, cut, cache
}

// cacheFiles lists the files under the user cache directory.
func cacheFiles(t *testing.T, dir string) []string {
	t.Helper()
	var files []string
	filepath.WalkDir(dir, func(path string, d os.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			files = append(files, path)
		}
		return nil
	})
	return files
}

// TestRegenRefusesTruncatedPinnedSpec: regen refuses a cut-off spec that
// the lock pins, with one line naming the file and the counts, caches
// nothing and leaves generated/ byte-identical; -allow-removals gets past
// the refusal.
func TestRegenRefusesTruncatedPinnedSpec(t *testing.T) {
	root, _, cache := truncatedRoot(t, true)
	before := spectest.Tree(t, filepath.Join(root, "generated"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-api", "b2b-v2", "-root", root}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "b2b-v2.openapi.yaml") || !strings.Contains(msg, "loses 32 of 42 operations compared with generated/b2bv2/OPERATIONS.txt") ||
		!strings.Contains(msg, "-allow-removals") {
		t.Errorf("stderr %q; want one line naming the file, the counts and -allow-removals", msg)
	}
	assertSame(t, before, spectest.Tree(t, filepath.Join(root, "generated")))
	if files := cacheFiles(t, cache); len(files) != 0 {
		t.Errorf("cached %v", files)
	}

	stderr.Reset()
	// The cut-off spec then fails later (this root is no module to
	// compile it in), but not at the removal check.
	code := run([]string{"-q", "-allow-removals", "-api", "b2b-v2", "-root", root}, &stdout, &stderr)
	if code == 0 || strings.Contains(stderr.String(), "loses") || strings.Contains(stderr.String(), "-allow-removals") {
		t.Errorf("-allow-removals: exit %d: %s", code, stderr.String())
	}
	// It failed (at verify), so it is not cached either.
	if files := cacheFiles(t, cache); len(files) != 0 {
		t.Errorf("-allow-removals: cached %v after a failed run", files)
	}
	assertSame(t, before, spectest.Tree(t, filepath.Join(root, "generated")))
	t.Logf("-allow-removals: %s", stderr.String())
}

// TestUpdateRefusesTruncatedSpec: regen -update refuses to pin a cut-off
// download.
func TestUpdateRefusesTruncatedSpec(t *testing.T) {
	root, _, cache := truncatedRoot(t, false)
	lockBefore, _ := os.ReadFile(filepath.Join(root, gen.LockPath))
	before := spectest.Tree(t, filepath.Join(root, "generated"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-update", "-q", "-api", "b2b-v2", "-root", root}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, "b2b-v2.openapi.yaml loses 32 of 42 operations") || !strings.Contains(msg, "-allow-removals") {
		t.Errorf("stderr %q", msg)
	}
	lockAfter, _ := os.ReadFile(filepath.Join(root, gen.LockPath))
	if !bytes.Equal(lockBefore, lockAfter) {
		t.Error("the lock changed")
	}
	assertSame(t, before, spectest.Tree(t, filepath.Join(root, "generated")))
	if files := cacheFiles(t, cache); len(files) != 0 {
		t.Errorf("cached %v", files)
	}
}

// TestRegenHungDownloadBounded: a mirror that stalls mid-body costs
// -fetch-timeout in all, not attempts × the per-attempt timeout, and
// progress lines say so while regen waits.
func TestRegenHungDownloadBounded(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", "222597")
		w.Write([]byte("openapi: 3.1.1\n"))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}))
	defer srv.Close()
	t.Setenv(gen.MirrorEnv, srv.URL)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	root := spectest.ModuleRoot(t)
	var stdout, stderr bytes.Buffer
	start := time.Now()
	code := run([]string{"-api", "b2b-v2", "-root", root, "-fetch-timeout", "500ms"}, &stdout, &stderr)
	took := time.Since(start)
	if code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	lines := strings.Split(strings.TrimSpace(stderr.String()), "\n")
	last := lines[len(lines)-1]
	if !strings.Contains(last, "no complete response within 500ms in total") || !strings.Contains(last, srv.URL) {
		t.Errorf("last line %q; want the total bound and the URL", last)
	}
	progress := 0
	for _, l := range lines[:len(lines)-1] {
		if strings.HasPrefix(l, "regen: GET "+srv.URL) && strings.Contains(l, "still waiting after") && strings.Contains(l, "15 bytes received") {
			progress++
		}
	}
	if progress < 2 {
		t.Errorf("%d progress lines in %q; want one every 100ms", progress, stderr.String())
	}
	if took > 5*time.Second {
		t.Errorf("took %v; want about 500ms", took)
	}
}
