package gen

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// bodiesSpec has one body of each kind that Complete types from examples
// alone, and the bodies it must leave alone.
const bodiesSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /clients/{id}:
    get:
      operationId: get_client
      responses:
        "200":
          description: a schemaless response, an envelope
          content:
            application/json:
              example:
                success: true
                data:
                  id: 16
                  name: James
                  phone: 13155550178
                  balance: 1000
                  spent: 12.5
                  visits: 3
                  birth_date: null
                  categories: []
                  last_change_date: "2026-01-17T19:44:14-0500"
                  labels: [{id: 1, title: vip}, {id: 2, color: red}]
                meta: []
        "404":
          description: an error body, typed too
          content:
            application/json:
              example: {error_code: 30, error_message: not found}
    put:
      operationId: update_client
      requestBody:
        description: a schemaless request, with two named examples
        content:
          application/json:
            examples:
              short: {value: {name: Ann, card: "0042"}}
              full: {value: {name: Ann, discount: 5, birth_date: null, labels: [3, 4]}}
      responses:
        "200":
          description: a success-only body, one of two examples with a null data
          content:
            application/json:
              examples:
                a: {value: {success: true, meta: {message: Accepted}}}
                b: {value: {success: true, data: null, meta: []}}
    delete:
      operationId: delete_client
      responses:
        "204":
          description: no body; left to the schemaless-json-responses transform
          content:
            application/json: {}
  /memberships:
    get:
      operationId: get_membership_list
      responses:
        "200":
          description: the envelope wrapped in a list of one
          content:
            application/json:
              example:
                - success: true
                  data: [{id: 1, number: 123456}, {id: 2, number: 7, balance_string: "Services (x5)"}]
                  meta: {total_count: 2}
  /bulk:
    post:
      operationId: bulk_create
      requestBody:
        content:
          "*/*":
            example: [{name: a, sum: 1}, {name: b, sum: 2.5}]
      responses:
        "200":
          description: a body that is not the envelope
          content:
            application/json:
              example: {id: d72fece5-6825, status: success, code: 0}
  /receipt:
    get:
      operationId: get_receipt
      responses:
        "200":
          description: a PDF, left alone
          content:
            application/pdf:
              example: ""
components:
  schemas:
    response_meta_empty_object:
      type: [object, array]
      description: Additional response data (empty object or empty array)
`

func bodiesDoc(t *testing.T) (*openapi3.T, []Inference) {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(bodiesSpec), &root); err != nil {
		t.Fatal(err)
	}
	doc, err := LoadDocument([]byte(bodiesSpec), "bodies.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc, Complete(doc, &root)
}

// bodyTypes describes the members of an object schema as "name: type".
func bodyTypes(s *openapi3.Schema) map[string]string {
	out := map[string]string{}
	for k, p := range s.Properties {
		out[k] = describeRef(p)
	}
	return out
}

func checkTypes(t *testing.T, what string, got, want map[string]string) {
	t.Helper()
	for k, w := range want {
		if got[k] != w {
			t.Errorf("%s .%s: %q, want %q", what, k, got[k], w)
		}
	}
	for k := range got {
		if _, ok := want[k]; !ok {
			t.Errorf("%s: unexpected member %s (%s)", what, k, got[k])
		}
	}
}

func TestCompleteBodies(t *testing.T) {
	doc, infs := bodiesDoc(t)
	media := func(path, method, code, ct string) *openapi3.MediaType {
		t.Helper()
		op := doc.Paths.Value(path).GetOperation(method)
		if code == "" {
			return op.RequestBody.Value.Content[ct]
		}
		return op.Responses.Value(code).Value.Content[ct]
	}

	// A schemaless response: the envelope, its data typed member by member.
	env := media("/clients/{id}", "GET", "200", "application/json").Schema.Value
	checkTypes(t, "get_client 200", bodyTypes(env), map[string]string{
		"success": "boolean",
		"data":    "object (10 properties)",
		"meta":    "the component response_meta_empty_object",
	})
	checkTypes(t, "get_client 200 data", bodyTypes(env.Properties["data"].Value), map[string]string{
		"id":               "integer (int64)",
		"name":             "string",
		"phone":            "integer (int64)",
		"balance":          "number (double)",
		"spent":            "number (double)",
		"visits":           "integer (int64)",
		"birth_date":       "any value",
		"categories":       "list of unknown items",
		"last_change_date": "string (date-time)",
		"labels":           "list of object (3 properties)",
	})
	if env.Extensions[NoResultExtension] != nil {
		t.Error("get_client 200 carries data but is marked as holding nothing to return")
	}
	checkTypes(t, "get_client 404", bodyTypes(media("/clients/{id}", "GET", "404", "application/json").Schema.Value), map[string]string{
		"error_code":    "integer (int64)",
		"error_message": "string",
	})

	// A schemaless request: both named examples merged.
	checkTypes(t, "update_client request", bodyTypes(media("/clients/{id}", "PUT", "", "application/json").Schema.Value), map[string]string{
		"name":       "string",
		"card":       "string",
		"discount":   "number (double)",
		"birth_date": "any value",
		"labels":     "list of integer (int64)",
	})
	// A */* request body (the json-request-bodies transform makes it JSON
	// later): a list of objects whose sum is a number in both.
	bulk := media("/bulk", "POST", "", "*/*").Schema.Value
	if got := describeSchema(bulk); got != "list of object (2 properties)" {
		t.Errorf("bulk_create request: %s, want list of object (2 properties)", got)
	}
	checkTypes(t, "bulk_create request item", bodyTypes(bulk.Items.Value), map[string]string{"name": "string", "sum": "number (double)"})
	// Not the envelope: typed as it is.
	checkTypes(t, "bulk_create 200", bodyTypes(media("/bulk", "POST", "200", "application/json").Schema.Value), map[string]string{
		"id": "string", "status": "string", "code": "integer (int64)",
	})

	// A success-only body is marked; its type stays, for ResponseBody.
	ok := media("/clients/{id}", "PUT", "200", "application/json").Schema.Value
	if ok.Extensions[NoResultExtension] != true {
		t.Error("update_client 200 holds nothing but success, but is not marked")
	}
	checkTypes(t, "update_client 200", bodyTypes(ok), map[string]string{
		"success": "boolean",
		"data":    "any value",
		"meta":    "object (1 properties)",
	})

	// The envelope in a list of one: the envelope, and so is its example.
	mt := media("/memberships", "GET", "200", "application/json")
	checkTypes(t, "get_membership_list 200", bodyTypes(mt.Schema.Value), map[string]string{
		"success": "boolean",
		"data":    "list of object (3 properties)",
		"meta":    "object (1 properties)",
	})
	if _, isObject := mt.Example.(map[string]any); !isObject {
		t.Errorf("get_membership_list 200 example: %T, want the envelope object", mt.Example)
	}

	// Left alone: the 204 (a transform drops its content) and the PDF.
	if mt := media("/clients/{id}", "DELETE", "204", "application/json"); mt.Schema != nil {
		t.Error("delete_client 204: Complete gave a schema to a body that cannot be sent")
	}
	if mt := media("/receipt", "GET", "200", "application/pdf"); mt.Schema != nil {
		t.Error("get_receipt 200: Complete gave a schema to a PDF")
	}

	// No extension of Complete's own is left in the document.
	walkSchemas(doc, func(site schemaSite) {
		for _, ext := range []string{inferredExtension, nullExtension} {
			if _, ok := site.Ref.Value.Extensions[ext]; ok {
				t.Errorf("%v: %s left in the document", site.Path(), ext)
			}
		}
	})

	// Every inference is reported with its example and line.
	report := map[string]Inference{}
	for _, inf := range infs {
		if inf.Line == 0 {
			t.Errorf("%s: no spec line", inf)
		}
		report[inf.Schema+" ."+inf.Property+" "+inf.Change] = inf
	}
	const client200 = "paths/~1clients~1{id}/get/responses/200/content/application~1json"
	for key, want := range map[string]string{
		client200 + "/schema . inferred":                                                        "envelope {success, data: object (10 properties), meta: the component response_meta_empty_object} (example " + client200 + "/example, spec line 13)",
		client200 + "/schema/properties/data .phone inferred":                                   "integer (int64) (example " + client200 + "/example/data/phone, spec line 17)",
		client200 + "/schema/properties/data .birth_date inferred":                              "any value (only null in the examples) (example " + client200 + "/example/data/birth_date, spec line 21)",
		client200 + "/schema/properties/data/properties/labels/items .color inferred":           "string (example " + client200 + "/example/data/labels/1/color, spec line 24)",
		"paths/~1clients~1{id}/put/requestBody/content/application~1json/schema .card inferred": "string (example paths/~1clients~1{id}/put/requestBody/content/application~1json/examples/short/value/card, spec line 38)",
		"paths/~1clients~1{id}/put/responses/200/content/application~1json/schema . marked":     "no result (success alone: the method returns only an error) (example paths/~1clients~1{id}/put/responses/200/content/application~1json/examples/a/value, spec line 46)",
		"paths/~1memberships/get/responses/200/content/application~1json/example . unwrapped":   "the envelope, which the example wraps in a list of one (example paths/~1memberships/get/responses/200/content/application~1json/example, spec line 64)",
	} {
		inf, ok := report[key]
		if !ok {
			t.Errorf("no inference %q", key)
			continue
		}
		if got := strings.TrimPrefix(inf.String(), inf.Schema+func() string {
			if inf.Property != "" {
				return " ." + inf.Property
			}
			return ""
		}()+": "+inf.Change+" "); got != want {
			t.Errorf("%s:\n got  %s\n want %s", key, got, want)
		}
	}
}

// TestCompleteRefinesInferred checks that a member Complete added from a
// null, [] or whole-number example takes the type a later example shows.
func TestCompleteRefinesInferred(t *testing.T) {
	const spec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things:
    get:
      operationId: list_things
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  title: {type: string}
              examples:
                a: {value: {title: a, note: null, tags: [], score_total: 3, owner: []}}
                b: {value: {title: b, note: hi, tags: [x], score_total: 4.5, owner: {id: 1}}}
`
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(spec), &root); err != nil {
		t.Fatal(err)
	}
	doc, err := LoadDocument([]byte(spec), "refine.yaml")
	if err != nil {
		t.Fatal(err)
	}
	Complete(doc, &root)
	s := doc.Paths.Value("/things").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value
	checkTypes(t, "list_things 200", bodyTypes(s), map[string]string{
		"title":       "string",
		"note":        "string",
		"tags":        "list of string",
		"score_total": "number (double)",
		"owner":       "object (1 properties)",
	})
}

func TestNoResult(t *testing.T) {
	marked := &openapi3.Schema{Extensions: map[string]any{NoResultExtension: true}}
	plain := &openapi3.Schema{}
	resp := func(schemas ...*openapi3.Schema) *openapi3.ResponseRef {
		r := &openapi3.Response{Content: openapi3.Content{}}
		for i, s := range schemas {
			r.Content[[]string{"application/json", "application/vnd.api+json"}[i]] = &openapi3.MediaType{Schema: openapi3.NewSchemaRef("", s)}
		}
		return &openapi3.ResponseRef{Value: r}
	}
	for _, c := range []struct {
		name string
		r    *openapi3.ResponseRef
		want bool
	}{
		{"marked", resp(marked), true},
		{"all marked", resp(marked, marked), true},
		{"one marked", resp(marked, plain), false},
		{"plain", resp(plain), false},
		{"no content", &openapi3.ResponseRef{Value: &openapi3.Response{}}, false},
		{"nil", nil, false},
	} {
		if got := noResult(c.r); got != c.want {
			t.Errorf("%s: noResult = %v, want %v", c.name, got, c.want)
		}
	}
}
