// Package renames derives the map from the exported names of one version of
// the generated packages (generated/b2bv1, generated/b2bv2) to those of
// another, without guessing: operations are paired by operationId (from
// each package's OPERATIONS.txt), and types structurally, by walking in
// parallel what each operation's method takes and returns and each
// struct's fields by JSON name; the ResponseBody table pairs response
// bodies by operationId and status. A type nothing reaches but still
// declared under its name is paired with itself. An old name left over
// gets the reason it has no counterpart (an error body, part of one, used
// by nothing, ...); one that gets none is reported as unpaired. It backs
// internal/cmd/renames, which writes the map into CHANGELOG.md.
package renames

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path"
	"path/filepath"
	"sort"
	"strings"
)

// OperationsFile is the name of the file in each generated package that
// lists its operations.
const OperationsFile = "OPERATIONS.txt"

// Source is one version of one generated package: its Go files (tests
// excluded) and OPERATIONS.txt, by file name.
type Source struct {
	// Name is the package's directory name, e.g. "b2bv1".
	Name string
	// Files maps a file name to its contents.
	Files map[string][]byte
}

// wanted reports whether a file of a generated package is read: its
// non-test Go files and OPERATIONS.txt.
func wanted(name string) bool {
	return name == OperationsFile || (strings.HasSuffix(name, ".go") && !strings.HasSuffix(name, "_test.go"))
}

// Git runs git in a repository.
type Git struct {
	// Dir is the repository (any directory inside its work tree).
	Dir string
}

func (g Git) run(args ...string) ([]byte, error) {
	cmd := exec.Command("git", args...)
	cmd.Dir = g.Dir
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		return nil, fmt.Errorf("git %s: %v: %s", strings.Join(args, " "), err, strings.TrimSpace(stderr.String()))
	}
	return out, nil
}

// Resolve returns the commit a revision names.
func (g Git) Resolve(rev string) (string, error) {
	out, err := g.run("rev-parse", "--verify", "--quiet", rev+"^{commit}")
	if err != nil {
		return "", fmt.Errorf("unknown revision %q: %w", rev, err)
	}
	return strings.TrimSpace(string(out)), nil
}

// Packages lists the generated packages at a revision: the directories
// under root (e.g. "generated") holding an OPERATIONS.txt.
func (g Git) Packages(rev, root string) ([]string, error) {
	out, err := g.run("ls-tree", "-r", "--name-only", rev, "--", root+"/")
	if err != nil {
		return nil, err
	}
	var names []string
	for _, line := range strings.Split(strings.TrimSpace(string(out)), "\n") {
		dir, file := path.Split(line)
		if file == OperationsFile && path.Dir(path.Clean(dir)) == path.Clean(root) {
			names = append(names, path.Base(dir))
		}
	}
	sort.Strings(names)
	return names, nil
}

// Load reads the package in dir (e.g. "generated/b2bv1") at a revision:
// the files `git ls-tree` lists there, each by `git show <rev>:<path>`.
func (g Git) Load(rev, dir string) (*Source, error) {
	out, err := g.run("ls-tree", "--name-only", rev, "--", dir+"/")
	if err != nil {
		return nil, err
	}
	src := &Source{Name: path.Base(dir), Files: map[string][]byte{}}
	sc := bufio.NewScanner(bytes.NewReader(out))
	for sc.Scan() {
		p := sc.Text()
		if !wanted(path.Base(p)) {
			continue
		}
		data, err := g.run("show", rev+":"+p)
		if err != nil {
			return nil, err
		}
		src.Files[path.Base(p)] = data
	}
	if len(src.Files) == 0 {
		return nil, fmt.Errorf("%s has no files at %s", dir, rev)
	}
	return src, nil
}

// DirPackages lists the generated packages in a directory of the working
// tree: its subdirectories holding an OPERATIONS.txt.
func DirPackages(root string) ([]string, error) {
	matches, err := filepath.Glob(filepath.Join(root, "*", OperationsFile))
	if err != nil {
		return nil, err
	}
	var names []string
	for _, m := range matches {
		names = append(names, filepath.Base(filepath.Dir(m)))
	}
	sort.Strings(names)
	return names, nil
}

// LoadDir reads the package in a directory of the working tree.
func LoadDir(dir string) (*Source, error) {
	entries, err := os.ReadDir(dir)
	if err != nil {
		return nil, err
	}
	src := &Source{Name: filepath.Base(dir), Files: map[string][]byte{}}
	for _, e := range entries {
		if e.IsDir() || !wanted(e.Name()) {
			continue
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err != nil {
			return nil, err
		}
		src.Files[e.Name()] = data
	}
	return src, nil
}
