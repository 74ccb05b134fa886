package gen

import (
	"go/ast"
	"go/format"
	"go/parser"
	"go/token"
	"maps"
	"slices"
	"strconv"
	"strings"
	"testing"
)

// formatSrc is a small stand-in for oapi-codegen's output through our
// templates: one file with every kind of declaration and imports that only
// some of them use.
const formatSrc = `// Package pets is oapi-codegen's package comment, which Format drops.
package pets

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"

	"github.com/altegio-go/altegio"
)

// Defines values for Kind.
const (
	KindCat Kind = "cat"
	KindDog Kind = "dog"
)

// Pet defines model for Pet.
type Pet struct {
	Born  *altegio.Time          ` + "`json:\"born,omitempty\"`" + `
	Kind  Kind                   ` + "`json:\"kind\"`" + `
	Owner altegio.Object[Person] ` + "`json:\"owner,omitempty,omitzero\"`" + `
}

// Person defines model for Person.
type Person struct {
	Name string ` + "`json:\"name\"`" + `
}

// Kind defines model for Pet.Kind.
type Kind string

// Valid says whether the value is a known Kind.
func (e Kind) Valid() bool {
	return e == KindCat || e == KindDog
}

// ListPetsParams defines parameters for ListPets.
type ListPetsParams struct {
	Page *int ` + "`form:\"page,omitempty\" json:\"page,omitempty\"`" + `
}

// CreatePetJSONRequestBody defines body for CreatePet for application/json ContentType.
type CreatePetJSONRequestBody = Pet

// DefaultBaseURL is the production server of this API.
const DefaultBaseURL = "https://pets.example.test/api"

// API calls the API.
type API struct {
	rt     *altegio.Client
	server string
	common service
	Pets   *PetsService
}

type service struct{ api *API }

// PetsService calls the operations tagged "Pets".
type PetsService service

// New returns a client of the API at DefaultBaseURL.
func New(opts ...altegio.Option) *API {
	return NewWithRuntime(altegio.NewClient(DefaultBaseURL, opts...))
}

// NewWithRuntime returns a client that sends its requests through rt.
func NewWithRuntime(rt *altegio.Client) *API {
	a := &API{rt: rt, server: rt.BaseURL() + "/"}
	a.Pets = (*PetsService)(&a.common)
	return a
}

// GetPet gets one pet.
func (s *PetsService) GetPet(ctx context.Context, id int64, opts ...altegio.CallOption) (*Pet, error) {
	req, err := newGetPetRequest(s.api.server, id)
	if err != nil {
		return nil, fmt.Errorf("altegio: GetPet: %w", err)
	}
	var out Pet
	if err := s.api.rt.Do(ctx, req, altegio.AuthPartnerUser, &out, opts...); err != nil {
		return nil, err
	}
	return &out, nil
}

// newCreatePetRequest calls the generic CreatePet builder with a JSON body.
func newCreatePetRequest(server string, body CreatePetJSONRequestBody) (*http.Request, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return newCreatePetRequestWithBody(server, "application/json", bytes.NewReader(buf))
}

// newCreatePetRequestWithBody builds a CreatePet request.
func newCreatePetRequestWithBody(server, contentType string, body io.Reader) (*http.Request, error) {
	req, err := http.NewRequest(http.MethodPost, server+"pets", body)
	if err != nil {
		return nil, err
	}
	req.Header.Add("Content-Type", contentType)
	return req, nil
}

// newGetPetRequest builds a GetPet request.
func newGetPetRequest(server string, id int64) (*http.Request, error) {
	return http.NewRequest(http.MethodGet, fmt.Sprintf("%spets/%d", server, id), nil)
}

// ResponseBody returns a new value of the Go type of a response's JSON body.
func ResponseBody(operationID, status string) (any, bool) {
	newBody, ok := responseBodies[operationID+" "+status]
	if !ok {
		return nil, false
	}
	return newBody(), true
}

// responseBodies maps "<operationId> <status>" to a constructor.
var responseBodies = map[string]func() any{
	"getPet 200": func() any { return new(Pet) },
}
`

// formatDecls lists a file's imports and its top-level declarations in
// order, methods as Recv.Name.
func formatDecls(t *testing.T, name string, src []byte) (imports, decls []string) {
	t.Helper()
	f, err := parser.ParseFile(token.NewFileSet(), name, src, parser.ParseComments)
	if err != nil {
		t.Fatalf("%s does not parse: %v\n%s", name, err, src)
	}
	for _, imp := range f.Imports {
		p, err := strconv.Unquote(imp.Path.Value)
		if err != nil {
			t.Fatal(err)
		}
		imports = append(imports, p)
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.FuncDecl:
			if r := receiverName(d.Recv); r != "" {
				decls = append(decls, r+"."+d.Name.Name)
			} else {
				decls = append(decls, d.Name.Name)
			}
		case *ast.GenDecl:
			if d.Tok == token.IMPORT {
				continue
			}
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					decls = append(decls, s.Name.Name)
				case *ast.ValueSpec:
					for _, n := range s.Names {
						decls = append(decls, n.Name)
					}
				}
			}
		}
	}
	return imports, decls
}

func TestFormatSplits(t *testing.T) {
	h := Header{SpecFile: "pets.openapi.yaml", SHA256: "0123abcd"}
	pkgDoc := "// Package pets is a test client.\n"
	files, err := Format([]byte(formatSrc), "pets", pkgDoc, h)
	if err != nil {
		t.Fatal(err)
	}
	type want struct {
		imports, decls []string
	}
	wants := map[string]want{
		FileClient: {
			imports: []string{"context", "fmt", "github.com/altegio-go/altegio"},
			decls:   []string{"DefaultBaseURL", "API", "service", "PetsService", "New", "NewWithRuntime", "PetsService.GetPet"},
		},
		FileRequests: {
			imports: []string{"bytes", "encoding/json", "fmt", "io", "net/http"},
			decls:   []string{"newCreatePetRequest", "newCreatePetRequestWithBody", "newGetPetRequest"},
		},
		FileResponses: {
			imports: nil,
			decls:   []string{"ResponseBody", "responseBodies"},
		},
		FileParams: {
			imports: nil,
			decls:   []string{"ListPetsParams", "CreatePetJSONRequestBody"},
		},
		FileModels: {
			imports: []string{"github.com/altegio-go/altegio"},
			decls:   []string{"KindCat", "KindDog", "Pet", "Person", "Kind", "Kind.Valid"},
		},
	}
	if got := sortedKeys(files); !slices.Equal(got, sortedKeys(wants)) {
		t.Fatalf("files = %v, want %v", got, sortedKeys(wants))
	}
	for name, w := range wants {
		src := files[name]
		imports, decls := formatDecls(t, name, src)
		if !slices.Equal(imports, w.imports) {
			t.Errorf("%s imports %v, want %v", name, imports, w.imports)
		}
		if !slices.Equal(decls, w.decls) {
			t.Errorf("%s declares %v, want %v", name, decls, w.decls)
		}
		if !strings.HasPrefix(string(src), h.String()+"\n") {
			t.Errorf("%s does not start with the header and a blank line:\n%s", name, src)
		}
		if formatted, err := format.Source(src); err != nil || string(formatted) != string(src) {
			t.Errorf("%s is not gofmt-clean (err %v)", name, err)
		}
		if strings.Contains(string(src), "oapi-codegen's package comment") {
			t.Errorf("%s kept the source's package comment", name)
		}
		hasDoc := strings.Contains(string(src), pkgDoc+"package pets\n")
		if hasDoc != (name == FileClient) {
			t.Errorf("%s: package comment present = %v", name, hasDoc)
		}
	}
	// Doc comments travel with their declarations.
	for name, comment := range map[string]string{
		FileClient:    "// GetPet gets one pet.\nfunc (s *PetsService) GetPet(",
		FileRequests:  "// newGetPetRequest builds a GetPet request.\nfunc newGetPetRequest(",
		FileResponses: "// ResponseBody returns a new value of the Go type of a response's JSON body.\nfunc ResponseBody(",
		FileParams:    "// ListPetsParams defines parameters for ListPets.\ntype ListPetsParams struct",
		FileModels:    "// Defines values for Kind.\nconst (",
	} {
		if !strings.Contains(string(files[name]), comment) {
			t.Errorf("%s lacks %q", name, comment)
		}
	}

	// The same input gives the same output.
	again, err := Format([]byte(formatSrc), "pets", pkgDoc, h)
	if err != nil {
		t.Fatal(err)
	}
	if !maps.EqualFunc(files, again, func(a, b []byte) bool { return string(a) == string(b) }) {
		t.Error("Format is not deterministic")
	}
}

func TestFormatNoPackageDoc(t *testing.T) {
	files, err := Format([]byte(formatSrc), "pets", "", Header{SpecFile: "pets.openapi.yaml", SHA256: "00"})
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range files {
		if strings.Contains(string(src), "// Package") {
			t.Errorf("%s has a package comment", name)
		}
	}
}

func TestFormatErrors(t *testing.T) {
	_, err := Format([]byte("package pets\n\nfunc (\n"), "pets", "", Header{})
	if err == nil || !strings.Contains(err.Error(), "does not parse") || strings.Contains(err.Error(), "\n") {
		t.Errorf("unparsable source: err %v, want a one-line does-not-parse error", err)
	}
}

func TestFileFor(t *testing.T) {
	src := `package p
func (a *API) A() {}
func (x *Thing) C() {}
func New() {}
func NewWithRuntime() {}
func newXRequest() {}
func newXRequestWithBody() {}
func NewThing() {}
func Helper() {}
type API struct{}
type XParams struct{}
type XJSONBody struct{}
type XMultipartBody struct{}
type XJSONRequestBody = XJSONBody
type Thing struct{}
type (
	A int
	B int
)
var V int
const K = 1
func ResponseBody() {}
var responseBodies int
const DefaultBaseURL = "x"
const MockBaseURL = "y"
func (a *API) Runtime() {}
`
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "p.go", src, 0)
	if err != nil {
		t.Fatal(err)
	}
	want := []string{
		FileClient, FileModels,
		FileClient, FileClient, FileRequests, FileRequests, FileModels, FileModels,
		FileClient, FileParams, FileParams, FileParams, FileParams, FileModels,
		FileModels, FileModels, FileModels,
		// The response registry, the base URLs and a Client method.
		FileResponses, FileResponses, FileClient, FileClient, FileClient,
	}
	if len(f.Decls) != len(want) {
		t.Fatalf("%d declarations, want %d", len(f.Decls), len(want))
	}
	for i, d := range f.Decls {
		if got := fileFor(d); got != want[i] {
			start := fset.Position(d.Pos()).Offset
			end := fset.Position(d.End()).Offset
			t.Errorf("%q goes to %s, want %s", src[start:end], got, want[i])
		}
	}
}

// TestParseHeader reads back what Header.String writes, and nothing else.
func TestParseHeader(t *testing.T) {
	h := Header{SpecFile: "b2b-v2.openapi.yaml", SHA256: strings.Repeat("ab", 32)}
	if got, ok := ParseHeader(h.String()); !ok || got != h {
		t.Errorf("ParseHeader(%q) = %+v, %v", h.String(), got, ok)
	}
	for _, line := range []string{
		"// Code generated by oapi-codegen. DO NOT EDIT.",
		"// Code generated by altegio-go regen from x.yaml (sha256 1234) with oapi-codegen v2.8.2. DO NOT EDIT.",
		"// Code generated by altegio-go regen from x.yaml with oapi-codegen v2.8.2.",
	} {
		if got, ok := ParseHeader(line); ok {
			t.Errorf("ParseHeader(%q) = %+v, want no header", line, got)
		}
	}
}

func TestFormatUndeclaredImport(t *testing.T) {
	src := "package pets\n\nimport \"fmt\"\n\nfunc F() string { return fmt.Sprint(sort.IsSorted(nil)) }\n"
	_, err := Format([]byte(src), "pets", "", Header{})
	if err == nil || !strings.Contains(err.Error(), "sort.IsSorted") || !strings.Contains(err.Error(), "models.go") {
		t.Errorf("a package no import declares: err %v, want one naming models.go and sort.IsSorted", err)
	}
}

func TestImportBlock(t *testing.T) {
	src := `package p

import (
	"fmt"
	"go.yaml.in/yaml/v3"
	"gopkg.in/yaml.v2"
	"net/url"

	openapi_types "github.com/oapi-codegen/runtime/types"
	"github.com/altegio-go/altegio"
	 "github.com/altegio-go/altegio"
	"github.com/go-chi/chi/v5"
)
`
	f, err := parser.ParseFile(token.NewFileSet(), "p.go", src, parser.ImportsOnly)
	if err != nil {
		t.Fatal(err)
	}
	imps := sourceImports(f)
	var names []string
	for _, imp := range imps.list {
		names = append(names, imp.refName())
	}
	if want := []string{"fmt", "yaml", "yaml", "url", "openapi_types", "altegio", "chi"}; !slices.Equal(names, want) {
		t.Errorf("names %v, want %v", names, want)
	}
	for _, c := range []struct {
		used []string
		want string
	}{
		{nil, ""},
		{[]string{"altegio"}, "import (\n\t\"github.com/altegio-go/altegio\"\n)"},
		{[]string{"altegio", "url", "openapi_types", "fmt"}, "import (\n\t\"fmt\"\n\t\"net/url\"\n\n\t\"github.com/altegio-go/altegio\"\n\topenapi_types \"github.com/oapi-codegen/runtime/types\"\n)"},
	} {
		used := map[string]bool{}
		for _, u := range c.used {
			used[u] = true
		}
		if got := imps.block(used); got != c.want {
			t.Errorf("block(%v) = %q, want %q", c.used, got, c.want)
		}
	}
}
