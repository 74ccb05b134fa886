package drift

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
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

const oldChangelog = "# Changelog\n\nWhat changed, newest first.\n\n## 2026-01-01\n\n### b2b-v2: an older entry\n"

// tempModule copies the module's Go sources (less generated/b2bv1, which
// is large and not needed), go.mod and go.sum, the lock and
// generated/b2bv2 into a new directory, so that Update can regenerate
// b2b-v2 and compile it there without touching the repository.
func tempModule(t *testing.T) string {
	t.Helper()
	root := spectest.ModuleRoot(t)
	dir := t.TempDir()
	files := []string{"go.mod", "go.sum", filepath.FromSlash(gen.LockPath)}
	skip := filepath.Join(root, v1.OutputDir())
	err := filepath.WalkDir(root, func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		if d.IsDir() {
			if path != root && (strings.HasPrefix(d.Name(), ".") || path == skip) {
				return filepath.SkipDir
			}
			return nil
		}
		rel, err := filepath.Rel(root, path)
		if err != nil {
			return err
		}
		inV2 := filepath.Dir(rel) == filepath.FromSlash(v2.OutputDir())
		if d.Type().IsRegular() && !strings.HasSuffix(path, "_test.go") && (strings.HasSuffix(path, ".go") || inV2) {
			files = append(files, rel)
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	for _, f := range files {
		data, err := os.ReadFile(filepath.Join(root, f))
		if err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(filepath.Dir(filepath.Join(dir, f)), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(filepath.Join(dir, f), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	if err := os.WriteFile(filepath.Join(dir, ChangelogFile), []byte(oldChangelog), 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

// driftedV2 is b2b-v2 with an operation removed, a required query
// parameter added and an optional response property added.
func driftedV2(t *testing.T) []byte {
	d := lockedDoc(t, v2)
	deleteKey(t, d.get("paths", positionByID), "delete")
	appendYAML(t, spectest.MapGet(d.op(positions, "get"), "parameters"), "{name: status, in: query, required: true, schema: {type: string}}")
	setKey(t, d.get("paths", positions, "get", "responses", "200", "content", "application/json", "schema", "properties"), "next_cursor", "type: string")
	return d.bytes()
}

func updateOptions(t *testing.T, e env, dir string) UpdateOptions {
	return UpdateOptions{
		Options:   Options{APIs: []gen.API{v2}, Acquirer: e.acquirer(t)},
		ModuleDir: dir,
		Now:       func() time.Time { return time.Date(2026, 11, 23, 9, 0, 0, 0, time.UTC) },
		// driftedV2 removes an operation on purpose.
		AllowRemovals: true,
	}
}

// TestUpdateEndToEnd updates b2b-v2 in a copy of the module: first an
// update that fails at its last step changes nothing; then the update goes
// through (its compile hits the build cache); then a second one finds
// nothing to do.
func TestUpdateEndToEnd(t *testing.T) {
	spec := driftedV2(t)
	sum := sha256.Sum256(spec)
	newSHA := hex.EncodeToString(sum[:])
	e := newEnv(t, map[string][]byte{v2.SpecFile(): spec}, v2)
	dir := tempModule(t)
	updateFailsLate(t, e, dir)
	oldLock, err := os.ReadFile(filepath.Join(dir, gen.LockPath))
	if err != nil {
		t.Fatal(err)
	}

	res, err := Update(context.Background(), updateOptions(t, e, dir))
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(res.Updated, ",") != v2.Name {
		t.Fatalf("updated %v, want [%s]", res.Updated, v2.Name)
	}

	// The lock pins the new spec; the other API's entry is as it was.
	lockData, err := os.ReadFile(filepath.Join(dir, gen.LockPath))
	if err != nil {
		t.Fatal(err)
	}
	lock, err := gen.ParseLock(lockData, gen.LockPath)
	if err != nil {
		t.Fatal(err)
	}
	want := gen.LockEntry{URL: lock.APIs[v2.Name].URL, SHA256: newSHA, Size: int64(len(spec)), Retrieved: "2026-11-23"}
	if got := lock.APIs[v2.Name]; got != want {
		t.Errorf("lock entry %+v, want %+v", got, want)
	}
	old, _ := gen.ParseLock(oldLock, gen.LockPath)
	if lock.APIs[v1.Name] != old.APIs[v1.Name] {
		t.Errorf("b2b-v1 lock entry changed: %+v", lock.APIs[v1.Name])
	}

	// The client is regenerated from it.
	out := filepath.Join(dir, v2.OutputDir())
	client, err := os.ReadFile(filepath.Join(out, gen.FileClient))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(client), "sha256 "+newSHA) || strings.Contains(string(client), "func (s *TeamMembersService) DeletePosition(") {
		t.Errorf("%s was not regenerated from the new spec", gen.FileClient)
	}
	inv, err := os.ReadFile(filepath.Join(out, gen.InventoryFile))
	if err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(string(inv), "sha256 "+newSHA) || strings.Contains(string(inv), "delete_position") ||
		!strings.Contains(string(inv), "GET "+positions+" list_positions → TeamMembers.ListPositions ") || strings.Count(string(inv), "\n") != 4+41 {
		t.Errorf("%s is not the new inventory:\n%s", gen.InventoryFile, inv)
	}
	if leftovers, _ := filepath.Glob(filepath.Join(dir, "generated", ".*")); len(leftovers) > 0 {
		t.Errorf("leftover directories: %v", leftovers)
	}

	// The changelog starts with the new entry.
	log, err := os.ReadFile(filepath.Join(dir, ChangelogFile))
	if err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{
		"# Changelog\n\nWhat changed, newest first.\n\n## 2026-11-23\n\n### b2b-v2: API changed: 2 breaking, 1 non-breaking\n",
		"- **breaking**: `DELETE " + positionByID + "` (`delete_position` → `DeletePosition`)",
		"  - **breaking** (parameter): added the new required `query` request parameter `status`",
		"  - non-breaking (response): added the optional property `next_cursor`",
		"\n## 2026-01-01\n\n### b2b-v2: an older entry\n",
	} {
		if !strings.Contains(string(log), s) {
			t.Errorf("%s lacks %q:\n%s", ChangelogFile, s, log)
		}
	}
	if res.Changelog == "" || !strings.Contains(string(log), res.Changelog) {
		t.Errorf("the result's entry is not the one written")
	}

	// The new spec is cached, so that regen finds it.
	if _, err := os.Stat(filepath.Join(e.cache, v2.Name+"-"+newSHA+".openapi.yaml")); err != nil {
		t.Errorf("new spec not cached: %v", err)
	}

	// A second update finds nothing to do and changes nothing.
	before := spectest.Tree(t, dir)
	opts := updateOptions(t, e, dir)
	res, err = Update(context.Background(), opts)
	if err != nil || len(res.Updated) != 0 {
		t.Fatalf("second update: updated %v, err %v; want nothing", res.Updated, err)
	}
	if after := spectest.Tree(t, dir); len(after) != len(before) {
		t.Errorf("second update changed the tree")
	} else {
		for p, c := range before {
			if after[p] != c {
				t.Errorf("second update changed %s", p)
			}
		}
	}
}

// updateFailsLate runs an update that fails at its last step, after the
// lock is written and generated/ replaced, and requires dir to be left
// exactly as it was.
func updateFailsLate(t *testing.T, e env, dir string) {
	t.Helper()
	before := spectest.Tree(t, dir)
	opts := updateOptions(t, e, dir)
	opts.beforeCommit = func() error {
		if after := spectest.Tree(t, dir); after[filepath.Join(dir, gen.LockPath)] == before[filepath.Join(dir, gen.LockPath)] {
			t.Error("the failure should come after the lock is written")
		}
		return errors.New("disk full")
	}
	_, err := Update(context.Background(), opts)
	if err == nil || !strings.Contains(err.Error(), "disk full") || !strings.Contains(err.Error(), "unchanged") {
		t.Fatalf("err = %v, want the failure, saying nothing changed", err)
	}
	after := spectest.Tree(t, dir)
	for p, c := range before {
		if after[p] != c {
			t.Errorf("failed update: %s changed", p)
		}
	}
	for p := range after {
		if _, ok := before[p]; !ok {
			t.Errorf("failed update: %s left behind", p)
		}
	}
}

func TestUpdateRefusesOnCheckError(t *testing.T) {
	e := newEnv(t, map[string][]byte{v2.SpecFile(): []byte("<html>oops</html>")}, v2)
	dir := tempModule(t)
	before := spectest.Tree(t, dir)
	_, err := Update(context.Background(), updateOptions(t, e, dir))
	if err == nil || !strings.Contains(err.Error(), "HTML") {
		t.Fatalf("err = %v, want the check's error", err)
	}
	after := spectest.Tree(t, dir)
	for p, c := range before {
		if after[p] != c {
			t.Errorf("%s changed", p)
		}
	}
}

func TestPrependChangelog(t *testing.T) {
	entry := "## 2026-11-23\n\n- new\n"
	for _, c := range []struct{ old, want string }{
		{"", changelogTitle + "\n" + entry},
		{"# Changelog\n", "# Changelog\n\n" + entry},
		{"# Changelog\n\nIntro.\n\n## 2026-01-01\n\n- old\n", "# Changelog\n\nIntro.\n\n" + entry + "\n## 2026-01-01\n\n- old\n"},
		{"## 2026-01-01\n\n- old\n", entry + "\n## 2026-01-01\n\n- old\n"},
	} {
		if got := string(prependChangelog([]byte(c.old), entry)); got != c.want {
			t.Errorf("prependChangelog(%q) = %q, want %q", c.old, got, c.want)
		}
	}
}

// TestUpdateRefusesTruncatedSpec: -update refuses a spec cut off mid-way,
// which loses operations and schemas compared with the locked one, with a
// one-line error giving the counts; nothing changes, and the cut-off
// spec is not left in the cache, whether it came from a directory mirror
// or from a server sending an ETag (which Check caches). AllowRemovals
// gets past the refusal.
func TestUpdateRefusesTruncatedSpec(t *testing.T) {
	full := spectest.Spec(t, v2)
	i := strings.LastIndexByte(string(full.Data[:len(full.Data)/2]), '\n')
	cut := full.Data[:i+1]
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("ETag", `"cut"`)
		w.Write(cut)
	}))
	defer srv.Close()
	dir := tempModule(t)
	for _, mirror := range []string{"dir", "http"} {
		t.Run(mirror, func(t *testing.T) {
			e := newEnv(t, map[string][]byte{v2.SpecFile(): cut}, v2)
			if mirror == "http" {
				e.mirror = srv.URL
			}
			before := spectest.Tree(t, dir)
			opts := updateOptions(t, e, dir)
			opts.AllowRemovals = false
			_, err := Update(context.Background(), opts)
			re, ok := errors.AsType[*gen.RemovalError](err)
			if !ok {
				t.Fatalf("err = %v, want a *gen.RemovalError", err)
			}
			msg := err.Error()
			want := fmt.Sprintf("loses %d of 42 operations and %d of %d schemas compared with the spec it replaces (sha256 %s)",
				len(re.LostOperations), len(re.LostSchemas), re.Schemas, full.SHA256)
			if strings.Contains(msg, "\n") || len(re.LostOperations) < 20 ||
				!strings.Contains(msg, want) || !strings.Contains(msg, v2.SpecFile()) || !strings.Contains(msg, "-allow-removals") || !strings.Contains(msg, "unchanged") {
				t.Errorf("error %q; want one line with %q, the file and the flag", msg, want)
			}
			after := spectest.Tree(t, dir)
			for p, c := range before {
				if after[p] != c {
					t.Errorf("%s changed", p)
				}
			}
			assertCache(t, e.cache, full.SHA256)
		})
	}
	t.Run("allowed", func(t *testing.T) {
		e := newEnv(t, map[string][]byte{v2.SpecFile(): cut}, v2)
		opts := updateOptions(t, e, dir)
		opts.beforeCommit = func() error { return errors.New("stop here") }
		_, err := Update(context.Background(), opts)
		if _, ok := errors.AsType[*gen.RemovalError](err); ok || err == nil {
			t.Errorf("err = %v; want the update to get past the removal check", err)
		}
	})
}
