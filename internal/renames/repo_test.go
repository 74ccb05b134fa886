package renames

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// TestRepo maps the generated packages at main (git show main:generated/...)
// to the working tree's: every old operation's method and iterator maps,
// the old names of a known response map, and every old exported name is
// paired or removed with a reason.
func TestRepo(t *testing.T) {
	g := Git{Dir: "."}
	top, err := g.run("rev-parse", "--show-toplevel")
	var commit string
	if err == nil {
		if commit, err = g.Resolve("main"); err != nil {
			commit, err = g.Resolve("origin/main")
		}
	}
	if err != nil {
		t.Skip("git or the main branch is unavailable:", err)
	}
	root := strings.TrimSpace(string(top))
	g.Dir = root
	pkgs, err := g.Packages(commit, "generated")
	if err != nil {
		t.Fatal(err)
	}
	if !slices.Contains(pkgs, "b2bv1") || !slices.Contains(pkgs, "b2bv2") {
		t.Fatalf("generated packages at main: %v", pkgs)
	}
	var results []*Result
	for _, name := range pkgs {
		oldSrc, err := g.Load(commit, "generated/"+name)
		if err != nil {
			t.Fatal(err)
		}
		newSrc, err := LoadDir(filepath.Join(root, "generated", name))
		if err != nil {
			t.Fatal(err)
		}
		r, err := Diff(oldSrc, newSrc)
		if err != nil {
			t.Fatal(err)
		}
		results = append(results, r)
		oldOps, err := ParseOperations(oldSrc.Files[OperationsFile])
		if err != nil {
			t.Fatal(err)
		}
		if r.Operations != len(oldOps) {
			t.Errorf("%s: %d of %d old operations paired", name, r.Operations, len(oldOps))
		}
		for _, op := range oldOps {
			for _, m := range []string{op.Target(), op.IterTarget()} {
				if m != "" && len(r.Methods[m]) != 1 {
					t.Errorf("%s: old %s maps to %v", name, m, r.Methods[m])
				}
			}
		}
		for _, row := range r.Rows {
			if row.Kind == Method && row.Removed != "" {
				t.Errorf("%s: old %s removed: %s", name, row.Old, row.Removed)
			}
		}
		if len(r.Unpaired) > 0 {
			t.Errorf("%s: old names neither paired nor explained: %v", name, r.Unpaired)
		}
		if name != "b2bv1" {
			continue
		}
		// get_appointment_list's response and its items, which the model
		// names Appointment.
		if len(r.Types["RecordsCompanyResponse"]) == 0 {
			t.Error("b2bv1: old RecordsCompanyResponse maps to nothing")
		}
		if news := r.Types["RecordsCompanyResponseData"]; !slices.Contains(news, "Appointment") {
			t.Errorf("b2bv1: old RecordsCompanyResponseData maps to %v, want Appointment among them", news)
		}
	}
	if s := Render(results, "main", commit); !strings.Contains(s, "| b2bv1 | `RecordsCompanyResponseData` | `Appointment` |") {
		t.Error("the section has no row for RecordsCompanyResponseData")
	}
}
