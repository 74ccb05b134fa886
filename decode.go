package altegio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
)

// Unmarshal decodes JSON data into v like json.Unmarshal, but accepts the
// shapes Altegio's PHP backend really sends where v's Go types expect
// something else:
//
//   - [] (an empty PHP array) for an object, a map, a pointer to those, or an
//     [Object]: treated as null;
//   - numbers sent as strings ("42", " 7 ") for integer and float fields, ""
//     for a number (treated as null, i.e. zero), integral floats (3.0) for
//     integers, and true/false (1/0) for integers and floats;
//   - 0/1 and "0"/"1"/"true"/"false" for booleans ("" is null, i.e. false);
//   - numbers and booleans for strings (their literal text);
//   - objects with decimal integer keys (PHP sparse arrays) for slices and
//     arrays, ordered by key; {} for an empty slice.
//
// Values whose Go type is interface{}, json.RawMessage, or implements
// json.Unmarshaler or encoding.TextUnmarshaler are left to that type
// ([Object], [Time] and [Date] are lenient themselves), with one exception:
// a [] for a struct or map type whose UnmarshalJSON rejects [] but takes
// null (such as time.Time, or oapi-codegen's types with additional
// properties) becomes null. Such a type's UnmarshalJSON should itself call
// Unmarshal for the values it decodes, to be lenient inside.
//
// Well-formed data costs what json.Unmarshal costs: it is decoded by
// json.Unmarshal first. Only when that fails on a type mismatch is data
// normalised, guided by v's type, and decoded again into v reset to its zero
// value. If that fails too, the error wraps json.Unmarshal's first error.
// Unmarshal does not panic, whatever data holds.
func Unmarshal(data []byte, v any) error {
	err := json.Unmarshal(data, v)
	if err == nil || !fixable(err) {
		return err
	}
	return unmarshalLenient(data, v, err)
}

// fixable reports whether normalising the data might avoid err.
func fixable(err error) bool {
	var te *json.UnmarshalTypeError
	var le *valueError
	return errors.As(err, &te) || errors.As(err, &le)
}

// unmarshalLenient is Unmarshal's slow path, taken after json.Unmarshal
// failed with first.
func unmarshalLenient(data []byte, v any, first error) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		return first
	}
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.UseNumber()
	var tree any
	if err := dec.Decode(&tree); err != nil {
		return first
	}
	normalized, err := json.Marshal(normalize(tree, rv.Type().Elem()))
	if err != nil {
		return fmt.Errorf("%w (lenient decoding: %w)", first, err)
	}
	rv.Elem().SetZero()
	if err := json.Unmarshal(normalized, v); err != nil {
		if err.Error() == first.Error() {
			return first
		}
		return fmt.Errorf("%w (after lenient normalisation: %w)", first, err)
	}
	return nil
}

// valueError is what Object, Time and Date return for a JSON value they
// cannot take.
type valueError struct {
	what  string // e.g. `altegio.Time`
	value string // the JSON value, shortened
	why   string // optional detail
	err   error  // optional cause
}

func (e *valueError) Error() string {
	s := "altegio: cannot decode " + e.value + " into " + e.what
	if e.why != "" {
		s += ": " + e.why
	}
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s
}

func (e *valueError) Unwrap() error { return e.err }

// shortJSON returns a JSON value for an error message: one line, at most 40
// bytes.
func shortJSON(b []byte) string {
	return truncate(oneLine(string(b)), 40)
}
