package gen

import (
	"regexp"
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
	// The schema's own values, where one fits it: a property example
	// may contradict its type (an amount declared a string shown as
	// 12.56).
	var own []any
	if s.Example != nil {
		own = append(own, s.Example)
	}
	own = append(own, s.Examples...)
	if s.Const != nil {
		own = append(own, s.Const)
	}
	if s.Default != nil {
		own = append(own, s.Default)
	}
	if len(s.Enum) > 0 {
		own = append(own, s.Enum[0])
	}
	for _, v := range own {
		if fitsSchema(s, v) {
			return v
		}
	}
	if s.Extensions[nullExtension] == true {
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
		// The first alternative whose sample the whole schema takes (a
		// sample may match several alternatives of a oneOf), else the
		// first.
		var first any
		for i, alt := range alts {
			v := sample(alt, depth+1)
			if m, ok := v.(map[string]any); ok {
				for k, x := range sampleProperties(s, depth) {
					m[k] = x
				}
			}
			if i == 0 {
				first = v
			}
			if fitsSchema(s, v) {
				return v
			}
		}
		return first
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
	case "":
		if s.Type == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 {
			return map[string]any{} // any value: not null, which a 3.0 reading refuses
		}
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

// patternSamples are the strings tried against a schema's pattern, in
// order: the date and time layouts Altegio's patterns describe.
var patternSamples = []string{
	"2026-06-13T12:00:00", "2026-06-13 12:00:00", "2026-06-13 12:00:00.000000", "2026-06-13",
	"2026-06-13T12:00:00+03:00", "2026-06-13T12:00:00+0300", "12:00:00", "12:00", "1",
}

// sampleString returns a string of s's format and minimum length, or one
// of patternSamples that its pattern matches.
func sampleString(s *openapi3.Schema) string {
	if s.Pattern != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil {
			for _, v := range patternSamples {
				if re.MatchString(v) {
					return v
				}
			}
		}
	}
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

// fitsSchema reports whether v is a value s describes (kin-openapi's own
// validation, without formats).
func fitsSchema(s *openapi3.Schema, v any) bool {
	return s.VisitJSON(v, openapi3.VisitAsResponse(), openapi3.MultiErrors()) == nil
}
