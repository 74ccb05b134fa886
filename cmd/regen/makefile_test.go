package main

import (
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/internal/spectest"
)

// TestMakeHelp: `make help` lists every target the Makefile declares
// .PHONY, each with its "## name:" description, and nothing that is not a
// target.
func TestMakeHelp(t *testing.T) {
	if _, err := exec.LookPath("make"); err != nil {
		if os.Getenv("CI") == "" {
			t.Skip("make is not installed")
		}
		t.Fatal("make is not installed")
	}
	root := spectest.ModuleRoot(t)
	mk, err := os.ReadFile(filepath.Join(root, "Makefile"))
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("make", "-s", "--no-print-directory", "help")
	cmd.Dir = root
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("make help: %v\n%s", err, out)
	}
	listed := map[string]string{}
	for line := range strings.Lines(string(out)) {
		name, desc, _ := strings.Cut(strings.TrimRight(line, "\n"), " ")
		if name != "" {
			listed[name] = strings.TrimSpace(desc)
		}
	}
	phony := regexp.MustCompile(`(?m)^\.PHONY:(.*)$`).FindStringSubmatch(string(mk))
	if phony == nil {
		t.Fatal("no .PHONY line in the Makefile")
	}
	for _, target := range strings.Fields(phony[1]) {
		if listed[target] == "" {
			t.Errorf("make help does not describe %s:\n%s", target, out)
		}
	}
	for name := range listed {
		if !regexp.MustCompile(`(?m)^` + regexp.QuoteMeta(name) + `:`).Match(mk) {
			t.Errorf("make help lists %q, which is not a target", name)
		}
	}
	if !slices.Contains(strings.Fields(phony[1]), "mock") {
		t.Error("no mock target")
	}
}

// TestRegenDependsOnTheRuntime: regen imports the runtime package, so that
// `go mod tidy` in a downstream module with regen as a tool keeps
// golang.org/x/time before anything there imports the runtime (see the
// package comment); examples/downstream/ci.sh runs that order.
func TestRegenDependsOnTheRuntime(t *testing.T) {
	cmd := exec.Command("go", "list", "-deps", ".")
	out, err := cmd.Output()
	if err != nil {
		t.Fatal(err)
	}
	deps := strings.Fields(string(out))
	for _, want := range []string{"github.com/altegio-go/altegio", "golang.org/x/time/rate"} {
		if !slices.Contains(deps, want) {
			t.Errorf("cmd/regen does not depend on %s", want)
		}
	}
}

// TestREADMEStatesGoVersion: the README's Quickstart names the Go version
// the go directive of go.mod requires.
func TestREADMEStatesGoVersion(t *testing.T) {
	root := spectest.ModuleRoot(t)
	mod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile(`(?m)^go (\d+\.\d+)`).FindSubmatch(mod)
	if m == nil {
		t.Fatal("go.mod has no go directive")
	}
	readme, err := os.ReadFile(filepath.Join(root, "README.md"))
	if err != nil {
		t.Fatal(err)
	}
	if want := "Go " + string(m[1]) + " or later"; !strings.Contains(string(readme), want) {
		t.Errorf("README.md does not say %q", want)
	}
}
