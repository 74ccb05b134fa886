package gen

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// modelSpec has one entity (a client: id, name, phone) in three responses
// that type its members differently, and an error body per operation.
const modelSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: get_a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    required: [id, name]
                    properties:
                      id: {type: integer}
                      name: {type: string}
                      phone: {type: string}
                      gender: {type: number}
                      sex: {type: number}
                      extra: {type: object, properties: {x: {type: string}}}
        "404":
          description: no
          content:
            application/json:
              schema:
                type: object
                properties:
                  message: {type: string}
  /b:
    get:
      operationId: get_b
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    required: [id]
                    properties:
                      id: {type: number}
                      name: {type: string}
                      phone: {type: string}
                      gender: {type: string}
                      email: {type: string}
                      extra: {type: string}
  /c:
    get:
      operationId: get_c
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  client:
                    type: object
                    properties:
                      id: {type: integer}
                      name: {type: string}
                      phone: {type: string}
                      gender: {type: number}
`

func loadModelSpec(t *testing.T) *openapi3.T {
	t.Helper()
	loader := openapi3.NewLoader()
	doc, err := loader.LoadFromData([]byte(modelSpec))
	if err != nil {
		t.Fatal(err)
	}
	if err := doc.Validate(context.Background()); err != nil {
		t.Fatal(err)
	}
	return doc
}

var clientEntity = Entity{
	Name:    "ClientProfile",
	Members: []string{"id", "name", "phone"},
	Under:   []string{"data", "client"},
	Any:     map[string]string{"sex": "a webhook page sends a string"},
	Scalar:  map[string]string{"email": "a page sends a number"},
}

func TestBuildModelUnifiesEntity(t *testing.T) {
	doc := loadModelSpec(t)
	m, err := BuildModel(doc, []Entity{clientEntity}, false)
	if err != nil {
		t.Fatal(err)
	}
	if m.ErrorBodies != 1 {
		t.Errorf("ErrorBodies = %d, want 1", m.ErrorBodies)
	}
	if got := m.Entities["ClientProfile"]; got != 3 {
		t.Errorf("ClientProfile unifies %d schemas, want 3 (folded: %v)", got, m.Folded)
	}
	c := doc.Components.Schemas["ClientProfile"]
	if c == nil || c.Value == nil {
		t.Fatalf("no ClientProfile component; have %v", sortedKeys(doc.Components.Schemas))
	}
	props := c.Value.Properties
	// Every member of every schema is kept.
	for _, p := range []string{"id", "name", "phone", "gender", "sex", "email"} {
		if props[p] == nil {
			t.Errorf("ClientProfile lacks %s", p)
		}
	}
	// integer in one schema and number in another widens to number.
	if got := schemaKind(props["id"].Value); got != "number" {
		t.Errorf("id is %q, want number", got)
	}
	// number, then string, then number again: an altegio.Scalar, which
	// the third schema must not narrow back.
	if got := props["gender"].Value.Extensions["x-go-type"]; got != "altegio.Scalar" {
		t.Errorf("gender is %v, want altegio.Scalar", got)
	}
	// An object here, a string there: any JSON value.
	if got := schemaKind(props["extra"].Value); got != "" || props["extra"].Value.Extensions["x-go-type"] != nil {
		t.Errorf("extra is %q, want any JSON value", got)
	}
	// The table's any members are any whatever the schemas say.
	if got := schemaKind(props["sex"].Value); got != "" {
		t.Errorf("sex is %q, want any JSON value", got)
	}
	// The table's scalar members are altegio.Scalar.
	if got := props["email"].Value.Extensions["x-go-type"]; got != "altegio.Scalar" {
		t.Errorf("email is %v, want altegio.Scalar", got)
	}
	// Required only where every schema requires it.
	if !slices.Equal(c.Value.Required, nil) && !slices.Equal(c.Value.Required, []string{}) {
		t.Errorf("required = %v, want none (get_c requires nothing)", c.Value.Required)
	}
	// Every response points at the one type.
	for _, path := range []string{"/a", "/b"} {
		data := doc.Paths.Value(path).Get.Responses.Value("200").Value.Content["application/json"].Schema
		ref := data.Value.Properties["data"].Ref
		if ref != componentPrefix+"ClientProfile" {
			t.Errorf("%s data refers to %q, want ClientProfile", path, ref)
		}
	}
	report := string(m.Report("test", Header{}))
	for _, want := range []string{
		"ClientProfile.gender: string in one schema, number in another; altegio.Scalar",
		"ClientProfile.extra: string in one schema, object in another; any JSON value",
		"ClientProfile.sex: any JSON value, as the model table says: a webhook page sends a string",
	} {
		if !strings.Contains(report, want) {
			t.Errorf("report lacks %q:\n%s", want, report)
		}
	}
	if n := strings.Count(report, "ClientProfile.gender"); n != 1 {
		t.Errorf("the gender conflict is listed %d times, want once:\n%s", n, report)
	}
}

func TestBuildModelMissingEntity(t *testing.T) {
	e := Entity{Name: "Chain", Members: []string{"id", "title", "chain_only"}}
	_, err := BuildModel(loadModelSpec(t), []Entity{e}, false)
	if err == nil || !strings.Contains(err.Error(), "entity Chain: no response schema has the members id, title, chain_only") {
		t.Fatalf("err = %v, want entity Chain named", err)
	}
	// A subset of the operations may lack an entity.
	if _, err := BuildModel(loadModelSpec(t), []Entity{e}, true); err != nil {
		t.Fatalf("partial: %v", err)
	}
}

func TestParseModelTable(t *testing.T) {
	for _, tc := range []struct{ yaml, want string }{
		{"b2b-v1:\n  - name: client\n    members: [id]\n", `name "client" is no exported Go identifier`},
		{"b2b-v1:\n  - name: A\n    members: [id]\n  - name: A\n    members: [id]\n", "entity A given twice"},
		{"b2b-v1:\n  - name: A\n", "entity A has neither members nor components"},
		{"b2b-v1:\n  - name: A\n    members: [id]\n    any: {sex: ' '}\n", "entity A: member sex takes any JSON value without evidence"},
		{"b2b-v1:\n  - name: A\n    member: [id]\n", "field member not found"},
	} {
		_, err := ParseModelTable([]byte(tc.yaml), "models.yaml")
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), "models.yaml: ") {
			t.Errorf("%q: err = %v, want %q", tc.yaml, err, tc.want)
		}
	}
	table, err := LoadModelTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []string{"b2b-v1", "b2b-v2"} {
		if len(table[api]) == 0 {
			t.Errorf("the model table has no entities for %s", api)
		}
	}
}

func TestComponentRefs(t *testing.T) {
	sig := `{"properties":{"a":{"$ref":"#/components/schemas/A"},"b":{"items":{"$ref":"#/components/schemas/B\u0026C"}},"c":{"enum":[{"$ref":{"x":1}}]},"d":{"$ref":"#/paths/x"}}}`
	if got, want := componentRefs(sig), []string{"A", "B&C"}; !slices.Equal(got, want) {
		t.Errorf("componentRefs = %q, want %q", got, want)
	}
}

// TestStructureIgnoresNullOnOptionalMembers: an optional member renders as
// a pointer whether or not its schema allows null, so two schemas that
// differ only there are one structure; a required member does not.
func TestStructureIgnoresNullOnOptionalMembers(t *testing.T) {
	obj := func(required []string, types ...string) *openapi3.Schema {
		ts := openapi3.Types(types)
		return &openapi3.Schema{Type: &openapi3.Types{"object"}, Required: required, Properties: openapi3.Schemas{
			"comment": {Value: &openapi3.Schema{Type: &ts}},
		}}
	}
	if structure(obj(nil, "string")) != structure(obj(nil, "string", "null")) {
		t.Error("an optional string and an optional string-or-null differ")
	}
	if structure(obj([]string{"comment"}, "string")) == structure(obj([]string{"comment"}, "string", "null")) {
		t.Error("a required string and a required string-or-null are alike")
	}
	if structure(obj(nil, "string")) == structure(obj(nil, "integer", "null")) {
		t.Error("a string and an integer-or-null are alike")
	}
}

// TestBuildModelDataOf: an operation in DataOf makes its data items the
// entity whatever their members, and a schema of the same shape elsewhere
// stays apart.
func TestBuildModelDataOf(t *testing.T) {
	const spec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /search:
    post:
      operationId: search_clients
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {type: boolean}
                  data:
                    type: array
                    items:
                      type: object
                      properties:
                        id: {type: number}
                        name: {type: string}
  /one:
    get:
      operationId: get_client
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      id: {type: integer}
                      name: {type: string}
                      phone: {type: string}
  /op:
    get:
      operationId: get_operation
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: object
                    properties:
                      kind: {type: string}
                      master:
                        type: object
                        properties:
                          id: {type: number}
                          name: {type: string}
`
	doc, err := openapi3.NewLoader().LoadFromData([]byte(spec))
	if err != nil {
		t.Fatal(err)
	}
	e := Entity{Name: "Client", Members: []string{"id", "name", "phone"}, Under: []string{"data"}, DataOf: map[string]string{"search_clients": "a search returns the fields its request names"}}
	m, err := BuildModel(doc, []Entity{e}, false)
	if err != nil {
		t.Fatal(err)
	}
	if got := m.Entities["Client"]; got != 2 {
		t.Fatalf("Client unifies %d schemas, want 2 (the search's items and get_client's data); folded %v", got, m.Folded)
	}
	items := doc.Paths.Value("/search").Post.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties["data"].Value.Items
	if items.Ref != "#/components/schemas/Client" {
		t.Errorf("the search's items are %q, want the Client entity", items.Ref)
	}
	master := doc.Paths.Value("/op").Get.Responses.Value("200").Value.Content["application/json"].Schema
	if strings.Contains(fmt.Sprint(master.Value.Properties["data"].Ref, master.Value.Properties["data"].Value.Properties["master"].Ref), "Client") {
		t.Errorf("the master of the same shape became a Client")
	}
}

func TestNamePenalty(t *testing.T) {
	m := &model{out: &Model{Entities: map[string]int{}, Names: map[string]string{}}}
	for _, c := range []struct{ a, b string }{
		{"CompanyGetOnlineSettingsResponseDataField", "UpdateOnlineBookingSettingsRequest"},
		{"ListAttendanceAppointmentsResponse", "DeleteTimetableAppointmentResponse"},
		{"ShortName", "LongerName"},
	} {
		if !m.better(c.a, c.b) || m.better(c.b, c.a) {
			t.Errorf("better(%s, %s) should prefer the first", c.a, c.b)
		}
	}
}
