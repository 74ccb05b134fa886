package gen

import (
	"errors"
	"fmt"
	"math"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/openapi"
)

// DocFact is one row of the documented-fields table (openapi/docfields.yaml):
// a field that a published page lists, with its JSON type, for one
// operation's response data item or request body.
type DocFact struct {
	// API is the API's name, such as "b2b-v1".
	API string `yaml:"api"`
	// Operation is the operationId.
	Operation string `yaml:"operation"`
	// Where is DocResponse or DocRequest.
	Where string `yaml:"where"`
	// Field is the member's path below the data item or body: names joined
	// by dots, a name followed by [] for the items of a list, such as
	// "staff.fired" or "services[].cost".
	Field string `yaml:"field"`
	// Type is the JSON type: integer, number, string, boolean, object,
	// array, "array of <type>" or "any".
	Type string `yaml:"type"`
	// Source names the document: "altegio-docs" or "yclients-apib".
	Source string `yaml:"source"`
	// Page is where the document lists the field: a URL, or a repository,
	// path and heading.
	Page string `yaml:"page"`
	// Line is the row's line in the table (0 if unknown).
	Line int `yaml:"-"`
}

// Where a DocFact's field is.
const (
	// DocResponse is the item of a 2xx JSON response: its data member (the
	// items of data when data is a list) in the {success, data, meta}
	// envelope, or the whole body (its items) without the envelope.
	DocResponse = "response"
	// DocRequest is the JSON request body (its items when it is a list).
	DocRequest = "request"
)

// documentedExtension marks, on a property schema that ApplyDocFields
// added, the source and page that list it.
const documentedExtension = "x-altegio-documented"

// docColumns are the columns of the table.
var docColumns = []string{"api", "operation", "where", "field", "type", "source", "page"}

// docSources are the documents a fact may come from.
var docSources = []string{"altegio-docs", "yclients-apib"}

// ParseDocFields parses the documented-fields table in data, named name in
// errors. Every row needs every column, a known where, source and type.
func ParseDocFields(data []byte, name string) ([]DocFact, error) {
	var root yaml.Node
	if err := yaml.Unmarshal(data, &root); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %s", name, oneLine(err))
	}
	var table struct {
		Facts []yaml.Node `yaml:"facts"`
	}
	if err := root.Decode(&table); err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err))
	}
	facts := make([]DocFact, 0, len(table.Facts))
	for i := range table.Facts {
		n := &table.Facts[i]
		if n.Kind != yaml.MappingNode {
			return nil, fmt.Errorf("%s:%d: a fact is a mapping", name, n.Line)
		}
		for j := 0; j < len(n.Content); j += 2 {
			if k := n.Content[j].Value; !slices.Contains(docColumns, k) {
				return nil, fmt.Errorf("%s:%d: unknown column %q (columns: %s)", name, n.Line, k, strings.Join(docColumns, ", "))
			}
		}
		var f DocFact
		if err := n.Decode(&f); err != nil {
			return nil, fmt.Errorf("%s:%d: %s", name, n.Line, oneLine(err))
		}
		f.Line = n.Line
		switch {
		case f.API == "" || f.Operation == "" || f.Field == "" || f.Type == "" || f.Page == "":
			return nil, fmt.Errorf("%s:%d: a fact needs api, operation, where, field, type, source and page", name, f.Line)
		case f.Where != DocResponse && f.Where != DocRequest:
			return nil, fmt.Errorf("%s:%d: %s: where is %q, not %s or %s", name, f.Line, f.Operation, f.Where, DocResponse, DocRequest)
		case !slices.Contains(docSources, f.Source):
			return nil, fmt.Errorf("%s:%d: %s: source %q is not one of %s", name, f.Line, f.Operation, f.Source, strings.Join(docSources, ", "))
		}
		if _, err := docSchema(f.Type); err != nil {
			return nil, fmt.Errorf("%s:%d: %s %s: %w", name, f.Line, f.Operation, f.Field, err)
		}
		facts = append(facts, f)
	}
	return facts, nil
}

// docFieldsTable is the embedded table (openapi.DocFieldsFile), parsed
// once.
var docFieldsTable = sync.OnceValues(func() ([]DocFact, error) {
	data, err := openapi.FS.ReadFile(openapi.DocFieldsFile)
	if err != nil {
		return nil, err
	}
	return ParseDocFields(data, "openapi/"+openapi.DocFieldsFile)
})

// ApplyDocFields applies the facts of the embedded table
// (openapi.DocFieldsFile) for api to doc; see applyDocFacts.
func ApplyDocFields(api API, doc *openapi3.T) ([]Inference, error) {
	facts, err := docFieldsTable()
	if err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	name := "openapi/" + openapi.DocFieldsFile
	var mine []DocFact
	for _, f := range facts {
		if f.API == api.Name {
			mine = append(mine, f)
		}
	}
	return applyDocFacts(doc, mine, name)
}

// applyDocFacts types, in doc, the fields that published documentation
// lists, so that they decode into typed fields rather than ExtraFields. It
// runs after Complete, so a fact sees what the examples already added. For
// each fact, in table order (a nested field's parent must be declared, by
// the spec or by an earlier row):
//
//   - a field the schema lacks is added with the documented type, marked
//     with documentedExtension, and recorded as "added";
//   - a field the schema declares with the documented type is left alone
//     and not recorded;
//   - a field declared as integer that the page documents as number is
//     widened to number (a wider type loses nothing) and recorded as
//     "widened";
//   - a field the schema leaves untyped (any value) takes the documented
//     type when the examples show the field and every value they show fits
//     it, recorded as "typed": the page and the examples agree, as where
//     the spec declares an object, its example sends a list of IDs and
//     Complete widened the field to any value;
//   - any other disagreement keeps the spec's type, which the examples
//     back, and is recorded as "disputed" with both types, so that a
//     reviewer sees it: a documented type never narrows or replaces the
//     spec's silently;
//   - a field whose Go name would clash with a declared one is not added
//     (ExtraFields keeps it) and recorded as "disputed".
//
// A JSON request body without a schema gets one, an object, recorded as
// "added"; so do the JSON 2xx responses of an operation none of whose 2xx
// responses has a schema: the {success, data, meta} envelope, data a list
// of objects when the example's data is a list and an object otherwise,
// recorded as "envelope". Then the documented fields type what would
// otherwise be raw JSON, and ExtraFields keeps the rest.
//
// A fact whose operation, response or request body, or parent field does
// not exist is an error naming the table's row, so that an upstream change
// that moves a documented field is noticed.
func applyDocFacts(doc *openapi3.T, facts []DocFact, name string) ([]Inference, error) {
	ops := map[string]docOp{}
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.OperationID != "" {
			ops[op.OperationID] = docOp{op: op, ptr: "paths/" + escapePointer(path) + "/" + strings.ToLower(method)}
		}
	})
	d := &docApplier{}
	for _, f := range facts {
		op, ok := ops[f.Operation]
		if !ok {
			return nil, fmt.Errorf("%s:%d: operation %s is not in the spec", name, f.Line, f.Operation)
		}
		roots, err := d.roots(op, f)
		if err != nil {
			return nil, fmt.Errorf("%s:%d: %s %s: %w", name, f.Line, f.Operation, f.Where, err)
		}
		for _, r := range roots {
			if err := d.apply(r, f); err != nil {
				return nil, fmt.Errorf("%s:%d: %s %s %s: %w", name, f.Line, f.Operation, f.Where, f.Field, err)
			}
		}
	}
	return d.out, nil
}

type docOp struct {
	op  *openapi3.Operation
	ptr string
}

// docRoot is a data item or request body schema and its pointer.
type docRoot struct {
	ref *openapi3.SchemaRef
	ptr string
	// examples are the values the operation's examples give for the item,
	// with where they are.
	examples []docExample
}

// docExample is a value of an example and its pointer.
type docExample struct {
	value any
	ptr   string
}

type docApplier struct {
	out  []Inference
	seen map[string]bool
}

func (d *docApplier) record(inf Inference) {
	if d.seen == nil {
		d.seen = map[string]bool{}
	}
	key := inf.Schema + "\x00" + inf.Property + "\x00" + inf.Change + "\x00" + inf.Type
	if !d.seen[key] {
		d.seen[key] = true
		d.out = append(d.out, inf)
	}
}

// roots returns the schemas f's field paths start from: the data items of
// the operation's JSON 2xx responses, or its JSON request body.
func (d *docApplier) roots(op docOp, f DocFact) ([]docRoot, error) {
	page := f.Source + " " + f.Page
	var roots []docRoot
	add := func(ref *openapi3.SchemaRef, ptr string, examples []docExample) {
		if ref.Ref != "" {
			ptr = refPointer(ref.Ref)
		}
		if ref.Value.Type.Includes(openapi3.TypeArray) && ref.Value.Items != nil && ref.Value.Items.Value != nil {
			ref, ptr = ref.Value.Items, ptr+"/items"
			if ref.Ref != "" {
				ptr = refPointer(ref.Ref)
			}
			examples = exampleItems(examples)
		}
		for i := range roots {
			if roots[i].ref.Value == ref.Value {
				roots[i].examples = append(roots[i].examples, examples...)
				return
			}
		}
		roots = append(roots, docRoot{ref, ptr, examples})
	}
	if f.Where == DocRequest {
		rb := op.op.RequestBody
		if rb == nil || rb.Value == nil {
			return nil, errors.New("the operation has no request body")
		}
		ptr := op.ptr + "/requestBody"
		if rb.Ref != "" {
			ptr = refPointer(rb.Ref)
		}
		for _, mtName := range sortedKeys(rb.Value.Content) {
			mt := rb.Value.Content[mtName]
			if mt == nil || (!isJSONMediaType(mtName) && mtName != "*/*") {
				continue
			}
			sptr := ptr + "/content/" + escapePointer(mtName) + "/schema"
			if mt.Schema == nil || mt.Schema.Value == nil {
				mt.Schema = openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}})
				d.record(Inference{Schema: sptr, Change: "added", Type: "object", Page: page})
			}
			add(mt.Schema, sptr, mediaExamples(mt, ptr+"/content/"+escapePointer(mtName)))
		}
		if len(roots) == 0 {
			return nil, errors.New("the request body has no JSON media type")
		}
		return roots, nil
	}
	if op.op.Responses == nil {
		return nil, errors.New("the operation has no responses")
	}
	// A JSON response without a schema gets one only when no JSON 2xx
	// response of the operation has a schema.
	schemaless := true
	for _, code := range sortedKeys(op.op.Responses.Map()) {
		if r := op.op.Responses.Value(code); strings.HasPrefix(code, "2") && r != nil && r.Value != nil {
			for mtName, mt := range r.Value.Content {
				if mt != nil && mt.Schema != nil && mt.Schema.Value != nil && (isJSONMediaType(mtName) || mtName == "*/*") {
					schemaless = false
				}
			}
		}
	}
	for _, code := range sortedKeys(op.op.Responses.Map()) {
		r := op.op.Responses.Value(code)
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		ptr := op.ptr + "/responses/" + code
		if r.Ref != "" {
			ptr = refPointer(r.Ref)
		}
		for _, mtName := range sortedKeys(r.Value.Content) {
			mt := r.Value.Content[mtName]
			if mt == nil || (!isJSONMediaType(mtName) && mtName != "*/*") {
				continue
			}
			sptr := ptr + "/content/" + escapePointer(mtName) + "/schema"
			if mt.Schema == nil || mt.Schema.Value == nil {
				if !schemaless {
					continue
				}
				for _, ex := range rawMediaExamples(mt, "") {
					if !isMap(ex.value) {
						// Prism serves the example as it is: an object
						// schema would contradict it.
						return nil, fmt.Errorf("the %s response has no schema, and its example is %s, not the {success, data, meta} object", code, jsonKind(ex.value))
					}
				}
				mt.Schema = envelopeFor(mt)
				d.record(Inference{Schema: sptr, Change: "envelope", Type: "{success, data: " + describeSchema(mt.Schema.Value.Properties["data"].Value) + ", meta}", Page: page})
			}
			if mt.Schema.Ref != "" {
				sptr = refPointer(mt.Schema.Ref)
			}
			examples := mediaExamples(mt, ptr+"/content/"+escapePointer(mtName))
			if data := mt.Schema.Value.Properties["data"]; data != nil && data.Value != nil {
				if untyped(data.Value) {
					// A response whose data is only ever null (create_tag's
					// 202) holds none of the item's fields.
					continue
				}
				add(data, sptr+"/properties/data", exampleMembers(examples, "data"))
			} else {
				add(mt.Schema, sptr, examples)
			}
		}
	}
	if len(roots) == 0 {
		return nil, errors.New("the operation has no JSON 2xx response")
	}
	return roots, nil
}

// envelopeFor is the schema of a JSON response that has none: the
// {success, data, meta} envelope, data a list of objects when the example
// shows a list and an object otherwise.
func envelopeFor(mt *openapi3.MediaType) *openapi3.SchemaRef {
	ex := mt.Example
	if ex == nil {
		for _, name := range sortedKeys(mt.Examples) {
			if e := mt.Examples[name]; e != nil && e.Value != nil {
				ex = e.Value.Value
				break
			}
		}
	}
	data := &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeObject}, Properties: openapi3.Schemas{}}
	if m, ok := ex.(map[string]any); ok {
		if _, ok := m["data"].([]any); ok {
			data = &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: openapi3.NewSchemaRef("", data)}
		}
	}
	return openapi3.NewSchemaRef("", &openapi3.Schema{
		Type: &openapi3.Types{openapi3.TypeObject},
		Properties: openapi3.Schemas{
			"success": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}, Description: "Execution success status"}),
			"data":    openapi3.NewSchemaRef("", data),
			"meta":    openapi3.NewSchemaRef("", &openapi3.Schema{Description: "Metadata"}),
		},
	})
}

// apply applies f below the root r.
func (d *docApplier) apply(r docRoot, f DocFact) error {
	page := f.Source + " " + f.Page
	ref, ptr, examples := r.ref, r.ptr, r.examples
	segs := strings.Split(f.Field, ".")
	for i, seg := range segs {
		list := strings.HasSuffix(seg, "[]")
		name := strings.TrimSuffix(seg, "[]")
		if name == "" {
			return fmt.Errorf("empty name in field path %q", f.Field)
		}
		holder, hptr, err := objectOf(ref, ptr)
		if err != nil {
			parent := "the item"
			if i > 0 {
				parent = strings.Join(segs[:i], ".")
			}
			return fmt.Errorf("%s %w", parent, err)
		}
		prop, pptr := propertyOf(holder, hptr, name)
		last := i == len(segs)-1
		if prop == nil {
			if !last {
				return fmt.Errorf("%s is not in the schema (a row for it must come first)", strings.Join(segs[:i+1], "."))
			}
			typ := f.Type
			if list {
				typ = "array of " + typ
			}
			s, _ := docSchema(typ)
			if clash := goNameClash(holder.Properties, name); clash != "" {
				d.record(Inference{Schema: hptr, Property: name, Change: "disputed", Type: "not added, its Go name is " + clash + "'s", Page: page})
				return nil
			}
			for _, ex := range exampleMembers(examples, name) {
				if !docFits(s, ex.value) {
					// What Altegio's own example sends wins over a page.
					d.record(Inference{Schema: hptr, Property: name, Change: "disputed", Type: "not added as " + typ + ", the example " + ex.ptr + " sends " + jsonKind(ex.value), Page: page})
					return nil
				}
				if ex.value == nil && !s.Type.IsEmpty() && !s.Type.IncludesNull() {
					types := append(*s.Type, openapi3.TypeNull)
					s.Type = &types
				}
			}
			s.Extensions = map[string]any{documentedExtension: page}
			if holder.Properties == nil {
				holder.Properties = openapi3.Schemas{}
			}
			holder.Properties[name] = openapi3.NewSchemaRef("", s)
			d.record(Inference{Schema: hptr, Property: name, Change: "added", Type: describeSchema(s), Page: page})
			return nil
		}
		if last {
			d.compare(prop, hptr, name, list, f.Type, page, exampleMembers(examples, name))
			return nil
		}
		ref, ptr, examples = prop, pptr, exampleMembers(examples, name)
		if ref.Ref != "" {
			ptr = refPointer(ref.Ref)
		}
		if list || (ref.Value != nil && ref.Value.Type.Includes(openapi3.TypeArray)) {
			examples = exampleItems(examples)
			if ref.Value == nil || !ref.Value.Type.Includes(openapi3.TypeArray) || ref.Value.Items == nil {
				return fmt.Errorf("%s is not a list in the schema", strings.Join(append(slices.Clone(segs[:i]), name), "."))
			}
			ref, ptr = ref.Value.Items, ptr+"/items"
			if ref.Ref != "" {
				ptr = refPointer(ref.Ref)
			}
		}
	}
	return nil
}

// objectOf returns the object schema of ref (the branch of a nullable
// composition that is an object) and its pointer.
func objectOf(ref *openapi3.SchemaRef, ptr string) (*openapi3.Schema, string, error) {
	if ref == nil || ref.Value == nil {
		return nil, "", errors.New("no schema")
	}
	s := ref.Value
	if describesObject(s) || len(s.AllOf) > 0 {
		return s, ptr, nil
	}
	for _, comp := range compositions(s)[1:] {
		for i, b := range comp.list {
			if b != nil && b.Value != nil && describesObject(b.Value) {
				p := fmt.Sprintf("%s/%s/%d", ptr, comp.kind, i)
				if b.Ref != "" {
					p = refPointer(b.Ref)
				}
				return b.Value, p, nil
			}
		}
	}
	return nil, "", fmt.Errorf("is %s in the schema, not an object", describeSchema(s))
}

// propertyOf returns the property name of s, looking into its allOf parts,
// and its pointer.
func propertyOf(s *openapi3.Schema, ptr, name string) (*openapi3.SchemaRef, string) {
	if p := s.Properties[name]; p != nil {
		return p, ptr + "/properties/" + escapePointer(name)
	}
	for i, part := range s.AllOf {
		if part == nil || part.Value == nil {
			continue
		}
		if p := part.Value.Properties[name]; p != nil {
			pp := fmt.Sprintf("%s/allOf/%d", ptr, i)
			if part.Ref != "" {
				pp = refPointer(part.Ref)
			}
			return p, pp + "/properties/" + escapePointer(name)
		}
	}
	return nil, ""
}

// compare checks the declared property prop (named name) of the object at
// hptr against the documented type, widening integer to number.
func (d *docApplier) compare(prop *openapi3.SchemaRef, hptr, name string, list bool, typ, page string, examples []docExample) {
	s := prop.Value
	if s == nil {
		return
	}
	if untyped(s) && !list && len(examples) > 0 {
		want, _ := docSchema(typ)
		fit, null := true, false
		for _, ex := range examples {
			fit = fit && docFits(want, ex.value)
			null = null || ex.value == nil
		}
		if fit && null && !want.Type.IsEmpty() {
			types := append(*want.Type, openapi3.TypeNull)
			want.Type = &types
		}
		if fit {
			want.Description = s.Description
			want.Extensions = map[string]any{documentedExtension: page}
			prop.Ref, prop.Value = "", want
			d.record(Inference{Schema: hptr, Property: name, Change: "typed", Type: describeSchema(want) + ", as the examples show", Page: page})
			return
		}
	}
	if list {
		if !s.Type.Includes(openapi3.TypeArray) || s.Items == nil || s.Items.Value == nil {
			d.record(Inference{Schema: hptr, Property: name, Change: "disputed", Type: "kept " + describeSchema(s) + ", the page says array of " + typ, Page: page})
			return
		}
		prop, s = s.Items, s.Items.Value
		name += "[]"
	}
	want, _ := docSchema(typ)
	if s.Type.Includes(openapi3.TypeArray) && s.Items == nil && want.Items != nil {
		// A list the examples only show empty takes the page's items.
		if prop.Ref != "" {
			cp := *s
			s = &cp
			prop.Ref, prop.Value = "", s
		}
		s.Items = want.Items
		d.record(Inference{Schema: hptr, Property: name, Change: "typed", Type: describeSchema(s) + ", a list the examples show empty", Page: page})
		return
	}
	if sameKind(s, want) {
		return
	}
	if want.Type.Is(openapi3.TypeNumber) && s.Type.Includes(openapi3.TypeInteger) {
		if prop.Ref != "" {
			cp := *s
			s = &cp
			prop.Ref, prop.Value = "", s
		}
		types := openapi3.Types{openapi3.TypeNumber}
		if s.Type.IncludesNull() {
			types = append(types, openapi3.TypeNull)
		}
		s.Type, s.Format = &types, "double"
		d.record(Inference{Schema: hptr, Property: name, Change: "widened", Type: "number", Page: page})
		return
	}
	d.record(Inference{Schema: hptr, Property: name, Change: "disputed", Type: "kept " + describeSchema(s) + ", the page says " + typ, Page: page})
}

// sameKind reports whether the declared schema s has the documented type
// of want (for lists, items of the same type); a declared number takes a
// documented integer, and a declared object or list with no declared type
// counts as one.
func sameKind(s, want *openapi3.Schema) bool {
	if want.Type.IsEmpty() {
		return s.Type.IsEmpty() && len(s.Properties) == 0 && s.Items == nil
	}
	w := want.Type.Slice()[0]
	switch w {
	case openapi3.TypeObject:
		return describesObject(s)
	case openapi3.TypeArray:
		if !s.Type.Includes(openapi3.TypeArray) {
			return false
		}
		if want.Items == nil || (want.Items.Value.Type.IsEmpty() && len(want.Items.Value.Properties) == 0) {
			return true
		}
		return s.Items != nil && s.Items.Value != nil && sameKind(s.Items.Value, want.Items.Value)
	case openapi3.TypeInteger:
		return s.Type.Includes(openapi3.TypeInteger) || s.Type.Includes(openapi3.TypeNumber)
	}
	return s.Type.Includes(w)
}

// docSchema is the schema of a documented type.
func docSchema(typ string) (*openapi3.Schema, error) {
	typ = strings.TrimSpace(typ)
	switch typ {
	case openapi3.TypeInteger, openapi3.TypeNumber, openapi3.TypeString, openapi3.TypeBoolean:
		return &openapi3.Schema{Type: &openapi3.Types{typ}}, nil
	case openapi3.TypeObject:
		return &openapi3.Schema{Type: &openapi3.Types{typ}, Properties: openapi3.Schemas{}}, nil
	case openapi3.TypeArray:
		return &openapi3.Schema{Type: &openapi3.Types{typ}, Items: openapi3.NewSchemaRef("", &openapi3.Schema{})}, nil
	case "any":
		return &openapi3.Schema{}, nil
	}
	if item, ok := strings.CutPrefix(typ, "array of "); ok {
		is, err := docSchema(item)
		if err != nil {
			return nil, err
		}
		return &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeArray}, Items: openapi3.NewSchemaRef("", is)}, nil
	}
	return nil, fmt.Errorf("type %q is not integer, number, string, boolean, object, array, array of <type> or any", typ)
}

// mediaExamples returns the JSON examples of a media type (its example,
// its named examples and its schema's examples), ptr being its pointer; an
// example written as a list of one response is that response.
func mediaExamples(mt *openapi3.MediaType, ptr string) []docExample {
	out := rawMediaExamples(mt, ptr)
	for i, ex := range out {
		if l, ok := ex.value.([]any); ok && len(l) == 1 && isMap(l[0]) {
			out[i] = docExample{l[0], ex.ptr + "/0"}
		}
	}
	return out
}

// rawMediaExamples returns the JSON examples of a media type as written.
func rawMediaExamples(mt *openapi3.MediaType, ptr string) []docExample {
	var out []docExample
	if mt.Example != nil {
		out = append(out, docExample{mt.Example, ptr + "/example"})
	}
	for _, name := range sortedKeys(mt.Examples) {
		if e := mt.Examples[name]; e != nil && e.Value != nil && e.Value.Value != nil {
			out = append(out, docExample{e.Value.Value, ptr + "/examples/" + escapePointer(name) + "/value"})
		}
	}
	if mt.Schema != nil && mt.Schema.Value != nil {
		if ex := mt.Schema.Value.Example; ex != nil {
			out = append(out, docExample{ex, ptr + "/schema/example"})
		}
		for i, ex := range mt.Schema.Value.Examples {
			out = append(out, docExample{ex, fmt.Sprintf("%s/schema/examples/%d", ptr, i)})
		}
	}
	return out
}

// exampleMembers returns the values of the member name of the objects
// among examples.
func exampleMembers(examples []docExample, name string) []docExample {
	var out []docExample
	for _, ex := range examples {
		if m, ok := ex.value.(map[string]any); ok {
			if v, ok := m[name]; ok {
				out = append(out, docExample{v, ex.ptr + "/" + escapePointer(name)})
			}
		}
	}
	return out
}

// exampleItems returns the elements of the lists among examples (and an
// object where a list is declared, as a list of one).
func exampleItems(examples []docExample) []docExample {
	var out []docExample
	for _, ex := range examples {
		switch x := ex.value.(type) {
		case []any:
			for i, e := range x {
				out = append(out, docExample{e, fmt.Sprintf("%s/%d", ex.ptr, i)})
			}
		case map[string]any:
			if list, ok := phpArray(x); ok {
				for i, e := range list {
					out = append(out, docExample{e, fmt.Sprintf("%s/%d", ex.ptr, i)})
				}
			} else if len(x) > 0 {
				out = append(out, ex)
			}
		}
	}
	return out
}

// docFits reports whether the example value v is valid for the documented
// schema s, as JSON Schema (and so Prism, serving the example as a mock)
// sees it: strictly, not by the runtime's lenient decoding, so that a
// documented type never makes a published example invalid. null fits
// (a field it is given is made nullable).
func docFits(s *openapi3.Schema, v any) bool {
	if v == nil || s.Type.IsEmpty() {
		return true
	}
	switch s.Type.Slice()[0] {
	case openapi3.TypeInteger:
		x, ok := v.(float64)
		return ok && x == math.Trunc(x)
	case openapi3.TypeNumber:
		_, ok := v.(float64)
		return ok
	case openapi3.TypeString:
		_, ok := v.(string)
		return ok
	case openapi3.TypeBoolean:
		_, ok := v.(bool)
		return ok
	case openapi3.TypeObject:
		return isMap(v)
	case openapi3.TypeArray:
		l, ok := v.([]any)
		if !ok {
			return false
		}
		for _, e := range l {
			if s.Items != nil && s.Items.Value != nil && (e == nil || !docFits(s.Items.Value, e)) {
				return false
			}
		}
		return true
	}
	return false
}

// jsonKind names the JSON type of an example value.
func jsonKind(v any) string {
	switch v.(type) {
	case map[string]any:
		return "an object"
	case []any:
		return "a list"
	case string:
		return "text"
	case float64:
		return "a number"
	case bool:
		return "a boolean"
	}
	return "null"
}

// untyped reports whether s says nothing of its value: no type, members,
// items or compositions.
func untyped(s *openapi3.Schema) bool {
	return s.Type.IsEmpty() && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.AdditionalProperties.Schema == nil
}
