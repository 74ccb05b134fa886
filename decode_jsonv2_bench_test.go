//go:build goexperiment.jsonv2

package altegio_test

// Mechanism (b) of decode_unknown_bench_test.go, encoding/json/v2 with an
// inline unknown field, which exists only with GOEXPERIMENT=jsonv2:
//
//	GOEXPERIMENT=jsonv2 ALTEGIO_SPEC_MIRROR=../shared/altegio-openapi \
//	    go test -run '^$' -bench 'KeepUnknown' -benchmem -count 6 .
//
// With the experiment on, encoding/json itself runs on v2's engine.

import (
	"encoding/json/jsontext"
	jsonv2 "encoding/json/v2"
	"reflect"
	"testing"

	"github.com/altegio-go/altegio"
)

// unknownSink is how mechanism (b) keeps members.
var unknownSink = reflect.StructField{Name: "Unknown", Type: reflect.TypeFor[jsontext.Value](), Tag: `json:",unknown"`}

// withSink returns t with sink added to each struct type in it that has no
// methods (types such as altegio.Time and oapi-codegen's unions decode
// themselves and are left as they are).
func withSink(t reflect.Type, sink reflect.StructField) reflect.Type {
	switch t.Kind() {
	case reflect.Pointer:
		return reflect.PointerTo(withSink(t.Elem(), sink))
	case reflect.Slice:
		return reflect.SliceOf(withSink(t.Elem(), sink))
	case reflect.Map:
		return reflect.MapOf(t.Key(), withSink(t.Elem(), sink))
	case reflect.Struct:
		if reflect.PointerTo(t).NumMethod() > 0 {
			return t
		}
		fields := make([]reflect.StructField, 0, t.NumField()+1)
		for i := range t.NumField() {
			f := t.Field(i)
			f.Type = withSink(f.Type, sink)
			fields = append(fields, f)
		}
		return reflect.StructOf(append(fields, sink))
	}
	return t
}

// keptUnknown counts the members kept in unknown fields.
func keptUnknown(v reflect.Value) int {
	return countKept(v, func(f reflect.StructField) bool { return f.Type == unknownSink.Type },
		func(f reflect.Value) int {
			var members map[string]jsontext.Value
			if f.Len() > 0 && jsonv2.Unmarshal(f.Bytes(), &members) != nil {
				return -1
			}
			return len(members)
		})
}

// BenchmarkKeepUnknownV2 compares mechanism (b) with (a) on the undeclared
// body; "…-speed" is relative to (a).
func BenchmarkKeepUnknownV2(b *testing.B) {
	data := loadAppointments(b).undeclared
	decs := []decodeFunc{
		decodeInto(appointmentsType, altegio.Unmarshal),
		decodeInto(withSink(droppedType, unknownSink), func(data []byte, v any) error { return jsonv2.Unmarshal(data, v) }),
		decodeInto(droppedType, func(data []byte, v any) error { return jsonv2.Unmarshal(data, v) }),
	}
	names := []string{"extrafields", "jsonv2unknown", "jsonv2dropped"}
	for i, d := range decs {
		if _, err := d(data); err != nil {
			b.Fatalf("%s: %v", names[i], err)
		}
	}
	v, _ := decs[1](data)
	if n := keptUnknown(reflect.ValueOf(v)); n != wantKept() {
		b.Fatalf("(b) kept %d members, want %d", n, wantKept())
	}
	runDecode(b, "a/altegio-ExtraFields", data, decs[0])
	runDecode(b, "b/jsonv2-unknown", data, decs[1])
	runDecode(b, "jsonv2-dropped", data, decs[2])
	b.Run("ratio", func(b *testing.B) {
		interleave(b, names, [][]byte{data, data, data}, decs)
	})
}
