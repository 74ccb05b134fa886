package generated_test

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
)

// responseBody is each generated package's registry of response types.
var responseBody = map[string]func(op, status string) (any, bool){
	"b2b-v1": b2bv1.ResponseBody,
	"b2b-v2": b2bv2.ResponseBody,
}

// example is one response example of a locked spec.
type example struct {
	Where  string // e.g. "list_positions 200 (response example)"
	Op     string
	Status string
	JSON   []byte
}

// mapGet returns the value of key in a YAML mapping node, or nil.
func mapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// resolve follows a local $ref in root.
func resolve(root, n *yaml.Node) *yaml.Node {
	for n != nil {
		ref := mapGet(n, "$ref")
		if ref == nil {
			return n
		}
		n = root
		for _, part := range strings.Split(strings.TrimPrefix(ref.Value, "#/"), "/") {
			n = mapGet(n, part)
		}
	}
	return nil
}

// responseExamples lists, from the raw locked spec of api, the examples of
// JSON responses: those on the response's media type (response-level) and
// those on the response's schema (schema-level).
func responseExamples(t *testing.T, api gen.API) (responseLevel, schemaLevel []example) {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &doc); err != nil {
		t.Fatal(err)
	}
	root := doc.Content[0]
	paths := mapGet(root, "paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			op := item.Content[j+1]
			id := mapGet(op, "operationId")
			responses := mapGet(op, "responses")
			if id == nil || responses == nil {
				continue
			}
			for k := 0; k+1 < len(responses.Content); k += 2 {
				status := responses.Content[k].Value
				content := mapGet(resolve(root, responses.Content[k+1]), "content")
				mt := mapGet(content, "application/json")
				if mt == nil {
					continue
				}
				add := func(list *[]example, kind string, n *yaml.Node) {
					b, err := spectest.NodeJSON(n)
					if err != nil {
						t.Fatalf("%s %s %s: %v", id.Value, status, kind, err)
					}
					*list = append(*list, example{fmt.Sprintf("%s %s (%s, spec line %d)", id.Value, status, kind, n.Line), id.Value, status, b})
				}
				if ex := mapGet(mt, "example"); ex != nil {
					add(&responseLevel, "response example", ex)
				}
				if exs := mapGet(mt, "examples"); exs != nil {
					for e := 0; e+1 < len(exs.Content); e += 2 {
						add(&responseLevel, "response example "+exs.Content[e].Value, mapGet(resolve(root, exs.Content[e+1]), "value"))
					}
				}
				schema := resolve(root, mapGet(mt, "schema"))
				if ex := mapGet(schema, "example"); ex != nil {
					add(&schemaLevel, "schema example", ex)
				}
				if exs := mapGet(schema, "examples"); exs != nil && exs.Kind == yaml.SequenceNode {
					for _, ex := range exs.Content {
						add(&schemaLevel, "schema examples item", ex)
					}
				}
			}
		}
	}
	return responseLevel, schemaLevel
}

// TestResponseExamplesDecode decodes every JSON response example of both
// locked specs into the generated type of its response, with the runtime's
// decoder, as the client does.
func TestResponseExamplesDecode(t *testing.T) {
	want := map[string][2]int{
		"b2b-v1": {200, 151},
		"b2b-v2": {25, 0},
	}
	for _, api := range gen.APIs {
		t.Run(api.Name, func(t *testing.T) {
			responseLevel, schemaLevel := responseExamples(t, api)
			if got := [2]int{len(responseLevel), len(schemaLevel)}; got != want[api.Name] {
				t.Errorf("found %d response-level and %d schema-level examples, want %d and %d", got[0], got[1], want[api.Name][0], want[api.Name][1])
			}
			decoded := 0
			for _, ex := range append(responseLevel, schemaLevel...) {
				target, ok := responseBody[api.Name](ex.Op, ex.Status)
				if !ok {
					t.Errorf("%s: no generated type for this response", ex.Where)
					continue
				}
				if err := altegio.Unmarshal(ex.JSON, target); err != nil {
					t.Errorf("%s: does not decode into %T: %v", ex.Where, target, err)
					continue
				}
				decoded++
			}
			t.Logf("%s: %d/%d examples decode", api.Name, decoded, len(responseLevel)+len(schemaLevel))
		})
	}
}
