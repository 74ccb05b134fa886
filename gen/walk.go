package gen

import (
	"slices"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemaSite is one place a schema is used: the reference at that place and,
// when the place is an object property or a parameter, its name.
type schemaSite struct {
	Ref  *openapi3.SchemaRef
	Name string
	// path is the walk's stack of names, which it reuses: see Path.
	path []string
}

// Path names the place: a component or operation, then the properties
// ("item" for array items, "value" for additional properties) leading to
// it. Joined with "_" it makes a readable, unique schema name.
func (s schemaSite) Path() []string { return slices.Clone(s.path) }

// walkSchemas calls fn for every place a schema is used in doc: component
// schemas, parameters, request bodies, responses and, recursively, their
// properties, items, compositions and additional properties. fn sees every
// site, but the walk descends into each schema value only once, so shared
// (referenced) schemas are not revisited.
func walkSchemas(doc *openapi3.T, fn func(site schemaSite)) {
	w := schemaWalker{seen: map[*openapi3.Schema]bool{}, fn: fn}
	if c := doc.Components; c != nil {
		for _, name := range sortedKeys(c.Schemas) {
			w.push(name)
			w.visit(c.Schemas[name], "")
			w.pop(1)
		}
		for _, name := range sortedKeys(c.Parameters) {
			w.push("param")
			w.param(c.Parameters[name])
			w.pop(1)
		}
		for _, name := range sortedKeys(c.RequestBodies) {
			w.push(name, "body")
			w.body(c.RequestBodies[name])
			w.pop(2)
		}
		for _, name := range sortedKeys(c.Responses) {
			w.push(name, "response")
			w.response(c.Responses[name])
			w.pop(2)
		}
	}
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		id := op.OperationID
		if id == "" {
			id = method + path
		}
		w.push(id)
		for _, p := range item.Parameters {
			w.param(p)
		}
		for _, p := range op.Parameters {
			w.param(p)
		}
		w.push("body")
		w.body(op.RequestBody)
		w.pop(1)
		if op.Responses != nil {
			for _, code := range sortedKeys(op.Responses.Map()) {
				w.push(code)
				w.response(op.Responses.Value(code))
				w.pop(1)
			}
		}
		w.pop(1)
	})
}

// schemaWalker is walkSchemas' walk; path is the names leading to the
// place it is at.
type schemaWalker struct {
	seen map[*openapi3.Schema]bool
	fn   func(schemaSite)
	path []string
}

func (w *schemaWalker) push(names ...string) { w.path = append(w.path, names...) }

func (w *schemaWalker) pop(n int) { w.path = w.path[:len(w.path)-n] }

func (w *schemaWalker) param(p *openapi3.ParameterRef) {
	if p == nil || p.Value == nil {
		return
	}
	w.push(p.Value.Name)
	w.visit(p.Value.Schema, p.Value.Name)
	w.content(p.Value.Content)
	w.pop(1)
}

func (w *schemaWalker) body(b *openapi3.RequestBodyRef) {
	if b != nil && b.Value != nil {
		w.content(b.Value.Content)
	}
}

func (w *schemaWalker) response(r *openapi3.ResponseRef) {
	if r != nil && r.Value != nil {
		w.content(r.Value.Content)
	}
}

func (w *schemaWalker) content(c openapi3.Content) {
	for _, mt := range sortedKeys(c) {
		if c[mt] != nil {
			w.visit(c[mt].Schema, "")
		}
	}
}

func (w *schemaWalker) visit(ref *openapi3.SchemaRef, name string) {
	if ref == nil || ref.Value == nil {
		return
	}
	w.fn(schemaSite{Ref: ref, Name: name, path: w.path})
	s := ref.Value
	if w.seen[s] {
		return
	}
	w.seen[s] = true
	for _, pn := range sortedKeys(s.Properties) {
		w.push(pn)
		w.visit(s.Properties[pn], pn)
		w.pop(1)
	}
	w.push("item")
	w.visit(s.Items, name)
	w.pop(1)
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf, s.PrefixItems} {
		for _, sub := range list {
			w.visit(sub, name)
		}
	}
	w.visit(s.Not, "")
	w.push("value")
	w.visit(s.AdditionalProperties.Schema, "")
	w.pop(1)
}

// forEachOperation calls fn for every operation in doc, in path order and
// then method order.
func forEachOperation(doc *openapi3.T, fn func(path, method string, item *openapi3.PathItem, op *openapi3.Operation)) {
	if doc.Paths == nil {
		return
	}
	for _, path := range sortedKeys(doc.Paths.Map()) {
		item := doc.Paths.Value(path)
		ops := item.Operations()
		for _, method := range sortedKeys(ops) {
			fn(path, method, item, ops[method])
		}
	}
}

// refWalker walks the schema references of a document (walk). One walker
// can walk again, reusing the room it made to record what it has seen.
type refWalker struct {
	refs    map[*openapi3.SchemaRef]bool
	schemas map[*openapi3.Schema]bool
	fn      func(*openapi3.SchemaRef)
}

// walk calls fn once for every schema reference that walkSchemas reaches in
// doc, in no set order, without walkSchemas' sorting and paths: for passes
// that treat each reference alone, such as renaming. Like walkSchemas, it
// descends into a reference's schema after fn returns, so fn may point the
// reference at another schema, and into each schema once.
func (w *refWalker) walk(doc *openapi3.T, fn func(ref *openapi3.SchemaRef)) {
	if w.refs == nil {
		w.refs, w.schemas = map[*openapi3.SchemaRef]bool{}, map[*openapi3.Schema]bool{}
	}
	clear(w.refs)
	clear(w.schemas)
	w.fn = fn
	if c := doc.Components; c != nil {
		for _, s := range c.Schemas {
			w.visit(s)
		}
		for _, p := range c.Parameters {
			w.param(p)
		}
		for _, b := range c.RequestBodies {
			if b != nil && b.Value != nil {
				w.content(b.Value.Content)
			}
		}
		for _, r := range c.Responses {
			w.response(r)
		}
	}
	if doc.Paths == nil {
		return
	}
	for _, item := range doc.Paths.Map() {
		for _, p := range item.Parameters {
			w.param(p)
		}
		for _, op := range item.Operations() {
			for _, p := range op.Parameters {
				w.param(p)
			}
			if b := op.RequestBody; b != nil && b.Value != nil {
				w.content(b.Value.Content)
			}
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					w.response(r)
				}
			}
		}
	}
}

func (w *refWalker) param(p *openapi3.ParameterRef) {
	if p != nil && p.Value != nil {
		w.visit(p.Value.Schema)
		w.content(p.Value.Content)
	}
}

func (w *refWalker) response(r *openapi3.ResponseRef) {
	if r != nil && r.Value != nil {
		w.content(r.Value.Content)
	}
}

func (w *refWalker) content(c openapi3.Content) {
	for _, mt := range c {
		if mt != nil {
			w.visit(mt.Schema)
		}
	}
}

func (w *refWalker) visit(ref *openapi3.SchemaRef) {
	if ref == nil || ref.Value == nil {
		return
	}
	if !w.refs[ref] {
		w.refs[ref] = true
		w.fn(ref)
	}
	s := ref.Value
	if w.schemas[s] {
		return
	}
	w.schemas[s] = true
	for _, p := range s.Properties {
		w.visit(p)
	}
	w.visit(s.Items)
	for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf, s.PrefixItems} {
		for _, sub := range list {
			w.visit(sub)
		}
	}
	w.visit(s.Not)
	w.visit(s.AdditionalProperties.Schema)
}
