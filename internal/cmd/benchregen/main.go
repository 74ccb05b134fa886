// Command benchregen is the Go half of scripts/bench-regen.sh, which
// compares regen with the plain oapi-codegen CLI. It is not meant to be run
// by hand.
//
//	go run ./internal/cmd/benchregen spec -api b2b-v1 -o b2bv1.json
//	go run ./internal/cmd/benchregen lines -name ours DIR -name vanilla FILE ...
//
// spec writes the spec the CLI is given: the locked spec, read as regen
// reads it (from $ALTEGIO_SPEC_MIRROR, checked against the lock), patched
// with our overlay and Go transforms, as JSON. It is what gen's
// BenchmarkRegen gives the CLI, and what the pipeline generates from
// before its own model, naming and template passes. No spec cache is read
// or written.
//
// lines prints a markdown table of where the lines of Go of each named
// package go (see classify), one column per package, with each kind's
// share of the total and, from the second package on, its ratio to the
// first. A package is a directory (its .go files other than tests) or one
// file.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strings"

	"github.com/altegio-go/altegio/gen"
)

func main() {
	if err := run(os.Args[1:], os.Stdout); err != nil {
		fmt.Fprintf(os.Stderr, "benchregen: %v\n", err)
		os.Exit(2)
	}
}

func run(args []string, stdout io.Writer) error {
	if len(args) == 0 {
		return errors.New("usage: benchregen spec -api NAME -o FILE, or benchregen lines -name NAME PATH [-name NAME PATH]")
	}
	switch args[0] {
	case "spec":
		fs := flag.NewFlagSet("spec", flag.ContinueOnError)
		api := fs.String("api", "", "b2b-v1 or b2b-v2")
		out := fs.String("o", "", "write the patched spec here")
		if err := fs.Parse(args[1:]); err != nil {
			return err
		}
		if *api == "" || *out == "" || fs.NArg() > 0 {
			return errors.New("usage: benchregen spec -api NAME -o FILE")
		}
		return writeSpec(*api, *out)
	case "lines":
		pkgs, err := parseLinesArgs(args[1:])
		if err != nil {
			return err
		}
		var counts []Counts
		for _, p := range pkgs {
			c, err := countPath(p.path)
			if err != nil {
				return err
			}
			counts = append(counts, c)
		}
		return writeTable(stdout, pkgs, counts)
	}
	return fmt.Errorf("unknown command %q (spec or lines)", args[0])
}

// writeSpec writes the patched spec of the API called name to out.
func writeSpec(name, out string) error {
	api, err := gen.LookupAPI(name)
	if err != nil {
		return err
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		return err
	}
	acq := gen.NewAcquirer(lock)
	acq.NoCache = true
	spec, err := acq.Acquire(context.Background(), api)
	if err != nil {
		return err
	}
	patched, err := gen.PatchSpec(api, spec)
	if err != nil {
		return err
	}
	data, err := patched.Doc.MarshalJSON()
	if err != nil {
		return err
	}
	return gen.WriteFileAtomic(out, data)
}

type namedPath struct{ name, path string }

// parseLinesArgs reads "-name NAME PATH" groups.
func parseLinesArgs(args []string) ([]namedPath, error) {
	var pkgs []namedPath
	for len(args) > 0 {
		if len(args) < 3 || args[0] != "-name" {
			return nil, errors.New("usage: benchregen lines -name NAME PATH [-name NAME PATH]")
		}
		pkgs = append(pkgs, namedPath{args[1], args[2]})
		args = args[3:]
	}
	if len(pkgs) == 0 {
		return nil, errors.New("usage: benchregen lines -name NAME PATH [-name NAME PATH]")
	}
	return pkgs, nil
}

// countPath counts the lines of the Go file at path, or of the non-test
// .go files in the directory at path.
func countPath(path string) (Counts, error) {
	var total Counts
	info, err := os.Stat(path)
	if err != nil {
		return total, err
	}
	files := []string{path}
	if info.IsDir() {
		files = nil
		entries, err := os.ReadDir(path)
		if err != nil {
			return total, err
		}
		for _, e := range entries {
			if n := e.Name(); e.Type().IsRegular() && strings.HasSuffix(n, ".go") && !strings.HasSuffix(n, "_test.go") {
				files = append(files, filepath.Join(path, n))
			}
		}
	}
	for _, f := range files {
		src, err := os.ReadFile(f)
		if err != nil {
			return total, err
		}
		c, err := classify(f, src)
		if err != nil {
			return total, err
		}
		total.Add(c)
	}
	return total, nil
}

// writeTable prints counts as a markdown table, one column pair per
// package.
func writeTable(w io.Writer, pkgs []namedPath, counts []Counts) error {
	var b strings.Builder
	b.WriteString("| lines |")
	sep := "|---|"
	for i, p := range pkgs {
		fmt.Fprintf(&b, " %s | share |", p.name)
		sep += "---:|---:|"
		if i > 0 {
			fmt.Fprintf(&b, " %s / %s |", p.name, pkgs[0].name)
			sep += "---:|"
		}
	}
	b.WriteString("\n" + sep + "\n")
	row := func(label string, get func(Counts) int) {
		fmt.Fprintf(&b, "| %s |", label)
		for i, c := range counts {
			fmt.Fprintf(&b, " %d | %s |", get(c), share(get(c), c.Total()))
			if i > 0 {
				fmt.Fprintf(&b, " %s |", ratio(get(c), get(counts[0])))
			}
		}
		b.WriteString("\n")
	}
	for k := range numKinds {
		row(kindLabels[k], func(c Counts) int { return c[k] })
	}
	row("**total**", Counts.Total)
	_, err := io.WriteString(w, b.String())
	return err
}

func share(n, total int) string {
	if total == 0 {
		return "-"
	}
	return fmt.Sprintf("%.1f%%", 100*float64(n)/float64(total))
}

func ratio(n, base int) string {
	if base == 0 {
		return "-"
	}
	return fmt.Sprintf("%.2f×", float64(n)/float64(base))
}
