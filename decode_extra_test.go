package altegio

import (
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"
)

// The types below are shaped as the generator writes them: an ExtraFields
// field, an UnmarshalJSON that calls Unmarshal on the type itself, and a
// MarshalJSON that writes the extra members back.

type genEnvelope struct {
	Success     *bool        `json:"success,omitempty"`
	Data        *[]genRecord `json:"data,omitempty"`
	Meta        *genMeta     `json:"meta,omitempty"`
	ExtraFields ExtraFields  `json:"-"`
}

func (v *genEnvelope) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

func (v genEnvelope) MarshalJSON() ([]byte, error) {
	type plain genEnvelope
	return marshalWithExtra(plain(v), v.ExtraFields)
}

type genMeta struct {
	TotalCount  *int        `json:"total_count,omitempty"`
	ExtraFields ExtraFields `json:"-"`
}

func (v *genMeta) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

func (v genMeta) MarshalJSON() ([]byte, error) {
	type plain genMeta
	return marshalWithExtra(plain(v), v.ExtraFields)
}

type genRecord struct {
	ID          *int64                `json:"id,omitempty"`
	Comment     *string               `json:"comment,omitempty"`
	Staff       *genStaff             `json:"staff,omitempty"`
	Services    *[]genService         `json:"services,omitempty"`
	Position    Object[genStaff]      `json:"position,omitzero"`
	ByName      map[string]genService `json:"by_name,omitempty"`
	ExtraFields ExtraFields           `json:"-"`
}

func (v *genRecord) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

func (v genRecord) MarshalJSON() ([]byte, error) {
	type plain genRecord
	return marshalWithExtra(plain(v), v.ExtraFields)
}

type genStaff struct {
	ID          *int64      `json:"id,omitempty"`
	Name        *string     `json:"name,omitempty"`
	ExtraFields ExtraFields `json:"-"`
}

func (v *genStaff) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

func (v genStaff) MarshalJSON() ([]byte, error) {
	type plain genStaff
	return marshalWithExtra(plain(v), v.ExtraFields)
}

type genService struct {
	Title       *string     `json:"title,omitempty"`
	Cost        *float64    `json:"cost,omitempty"`
	ExtraFields ExtraFields `json:"-"`
}

func (v *genService) UnmarshalJSON(b []byte) error { return Unmarshal(b, v) }

func (v genService) MarshalJSON() ([]byte, error) {
	type plain genService
	return marshalWithExtra(plain(v), v.ExtraFields)
}

// extraBody has undeclared members at every depth: at the top, in meta, in
// each data item, in a nested struct, in a list of structs, in an Object
// and in a map value.
const extraBody = `{
	"success": true,
	"server_time": "2026-06-13 12:00:00",
	"meta": {"total_count": 2, "page_token": {"next": "abc"}},
	"data": [
		{
			"id": 1,
			"comment": "first",
			"resource_instances": [10, 11],
			"staff": {"id": 5, "name": "Anna", "avatar_big": "https://x/a.png"},
			"services": [{"title": "Cut", "cost": 15.5, "unit": {"id": 3, "short": "pc"}}],
			"position": {"id": 7, "name": "Barber", "color": "#fff"},
			"by_name": {"cut": {"title": "Cut", "discount": 0}},
			"ID": "upper case is not id"
		},
		{"id": 2, "visit_attendance": null, "custom_fields": {}}
	]
}`

func TestUnmarshalExtraFields(t *testing.T) {
	var v genEnvelope
	if err := Unmarshal([]byte(extraBody), &v); err != nil {
		t.Fatal(err)
	}
	// Through encoding/json, the generated UnmarshalJSON gives the same.
	var viaJSON genEnvelope
	if err := json.Unmarshal([]byte(extraBody), &viaJSON); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(v, viaJSON) {
		t.Errorf("json.Unmarshal differs:\n%+v\n%+v", v, viaJSON)
	}

	if s, err := Extra[string](v.ExtraFields, "server_time"); err != nil || s != "2026-06-13 12:00:00" {
		t.Errorf("top level: %q %v", s, err)
	}
	if next, err := Extra[map[string]string](v.Meta.ExtraFields, "page_token"); err != nil || next["next"] != "abc" {
		t.Errorf("meta: %v %v", next, err)
	}
	items := *v.Data
	if ids, err := Extra[[]int64](items[0].ExtraFields, "resource_instances"); err != nil || !reflect.DeepEqual(ids, []int64{10, 11}) {
		t.Errorf("data[0]: %v %v", ids, err)
	}
	if s, err := Extra[string](items[0].ExtraFields, "ID"); err != nil || s != "upper case is not id" || *items[0].ID != 1 {
		t.Errorf("case-sensitive names: %q %v, id %d", s, err, *items[0].ID)
	}
	if s, err := Extra[string](items[0].Staff.ExtraFields, "avatar_big"); err != nil || s != "https://x/a.png" {
		t.Errorf("nested struct: %q %v", s, err)
	}
	unit, err := Extra[map[string]any]((*items[0].Services)[0].ExtraFields, "unit")
	if err != nil || unit["short"] != "pc" {
		t.Errorf("list of structs: %v %v", unit, err)
	}
	pos, _ := items[0].Position.Value()
	if s, err := Extra[string](pos.ExtraFields, "color"); err != nil || s != "#fff" || *pos.ID != 7 {
		t.Errorf("Object: %q %v", s, err)
	}
	if d, err := Extra[int](items[0].ByName["cut"].ExtraFields, "discount"); err != nil || d != 0 || !items[0].ByName["cut"].ExtraFields.Has("discount") {
		t.Errorf("map value: %d %v", d, err)
	}
	if raw := items[1].ExtraFields["visit_attendance"]; string(raw) != "null" || string(items[1].ExtraFields["custom_fields"]) != "{}" {
		t.Errorf("data[1]: %q", items[1].ExtraFields)
	}
	if items[1].Staff != nil || items[1].ExtraFields.Has("id") {
		t.Errorf("data[1] declared fields: %+v", items[1])
	}

	// Encoding again gives back every member, as sent.
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	var want, got any
	if err := json.Unmarshal([]byte(extraBody), &want); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(out, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("round trip lost members:\n got %s\nwant %s", out, extraBody)
	}
}

func TestUnmarshalExtraFieldsShapes(t *testing.T) {
	// A top-level list of one, lenient values, and a copy of the bytes.
	data := []byte(`[{"id":"7","x":{"y":[1, 2]},"staff":[]}]`)
	var r genRecord
	if err := Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	copy(data, strings.Repeat("#", len(data)))
	if *r.ID != 7 || r.Staff != nil || string(r.ExtraFields["x"]) != `{"y":[1, 2]}` {
		t.Errorf("got %+v, extra %q", r, r.ExtraFields)
	}
	// Decoding again merges, as json.Unmarshal does with maps; the last of
	// duplicate names wins.
	if err := Unmarshal([]byte(`{"z":1,"x":2,"x":3}`), &r); err != nil {
		t.Fatal(err)
	}
	if len(r.ExtraFields) != 2 || string(r.ExtraFields["x"]) != "3" || string(r.ExtraFields["z"]) != "1" || *r.ID != 7 {
		t.Errorf("merge: %q", r.ExtraFields)
	}
	// As a map value and an element of a list, held by value.
	var m map[string][]genStaff
	if err := Unmarshal([]byte(`{"a":[{"id":1,"q":true}],"b":{"id":2,"r":[]}}`), &m); err != nil {
		t.Fatal(err)
	}
	if string(m["a"][0].ExtraFields["q"]) != "true" || *m["b"][0].ID != 2 || string(m["b"][0].ExtraFields["r"]) != "[]" {
		t.Errorf("map of lists: %+v", m)
	}
	// A type without UnmarshalJSON keeps extra members too.
	var plain struct {
		A     int         `json:"a"`
		Extra ExtraFields `json:"-"`
	}
	if err := Unmarshal([]byte(`{"a":"1","A":2,"b":3}`), &plain); err != nil || plain.A != 1 || len(plain.Extra) != 2 {
		t.Errorf("plain struct: %+v %v", plain, err)
	}
}

func TestUnmarshalOneElementList(t *testing.T) {
	type item struct {
		ID int `json:"id"`
	}
	var v struct {
		Data   item            `json:"data"`
		Ptr    *item           `json:"ptr"`
		Map    map[string]int  `json:"map"`
		Obj    Object[item]    `json:"obj"`
		Nested struct{ X int } `json:"nested"`
	}
	in := `{"data":[{"id":"1"}],"ptr":[{"id":2}],"map":[{"a":"3"}],"obj":[{"id":4}],"nested":[ {"X":5} ]}`
	if err := Unmarshal([]byte(in), &v); err != nil {
		t.Fatal(err)
	}
	if v.Data.ID != 1 || v.Ptr.ID != 2 || v.Map["a"] != 3 || v.Obj != Some(item{ID: 4}) || v.Nested.X != 5 {
		t.Errorf("got %+v", v)
	}
	for _, tc := range []struct{ in, path string }{
		{`{"data":[{"id":1},{"id":2},{"id":3}]}`, "data"},
		{`{"ptr":[{},{}]}`, "ptr"},
		{`{"map":[{},{}]}`, "map"},
		{`{"obj":[{},{}]}`, "obj"},
	} {
		err := track(t, Unmarshal([]byte(tc.in), &v))
		var te *json.UnmarshalTypeError
		if err == nil || !strings.HasPrefix(err.Error(), "altegio: "+tc.path+": want one object, got a list of ") ||
			!errors.As(err, &te) || te.Field != tc.path || te.Value != "array" {
			t.Errorf("%s: err = %v", tc.in, err)
		}
	}
	err := Unmarshal([]byte(`{"data":[{"id":1},{"id":2},{"id":3}]}`), &v)
	if err == nil || err.Error() != "altegio: data: want one object, got a list of 3" {
		t.Errorf("message: %v", err)
	}
	var top item
	if err := Unmarshal([]byte(`[{},{}]`), &top); err == nil || err.Error() != "altegio: want one object, got a list of 2" {
		t.Errorf("top level: %v", err)
	}
	// A oapi-codegen style type (UnmarshalJSON rejecting []) takes a list
	// of one object as that object.
	var add struct {
		A additional `json:"a"`
	}
	if err := Unmarshal([]byte(`{"a":[{"known":"5"}]}`), &add); err != nil || add.A.Known != 5 {
		t.Errorf("additional: %+v %v", add, err)
	}
}

func TestUnmarshalErrorPaths(t *testing.T) {
	cases := []struct {
		in, field string
		v         any
	}{
		{`{"data":[{"id":1},{"id":"2"},{"id":"x"}]}`, "data.2.id", new(genEnvelope)},
		{`{"data":[{"staff":{"id":[]}}]}`, "data.0.staff.id", new(genEnvelope)},
		{`{"data":[{"by_name":{"k":{"cost":"c"}}}]}`, "data.0.by_name.k.cost", new(genEnvelope)},
		{`{"data":{"7":{"position":{"id":{}}}}}`, "data.7.position.id", new(genEnvelope)},
		{`{"a":{"b":[1,"x"]}}`, "a.b.1", new(map[string]map[string][]int)},
		{`{"a":[1,2,1e999]}`, "a.2", new(any)},
		{`{"add":{"known":"x"}}`, "add", new(struct {
			Add additional `json:"add"`
		})},
	}
	for _, tc := range cases {
		err := track(t, Unmarshal([]byte(tc.in), tc.v))
		var te *json.UnmarshalTypeError
		if !errors.As(err, &te) || te.Field != tc.field || te.Offset == 0 {
			t.Errorf("%s: %v (field %q)", tc.in, err, te)
		}
	}
	// A Time that cannot be read is named by its path.
	var s struct {
		List []struct {
			When Time `json:"when"`
		} `json:"list"`
	}
	err := Unmarshal([]byte(`{"list":[{"when":"tomorrow"}]}`), &s)
	var ve *valueError
	if !errors.As(err, &ve) || !strings.HasPrefix(err.Error(), `altegio: list.0.when: cannot decode "tomorrow" into altegio.Time`) {
		t.Errorf("Time: %v", err)
	}
}
