package main

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/drift"
	"github.com/altegio-go/altegio/internal/spectest"
)

// withoutOperation returns the locked spec of api with the operation at
// path and method removed.
func withoutOperation(t *testing.T, api gen.API, path, method string) []byte {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &doc); err != nil {
		t.Fatal(err)
	}
	item := lookup(t, lookup(t, doc.Content[0], "paths"), path)
	for i := 0; i+1 < len(item.Content); i += 2 {
		if item.Content[i].Value == method {
			item.Content = append(item.Content[:i], item.Content[i+2:]...)
			out, err := yaml.Marshal(&doc)
			if err != nil {
				t.Fatal(err)
			}
			return out
		}
	}
	t.Fatalf("no %s %s", method, path)
	return nil
}

func lookup(t *testing.T, n *yaml.Node, key string) *yaml.Node {
	t.Helper()
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	t.Fatalf("no %q", key)
	return nil
}

func TestCheckPinnedMirrorExits0(t *testing.T) {
	t.Setenv(gen.MirrorEnv, spectest.Acquirer(t).Mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	for _, format := range []string{"text", "markdown", "json"} {
		var stdout, stderr bytes.Buffer
		if code := run([]string{"-check", "-format", format}, &stdout, &stderr); code != 0 {
			t.Fatalf("-check -format %s: exit %d, want 0\n%s%s", format, code, stdout.String(), stderr.String())
		}
		if format != "json" && !strings.Contains(stdout.String(), "no drift: every spec is the locked one (exit 0)") {
			t.Errorf("-format %s: no verdict in\n%s", format, stdout.String())
		}
	}
}

// TestCheckRemovedOperationExits1 is the scheduled job's case: a first
// check against the pinned specs caches them; when the source then serves
// a spec with an operation removed, the check exits 1 and names the
// removal as breaking.
func TestCheckRemovedOperationExits1(t *testing.T) {
	pinned := spectest.Acquirer(t).Mirror
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	t.Setenv(gen.MirrorEnv, pinned)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-check", "-q"}, &stdout, &stderr); code != 0 {
		t.Fatalf("pinned: exit %d\n%s", code, stderr.String())
	}

	mirror := t.TempDir()
	const path = "/locations/{company_id}/positions/{position_id}"
	if err := os.WriteFile(filepath.Join(mirror, "b2b-v2.openapi.yaml"), withoutOperation(t, gen.APIs[1], path, "delete"), 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.Symlink(filepath.Join(pinned, "b2b-v1.openapi.yaml"), filepath.Join(mirror, "b2b-v1.openapi.yaml")); err != nil {
		t.Fatal(err)
	}
	t.Setenv(gen.MirrorEnv, mirror)

	stdout.Reset()
	if code := run([]string{"-check"}, &stdout, &stderr); code != 1 {
		t.Fatalf("exit %d, want 1\n%s%s", code, stdout.String(), stderr.String())
	}
	for _, s := range []string{
		"b2b-v1: no drift\n",
		"b2b-v2: API changed: 1 breaking, 0 non-breaking\n",
		"  removed  BREAKING      DELETE " + path + " delete_position → DeletePosition\n",
		"(exit 1)\n",
	} {
		if !strings.Contains(stdout.String(), s) {
			t.Errorf("report lacks %q:\n%s", s, stdout.String())
		}
	}

	report := filepath.Join(t.TempDir(), "drift.md")
	stdout.Reset()
	if code := run([]string{"-check", "-format", "markdown", "-o", report, "-api", "b2b-v2"}, &stdout, &stderr); code != 1 {
		t.Fatalf("markdown: exit %d", code)
	}
	md, err := os.ReadFile(report)
	if err != nil {
		t.Fatal(err)
	}
	if string(md) != stdout.String() || !strings.Contains(string(md), "- **breaking**: `DELETE "+path+"` (`delete_position` → `DeletePosition`)") {
		t.Errorf("-o file and stdout differ, or the removal is not named as breaking:\n%s", md)
	}

	stdout.Reset()
	if code := run([]string{"-check", "-format", "json"}, &stdout, &stderr); code != 1 {
		t.Fatalf("json: exit %d", code)
	}
	var r drift.Report
	if err := json.Unmarshal(stdout.Bytes(), &r); err != nil {
		t.Fatal(err)
	}
	if r.ExitCode != 1 || len(r.APIs) != 2 || len(r.APIs[1].Removed) != 1 || !r.APIs[1].Removed[0].Breaking || r.APIs[1].Removed[0].OperationID != "delete_position" {
		t.Errorf("json report: %s", stdout.String())
	}
}

func TestCheckErrorsExit2(t *testing.T) {
	mirror := t.TempDir()
	if err := os.WriteFile(filepath.Join(mirror, "b2b-v2.openapi.yaml"), []byte("<html>gone</html>"), 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(gen.MirrorEnv, mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-check", "-api", "b2b-v2"}, &stdout, &stderr); code != 2 {
		t.Fatalf("HTML in the mirror: exit %d, want 2\n%s", code, stdout.String())
	}
	if !strings.Contains(stdout.String(), "b2b-v2: error: ") || !strings.Contains(stdout.String(), "HTML") {
		t.Errorf("report does not give the error:\n%s", stdout.String())
	}
	for _, args := range [][]string{
		{"-check", "-format", "xml"},
		{"-check", "-update"},
		{"-format", "json"},
		{"-upstream"},
		{"-update", "-format", "json"},
		{"-check", "-api", "b2b-v9"},
	} {
		stdout.Reset()
		stderr.Reset()
		if code := run(args, &stdout, &stderr); code != 2 || !strings.HasPrefix(stderr.String(), "regen: ") {
			t.Errorf("regen %v: exit %d, stderr %q; want 2 and a message", args, code, stderr.String())
		}
	}
}

// TestUpdateNothingToDo runs -update against the pinned specs: nothing
// drifted, so it says so and changes nothing.
func TestUpdateNothingToDo(t *testing.T) {
	root := t.TempDir()
	lock, err := os.ReadFile(filepath.Join(spectest.ModuleRoot(t), gen.LockPath))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.MkdirAll(filepath.Join(root, "openapi"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(root, gen.LockPath), lock, 0o644); err != nil {
		t.Fatal(err)
	}
	t.Setenv(gen.MirrorEnv, spectest.Acquirer(t).Mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-update", "-root", root}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d\n%s%s", code, stdout.String(), stderr.String())
	}
	if !strings.Contains(stdout.String(), "0 of 2 specs drifted") || !strings.HasSuffix(stdout.String(), "nothing to update\n") {
		t.Errorf("output:\n%s", stdout.String())
	}
	entries, _ := os.ReadDir(root)
	if got, _ := os.ReadFile(filepath.Join(root, gen.LockPath)); len(entries) != 1 || !bytes.Equal(got, lock) {
		t.Errorf("-update with nothing to do changed %s", root)
	}
}
