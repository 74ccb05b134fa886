package main

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"os/exec"
	"strings"

	"github.com/altegio-go/altegio/gen"
)

// ensureRuntimeRequirements makes sure that the module in moduleDir can
// build the runtime package (gen.RuntimeImport) that a generated client
// imports. A downstream module that ran `go mod tidy` before anything
// imported the runtime has no requirement or go.sum entry for the
// runtime's own dependencies (golang.org/x/time), since tidy dropped them,
// and the generated client would not compile. In that case it runs
// `go get <runtime>@<the version the module already uses>`, which adds
// just those, and says so on stderr (even with -q: it changes go.mod and
// go.sum). Nothing is upgraded.
func ensureRuntimeRequirements(ctx context.Context, moduleDir string, stderr io.Writer) error {
	if err := goCmd(ctx, moduleDir, "list", "-deps", gen.RuntimeImport); err == nil {
		return nil
	}
	version, err := goOutput(ctx, moduleDir, "list", "-m", "-f", "{{.Version}}", gen.RuntimeImport)
	if err != nil {
		return fmt.Errorf("%s does not build in %s, and its version there is unknown: %w", gen.RuntimeImport, moduleDir, err)
	}
	target := gen.RuntimeImport + "@" + version
	if err := goCmd(ctx, moduleDir, "get", target); err != nil {
		return fmt.Errorf("the generated client needs %s, which does not build in %s, and go get %s failed: %w", gen.RuntimeImport, moduleDir, target, err)
	}
	fmt.Fprintf(stderr, "regen: ran go get %s in %s: the generated client imports %s, whose dependencies go.mod and go.sum lacked (go mod tidy drops them while nothing imports it)\n",
		target, moduleDir, gen.RuntimeImport)
	return nil
}

// goCmd runs the go command in dir, failing with its output's first line.
func goCmd(ctx context.Context, dir string, args ...string) error {
	_, err := goOutput(ctx, dir, args...)
	return err
}

// goOutput runs the go command in dir and returns its trimmed standard
// output; an error carries the first lines of its standard error.
func goOutput(ctx context.Context, dir string, args ...string) (string, error) {
	cmd := exec.CommandContext(ctx, "go", args...)
	cmd.Dir = dir
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	if err := cmd.Run(); err != nil {
		msg := strings.Join(strings.Fields(stderr.String()), " ")
		if len(msg) > 300 {
			msg = msg[:300] + "..."
		}
		return "", fmt.Errorf("go %s: %w: %s", strings.Join(args, " "), err, msg)
	}
	return strings.TrimSpace(stdout.String()), nil
}
