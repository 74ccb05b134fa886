package gen

import (
	"cmp"
	"fmt"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// NoResultExtension, set to true on the schema of a success response by
// Complete, says that the body holds nothing to return: Altegio's envelope
// with success alone, or with a meta message ("Accepted") and no data. The
// Client method of an operation whose success responses all carry such a
// body returns only an error (see operationResult); ResponseBody still
// knows the body's type.
const NoResultExtension = "x-altegio-no-result"

// emptyMetaSchema is the component that Altegio's v1 spec declares for the
// envelope's meta when it holds nothing ({} or []). An inferred envelope
// whose examples send only an empty meta refers to it, when the document
// has it, so that it is typed as the 32 declared envelopes that use it.
const emptyMetaSchema = "response_meta_empty_object"

// exampleValue is one example value and its JSON pointer.
type exampleValue struct {
	v   any
	ptr string
}

// bodies gives every JSON request body and response of doc that has
// examples but no schema a schema built from its examples (inferSchema,
// merged over all of them), and records every member it types. A body whose
// examples send Altegio's {success, data, meta} envelope gets the envelope,
// with success a boolean as the spec declares it everywhere, data typed from
// the examples' data, and meta from their meta (the document's empty-meta
// schema when they send only {} or []). A response example that is a list
// of one envelope becomes that envelope, as every Altegio response is (and
// as altegio.Unmarshal decodes the list), so that the completed spec and
// its example agree. A success response whose examples
// carry nothing but success (and a meta message) is marked with
// NoResultExtension. Statuses that carry no body (204, 205, 304) are left
// alone.
func (c *completer) bodies() {
	seen := map[*openapi3.MediaType]bool{}
	forEachOperation(c.doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		opPtr := "paths/" + escapePointer(path) + "/" + strings.ToLower(method)
		c.op = op.OperationID
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			ptr := opPtr + "/requestBody"
			if op.RequestBody.Ref != "" {
				ptr = refPointer(op.RequestBody.Ref)
			}
			c.bodyContent(op.RequestBody.Value.Content, ptr+"/content", "", seen)
		}
		if op.Responses == nil {
			return
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(code)
			if r == nil || r.Value == nil || noBodyStatus(code) {
				continue
			}
			ptr := opPtr + "/responses/" + code
			if r.Ref != "" {
				ptr = refPointer(r.Ref)
			}
			c.bodyContent(r.Value.Content, ptr+"/content", code, seen)
		}
	})
}

// noBodyStatus reports whether a response status carries no body.
func noBodyStatus(code string) bool {
	return code == "204" || code == "205" || code == "304"
}

// bodyContent infers the schemas of the schemaless JSON media types in
// content, at the pointer ptr. status is the response's status, or "" for
// a request body.
func (c *completer) bodyContent(content openapi3.Content, ptr, status string, seen map[*openapi3.MediaType]bool) {
	for _, name := range sortedKeys(content) {
		mt := content[name]
		if mt == nil || mt.Schema != nil || seen[mt] || !(isJSONMediaType(name) || status == "" && name == "*/*") {
			continue
		}
		seen[mt] = true
		mtPtr := ptr + "/" + escapePointer(name)
		var examples []exampleValue
		// unwrap returns a response example that is a list of one envelope
		// as that envelope, recording it, and sets it with set.
		unwrap := func(v any, ptr string, set func(any)) exampleValue {
			if l, ok := v.([]any); ok && len(l) == 1 && isEnvelope(l[0]) && status != "" {
				set(l[0])
				c.record(Inference{Schema: ptr, Change: "unwrapped", Type: "the envelope, which the example wraps in a list of one", Example: ptr})
				return exampleValue{l[0], ptr + "/0"}
			}
			return exampleValue{v, ptr}
		}
		if mt.Example != nil {
			examples = append(examples, unwrap(mt.Example, mtPtr+"/example", func(v any) { mt.Example = v }))
		}
		for _, k := range sortedKeys(mt.Examples) {
			e := mt.Examples[k]
			if e == nil || e.Value == nil || e.Value.Value == nil {
				continue
			}
			p := mtPtr + "/examples/" + escapePointer(k) + "/value"
			if e.Ref != "" {
				p = refPointer(e.Ref) + "/value"
			}
			examples = append(examples, unwrap(e.Value.Value, p, func(v any) { e.Value.Value = v }))
		}
		if len(examples) == 0 {
			continue // nothing to infer from: see schemalessJSONResponses
		}
		schemaPtr := mtPtr + "/schema"
		s, desc := c.bodySchema(examples)
		markInferred(s)
		mt.Schema = openapi3.NewSchemaRef("", s)
		c.record(Inference{Schema: schemaPtr, Change: "inferred", Type: desc, Example: examples[0].ptr})
		c.recordMembers(s, schemaPtr, examples, 0)
		if strings.HasPrefix(status, "2") && nothingToReturn(examples) {
			s.Extensions[NoResultExtension] = true
			c.record(Inference{Schema: schemaPtr, Change: "marked", Type: "no result (success alone: the method returns only an error)", Example: examples[0].ptr})
		}
	}
}

// bodySchema builds the schema of a body from its examples and describes
// it.
func (c *completer) bodySchema(examples []exampleValue) (*openapi3.Schema, string) {
	envelope := true
	for _, e := range examples {
		envelope = envelope && isEnvelope(e.v)
	}
	if !envelope {
		s := inferSchema("", examples[0].v)
		for _, e := range examples[1:] {
			s = mergeInferred(s, inferSchema("", e.v))
		}
		return s, describeSchema(s)
	}
	env := &openapi3.Schema{
		Type: &openapi3.Types{openapi3.TypeObject},
		Properties: openapi3.Schemas{
			"success": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}, Description: "Execution success status"}),
		},
	}
	words := []string{"success"}
	for _, k := range []string{"data", "meta"} {
		var m *openapi3.Schema
		for _, e := range examples {
			v, ok := e.v.(map[string]any)[k]
			if !ok {
				continue
			}
			if m == nil {
				m = inferSchema(k, v)
			} else {
				m = mergeInferred(m, inferSchema(k, v))
			}
		}
		if m == nil {
			continue
		}
		ref := openapi3.NewSchemaRef("", m)
		if k == "meta" {
			m.Description = "Metadata"
			if isEmptyList(m) || isEmptyObject(m) {
				ref = c.emptyMeta()
			}
		}
		env.Properties[k] = ref
		words = append(words, k+": "+describeRef(ref))
	}
	// Members beside success, data and meta are typed too.
	rest := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{}}
	for _, e := range examples {
		m := map[string]any{}
		for k, v := range e.v.(map[string]any) {
			if k != "success" && k != "data" && k != "meta" {
				m[k] = v
			}
		}
		rest = mergeInferred(rest, inferSchema("", m))
	}
	for _, k := range sortedKeys(rest.Properties) {
		if goNameClash(env.Properties, k) == "" {
			env.Properties[k] = rest.Properties[k]
			words = append(words, k)
		}
	}
	return env, "envelope {" + strings.Join(words, ", ") + "}"
}

// emptyMeta returns the schema of an envelope's meta that the examples
// send empty: the document's emptyMetaSchema component, or its like.
func (c *completer) emptyMeta() *openapi3.SchemaRef {
	if c.doc.Components != nil {
		if ref := c.doc.Components.Schemas[emptyMetaSchema]; ref != nil && ref.Value != nil {
			return &openapi3.SchemaRef{Ref: "#/components/schemas/" + emptyMetaSchema, Value: ref.Value}
		}
	}
	return openapi3.NewSchemaRef("", &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeObject, openapi3.TypeArray},
		Description: "Additional response data (empty object or empty array)",
	})
}

// isEnvelope reports whether the example value v is Altegio's envelope: an
// object with a boolean success member.
func isEnvelope(v any) bool {
	m, ok := v.(map[string]any)
	if !ok {
		return false
	}
	_, isBool := m["success"].(bool)
	return isBool
}

// nothingToReturn reports whether every example is an envelope whose
// success is true and that holds nothing else: no data (absent, null, []
// or {}), and no meta but an empty one or a message.
func nothingToReturn(examples []exampleValue) bool {
	for _, e := range examples {
		m, ok := e.v.(map[string]any)
		if !ok || m["success"] != true {
			return false
		}
		for k, v := range m {
			switch k {
			case "success":
			case "data":
				if !emptyValue(v) {
					return false
				}
			case "meta":
				if emptyValue(v) {
					continue
				}
				meta, ok := v.(map[string]any)
				if !ok {
					return false
				}
				for mk, mv := range meta {
					if _, isText := mv.(string); mk != "message" || !isText {
						return false
					}
				}
			default:
				return false
			}
		}
	}
	return true
}

// emptyValue reports whether v is null, [] or {}.
func emptyValue(v any) bool {
	switch x := v.(type) {
	case nil:
		return true
	case []any:
		return len(x) == 0
	case map[string]any:
		return len(x) == 0
	}
	return false
}

// recordMembers records the type of every member of the inferred schema s
// (at the pointer ptr), with the first example value that shows it.
func (c *completer) recordMembers(s *openapi3.Schema, ptr string, values []exampleValue, depth int) {
	if s == nil || depth > 64 {
		return
	}
	switch {
	case s.Type.Is(openapi3.TypeArray) && s.Items != nil:
		var items []exampleValue
		for _, v := range values {
			items = append(items, elements(v)...)
		}
		c.recordMembers(s.Items.Value, ptr+"/items", items, depth+1)
	case s.AdditionalProperties.Schema != nil:
		var vals []exampleValue
		for _, v := range values {
			if m, ok := v.v.(map[string]any); ok {
				for _, k := range sortedKeys(m) {
					vals = append(vals, exampleValue{m[k], v.ptr + "/" + escapePointer(k)})
				}
			}
		}
		c.recordMembers(s.AdditionalProperties.Schema.Value, ptr+"/additionalProperties", vals, depth+1)
	case len(s.Properties) > 0:
		for _, k := range sortedKeys(s.Properties) {
			var vals []exampleValue
			for _, v := range values {
				if m, ok := v.v.(map[string]any); ok {
					if x, ok := m[k]; ok {
						vals = append(vals, exampleValue{x, v.ptr + "/" + escapePointer(k)})
					}
				}
			}
			p := s.Properties[k]
			if len(vals) == 0 || p.Value == nil {
				continue
			}
			c.record(Inference{Schema: ptr, Property: k, Change: "inferred", Type: describeRef(p), Example: firstShowing(vals).ptr})
			if p.Ref == "" {
				c.recordMembers(p.Value, fmt.Sprintf("%s/properties/%s", ptr, escapePointer(k)), vals, depth+1)
			}
		}
	}
}

// elements returns the elements of a list example value (or of a PHP array
// sent as an object) with their pointers.
func elements(v exampleValue) []exampleValue {
	var out []exampleValue
	switch x := v.v.(type) {
	case []any:
		for i, e := range x {
			out = append(out, exampleValue{e, fmt.Sprintf("%s/%d", v.ptr, i)})
		}
	case map[string]any:
		if _, ok := phpArray(x); ok {
			keys := sortedKeys(x)
			slices.SortFunc(keys, func(a, b string) int { // as phpArray orders them
				n, _ := strconv.Atoi(a)
				m, _ := strconv.Atoi(b)
				return cmp.Compare(n, m)
			})
			for _, k := range keys {
				out = append(out, exampleValue{x[k], v.ptr + "/" + k})
			}
		} else {
			out = append(out, v) // one object where a list is inferred
		}
	}
	return out
}

// firstShowing returns the first value that is not null, or the first.
func firstShowing(vals []exampleValue) exampleValue {
	for _, v := range vals {
		if v.v != nil {
			return v
		}
	}
	return vals[0]
}

// describeRef describes an inferred schema, or names the component it
// refers to.
func describeRef(ref *openapi3.SchemaRef) string {
	if ref.Ref != "" {
		return "the component " + strings.TrimPrefix(ref.Ref, "#/components/schemas/")
	}
	return describeSchema(ref.Value)
}
