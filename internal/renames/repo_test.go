package renames

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

// Baseline is the revision whose generated packages CHANGELOG.md's issue-19
// section maps from: main before the model-first, grouped client.
const Baseline = "72bdd99"

// TestRepo maps the generated packages at Baseline (git show
// 72bdd99:generated/...) to the working tree's: every old operation's
// method and iterator maps, the old names of a known response map, every
// old exported name is paired or removed with a reason, and CHANGELOG.md's
// section is the one the tool renders now.
func TestRepo(t *testing.T) {
	g := Git{Dir: "."}
	top, err := g.run("rev-parse", "--show-toplevel")
	var commit string
	if err == nil {
		commit, err = g.Resolve(Baseline)
	}
	if err != nil {
		t.Skip("git or the baseline revision (a shallow clone?) is unavailable:", err)
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
	section := Render(results, Baseline, commit)
	if !strings.Contains(section, "| b2bv1 | `RecordsCompanyResponseData` | `Appointment` |") {
		t.Error("the section has no row for RecordsCompanyResponseData")
	}
	changelog, err := os.ReadFile(filepath.Join(root, "CHANGELOG.md"))
	if err != nil {
		t.Fatal(err)
	}
	if ReplaceSection(string(changelog), section) != string(changelog) {
		t.Error("CHANGELOG.md's rename map is stale: run make changelog")
	}
}
