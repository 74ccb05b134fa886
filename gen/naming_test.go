package gen

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// namedMiniSource runs patch, generate and the naming pass on the mini
// spec src, as the pipeline does, and returns the patched spec and the
// source.
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
	components := ComponentTypeNames(p.Doc)
	code, err := GenerateSource(p.Doc, miniAPI.Package)
	if err != nil {
		t.Fatal(err)
	}
	code, _, err = NameTypes(code, components)
	if err != nil {
		t.Fatal(err)
	}
	return p, code
}

// miniTypeNames returns the type names namedMiniSource declares, sorted.
func miniTypeNames(t *testing.T, src []byte) []string {
	t.Helper()
	_, code := namedMiniSource(t, src)
	f, err := parser.ParseFile(token.NewFileSet(), "x.go", code, parser.SkipObjectResolution)
	if err != nil {
		t.Fatal(err)
	}
	var names []string
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, s := range gd.Specs {
				names = append(names, s.(*ast.TypeSpec).Name.Name)
			}
		}
	}
	slices.Sort(names)
	return names
}

// addedOperation is an operation, with an inline body and response
// nested two levels deep, and a component, added to the mini spec by
// TestNamingStable.
const addedOperation = `
  /shops/{shop_id}/groomers/{groomer_id}/awards:
    post:
      operationId: create_groomer_award
      summary: Give a groomer an award
      parameters:
        - {name: shop_id, in: path, required: true, schema: {type: integer}}
        - {name: groomer_id, in: path, required: true, schema: {type: integer}}
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                title: {type: string}
                jury: {type: object, properties: {chair: {type: string}}}
      responses:
        '200':
          description: The award.
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {$ref: '#/components/schemas/Award'}
                  meta: {type: object, properties: {total: {type: integer}}}
`

const addedComponent = `
    Award:
      type: object
      properties:
        id: {type: integer}
        ribbon: {type: object, properties: {colour: {type: string}}}
`

// TestNamingStable: adding an operation and a component upstream renames
// no other type; the new ones are named after their operation.
func TestNamingStable(t *testing.T) {
	spec, err := os.ReadFile(miniSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	before := miniTypeNames(t, spec)
	grown := strings.Replace(string(spec), "\npaths:\n", "\npaths:"+addedOperation, 1)
	grown = strings.Replace(grown, "\n  schemas:\n", "\n  schemas:"+addedComponent, 1)
	if grown == string(spec) {
		t.Fatal("the mini spec has no paths: or schemas: line to grow")
	}
	after := miniTypeNames(t, []byte(grown))
	for _, n := range before {
		if !slices.Contains(after, n) {
			t.Errorf("type %s is gone (renamed?) once an unrelated operation is added", n)
		}
	}
	var added []string
	for _, n := range after {
		if !slices.Contains(before, n) {
			added = append(added, n)
		}
	}
	want := []string{"Award", "AwardRibbon", "CreateGroomerAwardRequest", "CreateGroomerAwardRequestJury", "CreateGroomerAwardResponse", "CreateGroomerAwardResponseMeta"}
	if !slices.Equal(added, want) {
		t.Errorf("added types %v, want %v", added, want)
	}
	for _, n := range after {
		if strings.Contains(n, "_") || strings.Contains(n, "JSONResponseBody") || strings.Contains(n, "JSONBody") {
			t.Errorf("type %s is not renamed", n)
		}
	}
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

// TestNameTypesSource: references, enum constants, union methods and doc
// comments follow a renamed type; the request body's defined type over
// its struct goes.
func TestNameTypesSource(t *testing.T) {
	src := `package p

// GetThing200JSONResponseBody defines parameters for GetThing.
type GetThing200JSONResponseBody struct {
	Data *GetThing200JSONResponseBody_Data ` + "`json:\"data\"`" + `
	GetThing200JSONResponseBody int
}

// GetThing200JSONResponseBody_Data defines model for X.
type GetThing200JSONResponseBody_Data struct{ Kind GetThing200JSONResponseBodyDataKind }

type GetThing200JSONResponseBodyDataKind string

const GetThing200JSONResponseBodyDataKindBig GetThing200JSONResponseBodyDataKind = "big"

type PutThingJSONBody struct{ A int }

// PutThingJSONRequestBody defines body for PutThing for application/json ContentType.
type PutThingJSONRequestBody PutThingJSONBody

type Client struct{}

func (c *Client) GetThing() (*GetThing200JSONResponseBody, error) { return nil, nil }

func (c *Client) PutThing(body PutThingJSONRequestBody) error {
	_ = PutThingJSONBody(body)
	x := GetThing200JSONResponseBody{GetThing200JSONResponseBody: 1}
	_ = x.GetThing200JSONResponseBody
	return nil
}
`
	out, renames, err := NameTypes([]byte(src), nil)
	if err != nil {
		t.Fatal(err)
	}
	got := string(out)
	for _, want := range []string{
		"// GetThingResponse defines parameters for GetThing.\ntype GetThingResponse struct {",
		"Data *GetThingResponseData `json",
		"\tGetThing200JSONResponseBody int\n", // a field keeps its name
		"type GetThingResponseData struct{ Kind GetThingResponseDataKind }",
		"const GetThingResponseDataKindBig GetThingResponseDataKind = \"big\"",
		"type PutThingRequest struct{ A int }",
		"func (c *Client) GetThing() (*GetThingResponse, error)",
		"func (c *Client) PutThing(body PutThingRequest) error",
		"_ = PutThingRequest(body)",
		"x := GetThingResponse{GetThing200JSONResponseBody: 1}",
		"_ = x.GetThing200JSONResponseBody",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if strings.Contains(got, "PutThingJSONRequestBody") {
		t.Errorf("PutThingJSONRequestBody is still declared:\n%s", got)
	}
	if renames["PutThingJSONRequestBody"] != "PutThingRequest" || renames["GetThing200JSONResponseBodyDataKindBig"] != "GetThingResponseDataKindBig" {
		t.Errorf("renames = %v", renames)
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

// TestRewriteDocs: oapi-codegen's boilerplate becomes a sentence saying
// what the type is; a description from the spec is kept.
func TestRewriteDocs(t *testing.T) {
	src := `package p

// GetThingResponse defines parameters for GetThing.
type GetThingResponse struct{ Data GetThingResponseData }

// GetThingResponseData defines parameters for GetThing.
type GetThingResponseData struct{}

// GetThingParams defines parameters for GetThing.
type GetThingParams struct{}

// PutThingRequest defines body for PutThing for application/json ContentType.
type PutThingRequest struct{}

// Thing defines model for thing.
type Thing struct{ Box ThingBox }

// ThingBox defines model for Thing.Box.
type ThingBox struct{}

// Described A thing the spec describes.
type Described struct{}

// Defines values for Kind.
const (
	KindA Kind = "a"
)

type Client struct{}

func (c *Client) GetThing() {}

func (c *Client) PutThing() {}
`
	out, err := RewriteDocs([]byte(src), Renames{})
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{
		"// GetThingResponse is the body of Client.GetThing's successful response.\n",
		"// GetThingResponseData is the type of the Data member of GetThingResponse.\n",
		"// GetThingParams holds the query parameters of Client.GetThing.\n",
		"// PutThingRequest is the JSON body of a Client.PutThing request.\n",
		"// Thing is the API's thing schema.\n",
		"// ThingBox is the type of the Box member of Thing.\n",
		"// Described A thing the spec describes.\n",
		"// The values of Kind.\n",
	} {
		if !strings.Contains(string(out), want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
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
		"func (v *Inner) GetN() (z int) {\n\tif v == nil || v.N == nil {\n\t\treturn z\n\t}\n\treturn *v.N\n}",
		"func (v *Outer) GetIn() *Inner {\n\tif v == nil {\n\t\treturn nil\n\t}\n\treturn v.In\n}",
		"func (v *Outer) GetS() (z []string) {",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q:\n%s", want, got)
		}
	}
	if n != 3 || strings.Contains(got, "GetV()") || strings.Contains(got, "func (v *Outer) GetTaken()") {
		t.Errorf("%d getters:\n%s", n, got)
	}
}

// TestNameTypesClash: two components whose clean names clash are told
// apart by their lenient clean names, which keep the path words.
func TestNameTypesClash(t *testing.T) {
	src := "package p\n\ntype StaffListResponse struct{}\n\ntype CompanyCompanyidStaffListResponseDataTypes struct{ Data *CompanyCompanyidStaffListResponseDataTypes_Data }\n\ntype CompanyCompanyidStaffListResponseDataTypes_Data struct{}\n"
	_, renames, err := NameTypes([]byte(src), []string{"StaffListResponse", "CompanyCompanyidStaffListResponseDataTypes"})
	if err != nil {
		t.Fatal(err)
	}
	if renames["CompanyCompanyidStaffListResponseDataTypes"] != "CompanyStaffListResponse" ||
		renames["CompanyCompanyidStaffListResponseDataTypes_Data"] != "CompanyStaffListResponseData" || renames.has("StaffListResponse") {
		t.Errorf("renames = %v", renames)
	}
}
