// Package spectest gives tests the locked Altegio specs through the mirror.
//
// Tests that need the real specs call Acquirer; it fails the test, loudly and
// at once, when ALTEGIO_SPEC_MIRROR is not set, rather than skipping.
package spectest

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"testing"

	"github.com/altegio-go/altegio/gen"
)

// ModuleRoot returns the root directory of this module: the nearest
// directory at or above the working directory that holds go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// Acquirer returns an Acquirer that reads the locked specs from the mirror
// named by ALTEGIO_SPEC_MIRROR, without touching the user cache or the
// network. A relative mirror directory is taken relative to the module root,
// so `ALTEGIO_SPEC_MIRROR=../shared/altegio-openapi go test ./...` works from
// the repository root.
func Acquirer(t testing.TB) *gen.Acquirer {
	t.Helper()
	mirror := os.Getenv(gen.MirrorEnv)
	if mirror == "" {
		t.Fatalf("%s is not set: this test needs the locked Altegio specs; run it as %s=../shared/altegio-openapi go test ./... (or make test)", gen.MirrorEnv, gen.MirrorEnv)
	}
	if !filepath.IsAbs(mirror) && !isURL(mirror) {
		if _, err := os.Stat(mirror); errors.Is(err, os.ErrNotExist) {
			mirror = filepath.Join(ModuleRoot(t), mirror)
		}
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	return &gen.Acquirer{Lock: lock, Mirror: mirror, NoCache: true, Attempts: 1}
}

// Spec returns the locked spec of api from the mirror.
func Spec(t testing.TB, api gen.API) *gen.Spec {
	t.Helper()
	spec, err := Acquirer(t).Acquire(context.Background(), api)
	if err != nil {
		t.Fatalf("the locked %s spec is not available through %s: %v", api.Name, gen.MirrorEnv, err)
	}
	return spec
}

func isURL(s string) bool {
	return len(s) > 7 && (s[:7] == "http://" || (len(s) > 8 && s[:8] == "https://"))
}
