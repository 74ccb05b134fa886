package gen

import (
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestParseConfig(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "altegio.yaml")
	c, err := ParseConfig([]byte(`# a comment
api: b2b-v2
package: teammembers
output: internal/teammembers
include-tags: [Team Members]
exclude-tags: []
include-operations:
  - get_company
exclude-operations: [delete_position]
spec: specs/b2b-v2.yaml
`), path)
	if err != nil {
		t.Fatal(err)
	}
	want := Config{
		API: "b2b-v2", Package: "teammembers", Output: "internal/teammembers",
		IncludeTags: []string{"Team Members"}, ExcludeTags: []string{},
		IncludeOperations: []string{"get_company"}, ExcludeOperations: []string{"delete_position"},
		Spec: "specs/b2b-v2.yaml", Path: path,
	}
	if c.API != want.API || c.Package != want.Package || c.Output != want.Output || c.Spec != want.Spec || c.Path != want.Path ||
		!slices.Equal(c.IncludeTags, want.IncludeTags) || !slices.Equal(c.ExcludeTags, want.ExcludeTags) ||
		!slices.Equal(c.IncludeOperations, want.IncludeOperations) || !slices.Equal(c.ExcludeOperations, want.ExcludeOperations) {
		t.Errorf("got %+v\nwant %+v", *c, want)
	}
	if got, want := c.OutputDir(), filepath.Join(dir, "internal", "teammembers"); got != want {
		t.Errorf("OutputDir = %s, want %s", got, want)
	}
	if got := c.Target(); got != (API{Name: "b2b-v2", Package: "teammembers"}) {
		t.Errorf("Target = %+v", got)
	}
}

// TestParseConfigErrors checks that each mistake in a config file is an
// error on one line that names the file (and the line, when it is about
// one key) and says what is wrong and what would be right.
func TestParseConfigErrors(t *testing.T) {
	const base = "api: b2b-v2\npackage: teammembers\noutput: teammembers\n"
	for _, c := range []struct {
		name, yaml string
		want       []string
	}{
		{"unknown key", base + "include-tag: [Team Members]\n",
			[]string{`altegio.yaml:4: unknown key "include-tag"`, `did you mean "include-tags"?`, "keys: api, package, output, include-tags"}},
		{"unknown key far from any", base + "colour: blue\n",
			[]string{`altegio.yaml:4: unknown key "colour"`, "(keys: api, package"}},
		{"bad api", "api: b2b-v3\npackage: x\noutput: x\n",
			[]string{"altegio.yaml: api:", `unknown API "b2b-v3" (known: b2b-v1, b2b-v2)`}},
		{"missing api", "package: x\noutput: x\n",
			[]string{"altegio.yaml: api is missing (one of b2b-v1, b2b-v2)"}},
		{"missing package", "api: b2b-v1\noutput: x\n",
			[]string{"altegio.yaml: package is missing"}},
		{"missing output", "api: b2b-v1\npackage: x\n",
			[]string{"altegio.yaml: output is missing", "such as x"}},
		{"missing everything reports all", "spec: x.yaml\n",
			[]string{"api is missing", "package is missing", "output is missing"}},
		{"bad package", "api: b2b-v1\npackage: team-members\noutput: x\n",
			[]string{`package "team-members" is not a valid name for a Go package`}},
		{"package main", "api: b2b-v1\npackage: main\noutput: x\n",
			[]string{`package "main" is not a valid name`}},
		{"output is the config dir", "api: b2b-v1\npackage: x\noutput: .\n",
			[]string{`output "." is the config file's directory or above it`}},
		{"output above the config dir", "api: b2b-v1\npackage: x\noutput: ../..\n",
			[]string{`output "../.." is the config file's directory or above it`}},
		{"tags not a list", base + "include-tags: Team Members\n",
			[]string{"altegio.yaml:4: include-tags must be a list of strings, such as [Team Members]"}},
		{"operations not strings", base + "exclude-operations: [{a: b}]\n",
			[]string{"altegio.yaml:4: exclude-operations must be a list of strings, such as [get_team_member]"}},
		{"api not a string", "api: [b2b-v1]\npackage: x\noutput: x\n",
			[]string{"altegio.yaml:1: api must be a string"}},
		{"null package", "api: b2b-v1\npackage:\noutput: x\n",
			[]string{"altegio.yaml:2: package must be a string"}},
		{"both included and excluded", base + "include-tags: [A]\nexclude-tags: [A]\n",
			[]string{`tag "A" is both included and excluded`}},
		{"bad spec scheme", base + "spec: ftp://x/y.yaml\n",
			[]string{`spec "ftp://x/y.yaml": unsupported scheme "ftp"`}},
		{"empty", "", []string{"altegio.yaml: empty config"}},
		{"not a mapping", "- api\n", []string{"altegio.yaml:1: the config must be a mapping"}},
		{"two documents", base + "---\napi: b2b-v1\n", []string{"altegio.yaml:4: more than one YAML document"}},
		{"duplicate key", base + "api: b2b-v1\n", []string{`altegio.yaml:4: key "api" given twice`}},
		{"not YAML", "api: [\n", []string{"altegio.yaml: not valid YAML"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			_, err := ParseConfig([]byte(c.yaml), "altegio.yaml")
			if err == nil {
				t.Fatal("no error")
			}
			msg := err.Error()
			if strings.Contains(msg, "\n") {
				t.Errorf("error is not one line: %q", msg)
			}
			if !strings.HasPrefix(msg, "altegio.yaml") {
				t.Errorf("error does not start with the file name: %q", msg)
			}
			for _, w := range c.want {
				if !strings.Contains(msg, w) {
					t.Errorf("error %q\n does not contain %q", msg, w)
				}
			}
		})
	}
}

func TestLoadConfigMissingFile(t *testing.T) {
	_, err := LoadConfig(filepath.Join(t.TempDir(), "nope.yaml"))
	if err == nil || !strings.Contains(err.Error(), "nope.yaml") {
		t.Errorf("err = %v", err)
	}
}

func TestClosest(t *testing.T) {
	tags := []string{"Appointments", "Booking Users", "Custom Fields", "Events", "Products", "Services", "Tags", "Team Members"}
	for _, c := range []struct {
		name string
		want []string
	}{
		{"Team Member", []string{"Team Members"}},
		{"team members", []string{"Team Members"}},
		{"TeamMembers", []string{"Team Members"}},
		{"Appointment", []string{"Appointments"}},
		{"Service", []string{"Services"}},
		{"Team", []string{"Team Members"}},
		{"Staff", nil},
	} {
		if got := closest(c.name, tags, 3); !slices.Equal(got, c.want) {
			t.Errorf("closest(%q) = %q, want %q", c.name, got, c.want)
		}
	}
	if got := closest("get_team_membr", []string{"get_team_member", "list_team_members", "get_position"}, 3); !slices.Equal(got, []string{"get_team_member"}) {
		t.Errorf("closest operationId = %q", got)
	}
	for _, c := range []struct {
		a, b string
		d    int
	}{{"", "", 0}, {"a", "", 1}, {"kitten", "sitting", 3}, {"флаг", "флаги", 1}} {
		if got := editDistance(c.a, c.b); got != c.d {
			t.Errorf("editDistance(%q, %q) = %d, want %d", c.a, c.b, got, c.d)
		}
	}
}

const selectionSpec = `openapi: 3.0.3
info: {title: t, version: "1"}
tags:
  - name: Team Members
  - name: Appointments
  - name: Unused
paths:
  /staff:
    get: {operationId: list_staff, tags: [Team Members], responses: {"200": {description: ok}}}
    post: {operationId: create_staff, tags: [Team Members], responses: {"200": {description: ok}}}
  /staff/{id}:
    delete:
      operationId: delete_staff
      tags: [Team Members]
      parameters: [{name: id, in: path, required: true, schema: {type: integer}}]
      responses: {"200": {description: ok}}
  /records:
    get: {operationId: list_records, tags: [Appointments], responses: {"200": {description: ok}}}
  /company:
    get: {operationId: get_company, responses: {"200": {description: ok}}}
`

func TestSelectionApply(t *testing.T) {
	for _, c := range []struct {
		name string
		sel  Selection
		want []string // operationIds left, sorted
	}{
		{"everything", Selection{}, []string{"create_staff", "delete_staff", "get_company", "list_records", "list_staff"}},
		{"a tag", Selection{IncludeTags: []string{"Team Members"}}, []string{"create_staff", "delete_staff", "list_staff"}},
		{"tag plus operation", Selection{IncludeTags: []string{"Team Members"}, IncludeOperations: []string{"get_company"}}, []string{"create_staff", "delete_staff", "get_company", "list_staff"}},
		{"exclusion wins", Selection{IncludeTags: []string{"Team Members"}, ExcludeOperations: []string{"delete_staff"}}, []string{"create_staff", "list_staff"}},
		{"exclude a tag", Selection{ExcludeTags: []string{"Team Members"}}, []string{"get_company", "list_records"}},
		{"operations only", Selection{IncludeOperations: []string{"list_records", "get_company"}}, []string{"get_company", "list_records"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := LoadDocument([]byte(selectionSpec), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			n, err := c.sel.Apply(doc, "s")
			if err != nil {
				t.Fatal(err)
			}
			var got []string
			for _, op := range Operations(doc) {
				got = append(got, op.OperationID)
			}
			if n != len(c.want) || !slices.Equal(got, c.want) {
				t.Errorf("kept %d: %q, want %q", n, got, c.want)
			}
			for path, item := range doc.Paths.Map() {
				if len(item.Operations()) == 0 {
					t.Errorf("path %s left without operations", path)
				}
			}
		})
	}
}

func TestSelectionErrors(t *testing.T) {
	for _, c := range []struct {
		name string
		sel  Selection
		want []string
	}{
		{"misspelled tag", Selection{IncludeTags: []string{"Team Member"}},
			[]string{`include-tags: unknown tag "Team Member" in s; did you mean "Team Members"? (tags: Appointments, Team Members, Unused)`}},
		{"unknown tag, nothing close", Selection{ExcludeTags: []string{"Payroll"}},
			[]string{`exclude-tags: unknown tag "Payroll" in s (tags: Appointments, Team Members, Unused)`}},
		{"misspelled operation", Selection{IncludeOperations: []string{"list_staf"}},
			[]string{`include-operations: unknown operationId "list_staf" in s; did you mean "list_staff"?`, "regen -list-operations -api s"}},
		{"several", Selection{IncludeTags: []string{"Appointment"}, ExcludeOperations: []string{"x"}},
			[]string{`did you mean "Appointments"?`, `exclude-operations: unknown operationId "x"`}},
		{"nothing left", Selection{IncludeTags: []string{"Unused"}},
			[]string{"the selection leaves no operation of s"}},
	} {
		t.Run(c.name, func(t *testing.T) {
			doc, err := LoadDocument([]byte(selectionSpec), "s.yaml")
			if err != nil {
				t.Fatal(err)
			}
			_, err = c.sel.Apply(doc, "s")
			if err == nil {
				t.Fatal("no error")
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("not one line: %q", err)
			}
			for _, w := range c.want {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error %q\n does not contain %q", err, w)
				}
			}
		})
	}
}

func TestTagAndOperationLists(t *testing.T) {
	doc, err := LoadDocument([]byte(selectionSpec), "s.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var b strings.Builder
	if err := WriteTagList(&b, "s", doc); err != nil {
		t.Fatal(err)
	}
	wantTags := `s: 3 tags, 5 operations
    1  Appointments
    3  Team Members
    0  Unused
    1  (no tag)
`
	if b.String() != wantTags {
		t.Errorf("tags:\n%s\nwant:\n%s", b.String(), wantTags)
	}
	b.Reset()
	if err := WriteOperationList(&b, "s", doc); err != nil {
		t.Fatal(err)
	}
	wantOps := `s: 5 operations, 3 tags

(no tag) (1)
  get_company   GET    /company

Appointments (1)
  list_records  GET    /records

Team Members (3)
  create_staff  POST   /staff
  delete_staff  DELETE /staff/{id}
  list_staff    GET    /staff
`
	if b.String() != wantOps {
		t.Errorf("operations:\n%s\nwant:\n%s", b.String(), wantOps)
	}
}
