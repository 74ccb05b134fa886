package gen

import (
	"os"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// namedMiniSource runs patch, the model and generate on the mini spec
// src, as the pipeline does, and returns the patched spec and the source.
func namedMiniSource(t *testing.T, src []byte) (*Patched, []byte) {
	t.Helper()
	overlay, err := os.ReadFile(miniOverlayPath)
	if err != nil {
		t.Fatal(err)
	}
	p, err := Patch(miniAPI, src, overlay, miniOverlayPath, Transforms)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := BuildModel(p.Doc, nil, false); err != nil {
		t.Fatal(err)
	}
	code, err := GenerateSource(p.Doc, miniAPI.Package)
	if err != nil {
		t.Fatal(err)
	}
	return p, code
}

func TestCleanComponentName(t *testing.T) {
	for in, want := range map[string]string{
		"CompanyCompanyidClientsSearchResponseDataTypes":        "ClientsSearchResponse",
		"CompanyCompanyidStaffStaffidResponse403DataTypes":      "StaffResponse403",
		"CompanyCompanyidServiceCategoriesResponse200DataTypes": "ServiceCategoriesResponse",
		"CompanySalonIDSaleDocumentidResponseDataTypes":         "SalonSaleDocumentResponse",
		"CommentsCompanyidRessponse200DataTypes":                "CommentsCompanyResponse",
		"ClientsFilesClientidReaponseDataTypes":                 "ClientsFilesClientResponse",
		"N401UnauthorizedResponseLegacy":                        "UnauthorizedResponseLegacy",
		"AuthRequest":                                           "AuthRequest",
		"EmailClientsByIDRequestDataTypes":                      "EmailClientsByIDRequest",
		"Paid":                                                  "Paid",
		"ClientsResponseDataTypes400":                           "ClientsResponse400",
	} {
		if got := cleanComponentName(in); got != want {
			t.Errorf("cleanComponentName(%q) = %q, want %q", in, got, want)
		}
	}
	if got := strings.Join(splitWords("CompanySalonIDSaleDocumentid200X"), " "); got != "Company Salon ID Sale Documentid200 X" {
		t.Errorf("splitWords = %q", got)
	}
}

// TestNameParameters: a path parameter described as the ID of something
// is named after it; one whose name says so already, or that has an
// x-go-name, or is not in the path, is left alone.
func TestNameParameters(t *testing.T) {
	doc, err := openapi3.NewLoader().LoadFromData([]byte(`
openapi: 3.0.3
info: {title: t, version: "1"}
paths:
  /locations/{company_id}/things/{thing_id}/{x}:
    get:
      operationId: get_thing
      parameters:
        - {name: company_id, in: path, required: true, description: Location ID, schema: {type: integer}}
        - {name: thing_id, in: path, required: true, description: Thing ID, schema: {type: integer}}
        - {name: x, in: path, required: true, description: Team member id., x-go-name: Mine, schema: {type: integer}}
        - {name: staff_id, in: query, description: Team member ID, schema: {type: integer}}
      responses: {"204": {description: ok}}
`))
	if err != nil {
		t.Fatal(err)
	}
	if n := NameParameters(doc); n != 1 {
		t.Errorf("renamed %d parameters, want 1", n)
	}
	got := map[string]any{}
	for _, p := range doc.Paths.Value("/locations/{company_id}/things/{thing_id}/{x}").Get.Parameters {
		got[p.Value.Name] = p.Value.Extensions["x-go-name"]
	}
	if got["company_id"] != "LocationID" || got["thing_id"] != nil || got["x"] != "Mine" || got["staff_id"] != nil {
		t.Errorf("x-go-name by parameter: %v", got)
	}
}

// TestAddGetters: a pointer field gets a nil-safe getter of its value; a
// pointer to a struct of the package one that returns the pointer; a
// name already taken gets none.
func TestAddGetters(t *testing.T) {
	src := "package p\n\ntype Inner struct{ N *int }\n\ntype Outer struct {\n\tIn *Inner\n\tS *[]string\n\tV int\n\tTaken *int\n\tGetTaken int\n}\n"
	out, n, err := AddGetters([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"func (v *Inner) GetN() (zero int) {\n\tif v == nil || v.N == nil {\n\t\treturn zero\n\t}\n\treturn *v.N\n}",
		"func (v *Outer) GetIn() *Inner {\n\tif v == nil {\n\t\treturn nil\n\t}\n\treturn v.In\n}",
		"func (v *Outer) GetS() (zero []string) {",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if n != 3 || strings.Contains(got, "GetV()") || strings.Contains(got, "func (v *Outer) GetTaken()") {
		t.Errorf("%d getters:\n%s", n, got)
	}
}
