package gen_test

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

var v2 = gen.APIs[1]

func sha(data []byte) string {
	s := sha256.Sum256(data)
	return hex.EncodeToString(s[:])
}

// pinnedEnv is a module directory holding the committed generated/b2bv2
// inventory, a mirror serving spec, a lock pinning spec, and an empty
// cache.
type pinnedEnv struct {
	module, mirror, cache string
	acq                   *gen.Acquirer
}

func newPinnedEnv(t *testing.T, spec []byte) pinnedEnv {
	t.Helper()
	e := pinnedEnv{module: t.TempDir(), mirror: t.TempDir(), cache: filepath.Join(t.TempDir(), "cache")}
	inv, err := os.ReadFile(filepath.Join(spectest.ModuleRoot(t), v2.OutputDir(), gen.InventoryFile))
	if err != nil {
		t.Fatal(err)
	}
	for path, data := range map[string][]byte{
		filepath.Join(e.module, v2.OutputDir(), gen.InventoryFile): inv,
		filepath.Join(e.mirror, v2.SpecFile()):                     spec,
	} {
		if err := os.MkdirAll(filepath.Dir(path), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	entry := lock.APIs[v2.Name]
	entry.SHA256, entry.Size = sha(spec), int64(len(spec))
	lock.APIs[v2.Name] = entry
	e.acq = &gen.Acquirer{Lock: lock, Mirror: e.mirror, CacheDir: e.cache, Attempts: 1, Timeout: time.Second}
	e.acq.Guard = e.acq.RemovalGuard(e.module)
	return e
}

func (e pinnedEnv) cached(t *testing.T) []string {
	t.Helper()
	entries, err := os.ReadDir(e.cache)
	if err != nil && !errors.Is(err, os.ErrNotExist) {
		t.Fatal(err)
	}
	var names []string
	for _, en := range entries {
		names = append(names, en.Name())
	}
	return names
}

func TestReadSurfaceTruncated(t *testing.T) {
	full := spectest.Spec(t, v2).Data
	s, err := gen.ReadSurface(full, v2.SpecFile())
	if err != nil {
		t.Fatal(err)
	}
	cut, err := gen.ReadSurface(spectest.Truncated(full), v2.SpecFile())
	if err != nil {
		t.Fatalf("the truncated spec should still parse: %v", err)
	}
	if len(s.Operations) != 42 || len(cut.Operations) >= len(s.Operations) || len(s.Schemas) == 0 {
		t.Fatalf("%d operations and %d schemas, cut: %d and %d", len(s.Operations), len(s.Schemas), len(cut.Operations), len(cut.Schemas))
	}
	ops, schemas := s.Lost(cut)
	if len(ops) != len(s.Operations)-len(cut.Operations) || len(schemas) != len(s.Schemas)-len(cut.Schemas) {
		t.Errorf("lost %d operations and %d schemas", len(ops), len(schemas))
	}
	if ops, schemas := s.Lost(s); len(ops)+len(schemas) != 0 {
		t.Errorf("a spec loses %v %v against itself", ops, schemas)
	}
}

// TestRegenRefusesTruncatedPinnedSpec: a truncated spec that the lock
// pins is refused, with the counts against the spec it replaces (found in
// the cache), and not cached.
func TestRegenRefusesTruncatedPinnedSpec(t *testing.T) {
	full := spectest.Spec(t, v2)
	cut := spectest.Truncated(full.Data)
	e := newPinnedEnv(t, cut)
	if err := e.acq.CacheSpec(full); err != nil {
		t.Fatal(err)
	}
	before := e.cached(t)
	fs, _ := gen.ReadSurface(full.Data, "")
	cs, _ := gen.ReadSurface(cut, "")

	_, err := e.acq.Acquire(t.Context(), v2)
	re, ok := errors.AsType[*gen.RemovalError](err)
	if !ok {
		t.Fatalf("error %v; want a *RemovalError", err)
	}
	msg := err.Error()
	want := fmt.Sprintf("loses %d of 42 operations and %d of %d schemas compared with the spec it replaces (sha256 %s)",
		42-len(cs.Operations), len(fs.Schemas)-len(cs.Schemas), len(fs.Schemas), full.SHA256)
	for _, s := range []string{"b2b-v2: spec from mirror " + filepath.Join(e.mirror, v2.SpecFile()), want, "-allow-removals"} {
		if !strings.Contains(msg, s) {
			t.Errorf("error %q lacks %q", msg, s)
		}
	}
	if strings.Contains(msg, "\n") || re.Operations != 42 {
		t.Errorf("error %q is not one line, or counts %d operations", msg, re.Operations)
	}
	if after := e.cached(t); strings.Join(after, ",") != strings.Join(before, ",") {
		t.Errorf("cache holds %v, want only %v", after, before)
	}
}

// TestRegenRefusesTruncatedWithoutCache: with the replaced spec not at
// hand, the generated package's inventory is the baseline.
func TestRegenRefusesTruncatedWithoutCache(t *testing.T) {
	cut := spectest.Truncated(spectest.Spec(t, v2).Data)
	cs, _ := gen.ReadSurface(cut, "")
	e := newPinnedEnv(t, cut)
	_, err := e.acq.Acquire(t.Context(), v2)
	want := fmt.Sprintf("loses %d of 42 operations compared with generated/b2bv2/OPERATIONS.txt (generated from sha256 %s)",
		42-len(cs.Operations), spectest.Spec(t, v2).SHA256)
	if _, ok := errors.AsType[*gen.RemovalError](err); !ok || !strings.Contains(err.Error(), want) {
		t.Fatalf("error %v; want %q", err, want)
	}
	if names := e.cached(t); len(names) != 0 {
		t.Errorf("cache holds %v", names)
	}
}

// TestRegenAllowsRemovals: without the guard (regen -allow-removals) the
// same spec is taken, and cached.
func TestRegenAllowsRemovals(t *testing.T) {
	cut := spectest.Truncated(spectest.Spec(t, v2).Data)
	e := newPinnedEnv(t, cut)
	e.acq.Guard = nil
	spec, err := e.acq.Acquire(t.Context(), v2)
	if err != nil || !bytes.Equal(spec.Data, cut) {
		t.Fatalf("err %v", err)
	}
	if names := e.cached(t); len(names) != 1 {
		t.Errorf("cache holds %v; want the spec", names)
	}
}

// TestRegenGuardPassesGrowth: a spec that only adds passes the guard, and
// so does the spec the package was generated from.
func TestRegenGuardPassesGrowth(t *testing.T) {
	full := spectest.Spec(t, v2).Data
	grown := append(bytes.Clone(full), []byte("x-extra: true\n")...)
	for _, data := range [][]byte{full, grown} {
		e := newPinnedEnv(t, data)
		if _, err := e.acq.Acquire(t.Context(), v2); err != nil {
			t.Errorf("err %v", err)
		}
	}
}

// TestInventoryBaselineMatchesPublished: every operation in the committed
// inventories is in the published spec it was generated from, so that the
// inventory fallback refuses nothing the lock and generated/ agree on.
func TestInventoryBaselineMatchesPublished(t *testing.T) {
	root := spectest.ModuleRoot(t)
	for _, api := range gen.APIs {
		spec := spectest.Spec(t, api)
		lock, err := gen.DefaultLock()
		if err != nil {
			t.Fatal(err)
		}
		entry := lock.APIs[api.Name]
		entry.SHA256 = "0000000000000000000000000000000000000000000000000000000000000000"
		lock.APIs[api.Name] = entry
		// A spec claimed to follow another: compared with the inventory.
		a := &gen.Acquirer{Lock: lock, NoCache: true}
		if err := a.CheckRemovals(spec, entry.SHA256, root); err != nil {
			t.Errorf("%s: %v", api.Name, err)
		}
	}
}

// TestAcquireCacheLater: with CacheLater set, Acquire hands the spec over
// instead of caching it; the caller caches it once it proved good.
func TestAcquireCacheLater(t *testing.T) {
	e := newPinnedEnv(t, spectest.Spec(t, v2).Data)
	var held []*gen.Spec
	e.acq.CacheLater = func(s *gen.Spec) { held = append(held, s) }
	spec, err := e.acq.Acquire(t.Context(), v2)
	if err != nil {
		t.Fatal(err)
	}
	if len(held) != 1 || held[0] != spec {
		t.Fatalf("held %v, want the spec", held)
	}
	if names := e.cached(t); len(names) != 0 {
		t.Fatalf("cached %v before the caller said so", names)
	}
	if err := e.acq.CacheSpec(held[0]); err != nil {
		t.Fatal(err)
	}
	if names := e.cached(t); len(names) != 1 {
		t.Errorf("cache holds %v after CacheSpec", names)
	}
}
