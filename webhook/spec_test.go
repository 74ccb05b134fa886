package webhook

import (
	"encoding/json"
	"fmt"
	"reflect"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/internal/spectest"
)

// TestEntityTypes checks the table against the generated client: each
// resource's Go type is the type of the `data` (or of one element of it)
// that its GET operation's 200 response declares, so that a regenerated
// b2bv1 that moves a type fails here, naming the resource.
func TestEntityTypes(t *testing.T) {
	for res, ent := range entities {
		if ent.decode == nil {
			continue
		}
		op := cmpOr(ent.typeOp, ent.op)
		body, ok := b2bv1.ResponseBody(op, "200")
		if !ok {
			t.Errorf("%s: %s has no 200 response type", res, op)
			continue
		}
		want := dataType(reflect.TypeOf(body).Elem())
		v, err := ent.decode([]byte(`{}`))
		if err != nil {
			t.Fatalf("%s: %v", res, err)
		}
		if got := reflect.TypeOf(v).Elem(); got != want {
			t.Errorf("%s: decodes into %v, but %s's data is %v", res, got, op, want)
		}
	}
}

// dataType is the type of the entity in a response body of type body: its
// Data field (one element of it, for a list), or body itself when it has no
// Data field.
func dataType(body reflect.Type) reflect.Type {
	f, ok := body.FieldByName("Data")
	if !ok {
		return body
	}
	t := f.Type
	for t.Kind() == reflect.Pointer || t.Kind() == reflect.Slice {
		t = t.Elem()
	}
	return t
}

// TestSpecExamples takes, for each resource, the response example of its
// GET operation from the published b2b-v1 spec (through
// ALTEGIO_SPEC_MIRROR), wraps its `data` (its first element, for a list) in
// a notification, and checks that it parses, decodes without a DataError,
// and that every member of the example that the Go type declares reaches
// the Go value.
func TestSpecExamples(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal(spectest.Spec(t, gen.APIs[0]).Data, &root); err != nil {
		t.Fatal(err)
	}
	for res, ent := range entities {
		if ent.decode == nil {
			continue
		}
		t.Run(string(res), func(t *testing.T) {
			data := exampleData(t, root.Content[0], ent.op)
			body := fmt.Appendf(nil, `{"company_id":"4564","resource":%q,"resource_id":7,"status":"update","data":%s}`, res, data)
			e, err := Parse(body)
			if err != nil {
				t.Fatal(err)
			}
			v, err := e.Entity()
			if err != nil {
				t.Fatalf("%s example: %v", ent.op, err)
			}
			out, err := json.Marshal(v)
			if err != nil {
				t.Fatal(err)
			}
			var in, got map[string]any
			if err := json.Unmarshal(data, &in); err != nil {
				t.Fatal(err)
			}
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatal(err)
			}
			declared := jsonNames(reflect.TypeOf(v).Elem())
			reached := 0
			for k, val := range in {
				if !declared[k] || val == nil || isEmpty(val) {
					continue
				}
				if _, ok := got[k]; !ok {
					t.Errorf("%s example: %s = %v did not reach the Go value", ent.op, k, val)
					continue
				}
				reached++
			}
			t.Logf("%s example: %d members reached the Go value", ent.op, reached)
			if reached == 0 {
				t.Errorf("%s example: no member reached the Go value (%s)", ent.op, data)
			}
			if id, ok := in["id"]; ok {
				if g := got["id"]; fmt.Sprint(g) != fmt.Sprint(id) {
					t.Errorf("%s example: id = %v, want %v", ent.op, g, id)
				}
			}
		})
	}
}

// isEmpty reports whether v is "", [] or {}, which a field may rightly drop
// ("" for a number is null to the lenient decoder).
func isEmpty(v any) bool {
	switch v := v.(type) {
	case string:
		return v == ""
	case []any:
		return len(v) == 0
	case map[string]any:
		return len(v) == 0
	}
	return false
}

// jsonNames are the JSON member names a struct type declares.
func jsonNames(t reflect.Type) map[string]bool {
	names := map[string]bool{}
	for f := range t.Fields() {
		if name, _, _ := strings.Cut(f.Tag.Get("json"), ","); name != "" && name != "-" {
			names[name] = true
		}
	}
	return names
}

// exampleData returns the entity of the 200 response example of op: its
// `data`, or the first element of it for a list, or the example itself
// when it has no data member.
func exampleData(t *testing.T, root *yaml.Node, op string) []byte {
	t.Helper()
	n := spectest.ResponseExample(root, op)
	if n == nil {
		t.Fatalf("the spec has no 200 response example for %s", op)
	}
	if d := spectest.MapGet(n, "data"); d != nil {
		n = d
	}
	if n.Kind == yaml.SequenceNode {
		if len(n.Content) == 0 {
			t.Fatalf("%s: the example's data is an empty list", op)
		}
		n = n.Content[0]
	}
	b, err := spectest.NodeJSON(n)
	if err != nil {
		t.Fatalf("%s: %v", op, err)
	}
	return b
}

// cmpOr returns the first of its arguments that is not "".
func cmpOr(s ...string) string {
	i := slices.IndexFunc(s, func(x string) bool { return x != "" })
	if i < 0 {
		return ""
	}
	return s[i]
}
