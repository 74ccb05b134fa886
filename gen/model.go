package gen

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// The model stage decides every Go type name on the patched spec, before
// anything is rendered (see BuildModel). oapi-codegen then declares one type
// per component schema under its key, and the few inline types left (enums,
// unions, maps) under the x-go-type-name the model gave them, so nothing is
// renamed in the generated text afterwards.

// componentPrefix is how a reference to a component schema starts.
const componentPrefix = "#/components/schemas/"

// Model is what BuildModel decided for one spec.
type Model struct {
	// Names maps every component schema key of the spec as loaded (after
	// the overlay and completion) to the Go type that now holds it. Keys
	// merged into another type map to that type.
	Names map[string]string
	// Hoisted is the number of inline object schemas given a component of
	// their own.
	Hoisted int
	// Merged is the number of component schemas folded into another one
	// with exactly the same structure.
	Merged int
	// Entities maps each entity of the model table to the number of
	// schemas it unifies.
	Entities map[string]int
	// ErrorBodies is the number of non-2xx response bodies dropped: every
	// error is an *altegio.APIError, decoded by the runtime.
	ErrorBodies int
	// Docs maps the Go types the model named to the doc comment that
	// says what they are, for types whose schema has no description.
	Docs map[string]string
	// Conflicts lists, one line each, the members that two schemas of one
	// entity type differently, and the type the entity keeps.
	Conflicts []string
	// Folded maps each entity to the spec's component keys (as loaded)
	// its type holds; "(inline) " and the name the model gave mark an
	// inline schema.
	Folded map[string][]string
}

// ModelFile is the name, in each generated package, of the report of what
// the model table unified: each entity with the spec schemas it holds,
// and the members those schemas type differently. It is golden output, so
// a schema that joins or leaves an entity shows in review.
const ModelFile = "MODEL.txt"

// Report renders m as ModelFile.
func (m *Model) Report(what string, h Header) []byte {
	var b strings.Builder
	b.WriteString(strings.TrimSuffix(h.String(), "\n"))
	fmt.Fprintf(&b, "\n//\n// The %d entities of openapi/%s in %s (gen.BuildModel): each Go type, then the spec schemas it\n// holds (their keys as loaded, after the overlay), then the members those schemas type differently.\n\n", len(m.Folded), "models.yaml", what)
	for _, e := range sortedKeys(m.Folded) {
		keys := slices.Clone(m.Folded[e])
		slices.Sort(keys)
		fmt.Fprintf(&b, "%s: %s\n", e, strings.Join(keys, ", "))
	}
	if len(m.Conflicts) > 0 {
		b.WriteString("\nmember conflicts:\n")
		for _, c := range m.Conflicts {
			b.WriteString(c)
			b.WriteByte('\n')
		}
	}
	return []byte(b.String())
}

// Summary is one line of what the model did, for regen's progress.
func (m *Model) Summary() string {
	n := 0
	for _, c := range m.Entities {
		n += c
	}
	return fmt.Sprintf("%d error bodies dropped, %d inline schemas named, %d duplicates merged, %d entities from %d schemas, %d member conflicts", m.ErrorBodies, m.Hoisted, m.Merged, len(m.Entities), n, len(m.Conflicts))
}

// BuildModel names the types of doc in place:
//
//  1. Error response bodies are dropped: the runtime decodes every error
//     into *altegio.APIError, so per-status error types are noise.
//  2. Component schemas are renamed to clean Go names (cleanComponentName);
//     every inline object schema becomes a component named after where it
//     sits: <Method>Response and <Method>Request for an operation's bodies,
//     the parent type's name and the member's for a nested object
//     (singular for list items). Inline enums, unions and maps keep their
//     place and get an x-go-type-name of the same form.
//  3. The model table's entities (openapi/models.yaml) unify every response
//     schema that matches them into one type, holding the union of their
//     members.
//  4. Component schemas with exactly the same structure (members, types,
//     formats and references; descriptions and examples aside) become one,
//     until no two are alike.
//
// With partial set (a subset of the operations), an entity that matches
// nothing is left out rather than an error.
func BuildModel(doc *openapi3.T, entities []Entity, partial bool) (*Model, error) {
	m := &model{doc: doc, uses: map[string][]string{}, out: &Model{Names: map[string]string{}, Entities: map[string]int{}, Docs: map[string]string{}, Folded: map[string][]string{}}}
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	m.dropErrorBodies()
	if err := m.nameComponents(); err != nil {
		return nil, err
	}
	m.hoistAll()
	if err := m.unifyEntities(entities, partial); err != nil {
		return nil, err
	}
	m.dedupe()
	for name, uses := range m.uses {
		m.out.Docs[name] = docOf(uses)
	}
	m.annotateDocs()
	m.objectTypes()
	m.enumConstants()
	return m.out, nil
}

// maxConstName is the longest name the model lets an enum constant have:
// its type's name and its value's, as the style check allows.
const maxConstName = 60

// enumConstants names, with x-enum-varnames, the constants of each enum
// whose type name and value would make a constant longer than
// maxConstName: the value's part is shortened as type names are.
func (m *model) enumConstants() {
	name := func(typ string, s *openapi3.Schema) {
		values := s.Enum
		if len(values) == 0 && s.Const != nil {
			values = []any{s.Const}
		}
		if len(values) == 0 || s.Extensions["x-enum-varnames"] != nil {
			return
		}
		names := make([]any, len(values))
		long, seen := false, map[string]bool{}
		for i, v := range values {
			str, ok := v.(string)
			if !ok || str == "" {
				return
			}
			n := GoName(str)
			if len(typ)+len(n) > maxConstName {
				long = true
				n = shortenTo(n, max(maxConstName-len(typ), 8))
				// Still too long: the last words say most.
				for words := camelCaseParts.FindAllString(n, -1); len(typ)+len(n) > maxConstName && len(words) > 1; {
					words = words[1:]
					n = strings.Join(words, "")
				}
			}
			if seen[n] {
				return
			}
			seen[n] = true
			names[i] = n
		}
		if long {
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			s.Extensions["x-enum-varnames"] = names
		}
	}
	for _, k := range sortedKeys(m.components()) {
		if c := m.components()[k]; c != nil && c.Value != nil {
			name(k, c.Value)
		}
	}
	walkSchemas(m.doc, func(site schemaSite) {
		s := site.Ref.Value
		if site.Ref.Ref != "" || len(s.Enum) == 0 && s.Const == nil {
			return // no enum: nothing to name
		}
		if typ, ok := s.Extensions["x-go-type-name"].(string); ok {
			name(typ, s)
		} else if path := site.Path(); len(path) > 1 {
			// oapi-codegen names it after its place.
			name(codegen.SchemaNameToTypeName(strings.Join(path, "_")), s)
		}
	})
}

type model struct {
	doc *openapi3.T
	out *Model
	// uses lists, for each type the model names, the places it is used,
	// as phrases for its doc comment.
	uses map[string][]string
	refs refWalker // eachRef's, kept for its next walk
}

func (m *model) components() openapi3.Schemas { return m.doc.Components.Schemas }

// dropErrorBodies removes the content of every non-2xx response.
func (m *model) dropErrorBodies() {
	forEachOperation(m.doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for code, r := range op.Responses.Map() {
			if strings.HasPrefix(code, "2") || r == nil || r.Value == nil || len(r.Value.Content) == 0 {
				continue
			}
			m.out.ErrorBodies += len(r.Value.Content)
			resp := *r.Value
			resp.Content = nil
			op.Responses.Set(code, &openapi3.ResponseRef{Value: &resp})
		}
	})
	// Shared responses and bodies under components are referenced, if at
	// all, by the operations, which now hold copies.
	m.doc.Components.Responses = nil
}

// nameComponents renames every component schema to its Go name: a schema
// that only one operation uses, as its JSON request body or 2xx response
// body, is named after it (<Method>Request, <Method>Response; see
// SoleOwners), any other its clean key (cleanComponentName). Two keys
// whose clean names clash keep their plain Go names.
func (m *model) nameComponents() error {
	keys := sortedKeys(m.components())
	owners := SoleOwners(m.doc)
	want := func(k string) string {
		if o, ok := owners[componentGoName(k)]; ok {
			if o.Request {
				return o.Method + "Request"
			}
			return o.Method + "Response"
		}
		return shortenName(cleanComponentName(componentGoName(k)))
	}
	clean := map[string][]string{}
	for _, k := range keys {
		clean[want(k)] = append(clean[want(k)], k)
	}
	rename := map[string]string{}
	taken := map[string]bool{}
	for _, k := range keys {
		n := want(k)
		if len(clean[n]) > 1 {
			n = componentGoName(k)
		}
		if taken[n] {
			return fmt.Errorf("component schema %q and another one both take the Go name %s", k, n)
		}
		taken[n] = true
		rename[k] = n
		m.out.Names[k] = n
	}
	m.renameComponents(rename)
	return nil
}

// renameComponents moves component schemas to new keys and rewrites every
// reference to them.
func (m *model) renameComponents(rename map[string]string) {
	old := m.components()
	next := openapi3.Schemas{}
	for k, s := range old {
		n := k
		if r, ok := rename[k]; ok {
			n = r
		}
		next[n] = s
	}
	m.doc.Components.Schemas = next
	m.eachRef(func(ref *openapi3.SchemaRef) {
		if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
			if n, ok := rename[k]; ok {
				ref.Ref = componentPrefix + n
			}
		}
	})
}

// eachRef calls fn for every schema reference in the document, components
// included, reaching each place once (refWalker.walk).
func (m *model) eachRef(fn func(ref *openapi3.SchemaRef)) {
	m.refs.walk(m.doc, fn)
}

// site is where an inline schema sits, for naming it.
// hoistAll gives every inline object schema a component, and every other
// inline schema that oapi-codegen declares a type for an x-go-type-name.
// Names derive from the place: component key, or operation and body.
func (m *model) hoistAll() {
	taken := map[string]bool{}
	for k := range m.components() {
		taken[k] = true
	}
	h := &hoister{m: m, taken: taken, done: map[*openapi3.Schema]string{}}
	for _, k := range sortedKeys(m.components()) {
		s := m.components()[k]
		if s.Value == nil {
			continue
		}
		h.done[s.Value] = k
		h.m.uses[k] = []string{fmt.Sprintf("the %s schema of the spec", firstKey(m.out.Names, k))}
		h.members(s.Value, k)
	}
	forEachOperation(m.doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		method := GoMethodName(op.OperationID)
		call := callName(op)
		for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
			for _, p := range list {
				if p == nil || p.Value == nil {
					continue
				}
				// <Method>Params<Param>, as oapi-codegen names the
				// parameter struct's members; a list's items take the
				// list's name.
				ps := p.Value.Schema
				if ps != nil && ps.Ref == "" && ps.Value != nil && ps.Value.Items != nil && ps.Value.Type.Is("array") {
					ps = ps.Value.Items
				}
				h.place(ps, method+"Params"+GoName(p.Value.Name), fmt.Sprintf("the %s parameter of %s", p.Value.Name, call))
			}
		}
		if b := op.RequestBody; b != nil && b.Value != nil {
			for _, mt := range sortedKeys(b.Value.Content) {
				if c := b.Value.Content[mt]; c != nil && isJSONMediaType(mt) {
					h.place(c.Schema, method+"Request", fmt.Sprintf("the body of %s's request", call))
				}
			}
		}
		if op.Responses == nil {
			return
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(code)
			if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
				continue
			}
			for _, mt := range sortedKeys(r.Value.Content) {
				if c := r.Value.Content[mt]; c != nil && isJSONMediaType(mt) {
					h.place(c.Schema, method+"Response", fmt.Sprintf("the body of %s's successful response", call))
				}
			}
		}
	})
	m.out.Hoisted = h.hoisted
}

type hoister struct {
	m       *model
	taken   map[string]bool
	done    map[*openapi3.Schema]string
	hoisted int
}

// unique returns name, or name with the lowest number from 2 that no type
// has taken yet.
func (h *hoister) unique(name string) string {
	name = shortenName(name)
	n := name
	for i := 2; h.taken[n]; i++ {
		n = fmt.Sprintf("%s%d", name, i)
	}
	h.taken[n] = true
	return n
}

// place names the schema at ref, which sits where name says, and the
// schemas inside it.
func (h *hoister) place(ref *openapi3.SchemaRef, name, doc string) {
	if ref == nil || ref.Value == nil {
		return
	}
	if key, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
		h.m.uses[key] = append(h.m.uses[key], doc)
		return
	}
	if ref.Ref != "" {
		return
	}
	s := ref.Value
	switch {
	case nullableList(s) != nil:
		// A list or null is a nullable slice, which oapi-codegen renders
		// as []T: a named type would be an alias behind a pointer.
		h.place(nullableList(s).Items, singular(name), "one item of "+doc)
	case isHoistable(s) || declaresType(s):
		if key, ok := h.done[s]; ok {
			ref.Ref = componentPrefix + key
			h.m.uses[key] = append(h.m.uses[key], doc)
			return
		}
		if len(s.Enum) > 0 {
			name = shortenTo(name, maxEnumName)
		}
		key := h.unique(name)
		h.done[s] = key
		h.m.uses[key] = append(h.m.uses[key], doc)
		h.m.components()[key] = &openapi3.SchemaRef{Value: s}
		h.hoisted++
		ref.Ref = componentPrefix + key
		h.members(s, key)
	case s.Items != nil && s.Type.Is("array"):
		h.place(s.Items, singular(name), "one item of "+doc)
	default:
		if declaresType(s) {
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			if _, ok := s.Extensions["x-go-type-name"]; !ok {
				n := h.unique(name)
				s.Extensions["x-go-type-name"] = n
				h.m.uses[n] = append(h.m.uses[n], doc)
			}
		}
		h.members(s, name)
	}
}

// members names the schemas inside s, a type named name.
func (h *hoister) members(s *openapi3.Schema, name string) {
	for _, pn := range sortedKeys(s.Properties) {
		h.place(s.Properties[pn], name+GoName(pn), fmt.Sprintf("the type of the %s member of %s", pn, name))
	}
	if s.Items != nil {
		h.place(s.Items, singular(name), fmt.Sprintf("one item of %s", name))
	}
	if ap := s.AdditionalProperties.Schema; ap != nil {
		h.place(ap, name+"Value", fmt.Sprintf("the type of the values of %s", name))
	}
	for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for i, sub := range list {
			h.place(sub, fmt.Sprintf("%s%d", name, i), fmt.Sprintf("one of the shapes %s takes", name))
		}
	}
	for _, sub := range s.AllOf {
		// allOf members are merged into the type itself.
		if sub != nil && sub.Value != nil && sub.Ref == "" {
			h.members(sub.Value, name)
		}
	}
}

// isHoistable reports whether oapi-codegen would declare a struct for s:
// an object with properties or an allOf of such, without unions.
// nullableList returns the list alternative of s when s is a oneOf or
// anyOf of a list and null alone, nil otherwise.
func nullableList(s *openapi3.Schema) *openapi3.Schema {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	var list *openapi3.Schema
	for _, a := range alts {
		switch {
		case a == nil || a.Value == nil:
			return nil
		case a.Value.Type.Is(openapi3.TypeNull):
		case a.Ref == "" && a.Value.Type.Is(openapi3.TypeArray) && a.Value.Items != nil && list == nil:
			list = a.Value
		default:
			return nil
		}
	}
	if len(alts) != 2 {
		return nil
	}
	return list
}

func isHoistable(s *openapi3.Schema) bool {
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 || s.Extensions["x-go-type"] != nil {
		return false
	}
	if len(s.Properties) > 0 {
		return true
	}
	return len(s.AllOf) > 0
}

// declaresType reports whether oapi-codegen declares a type of its own for
// the inline schema s: an enum, a union or a map with typed values.
func declaresType(s *openapi3.Schema) bool {
	if s.Extensions["x-go-type"] != nil {
		return false
	}
	return len(s.Enum) > 0 || len(s.OneOf) > 0 || len(s.AnyOf) > 0
}

// singular is name for one item of a list: Services → Service,
// Categories → Category; a name that is no plural gets "Item".
func singular(name string) string {
	switch {
	case strings.HasSuffix(name, "ies") && len(name) > 4:
		return name[:len(name)-3] + "y"
	case strings.HasSuffix(name, "sses"), strings.HasSuffix(name, "xes"):
		return name[:len(name)-2]
	case strings.HasSuffix(name, "s") && !strings.HasSuffix(name, "ss") && !strings.HasSuffix(name, "us") && !strings.HasSuffix(name, "IDs"):
		return name[:len(name)-1]
	}
	return name + "Item"
}

// dedupe folds component schemas with the same structure into one, until
// no two are alike. The type that stays is the one with the best name:
// an entity's, then a component the spec names, then the shortest.
func (m *model) dedupe() {
	sigs := structures{sig: map[*openapi3.Schema]string{}, refs: map[*openapi3.Schema][]string{}}
	for {
		// A union whose alternatives have become one shape is that shape,
		// so that no union names one type twice (oapi-codegen names its As
		// and From methods after them); alternatives of different shapes
		// never share a structure, so they may merge with other types.
		if m.collapseUnions() {
			// References changed under the structures already computed.
			sigs = structures{sig: map[*openapi3.Schema]string{}, refs: map[*openapi3.Schema][]string{}}
		}
		var keys []string
		var schemas []*openapi3.Schema
		for _, k := range sortedKeys(m.components()) {
			s := m.components()[k]
			// Enums alike in values can mean different things (gender,
			// paid_full): only structs, and unions of the same
			// alternatives, merge.
			if s.Value == nil || s.Ref != "" || !(isHoistable(s.Value) || isUnion(s.Value)) {
				continue
			}
			// An entity takes the schemas where it sits (unifyEntities),
			// not every object of its shape: a chain's card type with an
			// id and a title is no Storage.
			if m.out.Entities[k] > 0 {
				continue
			}
			keys = append(keys, k)
			schemas = append(schemas, s.Value)
		}
		sigs.add(schemas)
		groups := map[string][]string{}
		for i, k := range keys {
			sig := sigs.sig[schemas[i]]
			groups[sig] = append(groups[sig], k)
		}
		rename := map[string]string{}
		// In a fixed order: two groups may want the same common name.
		for _, sig := range sortedKeys(groups) {
			keys := groups[sig]
			if len(keys) < 2 {
				continue
			}
			sort.Slice(keys, func(i, j int) bool { return m.better(keys[i], keys[j]) })
			to := keys[0]
			// Bodies of several operations alike (CreatePositionRequest,
			// UpdatePositionRequest) are named for what they share
			// (PositionRequest), when no type has that name.
			if common := commonTail(keys); common != "" && !m.fromSpec(to) && m.out.Entities[to] == 0 && m.components()[common] == nil {
				m.components()[common] = m.components()[to]
				delete(m.components(), to)
				m.uses[common] = m.uses[to]
				delete(m.uses, to)
				rename[to] = common
				to = common
			}
			for _, k := range keys[1:] {
				rename[k] = to
			}
		}
		if len(rename) == 0 {
			return
		}
		m.out.Merged += len(rename)
		for _, from := range sortedKeys(rename) {
			to := rename[from]
			if from == to {
				continue
			}
			if m.components()[from] != nil && from != to {
				delete(m.components(), from)
			}
			m.uses[to] = append(m.uses[to], m.uses[from]...)
			delete(m.uses, from)
			for k, v := range m.out.Names {
				if v == from {
					m.out.Names[k] = to
				}
			}
		}
		m.eachRef(func(ref *openapi3.SchemaRef) {
			if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
				if n, ok := rename[k]; ok {
					ref.Ref = componentPrefix + n
					ref.Value = m.components()[n].Value
				}
			}
		})
		sigs.forget(rename)
	}
}

// structures holds the structure of each schema dedupe has seen: between
// its rounds a schema changes only in its references to the components
// the round renamed.
type structures struct {
	sig  map[*openapi3.Schema]string
	refs map[*openapi3.Schema][]string // the component keys sig refers to
}

// add computes the structures of schemas that it does not hold,
// concurrently.
func (c *structures) add(schemas []*openapi3.Schema) {
	var todo []*openapi3.Schema
	queued := map[*openapi3.Schema]bool{}
	for _, s := range schemas {
		if _, ok := c.sig[s]; !ok && !queued[s] {
			queued[s] = true
			todo = append(todo, s)
		}
	}
	sigs := make([]string, len(todo))
	refs := make([][]string, len(todo))
	_ = parallel(len(todo), func(int) int { return 1 }, func(i int) error {
		sigs[i] = structure(todo[i])
		refs[i] = componentRefs(sigs[i])
		return nil
	})
	for i, s := range todo {
		c.sig[s] = sigs[i]
		c.refs[s] = refs[i]
	}
}

// forget drops the structures that refer to a key of renamed.
func (c *structures) forget(renamed map[string]string) {
	for s, refs := range c.refs {
		for _, k := range refs {
			if _, ok := renamed[k]; ok {
				delete(c.sig, s)
				delete(c.refs, s)
				break
			}
		}
	}
}

// componentRefs returns the component keys that the structure sig refers
// to ("$ref" members), and perhaps more: a "$ref" member of an enum value
// too.
func componentRefs(sig string) []string {
	const member = `"$ref":`
	var keys []string
	for rest := sig; ; {
		i := strings.Index(rest, member)
		if i < 0 {
			return keys
		}
		rest = rest[i+len(member):]
		var ref string
		dec := json.NewDecoder(strings.NewReader(rest))
		if err := dec.Decode(&ref); err != nil {
			continue // not a string
		}
		if k, ok := strings.CutPrefix(ref, componentPrefix); ok {
			keys = append(keys, k)
		}
	}
}

// better reports whether the type named a should stay rather than b when
// they merge.
// isUnion reports whether s is a oneOf or anyOf of component schemas
// alone, which oapi-codegen renders as a union type.
func isUnion(s *openapi3.Schema) bool {
	list := s.OneOf
	if len(list) == 0 {
		list = s.AnyOf
	}
	if len(list) < 2 || len(s.Properties) > 0 || len(s.AllOf) > 0 || s.Extensions["x-go-type"] != nil {
		return false
	}
	for _, alt := range list {
		if !strings.HasPrefix(alt.Ref, componentPrefix) {
			return false
		}
	}
	return true
}

// collapseUnions replaces each oneOf or anyOf whose alternatives are all
// component schemas of one structure (TipsReduce and
// TipsReduceWithFullInfo, the same two members) by a reference to the
// first: a union of one shape is that shape.
func (m *model) collapseUnions() (changed bool) {
	rename := map[string]string{}
	walkSchemas(m.doc, func(site schemaSite) {
		s := site.Ref.Value
		if site.Ref.Ref != "" || s.Extensions[ObjectExtension] != nil || len(s.Properties) > 0 || len(s.AllOf) > 0 {
			return
		}
		for _, list := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
			if len(list) < 2 {
				continue
			}
			sig := ""
			for _, alt := range list {
				k, ok := strings.CutPrefix(alt.Ref, componentPrefix)
				c := m.components()[k]
				if !ok || c == nil || c.Value == nil || !isHoistable(c.Value) {
					return
				}
				if st := structure(c.Value); sig == "" {
					sig = st
				} else if st != sig {
					return
				}
			}
			changed = true
			if path := site.Path(); len(path) == 1 && m.components()[path[0]] == site.Ref {
				// A component: every reference to it goes to the shape.
				rename[path[0]] = strings.TrimPrefix(list[0].Ref, componentPrefix)
			} else {
				site.Ref.Ref, site.Ref.Value = list[0].Ref, list[0].Value
			}
			return
		}
	})
	for _, k := range sortedKeys(rename) {
		delete(m.components(), k)
		m.uses[rename[k]] = append(m.uses[rename[k]], m.uses[k]...)
		delete(m.uses, k)
	}
	if len(rename) > 0 {
		m.redirect(rename)
	}
	return changed
}

func (m *model) better(a, b string) bool {
	ea, eb := m.out.Entities[a] > 0, m.out.Entities[b] > 0
	if ea != eb {
		return ea
	}
	sa, sb := m.fromSpec(a), m.fromSpec(b)
	if sa != sb {
		return sa
	}
	// A shape a response shares with a request body or a delete is named
	// for the response: get_online_booking_settings returning
	// UpdateOnlineBookingSettingsRequest, or list_attendance_appointments
	// DeleteTimetableAppointmentResponse, would read wrong.
	if pa, pb := namePenalty(a), namePenalty(b); pa != pb {
		return pa < pb
	}
	if len(a) != len(b) {
		return len(a) < len(b)
	}
	return a < b
}

// namePenalty counts what makes a name read wrong for a type other
// operations use too: a request body's "Request", a delete's verb.
func namePenalty(name string) int {
	n := 0
	if strings.Contains(name, "Request") {
		n++
	}
	if strings.HasPrefix(name, "Delete") || strings.HasPrefix(name, "Remove") {
		n++
	}
	return n
}

// fromSpec reports whether the component key is one the spec itself gave.
func (m *model) fromSpec(key string) bool {
	for _, v := range m.out.Names {
		if v == key {
			return true
		}
	}
	return false
}

// structure is the canonical JSON of what makes s a Go type: members,
// types, formats, enums and references, without descriptions, titles,
// examples or the model's own annotations.
func structure(s *openapi3.Schema) string {
	// An optional member is a pointer (or a nil slice) whether or not its
	// schema also allows null: null says nothing the Go type does not.
	if len(s.Properties) > 0 {
		var props openapi3.Schemas
		for name, p := range s.Properties {
			if p == nil || p.Value == nil || p.Ref != "" || slices.Contains(s.Required, name) || !p.Value.Type.IncludesNull() || len(p.Value.Type.Slice()) != 2 {
				continue
			}
			if props == nil {
				props = maps.Clone(s.Properties)
			}
			cp := *p.Value
			types := slices.DeleteFunc(slices.Clone(cp.Type.Slice()), func(t string) bool { return t == openapi3.TypeNull })
			cp.Type = (*openapi3.Types)(&types)
			props[name] = &openapi3.SchemaRef{Value: &cp}
		}
		if props != nil {
			cp := *s
			cp.Properties = props
			s = &cp
		}
	}
	b, err := json.Marshal(s)
	if err != nil {
		return fmt.Sprintf("%p", s)
	}
	var v any
	if err := json.Unmarshal(b, &v); err != nil {
		return fmt.Sprintf("%p", s)
	}
	v = stripDocs(v)
	out, _ := json.Marshal(v)
	return string(out)
}

// docKeys are the schema keywords that change no Go type.
var docKeys = map[string]bool{
	"description": true, "title": true, "example": true, "examples": true, "externalDocs": true,
	"deprecated": true, "x-go-type-name": true, DocExtension: true, "x-altegio-inferred": true, "readOnly": true, "writeOnly": true,
	// Validation keywords: the Go types do not check them.
	"minimum": true, "maximum": true, "exclusiveMinimum": true, "exclusiveMaximum": true, "multipleOf": true,
	"minLength": true, "maxLength": true, "pattern": true, "minItems": true, "maxItems": true, "uniqueItems": true,
	"minProperties": true, "maxProperties": true, "default": true, documentedExtension: true,
}

func stripDocs(v any) any {
	switch v := v.(type) {
	case map[string]any:
		out := map[string]any{}
		_, object := v[ObjectExtension]
		for k, val := range v {
			if docKeys[k] || (object && (k == "x-go-type" || k == ObjectExtension)) {
				continue
			}
			// Integer and number formats all render as int64 and float64
			// (generate.go's TypeMapping): they make no difference.
			if f, ok := val.(string); ok && k == "format" && (f == "int32" || f == "int64" || f == "float" || f == "double") {
				continue
			}
			if k == "properties" {
				props := map[string]any{}
				if pm, ok := val.(map[string]any); ok {
					for pn, pv := range pm {
						props[pn] = stripDocs(pv)
					}
				}
				out[k] = props
				continue
			}
			out[k] = stripDocs(val)
		}
		return out
	case []any:
		out := make([]any, len(v))
		for i, e := range v {
			out[i] = stripDocs(e)
		}
		return out
	}
	return v
}

// Entity is one row of the model table (openapi/models.yaml): an Altegio
// entity that many operations share, one Go type for all of them.
type Entity struct {
	// Name is the Go type, such as "TeamMember".
	Name string `yaml:"name"`
	// Spec is what the spec and Altegio's documents call it ("staff").
	Spec string `yaml:"spec"`
	// Doc is the type's doc comment, after its name.
	Doc string `yaml:"doc"`
	// Members are the members every object of the entity has: a response
	// object schema with all of them (and none of Unless) is one.
	Members []string `yaml:"members"`
	// Unless are members that tell another entity apart.
	Unless []string `yaml:"unless"`
	// Under and Ops say where the entity sits. Under are member names
	// ("client", "clients") and Ops operationIds whose response's data (or
	// its items) is the entity: a schema that matches Members elsewhere (a
	// document's "user" with id, name and phone) is not the entity. With
	// neither, Members alone decide.
	Under []string `yaml:"under"`
	Ops   []string `yaml:"ops"`
	// DataOf maps operationIds whose response's data (or its items) is
	// the entity whatever its members, to the evidence: a search that
	// returns the fields its request names (get_client_list's example
	// holds a client's id and name only).
	DataOf map[string]string `yaml:"data_of"`
	// Components are spec keys of component schemas that are the entity,
	// whatever their members (v2's JSON:API resources).
	Components []string `yaml:"components"`
	// Any maps members that take any JSON value, whatever the spec's
	// schemas say, to the evidence that they come in more shapes than
	// those schemas give (a documented webhook payload, an example).
	Any map[string]string `yaml:"any"`
	// Scalar maps members that come as more than one JSON scalar (a
	// number here, a string there), whatever the spec's schemas say, to
	// the evidence: they are altegio.Scalar.
	Scalar map[string]string `yaml:"scalar"`
}

// matches reports whether an object schema with the properties props is
// one of e.
func (e Entity) matches(props openapi3.Schemas) bool {
	if len(e.Members) == 0 {
		return false
	}
	for _, p := range e.Members {
		if props[p] == nil {
			return false
		}
	}
	for _, p := range e.Unless {
		if props[p] != nil {
			return false
		}
	}
	return true
}

// isDataOf reports whether a schema that is the data of the operations
// dataOf is one of e by DataOf (and has none of Unless).
func (e Entity) isDataOf(props openapi3.Schemas, dataOf map[string]bool) bool {
	for _, p := range e.Unless {
		if props[p] != nil {
			return false
		}
	}
	for op := range e.DataOf {
		if dataOf[op] {
			return true
		}
	}
	return false
}

// sitsUnder reports whether a schema referenced under the member names
// names can be one of e.
func (e Entity) sitsUnder(names, dataOf map[string]bool) bool {
	if len(e.Under) == 0 && len(e.Ops) == 0 {
		return true
	}
	for _, u := range e.Under {
		if names[u] {
			return true
		}
	}
	for _, op := range e.Ops {
		if dataOf[op] {
			return true
		}
	}
	return false
}

// dataOf maps each component schema to the operationIds whose 2xx
// response's data member (or its items) it is.
func (m *model) dataOf() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	component := func(ref *openapi3.SchemaRef) string {
		for ref != nil {
			if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
				return k
			}
			if ref.Value == nil {
				return ""
			}
			ref = ref.Value.Items
		}
		return ""
	}
	forEachOperation(m.doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for code, r := range op.Responses.Map() {
			if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
				continue
			}
			for _, c := range r.Value.Content {
				if c == nil || c.Schema == nil || c.Schema.Value == nil {
					continue
				}
				body := c.Schema.Value
				bodyKey := component(c.Schema)
				if bodyKey != "" {
					body = m.components()[bodyKey].Value
				}
				if body == nil {
					continue
				}
				if body.Properties["data"] == nil {
					// No envelope: the body is the data (a loyalty card
					// get_loyalty_card_list_by_phone returns as is).
					if bodyKey != "" && len(body.Properties) > 0 && body.Properties["success"] == nil {
						if out[bodyKey] == nil {
							out[bodyKey] = map[string]bool{}
						}
						out[bodyKey][op.OperationID] = true
					}
					continue
				}
				if k := component(body.Properties["data"]); k != "" {
					if out[k] == nil {
						out[k] = map[string]bool{}
					}
					out[k][op.OperationID] = true
				}
			}
		}
	})
	return out
}

// memberNames maps each component schema to the names of the members that
// reference it, directly or as their list's items.
func (m *model) memberNames() map[string]map[string]bool {
	out := map[string]map[string]bool{}
	add := func(ref *openapi3.SchemaRef, name string) {
		for ref != nil {
			if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
				if out[k] == nil {
					out[k] = map[string]bool{}
				}
				out[k][name] = true
				return
			}
			if ref.Value == nil {
				return
			}
			ref = ref.Value.Items
		}
	}
	for _, k := range sortedKeys(m.components()) {
		if s := m.components()[k].Value; s != nil {
			for pn, p := range s.Properties {
				add(p, pn)
			}
		}
	}
	return out
}

// unifyEntities folds, for each entity in order, every component object
// schema reachable from a 2xx response that matches it into one component
// named after the entity, holding the union of their members. A schema
// matched by an earlier entity is not matched again.
func (m *model) unifyEntities(entities []Entity, partial bool) error {
	reach := m.responseComponents()
	under := m.memberNames()
	dataOf := m.dataOf()
	claimed := map[string]bool{}
	for _, e := range entities {
		var keys []string
		for _, c := range e.Components {
			k, ok := m.out.Names[c]
			if !ok || m.components()[k] == nil {
				return fmt.Errorf("entity %s: no component schema %q", e.Name, c)
			}
			if !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		for _, k := range sortedKeys(m.components()) {
			s := m.components()[k].Value
			if reach[k] && !claimed[k] && s != nil && s.Extensions["x-go-type"] == nil && (e.matches(s.Properties) && e.sitsUnder(under[k], dataOf[k]) || e.isDataOf(s.Properties, dataOf[k])) && !slices.Contains(keys, k) {
				keys = append(keys, k)
			}
		}
		if len(keys) == 0 && partial {
			continue
		}
		if len(keys) == 0 {
			return fmt.Errorf("entity %s: no response schema has the members %s where the table says it sits", e.Name, strings.Join(e.Members, ", "))
		}
		// The spec's own schema of that name is the entity too.
		if c := m.components()[e.Name]; c != nil && c.Value != nil && !claimed[e.Name] && !slices.Contains(keys, e.Name) {
			keys = append(keys, e.Name)
		}
		// The union starts as a copy of the first schema; a member stays
		// required only where every schema requires it.
		first := *m.components()[keys[0]].Value
		union := &first
		union.Properties = maps.Clone(first.Properties)
		if union.Properties == nil {
			union.Properties = openapi3.Schemas{}
		}
		union.Extensions = nil
		anyJSON := map[string]bool{}
		for _, pn := range sortedKeys(e.Any) {
			// A member the table says takes any JSON value (with evidence
			// the spec's schemas lack, such as a webhook page) is one.
			anyJSON[pn] = true
			m.out.Conflicts = append(m.out.Conflicts, fmt.Sprintf("%s.%s: any JSON value, as the model table says: %s", e.Name, pn, e.Any[pn]))
			var doc string
			if p := union.Properties[pn]; p != nil && p.Value != nil {
				doc = p.Value.Description
			}
			union.Properties[pn] = &openapi3.SchemaRef{Value: &openapi3.Schema{Description: doc}}
		}
		for _, pn := range sortedKeys(e.Scalar) {
			anyJSON[pn] = true
			m.out.Conflicts = append(m.out.Conflicts, fmt.Sprintf("%s.%s: altegio.Scalar, as the model table says: %s", e.Name, pn, e.Scalar[pn]))
			var doc string
			if p := union.Properties[pn]; p != nil && p.Value != nil {
				doc = p.Value.Description
			}
			union.Properties[pn] = scalarSchema(doc)
		}
		for _, k := range keys {
			src := m.components()[k].Value
			m.mergeInto(union, src, e.Name, anyJSON)
			union.Required = slices.DeleteFunc(slices.Clone(union.Required), func(r string) bool { return !slices.Contains(src.Required, r) })
			claimed[k] = true
		}
		union.Description = ""
		if e.Doc != "" {
			union.Extensions = map[string]any{DocExtension: e.Doc}
		}
		rename := map[string]string{}
		var uses []string
		for _, k := range keys {
			rename[k] = e.Name
			uses = append(uses, m.uses[k]...)
			delete(m.uses, k)
			delete(m.components(), k)
		}
		m.components()[e.Name] = &openapi3.SchemaRef{Value: union}
		claimed[e.Name] = true
		m.uses[e.Name] = nil
		if e.Doc == "" {
			m.uses[e.Name] = uses
		}
		m.out.Entities[e.Name] = len(keys)
		for _, k := range keys {
			// Record the spec's keys that k holds (earlier steps named
			// or merged them); an inline schema the model named has none.
			n := len(m.out.Folded[e.Name])
			for sk, v := range m.out.Names {
				if v == k {
					m.out.Folded[e.Name] = append(m.out.Folded[e.Name], sk)
				}
			}
			if len(m.out.Folded[e.Name]) == n {
				m.out.Folded[e.Name] = append(m.out.Folded[e.Name], "(inline) "+k)
			}
		}
		m.redirect(rename)
	}
	return nil
}

// redirect points every reference to a key of rename at its new key, and
// records the move in Names.
func (m *model) redirect(rename map[string]string) {
	for k, v := range m.out.Names {
		if n, ok := rename[v]; ok {
			m.out.Names[k] = n
		}
	}
	m.eachRef(func(ref *openapi3.SchemaRef) {
		if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
			if n, ok := rename[k]; ok {
				ref.Ref = componentPrefix + n
				ref.Value = m.components()[n].Value
			}
		}
	})
}

// mergeInto adds the members of src to dst, the union type of entity:
// members both have keep dst's schema, widened from integer to number
// when src says number; other disagreements keep dst's and are listed in
// Conflicts.
func (m *model) mergeInto(dst, src *openapi3.Schema, entity string, anyJSON map[string]bool) {
	if dst.Description == "" {
		dst.Description = src.Description
	}
	// additionalProperties: true says no more than ExtraFields does, which
	// every entity has: members no schema declares land there.
	if dst.AdditionalProperties.Schema == nil {
		dst.AdditionalProperties = openapi3.AdditionalProperties{Schema: src.AdditionalProperties.Schema}
	}
	for _, pn := range sortedKeys(src.Properties) {
		sp := src.Properties[pn]
		dp, ok := dst.Properties[pn]
		if anyJSON[pn] {
			// Already any JSON value: no later schema narrows it.
			if !ok {
				dst.Properties[pn] = &openapi3.SchemaRef{Value: &openapi3.Schema{Description: sp.Value.Description}}
			}
			continue
		}
		if !ok {
			dst.Properties[pn] = sp
			continue
		}
		if dp.Ref == sp.Ref && dp.Ref != "" || sp.Value == nil || dp.Value == nil {
			continue
		}
		// An object that may come as null or [] (altegio.Object) decodes
		// every shape a plain object does, and more.
		// An object one schema gives and another shows only as [] (PHP's
		// empty object) is an altegio.Object, which decodes both.
		if emptyList(sp.Value) {
			if o := m.asObject(dp); o != nil {
				dst.Properties[pn] = o
				continue
			}
		}
		if emptyList(dp.Value) {
			if o := m.asObject(sp); o != nil {
				dst.Properties[pn] = o
				continue
			}
		}
		_, dObj := dp.Value.Extensions[ObjectExtension]
		_, sObj := sp.Value.Extensions[ObjectExtension]
		if sObj || dObj {
			if !dObj {
				dst.Properties[pn] = sp
			}
			continue
		}
		dt, st := schemaKind(dp.Value), schemaKind(sp.Value)
		switch {
		case dt == st && dt == "array":
			// A list the examples only show empty takes the items
			// another schema gives.
			if emptyList(dp.Value) && !emptyList(sp.Value) {
				dst.Properties[pn] = sp
			}
		case dt == st && dt == "string":
			// Formats that differ (a date here, none where an example
			// sends "952041600") leave a plain string, which holds both.
			if dp.Value.Format != sp.Value.Format && dp.Value.Format != "" {
				cp := *dp.Value
				cp.Format = ""
				dst.Properties[pn] = &openapi3.SchemaRef{Value: &cp}
			}
		case dt == st:
		case dt == "integer" && st == "number":
			dst.Properties[pn] = sp
		case dt == "number" && st == "integer", st == "":
		case dt == "":
			dst.Properties[pn] = sp
		case scalarKinds(dt) && scalarKinds(st):
			// A number here, a string there (1 and "1"), a boolean or 0/1:
			// an altegio.Scalar keeps the value as sent and reads it as
			// either.
			m.out.Conflicts = append(m.out.Conflicts, fmt.Sprintf("%s.%s: %s in one schema, %s in another; altegio.Scalar", entity, pn, st, dt))
			dst.Properties[pn] = scalarSchema(dp.Value.Description)
			anyJSON[pn] = true
		default:
			// The member comes in shapes no one Go type holds: it is any
			// JSON value, so that decoding keeps every shape.
			m.out.Conflicts = append(m.out.Conflicts, fmt.Sprintf("%s.%s: %s in one schema, %s in another; any JSON value", entity, pn, st, dt))
			dst.Properties[pn] = &openapi3.SchemaRef{Value: &openapi3.Schema{Description: dp.Value.Description}}
			anyJSON[pn] = true
		}
	}
}

// scalarKinds reports whether the schemaKind k names only JSON scalars
// (integer, number, string, boolean).
func scalarKinds(k string) bool {
	if k == "" {
		return false
	}
	for _, t := range strings.Split(k, "|") {
		switch t {
		case openapi3.TypeInteger, openapi3.TypeNumber, openapi3.TypeString, openapi3.TypeBoolean:
		default:
			return false
		}
	}
	return true
}

// scalarSchema is a member typed altegio.Scalar: a value sent as a number
// or a string, a boolean or 0/1.
func scalarSchema(doc string) *openapi3.SchemaRef {
	return &openapi3.SchemaRef{Value: &openapi3.Schema{Description: doc, Extensions: map[string]any{
		"x-go-type":                       "altegio.Scalar",
		"x-go-type-import":                map[string]any{"path": RuntimeImport},
		"x-go-type-skip-optional-pointer": true,
		"x-omitzero":                      true,
	}}}
}

// emptyList reports whether s is a list of unknown items: one the examples
// only show empty.
func emptyList(s *openapi3.Schema) bool {
	return s.Type.Includes(openapi3.TypeArray) && !s.Type.Includes(openapi3.TypeObject) && (s.Items == nil || s.Items.Value == nil)
}

// asObject returns ref typed as altegio.Object of its component, when ref
// is an object schema under a component or already such an Object; nil
// otherwise.
func (m *model) asObject(ref *openapi3.SchemaRef) *openapi3.SchemaRef {
	if _, ok := ref.Value.Extensions[ObjectExtension]; ok {
		return ref
	}
	key, ok := strings.CutPrefix(ref.Ref, componentPrefix)
	if !ok || !isObjectSchema(ref.Value) {
		return nil
	}
	s := &openapi3.Schema{Description: ref.Value.Description, AnyOf: openapi3.SchemaRefs{{Ref: ref.Ref, Value: ref.Value}}}
	markObject(s, key)
	return &openapi3.SchemaRef{Value: s}
}

// schemaKind is a short name of the JSON type s describes: its one type
// (null aside), "ref:<key>" for an object under a component, or "" when
// it says nothing.
func schemaKind(s *openapi3.Schema) string {
	if s.Type == nil {
		return ""
	}
	var kinds []string
	for _, t := range *s.Type {
		if t != openapi3.TypeNull {
			kinds = append(kinds, t)
		}
	}
	slices.Sort(kinds)
	return strings.Join(kinds, "|")
}

// responseComponents returns the component schemas reachable from a 2xx
// response body.
func (m *model) responseComponents() map[string]bool {
	out := map[string]bool{}
	var visit func(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool)
	visit = func(ref *openapi3.SchemaRef, seen map[*openapi3.Schema]bool) {
		if ref == nil || ref.Value == nil {
			return
		}
		if k, ok := strings.CutPrefix(ref.Ref, componentPrefix); ok {
			if out[k] {
				return
			}
			out[k] = true
		}
		s := ref.Value
		if seen[s] {
			return
		}
		seen[s] = true
		for _, p := range s.Properties {
			visit(p, seen)
		}
		visit(s.Items, seen)
		visit(s.AdditionalProperties.Schema, seen)
		for _, list := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
			for _, sub := range list {
				visit(sub, seen)
			}
		}
	}
	seen := map[*openapi3.Schema]bool{}
	forEachOperation(m.doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for code, r := range op.Responses.Map() {
			if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
				continue
			}
			for _, c := range r.Value.Content {
				if c != nil {
					visit(c.Schema, seen)
				}
			}
		}
	})
	return out
}

// firstKey returns the first key of names, in order, whose value is v, or v.
func firstKey(names map[string]string, v string) string {
	for _, k := range sortedKeys(names) {
		if names[k] == v {
			return k
		}
	}
	return v
}

// objectTypes writes the x-go-type of every altegio.Object[T] again, with
// the final name of T's component (see ObjectExtension).
func (m *model) objectTypes() {
	walkSchemas(m.doc, func(site schemaSite) {
		s := site.Ref.Value
		key, ok := s.Extensions[ObjectExtension].(string)
		if !ok {
			return
		}
		if n, ok := m.out.Names[key]; ok {
			key = n
		}
		// The union's own reference to T follows every rename.
		for _, alt := range slices.Concat(s.OneOf, s.AnyOf) {
			if k, ok := strings.CutPrefix(alt.Ref, componentPrefix); ok && m.components()[k] != nil {
				key = k
				break
			}
		}
		s.Extensions["x-go-type"] = "altegio.Object[" + key + "]"
	})
}

// DocExtension is the schema extension in which the model leaves, for the
// typedef template, what a type without a description is.
const DocExtension = "x-altegio-doc"

// annotateDocs puts each named type's doc sentence on its schema.
func (m *model) annotateDocs() {
	set := func(s *openapi3.Schema, name string) {
		if d := m.out.Docs[name]; d != "" && s != nil {
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			s.Extensions[DocExtension] = d
		}
	}
	for k, ref := range m.components() {
		set(ref.Value, k)
	}
}

// docOf is the doc comment sentence, without the type's name, of a type
// used at the places uses.
func docOf(uses []string) string {
	uses = slices.Compact(slices.Sorted(slices.Values(uses)))
	if len(uses) > 1 {
		uses = slices.DeleteFunc(uses, func(u string) bool { return strings.HasSuffix(u, " schema of the spec") })
	}
	switch len(uses) {
	case 0:
		return ""
	case 1:
		return "is " + uses[0] + "."
	}
	const most = 3
	out := "is shared by " + strings.Join(uses[:min(most, len(uses))], "; ")
	if len(uses) > most {
		out += fmt.Sprintf("; and %d more places", len(uses)-most)
	}
	return out + "."
}

// commonTail returns the longest run of words that ends every name, when
// it is at least two words and starts with a word that names something:
// CreatePositionRequest and UpdatePositionRequest give PositionRequest,
// AppointmentResourceAttributesPaidFull and
// TeamMemberResourceAttributesPaidFull give ResourceAttributesPaidFull. It
// returns "" otherwise.
func commonTail(names []string) string {
	var tail []string
	for i, n := range names {
		words := camelCaseParts.FindAllString(n, -1)
		if i == 0 {
			tail = words
			continue
		}
		k := 0
		for k < len(tail) && k < len(words) && tail[len(tail)-1-k] == words[len(words)-1-k] {
			k++
		}
		tail = tail[len(tail)-k:]
	}
	for len(tail) >= 2 && genericWord[tail[0]] {
		tail = tail[1:]
	}
	if len(tail) < 2 || len(tail) == len(camelCaseParts.FindAllString(names[0], -1)) {
		return ""
	}
	return strings.Join(tail, "")
}

// genericWord are the words a type name cannot start with.
var genericWord = map[string]bool{"Response": true, "Request": true, "Data": true, "Item": true, "Meta": true, "Value": true, "Params": true, "Attributes": true}

// maxTypeName is the longest name the model gives a type: with "Merge" or
// "From" before it, a union's methods stay within the 60 characters the
// style check allows.
const maxTypeName = 54

// shortenName drops words after the first two of name (the operation or root
// type) until it is at most maxTypeName long, keeping the last words,
// which say what the type is: GetVisitDetailsResponseDataKKMTransactionDetailsContainerTransactionDocument
// becomes GetVisitKKMTransactionDetailsContainerTransactionDocument.
func shortenName(name string) string { return shortenTo(name, maxTypeName) }

// maxEnumName is the longest name the model gives an enum: its constants
// are its name and their value's.
const maxEnumName = 30

// shortenTo is shortenName with the limit max.
func shortenTo(name string, max int) string {
	if len(name) <= max {
		return name
	}
	words := camelCaseParts.FindAllString(name, -1)
	for len(strings.Join(words, "")) > max && len(words) > 3 {
		words = append(words[:2], words[3:]...)
	}
	return strings.Join(words, "")
}
