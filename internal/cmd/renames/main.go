// Command renames writes the map from the exported names of the generated
// packages at a git revision to those in the working tree, as the
// "Renamed: ... (issue 19)" section of CHANGELOG.md:
//
//	go run ./internal/cmd/renames -old main [-write CHANGELOG.md]
//
// Without -write it prints the section. Run it from the repository's root
// (or name it with -dir). See package internal/renames for how names are
// paired.
package main

import (
	"flag"
	"fmt"
	"os"
	"path/filepath"
	"slices"

	"github.com/altegio-go/altegio/internal/renames"
)

func main() {
	oldRev := flag.String("old", "", "the git revision whose generated packages hold the old names (required)")
	write := flag.String("write", "", "replace (or add) the section in this changelog instead of printing it")
	dir := flag.String("dir", ".", "the repository's root")
	root := flag.String("generated", "generated", "the directory of the generated packages, relative to -dir")
	flag.Parse()
	if *oldRev == "" || flag.NArg() > 0 {
		fmt.Fprintln(os.Stderr, "usage: renames -old <git-rev> [-write CHANGELOG.md]")
		os.Exit(2)
	}
	if err := run(*dir, *root, *oldRev, *write); err != nil {
		fmt.Fprintln(os.Stderr, "renames:", err)
		os.Exit(1)
	}
}

func run(dir, root, oldRev, write string) error {
	g := renames.Git{Dir: dir}
	commit, err := g.Resolve(oldRev)
	if err != nil {
		return err
	}
	oldPkgs, err := g.Packages(commit, root)
	if err != nil {
		return err
	}
	newPkgs, err := renames.DirPackages(filepath.Join(dir, root))
	if err != nil {
		return err
	}
	var results []*renames.Result
	for _, name := range oldPkgs {
		if !slices.Contains(newPkgs, name) {
			return fmt.Errorf("%s/%s is at %s but not in the working tree", root, name, oldRev)
		}
		oldSrc, err := g.Load(commit, root+"/"+name)
		if err != nil {
			return err
		}
		newSrc, err := renames.LoadDir(filepath.Join(dir, root, name))
		if err != nil {
			return err
		}
		r, err := renames.Diff(oldSrc, newSrc)
		if err != nil {
			return err
		}
		results = append(results, r)
		fmt.Fprintf(os.Stderr, "%s: %d operations paired, %d rows, %d old names unpaired\n", name, r.Operations, len(r.Rows), len(r.Unpaired))
		for _, u := range r.Unpaired {
			fmt.Fprintf(os.Stderr, "  unpaired: %s\n", u)
		}
	}
	section := renames.Render(results, oldRev, commit)
	if write == "" {
		_, err := os.Stdout.WriteString(section)
		return err
	}
	path := write
	if !filepath.IsAbs(path) {
		path = filepath.Join(dir, path)
	}
	old, err := os.ReadFile(path)
	if err != nil && !os.IsNotExist(err) {
		return err
	}
	return os.WriteFile(path, []byte(renames.ReplaceSection(string(old), section)), 0o644)
}
