package altegio

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// Object is a JSON field that Altegio sends as an object when there is a
// value, and as null or [] (an empty PHP array) when there is none, such as
// a team member's position. The zero Object has no value. T is meant to be
// a struct or map type.
type Object[T any] struct {
	value T
	valid bool
}

// Some returns an Object holding v.
func Some[T any](v T) Object[T] { return Object[T]{value: v, valid: true} }

// Value returns the value and true, or the zero T and false if there is none.
func (o Object[T]) Value() (T, bool) { return o.value, o.valid }

// IsZero reports whether o has no value, so that a field tagged
// `json:",omitzero"` is omitted then.
func (o Object[T]) IsZero() bool { return !o.valid }

// UnmarshalJSON sets o from a JSON object, or a list of one, decoded
// leniently with [Unmarshal]; null and [] leave o without a value. Any
// other JSON value is an error naming the type.
func (o *Object[T]) UnmarshalJSON(b []byte) error {
	b = trimJSONSpace(b)
	if len(b) == 0 {
		return &valueError{what: o.typeName(), value: "nothing", why: "want an object, null or []"}
	}
	err := Unmarshal(b, o)
	if te, ok := err.(*json.UnmarshalTypeError); ok && te.Type == reflect.TypeFor[Object[T]]() {
		return &valueError{what: o.typeName(), value: shortJSON(b), why: "want an object, null or []"}
	}
	if err != nil {
		return &valueError{what: o.typeName(), value: shortJSON(b), err: err}
	}
	return nil
}

// MarshalJSON returns the JSON of the value, or null if there is none.
func (o Object[T]) MarshalJSON() ([]byte, error) {
	if !o.valid {
		return []byte("null"), nil
	}
	return json.Marshal(o.value)
}

// typeName names o's type for errors, e.g. "altegio.Object[b2bv1.Position]".
func (o Object[T]) typeName() string {
	return "altegio.Object[" + reflect.TypeFor[T]().String() + "]"
}

// altegioObjectElem gives Unmarshal the type T.
func (Object[T]) altegioObjectElem() reflect.Type { return reflect.TypeFor[T]() }

// altegioObjectFields gives Unmarshal the value and the validity to set.
func (o *Object[T]) altegioObjectFields() (value any, valid *bool) { return &o.value, &o.valid }

// trimJSONSpace removes JSON white space (space, tab, CR, LF) around b.
func trimJSONSpace(b []byte) []byte {
	return bytes.Trim(b, " \t\r\n")
}
