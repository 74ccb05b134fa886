package gen

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestToolOperationsInputSchema(t *testing.T) {
	doc := trDoc(t, `  /records/{location_id}/{record_id}:
    parameters:
      - {name: location_id, in: path, required: true, schema: {type: integer}, description: "Location ID"}
    put:
      operationId: update_record
      summary: Update a record
      description: "Changes one record.\n\nLong details that stay out."
      tags: [Appointments]
      security: [{BearerPartnerUser: []}]
      parameters:
        - {name: record_id, in: path, required: true, schema: {type: integer}}
        - {name: phone, in: query, schema: {type: string}, example: 15550100}
        - {name: date, in: query, required: true, schema: {type: string, format: date}, example: "2026-12-06"}
        - {name: Accept, in: header, schema: {type: string}}
      requestBody:
        required: true
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Record'}
      responses:
        '200': {description: ok}
`, `  securitySchemes:
    BearerPartnerUser: {type: http, scheme: bearer}
  schemas:
    Record:
      type: object
      required: [id, comment, staff]
      properties:
        id: {type: integer, readOnly: true}
        comment: {type: string, nullable: true, pattern: '^\w+$', format: int64}
        staff: {$ref: '#/components/schemas/Staff'}
        kind: {oneOf: [{type: string, const: ""}, {type: string}]}
        tags: {type: array, items: {type: string, enum: [a, b]}}
    Staff:
      type: object
      properties:
        boss: {$ref: '#/components/schemas/Staff'}
`)
	tools, err := toolOperations(doc)
	if err != nil {
		t.Fatal(err)
	}
	op, ok := tools["PUT /records/{location_id}/{record_id}"]
	if !ok {
		t.Fatalf("no operation: %v", tools)
	}
	if op.auth != "AuthPartnerUser" || op.body != "json" || op.tag != "Appointments" || op.description != "Changes one record." || op.summary != "Update a record." {
		t.Errorf("operation: %+v", op)
	}
	if strings.Join(op.pathParams, ",") != "location_id,record_id" || strings.Join(op.queryParams, ",") != "phone,date" {
		t.Errorf("parameters: path %v, query %v", op.pathParams, op.queryParams)
	}
	var s map[string]any
	if err := json.Unmarshal(op.schema, &s); err != nil {
		t.Fatal(err)
	}
	got := func(path string) string {
		var v any = s
		for _, k := range strings.Split(path, ".") {
			v = v.(map[string]any)[k]
		}
		b, _ := json.Marshal(v)
		return string(b)
	}
	for path, want := range map[string]string{
		"required":                           `["body","date","location_id","record_id"]`,
		"additionalProperties":               `false`,
		"properties.location_id":             `{"description":"Location ID","type":"integer"}`,
		"properties.phone":                   `{"type":"string"}`, // the example 15550100 is a number: left out
		"properties.date":                    `{"examples":["2026-12-06"],"format":"date","type":"string"}`,
		"properties.body.required":           `["comment","staff"]`, // id is readOnly
		"properties.body.properties.comment": `{"type":["string","null"]}`,
		"properties.body.properties.kind":    `{"anyOf":[{"const":"","type":"string"},{"type":"string"}]}`,
		"properties.body.properties.tags":    `{"items":{"enum":["a","b"],"type":"string"},"type":"array"}`,
		"properties.body.properties.staff":   `{"properties":{"boss":{}},"type":"object"}`, // recursive: any value
	} {
		if g := got(path); g != want {
			t.Errorf("%s = %s, want %s", path, g, want)
		}
	}
	if strings.Contains(string(op.schema), "Accept") || strings.Contains(string(op.schema), `"id"`) {
		t.Errorf("the schema has the Accept header or the readOnly id: %s", op.schema)
	}
}

func TestToolOperationsRefuse(t *testing.T) {
	for _, c := range []struct{ paths, want string }{
		{`  /a:
    get:
      operationId: a
      parameters: [{name: X-Trace, in: header, schema: {type: string}}]
      responses: {'200': {description: ok}}
`, `a GET /a: header parameter "X-Trace"`},
		{`  /a:
    post:
      operationId: b
      requestBody: {content: {text/csv: {schema: {type: string}}}}
      responses: {'200': {description: ok}}
`, "b POST /a: request body of media types text/csv"},
		{`  /a:
    get:
      operationId: c
      parameters: [{name: fields, in: cookie, schema: {type: string}}]
      responses: {'200': {description: ok}}
`, `c GET /a: parameter "fields" in cookie`},
	} {
		_, err := toolOperations(trDoc(t, c.paths, ""))
		if err == nil || !strings.HasPrefix(err.Error(), c.want) || strings.Contains(err.Error(), "\n") {
			t.Errorf("got %v, want one line starting %q", err, c.want)
		}
	}
}

func TestToolNames(t *testing.T) {
	for _, c := range []struct{ api, method, want string }{
		{"b2b-v1", "Appointments.List", "appointments_list"},
		{"b2b-v1", "Appointments.GetVisitReceiptPDF", "appointments_get_visit_receipt_pdf"},
		{"b2b-v1", "TeamMembers.ListByID", "team_members_list_by_id"},
		{"b2b-v2", "Services.List", "v2_services_list"},
	} {
		api, _ := LookupAPI(c.api)
		if got := toolName(api, c.method); got != c.want {
			t.Errorf("toolName(%s, %s) = %s, want %s", c.api, c.method, got, c.want)
		}
	}
	long := strings.Repeat("word ", 80)
	if s := shortText(long); len(s) > maxShortText+len("…") || !strings.HasSuffix(s, "…") {
		t.Errorf("shortText: %d bytes: %q", len(s), s)
	}
}

func TestFirstParagraph(t *testing.T) {
	for in, want := range map[string]string{
		"One line.\n\nTwo.": "One line.",
		"#### Filtering Appointments\n\nText here\nand.": "Text here and.",
		"## Heading\nText under it.":                     "Text under it.",
		"| a | b |\n|---|---|\n\n- item\n\nProse.":       "Prose.",
		"# Only a heading":                               "",
	} {
		if got := firstParagraph(in); got != want {
			t.Errorf("firstParagraph(%q) = %q, want %q", in, got, want)
		}
	}
}
