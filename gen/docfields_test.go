package gen

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// docSpec is a mini spec with an enveloped object response, an enveloped
// list response with a shared component, a bare list response, a request
// body and a response without a schema.
const docSpec = `openapi: 3.1.1
info: {title: doc, version: 1.0.0}
paths:
  /staff/{id}:
    get:
      operationId: get_staff
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  success: {type: boolean}
                  data:
                    type: object
                    properties:
                      id: {type: integer}
                      name: {type: string}
                      rating: {type: integer}
                      weight: {type: string}
                      position:
                        type: object
                        properties:
                          id: {type: integer}
                      tags: {description: free}
                      labels: {description: free}
                      notes: {description: free}
              example:
                success: true
                data: {id: 1, tags: [1, 2], labels: {a: 1}}
    put:
      operationId: update_staff
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
      responses:
        '200': {description: ok}
  /records:
    get:
      operationId: list_records
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data:
                    type: array
                    items: {$ref: '#/components/schemas/Record'}
  /goods:
    get:
      operationId: list_goods
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: array
                items:
                  type: object
                  properties:
                    title: {type: string}
  /client:
    get:
      operationId: get_client
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: {success: true, data: [{id: 1, name: A}], meta: []}
  /cards:
    get:
      operationId: get_cards
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: {success: true, data: [{id: 1, status: {id: 2}, number: null, count: "5"}]}
  /memberships:
    get:
      operationId: get_memberships
      responses:
        '200':
          description: ok
          content:
            application/json:
              example: [{success: true, data: [{id: 1}]}]
  /tags:
    post:
      operationId: create_tag
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  data: {type: object, properties: {id: {type: integer}}}
        '202':
          description: accepted
          content:
            application/json:
              example: {success: true}
components:
  schemas:
    Record:
      type: object
      properties:
        id: {type: integer}
        services:
          type: array
          items:
            type: object
            properties:
              cost: {type: integer}
`

const docTable = "openapi/docfields.yaml"

func loadDocSpec(t *testing.T) *openapi3.T {
	t.Helper()
	doc, err := LoadDocument([]byte(docSpec), "doc.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc
}

func parseFacts(t *testing.T, rows string) []DocFact {
	t.Helper()
	facts, err := ParseDocFields([]byte("facts:\n"+rows), docTable)
	if err != nil {
		t.Fatal(err)
	}
	return facts
}

func TestApplyDocFacts(t *testing.T) {
	doc := loadDocSpec(t)
	facts := parseFacts(t, `
- {api: x, operation: get_staff, where: response, field: fired, type: integer, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: name, type: string, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: tags, type: array of integer, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: labels, type: array, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: notes, type: string, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: rating, type: number, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: weight, type: integer, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: position.title, type: string, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: user, type: object, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: user.id, type: integer, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: image_groups, type: array of object, source: altegio-docs, page: P1}
- {api: x, operation: get_staff, where: response, field: "image_groups[].url", type: string, source: altegio-docs, page: P1}
- {api: x, operation: update_staff, where: request, field: hidden, type: integer, source: altegio-docs, page: P2}
- {api: x, operation: list_records, where: response, field: "services[].cost", type: number, source: altegio-docs, page: P3}
- {api: x, operation: list_records, where: response, field: "services[].first_cost", type: number, source: altegio-docs, page: P3}
- {api: x, operation: list_goods, where: response, field: barcode, type: string, source: yclients-apib, page: P4}
- {api: x, operation: get_client, where: response, field: phone, type: string, source: yclients-apib, page: P5}
- {api: x, operation: get_cards, where: response, field: status, type: integer, source: yclients-apib, page: P6}
- {api: x, operation: get_cards, where: response, field: number, type: string, source: yclients-apib, page: P6}
- {api: x, operation: get_cards, where: response, field: count, type: integer, source: yclients-apib, page: P6}
- {api: x, operation: create_tag, where: response, field: icon, type: string, source: yclients-apib, page: P7}
`)
	infs, err := applyDocFacts(doc, facts, docTable)
	if err != nil {
		t.Fatal(err)
	}
	got := map[string]bool{}
	for _, inf := range infs {
		got[inf.String()] = true
	}
	staff := "paths/~1staff~1{id}/get/responses/200/content/application~1json/schema/properties/data"
	want := []string{
		staff + " .fired: added integer (documented: altegio-docs P1)",
		// Untyped in the spec: typed where the example agrees with the page
		// (an object with member names is no list).
		staff + " .tags: typed list of integer, as the examples show (documented: altegio-docs P1)",
		staff + " .labels: disputed kept any value, the page says array (documented: altegio-docs P1)",
		staff + " .notes: disputed kept any value, the page says string (documented: altegio-docs P1)",
		staff + " .rating: widened number (documented: altegio-docs P1)",
		staff + " .weight: disputed kept string, the page says integer (documented: altegio-docs P1)",
		staff + "/properties/position .title: added string (documented: altegio-docs P1)",
		staff + " .user: added object of unknown members (documented: altegio-docs P1)",
		staff + "/properties/user .id: added integer (documented: altegio-docs P1)",
		staff + " .image_groups: added list of object of unknown members (documented: altegio-docs P1)",
		staff + "/properties/image_groups/items .url: added string (documented: altegio-docs P1)",
		"paths/~1staff~1{id}/put/requestBody/content/application~1json/schema .hidden: added integer (documented: altegio-docs P2)",
		"components/schemas/Record/properties/services/items .cost: widened number (documented: altegio-docs P3)",
		"components/schemas/Record/properties/services/items .first_cost: added number (documented: altegio-docs P3)",
		"paths/~1goods/get/responses/200/content/application~1json/schema/items .barcode: added string (documented: yclients-apib P4)",
		"paths/~1client/get/responses/200/content/application~1json/schema: envelope {success, data: list of object of unknown members, meta} (documented: yclients-apib P5)",
		"paths/~1client/get/responses/200/content/application~1json/schema/properties/data/items .phone: added string (documented: yclients-apib P5)",
		// The example's status is an object; its number is null.
		"paths/~1cards/get/responses/200/content/application~1json/schema: envelope {success, data: list of object of unknown members, meta} (documented: yclients-apib P6)",
		"paths/~1cards/get/responses/200/content/application~1json/schema/properties/data/items .status: disputed not added as integer, the example paths/~1cards/get/responses/200/content/application~1json/example/data/0/status sends an object (documented: yclients-apib P6)",
		"paths/~1cards/get/responses/200/content/application~1json/schema/properties/data/items .number: added string (documented: yclients-apib P6)",
		// Strictly, as Prism validates the example it serves: "5" is text.
		"paths/~1cards/get/responses/200/content/application~1json/schema/properties/data/items .count: disputed not added as integer, the example paths/~1cards/get/responses/200/content/application~1json/example/data/0/count sends text (documented: yclients-apib P6)",
		// 200 has a schema, so the schemaless 202 is left alone.
		"paths/~1tags/post/responses/200/content/application~1json/schema/properties/data .icon: added string (documented: yclients-apib P7)",
	}
	for _, w := range want {
		if !got[w] {
			t.Errorf("missing inference %q", w)
		}
	}
	if len(infs) != len(want) {
		for _, inf := range infs {
			t.Log(inf)
		}
		t.Errorf("%d inferences, want %d (name, a declared string, is not recorded)", len(infs), len(want))
	}

	data := doc.Paths.Find("/staff/{id}").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties["data"].Value
	fired := data.Properties["fired"].Value
	if !fired.Type.Is(openapi3.TypeInteger) || fired.Extensions[documentedExtension] != "altegio-docs P1" {
		t.Errorf("fired: type %v, extensions %v", fired.Type, fired.Extensions)
	}
	if !data.Properties["rating"].Value.Type.Is(openapi3.TypeNumber) {
		t.Errorf("rating not widened: %v", data.Properties["rating"].Value.Type)
	}
	if !data.Properties["weight"].Value.Type.Is(openapi3.TypeString) {
		t.Errorf("weight changed: %v", data.Properties["weight"].Value.Type)
	}
	url := data.Properties["image_groups"].Value.Items.Value.Properties["url"]
	if url == nil || !url.Value.Type.Is(openapi3.TypeString) {
		t.Errorf("image_groups[].url not added: %+v", data.Properties["image_groups"].Value.Items.Value)
	}
	client := doc.Paths.Find("/client").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value
	if items := client.Properties["data"].Value.Items; items == nil || items.Value.Properties["phone"] == nil {
		t.Errorf("get_client: data is not a list of objects with phone: %+v", client.Properties["data"].Value)
	}

	number := doc.Paths.Find("/cards").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties["data"].Value.Items.Value.Properties["number"].Value
	if !number.Type.Includes(openapi3.TypeString) || !number.Type.IncludesNull() {
		t.Errorf("number: type %v, want string or null (the example sends null)", number.Type)
	}
	if mt := doc.Paths.Find("/tags").Post.Responses.Value("202").Value.Content["application/json"]; mt.Schema != nil {
		t.Errorf("create_tag 202 got a schema: %+v", mt.Schema.Value)
	}

	// Applying the same facts again changes nothing more.
	again, err := applyDocFacts(doc, facts, docTable)
	if err != nil {
		t.Fatal(err)
	}
	for _, inf := range again {
		if inf.Change != "disputed" {
			t.Errorf("second application: %s", inf)
		}
	}
}

func TestApplyDocFactsErrors(t *testing.T) {
	for _, tc := range []struct{ row, want string }{
		{`{api: x, operation: gone, where: response, field: a, type: string, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: operation gone is not in the spec"},
		{`{api: x, operation: get_staff, where: response, field: boss.name, type: string, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: get_staff response boss.name: boss is not in the schema (a row for it must come first)"},
		{`{api: x, operation: get_staff, where: response, field: name.first, type: string, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: get_staff response name.first: name is string in the schema, not an object"},
		{`{api: x, operation: get_staff, where: request, field: a, type: string, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: get_staff request: the operation has no request body"},
		{`{api: x, operation: update_staff, where: response, field: a, type: string, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: update_staff response: the operation has no JSON 2xx response"},
		{`{api: x, operation: get_memberships, where: response, field: id, type: integer, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: get_memberships response: the 200 response has no schema, and its example is a list, not the {success, data, meta} object"},
		{`{api: x, operation: get_staff, where: response, field: "position[].id", type: integer, source: altegio-docs, page: P}`,
			"openapi/docfields.yaml:2: get_staff response position[].id: position is not a list in the schema"},
	} {
		doc := loadDocSpec(t)
		_, err := applyDocFacts(doc, parseFacts(t, "- "+tc.row+"\n"), docTable)
		if err == nil || err.Error() != tc.want {
			t.Errorf("%s:\n got %v\nwant %s", tc.row, err, tc.want)
		}
	}
}

func TestParseDocFieldsErrors(t *testing.T) {
	for _, tc := range []struct{ row, want string }{
		{`{api: x, operation: o, where: body, field: a, type: string, source: altegio-docs, page: P}`, `where is "body"`},
		{`{api: x, operation: o, where: request, field: a, type: text, source: altegio-docs, page: P}`, `type "text" is not`},
		{`{api: x, operation: o, where: request, field: a, type: array of text, source: altegio-docs, page: P}`, `type "text" is not`},
		{`{api: x, operation: o, where: request, field: a, type: string, source: blog, page: P}`, `source "blog" is not one of`},
		{`{api: x, operation: o, where: request, field: a, type: string, source: altegio-docs}`, `a fact needs`},
		{`{api: x, operation: o, where: request, field: a, type: string, source: altegio-docs, page: P, note: n}`, `unknown column "note"`},
	} {
		_, err := ParseDocFields([]byte("facts:\n- "+tc.row+"\n"), docTable)
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.HasPrefix(err.Error(), docTable+":2: ") || strings.Contains(err.Error(), "\n") {
			t.Errorf("%s: got %v, want a one-line error at %s:2 with %q", tc.row, err, docTable, tc.want)
		}
	}
}
