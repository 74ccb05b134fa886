// Command regen regenerates the Altegio Go clients under generated/ from the
// locked upstream OpenAPI descriptions.
//
// Usage:
//
//	go run ./cmd/regen [-api b2b-v1|b2b-v2] [-q]
//	go run ./cmd/regen -check [-format text|markdown|json] [-o file] [-upstream] [-api ...]
//	go run ./cmd/regen -update [-upstream] [-api ...] [-q]
//
// It reads each spec from $ALTEGIO_SPEC_MIRROR (a directory or base URL),
// the user cache, or upstream, in that order; checks its sha256 against
// openapi/lock.json; patches, generates, formats and compiles it; and only
// then replaces generated/. It prints one line per step unless -q is given.
//
// Exit status: 0 on success, 2 on any error (the cause on one line).
//
// -check compares each API's current spec (from the mirror, else upstream;
// with -upstream, always upstream) with the lock and prints a report of the
// operations added, removed and changed, each change classed breaking or
// not; it exits 0 when no spec drifted, 1 when one did, and 2 when a spec
// could not be checked. -update takes the current specs: it refreshes the
// lock, regenerates, runs the golden and coverage checks and prepends the
// changes to CHANGELOG.md, all or nothing. See check.go and update.go.
//
// `go run` reports any non-zero status of the program as 1: to tell drift
// (1) from an error (2), run a built binary (go build -o bin/regen
// ./cmd/regen) or read exit_code in the -format json report.
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"path/filepath"
	"strings"

	"github.com/altegio-go/altegio/gen"
)

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("regen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiName := fs.String("api", "", "regenerate only this API (b2b-v1 or b2b-v2); default: all")
	quiet := fs.Bool("q", false, "print nothing but errors")
	root := fs.String("root", "", "module root holding generated/ (default: the nearest directory with go.mod)")
	df := driftFlags{api: apiName, quiet: quiet, root: root}
	fs.BoolVar(&df.check, "check", false, "compare each API's current spec with the lock and report the drift; exit 0: none, 1: drift, 2: error")
	fs.BoolVar(&df.update, "update", false, "take the current specs: refresh the lock, regenerate, check, and prepend the changes to CHANGELOG.md")
	fs.StringVar(&df.format, "format", "text", "report format of -check: text, markdown or json")
	fs.StringVar(&df.out, "o", "", "with -check, also write the report to this file")
	fs.BoolVar(&df.upstream, "upstream", false, "with -check or -update, read the current specs upstream even if "+gen.MirrorEnv+" is set; the mirror then serves the locked specs")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	if fs.NArg() > 0 {
		fmt.Fprintf(stderr, "regen: unexpected arguments: %s\n", strings.Join(fs.Args(), " "))
		return 2
	}
	if df.used(fs) {
		return runDrift(df, stdout, stderr)
	}
	if err := regen(*apiName, *quiet, *root, stdout); err != nil {
		fmt.Fprintf(stderr, "regen: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		return 2
	}
	return 0
}

func regen(apiName string, quiet bool, root string, stdout io.Writer) error {
	var apis []gen.API
	if apiName != "" {
		api, err := gen.LookupAPI(apiName)
		if err != nil {
			return err
		}
		apis = []gen.API{api}
	}
	if root == "" {
		var err error
		if root, err = findModuleRoot(); err != nil {
			return err
		}
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		return err
	}
	opts := gen.Options{ModuleDir: root, APIs: apis, Acquirer: gen.NewAcquirer(lock)}
	if !quiet {
		opts.Progress = &gen.Progress{W: stdout}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	return gen.Run(ctx, opts)
}

// findModuleRoot returns the nearest directory at or above the working
// directory that holds a go.mod.
func findModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("no go.mod in the working directory or above it; run regen inside the module or pass -root")
		}
		dir = parent
	}
}
