// Command regen regenerates the Altegio Go clients under generated/ from the
// locked upstream OpenAPI descriptions.
//
// Usage:
//
//	go run ./cmd/regen [-api b2b-v1|b2b-v2] [-q] [-allow-removals] [-fetch-timeout 90s]
//	go run ./cmd/regen -check [-format text|markdown|json] [-o file] [-upstream] [-api ...]
//	go run ./cmd/regen -update [-upstream] [-api ...] [-q] [-allow-removals]
//	go run github.com/altegio-go/altegio/cmd/regen -config altegio.yaml [-q]
//	go run github.com/altegio-go/altegio/cmd/regen -list-tags|-list-operations [-api ...|-config ...]
//	go run ./cmd/regen -mock-spec -api b2b-v1|b2b-v2 [-o file]
//
// -config generates the subset client a config file describes (see
// gen.Config) into the directory it names, from any module that requires
// github.com/altegio-go/altegio: it is what a downstream //go:generate line
// runs. The output is compiled in the module holding it (the nearest go.mod
// above it) before it replaces the directory. -list-tags and
// -list-operations print the tags, with their operation counts, and the
// operations, by tag, that a config can name. regen imports the runtime package
// that generated clients import, so that in a downstream module whose
// go.mod has regen as a tool, `go mod tidy` keeps the runtime's
// dependencies (golang.org/x/time) even before any package of the module
// imports it; otherwise tidy would drop them, and the client -config
// generates would not compile.
//
// -mock-spec writes the spec a local mock server should serve (see
// mockSpec; `make mock` serves it with Prism).
//
// It reads each spec from $ALTEGIO_SPEC_MIRROR (a directory or base URL),
// the user cache, or upstream, in that order; checks its sha256 against
// openapi/lock.json; patches, generates, formats and compiles it; and only
// then replaces generated/. It prints one line per step unless -q is given.
// The lock is root's openapi/lock.json (the copy compiled in when root has
// none).
//
// A spec that loses operations or schemas compared with the spec the
// package in generated/ was made from (or, with -update, the previously
// locked one) is refused, with a one-line error giving the counts, and is
// not cached: that is what a cut-off download pinned by mistake looks like.
// No spec is cached before the code generated from it has compiled.
// -allow-removals takes it when the removal is intended.
//
// A download of a spec is bounded by -fetch-timeout in all, retries
// included; while it runs, a line on stderr says every 10 s (or every fifth
// of a shorter bound) how long it has been waiting and how many bytes
// arrived.
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
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime/debug"
	"strings"

	// Imported for its dependencies: see the package comment.
	_ "github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
)

func main() {
	tuneGC()
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}

// gcPercent is regen's GOGC (tuneGC): the heap grows to five times what
// was live after a collection before the next one. A run is short and
// allocates several times what it keeps: at GOGC=100 collecting cost about
// a third of regen's CPU time, and with the collector off the fresh pages
// cost about as much wall time as it saves (issue 19). Peak RSS of
// `regen -api b2b-v1` is about 140 MB (110 MB at GOGC=100, 290 MB off).
const gcPercent = 400

// tuneGC sets GOGC to gcPercent unless GOGC or GOMEMLIMIT says otherwise.
func tuneGC() {
	if os.Getenv("GOGC") != "" || os.Getenv("GOMEMLIMIT") != "" {
		return
	}
	debug.SetGCPercent(gcPercent)
}

func run(args []string, stdout, stderr io.Writer) int {
	fs := flag.NewFlagSet("regen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	apiName := fs.String("api", "", "regenerate only this API (b2b-v1 or b2b-v2); default: all")
	quiet := fs.Bool("q", false, "print nothing but errors")
	root := fs.String("root", "", "module root holding generated/ and openapi/lock.json (default: the nearest directory with go.mod)")
	allowRemovals := fs.Bool("allow-removals", false, "take a spec that has fewer operations or schemas than the one before it (refused by default: a cut-off download looks like that)")
	fetchTimeout := fs.Duration("fetch-timeout", gen.DefaultTotalTimeout, "give up a spec download after this long in all, retries included")
	df := driftFlags{api: apiName, quiet: quiet, root: root, allowRemovals: allowRemovals, fetchTimeout: fetchTimeout}
	fs.BoolVar(&df.check, "check", false, "compare each API's current spec with the lock and report the drift; exit 0: none, 1: drift, 2: error")
	fs.BoolVar(&df.update, "update", false, "take the current specs: refresh the lock, regenerate, check, and prepend the changes to CHANGELOG.md")
	fs.StringVar(&df.format, "format", "text", "report format of -check: text, markdown or json")
	fs.StringVar(&df.out, "o", "", "with -check, also write the report to this file; with -mock-spec, write the spec there")
	mock := fs.Bool("mock-spec", false, "print (or write to -o) the spec of -api as a local mock server should serve it: patched, and declaring the media type the client asks for (make mock serves it with Prism)")
	fs.BoolVar(&df.upstream, "upstream", false, "with -check or -update, read the current specs upstream even if "+gen.MirrorEnv+" is set; the mirror then serves the locked specs")
	config := fs.String("config", "", "generate the subset client this YAML config file describes (api, package, output, include-tags, ...)")
	listTags := fs.Bool("list-tags", false, "list the tags of each API (or of -api, or of -config's spec) with their operation counts")
	listOps := fs.Bool("list-operations", false, "list the operations of each API (or of -api, or of -config's spec) by tag")
	if err := fs.Parse(args); err != nil {
		return 2
	}
	fail := func(err error) int {
		fmt.Fprintf(stderr, "regen: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		return 2
	}
	if fs.NArg() > 0 {
		return fail(fmt.Errorf("unexpected arguments: %s", strings.Join(fs.Args(), " ")))
	}
	if *fetchTimeout <= 0 {
		return fail(fmt.Errorf("-fetch-timeout %s is not positive", *fetchTimeout))
	}
	subset := *config != "" || *listTags || *listOps
	if *mock {
		if subset || df.check || df.update {
			return fail(errors.New("-mock-spec goes with -api and -o only"))
		}
		if err := writeMockSpec(*apiName, df.out, df, stdout, stderr); err != nil {
			return fail(err)
		}
		return 0
	}
	switch {
	case subset && df.used(fs):
		return fail(errors.New("-config, -list-tags and -list-operations do not go with -check or -update"))
	case *listTags && *listOps:
		return fail(errors.New("-list-tags and -list-operations exclude each other"))
	case *config != "" && *apiName != "":
		return fail(errors.New("-config and -api exclude each other: the config names its api"))
	case subset && *root != "":
		return fail(errors.New("-root does not go with -config, -list-tags or -list-operations"))
	}
	var err error
	switch {
	case df.used(fs):
		return runDrift(df, stdout, stderr)
	case *listTags || *listOps:
		err = list(*apiName, *config, *listOps, df, stdout, stderr)
	case *config != "":
		err = regenConfig(*config, df, stdout, stderr)
	default:
		err = regen(*apiName, df, stdout, stderr)
	}
	if err != nil {
		return fail(err)
	}
	return 0
}

// regenConfig generates the subset client the config file at path
// describes.
func regenConfig(path string, f driftFlags, stdout, stderr io.Writer) error {
	cfg, err := gen.LoadConfig(path)
	if err != nil {
		return err
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		return err
	}
	var progress *gen.Progress
	if !*f.quiet {
		progress = &gen.Progress{W: stdout}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	acq := newAcquirer(lock, f, stderr)
	keep := cacheOnSuccess(acq)
	if _, err = gen.RunConfig(ctx, cfg, acq, progress); err != nil {
		return err
	}
	keep()
	return nil
}

// cacheOnSuccess makes acq hold back the specs it would cache; the
// returned function caches them, to be called once they proved good.
func cacheOnSuccess(acq *gen.Acquirer) func() {
	var held []*gen.Spec
	acq.CacheLater = func(s *gen.Spec) { held = append(held, s) }
	return func() {
		for _, s := range held {
			if err := acq.CacheSpec(s); err != nil && acq.Logf != nil {
				acq.Logf("%s: not caching the spec: %v", s.API.Name, err)
			}
		}
	}
}

// list prints the tags (or, with ops, the operations) of the API called
// apiName, of the config file at config, or of every API.
func list(apiName, config string, ops bool, f driftFlags, stdout, stderr io.Writer) error {
	lock, err := gen.DefaultLock()
	if err != nil {
		return err
	}
	acq := newAcquirer(lock, f, stderr)
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	type source struct {
		api  gen.API
		spec func() (*gen.Spec, error)
	}
	var sources []source
	switch {
	case config != "":
		cfg, err := gen.LoadConfig(config)
		if err != nil {
			return err
		}
		sources = append(sources, source{cfg.Target(), func() (*gen.Spec, error) { return cfg.AcquireSpec(ctx, acq) }})
	default:
		apis := gen.APIs
		if apiName != "" {
			api, err := gen.LookupAPI(apiName)
			if err != nil {
				return err
			}
			apis = []gen.API{api}
		}
		for _, api := range apis {
			sources = append(sources, source{api, func() (*gen.Spec, error) { return acq.Acquire(ctx, api) }})
		}
	}
	var out bytes.Buffer
	for i, s := range sources {
		spec, err := s.spec()
		if err != nil {
			return err
		}
		patched, err := gen.PatchSpec(s.api, spec)
		if err != nil {
			return err
		}
		if i > 0 {
			out.WriteString("\n")
		}
		write := gen.WriteTagList
		if ops {
			write = gen.WriteOperationList
		}
		if err := write(&out, s.api.Name, patched.Doc); err != nil {
			return err
		}
	}
	_, err = stdout.Write(out.Bytes())
	return err
}

func regen(apiName string, f driftFlags, stdout, stderr io.Writer) error {
	root := *f.root
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
		if root, err = gen.FindModuleDir("."); err != nil {
			return err
		}
	}
	lock, err := moduleLock(root)
	if err != nil {
		return err
	}
	acq := newAcquirer(lock, f, stderr)
	if !*f.allowRemovals {
		acq.Guard = acq.RemovalGuard(root)
	}
	keep := cacheOnSuccess(acq)
	opts := gen.Options{ModuleDir: root, APIs: apis, Acquirer: acq}
	if !*f.quiet {
		opts.Progress = &gen.Progress{W: stdout}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := gen.Run(ctx, opts); err != nil {
		return err
	}
	keep()
	return nil
}

// moduleLock reads root's openapi/lock.json, or the lock compiled in if
// root has none.
func moduleLock(root string) (*gen.Lock, error) {
	path := filepath.Join(root, filepath.FromSlash(gen.LockPath))
	data, err := os.ReadFile(path)
	if errors.Is(err, fs.ErrNotExist) {
		return gen.DefaultLock()
	}
	if err != nil {
		return nil, err
	}
	return gen.ParseLock(data, gen.LockPath)
}
