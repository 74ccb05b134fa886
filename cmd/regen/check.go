package main

import (
	"bytes"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"time"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/drift"
)

// driftFlags are the flags of -check and -update.
type driftFlags struct {
	check, update bool
	api           *string
	quiet         *bool
	root          *string
	allowRemovals *bool
	fetchTimeout  *time.Duration
	format        string
	out           string
	upstream      bool
}

// used reports whether any flag of -check or -update was given.
func (f driftFlags) used(fs *flag.FlagSet) bool {
	used := false
	fs.Visit(func(fl *flag.Flag) {
		switch fl.Name {
		case "check", "update", "format", "o", "upstream":
			used = true
		}
	})
	return used
}

// runDrift runs -check or -update and returns the exit status.
func runDrift(f driftFlags, stdout, stderr io.Writer) int {
	fail := func(err error) int {
		fmt.Fprintf(stderr, "regen: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		return drift.ExitError
	}
	switch {
	case f.check && f.update:
		return fail(errors.New("-check and -update exclude each other"))
	case !f.check && !f.update:
		return fail(errors.New("-format, -o and -upstream go with -check or -update"))
	case f.update && (f.format != drift.FormatText || f.out != ""):
		return fail(errors.New("-format and -o go with -check"))
	}
	if err := (&drift.Report{}).Write(io.Discard, f.format); err != nil {
		return fail(err)
	}
	opts := drift.Options{Source: gen.FromMirrorOrUpstream}
	if f.upstream {
		opts.Source = gen.FromUpstream
	}
	if *f.api != "" {
		api, err := gen.LookupAPI(*f.api)
		if err != nil {
			return fail(err)
		}
		opts.APIs = []gen.API{api}
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if f.update {
		return runUpdate(ctx, f, opts, stdout, stderr)
	}
	return runCheck(ctx, f, opts, stdout, stderr)
}

// runCheck runs -check: it prints the report in f.format, writes it to
// f.out too if set, and returns the report's exit code.
func runCheck(ctx context.Context, f driftFlags, opts drift.Options, stdout, stderr io.Writer) int {
	lock, err := gen.DefaultLock()
	if err != nil {
		fmt.Fprintf(stderr, "regen: %v\n", err)
		return drift.ExitError
	}
	opts.Acquirer = newAcquirer(lock, f, stderr)
	report := drift.Check(ctx, opts)
	var buf bytes.Buffer
	if err := report.Write(&buf, f.format); err != nil {
		fmt.Fprintf(stderr, "regen: %v\n", err)
		return drift.ExitError
	}
	if f.out != "" {
		if err := gen.WriteFileAtomic(f.out, buf.Bytes()); err != nil {
			fmt.Fprintf(stderr, "regen: writing the report: %v\n", err)
			return drift.ExitError
		}
	}
	if _, err := stdout.Write(buf.Bytes()); err != nil {
		return drift.ExitError
	}
	return report.ExitCode
}

// newAcquirer is regen's Acquirer (mirror from the environment, the user
// cache) for lock, with the fetch bound of -fetch-timeout, logging
// recoverable problems and slow downloads to stderr unless -q.
func newAcquirer(lock *gen.Lock, f driftFlags, stderr io.Writer) *gen.Acquirer {
	acq := gen.NewAcquirer(lock)
	acq.TotalTimeout = *f.fetchTimeout
	// A progress line every 10 s, or five within a shorter bound.
	acq.ProgressInterval = min(gen.DefaultProgressInterval, *f.fetchTimeout/5)
	if !*f.quiet {
		acq.Logf = func(format string, args ...any) { fmt.Fprintf(stderr, "regen: "+format+"\n", args...) }
	}
	return acq
}
