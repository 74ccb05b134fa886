package gen

import (
	"bytes"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// decodeSchemaRef decodes the schema at n as kin-openapi's
// SchemaRef.UnmarshalJSON decodes nodeJSON(n), several times faster: kin
// decodes every schema's JSON again for each schema it is nested in. It
// reads the keywords Altegio's specs use (schemaDecoder); a schema with
// any other keyword, or a value of a shape it does not expect, is left to
// kin-openapi whole.
func decodeSchemaRef(n *yaml.Node) (*openapi3.SchemaRef, error) {
	if ref, ok := fastSchemaRef(n, 0); ok {
		return ref, nil
	}
	return kinSchemaRef(n)
}

// kinSchemaRef is decodeSchemaRef by kin-openapi alone.
func kinSchemaRef(n *yaml.Node) (*openapi3.SchemaRef, error) {
	data, err := nodeJSON(n)
	if err != nil {
		return nil, err
	}
	ref := &openapi3.SchemaRef{}
	if err := ref.UnmarshalJSON(data); err != nil {
		return nil, err
	}
	return ref, nil
}

// fastSchemaRef is decodeSchemaRef without kin-openapi: ok is false where
// it would differ.
func fastSchemaRef(n *yaml.Node, depth int) (*openapi3.SchemaRef, bool) {
	for n.Kind == yaml.AliasNode && depth <= maxNodeDepth {
		n, depth = n.Alias, depth+1
	}
	if n.Kind != yaml.MappingNode || depth > maxNodeDepth {
		return nil, false // a boolean schema, or not a schema
	}
	if hasKey(n, "$ref") {
		// A $ref alone; one with siblings is merged on resolution.
		if len(n.Content) != 2 || !isText(n.Content[1]) {
			return nil, false
		}
		return &openapi3.SchemaRef{Ref: n.Content[1].Value}, true
	}
	s, ok := fastSchema(n, depth)
	if !ok {
		return nil, false
	}
	return &openapi3.SchemaRef{Value: s}, true
}

// childSchemaRef decodes a schema nested in one fastSchema decodes: with
// fastSchemaRef, else with kin-openapi, as it decodes a schema it finds
// in another (through SchemaRef.UnmarshalJSON). ok is false if kin-openapi
// fails, which it then does on the schema that holds n too.
func childSchemaRef(n *yaml.Node, depth int) (*openapi3.SchemaRef, bool) {
	if ref, ok := fastSchemaRef(n, depth); ok {
		return ref, true
	}
	ref, err := kinSchemaRef(n)
	return ref, err == nil
}

// schemaKeys are the keywords of kin-openapi's Schema, which
// Schema.UnmarshalJSON keeps out of Extensions, and "$ref", with whether
// fastSchema reads them.
var schemaKeys = map[string]bool{
	"oneOf": true, "anyOf": true, "allOf": true, "not": true, "type": true, "title": true, "format": true,
	"description": true, "enum": true, "default": true, "example": true, "externalDocs": false,
	"uniqueItems": true, "exclusiveMinimum": false, "exclusiveMaximum": false, "nullable": true,
	"readOnly": true, "writeOnly": true, "allowEmptyValue": true, "deprecated": true, "xml": false,
	"minimum": true, "maximum": true, "multipleOf": true, "minLength": true, "maxLength": true, "pattern": true,
	"minItems": true, "maxItems": true, "items": true, "required": true, "properties": true,
	"minProperties": true, "maxProperties": true, "additionalProperties": true, "discriminator": false,
	"const": true, "examples": true, "prefixItems": true, "contains": false, "minContains": false,
	"maxContains": false, "patternProperties": false, "dependentSchemas": false, "propertyNames": false,
	"unevaluatedItems": false, "unevaluatedProperties": false, "if": false, "then": false, "else": false,
	"dependentRequired": false, "$defs": false, "$schema": false, "$comment": false, "$id": false,
	"$anchor": false, "$dynamicRef": false, "$dynamicAnchor": false, "contentMediaType": false,
	"contentEncoding": false, "contentSchema": false, "$ref": false,
}

// schemaKeysFolded are schemaKeys in lower case: encoding/json matches
// struct fields without regard to case, so a key that differs from a
// keyword only in case is left to kin-openapi.
var schemaKeysFolded = func() map[string]bool {
	m := map[string]bool{}
	for k := range schemaKeys {
		m[strings.ToLower(k)] = true
	}
	return m
}()

// fastSchema decodes the schema object n, as Schema.UnmarshalJSON does.
func fastSchema(n *yaml.Node, depth int) (*openapi3.Schema, bool) {
	s := &openapi3.Schema{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" || !utf8.ValidString(k.Value) {
			return nil, false
		}
		key := k.Value
		if key == slotExtension {
			return nil, false // an error of nodeJSON's
		}
		fast, known := schemaKeys[key]
		if !known {
			if schemaKeysFolded[strings.ToLower(key)] {
				return nil, false
			}
			val, ok := jsonValue(v, depth+1)
			if !ok {
				return nil, false
			}
			if s.Extensions == nil {
				s.Extensions = map[string]any{}
			}
			s.Extensions[key] = val
			continue
		}
		if !fast {
			return nil, false
		}
		for hops := 0; v.Kind == yaml.AliasNode; hops++ {
			if hops > maxNodeDepth {
				return nil, false
			}
			v = v.Alias
		}
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			continue // JSON null leaves a field as it is
		}
		ok := true
		switch key {
		case "title":
			s.Title, ok = text(v)
		case "format":
			s.Format, ok = text(v)
		case "description":
			s.Description, ok = text(v)
		case "pattern":
			s.Pattern, ok = text(v)
		case "uniqueItems":
			s.UniqueItems, ok = boolean(v)
		case "nullable":
			s.Nullable, ok = boolean(v)
		case "readOnly":
			s.ReadOnly, ok = boolean(v)
		case "writeOnly":
			s.WriteOnly, ok = boolean(v)
		case "allowEmptyValue":
			s.AllowEmptyValue, ok = boolean(v)
		case "deprecated":
			s.Deprecated, ok = boolean(v)
		case "minimum":
			s.Min, ok = float(v)
		case "maximum":
			s.Max, ok = float(v)
		case "multipleOf":
			s.MultipleOf, ok = float(v)
		case "minLength":
			s.MinLength, ok = unsigned(v)
		case "minItems":
			s.MinItems, ok = unsigned(v)
		case "minProperties":
			s.MinProps, ok = unsigned(v)
		case "maxLength":
			s.MaxLength, ok = unsignedPtr(v)
		case "maxItems":
			s.MaxItems, ok = unsignedPtr(v)
		case "maxProperties":
			s.MaxProps, ok = unsignedPtr(v)
		case "type":
			s.Type, ok = typeList(v)
		case "required":
			s.Required, ok = texts(v)
		case "enum":
			s.Enum, ok = values(v, depth+1)
		case "examples":
			s.Examples, ok = values(v, depth+1)
		case "default":
			s.Default, ok = jsonValue(v, depth+1)
		case "example":
			s.Example, ok = jsonValue(v, depth+1)
		case "const":
			s.Const, ok = jsonValue(v, depth+1)
		case "items":
			s.Items, ok = childSchemaRef(v, depth+1)
		case "not":
			s.Not, ok = childSchemaRef(v, depth+1)
		case "allOf":
			s.AllOf, ok = schemaList(v, depth+1)
		case "oneOf":
			s.OneOf, ok = schemaList(v, depth+1)
		case "anyOf":
			s.AnyOf, ok = schemaList(v, depth+1)
		case "prefixItems":
			s.PrefixItems, ok = schemaList(v, depth+1)
		case "properties":
			s.Properties, ok = schemaMap(v, depth+1)
		case "additionalProperties":
			s.AdditionalProperties, ok = boolSchema(v, depth+1)
		default:
			ok = false
		}
		if !ok {
			return nil, false
		}
	}
	return s, true
}

// isText reports whether the scalar n is a JSON string (nodeJSON).
func isText(n *yaml.Node) bool {
	if n.Kind != yaml.ScalarNode || !utf8.ValidString(n.Value) {
		return false
	}
	switch n.ShortTag() {
	case "!!null", "!!bool", "!!int", "!!float":
		return false
	}
	return true
}

func text(n *yaml.Node) (string, bool) {
	return n.Value, isText(n)
}

func boolean(n *yaml.Node) (bool, bool) {
	var v bool
	if n.Kind != yaml.ScalarNode || n.ShortTag() != "!!bool" || n.Decode(&v) != nil {
		return false, false
	}
	return v, true
}

// number returns the JSON number literal nodeJSON writes for n.
func number(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.ScalarNode {
		return "", false
	}
	switch n.ShortTag() {
	case "!!int", "!!float":
	default:
		return "", false
	}
	var b bytes.Buffer
	if writeScalarJSON(&b, n) != nil {
		return "", false
	}
	return b.String(), true
}

func float(n *yaml.Node) (*float64, bool) {
	lit, ok := number(n)
	if !ok {
		return nil, false
	}
	f, err := strconv.ParseFloat(lit, 64)
	if err != nil {
		return nil, false
	}
	return &f, true
}

func unsigned(n *yaml.Node) (uint64, bool) {
	lit, ok := number(n)
	if !ok {
		return 0, false
	}
	u, err := strconv.ParseUint(lit, 10, 64)
	return u, err == nil
}

func unsignedPtr(n *yaml.Node) (*uint64, bool) {
	u, ok := unsigned(n)
	if !ok {
		return nil, false
	}
	return &u, true
}

// typeList decodes a type keyword as openapi3.Types.UnmarshalJSON does: a
// list of names or one.
func typeList(n *yaml.Node) (*openapi3.Types, bool) {
	if n.Kind == yaml.ScalarNode {
		s, ok := text(n)
		return &openapi3.Types{s}, ok
	}
	list, ok := texts(n)
	t := openapi3.Types(list)
	return &t, ok
}

func texts(n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for _, c := range n.Content {
		s, ok := text(c)
		if !ok {
			return nil, false
		}
		out = append(out, s)
	}
	return out, true
}

func values(n *yaml.Node, depth int) ([]any, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]any, 0, len(n.Content))
	for _, c := range n.Content {
		v, ok := jsonValue(c, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, v)
	}
	return out, true
}

func schemaList(n *yaml.Node, depth int) (openapi3.SchemaRefs, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make(openapi3.SchemaRefs, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" {
			out = append(out, nil)
			continue
		}
		ref, ok := childSchemaRef(c, depth+1)
		if !ok {
			return nil, false
		}
		out = append(out, ref)
	}
	return out, true
}

func schemaMap(n *yaml.Node, depth int) (openapi3.Schemas, bool) {
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	out := make(openapi3.Schemas, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		name, ok := memberName(k)
		if !ok {
			return nil, false
		}
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			out[name] = nil
			continue
		}
		ref, ok := childSchemaRef(v, depth+1)
		if !ok {
			return nil, false
		}
		out[name] = ref
	}
	return out, true
}

// boolSchema decodes additionalProperties as openapi3.BoolSchema does: a
// boolean, or a schema ({} as an empty one).
func boolSchema(n *yaml.Node, depth int) (openapi3.BoolSchema, bool) {
	if n.Kind == yaml.ScalarNode {
		b, ok := boolean(n)
		return openapi3.BoolSchema{Has: &b}, ok
	}
	if n.Kind == yaml.MappingNode && len(n.Content) == 0 {
		return openapi3.BoolSchema{Schema: &openapi3.SchemaRef{Value: &openapi3.Schema{}}}, true
	}
	// Not childSchemaRef: BoolSchema.UnmarshalJSON decodes a schema here
	// from JSON it encodes again.
	ref, ok := fastSchemaRef(n, depth+1)
	return openapi3.BoolSchema{Schema: ref}, ok
}

// memberName is the JSON member name of the mapping key k (scalarKey).
func memberName(k *yaml.Node) (string, bool) {
	if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
		return "", false
	}
	name, err := scalarKey(k)
	if err != nil || !utf8.ValidString(name) {
		return "", false
	}
	return name, true
}

// jsonValue is what encoding/json decodes nodeJSON(n) into as an any:
// map[string]any, []any, string, float64, bool or nil.
func jsonValue(n *yaml.Node, depth int) (any, bool) {
	if depth > maxNodeDepth {
		return nil, false
	}
	switch n.Kind {
	case yaml.AliasNode:
		return jsonValue(n.Alias, depth+1)
	case yaml.MappingNode:
		m := make(map[string]any, len(n.Content)/2)
		for i := 0; i+1 < len(n.Content); i += 2 {
			name, ok := memberName(n.Content[i])
			if !ok {
				return nil, false
			}
			v, ok := jsonValue(n.Content[i+1], depth+1)
			if !ok {
				return nil, false
			}
			m[name] = v
		}
		return m, true
	case yaml.SequenceNode:
		return values(n, depth)
	case yaml.ScalarNode:
		switch n.ShortTag() {
		case "!!null":
			return nil, true
		case "!!bool":
			return boolean(n)
		case "!!int", "!!float":
			f, ok := float(n)
			if !ok {
				return nil, false
			}
			return *f, true
		}
		return text(n)
	}
	return nil, false
}
