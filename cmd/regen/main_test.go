package main

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

func assertSame(t *testing.T, before, after map[string]string) {
	t.Helper()
	if len(before) != len(after) {
		t.Fatalf("generated/ has %d files after the run, %d before", len(after), len(before))
	}
	for path, content := range before {
		if after[path] != content {
			t.Fatalf("%s changed", path)
		}
	}
}

func TestUsageErrorsExit2(t *testing.T) {
	for _, args := range [][]string{{"-api", "b2b-v9"}, {"-nope"}, {"extra"}} {
		var stdout, stderr bytes.Buffer
		if code := run(args, &stdout, &stderr); code != 2 {
			t.Errorf("regen %v: exit %d, want 2", args, code)
		}
		if stderr.Len() == 0 {
			t.Errorf("regen %v: no error message", args)
		}
	}
	var stdout, stderr bytes.Buffer
	run([]string{"-api", "b2b-v9"}, &stdout, &stderr)
	if got := strings.TrimSpace(stderr.String()); got != `regen: unknown API "b2b-v9" (known: b2b-v1, b2b-v2)` {
		t.Errorf("stderr = %q", got)
	}
}

// TestMismatchedSpecLeavesGeneratedUntouched feeds regen a mirror whose
// b2b-v2 spec is not the locked one: it must exit 2 with a one-line error
// naming both hashes, and leave generated/ byte-identical.
func TestMismatchedSpecLeavesGeneratedUntouched(t *testing.T) {
	root := spectest.ModuleRoot(t)
	real := spectest.Spec(t, gen.APIs[1])
	mirror := t.TempDir()
	tampered := bytes.Replace(real.Data, []byte("Business Management"), []byte("Business Mismanagement"), 1)
	if err := os.WriteFile(filepath.Join(mirror, "b2b-v2.openapi.yaml"), tampered, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(gen.MirrorEnv, mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	before := spectest.Tree(t, filepath.Join(root, "generated"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-api", "b2b-v2", "-root", root}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2; stderr: %s", code, stderr.String())
	}
	msg := stderr.String()
	sum := sha256.Sum256(tampered)
	if strings.Count(msg, "\n") != 1 || !strings.Contains(msg, real.SHA256) || !strings.Contains(msg, hex.EncodeToString(sum[:])) || !strings.Contains(msg, "openapi/lock.json") {
		t.Errorf("want one line naming both hashes and the lock, got %q", msg)
	}
	assertSame(t, before, spectest.Tree(t, filepath.Join(root, "generated")))
}

// TestRegenV2IsUpToDate runs the whole CLI for b2b-v2 against the committed
// tree: every step prints its line, the tree is already what regen makes, so
// nothing changes; -q prints nothing.
func TestRegenV2IsUpToDate(t *testing.T) {
	root := spectest.ModuleRoot(t)
	acq := spectest.Acquirer(t)
	t.Setenv(gen.MirrorEnv, acq.Mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	before := spectest.Tree(t, filepath.Join(root, "generated"))
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-api", "b2b-v2", "-root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d; stderr: %s", code, stderr.String())
	}
	lines := strings.Split(strings.TrimSpace(stdout.String()), "\n")
	var steps []string
	for _, l := range lines {
		f := strings.Fields(l)
		if len(f) < 3 {
			t.Fatalf("progress line %q has no duration", l)
		}
		steps = append(steps, f[1])
	}
	if got, want := strings.Join(steps, " "), "acquire patch model generate format verify write"; got != want {
		t.Errorf("steps = %q, want %q\n%s", got, want, stdout.String())
	}
	if !strings.Contains(lines[len(lines)-1], "unchanged") {
		t.Errorf("write step should report unchanged: %q", lines[len(lines)-1])
	}
	assertSame(t, before, spectest.Tree(t, filepath.Join(root, "generated")))

	stdout.Reset()
	if code := run([]string{"-q", "-api", "b2b-v2", "-root", root}, &stdout, &stderr); code != 0 || stdout.Len() != 0 {
		t.Errorf("-q: exit %d, stdout %q", code, stdout.String())
	}
}
