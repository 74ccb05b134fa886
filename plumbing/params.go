package plumbing

import (
	"bytes"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"net/url"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"time"
)

// ParamLocation is where a request parameter goes. It decides how
// [StyleParam] escapes the parameter's name and value.
type ParamLocation int

const (
	// ParamInQuery escapes like url.QueryEscape (a space becomes "+").
	ParamInQuery ParamLocation = iota + 1
	// ParamInPath escapes like url.PathEscape.
	ParamInPath
	// ParamInHeader does not escape.
	ParamInHeader
	// ParamInCookie does not escape.
	ParamInCookie
)

// StyleParam serializes value as the OpenAPI parameter called name, in the
// given style ("simple", "form", "label", "matrix", and for arrays also
// "spaceDelimited" and "pipeDelimited") with the given explode, escaped for
// loc. A query parameter comes out with its name, such as "page=2" or
// "ids=1&ids=2"; a path or header parameter as its value alone.
//
// The generated clients call it for every path, query and header
// parameter. It produces, for every value they can pass, exactly what
// StyleParamWithOptions of github.com/oapi-codegen/runtime v1.8.0 does
// (with its default query encoder), so that generated code needs no
// dependency beyond this package:
//
//   - A pointer is dereferenced; a nil one is an error.
//   - A [altegio.Date] (any struct{ time.Time }) is "2006-01-02"; a time.Time is
//     RFC 3339 with nanoseconds.
//   - Any other value that implements encoding.TextMarshaler (such as
//     [altegio.Time]) is its text.
//   - Booleans, integers, floats (shortest form, no exponent) and strings,
//     named types such as enums included, are their value.
//   - A slice is its elements, joined as the style says; []byte is one
//     base64 value (OpenAPI's format: byte). An element that implements
//     json.Marshaler (such as a Date) is its JSON value.
//   - A map, or a struct without json.Marshaler, is a flat object: its keys
//     (struct fields by their json name, nil pointers left out) in sorted
//     order. A struct with json.Marshaler is styled as the JSON value it
//     encodes to.
//
// The deepObject style is not supported.
func StyleParam(style string, explode bool, name string, loc ParamLocation, value any) (string, error) {
	if value == nil {
		return "", fmt.Errorf("altegio: parameter %s: value is nil", name)
	}
	v := reflect.ValueOf(value)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", fmt.Errorf("altegio: parameter %s: value is a nil pointer", name)
		}
		v = v.Elem()
	}
	t := v.Type()

	if tm, ok := value.(encoding.TextMarshaler); ok && !t.ConvertibleTo(timeType) && !t.ConvertibleTo(dateShape) {
		b, err := tm.MarshalText()
		if err != nil {
			return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
		}
		return stylePrimitive(style, name, loc, string(b))
	}

	switch t.Kind() {
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Uint8 {
			return stylePrimitive(style, name, loc, base64.StdEncoding.EncodeToString(v.Bytes()))
		}
		parts := make([]string, v.Len())
		for i := range parts {
			s, err := paramString(v.Index(i).Interface())
			if err != nil {
				return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
			}
			parts[i] = escapeParam(s, loc)
		}
		return styleList(style, explode, name, loc, parts)
	case reflect.Struct:
		if tt, ok := knownTime(v); ok {
			return stylePrimitive(style, name, loc, tt)
		}
		if style == "deepObject" {
			return "", fmt.Errorf("altegio: parameter %s: the deepObject style is not supported", name)
		}
		if m, ok := value.(json.Marshaler); ok {
			decoded, err := decodeMarshaler(m)
			if err != nil {
				return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
			}
			return StyleParam(style, explode, name, loc, decoded)
		}
		fields := map[string]string{}
		for i := range t.NumField() {
			ft := t.Field(i)
			key := ft.Name
			if tag, _, _ := strings.Cut(ft.Tag.Get("json"), ","); tag != "" {
				key = tag
			}
			f := v.Field(i)
			if f.Kind() == reflect.Pointer && f.IsNil() {
				continue
			}
			if !f.CanInterface() {
				return "", fmt.Errorf("altegio: parameter %s: unexported field %s", name, ft.Name)
			}
			s, err := paramString(f.Interface())
			if err != nil {
				return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
			}
			fields[key] = s
		}
		return styleObject(style, explode, name, loc, fields)
	case reflect.Map:
		if style == "deepObject" {
			return "", fmt.Errorf("altegio: parameter %s: the deepObject style is not supported", name)
		}
		fields := map[string]string{}
		for _, k := range v.MapKeys() {
			s, err := paramString(v.MapIndex(k).Interface())
			if err != nil {
				return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
			}
			fields[k.String()] = s
		}
		return styleObject(style, explode, name, loc, fields)
	default:
		s, err := paramString(value)
		if err != nil {
			return "", fmt.Errorf("altegio: parameter %s: %w", name, err)
		}
		return stylePrimitive(style, name, loc, s)
	}
}

var (
	timeType = reflect.TypeFor[time.Time]()
	// dateShape is the underlying type of Date (and of oapi-codegen's
	// types.Date).
	dateShape = reflect.TypeFor[struct{ time.Time }]()
)

// knownTime formats v as RFC 3339 with nanoseconds if its type converts to
// time.Time, and as "2006-01-02" if it converts to struct{ time.Time }, as
// Date does. (The zero Date is "0001-01-01" here, as it always was in
// parameters, not the empty text of MarshalText.)
func knownTime(v reflect.Value) (string, bool) {
	switch t := v.Type(); {
	case t.ConvertibleTo(timeType):
		return v.Convert(timeType).Interface().(time.Time).Format(time.RFC3339Nano), true
	case t.ConvertibleTo(dateShape):
		return v.Convert(dateShape).Field(0).Interface().(time.Time).Format(time.DateOnly), true
	}
	return "", false
}

// decodeMarshaler returns the JSON value m encodes to, numbers as
// json.Number.
func decodeMarshaler(m json.Marshaler) (any, error) {
	b, err := m.MarshalJSON()
	if err != nil {
		return nil, err
	}
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var out any
	if err := d.Decode(&out); err != nil {
		return nil, err
	}
	return out, nil
}

// paramString returns the text of one primitive value: a parameter, an
// element of an array parameter or a field of an object one.
func paramString(value any) (string, error) {
	if value == nil {
		return "", errors.New("null value")
	}
	v := reflect.ValueOf(value)
	if v.Kind() == reflect.Pointer {
		if v.IsNil() {
			return "", errors.New("nil pointer")
		}
		v = v.Elem()
	}
	if s, ok := knownTime(v); ok {
		return s, nil
	}
	switch v.Kind() {
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return strconv.FormatInt(v.Int(), 10), nil
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return strconv.FormatUint(v.Uint(), 10), nil
	case reflect.Float64:
		return strconv.FormatFloat(v.Float(), 'f', -1, 64), nil
	case reflect.Float32:
		return strconv.FormatFloat(v.Float(), 'f', -1, 32), nil
	case reflect.Bool:
		return strconv.FormatBool(v.Bool()), nil
	case reflect.String:
		return v.String(), nil
	case reflect.Struct:
		if m, ok := value.(json.Marshaler); ok {
			decoded, err := decodeMarshaler(m)
			if err != nil {
				return "", err
			}
			return paramString(decoded)
		}
	}
	if s, ok := value.(fmt.Stringer); ok {
		return s.String(), nil
	}
	return "", fmt.Errorf("cannot serialize a %s as a parameter value", v.Type())
}

// escapeParam escapes s, a name or a value, for loc.
func escapeParam(s string, loc ParamLocation) string {
	switch loc {
	case ParamInQuery:
		return url.QueryEscape(s)
	case ParamInPath:
		return url.PathEscape(s)
	}
	return s
}

func stylePrimitive(style, name string, loc ParamLocation, s string) (string, error) {
	var prefix string
	switch style {
	case "simple":
	case "label":
		prefix = "."
	case "matrix":
		prefix = ";" + escapeParam(name, loc) + "="
	case "form":
		prefix = escapeParam(name, loc) + "="
	default:
		return "", fmt.Errorf("altegio: parameter %s: unsupported style %q", name, style)
	}
	return prefix + escapeParam(s, loc), nil
}

// styleList joins the escaped elements of an array parameter.
func styleList(style string, explode bool, name string, loc ParamLocation, parts []string) (string, error) {
	n := escapeParam(name, loc)
	var prefix, sep string
	switch style {
	case "simple":
		sep = ","
	case "label":
		prefix, sep = ".", ","
		if explode {
			sep = "."
		}
	case "matrix":
		prefix, sep = ";"+n+"=", ","
		if explode {
			sep = prefix
		}
	case "form", "spaceDelimited", "pipeDelimited":
		prefix, sep = n+"=", map[string]string{"form": ",", "spaceDelimited": " ", "pipeDelimited": "|"}[style]
		if explode {
			sep = "&" + prefix
		}
	default:
		return "", fmt.Errorf("altegio: parameter %s: unsupported style %q for an array", name, style)
	}
	return prefix + strings.Join(parts, sep), nil
}

// styleObject joins the fields of an object parameter, in key order; the
// values are escaped, the keys are not.
func styleObject(style string, explode bool, name string, loc ParamLocation, fields map[string]string) (string, error) {
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	slices.Sort(keys)
	parts := make([]string, 0, 2*len(keys))
	for _, k := range keys {
		if explode {
			parts = append(parts, k+"="+escapeParam(fields[k], loc))
		} else {
			parts = append(parts, k, escapeParam(fields[k], loc))
		}
	}
	n := escapeParam(name, loc)
	var prefix, sep string
	switch style {
	case "simple":
		sep = ","
	case "label":
		prefix, sep = ".", ","
		if explode {
			sep = "."
		}
	case "matrix":
		prefix, sep = ";"+n+"=", ","
		if explode {
			prefix, sep = ";", ";"
		}
	case "form":
		prefix, sep = n+"=", ","
		if explode {
			prefix, sep = "", "&"
		}
	default:
		return "", fmt.Errorf("altegio: parameter %s: unsupported style %q for an object", name, style)
	}
	return prefix + strings.Join(parts, sep), nil
}
