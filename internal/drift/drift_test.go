package drift

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

const (
	positions    = "/locations/{company_id}/positions"
	positionByID = "/locations/{company_id}/positions/{position_id}"
)

// checkV2 runs Check on b2b-v2 served by a mirror holding spec, with the
// locked spec in the cache.
func checkV2(t *testing.T, spec []byte) (*Report, *APIReport) {
	t.Helper()
	e := newEnv(t, map[string][]byte{v2.SpecFile(): spec}, v2)
	r := Check(context.Background(), Options{APIs: []gen.API{v2}, Acquirer: e.acquirer(t)})
	if len(r.APIs) != 1 {
		t.Fatalf("%d API reports, want 1", len(r.APIs))
	}
	a := r.APIs[0]
	if a.Status == StatusError {
		t.Fatalf("check failed: %s", a.Error)
	}
	return r, a
}

// changesOf returns the changes of the operation at method and path.
func changesOf(t *testing.T, a *APIReport, method, path string) []Change {
	t.Helper()
	for _, oc := range a.Changed {
		if oc.Method == method && oc.Path == path {
			return oc.Changes
		}
	}
	t.Fatalf("no changes of %s %s in %+v", method, path, a.Changed)
	return nil
}

// onlyChange returns the one change in a, which must be of the operation at
// method and path.
func onlyChange(t *testing.T, a *APIReport, method, path string) Change {
	t.Helper()
	if len(a.Changed) != 1 || len(a.Added)+len(a.Removed)+len(a.Other) != 0 {
		t.Fatalf("want changes of one operation only, got added %v, removed %v, changed %+v, other %v", a.Added, a.Removed, a.Changed, a.Other)
	}
	chs := changesOf(t, a, method, path)
	if len(chs) != 1 {
		t.Fatalf("want one change of %s %s, got %+v", method, path, chs)
	}
	return chs[0]
}

func wantDrift(t *testing.T, r *Report, a *APIReport, status Status, breaking, nonBreaking int) {
	t.Helper()
	if a.Status != status {
		t.Errorf("status %q, want %q", a.Status, status)
	}
	if r.ExitCode != ExitDrift || !r.Drift {
		t.Errorf("exit code %d, drift %v; want %d, true", r.ExitCode, r.Drift, ExitDrift)
	}
	if a.Breaking != breaking || a.NonBreaking != nonBreaking {
		t.Errorf("%d breaking, %d non-breaking; want %d, %d\n%s", a.Breaking, a.NonBreaking, breaking, nonBreaking, r.Text())
	}
	if a.Current == nil || a.Current.SHA256 == a.Locked.SHA256 {
		t.Errorf("current spec %+v should differ from the locked %s", a.Current, a.Locked.SHA256)
	}
}

func TestCheckLockedSpecNoDrift(t *testing.T) {
	e := newEnv(t, nil)
	e.mirror = spectest.Acquirer(t).Mirror
	r := Check(context.Background(), Options{APIs: []gen.API{v2}, Acquirer: e.acquirer(t)})
	if r.ExitCode != ExitNoDrift || r.Drift || r.APIs[0].Status != StatusUnchanged {
		t.Fatalf("exit %d, status %q; want 0, unchanged\n%s", r.ExitCode, r.APIs[0].Status, r.Text())
	}
	if !strings.Contains(r.Text(), "no drift") {
		t.Errorf("text report %q does not say no drift", r.Text())
	}
}

func TestClassifyOperationRemoved(t *testing.T) {
	d := lockedDoc(t, v2)
	deleteKey(t, d.get("paths", positionByID), "delete")
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 1, 0)
	want := Operation{Method: "DELETE", Path: positionByID, OperationID: "delete_position", GoMethod: "DeletePosition", Breaking: true}
	if len(a.Removed) != 1 || a.Removed[0] != want {
		t.Errorf("removed %+v, want [%+v]", a.Removed, want)
	}
	if len(a.Added)+len(a.Changed)+len(a.Other) != 0 {
		t.Errorf("unexpected changes: added %v, changed %+v, other %v", a.Added, a.Changed, a.Other)
	}
	for _, s := range []string{"removed  BREAKING", "DELETE " + positionByID + " delete_position → DeletePosition"} {
		if !strings.Contains(r.Text(), s) {
			t.Errorf("text report lacks %q:\n%s", s, r.Text())
		}
	}
	if md := r.Markdown(); !strings.Contains(md, "- **breaking**: `DELETE "+positionByID+"` (`delete_position` → `DeletePosition`)") {
		t.Errorf("markdown report does not name the removal as breaking:\n%s", md)
	}
}

func TestClassifyOperationAdded(t *testing.T) {
	d := lockedDoc(t, v2)
	setKey(t, d.get("paths"), "/locations/{location_id}/widgets", `
get:
  operationId: list_widgets
  summary: List Widgets
  parameters:
    - name: location_id
      in: path
      required: true
      schema:
        type: integer
  responses:
    '200':
      description: Widgets
      content:
        application/json:
          schema:
            type: object
            properties:
              data:
                type: array
                items:
                  type: string
`)
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 0, 1)
	want := Operation{Method: "GET", Path: "/locations/{location_id}/widgets", OperationID: "list_widgets", GoMethod: "ListWidgets"}
	if len(a.Added) != 1 || a.Added[0] != want {
		t.Errorf("added %+v, want [%+v]", a.Added, want)
	}
	if len(a.Removed)+len(a.Changed) != 0 {
		t.Errorf("unexpected changes: removed %v, changed %+v", a.Removed, a.Changed)
	}
}

func TestClassifyPathParameterTypeChanged(t *testing.T) {
	d := lockedDoc(t, v2)
	setKey(t, d.param(d.op(positions, "get"), "company_id"), "schema", "type: string")
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 1, 0)
	ch := onlyChange(t, a, "GET", positions)
	if !ch.Breaking || ch.Kind != KindParameter || !strings.Contains(ch.Rule, "-type-") || !strings.Contains(ch.Text, "company_id") {
		t.Errorf("change %+v, want a breaking type change of parameter company_id", ch)
	}
}

func TestClassifyRequiredQueryParameterAdded(t *testing.T) {
	d := lockedDoc(t, v2)
	appendYAML(t, spectest.MapGet(d.op(positions, "get"), "parameters"), `
name: status
in: query
required: true
schema:
  type: string
`)
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 1, 0)
	ch := onlyChange(t, a, "GET", positions)
	if !ch.Breaking || ch.Kind != KindParameter || ch.Rule != "new-required-request-parameter" || !strings.Contains(ch.Text, "status") {
		t.Errorf("change %+v, want a breaking new required parameter status", ch)
	}
}

func TestClassifyOptionalResponseFieldAdded(t *testing.T) {
	d := lockedDoc(t, v2)
	schema := d.get("paths", positions, "get", "responses", "200", "content", "application/json", "schema", "properties")
	setKey(t, schema, "next_cursor", "type: string")
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 0, 1)
	ch := onlyChange(t, a, "GET", positions)
	if ch.Breaking || ch.Kind != KindResponse || ch.Rule != "response-optional-property-added" || !strings.Contains(ch.Text, "next_cursor") {
		t.Errorf("change %+v, want a non-breaking optional response property next_cursor", ch)
	}
}

func TestClassifyEnumValueRemoved(t *testing.T) {
	d := lockedDoc(t, v2)
	enum := spectest.MapGet(d.find("suggestion_type"), "enum")
	n := len(enum.Content)
	// client_popular_service: no example uses it. (The operation's example
	// sends master_popular_service, which gen.Complete would put back.)
	enum.Content = append(enum.Content[:n-2:n-2], enum.Content[n-1])
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 1, 0)
	ch := onlyChange(t, a, "GET", "/locations/{location_id}/attendance_service_suggestions")
	// oasdiff rates this "info" (a server may stop sending a value); for
	// the Go client it removes a constant.
	if !ch.Breaking || ch.Kind != KindResponse || !strings.Contains(ch.Rule, "enum-value-removed") || !strings.Contains(ch.Text, "client_popular_service") {
		t.Errorf("change %+v, want a breaking removal of enum value client_popular_service", ch)
	}
}

func TestClassifyDescriptionsOnly(t *testing.T) {
	d := lockedDoc(t, v2)
	setKey(t, d.get("info"), "description", "A new description of the whole API.")
	op := d.op(positions, "get")
	setKey(t, op, "description", "Lists the Positions, in a new wording.")
	setKey(t, op, "summary", "List all Positions")
	setKey(t, d.param(op, "company_id"), "description", "The Location's ID")
	setKey(t, d.get("paths", positions, "get", "responses", "200"), "description", "The Positions")
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusDocsOnly, 0, 0)
	if len(a.Added)+len(a.Removed)+len(a.Changed)+len(a.Other) != 0 {
		t.Errorf("documentation-only drift listed changes: %+v", a)
	}
	if !strings.Contains(r.Text(), "no API change") {
		t.Errorf("text report does not say no API change:\n%s", r.Text())
	}
}

// TestClassifyMovedOperation is the shape of a real upstream change: the
// Positions operations moved between /companies/... and /locations/...
// under the same operationIds. The methods stay; nothing breaks.
func TestClassifyMovedOperation(t *testing.T) {
	d := lockedDoc(t, v2)
	paths := d.get("paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		if k := paths.Content[i]; k.Value == positions {
			k.Value = "/companies/{company_id}/positions"
		}
	}
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 0, 2)
	if len(a.Added)+len(a.Removed) != 0 {
		t.Errorf("moved operations listed as added %v or removed %v", a.Added, a.Removed)
	}
	for _, m := range []string{"GET", "POST"} {
		chs := changesOf(t, a, m, "/companies/{company_id}/positions")
		if len(chs) != 1 || chs[0].Rule != RuleOperationMoved || chs[0].Breaking {
			t.Errorf("%s: changes %+v, want one non-breaking move", m, chs)
		}
	}
}

func TestClassifyPathParameterRenamed(t *testing.T) {
	d := lockedDoc(t, v2)
	paths := d.get("paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		if k := paths.Content[i]; k.Value == positionByID {
			k.Value = "/locations/{location_id}/positions/{position_id}"
		}
	}
	for _, m := range []string{"get", "put", "delete"} {
		p := d.param(d.op("/locations/{location_id}/positions/{position_id}", m), "company_id")
		setKey(t, p, "name", "location_id")
	}
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 0, 3)
	for _, m := range []string{"GET", "PUT", "DELETE"} {
		chs := changesOf(t, a, m, "/locations/{location_id}/positions/{position_id}")
		if len(chs) != 1 || chs[0].Rule != RulePathParameterRenamed || chs[0].Breaking {
			t.Errorf("%s: changes %+v, want one non-breaking path parameter rename", m, chs)
		}
	}
}

func TestCheckLockedSpecUnavailable(t *testing.T) {
	d := lockedDoc(t, v2)
	deleteKey(t, d.get("paths", positionByID), "delete")
	e := newEnv(t, map[string][]byte{v2.SpecFile(): d.bytes()}) // empty cache
	r := Check(context.Background(), Options{APIs: []gen.API{v2}, Acquirer: e.acquirer(t)})
	a := r.APIs[0]
	if a.Status != StatusUnknown || r.ExitCode != ExitDrift {
		t.Fatalf("status %q, exit %d; want %q, 1\n%s", a.Status, r.ExitCode, StatusUnknown, r.Text())
	}
	if len(a.Notes) == 0 || !strings.Contains(a.Notes[0], "unavailable") || !strings.Contains(a.Notes[0], a.Locked.SHA256) {
		t.Errorf("notes %q should say the diff is unavailable and name the locked sha256", a.Notes)
	}
}

func TestCheckBadDocument(t *testing.T) {
	for name, spec := range map[string]string{
		"not YAML":     "openapi: 3.1.1\npaths: [\n",
		"not loadable": "openapi: 3.1.1\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/missing'}\n",
		"HTML":         "<!DOCTYPE html><html><body>Maintenance</body></html>",
	} {
		t.Run(name, func(t *testing.T) {
			e := newEnv(t, map[string][]byte{v2.SpecFile(): []byte(spec)}, v2)
			r := Check(context.Background(), Options{APIs: []gen.API{v2}, Acquirer: e.acquirer(t)})
			if a := r.APIs[0]; a.Status != StatusError || r.ExitCode != ExitError || a.Error == "" {
				t.Fatalf("status %q, exit %d, error %q; want error, 2", a.Status, r.ExitCode, a.Error)
			}
		})
	}
}

func TestReportFormats(t *testing.T) {
	d := lockedDoc(t, v2)
	deleteKey(t, d.get("paths", positionByID), "delete")
	r, _ := checkV2(t, d.bytes())
	var js strings.Builder
	if err := r.Write(&js, FormatJSON); err != nil {
		t.Fatal(err)
	}
	var back Report
	if err := json.Unmarshal([]byte(js.String()), &back); err != nil {
		t.Fatal(err)
	}
	if back.ExitCode != 1 || !back.Drift || len(back.APIs) != 1 || len(back.APIs[0].Removed) != 1 || !back.APIs[0].Removed[0].Breaking {
		t.Errorf("JSON report does not round-trip: %s", js.String())
	}
	var md strings.Builder
	if err := r.Write(&md, FormatMarkdown); err != nil {
		t.Fatal(err)
	}
	for _, s := range []string{"## Altegio API spec drift", "| b2b-v2 | changed | 1 | 0 |", "#### Removed operations"} {
		if !strings.Contains(md.String(), s) {
			t.Errorf("markdown lacks %q:\n%s", s, md.String())
		}
	}
	if err := r.Write(&md, "xml"); err == nil {
		t.Error("unknown format accepted")
	}
}

// TestCheckSpecRegenCannotUse: a path whose parameter no longer matches
// its declaration loads, and diffs, but does not generate; the report says
// that -update would fail.
func TestCheckSpecRegenCannotUse(t *testing.T) {
	d := lockedDoc(t, v2)
	paths := d.get("paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		if k := paths.Content[i]; k.Value == positions {
			k.Value = "/locations/{location_id}/positions"
		}
	}
	r, a := checkV2(t, d.bytes())
	if a.Status != StatusChanged || r.ExitCode != ExitDrift {
		t.Fatalf("status %q, exit %d", a.Status, r.ExitCode)
	}
	if len(a.Notes) != 1 || !strings.Contains(a.Notes[0], "regen cannot generate a client from the current spec") {
		t.Errorf("notes %q, want one saying regen cannot use the spec", a.Notes)
	}
}

// TestClassifyEnumValueRemovedExamplesStillUse: upstream drops an enum
// value that the operation's example still sends. The drift check sees
// the published change (gen.Complete, which puts the value back from the
// example, does not hide it) and says apart that completion adds it back
// in the generated client.
func TestClassifyEnumValueRemovedExamplesStillUse(t *testing.T) {
	d := lockedDoc(t, v2)
	enum := spectest.MapGet(d.find("suggestion_type"), "enum")
	i := slices.IndexFunc(enum.Content, func(n *yaml.Node) bool { return n.Value == "master_popular_service" })
	if i < 0 {
		t.Fatal("no enum value master_popular_service")
	}
	if !strings.Contains(string(d.bytes()), "suggestion_type: master_popular_service") {
		t.Fatal("no example uses master_popular_service")
	}
	enum.Content = slices.Delete(enum.Content, i, i+1)
	r, a := checkV2(t, d.bytes())
	wantDrift(t, r, a, StatusChanged, 1, 0)
	ch := onlyChange(t, a, "GET", "/locations/{location_id}/attendance_service_suggestions")
	if !ch.Breaking || !strings.Contains(ch.Rule, "enum-value-removed") || !strings.Contains(ch.Text, "master_popular_service") {
		t.Errorf("change %+v, want a breaking removal of enum value master_popular_service", ch)
	}
	if len(a.Completion) != 1 || !strings.Contains(a.Completion[0], "added from the current spec's examples") ||
		!strings.Contains(a.Completion[0], `suggestion_type: enum "master_popular_service"`) {
		t.Errorf("completion %q; want the value put back from the example", a.Completion)
	}
	for _, s := range []string{r.Text(), r.Markdown()} {
		if !strings.Contains(s, "removed the `master_popular_service` enum value") || !strings.Contains(s, `enum "master_popular_service"`) {
			t.Errorf("report lacks the removal or completion's effect:\n%s", s)
		}
	}
}
