package gen

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// objectUnions finds the fields Altegio sends as an object, or as null or an
// empty array when there is none (PHP encodes an empty associative array as
// []), and types them as the runtime's altegio.Object[T], which decodes all
// three. T is the object's own schema; an inline one is moved into
// components/schemas first, under a name made from its place, so that it has
// a Go type to name.
//
// Two spellings are recognised: oneOf/anyOf of one object schema and only
// null and array alternatives (`maxItems: 0`, or arrays whose examples are
// all []); and a type list of object and array (plus null).
func objectUnions(doc *openapi3.T) (int, error) {
	if doc.Components == nil {
		doc.Components = &openapi3.Components{}
	}
	if doc.Components.Schemas == nil {
		doc.Components.Schemas = openapi3.Schemas{}
	}
	n := 0
	goNames := goNameCache{}
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		// Act where the schema is defined (inline, or as a component), not
		// where it is referenced, so that hoisted names follow definitions.
		if site.Ref.Ref != "" || s.Extensions["x-go-type"] != nil {
			return
		}
		if branches, ok := unionBranches(s); ok {
			obj := branches[0]
			name := ""
			if obj.Ref != "" {
				name = strings.TrimPrefix(obj.Ref, "#/components/schemas/")
			} else {
				name = hoist(doc, site.Path(), obj.Value, goNames)
				obj.Ref = "#/components/schemas/" + name
			}
			markObject(s, name)
			n++
			return
		}
		if objectOrArrayTypes(s) {
			objSchema := *s
			objSchema.Type = &openapi3.Types{openapi3.TypeObject}
			objSchema.Extensions = nil
			objSchema.Example = nil
			name := hoist(doc, site.Path(), &objSchema, goNames)
			// Keep a reference to the object schema, so that oapi-codegen
			// does not prune it as unused.
			s.AnyOf = openapi3.SchemaRefs{{Ref: "#/components/schemas/" + name, Value: &objSchema}}
			s.Properties = nil
			s.AdditionalProperties = openapi3.AdditionalProperties{}
			markObject(s, name)
			n++
		}
	})
	return n, nil
}

// unionBranches returns the alternatives of s, object first, when s is a
// oneOf or anyOf of exactly one object schema and otherwise only null and
// empty-array schemas.
func unionBranches(s *openapi3.Schema) (openapi3.SchemaRefs, bool) {
	alts := s.OneOf
	if len(alts) == 0 {
		alts = s.AnyOf
	}
	if len(alts) < 2 {
		return nil, false
	}
	var obj *openapi3.SchemaRef
	for _, a := range alts {
		if a == nil || a.Value == nil {
			return nil, false
		}
		switch v := a.Value; {
		case isObjectSchema(v):
			if obj != nil {
				return nil, false
			}
			obj = a
		case v.Type.Is(openapi3.TypeNull):
		case v.Type.Is(openapi3.TypeArray):
			// "Customer (can be array or object)": the array is PHP's empty
			// one (every example shows []), whatever items it declares;
			// unless the array alternative documents itself as a list that
			// may hold items ("Nested categories as array", in
			// chain_loyalty_membership_type): Object[T] could not decode a
			// non-empty one, which the contract test's mock server sends.
			if v.Description != "" && (v.MaxItems == nil || *v.MaxItems > 0) {
				return nil, false
			}
		default:
			return nil, false
		}
	}
	if obj == nil {
		return nil, false
	}
	return openapi3.SchemaRefs{obj}, true
}

// objectOrArrayTypes reports whether the type list of s is object and array,
// with or without null.
func objectOrArrayTypes(s *openapi3.Schema) bool {
	if s.Type == nil || !s.Type.Includes(openapi3.TypeObject) || !s.Type.Includes(openapi3.TypeArray) {
		return false
	}
	for _, t := range s.Type.Slice() {
		if t != openapi3.TypeObject && t != openapi3.TypeArray && t != openapi3.TypeNull {
			return false
		}
	}
	return true
}

func isObjectSchema(s *openapi3.Schema) bool {
	return s.Type.Is(openapi3.TypeObject) || (s.Type == nil && (len(s.Properties) > 0 || s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil))
}

// hoist adds s to components/schemas under a new name made from path and
// returns the name.
func hoist(doc *openapi3.T, path []string, s *openapi3.Schema, goNames goNameCache) string {
	base := strings.Join(path, "_")
	if len(path) == 1 {
		base += "_object"
	}
	name := base
	for i := 2; nameTaken(doc, name, goNames); i++ {
		name = fmt.Sprintf("%s_%d", base, i)
	}
	doc.Components.Schemas[name] = &openapi3.SchemaRef{Value: s}
	return name
}

// nameTaken reports whether a component schema already has name, or the Go
// type name that name would get.
func nameTaken(doc *openapi3.T, name string, goNames goNameCache) bool {
	goName := goNames.of(name)
	for other := range doc.Components.Schemas {
		if goNames.of(other) == goName {
			return true
		}
	}
	return false
}

// goNameCache holds codegen.SchemaNameToTypeName of the names it was asked
// for, for one pass: the function runs regular expressions, and its result
// depends on oapi-codegen's settings, which a pass does not change.
type goNameCache map[string]string

func (c goNameCache) of(name string) string {
	n, ok := c[name]
	if !ok {
		n = codegen.SchemaNameToTypeName(name)
		c[name] = n
	}
	return n
}

// ObjectExtension names, on a schema typed altegio.Object[T], the component
// schema of T.
const ObjectExtension = "x-altegio-object"

// markObject types s as altegio.Object of the component schema name.
func markObject(s *openapi3.Schema, name string) {
	if s.Extensions == nil {
		s.Extensions = map[string]any{}
	}
	s.Extensions["x-go-type"] = "altegio.Object[" + codegen.SchemaNameToTypeName(name) + "]"
	// The model (BuildModel) renames components: it reads the component
	// here and writes x-go-type again with the type's final name.
	s.Extensions[ObjectExtension] = name
	s.Extensions["x-go-type-import"] = map[string]any{"path": RuntimeImport}
	s.Extensions["x-go-type-skip-optional-pointer"] = true
	// An unset Object is left out of request bodies rather than sent as
	// null, which the API could take as "clear this field".
	s.Extensions["x-omitzero"] = true
}
