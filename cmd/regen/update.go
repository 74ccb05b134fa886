package main

import (
	"context"
	"fmt"
	"io"
	"strings"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/drift"
)

// runUpdate runs -update: it takes the current specs, refreshes
// openapi/lock.json, regenerates, runs the golden and coverage checks and
// prepends the changes to CHANGELOG.md, all or nothing. It prints the
// steps and the report unless -q, and returns 0 on success (including
// when nothing drifted) and 2 on failure.
func runUpdate(ctx context.Context, f driftFlags, opts drift.Options, stdout, stderr io.Writer) int {
	root := *f.root
	if root == "" {
		var err error
		if root, err = gen.FindModuleDir("."); err != nil {
			fmt.Fprintf(stderr, "regen: %v\n", err)
			return drift.ExitError
		}
	}
	// The Acquirer's lock is replaced by the one in root; it only needs to
	// be valid here.
	lock, err := gen.DefaultLock()
	if err != nil {
		fmt.Fprintf(stderr, "regen: %v\n", err)
		return drift.ExitError
	}
	opts.Acquirer = newAcquirer(lock, f, stderr)
	uo := drift.UpdateOptions{Options: opts, ModuleDir: root, AllowRemovals: *f.allowRemovals}
	if !*f.quiet {
		uo.Progress = &gen.Progress{W: stdout}
	}
	res, err := drift.Update(ctx, uo)
	if err != nil {
		if res != nil && res.Report != nil && !*f.quiet {
			fmt.Fprint(stdout, res.Report.Details())
		}
		fmt.Fprintf(stderr, "regen: %s\n", strings.Join(strings.Fields(err.Error()), " "))
		return drift.ExitError
	}
	if *f.quiet {
		return 0
	}
	fmt.Fprint(stdout, res.Report.Details())
	if len(res.Updated) == 0 {
		fmt.Fprintln(stdout, "nothing to update")
	} else {
		fmt.Fprintf(stdout, "updated %s: %s, generated/ and %s; review them with git diff\n", strings.Join(res.Updated, ", "), gen.LockPath, drift.ChangelogFile)
	}
	return 0
}
