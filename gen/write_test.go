package gen

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// treeEntry is one file or directory in a snapshot.
type treeEntry struct {
	dir     bool
	content string
	mtime   time.Time
}

// snapshotTree records every file, symlink and directory under root, by
// path relative to root. A missing root is an empty snapshot.
func snapshotTree(t *testing.T, root string) map[string]treeEntry {
	t.Helper()
	snap := map[string]treeEntry{}
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			if os.IsNotExist(err) && path == root {
				return filepath.SkipDir
			}
			return err
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		e := treeEntry{dir: d.IsDir(), mtime: info.ModTime()}
		if d.Type()&fs.ModeSymlink != 0 {
			target, err := os.Readlink(path)
			if err != nil {
				return err
			}
			e.content = "symlink to " + target
		} else if !d.IsDir() {
			b, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			e.content = string(b)
		}
		snap[rel] = e
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	return snap
}

// snapshotsEqual compares two snapshots by names and contents (not times).
func snapshotsEqual(a, b map[string]treeEntry) bool {
	return maps.EqualFunc(a, b, func(x, y treeEntry) bool { return x.dir == y.dir && x.content == y.content })
}

// wrGen returns generated file content: the header line and a body.
func wrGen(body string) []byte {
	return []byte(Header{SpecFile: "t.openapi.yaml", SHA256: "abc"}.String() + "\npackage p\n\n// " + body + "\n")
}

// wrSetup creates dir with files.
func wrSetup(t *testing.T, dir string, files map[string][]byte) {
	t.Helper()
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for name, b := range files {
		if err := os.WriteFile(filepath.Join(dir, name), b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// wrLeftovers lists the staging and backup directories WriteDirs left in
// parent.
func wrLeftovers(t *testing.T, parent string) []string {
	t.Helper()
	entries, err := os.ReadDir(parent)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".regen-new-") || strings.Contains(e.Name(), ".regen-old-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// wrContents reads every file in dir, which must hold no subdirectory.
func wrContents(t *testing.T, dir string) map[string]string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string]string{}
	for _, e := range entries {
		if e.IsDir() {
			t.Fatalf("%s has a subdirectory %s", dir, e.Name())
		}
		b, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			t.Fatal(err)
		}
		out[e.Name()] = string(b)
	}
	return out
}

func TestWriteDirsFresh(t *testing.T) {
	root := t.TempDir()
	dir := filepath.Join(root, "generated", "deep", "pkg")
	files := map[string][]byte{"client.go": wrGen("client"), "models.go": wrGen("models")}
	changed, err := WriteDirs(map[string]map[string][]byte{dir: files})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{dir}) {
		t.Errorf("changed = %v, want [%s]", changed, dir)
	}
	want := map[string]string{"client.go": string(files["client.go"]), "models.go": string(files["models.go"])}
	if got := wrContents(t, dir); !maps.Equal(got, want) {
		t.Errorf("dir holds %v, want %v", got, want)
	}
	info, err := os.Stat(dir)
	if err != nil {
		t.Fatal(err)
	}
	if perm := info.Mode().Perm(); perm != 0o755 {
		t.Errorf("dir mode %v, want 0755", perm)
	}
	if l := wrLeftovers(t, filepath.Dir(dir)); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestWriteDirsRelative(t *testing.T) {
	root := t.TempDir()
	t.Chdir(root)
	files := map[string][]byte{"client.go": wrGen("client")}
	changed, err := WriteDirs(map[string]map[string][]byte{"pkg": files, "sub/pkg": files})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{"pkg", "sub/pkg"}) {
		t.Errorf("changed = %v, want [pkg sub/pkg]", changed)
	}
	for _, dir := range []string{"pkg", "sub/pkg"} {
		if got := wrContents(t, filepath.Join(root, dir)); got["client.go"] != string(files["client.go"]) || len(got) != 1 {
			t.Errorf("%s holds %v", dir, got)
		}
	}
	for _, parent := range []string{root, filepath.Join(root, "sub")} {
		if l := wrLeftovers(t, parent); len(l) != 0 {
			t.Errorf("left behind %v in %s", l, parent)
		}
	}
}

func TestWriteDirsKeepsHandWritten(t *testing.T) {
	dir := filepath.Join(t.TempDir(), "pkg")
	hand := "// Package p has hand-written helpers.\npackage p\n\nfunc Helper() {}\n"
	// Not Go, so kept even though it starts like a generated file.
	notes := string(wrGen("notes"))
	wrSetup(t, dir, map[string][]byte{
		"helper.go":      []byte(hand),
		"helper_test.go": []byte("package p\n"),
		"README.md":      []byte("# p\n"),
		"notes.txt":      []byte(notes),
		"client.go":      wrGen("old client"),
		"stale.go":       wrGen("an operation upstream removed"),
	})
	files := map[string][]byte{"client.go": wrGen("new client"), "models.go": wrGen("models")}
	changed, err := WriteDirs(map[string]map[string][]byte{dir: files})
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{dir}) {
		t.Errorf("changed = %v, want [%s]", changed, dir)
	}
	want := map[string]string{
		"helper.go":      hand,
		"helper_test.go": "package p\n",
		"README.md":      "# p\n",
		"notes.txt":      notes,
		"client.go":      string(files["client.go"]),
		"models.go":      string(files["models.go"]),
	}
	if got := wrContents(t, dir); !maps.Equal(got, want) {
		t.Errorf("dir holds:\n%v\nwant:\n%v", got, want)
	}
	if l := wrLeftovers(t, filepath.Dir(dir)); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}
}

func TestWriteDirsUnchanged(t *testing.T) {
	root := t.TempDir()
	a := filepath.Join(root, "a")
	b := filepath.Join(root, "b")
	outputs := map[string]map[string][]byte{
		a: {"client.go": wrGen("a client"), "models.go": wrGen("a models")},
		b: {"client.go": wrGen("b client")},
	}
	if _, err := WriteDirs(outputs); err != nil {
		t.Fatal(err)
	}
	wrSetup(t, a, map[string][]byte{"helper.go": []byte("package p\n")})
	// Back-date everything, so that a rewrite would show in the times.
	old := time.Date(2020, 1, 2, 3, 4, 5, 0, time.UTC)
	for _, p := range []string{a, b, filepath.Join(a, "client.go"), filepath.Join(a, "models.go"), filepath.Join(a, "helper.go"), filepath.Join(b, "client.go")} {
		if err := os.Chtimes(p, old, old); err != nil {
			t.Fatal(err)
		}
	}
	beforeA, beforeB := snapshotTree(t, a), snapshotTree(t, b)
	changed, err := WriteDirs(outputs)
	if err != nil {
		t.Fatal(err)
	}
	if len(changed) != 0 {
		t.Errorf("changed = %v, want none", changed)
	}
	for dir, before := range map[string]map[string]treeEntry{a: beforeA, b: beforeB} {
		after := snapshotTree(t, dir)
		if !snapshotsEqual(before, after) {
			t.Errorf("%s changed: %v -> %v", dir, before, after)
		}
		for name, e := range after {
			if !e.mtime.Equal(old) {
				t.Errorf("%s/%s was touched: mtime %v", dir, name, e.mtime)
			}
		}
	}
	if l := wrLeftovers(t, root); len(l) != 0 {
		t.Errorf("left behind %v", l)
	}

	// One changed file rewrites that directory only.
	outputs[b] = map[string][]byte{"client.go": wrGen("b client v2")}
	changed, err = WriteDirs(outputs)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{b}) {
		t.Errorf("changed = %v, want [%s]", changed, b)
	}
	if after := snapshotTree(t, a); !snapshotsEqual(beforeA, after) {
		t.Errorf("%s changed", a)
	}

	// A generated file missing from the output is a change too.
	outputs[a] = map[string][]byte{"client.go": wrGen("a client")}
	changed, err = WriteDirs(outputs)
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Equal(changed, []string{a}) {
		t.Errorf("changed = %v, want [%s]", changed, a)
	}
	if got := sortedKeys(wrContents(t, a)); !slices.Equal(got, []string{"client.go", "helper.go"}) {
		t.Errorf("%s holds %v, want [client.go helper.go]", a, got)
	}
}

// TestWriteDirsFailureChangesNothing makes staging the second of two
// directories fail and requires both to be left exactly as they were.
func TestWriteDirsFailureChangesNothing(t *testing.T) {
	for _, tc := range []struct {
		name string
		// breakSecond makes writing the second directory, root/p2, fail.
		breakSecond func(t *testing.T, root string)
		errWants    []string
	}{
		{
			name: "subdirectory",
			breakSecond: func(t *testing.T, root string) {
				if err := os.MkdirAll(filepath.Join(root, "p2", "nested"), 0o755); err != nil {
					t.Fatal(err)
				}
			},
			errWants: []string{"p2", "subdirectory nested"},
		},
		{
			name: "unreadable file",
			breakSecond: func(t *testing.T, root string) {
				// A dangling symlink: stage cannot copy it.
				if err := os.Symlink(filepath.Join(root, "nowhere"), filepath.Join(root, "p2", "link.go")); err != nil {
					t.Fatal(err)
				}
			},
			errWants: []string{"p2", "link.go"},
		},
		{
			name: "parent is a file",
			breakSecond: func(t *testing.T, root string) {
				if err := os.WriteFile(filepath.Join(root, "p3"), []byte("not a dir"), 0o644); err != nil {
					t.Fatal(err)
				}
			},
			errWants: []string{"p3"},
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			root := t.TempDir()
			p1 := filepath.Join(root, "p1")
			p2 := filepath.Join(root, "p2")
			wrSetup(t, p1, map[string][]byte{"client.go": wrGen("p1 old"), "helper.go": []byte("package p\n")})
			wrSetup(t, p2, map[string][]byte{"client.go": wrGen("p2 old"), "stale.go": wrGen("p2 stale")})
			tc.breakSecond(t, root)
			before := snapshotTree(t, root)

			outputs := map[string]map[string][]byte{
				p1: {"client.go": wrGen("p1 new")},
				p2: {"client.go": wrGen("p2 new")},
			}
			if tc.name == "parent is a file" {
				delete(outputs, p2)
				outputs[filepath.Join(root, "p3", "pkg")] = map[string][]byte{"client.go": wrGen("p3 new")}
			}
			changed, err := WriteDirs(outputs)
			if err == nil {
				t.Fatalf("WriteDirs succeeded (changed %v), want an error", changed)
			}
			if changed != nil {
				t.Errorf("changed = %v on error, want nil", changed)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
			for _, w := range tc.errWants {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q does not mention %q", err, w)
				}
			}
			after := snapshotTree(t, root)
			if !snapshotsEqual(before, after) {
				for name, e := range after {
					if b, ok := before[name]; !ok || b.content != e.content || b.dir != e.dir {
						t.Errorf("after the failure, %s is new or changed", name)
					}
				}
				for name := range before {
					if _, ok := after[name]; !ok {
						t.Errorf("after the failure, %s is gone", name)
					}
				}
			}
			if l := wrLeftovers(t, root); len(l) != 0 {
				t.Errorf("left behind %v", l)
			}
		})
	}
}
