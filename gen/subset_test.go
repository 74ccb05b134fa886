package gen_test

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// writeConfig writes a config file into dir and loads it.
func writeConfig(t *testing.T, dir, name, content string) *gen.Config {
	t.Helper()
	path := filepath.Join(dir, name)
	if err := os.WriteFile(path, []byte(content), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := gen.LoadConfig(path)
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// tempModule creates a module in a temporary directory that requires this
// one (replaced by the checkout), with this module's requirements and
// go.sum, so that generated code compiles in it offline.
func tempModule(t *testing.T) string {
	t.Helper()
	root := spectest.ModuleRoot(t)
	dir := t.TempDir()
	gomod, err := os.ReadFile(filepath.Join(root, "go.mod"))
	if err != nil {
		t.Fatal(err)
	}
	gomod = bytes.Replace(gomod, []byte("module github.com/altegio-go/altegio\n"), []byte("module example.com/subsettest\n"), 1)
	gomod = append(gomod, []byte("\nrequire github.com/altegio-go/altegio v0.0.0\n\nreplace github.com/altegio-go/altegio => "+root+"\n")...)
	gosum, err := os.ReadFile(filepath.Join(root, "go.sum"))
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.mod"), gomod, 0o644); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "go.sum"), gosum, 0o644); err != nil {
		t.Fatal(err)
	}
	return dir
}

const teamMembersConfig = "api: b2b-v2\npackage: teammembers\noutput: teammembers\ninclude-tags: [Team Members]\n"

// TestSubsetMisspelledTag is the acceptance test: a config with a
// misspelled tag fails with a message that names the config file and the
// tag it probably meant, on one line.
func TestSubsetMisspelledTag(t *testing.T) {
	dir := t.TempDir()
	c := writeConfig(t, dir, "altegio.yaml", "api: b2b-v2\npackage: teammembers\noutput: teammembers\ninclude-tags: [Team Member]\n")
	_, err := gen.BuildConfig(context.Background(), c, spectest.Acquirer(t), nil)
	if err == nil {
		t.Fatal("no error for a misspelled tag")
	}
	msg := err.Error()
	for _, want := range []string{
		filepath.Join(dir, "altegio.yaml") + ": include-tags: unknown tag \"Team Member\" in b2b-v2",
		`did you mean "Team Members"?`,
		"(tags: Appointments, Booking Users, Custom Fields, Events, Products, Services, Tags, Team Members)",
	} {
		if !strings.Contains(msg, want) {
			t.Errorf("error %q\n does not contain %q", msg, want)
		}
	}
	if strings.Contains(msg, "\n") {
		t.Errorf("error is not one line: %q", msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "teammembers")); !os.IsNotExist(err) {
		t.Errorf("output directory created: %v", err)
	}
}

func TestSubsetUnknownOperation(t *testing.T) {
	dir := t.TempDir()
	c := writeConfig(t, dir, "altegio.yaml", "api: b2b-v2\npackage: x\noutput: x\ninclude-operations: [list_team_member]\n")
	_, err := gen.BuildConfig(context.Background(), c, spectest.Acquirer(t), nil)
	if err == nil || !strings.Contains(err.Error(), `include-operations: unknown operationId "list_team_member" in b2b-v2; did you mean "list_team_members"?`) {
		t.Errorf("err = %v", err)
	}
}

// declaredTypes returns the names of the types declared in the Go files
// among files, and for each, how often its name occurs elsewhere in them.
func declaredTypes(t *testing.T, files map[string][]byte) map[string]int {
	t.Helper()
	fset := token.NewFileSet()
	decls := map[string]int{}
	var parsed []*ast.File
	for _, name := range slices.Sorted(maps.Keys(files)) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, files[name], parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		parsed = append(parsed, f)
		for _, d := range f.Decls {
			if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
				for _, s := range gd.Specs {
					decls[s.(*ast.TypeSpec).Name.Name] = 0
				}
			}
		}
	}
	for _, f := range parsed {
		ast.Inspect(f, func(n ast.Node) bool {
			switch n := n.(type) {
			case *ast.TypeSpec:
				// Not the declaration's own name, but its type.
				ast.Inspect(n.Type, func(m ast.Node) bool {
					if id, ok := m.(*ast.Ident); ok {
						if _, ok := decls[id.Name]; ok {
							decls[id.Name]++
						}
					}
					return true
				})
				return false
			case *ast.Ident:
				if _, ok := decls[n.Name]; ok {
					decls[n.Name]++
				}
			}
			return true
		})
	}
	return decls
}

// TestSubsetTeamMembers generates the Team Members subset of b2b-v2 and
// checks that it has exactly the tag's operations, keeps only the types
// they use, imports only the runtime and the standard library, and comes
// out the same twice.
func TestSubsetTeamMembers(t *testing.T) {
	acq := spectest.Acquirer(t)
	dir := tempModule(t)
	c := writeConfig(t, dir, "teammembers.yaml", teamMembersConfig)
	b, err := gen.BuildConfig(context.Background(), c, acq, nil)
	if err != nil {
		t.Fatal(err)
	}

	// The operations: the tag's, as the spec has them.
	api := gen.APIs[1]
	patched, err := gen.PatchSpec(api, spectest.Spec(t, api))
	if err != nil {
		t.Fatal(err)
	}
	var want []string
	for _, op := range gen.Operations(patched.Doc) {
		if slices.Contains(op.Tags, "Team Members") {
			want = append(want, op.OperationID)
		}
	}
	var got []string
	for _, line := range strings.Split(string(b.Files[gen.InventoryFile]), "\n") {
		if f := strings.Fields(line); len(f) > 3 && f[3] == "→" {
			got = append(got, f[2])
		}
	}
	slices.Sort(got)
	if len(want) == 0 || !slices.Equal(got, want) {
		t.Errorf("operations %q, want the Team Members ones %q", got, want)
	}

	// Pruning: nothing of other tags, and no type that nothing uses.
	types := declaredTypes(t, b.Files)
	for name, uses := range types {
		for _, other := range []string{"Appointment", "Event", "Product", "Service", "BookingUser", "CustomField", "Tag"} {
			if strings.Contains(name, other) && !strings.Contains(name, "TeamMember") {
				t.Errorf("type %s of another tag kept", name)
			}
		}
		if uses == 0 {
			t.Errorf("type %s is declared but not used", name)
		}
	}
	full := declaredTypes(t, readDir(t, filepath.Join(spectest.ModuleRoot(t), api.OutputDir())))
	if len(types) == 0 || len(types) >= len(full)/2 {
		t.Errorf("the subset declares %d types, the full package %d", len(types), len(full))
	}

	// Imports.
	imports, err := gen.Imports(b.Files)
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range imports {
		if p != gen.RuntimeImport && p != gen.PlumbingImport && !gen.IsStandardImport(p) {
			t.Errorf("the subset imports %s", p)
		}
	}
	if !slices.Contains(imports, gen.RuntimeImport) {
		t.Errorf("the subset does not import the runtime: %q", imports)
	}

	// The header and the package comment.
	client := string(b.Files[gen.FileClient])
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	entry, _ := lock.Entry("b2b-v2")
	if !strings.HasPrefix(client, "// Code generated by altegio-go regen from b2b-v2.openapi.yaml (sha256 "+entry.SHA256+")") {
		t.Errorf("header: %s", strings.SplitN(client, "\n", 2)[0])
	}
	if !strings.Contains(client, "// Package teammembers is a generated client of part of Altegio's b2b-v2 API") ||
		!strings.Contains(client, "selected by teammembers.yaml (include-tags: Team Members)") ||
		!strings.Contains(client, "go run github.com/altegio-go/altegio/cmd/regen -config teammembers.yaml") {
		t.Errorf("package comment:\n%s", client[:min(len(client), 800)])
	}

	// Determinism.
	again, err := gen.BuildConfig(context.Background(), c, acq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(b.Files, again.Files, bytes.Equal) {
		t.Error("two builds of the same config differ")
	}
}

// readDir reads the regular files of dir.
func readDir(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.Type().IsRegular() {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

// TestRunConfigTwice runs the whole -config path twice for a v1 subset
// with paged lists, into a module of its own: the first run writes a
// package that compiles there, with its iterators; the second finds it up
// to date and leaves it byte-identical.
func TestRunConfigTwice(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	acq := spectest.Acquirer(t)
	dir := tempModule(t)
	c := writeConfig(t, filepath.Join(dir), "appointments.yaml",
		"api: b2b-v1\npackage: appointments\noutput: internal/appointments\ninclude-tags: [Appointments]\nexclude-operations: [get_visit_receipt_pdf]\n")
	var progress bytes.Buffer
	changed, err := gen.RunConfig(context.Background(), c, acq, &gen.Progress{W: &progress})
	if err != nil {
		t.Fatal(err)
	}
	if !changed {
		t.Error("first run: not changed")
	}
	out := filepath.Join(dir, "internal", "appointments")
	first := readDir(t, out)
	if !bytes.Contains(first["appointments.go"], []byte("func (s *AppointmentsService) ListAll(")) {
		t.Errorf("no Appointments.ListAll in appointments.go of %q", slices.Sorted(maps.Keys(first)))
	}
	inv := string(first[gen.InventoryFile])
	if !strings.Contains(inv, "get_appointment_list → Appointments.List []Appointment, iterator Appointments.ListAll") || strings.Contains(inv, "get_visit_receipt_pdf") {
		t.Errorf("inventory:\n%s", inv)
	}
	if err := gen.CheckImports(first); err != nil {
		t.Error(err)
	}
	var steps []string
	for _, l := range strings.Split(strings.TrimSpace(progress.String()), "\n") {
		steps = append(steps, strings.Fields(l)[1])
	}
	if got := strings.Join(steps, " "); got != "acquire patch select model generate format verify write" {
		t.Errorf("steps %q\n%s", got, progress.String())
	}

	changed, err = gen.RunConfig(context.Background(), c, acq, nil)
	if err != nil {
		t.Fatal(err)
	}
	if changed {
		t.Error("second run changed the output")
	}
	if second := readDir(t, out); !maps.EqualFunc(first, second, bytes.Equal) {
		t.Error("second run: files differ")
	}
}

func TestRunConfigNeedsAModule(t *testing.T) {
	dir := t.TempDir()
	c := writeConfig(t, dir, "altegio.yaml", teamMembersConfig)
	if _, err := gen.FindModuleDir(dir); err == nil {
		t.Skip("a go.mod above the temporary directory")
	}
	_, err := gen.RunConfig(context.Background(), c, spectest.Acquirer(t), nil)
	if err == nil || !strings.Contains(err.Error(), "no go.mod in") {
		t.Errorf("err = %v", err)
	}
}

// TestSubsetSpecOverride generates from a spec named in the config, not
// the locked one: its sha256 is not checked, and the headers record it.
func TestSubsetSpecOverride(t *testing.T) {
	real := spectest.Spec(t, gen.APIs[1])
	dir := t.TempDir()
	changed := bytes.Replace(real.Data, []byte("Business Management"), []byte("Business Management (fork)"), 1)
	if err := os.MkdirAll(filepath.Join(dir, "specs"), 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(dir, "specs", "v2.yaml"), changed, 0o644); err != nil {
		t.Fatal(err)
	}
	c := writeConfig(t, dir, "altegio.yaml", teamMembersConfig+"spec: specs/v2.yaml\n")
	b, err := gen.BuildConfig(context.Background(), c, spectest.Acquirer(t), nil)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(changed)
	header := "// Code generated by altegio-go regen from specs/v2.yaml (sha256 " + hex.EncodeToString(sum[:]) + ")"
	for name, f := range b.Files {
		if !bytes.HasPrefix(f, []byte(header)) {
			t.Errorf("%s: header %s", name, strings.SplitN(string(f), "\n", 2)[0])
		}
	}
	if !strings.Contains(string(b.Files[gen.FileClient]), "Business Management (fork)") {
		t.Error("the package comment does not come from the overriding spec")
	}

	c.Spec = "specs/missing.yaml"
	if _, err := gen.BuildConfig(context.Background(), c, spectest.Acquirer(t), nil); err == nil || !strings.Contains(err.Error(), "missing.yaml") {
		t.Errorf("missing spec: err = %v", err)
	}
}

// TestSubsetOperationIDClash runs a config whose spec gives two operations
// the same Client method (list_tags renamed listPositions, next to
// list_positions): RunConfig fails before generating, naming both
// operations, and writes nothing.
func TestSubsetOperationIDClash(t *testing.T) {
	real := spectest.Spec(t, gen.APIs[1])
	clash := bytes.Replace(real.Data, []byte("operationId: list_tags\n"), []byte("operationId: listPositions\n"), 1)
	if bytes.Equal(clash, real.Data) {
		t.Fatal("b2b-v2 has no operationId list_tags to rename")
	}
	dir := tempModule(t)
	if err := os.WriteFile(filepath.Join(dir, "v2.yaml"), clash, 0o644); err != nil {
		t.Fatal(err)
	}
	c := writeConfig(t, dir, "altegio.yaml", "api: b2b-v2\npackage: clash\noutput: clash\nspec: v2.yaml\n")
	var progress bytes.Buffer
	_, err := gen.RunConfig(context.Background(), c, spectest.Acquirer(t), &gen.Progress{W: &progress})
	if err == nil {
		t.Fatal("RunConfig accepted operationIds list_positions and listPositions")
	}
	want := `operationIds "list_positions" (GET /locations/{company_id}/positions) and "listPositions" (GET /locations/{company_id}/tags) both become the Go method ListPositions; rename one`
	if msg := err.Error(); !strings.Contains(msg, want) || strings.Contains(msg, "\n") {
		t.Errorf("error %q\n is not one line containing %q", msg, want)
	}
	if strings.Contains(progress.String(), "generate") {
		t.Errorf("the pipeline went on to generate:\n%s", progress.String())
	}
	if _, err := os.Stat(filepath.Join(dir, "clash")); !os.IsNotExist(err) {
		t.Errorf("output directory created: %v", err)
	}
}

// TestGeneratedImportsOnlyRuntime checks the committed full clients: they
// import only the runtime and the standard library.
func TestGeneratedImportsOnlyRuntime(t *testing.T) {
	root := spectest.ModuleRoot(t)
	for _, api := range gen.APIs {
		files := readDir(t, filepath.Join(root, api.OutputDir()))
		if err := gen.CheckImports(files); err != nil {
			t.Errorf("%s: %v", api.OutputDir(), err)
		}
	}
	if err := gen.CheckImports(map[string][]byte{"x.go": []byte("package x\nimport _ \"github.com/oapi-codegen/runtime\"\n")}); err == nil {
		t.Error("CheckImports accepts oapi-codegen/runtime")
	}
}

// TestDownstreamExampleUpToDate requires the generated packages committed
// in examples/downstream to be what its configs generate now, as
// TestGoldenGenerated does for generated/.
func TestDownstreamExampleUpToDate(t *testing.T) {
	root := spectest.ModuleRoot(t)
	acq := spectest.Acquirer(t)
	configs, err := filepath.Glob(filepath.Join(root, "examples", "downstream", "*.yaml"))
	if err != nil {
		t.Fatal(err)
	}
	if len(configs) < 2 {
		t.Fatalf("configs: %q", configs)
	}
	for _, path := range configs {
		t.Run(filepath.Base(path), func(t *testing.T) {
			c, err := gen.LoadConfig(path)
			if err != nil {
				t.Fatal(err)
			}
			b, err := gen.BuildConfig(context.Background(), c, acq, nil)
			if err != nil {
				t.Fatal(err)
			}
			rel, _ := filepath.Rel(root, c.OutputDir())
			if msg := diffDir(c.OutputDir(), rel, b.Files); msg != "" {
				t.Fatalf("%s\nrun `go generate ./...` in examples/downstream (or make regen)", msg)
			}
		})
	}
}
