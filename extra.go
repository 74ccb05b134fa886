package altegio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
)

// ExtraFields holds the members of a JSON object that its Go type does not
// declare, by name, each as the raw JSON value the server sent. Every
// generated struct has a field of this type, named ExtraFields, so that no
// member Altegio sends is lost: [Unmarshal] fills it, and the type's
// MarshalJSON writes its members back after the declared ones.
//
// In a request, members set with [ExtraFields.Set] are sent as well: one
// with the name of a declared field replaces that field on the wire.
type ExtraFields map[string]json.RawMessage

// ErrNoExtraField is returned, wrapped, when an undeclared member that was
// asked for is absent.
var ErrNoExtraField = errors.New("altegio: no such member")

// Has reports whether the member name was sent.
func (f ExtraFields) Has(name string) bool {
	_, ok := f[name]
	return ok
}

// Decode decodes the member name into v with [Unmarshal]'s lenient rules.
// An absent member is an error wrapping [ErrNoExtraField].
func (f ExtraFields) Decode(name string, v any) error {
	raw, ok := f[name]
	if !ok {
		return fmt.Errorf("altegio: member %q: %w", name, ErrNoExtraField)
	}
	if err := Unmarshal(raw, v); err != nil {
		return fmt.Errorf("altegio: member %q: %w", name, err)
	}
	return nil
}

// Set sets the member name to the JSON encoding of v, allocating the map if
// needed.
func (f *ExtraFields) Set(name string, v any) error {
	raw, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("altegio: member %q: %w", name, err)
	}
	if *f == nil {
		*f = ExtraFields{}
	}
	(*f)[name] = raw
	return nil
}

// Extra returns the undeclared member name of fields decoded as a T, with
// [Unmarshal]'s lenient rules, for example
//
//	ids, err := altegio.Extra[[]int64](record.ExtraFields, "resource_instances")
//
// An absent member is an error wrapping [ErrNoExtraField].
func Extra[T any](fields ExtraFields, name string) (T, error) {
	var v T
	err := fields.Decode(name, &v)
	return v, err
}

// marshalWithExtra returns the JSON object encoding of v (a struct, encoded
// by encoding/json) with the members of extra added after its own, in name
// order; a member of extra replaces a member of v of the same name. Generated
// MarshalJSON methods call it as plumbing.MarshalWithExtra.
func marshalWithExtra(v any, extra ExtraFields) ([]byte, error) {
	b, err := json.Marshal(v)
	if err != nil || len(extra) == 0 {
		return b, err
	}
	names := make([]string, 0, len(extra))
	for name, raw := range extra {
		if raw != nil && !json.Valid(raw) {
			return nil, fmt.Errorf("altegio: extra member %q is not valid JSON", name)
		}
		names = append(names, name)
	}
	slices.Sort(names)

	var out bytes.Buffer
	out.Grow(len(b) + 16*len(extra))
	out.WriteByte('{')
	first := true
	comma := func() {
		if !first {
			out.WriteByte(',')
		}
		first = false
	}
	dec := json.NewDecoder(bytes.NewReader(b))
	if tok, err := dec.Token(); err != nil || tok != json.Delim('{') {
		return nil, fmt.Errorf("altegio: %T does not encode as a JSON object", v)
	}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		var val json.RawMessage
		if err := dec.Decode(&val); err != nil {
			return nil, err
		}
		name := tok.(string)
		if _, replaced := extra[name]; replaced {
			continue
		}
		comma()
		writeKey(&out, name)
		out.Write(val)
	}
	for _, name := range names {
		comma()
		writeKey(&out, name)
		if raw := extra[name]; raw == nil {
			out.WriteString("null")
		} else {
			out.Write(raw)
		}
	}
	out.WriteByte('}')
	return out.Bytes(), nil
}

// writeKey writes the JSON string name and a colon.
func writeKey(out *bytes.Buffer, name string) {
	key, _ := json.Marshal(name) // a string always encodes
	out.Write(key)
	out.WriteByte(':')
}
