package gen

import (
	"bytes"
	"maps"
	"os"
	"slices"
	"testing"
)

// TestFormatByTag: each tag's file holds its service, the service's
// methods and the types only its operations use; its request builders are
// in <tag>_requests.go; a type two tags use is in models.go.
func TestFormatByTag(t *testing.T) {
	spec, err := os.ReadFile(miniSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	p, src := namedMiniSource(t, spec)
	tags := OperationTags(p.Doc)
	src, _, err = AddExtraFields(src)
	if err != nil {
		t.Fatal(err)
	}
	files, err := FormatByTag(src, miniAPI.Package, "// Package mini is a test.\n", Header{SpecFile: "mini.openapi.yaml", SHA256: "0"}, tags)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{"client.go", "clients.go", "clients_requests.go", "models.go", "responses.go", "shops.go", "shops_requests.go", "visits.go", "visits_requests.go"}
	if got := sortedKeys(files); !slices.Equal(got, want) {
		t.Fatalf("files %v, want %v", got, want)
	}
	has := func(file, decl string) {
		t.Helper()
		if !bytes.Contains(files[file], []byte("\n"+decl)) {
			t.Errorf("%s lacks %q", file, decl)
		}
	}
	has("visits.go", "type VisitsService service")
	has("visits.go", "func (s *VisitsService) List(")
	has("visits.go", "func (s *VisitsService) ListAll(")
	has("visits.go", "type ListVisitsParams struct")
	has("visits.go", "type ListVisitsResponse struct")              // only listVisits returns it
	has("visits.go", "func (v *ListVisitsResponse) UnmarshalJSON(") // methods follow their type
	has("visits_requests.go", "func newListVisitsRequest(")
	has("clients.go", "func (s *ClientsService) Update(")
	has("clients_requests.go", "func newUpdateClientRequest(")
	has("shops.go", "func (s *ShopsService) UploadPhoto(")
	has("models.go", "type Problem struct") // no method returns it (an error body)
	has("client.go", "type API struct")
	has("responses.go", "func ResponseBody(")
	if !bytes.Contains(files["client.go"], []byte("// Package mini is a test.")) {
		t.Error("client.go lacks the package comment")
	}
}

// TestFormatByTagParts: the source and the methods the pipeline adds,
// parsed apart, format as the whole does.
func TestFormatByTagParts(t *testing.T) {
	spec, err := os.ReadFile(miniSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	p, src := namedMiniSource(t, spec)
	tags := OperationTags(p.Doc)
	head, added, _, getters, err := addExtraFieldsAndGetters(src)
	if err != nil {
		t.Fatal(err)
	}
	if getters == 0 || len(added) == 0 {
		t.Fatal("the mini spec gets no methods: the test does not test the parts")
	}
	h := Header{SpecFile: "mini.openapi.yaml", SHA256: "0"}
	want, wantMethods, err := formatByTag([][]byte{append(append([]byte(nil), head...), added...)}, miniAPI.Package, "// Package mini is a test.\n", h, tags)
	if err != nil {
		t.Fatal(err)
	}
	got, gotMethods, err := formatByTag([][]byte{head, added}, miniAPI.Package, "// Package mini is a test.\n", h, tags)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(got, want, bytes.Equal) || !maps.Equal(gotMethods, wantMethods) {
		t.Error("formatting the source in parts gives other files than the whole")
	}
}
