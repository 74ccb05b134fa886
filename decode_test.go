package altegio

import (
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"
)

// ptr returns a pointer to v.
func ptr[T any](v T) *T { return &v }

// decodeInto decodes data into a new T with Unmarshal.
func decodeInto[T any](data string) (T, error) {
	var v T
	err := Unmarshal([]byte(data), &v)
	return v, err
}

type leaf struct {
	ID    int64   `json:"id"`
	Count uint16  `json:"count,omitempty"`
	Price float64 `json:"price"`
	On    bool    `json:"on"`
	Name  string  `json:"name"`
}

// unmarshalerSeen records the raw JSON it was given.
type unmarshalerSeen struct{ raw string }

func (u *unmarshalerSeen) UnmarshalJSON(b []byte) error { u.raw = string(b); return nil }

type Embedded struct {
	EID int `json:"eid"`
}

type inner struct {
	Deep int `json:"deep"`
}

type kitchenSink struct {
	Embedded
	*inner
	ID      int                `json:"id"`
	Raw     json.RawMessage    `json:"raw"`
	Any     any                `json:"any"`
	Custom  unmarshalerSeen    `json:"custom"`
	Skipped int                `json:"-"`
	Quoted  int                `json:"quoted,string"`
	Leaves  []leaf             `json:"leaves"`
	ByKey   map[string]leaf    `json:"by_key"`
	Lists   map[string][]int   `json:"lists"`
	Arr     [3]int             `json:"arr"`
	Ptr     *leaf              `json:"ptr"`
	PtrInt  *int               `json:"ptr_int"`
	When    Time               `json:"when"`
	Day     Date               `json:"day"`
	Pos     Object[leaf]       `json:"pos"`
	Objs    []Object[leaf]     `json:"objs"`
	Nested  map[string]*leaf   `json:"nested"`
	Matrix  [][]int            `json:"matrix"`
	Strs    []string           `json:"strs"`
	Named   namedEnum          `json:"named"`
	Meta    map[string]any     `json:"meta"`
	Structs map[string]Object2 `json:"structs"`
}

type namedEnum string

type Object2 struct {
	A int `json:"a"`
}

func TestUnmarshalScalars(t *testing.T) {
	cases := []struct {
		name string
		in   string
		want any
	}{
		{"int from string", `"42"`, 42},
		{"int from zero string", `"0"`, 0},
		{"int from padded string", `" 7 "`, 7},
		{"int from plus string", `"+5"`, 5},
		{"int from negative string", `"-12"`, -12},
		{"int from empty string", `""`, 0},
		{"int from integral float", `3.0`, 3},
		{"int from exponent", `1e2`, 100},
		{"int from float string", `"3.00"`, 3},
		{"int from true", `true`, 1},
		{"int from false", `false`, 0},
		{"int64 big from string", `"9007199254740993"`, int64(9007199254740993)},
		{"int64 big integral float", `9007199254740993.0`, int64(9007199254740993)},
		{"int8 from string", `"-128"`, int8(-128)},
		{"uint from string", `"7"`, uint(7)},
		{"uint64 from float", `18446744073709551615.000`, uint64(18446744073709551615)},
		{"uint from bool", `true`, uint8(1)},
		{"float from string", `"1.5"`, 1.5},
		{"float from padded string", `" 2 "`, 2.0},
		{"float from empty string", `""`, 0.0},
		{"float32 from string", `"-0.25e1"`, float32(-2.5)},
		{"float from true", `true`, 1.0},
		{"float from false", `false`, 0.0},
		{"bool from 1", `1`, true},
		{"bool from 0", `0`, false},
		{"bool from 1.0", `1.0`, true},
		{"bool from string 1", `"1"`, true},
		{"bool from string 0", `"0"`, false},
		{"bool from string true", `"true"`, true},
		{"bool from string TRUE", `" TRUE "`, true},
		{"bool from string false", `"false"`, false},
		{"bool from empty string", `""`, false},
		{"string from int", `42`, "42"},
		{"string from float", `1.50`, "1.50"},
		{"string from exponent", `-1E+2`, "-1E+2"},
		{"string from true", `true`, "true"},
		{"string from false", `false`, "false"},
		{"named string from number", `7`, namedEnum("7")},
		{"*int from empty string", `""`, (*int)(nil)},
		{"*int from string", `"5"`, ptr(5)},
		{"*bool from empty string", `""`, (*bool)(nil)},
		{"*bool from 1", `1`, ptr(true)},
		{"**string from number", `5`, ptr(ptr("5"))},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			got := reflect.New(reflect.TypeOf(tc.want))
			if err := Unmarshal([]byte(tc.in), got.Interface()); err != nil {
				t.Fatal(err)
			}
			if !reflect.DeepEqual(got.Elem().Interface(), tc.want) {
				t.Errorf("got %#v, want %#v", got.Elem().Interface(), tc.want)
			}
		})
	}
}

func TestUnmarshalScalarErrors(t *testing.T) {
	cases := []struct {
		name string
		in   string
		typ  any
	}{
		{"int from word", `"abc"`, int(0)},
		{"int from fraction", `3.5`, int(0)},
		{"int from fraction string", `"3.5"`, int(0)},
		{"int8 overflow", `"300"`, int8(0)},
		{"int from hex", `"0x10"`, int(0)},
		{"int from huge exponent", `1e400`, int64(0)},
		{"uint from negative", `"-1"`, uint(0)},
		{"uint from negative number", `-1`, uint(0)},
		{"float from word", `"NaN"`, float64(0)},
		{"bool from 2", `2`, false},
		{"bool from word", `"yes"`, false},
		{"string from object", `{}`, ""},
		{"string from array", `[]`, ""},
		{"struct from non-empty array", `[1]`, leaf{}},
		{"slice from non-integer keys", `{"a":1}`, []int{}},
		{"slice from leading-zero keys", `{"01":1}`, []int{}},
		{"slice from string", `"1,2"`, []int{}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			v := reflect.New(reflect.TypeOf(tc.typ))
			err := Unmarshal([]byte(tc.in), v.Interface())
			if err == nil {
				t.Fatalf("no error; got %#v", v.Elem().Interface())
			}
			var te *json.UnmarshalTypeError
			if !errors.As(err, &te) {
				t.Errorf("error %T %v does not wrap *json.UnmarshalTypeError", err, err)
			}
		})
	}
}

func TestUnmarshalContainers(t *testing.T) {
	t.Run("struct from []", func(t *testing.T) {
		got, err := decodeInto[leaf](`[]`)
		if err != nil || got != (leaf{}) {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("*struct from []", func(t *testing.T) {
		got, err := decodeInto[*leaf](" [ \n ] ")
		if err != nil || got != nil {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("map from []", func(t *testing.T) {
		got, err := decodeInto[map[string]int](`[]`)
		if err != nil || got != nil {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("sparse array", func(t *testing.T) {
		got, err := decodeInto[[]string](`{"10":"c","2":"b","0":"a"}`)
		if err != nil || !reflect.DeepEqual(got, []string{"a", "b", "c"}) {
			t.Fatalf("%q %v", got, err)
		}
	})
	t.Run("sparse array of structs", func(t *testing.T) {
		got, err := decodeInto[[]leaf](`{"1":{"id":"2"},"0":{"id":"1","on":1}}`)
		if err != nil || !reflect.DeepEqual(got, []leaf{{ID: 1, On: true}, {ID: 2}}) {
			t.Fatalf("%+v %v", got, err)
		}
	})
	t.Run("negative keys", func(t *testing.T) {
		got, err := decodeInto[[]int](`{"5":3,"-1":1,"0":2}`)
		if err != nil || !reflect.DeepEqual(got, []int{1, 2, 3}) {
			t.Fatalf("%v %v", got, err)
		}
	})
	t.Run("empty object to slice", func(t *testing.T) {
		got, err := decodeInto[[]int](`{}`)
		if err != nil || got == nil || len(got) != 0 {
			t.Fatalf("%#v %v", got, err)
		}
	})
	t.Run("array from sparse", func(t *testing.T) {
		got, err := decodeInto[[3]int](`{"0":"1","1":2,"2":3.0}`)
		if err != nil || got != [3]int{1, 2, 3} {
			t.Fatalf("%v %v", got, err)
		}
	})
}

func TestUnmarshalNested(t *testing.T) {
	in := `{
		"eid": "3", "id": "1",
		"raw": "42", "any": "42", "custom": "42",
		"Skipped": 5, "quoted": "6",
		"leaves": [{"id":"10","count":"2","price":"9.5","on":"1","name":123}, {"id":11,"on":0,"price":""}],
		"by_key": {"a": {"id":"20","on":"true"}, "b": []},
		"lists": {"x": {"1":"2","0":1}, "y": {}, "z": []},
		"arr": ["1", 2, 3.0],
		"ptr": [],
		"ptr_int": "",
		"when": "2026-06-13 12:00:00",
		"day": "0000-00-00",
		"pos": {"id":"30","name":null},
		"objs": [[], null, {"id":"31"}],
		"nested": {"n": {"id": "40"}, "m": []},
		"matrix": [["1"], {"0":"2"}],
		"strs": [1, true, "s"],
		"named": 9,
		"meta": [],
		"structs": {"s": {"a": "1"}}
	}`
	got, err := decodeInto[kitchenSink](in)
	if err != nil {
		t.Fatal(err)
	}
	want := kitchenSink{
		Embedded: Embedded{EID: 3},
		inner:    nil, // encoding/json cannot set an embedded pointer to an unexported struct
		ID:       1,
		Raw:      json.RawMessage(`"42"`),
		Any:      "42",
		Custom:   unmarshalerSeen{raw: `"42"`},
		Quoted:   6,
		Leaves:   []leaf{{ID: 10, Count: 2, Price: 9.5, On: true, Name: "123"}, {ID: 11}},
		ByKey:    map[string]leaf{"a": {ID: 20, On: true}, "b": {}},
		Lists:    map[string][]int{"x": {1, 2}, "y": {}, "z": {}},
		Arr:      [3]int{1, 2, 3},
		When:     TimeOf(time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC)),
		Pos:      Some(leaf{ID: 30}),
		Objs:     []Object[leaf]{{}, {}, Some(leaf{ID: 31})},
		Nested:   map[string]*leaf{"n": {ID: 40}, "m": nil},
		Matrix:   [][]int{{1}, {2}},
		Strs:     []string{"1", "true", "s"},
		Named:    "9",
		Structs:  map[string]Object2{"s": {A: 1}},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	lists, err := decodeInto[map[string][]string](`{"x": {"1":"b","0":"a"}, "y": {}, "z": []}`)
	if err != nil || !reflect.DeepEqual(lists, map[string][]string{"x": {"a", "b"}, "y": {}, "z": {}}) {
		t.Errorf("lists = %#v, %v", lists, err)
	}
}

// additional is like oapi-codegen's types with additional properties: its
// UnmarshalJSON reads an object into a map first, so it rejects [].
type additional struct {
	Known int
	Extra map[string]json.RawMessage
}

func (a *additional) UnmarshalJSON(b []byte) error {
	var m map[string]json.RawMessage
	if err := json.Unmarshal(b, &m); err != nil {
		return err
	}
	if raw, ok := m["known"]; ok {
		if err := Unmarshal(raw, &a.Known); err != nil {
			return err
		}
		delete(m, "known")
	}
	a.Extra = m
	return nil
}

// union takes [] itself (one of its variants is a list).
type union struct{ raw string }

func (u *union) UnmarshalJSON(b []byte) error { u.raw = string(b); return nil }

// panicky panics on anything but null: probing it must not panic.
type panicky struct{ ok bool }

func (p *panicky) UnmarshalJSON(b []byte) error {
	if string(b) != "null" {
		panic("panicky")
	}
	p.ok = true
	return nil
}

func TestUnmarshalUnmarshalerTypes(t *testing.T) {
	type doc struct {
		ID      int         `json:"id"`
		Add     additional  `json:"add"`
		AddPtr  *additional `json:"add_ptr"`
		AddIn   *additional `json:"add_in"`
		Union   union       `json:"union"`
		Stamp   time.Time   `json:"stamp"`
		Panicky panicky     `json:"panicky"`
	}
	got, err := decodeInto[doc](`{"id":"1","add":[],"add_ptr":[],"add_in":{"known":"5","x":1},"union":[],"stamp":[],"panicky":null}`)
	if err != nil {
		t.Fatal(err)
	}
	if got.ID != 1 || got.Add.Known != 0 || got.AddPtr != nil || got.AddIn == nil || got.AddIn.Known != 5 ||
		string(got.AddIn.Extra["x"]) != "1" || got.Union.raw != "[]" || !got.Stamp.IsZero() || !got.Panicky.ok {
		t.Errorf("got %+v", got)
	}
}

func TestUnmarshalEmbeddedPointer(t *testing.T) {
	type Base struct {
		ID int `json:"id"`
	}
	type withPtr struct {
		*Base
		Name string `json:"name"`
	}
	got, err := decodeInto[withPtr](`{"id":"5","name":6}`)
	if err != nil || got.Base == nil || got.ID != 5 || got.Name != "6" {
		t.Fatalf("%+v %v", got, err)
	}
}

func TestUnmarshalFieldNames(t *testing.T) {
	type dup struct {
		A int `json:"x"`
		B int `json:"X"`
	}
	type names struct {
		ID      int `json:"id"`
		Untaged int
		Embedded
		Other struct {
			EID int `json:"eid"`
		} `json:"other"`
		Dup dup `json:"dup"`
	}
	got, err := decodeInto[names](`{"ID":"1","untaged":"2","EID":"3","other":{"eid":"4"},"dup":{"x":"5","X":"6"}}`)
	want := names{ID: 1, Untaged: 2, Embedded: Embedded{3}, Dup: dup{5, 6}}
	want.Other.EID = 4
	if err != nil || got != want {
		t.Fatalf("got %+v, want %+v, %v", got, want, err)
	}
}

func TestUnmarshalObjectField(t *testing.T) {
	type member struct {
		ID       int64        `json:"id"`
		Position Object[leaf] `json:"position"`
	}
	cases := []struct {
		in   string
		want member
	}{
		{`{"id":1,"position":{"id":2,"name":"Barber"}}`, member{ID: 1, Position: Some(leaf{ID: 2, Name: "Barber"})}},
		{`{"id":1,"position":{"id":"2","on":"1"}}`, member{ID: 1, Position: Some(leaf{ID: 2, On: true})}},
		{`{"id":"1","position":{"id":"2","on":"1"}}`, member{ID: 1, Position: Some(leaf{ID: 2, On: true})}},
		{`{"id":1,"position":null}`, member{ID: 1}},
		{`{"id":1,"position":[]}`, member{ID: 1}},
		{`{"id":1,"position":[ ]}`, member{ID: 1}},
		{`{"id":"1","position":[]}`, member{ID: 1}},
		{`{"id":1}`, member{ID: 1}},
	}
	for _, tc := range cases {
		got, err := decodeInto[member](tc.in)
		if err != nil || got != tc.want {
			t.Errorf("%s: got %+v, %v", tc.in, got, err)
		}
		if _, ok := got.Position.Value(); ok != !tc.want.Position.IsZero() {
			t.Errorf("%s: Value ok = %v", tc.in, ok)
		}
	}
	objectType := reflect.TypeFor[Object[leaf]]()
	for _, in := range []string{`{"position":"x"}`, `{"position":[1]}`, `{"position":5}`, `{"position":true}`} {
		_, err := decodeInto[member](in)
		var te *json.UnmarshalTypeError
		if !errors.As(track(t, err), &te) || te.Type != objectType || te.Field != "position" {
			t.Errorf("%s: err = %v", in, err)
		}
	}
	_, err := decodeInto[member](`{"position":{"id":"abc"}}`)
	var te *json.UnmarshalTypeError
	if !errors.As(track(t, err), &te) || te.Field != "position.id" || te.Struct != "leaf" {
		t.Errorf("err = %v", err)
	}
}

func TestUnmarshalMerges(t *testing.T) {
	// As json.Unmarshal does, whatever rules apply: fields not in the data
	// keep their values.
	for _, in := range []string{`{"id":1}`, `{"id":"1"}`, `{"id":1.0,"count":null,"price":""}`} {
		v := leaf{Name: "old", Count: 9, Price: 2}
		if err := Unmarshal([]byte(in), &v); err != nil || v != (leaf{ID: 1, Name: "old", Count: 9, Price: 2}) {
			t.Errorf("%s: got %+v %v", in, v, err)
		}
	}
	// A map is added to, a slice replaced, a pointer's target decoded into.
	type holder struct {
		M map[string]int `json:"m"`
		S []int          `json:"s"`
		P *leaf          `json:"p"`
	}
	p := &leaf{Name: "kept"}
	h := holder{M: map[string]int{"a": 1}, S: []int{7, 8, 9}, P: p}
	if err := Unmarshal([]byte(`{"m":{"b":"2"},"s":["1"],"p":{"id":"3"}}`), &h); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(h.M, map[string]int{"a": 1, "b": 2}) || !reflect.DeepEqual(h.S, []int{1}) || h.P != p || *p != (leaf{ID: 3, Name: "kept"}) {
		t.Errorf("got %+v %+v", h, *h.P)
	}
}

func TestUnmarshalErrors(t *testing.T) {
	var v leaf
	var se *json.SyntaxError
	if err := Unmarshal([]byte(`{"id":`), &v); !errors.As(err, &se) {
		t.Errorf("truncated: %v", err)
	}
	if err := Unmarshal([]byte(`garbage`), &v); !errors.As(err, &se) {
		t.Errorf("garbage: %v", err)
	}
	var ie *json.InvalidUnmarshalError
	if err := Unmarshal([]byte(`{"id":"1"}`), v); !errors.As(err, &ie) {
		t.Errorf("non-pointer: %v", err)
	}
	if err := Unmarshal([]byte(`{"id":"1"}`), nil); !errors.As(err, &ie) {
		t.Errorf("nil: %v", err)
	}
	err := Unmarshal([]byte(`{"id":"x1","price":"1"}`), &v)
	var te *json.UnmarshalTypeError
	if !errors.As(err, &te) || te.Field != "id" {
		t.Errorf("err = %v (field %v)", err, te)
	}
	// The first error is returned; the rest is still decoded.
	v = leaf{}
	err = Unmarshal([]byte(`{"id":"1","count":"-3","price":"x","name":5}`), &v)
	if !errors.As(err, &te) || te.Field != "count" || te.Value != "string" || v != (leaf{ID: 1, Name: "5"}) {
		t.Errorf("err = %v, v = %+v", err, v)
	}
}

func TestNumberHelpers(t *testing.T) {
	integrals := map[string]string{
		"0": "0", "-0": "0", "7": "7", "-7": "-7", "3.0": "3", "3.000": "3", "30": "30", "1e2": "100",
		"1.5e1": "15", "150e-1": "15", "0.0e5": "0", "0e99999": "0", "-2.50e1": "-25", "100E-2": "1",
		"123456789012345678901234567890": "123456789012345678901234567890",
	}
	for in, want := range integrals {
		if got, ok := integral(in); !ok || got != want {
			t.Errorf("integral(%q) = %q, %v; want %q", in, got, ok, want)
		}
	}
	for _, in := range []string{"", "3.5", "0.1", "1e-1", "1e41", "1e99999", "15e-1"} {
		if got, ok := integral(in); ok {
			t.Errorf("integral(%q) = %q", in, got)
		}
	}
	for _, s := range []string{"0", "-0", "1.5", "1e5", "1E+5", "-1.5e-5", "123"} {
		if !isJSONNumber(s) {
			t.Errorf("isJSONNumber(%q) = false", s)
		}
	}
	for _, s := range []string{"", "-", "01", "1.", ".5", "+1", "1e", "1e+", "0x1", "NaN", "Inf", "1_000", " 1"} {
		if isJSONNumber(s) {
			t.Errorf("isJSONNumber(%q) = true", s)
		}
	}
	for k, want := range map[string]int64{"0": 0, "12": 12, "-3": -3} {
		if got, ok := decimalKey(k); !ok || got != want {
			t.Errorf("decimalKey(%q) = %d, %v", k, got, ok)
		}
	}
	for _, k := range []string{"", "-", "-0", "01", "1a", "+1", "1234567890123456789", " 1"} {
		if _, ok := decimalKey(k); ok {
			t.Errorf("decimalKey(%q) ok", k)
		}
	}
}

func TestUnmarshalObjectAsOneItemList(t *testing.T) {
	type item struct {
		ID int `json:"id"`
	}
	var v struct {
		Data []item `json:"data"`
		IDs  []int  `json:"ids"`
	}
	if err := Unmarshal([]byte(`{"data":{"id":"7"}}`), &v); err != nil || len(v.Data) != 1 || v.Data[0].ID != 7 {
		t.Errorf("object into []item: %+v, %v", v, err)
	}
	// PHP's sparse arrays still become lists in key order.
	if err := Unmarshal([]byte(`{"data":{"1":{"id":2},"0":{"id":1}}}`), &v); err != nil || len(v.Data) != 2 || v.Data[0].ID != 1 || v.Data[1].ID != 2 {
		t.Errorf("sparse array: %+v, %v", v, err)
	}
	// An object is no list of numbers.
	if err := Unmarshal([]byte(`{"ids":{"a":1}}`), &v); err == nil {
		t.Errorf("object into []int decoded: %+v", v)
	}
}

// syntaxCases are malformed JSON documents.
var syntaxCases = []string{
	``, ` `, `{`, `}`, `[`, `]`, `{"a"`, `{"a":}`, `{"a" 1}`, `{1:2}`, `{"a":1,}`, `{,}`, `[1,]`, `[,1]`, `[1 2]`,
	`"abc`, `"\x"`, `"\u12"`, `"\u12g4"`, "\"a\x01\"", `"\'"`, `tru`, `nul`, `nulL`, `falsey`, `01`, `1.`, `.5`, `-`, `-a`,
	`1e`, `1e+`, `+1`, `{"a":1}}`, `{} x`, `[] []`, `1 2`, `{"a":[}`, `{"a":{]}`, `[{"id":"1"},]`, `{"id":"1",}`,
	"\"\xff\" x", `{"a":"b"]`, `[1}`, `NaN`, `Infinity`, `{"a":[[[1]]}`,
	strings.Repeat("[", 10001) + strings.Repeat("]", 10001),
	`{"a":` + strings.Repeat(`{"a":`, 10000) + `1` + strings.Repeat("}", 10001),
}

func TestUnmarshalSyntaxErrors(t *testing.T) {
	targets := []func() any{
		func() any { return new(leaf) }, func() any { return new(any) }, func() any { return new([]int) },
		func() any { return new(map[string]leaf) }, func() any { return new(kitchenSink) }, func() any { return new(Object[leaf]) },
		func() any { return new(genEnvelope) }, func() any { return new(json.RawMessage) }, func() any { return new(string) },
	}
	for _, in := range syntaxCases {
		want := json.Unmarshal([]byte(in), new(any))
		var wantSE *json.SyntaxError
		if !errors.As(want, &wantSE) {
			t.Fatalf("%.40q: encoding/json: %v", in, want)
		}
		for _, target := range targets {
			v := target()
			err := Unmarshal([]byte(in), v)
			var se *json.SyntaxError
			if !errors.As(err, &se) || se.Error() != wantSE.Error() || se.Offset != wantSE.Offset {
				t.Errorf("%.40q into %T: %v, want %v", in, v, err, want)
			}
		}
	}
	// As deep as encoding/json allows is fine.
	deep := strings.Repeat("[", 10000) + strings.Repeat("]", 10000)
	var anyv any
	if err := Unmarshal([]byte(deep), &anyv); err != nil {
		t.Errorf("10000 levels: %v", err)
	}
	var deepList [][][]int
	if err := Unmarshal([]byte(deep), &deepList); err == nil {
		t.Error("10000 levels into [][][]int: no error")
	}
}

func TestUnmarshalLikeEncodingJSON(t *testing.T) {
	// Well-formed data decodes as with encoding/json, into an interface and
	// into typed values.
	docs := []string{
		`null`, `true`, `0`, `-0.5e-3`, `1e308`, `"x"`, `[]`, `{}`, `[1,"a",null,true,{"b":[{}]}]`,
		`{"a":1,"a":2,"A":3}`, `"\u00e9\ud83d\ude00\ud800\udc00x\ud800y\udc00\\\/\b\f\n\r\t"`, "\"\xff\xfe \xc3\"",
		`"\ud83d"`, `"\ud83d\u0041"`, `{"k\u00e9y":"v\"","":0}`, ` {"a" : [ 1 , 2 ] } `, `123456789012345678901234567890`,
	}
	for _, doc := range docs {
		var got, want any
		errGot, errWant := Unmarshal([]byte(doc), &got), json.Unmarshal([]byte(doc), &want)
		if (errGot == nil) != (errWant == nil) || !reflect.DeepEqual(got, want) {
			t.Errorf("%s: got %#v %v, want %#v %v", doc, got, errGot, want, errWant)
		}
		var gotS, wantS string
		errGot, errWant = Unmarshal([]byte(doc), &gotS), json.Unmarshal([]byte(doc), &wantS)
		if errWant == nil && (errGot != nil || gotS != wantS) {
			t.Errorf("%s into string: got %q %v, want %q", doc, gotS, errGot, wantS)
		}
	}
	// Out of range for an interface, as encoding/json: an error and nil.
	var got any = "x"
	var te *json.UnmarshalTypeError
	if err := Unmarshal([]byte(`1e999`), &got); !errors.As(err, &te) || got != nil || te.Value != "number 1e999" {
		t.Errorf("1e999: %v %v", got, err)
	}
	// Case-insensitive names for types without ExtraFields, Unicode folds
	// included (K is the Kelvin sign).
	type folded struct {
		Kelvin int `json:"kk"`
		Name   string
	}
	var f folded
	if err := Unmarshal([]byte(`{"K\u212a":1,"NAME":"n"}`), &f); err != nil || f != (folded{1, "n"}) {
		t.Errorf("folded: %+v %v", f, err)
	}
}

func TestUnmarshalEmbedded(t *testing.T) {
	type A struct {
		X int
		Y int
	}
	type B struct {
		X int
		Z int
	}
	type C struct {
		Y int `json:"Y"`
	}
	type outer struct {
		A
		B
		*C
		W int `json:"w,string"`
	}
	in := `{"x":1,"Y":"2","Z":3,"w":"4"}`
	var got, want outer
	if err := Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal([]byte(`{"x":1,"Y":2,"Z":3,"w":"4"}`), &want); err != nil {
		t.Fatal(err)
	}
	// X is ambiguous (A.X and B.X) and dropped; Y is C's (tagged).
	if !reflect.DeepEqual(got, want) || got.C == nil || got.C.Y != 2 || got.A.Y != 0 || got.Z != 3 || got.W != 4 {
		t.Errorf("got %+v %+v, want %+v", got, got.C, want)
	}
	// ",string" fields take the value inside the string, leniently, and
	// reject what is not JSON there.
	var q struct {
		N int     `json:"n,string"`
		P *bool   `json:"p,string"`
		S string  `json:"s,string"`
		F float64 `json:"f,string"`
	}
	if err := Unmarshal([]byte(`{"n":" 5 ","p":"true","s":"\"x\"","f":7}`), &q); err != nil || q.N != 5 || !*q.P || q.S != "x" || q.F != 7 {
		t.Errorf("quoted: %+v %v", q, err)
	}
	if err := track(t, Unmarshal([]byte(`{"s":"x"}`), &q)); err == nil || !strings.Contains(err.Error(), "invalid use of ,string") {
		t.Errorf("quoted non-JSON: %v", err)
	}
}

// tree is a recursive type.
type tree struct {
	Name     string           `json:"name"`
	Children []tree           `json:"children"`
	Parent   *tree            `json:"parent"`
	ByName   map[string]*tree `json:"by_name"`
}

func TestUnmarshalRecursiveAndConcurrent(t *testing.T) {
	in := []byte(`{"name":1,"children":{"1":{"name":"b"},"0":{"name":"a","children":[]}},"parent":{"name":"p","parent":[]},"by_name":{"x":[]}}`)
	done := make(chan tree)
	for range 4 {
		go func() {
			var v tree
			if err := Unmarshal(in, &v); err != nil {
				t.Error(err)
			}
			done <- v
		}()
	}
	for range 4 {
		v := <-done
		if v.Name != "1" || len(v.Children) != 2 || v.Children[0].Name != "a" || v.Children[0].Children == nil ||
			v.Parent.Name != "p" || v.Parent.Parent != nil || v.ByName["x"] != nil || len(v.ByName) != 1 {
			t.Errorf("got %+v", v)
		}
	}
}

// textKey is an encoding.TextUnmarshaler, as a map key and a value.
type textKey struct{ s string }

func (k *textKey) UnmarshalText(b []byte) error {
	if string(b) == "bad" {
		return errors.New("bad text")
	}
	k.s = "<" + string(b) + ">"
	return nil
}

func TestUnmarshalOtherKinds(t *testing.T) {
	type kinds struct {
		Num     json.Number          `json:"num"`
		NumPtr  *json.Number         `json:"num_ptr"`
		Bytes   []byte               `json:"bytes"`
		ByInt   map[int8]string      `json:"by_int"`
		ByUint  map[uint]string      `json:"by_uint"`
		ByText  map[textKey]int      `json:"by_text"`
		Text    textKey              `json:"text"`
		Iface   fmt.Stringer         `json:"iface"`
		Chan    chan int             `json:"chan"`
		Arr     [2]string            `json:"arr"`
		Bad     map[[2]int]int       `json:"bad"`
		Nested  map[string]any       `json:"nested"`
		AnyList []any                `json:"any_list"`
		Ptrs    map[string]**float32 `json:"ptrs"`
	}
	in := `{"num":1.50,"num_ptr":"","bytes":"aGk=","by_int":{"-1":"a"},"by_uint":{"7":"b"},"by_text":{"k":1},"text":"t",
		"iface":null,"chan":null,"arr":["x","y","z"],"bad":null,"nested":{"a":[1,{"b":null}]},"any_list":[true],"ptrs":{"p":" 2.5 ","q":""}}`
	var got kinds
	if err := Unmarshal([]byte(in), &got); err != nil {
		t.Fatal(err)
	}
	f := float32(2.5)
	pf := &f
	want := kinds{Num: "1.50", Bytes: []byte("hi"), ByInt: map[int8]string{-1: "a"}, ByUint: map[uint]string{7: "b"},
		ByText: map[textKey]int{{"<k>"}: 1}, Text: textKey{"<t>"}, Arr: [2]string{"x", "y"},
		Nested: map[string]any{"a": []any{1.0, map[string]any{"b": nil}}}, AnyList: []any{true}, Ptrs: map[string]**float32{"p": &pf, "q": nil}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("got  %+v\nwant %+v", got, want)
	}
	for _, in := range []string{`{"by_int":{"300":"x"}}`, `{"by_uint":{"-1":"x"}}`, `{"by_text":{"bad":1}}`, `{"text":1}`,
		`{"iface":{}}`, `{"chan":1}`, `{"bad":{}}`, `{"num":"x"}`, `{"bytes":"!"}`, `{"text":"bad"}`} {
		if err := track(t, Unmarshal([]byte(in), new(kinds))); err == nil {
			t.Errorf("%s: no error", in)
		} else if json.Unmarshal([]byte(in), new(kinds)) == nil {
			t.Errorf("%s: encoding/json takes it", in)
		}
	}
	// A pointer in an interface is decoded into, as encoding/json does.
	target := &leaf{Name: "kept"}
	var iface any = target
	if err := Unmarshal([]byte(`{"id":"3"}`), &iface); err != nil || iface != any(target) || *target != (leaf{ID: 3, Name: "kept"}) {
		t.Errorf("pointer in interface: %+v %v", iface, err)
	}
}
