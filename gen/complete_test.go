package gen

import (
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// completeSpec exercises every kind of inference Complete makes.
const completeSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /things/{id}:
    get:
      operationId: get_thing
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/thing_response'}
              example:
                success: true
                data:
                  id: 1
                  price: 10.5
                  count: 2.5
                  when: "2026-09-21T23:00:00.000-05:00"
                  kind: premium
                  comment: "nice"
                  extra_name: Ann
                  Extra Name: dup
                  visits: {"2026-01-01": {n: 1}, "2026-01-02": {n: 2}}
                  tags: [{id: 1, title: a}, {id: 2, color: red}]
                  locked: {secret: 1}
                meta: []
  /slots:
    get:
      operationId: get_slots
      responses:
        "200":
          description: item-shaped schema, enveloped example
          content:
            application/json:
              schema:
                type: object
                properties:
                  time: {type: string}
                  is_free: {type: boolean}
              example:
                success: true
                data: [{time: "10:00", is_free: true}, {time: "10:15", is_free: false}]
                meta: []
  /bulk:
    post:
      operationId: bulk_create
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                name: {type: string}
              example: [{name: a}, {name: b, phone: "+1"}]
      responses:
        "204": {description: none}
components:
  schemas:
    thing_response:
      type: object
      properties:
        success: {type: boolean}
        data:
          type: object
          properties:
            id: {type: number}
            price: {type: number}
            count: {type: integer}
            when: {type: string, format: date}
            kind: {type: string, enum: [basic]}
            comment: {type: number}
            extra_name: {type: string}
            visits: {type: object}
            locked:
              type: object
              x-altegio-infer: false
              properties:
                other: {type: string}
        meta: {}
`

func completeDoc(t *testing.T) (*openapi3.T, []Inference) {
	t.Helper()
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(completeSpec), &root); err != nil {
		t.Fatal(err)
	}
	doc, err := LoadDocument([]byte(completeSpec), "complete.yaml")
	if err != nil {
		t.Fatal(err)
	}
	return doc, Complete(doc, &root)
}

func TestComplete(t *testing.T) {
	doc, infs := completeDoc(t)
	data := doc.Components.Schemas["thing_response"].Value.Properties["data"].Value
	prop := func(name string) *openapi3.Schema {
		t.Helper()
		p := data.Properties[name]
		if p == nil {
			t.Fatalf("data has no property %q", name)
		}
		return p.Value
	}
	if s := prop("count"); !s.Type.Is("number") {
		t.Errorf("count 2.5 against integer: type %v, want number", s.Type.Slice())
	}
	if s := prop("when"); s.Format != "date-time" {
		t.Errorf("when: a date-time against format date: format %q, want date-time", s.Format)
	}
	if s := prop("kind"); len(s.Enum) != 2 || s.Enum[1] != "premium" {
		t.Errorf("kind enum %v, want [basic premium]", s.Enum)
	}
	if s := prop("comment"); !s.Type.Is("string") {
		t.Errorf("comment text against number: type %v, want string", s.Type.Slice())
	}
	if s := prop("price"); !s.Type.Is("number") {
		t.Errorf("price: type %v, want number unchanged", s.Type.Slice())
	}
	if _, ok := data.Properties["Extra Name"]; ok {
		t.Error(`"Extra Name" was added although its Go name is extra_name's: it must stay in ExtraFields`)
	}
	visits := prop("visits")
	if ap := visits.AdditionalProperties.Schema; ap == nil || ap.Value.Properties["n"] == nil {
		t.Errorf("visits keyed by date: want a map of {n}, got %+v", visits)
	}
	tags := prop("tags")
	if !tags.Type.Is("array") || tags.Items.Value.Properties["color"] == nil || tags.Items.Value.Properties["title"] == nil {
		t.Errorf("tags: want a list of objects with the members of both items, got %+v", tags)
	}
	if locked := prop("locked"); locked.Properties["secret"] != nil {
		t.Error("locked is marked x-altegio-infer: false, but Complete added secret to it")
	}

	// The item-shaped schema is wrapped in the envelope its example sends.
	slots := doc.Paths.Value("/slots").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value
	if slots.Properties["data"] == nil || !slots.Properties["data"].Value.Type.Is("array") ||
		slots.Properties["data"].Value.Items.Value.Properties["is_free"] == nil || slots.Properties["time"] != nil {
		t.Errorf("get_slots: want {success, data: [{time, is_free}], meta}, got properties %v", sortedKeys(slots.Properties))
	}

	// An object body whose example is a list of them becomes a list of a
	// component, and the second item's phone is added to it.
	bulk := doc.Paths.Value("/bulk").Post.RequestBody.Value.Content["application/json"].Schema
	if !bulk.Value.Type.Is("array") || bulk.Value.Items.Ref == "" {
		t.Fatalf("bulk_create body: want a list of a component, got %+v", bulk.Value)
	}
	if item := bulk.Value.Items.Value; item.Properties["phone"] == nil || item.Example != nil {
		t.Errorf("bulk_create item: want phone added and the list example moved to the list, got %+v", item)
	}

	// Every inference names its example and line, and the report is sorted.
	got := map[string]bool{}
	for _, inf := range infs {
		if inf.Line == 0 {
			t.Errorf("%s: no spec line", inf)
		}
		got[inf.Change+" "+inf.Property] = true
	}
	for _, want := range []string{"widened ", "enum ", "added tags", "added ", "envelope "} {
		if !got[want] {
			t.Errorf("no inference %q among %v", want, got)
		}
	}
	report := string(buildCompletionReport("test", Header{SpecFile: "complete.yaml", SHA256: "x"}, infs))
	if !strings.Contains(report, "components/schemas/thing_response/properties/data .tags: added list of object (3 properties) (example paths/~1things~1{id}/get/responses/200/content/application~1json/example, spec line 14)") {
		t.Errorf("report:\n%s", report)
	}
}

// TestCompleteDeterministic checks that two runs infer the same, in the same
// order.
func TestCompleteDeterministic(t *testing.T) {
	_, a := completeDoc(t)
	for range 5 {
		_, b := completeDoc(t)
		if len(a) != len(b) {
			t.Fatalf("%d inferences, then %d", len(a), len(b))
		}
		for i := range a {
			if a[i] != b[i] {
				t.Fatalf("inference %d: %s, then %s", i, a[i], b[i])
			}
		}
	}
}

func TestInferSchema(t *testing.T) {
	for _, c := range []struct {
		name string
		v    any
		want string
	}{
		{"x", nil, "any value (only null in the examples)"},
		{"x", true, "boolean"},
		{"x", 3.0, "integer (int64)"},
		{"x", 3.5, "number (double)"},
		// Identifiers and counts are integers; money and other fractional
		// quantities are numbers, whole or not.
		{"client_id", 3.0, "integer (int64)"},
		{"records_count", 3.0, "integer (int64)"},
		{"balance", 1000.0, "number (double)"},
		{"price_min", 10.0, "number (double)"},
		{"paid", 0.0, "number (double)"},
		{"averageScore", 5.0, "number (double)"},
		{"discount_type", 1.0, "integer (int64)"},
		{"salary_scheme_id", 2.0, "integer (int64)"},
		// A phone sent as a number keeps the example's type here.
		{"phone", 13155550179.0, "integer (int64)"},
		{"x", "2026-01-02", "string (date)"},
		{"x", "2026-01-02 10:00:00", "string (date-time)"},
		{"x", "x", "string"},
		{"x", []any{}, "list of unknown items"},
		{"x", map[string]any{}, "object of unknown members"},
		{"x", []any{1.0, "a"}, "list of any value"},
		{"x", []any{1.0, 2.5}, "list of number (double)"},
		{"x", []any{nil, "a"}, "list of string"},
		{"x", []any{"2026-01-02", "2026-01-02 10:00:00"}, "list of string (date-time)"},
		{"x", []any{[]any{}, map[string]any{"a": 1.0}}, "list of object (1 properties)"},
		{"x", []any{map[string]any{"a": 1.0}, map[string]any{"b": "x"}}, "list of object (2 properties)"},
		{"x", map[string]any{"0": "a", "1": "b"}, "list of string"},
		{"x", map[string]any{"a": 1.0}, "object (1 properties)"},
		{"x", map[string]any{"2026-01-01": 1.0}, "map of integer (int64)"},
	} {
		if got := describeSchema(inferSchema(c.name, c.v)); got != c.want {
			t.Errorf("inferSchema(%q, %#v) = %s, want %s", c.name, c.v, got, c.want)
		}
	}
}

func TestIsAmountName(t *testing.T) {
	for name, want := range map[string]bool{
		"cost": true, "all_sum": true, "price_max": true, "loyalty_amount": true,
		"reserved_balance": true, "targets_paid": true, "paid_full": true,
		"salary": true, "income": true, "spent": true, "discount": true,
		"rating": true, "coordinate_lat": true, "percent": true,
		"sum_type": false, "discount_type": false, "balance_edit_type_id": false,
		"salary_schemes_count": false, "total_count": false, "prepaid": false,
		"title": false, "": false,
	} {
		if got := isAmountName(name); got != want {
			t.Errorf("isAmountName(%q) = %v, want %v", name, got, want)
		}
	}
}
