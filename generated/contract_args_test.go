package generated_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"maps"
	"math"
	"mime/multipart"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio"
)

// The helpers in this file derive valid arguments for an operation from a
// spec: a parameter's or a request body's own examples when they satisfy
// its schema, else a value synthesized from the schema (const, enum,
// default, the schema's examples, then type, format and bounds), checked
// against the schema before use.

// valueMaker synthesizes JSON values (as encoding/json decodes them into
// an any: map[string]any, []any, string, float64, bool, nil) for schemas.
type valueMaker struct {
	// seen guards against recursive schemas.
	seen map[*openapi3.Schema]int
}

func newValueMaker() *valueMaker {
	return &valueMaker{seen: map[*openapi3.Schema]int{}}
}

// validate reports whether v satisfies s, formats included.
func validate(s *openapi3.Schema, v any) error {
	if s == nil {
		return nil
	}
	return s.VisitJSON(v, openapi3.EnableFormatValidation(), openapi3.VisitAsRequest(), openapi3.MultiErrors())
}

// normalizeJSON returns v as encoding/json would decode its encoding: the
// form the validator and the generated types expect.
func normalizeJSON(v any) any {
	b, err := json.Marshal(v)
	if err != nil {
		return v
	}
	var out any
	if err := json.Unmarshal(b, &out); err != nil {
		return v
	}
	return out
}

// schemaExamples lists what the schema itself offers as values: const,
// example, examples, default, and the first enum values.
func schemaExamples(s *openapi3.Schema) []any {
	var out []any
	if s.Const != nil {
		out = append(out, s.Const)
	}
	if s.Example != nil {
		out = append(out, s.Example)
	}
	out = append(out, s.Examples...)
	if s.Default != nil {
		out = append(out, s.Default)
	}
	for _, e := range s.Enum {
		if e != nil {
			out = append(out, e)
		}
	}
	return out
}

// candidates returns values for the schema, best first: its own examples
// that satisfy it, then synthesized values that do (all properties, then
// the required ones only). ok is false when nothing satisfies the schema;
// the first synthesized value is then returned alone.
func (vm *valueMaker) candidates(ref *openapi3.SchemaRef, extra []any) (vals []any, ok bool) {
	if ref == nil || ref.Value == nil {
		return []any{"x"}, true
	}
	s := ref.Value
	seen := map[string]bool{}
	add := func(v any) {
		v = normalizeJSON(v)
		b, _ := json.Marshal(v)
		if seen[string(b)] {
			return
		}
		seen[string(b)] = true
		if validate(s, v) == nil {
			vals = append(vals, v)
		}
	}
	for _, v := range extra {
		add(v)
	}
	for _, v := range schemaExamples(s) {
		add(v)
	}
	full := vm.synth(s, true, 0)
	add(full)
	add(vm.synth(s, false, 0))
	if len(vals) == 0 {
		return []any{normalizeJSON(full)}, false
	}
	return vals, true
}

// value returns the best value for the schema (see candidates).
func (vm *valueMaker) value(ref *openapi3.SchemaRef, full bool, depth int) any {
	if ref == nil || ref.Value == nil {
		return "x"
	}
	s := ref.Value
	for _, v := range schemaExamples(s) {
		v = normalizeJSON(v)
		if validate(s, v) == nil {
			return v
		}
	}
	v := normalizeJSON(vm.synth(s, full, depth))
	if full && validate(s, v) != nil {
		if w := normalizeJSON(vm.synth(s, false, depth)); validate(s, w) == nil {
			return w
		}
	}
	return v
}

// synth builds a value from the schema's structure. full includes every
// property (down to a depth), otherwise only required ones.
func (vm *valueMaker) synth(s *openapi3.Schema, full bool, depth int) any {
	if s.Const != nil {
		return s.Const
	}
	for _, e := range s.Enum {
		if e != nil {
			return e
		}
	}
	if vm.seen[s] > 1 || depth > 12 {
		return nil
	}
	vm.seen[s]++
	defer func() { vm.seen[s]-- }()

	if len(s.AllOf) > 0 {
		merged := map[string]any{}
		if own, ok := vm.object(s, full, depth).(map[string]any); ok && (len(s.Properties) > 0 || s.Type.Is(openapi3.TypeObject)) {
			maps.Copy(merged, own)
		}
		var scalar any
		for _, sub := range s.AllOf {
			switch v := vm.value(sub, full, depth+1).(type) {
			case map[string]any:
				maps.Copy(merged, v)
			default:
				scalar = v
			}
		}
		if len(merged) == 0 && scalar != nil {
			return scalar
		}
		return merged
	}
	for _, alts := range []openapi3.SchemaRefs{s.OneOf, s.AnyOf} {
		for _, alt := range alts {
			v := vm.value(alt, full, depth+1)
			if m, ok := v.(map[string]any); ok && len(s.Properties) > 0 {
				if own, ok := vm.object(s, full, depth).(map[string]any); ok {
					maps.Copy(own, m)
					v = own
				}
			}
			if validate(s, normalizeJSON(v)) == nil {
				return v
			}
		}
	}

	var types []string
	if s.Type != nil {
		for _, t := range s.Type.Slice() {
			if t != openapi3.TypeNull {
				types = append(types, t)
			}
		}
		if len(types) == 0 {
			return nil
		}
	} else {
		switch {
		case len(s.Properties) > 0 || s.AdditionalProperties.Schema != nil:
			types = []string{openapi3.TypeObject}
		case s.Items != nil:
			types = []string{openapi3.TypeArray}
		case s.Format != "" || s.Pattern != "":
			types = []string{openapi3.TypeString}
		default:
			types = []string{openapi3.TypeString, openapi3.TypeInteger}
		}
	}
	var first any
	for i, t := range types {
		var v any
		switch t {
		case openapi3.TypeObject:
			v = vm.object(s, full, depth)
		case openapi3.TypeArray:
			v = vm.array(s, full, depth)
		case openapi3.TypeString:
			v = synthString(s)
		case openapi3.TypeInteger:
			v = synthNumber(s, true)
		case openapi3.TypeNumber:
			v = synthNumber(s, false)
		case openapi3.TypeBoolean:
			v = true
		}
		if i == 0 {
			first = v
		}
		if len(types) == 1 || validate(s, normalizeJSON(v)) == nil {
			return v
		}
	}
	return first
}

func (vm *valueMaker) object(s *openapi3.Schema, full bool, depth int) any {
	m := map[string]any{}
	required := map[string]bool{}
	for _, r := range s.Required {
		required[r] = true
	}
	for _, name := range slices.Sorted(maps.Keys(s.Properties)) {
		p := s.Properties[name]
		if p == nil || p.Value == nil || p.Value.ReadOnly {
			continue
		}
		if !required[name] && (!full || depth > 6) {
			continue
		}
		v := vm.value(p, full, depth+1)
		if v == nil && !required[name] && !p.Value.Type.Includes(openapi3.TypeNull) {
			continue
		}
		if !required[name] && validate(p.Value, normalizeJSON(v)) != nil {
			continue
		}
		m[name] = v
	}
	for _, r := range s.Required {
		if _, ok := m[r]; !ok {
			if _, declared := s.Properties[r]; !declared {
				m[r] = "x"
			}
		}
	}
	return m
}

func (vm *valueMaker) array(s *openapi3.Schema, full bool, depth int) any {
	n := int(s.MinItems)
	if n == 0 && (full || depth == 0) {
		n = 1
	}
	if s.MaxItems != nil && uint64(n) > *s.MaxItems {
		n = int(*s.MaxItems)
	}
	out := make([]any, 0, n)
	for i := range n {
		v := vm.value(s.Items, full, depth+1)
		if f, ok := v.(float64); ok && s.UniqueItems {
			v = f + float64(i)
		}
		out = append(out, v)
	}
	return out
}

// stringTries are values tried, in order, against a string pattern.
var stringTries = []string{"x", "13155550175", "+13155550175", "2026-01-15", "2026-01-15 10:00:00", "2026-01-15T10:00:00", "10:00", "10:00:00", "a@example.com", "ABC", "abc123", "1", "#ffffff"}

func synthString(s *openapi3.Schema) string {
	v := "x"
	switch s.Format {
	case "date":
		v = "2026-01-15"
	case "date-time":
		v = "2026-01-15T10:00:00+00:00"
	case "time":
		v = "10:00:00"
	case "email":
		v = "a@example.com"
	case "uri", "url":
		v = "https://example.com/a"
	case "uuid":
		v = "3fa85f64-5717-4562-b3fc-2c963f66afa6"
	case "ipv4":
		v = "192.0.2.1"
	case "binary", "byte":
		v = "eA=="
	}
	if s.Pattern != "" {
		if re, err := regexp.Compile(s.Pattern); err == nil && !re.MatchString(v) {
			for _, try := range stringTries {
				if re.MatchString(try) {
					v = try
					break
				}
			}
		}
	}
	for uint64(len(v)) < s.MinLength {
		v += "x"
	}
	if s.MaxLength != nil && uint64(len(v)) > *s.MaxLength {
		v = v[:*s.MaxLength]
	}
	return v
}

func synthNumber(s *openapi3.Schema, integer bool) float64 {
	v := 1.0
	if s.Min != nil {
		v = *s.Min
		if s.ExclusiveMin.IsTrue() {
			v++
		}
	}
	if s.ExclusiveMin.Value != nil && v <= *s.ExclusiveMin.Value {
		v = *s.ExclusiveMin.Value + 1
	}
	if s.Max != nil && v > *s.Max {
		v = *s.Max
	}
	if s.ExclusiveMax.Value != nil && v >= *s.ExclusiveMax.Value {
		v = *s.ExclusiveMax.Value - 1
	}
	if integer {
		v = math.Ceil(v)
	}
	if m := s.MultipleOf; m != nil && *m > 0 {
		v = math.Ceil(v / *m) * *m
	}
	return v
}

// paramCandidates returns values for a parameter: its examples, then the
// schema's (see candidates).
func (vm *valueMaker) paramCandidates(p *openapi3.Parameter) ([]any, bool) {
	var extra []any
	if p.Example != nil {
		extra = append(extra, p.Example)
	}
	for _, name := range slices.Sorted(maps.Keys(p.Examples)) {
		if ex := p.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			extra = append(extra, ex.Value.Value)
		}
	}
	return vm.candidates(p.Schema, extra)
}

// mediaCandidates returns values for a request body's media type: its
// examples, then the schema's (see candidates).
func (vm *valueMaker) mediaCandidates(mt *openapi3.MediaType) ([]any, bool) {
	var extra []any
	if mt.Example != nil {
		extra = append(extra, mt.Example)
	}
	for _, name := range slices.Sorted(maps.Keys(mt.Examples)) {
		if ex := mt.Examples[name]; ex != nil && ex.Value != nil && ex.Value.Value != nil {
			extra = append(extra, ex.Value.Value)
		}
	}
	return vm.candidates(mt.Schema, extra)
}

// fit decodes the JSON value v into a new value of type t, as a user would
// set it: strictly with encoding/json, or, failing that, with the runtime's
// lenient decoder (numbers in strings and the like). lenient reports the
// second.
func fit(t reflect.Type, v any) (out reflect.Value, lenient bool, err error) {
	b, err := json.Marshal(v)
	if err != nil {
		return reflect.Value{}, false, err
	}
	p := reflect.New(t)
	if err := json.Unmarshal(b, p.Interface()); err == nil {
		return p.Elem(), false, nil
	} else if err2 := altegio.Unmarshal(b, reflect.New(t).Interface()); err2 != nil {
		return reflect.Value{}, false, err
	}
	p = reflect.New(t)
	altegio.Unmarshal(b, p.Interface())
	return p.Elem(), true, nil
}

// fitFirst decodes the first candidate that fits t strictly, else the
// first that fits leniently. used is the index of the candidate taken.
func fitFirst(t reflect.Type, vals []any) (out reflect.Value, used int, err error) {
	var firstErr error
	lenientAt := -1
	var lenientVal reflect.Value
	for i, v := range vals {
		rv, lenient, err := fit(t, v)
		if err != nil {
			if firstErr == nil {
				firstErr = err
			}
			continue
		}
		if !lenient {
			return rv, i, nil
		}
		if lenientAt < 0 {
			lenientAt, lenientVal = i, rv
		}
	}
	if lenientAt >= 0 {
		return lenientVal, lenientAt, nil
	}
	return reflect.Value{}, -1, firstErr
}

// paramField returns the field of a generated Params struct that carries
// the parameter called name (its json tag).
func paramField(st reflect.Type, name string) (reflect.StructField, bool) {
	for i := range st.NumField() {
		f := st.Field(i)
		tag, _, _ := strings.Cut(f.Tag.Get("json"), ",")
		if tag == name {
			return f, true
		}
	}
	return reflect.StructField{}, false
}

// multipartBody encodes the JSON object v as a multipart/form-data body
// for the schema s: binary properties as file parts, the rest as fields.
func multipartBody(s *openapi3.Schema, v any) (contentType string, body []byte, err error) {
	var b bytes.Buffer
	mw := multipart.NewWriter(&b)
	obj, _ := v.(map[string]any)
	for _, name := range slices.Sorted(maps.Keys(obj)) {
		var ps *openapi3.Schema
		if p := s.Properties[name]; p != nil {
			ps = p.Value
		}
		if ps != nil && (ps.Format == "binary" || ps.Format == "byte" || ps.Extensions["contentMediaType"] != nil) {
			fw, err := mw.CreateFormFile(name, name+".png")
			if err != nil {
				return "", nil, err
			}
			fw.Write([]byte("\x89PNG\r\n\x1a\ncontract"))
			continue
		}
		values := []any{obj[name]}
		if list, ok := obj[name].([]any); ok {
			values = list
		}
		for _, item := range values {
			if err := mw.WriteField(name, formText(item)); err != nil {
				return "", nil, err
			}
		}
	}
	if err := mw.Close(); err != nil {
		return "", nil, err
	}
	return mw.FormDataContentType(), b.Bytes(), nil
}

// formText is the text of a scalar form value.
func formText(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64)
	case bool:
		return strconv.FormatBool(v)
	case nil:
		return ""
	default:
		b, _ := json.Marshal(v)
		return string(b)
	}
}

// shortJSON is v as JSON, cut to n bytes.
func shortJSON(v any, n int) string {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Sprint(v)
	}
	if len(b) > n {
		return string(b[:n]) + "…"
	}
	return string(b)
}
