package gen

import (
	"fmt"
	"math"
	"regexp"
	"slices"
	"sort"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// NoInferExtension, set to false on a schema by an overlay action, keeps
// Complete away from that schema and everything inside it: an explicit
// overlay action wins over an inference.
const NoInferExtension = "x-altegio-infer"

// Inference is one change Complete made to a schema, with its evidence.
type Inference struct {
	// Schema is where the schema is, as a JSON pointer without the leading
	// "#/", such as "components/schemas/record/properties/data".
	Schema string
	// Property is the property added or changed; empty when the change is
	// to the schema itself.
	Property string
	// Change is what was done: "added", "widened", "enum", "envelope",
	// "inferred" (a type built from example values where the spec declares
	// none) or "marked" (a body with nothing to return, NoResultExtension).
	Change string
	// Type is the inferred type, or the new one, in words.
	Type string
	// Example is where the example that shows it is, as a JSON pointer.
	Example string
	// Line is the example's line in the spec (0 if unknown).
	Line int
	// Page, for a fact from published documentation (ApplyDocFields), is
	// its source and page; Example and Line are then unset.
	Page string
}

func (i Inference) String() string {
	where := i.Schema
	if i.Property != "" {
		where += " ." + i.Property
	}
	if i.Page != "" {
		return fmt.Sprintf("%s: %s %s (documented: %s)", where, i.Change, i.Type, i.Page)
	}
	return fmt.Sprintf("%s: %s %s (example %s, spec line %d)", where, i.Change, i.Type, i.Example, i.Line)
}

// Complete adds to the schemas of doc what their examples show but they do
// not declare, so that what Altegio sends has a typed place to go:
//
//   - a JSON request body or response that has examples but no schema gets
//     one built from them, Altegio's {success, data, meta} envelope kept as
//     such, and a success body that holds nothing but success is marked to
//     return nothing (see bodies);
//   - a property an example carries is added to its object schema, typed
//     from the example values by inferSchema's rules (whole numbers as
//     int64 integers, but money amounts as numbers and phone, card and
//     barcode numbers as strings; dates and date-times by their text; [] as
//     a list and {} as an object of unknown content; null as any value
//     until another example shows more);
//   - a declared type an example contradicts is widened: integer to number
//     for fractions, number or boolean to string for text, date to
//     date-time, and a type no value fits to any value;
//   - an enum gains the values the examples use;
//   - a response schema that describes the item, where the example (and
//     the API) sends the {success, data, meta} envelope, is wrapped in it.
//
// The examples are every JSON example of a 2xx response and of a request
// body (on the media type and on its schema) and every schema's own
// example. root is the YAML of the document, for the examples' line
// numbers. Schemas marked with NoInferExtension: false are left alone.
func Complete(doc *openapi3.T, root *yaml.Node) []Inference {
	c := &completer{doc: doc}
	// Bodies with examples but no schema get one first, so that the
	// passes below see them as any other schema.
	c.bodies()
	// Every schema's own example first (components, then inline schemas of
	// operations), so that a component its own example shows to be a list
	// is one before operations' examples reach it.
	seen := map[*openapi3.Schema]bool{}
	if doc.Components != nil {
		for _, name := range sortedKeys(doc.Components.Schemas) {
			c.ownExamples(doc.Components.Schemas[name], "components/schemas/"+escapePointer(name), seen)
		}
	}
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		opPtr := "paths/" + escapePointer(path) + "/" + strings.ToLower(method)
		c.op = op.OperationID
		if op.RequestBody != nil && op.RequestBody.Value != nil && op.RequestBody.Ref == "" {
			for _, mt := range sortedKeys(op.RequestBody.Value.Content) {
				c.ownExamples(op.RequestBody.Value.Content[mt].Schema, opPtr+"/requestBody/content/"+escapePointer(mt)+"/schema", seen)
			}
		}
		if op.Responses == nil {
			return
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(code)
			if r == nil || r.Value == nil || r.Ref != "" {
				continue
			}
			for _, mt := range sortedKeys(r.Value.Content) {
				c.ownExamples(r.Value.Content[mt].Schema, opPtr+"/responses/"+code+"/content/"+escapePointer(mt)+"/schema", seen)
			}
		}
	})
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		opPtr := "paths/" + escapePointer(path) + "/" + strings.ToLower(method)
		c.op = op.OperationID
		if op.RequestBody != nil && op.RequestBody.Value != nil {
			ptr := opPtr + "/requestBody"
			if op.RequestBody.Ref != "" {
				ptr = refPointer(op.RequestBody.Ref)
			}
			c.content(op.RequestBody.Value.Content, ptr+"/content", false)
		}
		if op.Responses == nil {
			return
		}
		codes := sortedKeys(op.Responses.Map())
		for _, code := range codes {
			r := op.Responses.Value(code)
			if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
				continue
			}
			ptr := opPtr + "/responses/" + code
			if r.Ref != "" {
				ptr = refPointer(r.Ref)
			}
			c.content(r.Value.Content, ptr+"/content", true)
		}
	})
	for i := range c.out {
		c.out[i].Line = lineAt(root, c.out[i].Example)
	}
	walkSchemas(doc, func(site schemaSite) {
		delete(site.Ref.Value.Extensions, inferredExtension)
		delete(site.Ref.Value.Extensions, nullExtension)
	})
	return c.out
}

// completer holds Complete's state.
type completer struct {
	doc  *openapi3.T
	op   string // the operationId whose examples are being matched, if any
	out  []Inference
	seen map[string]bool // inferences recorded, by Schema, Property and Change
	// goNames holds the Go names of the components hoist compared.
	goNames goNameCache
}

// evidence is where an example is.
type evidence struct{ ptr string }

func (c *completer) record(inf Inference) {
	if c.seen == nil {
		c.seen = map[string]bool{}
	}
	key := inf.Schema + "\x00" + inf.Property + "\x00" + inf.Change + "\x00" + inf.Type
	if c.seen[key] {
		return
	}
	c.seen[key] = true
	c.out = append(c.out, inf)
}

// ownExamples matches the examples that the schema of ref and the schemas
// inside it carry themselves against those schemas. ptr is the schema's
// pointer; referenced schemas are visited where they are declared.
func (c *completer) ownExamples(ref *openapi3.SchemaRef, ptr string, seen map[*openapi3.Schema]bool) {
	if ref == nil || ref.Value == nil || (ref.Ref != "" && !strings.HasPrefix(ptr, "components/schemas/")) {
		return
	}
	s := ref.Value
	if seen[s] || noInfer(s) {
		return
	}
	seen[s] = true
	if s.Example != nil {
		c.match(ref, s.Example, ptr, evidence{ptr + "/example"})
	}
	for i, ex := range s.Examples {
		c.match(ref, ex, ptr, evidence{fmt.Sprintf("%s/examples/%d", ptr, i)})
	}
	for _, name := range sortedKeys(s.Properties) {
		c.ownExamples(s.Properties[name], ptr+"/properties/"+escapePointer(name), seen)
	}
	c.ownExamples(s.Items, ptr+"/items", seen)
	c.ownExamples(s.AdditionalProperties.Schema, ptr+"/additionalProperties", seen)
	for _, comp := range compositions(s) {
		for i, sub := range comp.list {
			c.ownExamples(sub, fmt.Sprintf("%s/%s/%d", ptr, comp.kind, i), seen)
		}
	}
}

// content matches the JSON examples of a request or response's media types
// against their schemas. ptr is the content's pointer.
func (c *completer) content(content openapi3.Content, ptr string, response bool) {
	for _, mtName := range sortedKeys(content) {
		mt := content[mtName]
		if mt == nil || mt.Schema == nil || (!isJSONMediaType(mtName) && mtName != "*/*") {
			continue
		}
		mtPtr := ptr + "/" + escapePointer(mtName)
		schemaPtr := mtPtr + "/schema"
		if mt.Schema.Ref != "" {
			schemaPtr = refPointer(mt.Schema.Ref)
		}
		type ex struct {
			value any
			ev    evidence
		}
		var examples []ex
		if mt.Example != nil {
			examples = append(examples, ex{mt.Example, evidence{mtPtr + "/example"}})
		}
		for _, name := range sortedKeys(mt.Examples) {
			e := mt.Examples[name]
			if e == nil || e.Value == nil || e.Value.Value == nil {
				continue
			}
			p := mtPtr + "/examples/" + escapePointer(name) + "/value"
			if e.Ref != "" {
				p = refPointer(e.Ref) + "/value"
			}
			examples = append(examples, ex{e.Value.Value, evidence{p}})
		}
		if s := mt.Schema.Value; s != nil {
			if s.Example != nil {
				examples = append(examples, ex{s.Example, evidence{schemaPtr + "/example"}})
			}
			for i, e := range s.Examples {
				examples = append(examples, ex{e, evidence{fmt.Sprintf("%s/examples/%d", schemaPtr, i)}})
			}
		}
		for _, e := range examples {
			if response {
				c.envelope(mt, e.value, schemaPtr, e.ev)
			}
			c.match(mt.Schema, e.value, schemaPtr, e.ev)
		}
	}
}

// envelope wraps a response schema that describes the item in the
// {success, data, meta} envelope that the example v sends: v has data (and
// success or meta), the schema declares none of them, and the properties it
// declares are those of data's object (or of the objects of its list).
func (c *completer) envelope(mt *openapi3.MediaType, v any, schemaPtr string, ev evidence) {
	m, ok := v.(map[string]any)
	s := mt.Schema.Value
	if !ok || s == nil || !describesObject(s) || len(s.Properties) == 0 || noInfer(s) {
		return
	}
	data, hasData := m["data"]
	_, hasSuccess := m["success"]
	_, hasMeta := m["meta"]
	if !hasData || !(hasSuccess || hasMeta) {
		return
	}
	for _, k := range []string{"data", "success", "meta"} {
		if s.Properties[k] != nil {
			return
		}
	}
	item, _ := data.(map[string]any)
	list := false
	if l, ok := data.([]any); ok && len(l) > 0 {
		item, _ = l[0].(map[string]any)
		list = true
	}
	if item == nil {
		return
	}
	shared := 0
	for k := range item {
		if s.Properties[k] != nil || goNameClash(s.Properties, k) != "" {
			shared++
		}
	}
	if shared == 0 {
		return
	}
	dataRef := mt.Schema
	typ := "object"
	if list {
		dataRef = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: mt.Schema})
		typ = "list of objects"
	}
	env := &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeObject},
		Description: s.Description,
		Properties: openapi3.Schemas{
			"success": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}, Description: "Execution success status"}),
			"data":    dataRef,
			"meta":    openapi3.NewSchemaRef("", &openapi3.Schema{Description: "Metadata"}),
		},
	}
	mt.Schema = openapi3.NewSchemaRef("", env)
	c.record(Inference{Schema: schemaPtr, Change: "envelope", Type: "{success, data: " + typ + ", meta}", Example: ev.ptr})
}

// match walks the example value v along the schema of ref, completing the
// schema where v shows more than it declares. ptr is the schema's pointer.
func (c *completer) match(ref *openapi3.SchemaRef, v any, ptr string, ev evidence) {
	c.matchDepth(ref, v, ptr, ev, 0)
}

func (c *completer) matchDepth(ref *openapi3.SchemaRef, v any, ptr string, ev evidence, depth int) {
	if ref == nil || ref.Value == nil || depth > 64 {
		return
	}
	if ref.Ref != "" {
		ptr = refPointer(ref.Ref)
	}
	s := ref.Value
	if noInfer(s) || c.refine(ref, v, ptr, ev) {
		return
	}
	// Compositions: follow the branch the value fits; add nothing to them.
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		for _, comp := range compositions(s)[1:] { // oneOf, anyOf
			for i, b := range comp.list {
				if b != nil && b.Value != nil && fits(b.Value, v) {
					c.matchDepth(b, v, fmt.Sprintf("%s/%s/%d", ptr, comp.kind, i), ev, depth+1)
					return
				}
			}
		}
		return
	}
	switch x := v.(type) {
	case map[string]any:
		switch {
		case describesObject(s) || len(s.AllOf) > 0:
			c.object(s, x, ptr, ev, depth)
		case s.Type.Includes(openapi3.TypeArray) && s.Items != nil:
			if list, ok := phpArray(x); ok {
				for _, e := range list {
					c.matchDepth(s.Items, e, ptr+"/items", ev, depth+1)
				}
			} else {
				// One object where a list is declared: a list of one.
				c.matchDepth(s.Items, x, ptr+"/items", ev, depth+1)
			}
		case !s.Type.IsEmpty():
			c.widen(ref, ptr, "any value", ev)
		}
	case []any:
		switch {
		case s.Type.Includes(openapi3.TypeArray) || (s.Type.IsEmpty() && s.Items != nil):
			for _, e := range x {
				c.matchDepth(s.Items, e, ptr+"/items", ev, depth+1)
			}
		case describesObject(s) || len(s.AllOf) > 0:
			// [] is an empty object; a list of one object is that object.
			if len(x) == 1 {
				if m, ok := x[0].(map[string]any); ok {
					c.object(s, m, ptr, ev, depth)
					return
				}
			}
			if len(x) > 1 && allObjects(x) {
				c.listOf(ref, ptr, ev)
				for _, e := range x {
					c.object(s, e.(map[string]any), ptr, ev, depth)
				}
				return
			}
			if len(x) > 0 {
				c.widen(ref, ptr, "any value", ev)
			}
		case !s.Type.IsEmpty():
			if len(x) > 0 || !s.Type.Includes(openapi3.TypeNull) {
				c.widen(ref, ptr, "any value", ev)
			}
		}
	default:
		c.scalar(ref, x, ptr, ev)
	}
}

// object matches the members of m against the object schema s.
func (c *completer) object(s *openapi3.Schema, m map[string]any, ptr string, ev evidence, depth int) {
	if len(s.Properties) == 0 && len(s.AllOf) == 0 && s.AdditionalProperties.Schema == nil && len(m) > 0 && allKeys(m, isDynamicKey) {
		// Keys that are dates or numbers name entries, not members: a map.
		var val *openapi3.Schema
		for _, k := range sortedKeys(m) {
			if val == nil {
				val = inferSchema(k, m[k])
			} else {
				val = mergeInferred(val, inferSchema(k, m[k]))
			}
		}
		s.AdditionalProperties = openapi3.AdditionalProperties{Schema: openapi3.NewSchemaRef("", val)}
		c.record(Inference{Schema: ptr, Change: "added", Type: "map of " + describeSchema(val), Example: ev.ptr})
		return
	}
	for _, k := range sortedKeys(m) {
		val := m[k]
		if p := s.Properties[k]; p != nil {
			c.matchDepth(p, val, ptr+"/properties/"+escapePointer(k), ev, depth+1)
			continue
		}
		if found := c.inAllOf(s, k, val, ptr, ev, depth); found {
			continue
		}
		if ap := s.AdditionalProperties.Schema; ap != nil {
			c.matchDepth(ap, val, ptr+"/additionalProperties", ev, depth+1)
			continue
		}
		if (s.AdditionalProperties.Has != nil && *s.AdditionalProperties.Has) || len(s.AllOf) > 0 {
			continue // a map, or a composition: every member is kept as it is
		}
		if clash := goNameClash(s.Properties, k); clash != "" {
			continue // ExtraFields keeps it: its Go name would be clash's
		}
		inferred := inferSchema(k, val)
		markInferred(inferred)
		if s.Properties == nil {
			s.Properties = openapi3.Schemas{}
		}
		s.Properties[k] = openapi3.NewSchemaRef("", inferred)
		c.record(Inference{Schema: ptr, Property: k, Change: "added", Type: describeSchema(inferred), Example: ev.ptr})
	}
}

// inAllOf matches the member k against the allOf part that declares it.
func (c *completer) inAllOf(s *openapi3.Schema, k string, val any, ptr string, ev evidence, depth int) bool {
	for i, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		if p := part.Value.Properties[k]; p != nil {
			c.matchDepth(p, val, fmt.Sprintf("%s/allOf/%d/properties/%s", ptr, i, escapePointer(k)), ev, depth+1)
			return true
		}
	}
	return false
}

// scalar checks a scalar example value against a schema and widens the
// schema where the runtime's lenient decoding cannot take the value.
func (c *completer) scalar(ref *openapi3.SchemaRef, v any, ptr string, ev evidence) {
	s := ref.Value
	if s.Type.IsEmpty() || v == nil {
		return
	}
	switch x := v.(type) {
	case bool:
		if !s.Type.Includes(openapi3.TypeBoolean) && !s.Type.Includes(openapi3.TypeInteger) && !s.Type.Includes(openapi3.TypeNumber) && !s.Type.Includes(openapi3.TypeString) {
			c.widen(ref, ptr, "any value", ev)
		}
	case float64:
		switch {
		case s.Type.Includes(openapi3.TypeNumber) || s.Type.Includes(openapi3.TypeString):
		case s.Type.Includes(openapi3.TypeInteger):
			if x != math.Trunc(x) {
				c.retype(ref, ptr, openapi3.TypeNumber, "double", ev)
			}
		case s.Type.Includes(openapi3.TypeBoolean):
			if x != 0 && x != 1 {
				c.retype(ref, ptr, openapi3.TypeNumber, "double", ev)
			}
		default:
			c.widen(ref, ptr, "any value", ev)
		}
	case string:
		t := strings.TrimSpace(x)
		switch {
		case s.Type.Includes(openapi3.TypeString):
			switch s.Format {
			case "date":
				if !dateText.MatchString(t) && t != "" {
					if dateTimeText.MatchString(t) {
						c.retype(ref, ptr, openapi3.TypeString, "date-time", ev)
					} else {
						c.retype(ref, ptr, openapi3.TypeString, "", ev)
					}
				}
			case "date-time":
				if !dateTimeText.MatchString(t) && !dateText.MatchString(t) && t != "" {
					c.retype(ref, ptr, openapi3.TypeString, "", ev)
				}
			}
			if len(s.Enum) > 0 && !slices.Contains(s.Enum, any(x)) {
				s.Enum = append(s.Enum, x)
				c.record(Inference{Schema: ptr, Change: "enum", Type: strconv.Quote(x), Example: ev.ptr})
			}
		case s.Type.Includes(openapi3.TypeInteger) || s.Type.Includes(openapi3.TypeNumber):
			if _, err := strconv.ParseFloat(strings.TrimPrefix(t, "+"), 64); err != nil && t != "" {
				c.retype(ref, ptr, openapi3.TypeString, "", ev)
			}
		case s.Type.Includes(openapi3.TypeBoolean):
			switch strings.ToLower(t) {
			case "", "0", "1", "true", "false":
			default:
				c.retype(ref, ptr, openapi3.TypeString, "", ev)
			}
		default:
			c.widen(ref, ptr, "any value", ev)
		}
	}
}

// retype changes the scalar type (and format) of the schema of ref, keeping
// null if it was allowed; a referenced schema is replaced at this place
// only, so that its other users keep their type.
func (c *completer) retype(ref *openapi3.SchemaRef, ptr, typ, format string, ev evidence) {
	s := ref.Value
	if s.Extensions[inferredExtension] == true && s.Type.Is(openapi3.TypeInteger) && typ == openapi3.TypeNumber {
		// A fraction where this step inferred an integer: a number.
		s.Type, s.Format = &openapi3.Types{openapi3.TypeNumber}, "double"
		c.record(Inference{Schema: ptr, Change: "widened", Type: "number (double)", Example: ev.ptr})
		return
	}
	if s.Extensions[inferredExtension] == true && s.Type.Slice()[0] != typ {
		// Two examples disagree on a type this step inferred: any value.
		c.widen(ref, ptr, "any value", ev)
		return
	}
	if typ == openapi3.TypeString && strings.HasSuffix(ptr, "/items") && (s.Type.Includes(openapi3.TypeNumber) || s.Type.Includes(openapi3.TypeInteger)) {
		// A list that holds numbers and text, such as a [day, value] pair.
		c.widen(ref, ptr, "any value", ev)
		return
	}
	if ref.Ref != "" {
		cp := *s
		s = &cp
		ref.Ref, ref.Value = "", s
	}
	types := openapi3.Types{typ}
	if s.Type.IncludesNull() {
		types = append(types, openapi3.TypeNull)
	}
	s.Type, s.Format, s.Enum = &types, format, nil
	desc := typ
	if format != "" {
		desc += " (" + format + ")"
	}
	c.record(Inference{Schema: ptr, Change: "widened", Type: desc, Example: ev.ptr})
}

// listOf makes the slot of ref a list of the object schema it declared: the
// example sends several such objects.
func (c *completer) listOf(ref *openapi3.SchemaRef, ptr string, ev evidence) {
	inline := ref.Ref == ""
	item := &openapi3.SchemaRef{Ref: ref.Ref, Value: ref.Value}
	if inline {
		// An inline item becomes a component, named after the operation,
		// so that the generator gives the item and the list distinct names.
		base := c.op
		if base == "" {
			base = goKey(ptr)
		}
		if c.goNames == nil {
			c.goNames = goNameCache{}
		}
		item.Ref = "#/components/schemas/" + hoist(c.doc, []string{base, "item"}, item.Value, c.goNames)
	}
	list := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: item, Description: item.Value.Description}
	if inline {
		// The examples of the list move from the item to the list.
		list.Example, list.Examples = item.Value.Example, item.Value.Examples
		item.Value.Example, item.Value.Examples = nil, nil
	}
	ref.Ref = ""
	ref.Value = list
	c.record(Inference{Schema: ptr, Change: "widened", Type: "list of the objects it declared", Example: ev.ptr})
}

// refine replaces a schema this step inferred from null, [] or {} alone
// with the schema of the value v, which shows more, and reports whether it
// did: null takes v's schema, an empty list v's list (or v's object: PHP
// sends an empty object as []), an empty object v's list.
func (c *completer) refine(ref *openapi3.SchemaRef, v any, ptr string, ev evidence) bool {
	s := ref.Value
	if s.Extensions[inferredExtension] != true || ref.Ref != "" || v == nil {
		return false
	}
	list, isList := v.([]any)
	obj, isObj := v.(map[string]any)
	switch {
	case isNullOnly(s):
	case isEmptyList(s) && (isList && len(list) > 0 || isObj && len(obj) > 0):
	case isEmptyObject(s) && isList && len(list) > 0:
	default:
		return false
	}
	inferred := mergeInferred(s, inferSchema(pointerName(ptr), v))
	inferred.Description = s.Description
	markInferred(inferred)
	ref.Value = inferred
	c.record(Inference{Schema: ptr, Change: "inferred", Type: describeSchema(inferred), Example: ev.ptr})
	return true
}

// pointerName returns the member name a schema pointer ends in: the
// property's ("…/properties/phone" → "phone"), also through the items of a
// list ("…/properties/ids/items" → "ids"), or "".
func pointerName(ptr string) string {
	toks := strings.Split(ptr, "/")
	for len(toks) > 0 && toks[len(toks)-1] == "items" {
		toks = toks[:len(toks)-1]
	}
	if n := len(toks); n >= 2 && toks[n-2] == "properties" {
		return strings.ReplaceAll(strings.ReplaceAll(toks[n-1], "~1", "/"), "~0", "~")
	}
	return ""
}

// inferredExtension marks, during Complete, the schemas it inferred.
const inferredExtension = "x-altegio-inferred"

// markInferred marks s and the schemas inside it as inferred.
func markInferred(s *openapi3.Schema) {
	if s == nil {
		return
	}
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions[inferredExtension] = true
	for _, p := range s.Properties {
		markInferred(p.Value)
	}
	if s.Items != nil {
		markInferred(s.Items.Value)
	}
	if s.AdditionalProperties.Schema != nil {
		markInferred(s.AdditionalProperties.Schema.Value)
	}
}

// widen makes the schema of ref any value: no single type fits the example.
func (c *completer) widen(ref *openapi3.SchemaRef, ptr, desc string, ev evidence) {
	old := ref.Value
	ref.Ref = ""
	ref.Value = &openapi3.Schema{Description: old.Description}
	c.record(Inference{Schema: ptr, Change: "widened", Type: desc, Example: ev.ptr})
}

// noInfer reports whether an overlay marked s to be left alone.
func noInfer(s *openapi3.Schema) bool {
	v, ok := s.Extensions[NoInferExtension]
	return ok && v == false
}

// composition is one of a schema's lists of subschemas, by keyword.
type composition struct {
	kind string // "allOf", "oneOf" or "anyOf"
	list openapi3.SchemaRefs
}

// compositions are s's allOf, oneOf and anyOf lists, in that order.
func compositions(s *openapi3.Schema) []composition {
	return []composition{{"allOf", s.AllOf}, {"oneOf", s.OneOf}, {"anyOf", s.AnyOf}}
}

// describesObject reports whether s describes a JSON object (possibly
// among other types).
func describesObject(s *openapi3.Schema) bool {
	return s.Type.Includes(openapi3.TypeObject) || (s.Type.IsEmpty() && len(s.Properties) > 0)
}

// fits reports whether the example value v has a type that s allows.
func fits(s *openapi3.Schema, v any) bool {
	if s.Type.IsEmpty() {
		return describesObject(s) == isMap(v) || len(s.Properties) == 0
	}
	switch x := v.(type) {
	case nil:
		return s.Type.IncludesNull()
	case map[string]any:
		return s.Type.Includes(openapi3.TypeObject)
	case []any:
		return s.Type.Includes(openapi3.TypeArray) || (len(x) == 0 && s.Type.Includes(openapi3.TypeObject))
	case bool:
		return s.Type.Includes(openapi3.TypeBoolean)
	case float64:
		return s.Type.Includes(openapi3.TypeNumber) || (s.Type.Includes(openapi3.TypeInteger) && x == math.Trunc(x))
	case string:
		return s.Type.Includes(openapi3.TypeString)
	}
	return false
}

func isMap(v any) bool {
	_, ok := v.(map[string]any)
	return ok
}

var (
	dateText     = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}$`)
	dateTimeText = regexp.MustCompile(`^\d{4}-\d{2}-\d{2}[T ]\d{2}:\d{2}`)
)

// inferSchema types the value v of a member named name, by these rules:
//
//   - a whole number is an integer (int64), a fraction a number (double);
//     an identifier (see isIDName) or a count is an integer; a money amount
//     or another quantity that has fractions (see isAmountName) is a number
//     whatever the example shows, since Altegio's amounts are in major
//     currency units and carry cents. Every type stays one the example
//     value has, since the completed spec is what the contract test's mock
//     serves the examples against: a phone, card or barcode number sent as
//     a number is an integer here (a string is its Go representation,
//     which is the transforms' to give);
//   - text is a string, with format date or date-time when it reads as one;
//   - a list is a list of the schema of all its elements merged (see
//     mergeInferred); an empty list is a list whose items nothing shows;
//   - an object is an object of its members, each typed by these rules; an
//     empty object is an object whose members nothing shows; an object
//     whose keys are all decimal integers is a PHP array sent as an object
//     (a list), and one whose keys are all dates or numbers a map;
//   - null shows nothing: alone it is any value, and merged with another
//     value's schema it is that schema.
func inferSchema(name string, v any) *openapi3.Schema {
	switch x := v.(type) {
	case nil:
		return &openapi3.Schema{Extensions: map[string]any{nullExtension: true}}
	case bool:
		return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}}
	case float64:
		return inferNumber(name, x)
	case string:
		s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeString}}
		switch {
		case dateText.MatchString(x):
			s.Format = "date"
		case dateTimeText.MatchString(x):
			s.Format = "date-time"
		}
		return s
	case []any:
		s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}}
		if len(x) == 0 {
			return s // an empty list: its items are unknown
		}
		items := inferSchema(name, x[0])
		for _, e := range x[1:] {
			items = mergeInferred(items, inferSchema(name, e))
		}
		s.Items = openapi3.NewSchemaRef("", items)
		return s
	case map[string]any:
		if list, ok := phpArray(x); ok && len(list) > 0 {
			return inferSchema(name, list)
		}
		if len(x) > 0 && allKeys(x, isDynamicKey) {
			var val *openapi3.Schema
			for _, k := range sortedKeys(x) {
				if val == nil {
					val = inferSchema(name, x[k])
				} else {
					val = mergeInferred(val, inferSchema(name, x[k]))
				}
			}
			return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, AdditionalProperties: openapi3.AdditionalProperties{Schema: openapi3.NewSchemaRef("", val)}}
		}
		s := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{}}
		for _, k := range sortedKeys(x) {
			if goNameClash(s.Properties, k) != "" {
				continue
			}
			s.Properties[k] = openapi3.NewSchemaRef("", inferSchema(k, x[k]))
		}
		return s
	}
	return &openapi3.Schema{}
}

// nullExtension marks, during Complete, a schema inferred from null alone.
const nullExtension = "x-altegio-inferred-null"

// inferNumber types the JSON number x of a member named name (see
// inferSchema).
func inferNumber(name string, x float64) *openapi3.Schema {
	whole := x == math.Trunc(x) && !math.IsInf(x, 0)
	switch {
	case isIDName(name) || isIDListName(name) || isCountName(name):
		if whole {
			return integerSchema()
		}
	case isAmountName(name):
		return numberSchema()
	case whole:
		return integerSchema()
	}
	return numberSchema()
}

func integerSchema() *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeInteger}, Format: "int64"}
}

func numberSchema() *openapi3.Schema {
	return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeNumber}, Format: "double"}
}

// inferWords splits a member name into its lower-case words, at
// underscores, hyphens, spaces, brackets and lower-to-upper case changes:
// "price_min" → [price min], "averageScore" → [average score].
func inferWords(name string) []string {
	var words []string
	var b strings.Builder
	flush := func() {
		if b.Len() > 0 {
			words = append(words, b.String())
			b.Reset()
		}
	}
	prevLower := false
	for _, r := range name {
		switch {
		case 'a' <= r && r <= 'z', '0' <= r && r <= '9':
			b.WriteRune(r)
			prevLower = true
		case 'A' <= r && r <= 'Z':
			if prevLower {
				flush()
			}
			b.WriteRune(r + ('a' - 'A'))
			prevLower = false
		default:
			flush()
			prevLower = false
		}
	}
	flush()
	return words
}

// amountWords are the words that name a money amount, or another quantity
// that has fractions, in a member's name.
var amountWords = map[string]bool{
	// money
	"amount": true, "amounts": true, "balance": true, "bonus": true, "bonuses": true,
	"cashback": true, "commission": true, "cost": true, "costs": true, "debt": true,
	"discount": true, "expense": true, "expenses": true, "fee": true, "fees": true,
	"income": true, "paid": true, "payed": true, "price": true, "prices": true,
	"profit": true, "revenue": true, "salary": true, "spent": true, "sum": true,
	"sums": true, "tax": true, "tip": true, "tips": true, "vat": true,
	// other fractional quantities
	"average": true, "coefficient": true, "coordinate": true, "lat": true,
	"latitude": true, "lng": true, "lon": true, "longitude": true, "percent": true,
	"percentage": true, "rate": true, "rating": true, "ratio": true, "score": true,
}

// notAmountLast are last words that make a name with an amount word name
// something else: discount_type, bonus_count, salary_scheme_id.
var notAmountLast = map[string]bool{
	"code": true, "count": true, "counts": true, "enabled": true, "id": true,
	"ids": true, "kind": true, "mode": true, "period": true, "policy": true,
	"rule": true, "scheme": true, "status": true, "type": true, "types": true,
	"unit": true, "units": true,
}

// isAmountName reports whether a member's name names a money amount (cost,
// price, sum, amount, balance, discount, paid, income, salary and the like)
// or another quantity that has fractions (a rating, a percentage, a
// coordinate): a number, never an integer, whatever an example shows.
func isAmountName(name string) bool {
	words := inferWords(name)
	if len(words) == 0 || notAmountLast[words[len(words)-1]] {
		return false
	}
	return slices.ContainsFunc(words, func(w string) bool { return amountWords[w] })
}

// isCountName reports whether a member's name names a count: "count",
// "records_count", "total_count".
func isCountName(name string) bool {
	words := inferWords(name)
	return len(words) > 0 && (words[len(words)-1] == "count" || words[len(words)-1] == "counts")
}

// isNullOnly reports whether s was inferred from null alone.
func isNullOnly(s *openapi3.Schema) bool { return s.Extensions[nullExtension] == true }

// isEmptyList reports whether s was inferred from an empty list.
func isEmptyList(s *openapi3.Schema) bool { return s.Type.Is(openapi3.TypeArray) && s.Items == nil }

// isEmptyObject reports whether s was inferred from an empty object.
func isEmptyObject(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeObject) && len(s.Properties) == 0 && s.AdditionalProperties.Schema == nil
}

// mergeInferred returns a schema that takes the values of both inferred
// schemas a and b: null takes the other's schema; an integer and a number
// are a number; a date and a date-time a date-time; an empty list or
// object takes the other's list or object, and since PHP sends an empty
// object as [] (and an empty list as {}), also the other's object or list;
// lists merge their items, objects their members and maps their values;
// anything else is any value.
func mergeInferred(a, b *openapi3.Schema) *openapi3.Schema {
	switch {
	case isNullOnly(a):
		return b
	case isNullOnly(b):
		return a
	case a.Type.IsEmpty() && len(a.Properties) == 0:
		return a // any value
	case b.Type.IsEmpty() && len(b.Properties) == 0:
		return b
	case isEmptyList(a) && (b.Type.Is(openapi3.TypeArray) || b.Type.Is(openapi3.TypeObject)),
		isEmptyObject(a) && (b.Type.Is(openapi3.TypeArray) || b.Type.Is(openapi3.TypeObject)):
		return b
	case isEmptyList(b) && a.Type.Is(openapi3.TypeObject), isEmptyObject(b) && a.Type.Is(openapi3.TypeArray),
		isEmptyList(b) && a.Type.Is(openapi3.TypeArray), isEmptyObject(b) && a.Type.Is(openapi3.TypeObject):
		return a
	}
	at, bt := a.Type.Slice()[0], b.Type.Slice()[0]
	if at == openapi3.TypeInteger && bt == openapi3.TypeNumber || at == openapi3.TypeNumber && bt == openapi3.TypeInteger {
		return numberSchema()
	}
	if at != bt {
		return &openapi3.Schema{}
	}
	switch at {
	case openapi3.TypeString:
		if a.Format != b.Format {
			if a.Format == "date" && b.Format == "date-time" || a.Format == "date-time" && b.Format == "date" {
				a.Format = "date-time"
			} else {
				a.Format = ""
			}
		}
	case openapi3.TypeArray:
		a.Items = openapi3.NewSchemaRef("", mergeInferred(a.Items.Value, b.Items.Value))
	case openapi3.TypeObject:
		if a.AdditionalProperties.Schema != nil || b.AdditionalProperties.Schema != nil {
			if a.AdditionalProperties.Schema != nil && b.AdditionalProperties.Schema != nil {
				a.AdditionalProperties.Schema = openapi3.NewSchemaRef("", mergeInferred(a.AdditionalProperties.Schema.Value, b.AdditionalProperties.Schema.Value))
				return a
			}
			return &openapi3.Schema{}
		}
		for k, p := range b.Properties {
			if q := a.Properties[k]; q != nil {
				a.Properties[k] = openapi3.NewSchemaRef("", mergeInferred(q.Value, p.Value))
			} else if goNameClash(a.Properties, k) == "" {
				a.Properties[k] = p
			}
		}
	}
	return a
}

// describeSchema names an inferred schema's type in words for the report.
func describeSchema(s *openapi3.Schema) string {
	if s.Type.IsEmpty() {
		if isNullOnly(s) {
			return "any value (only null in the examples)"
		}
		return "any value"
	}
	t := s.Type.Slice()[0]
	switch t {
	case openapi3.TypeArray:
		if s.Items == nil {
			return "list of unknown items"
		}
		return "list of " + describeSchema(s.Items.Value)
	case openapi3.TypeObject:
		if s.AdditionalProperties.Schema != nil {
			return "map of " + describeSchema(s.AdditionalProperties.Schema.Value)
		}
		if len(s.Properties) == 0 {
			return "object of unknown members"
		}
		return fmt.Sprintf("object (%d properties)", len(s.Properties))
	}
	if s.Format != "" {
		return t + " (" + s.Format + ")"
	}
	return t
}

// goNameClash returns the declared property whose Go field name the new
// member name would take (names that differ only in case, spaces or
// punctuation), or "".
func goNameClash(props openapi3.Schemas, name string) string {
	key := goKey(name)
	for _, p := range sortedKeys(props) {
		if p != name && goKey(p) == key {
			return p
		}
	}
	return ""
}

func goKey(name string) string {
	var b strings.Builder
	for _, r := range strings.ToLower(name) {
		if ('a' <= r && r <= 'z') || ('0' <= r && r <= '9') {
			b.WriteRune(r)
		}
	}
	return b.String()
}

// phpArray returns the values of an object whose keys are all decimal
// integers (a PHP array sent as an object), ordered by key.
func phpArray(m map[string]any) ([]any, bool) {
	if len(m) == 0 {
		return nil, false
	}
	keys := make([]int, 0, len(m))
	for k := range m {
		n, err := strconv.Atoi(k)
		if err != nil || strconv.Itoa(n) != k {
			return nil, false
		}
		keys = append(keys, n)
	}
	sort.Ints(keys)
	out := make([]any, len(keys))
	for i, n := range keys {
		out[i] = m[strconv.Itoa(n)]
	}
	return out, true
}

// isDynamicKey reports whether an object key is data (a date, a date-time
// or a number) rather than a member name.
func isDynamicKey(k string) bool {
	if dateText.MatchString(k) || dateTimeText.MatchString(k) {
		return true
	}
	_, err := strconv.ParseFloat(k, 64)
	return err == nil
}

func allObjects(list []any) bool {
	for _, e := range list {
		if !isMap(e) {
			return false
		}
	}
	return true
}

func allKeys(m map[string]any, ok func(string) bool) bool {
	for k := range m {
		if !ok(k) {
			return false
		}
	}
	return true
}

// escapePointer escapes a JSON pointer token.
func escapePointer(s string) string {
	return strings.ReplaceAll(strings.ReplaceAll(s, "~", "~0"), "/", "~1")
}

// refPointer turns a local $ref ("#/components/…") into a pointer.
func refPointer(ref string) string { return strings.TrimPrefix(ref, "#/") }

// lineAt returns the line of the node at the JSON pointer ptr in root, or 0.
func lineAt(root *yaml.Node, ptr string) int {
	if n := nodeAt(root, ptr); n != nil {
		return n.Line
	}
	return 0
}

// CompletionFile is the name, in each generated package, of the report of
// what Complete inferred from the spec's examples: one line per inference,
// sorted, with the example and its spec line. It is golden output, so a new
// inference shows in review.
const CompletionFile = "COMPLETION.txt"

// buildCompletionReport renders the inferences of an API as CompletionFile.
func buildCompletionReport(what string, h Header, infs []Inference) []byte {
	lines := make([]string, len(infs))
	for i, inf := range infs {
		lines[i] = inf.String()
	}
	sort.Strings(lines)
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(h.String(), "\n"))
	fmt.Fprintf(&b, "\n//\n// What the %d inferences from %s's own examples (gen.Complete) and from published documentation\n// (gen.ApplyDocFields, openapi/docfields.yaml) added to its schemas: schema pointer [.property]:\n// change, type (the example's pointer and spec line, or the documenting page).\n\n", len(infs), what)
	for _, l := range lines {
		b.WriteString(l)
		b.WriteByte('\n')
	}
	return []byte(b.String())
}
