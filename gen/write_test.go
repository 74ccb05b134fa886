package gen

import (
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// treeEntry is one file or directory in a snapshot.
type treeEntry struct {
	dir     bool
	content string
	mtime   time.Time
}

// snapshotTree records every file and directory under root, by path
// relative to root. A missing root is an empty snapshot.
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
		if !d.IsDir() {
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
