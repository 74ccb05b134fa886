package gen

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// sampleDepth bounds how deep sampleSchema follows nested schemas: past it,
// optional members are left out and a recursive schema ends.
const sampleDepth = 12

// sampleSchema returns a JSON value (of encoding/json's types) that ref
// describes, built the way a mock server builds a body for a schema with
// no example: the schema's own example, const, default or first enum
// value where it has one, else a value of its type, with every property of
// an object (only the required ones past sampleDepth), one item in a list,
// the first alternative of a oneOf or anyOf and the merge of an allOf.
func sampleSchema(ref *openapi3.SchemaRef) any {
	return sample(ref, 0)
}

func sample(ref *openapi3.SchemaRef, depth int) any {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	switch {
	case s.Example != nil:
		return s.Example
	case len(s.Examples) > 0:
		return s.Examples[0]
	case s.Const != nil:
		return s.Const
	case s.Default != nil:
		return s.Default
	case len(s.Enum) > 0:
		return s.Enum[0]
	case s.Extensions[nullExtension] == true:
		return nil
	}
	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		for _, a := range s.AllOf {
			v := sample(a, depth+1)
			m, ok := v.(map[string]any)
			if !ok {
				return v
			}
			for k, x := range m {
				merged[k] = x
			}
		}
		for k, x := range sampleProperties(s, depth) {
			merged[k] = x
		}
		return merged
	}
	for _, alts := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		if len(alts) == 0 {
			continue
		}
		v := sample(alts[0], depth+1)
		if m, ok := v.(map[string]any); ok {
			for k, x := range sampleProperties(s, depth) {
				m[k] = x
			}
		}
		return v
	}
	switch sampleType(s) {
	case openapi3.TypeObject:
		return sampleProperties(s, depth)
	case openapi3.TypeArray:
		if s.Items == nil || depth >= sampleDepth {
			return []any{}
		}
		return []any{sample(s.Items, depth+1)}
	case openapi3.TypeString:
		return sampleString(s)
	case openapi3.TypeInteger, openapi3.TypeNumber:
		n := 1.0
		if s.Min != nil && *s.Min > n {
			n = *s.Min
		}
		if s.Max != nil && *s.Max < n {
			n = *s.Max
		}
		return n
	case openapi3.TypeBoolean:
		return true
	}
	return nil
}

// sampleType returns the type a value of s is built as: its first type
// other than null, "object" for a schema with properties and no type, or
// "" (null).
func sampleType(s *openapi3.Schema) string {
	if s.Type != nil {
		for _, t := range *s.Type {
			if t != openapi3.TypeNull {
				return t
			}
		}
	}
	if len(s.Properties) > 0 {
		return openapi3.TypeObject
	}
	return ""
}

// sampleProperties returns an object with a sample of each property of s,
// in name order, leaving out the optional ones past sampleDepth.
func sampleProperties(s *openapi3.Schema, depth int) map[string]any {
	out := map[string]any{}
	for _, name := range sortedKeys(s.Properties) {
		if depth >= sampleDepth && !slices.Contains(s.Required, name) {
			continue
		}
		out[name] = sample(s.Properties[name], depth+1)
	}
	return out
}

// sampleString returns a string of s's format and minimum length.
func sampleString(s *openapi3.Schema) string {
	v := "string"
	switch s.Format {
	case "date-time":
		v = "2026-06-13T12:00:00+03:00"
	case "date":
		v = "2026-06-13"
	case "time":
		v = "12:00:00"
	case "email":
		v = "user@example.com"
	case "uri", "url":
		v = "https://example.com"
	case "uuid":
		v = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	}
	if n := int(s.MinLength); len(v) < n {
		v += strings.Repeat("x", n-len(v))
	}
	return v
}
