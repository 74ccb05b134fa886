package altegio_test

// Mechanisms for keeping the members a type does not declare, side by side
// on the undeclared benchmark body (BENCHMARKS.md, "Decoding: single pass,
// lossless"):
//
//	(a) altegio.Unmarshal with an ExtraFields field in each struct;
//	(b) encoding/json/v2 with an inline `json:",unknown"` jsontext.Value
//	    field (decode_jsonv2_bench_test.go, GOEXPERIMENT=jsonv2 only);
//	(c) a per-type UnmarshalJSON that decodes the object into a
//	    map[string]json.RawMessage, then each declared field from it, as
//	    oapi-codegen's types with additional properties do.
//
// Mechanisms (a) and (c) decode into b2bv1's response type as generated
// (each struct has an ExtraFields field; its UnmarshalJSON is
// altegio.Unmarshal, which fills it). The baseline is a mirror of that type
// built with reflect.StructOf: the same declared fields, without
// ExtraFields and so without the generated methods (droppedType), so that
// undeclared members are dropped; (b) adds its sink to each plain struct in
// the mirror. Every mechanism decodes the same shapes.

import (
	"encoding/json"
	"fmt"
	"reflect"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

var (
	// appointmentsType is the generated response type: mechanism (a).
	appointmentsType = reflect.TypeFor[b2bv1.RecordsCompanyResponse]()
	// extraFieldsSink is how mechanisms (a) and (c) keep members.
	extraFieldsSink = reflect.StructField{Name: "ExtraFields", Type: reflect.TypeFor[altegio.ExtraFields](), Tag: `json:"-"`}
	// droppedType is appointmentsType without its sinks: the baseline.
	droppedType = withoutSink(appointmentsType)
	objectPkg   = reflect.TypeFor[altegio.Object[int]]().PkgPath()
)

// withoutSink returns t with each struct type in it that has an
// ExtraFields field declared anew (reflect.StructOf) without that field: a
// struct with the same declared fields and no methods, so no generated
// UnmarshalJSON either, which drops the members it does not declare. An
// altegio.Object[T] whose T has one becomes a pointer to T's mirror. Other
// types with methods (altegio.Time, unions) are left as they are, and so
// is a type with nothing to remove.
func withoutSink(t reflect.Type) reflect.Type {
	switch t.Kind() {
	case reflect.Pointer:
		if e := withoutSink(t.Elem()); e != t.Elem() {
			return reflect.PointerTo(e)
		}
	case reflect.Slice:
		if e := withoutSink(t.Elem()); e != t.Elem() {
			return reflect.SliceOf(e)
		}
	case reflect.Array:
		if e := withoutSink(t.Elem()); e != t.Elem() {
			return reflect.ArrayOf(t.Len(), e)
		}
	case reflect.Map:
		if e := withoutSink(t.Elem()); e != t.Elem() {
			return reflect.MapOf(t.Key(), e)
		}
	case reflect.Struct:
		if t.PkgPath() == objectPkg && strings.HasPrefix(t.Name(), "Object[") {
			// altegio.Object[T] cannot be made for the mirror of T at
			// run time; a pointer to it decodes the same members alike
			// (null, [] and a list of one included).
			if e := withoutSink(t.Field(0).Type); e != t.Field(0).Type {
				return reflect.PointerTo(e)
			}
			return t
		}
		sink := false
		for i := range t.NumField() {
			sink = sink || t.Field(i).Type == extraFieldsSink.Type
		}
		if !sink && reflect.PointerTo(t).NumMethod() > 0 {
			return t
		}
		changed := sink
		fields := make([]reflect.StructField, 0, t.NumField())
		for i := range t.NumField() {
			f := t.Field(i)
			if f.Type == extraFieldsSink.Type {
				continue
			}
			if e := withoutSink(f.Type); e != f.Type {
				f.Type, changed = e, true
			}
			fields = append(fields, f)
		}
		if changed {
			return reflect.StructOf(fields)
		}
	}
	return t
}

// countKept walks v and adds up, for each sink field (the last field of a
// struct of a sink type), what count says it holds.
func countKept(v reflect.Value, isSink func(reflect.StructField) bool, count func(reflect.Value) int) int {
	n := 0
	switch v.Kind() {
	case reflect.Pointer:
		if !v.IsNil() {
			n += countKept(v.Elem(), isSink, count)
		}
	case reflect.Slice:
		for i := range v.Len() {
			n += countKept(v.Index(i), isSink, count)
		}
	case reflect.Map:
		for it := v.MapRange(); it.Next(); {
			n += countKept(it.Value(), isSink, count)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			if isSink(v.Type().Field(i)) {
				n += count(v.Field(i))
			} else if v.Type().Field(i).IsExported() {
				n += countKept(v.Field(i), isSink, count)
			}
		}
	}
	return n
}

// keptExtraFields counts the members kept in ExtraFields fields.
func keptExtraFields(v reflect.Value) int {
	return countKept(v, func(f reflect.StructField) bool { return f.Type == extraFieldsSink.Type },
		func(f reflect.Value) int { return f.Len() })
}

// wantKept is how many members the undeclared body has that the types do
// not declare.
func wantKept() int {
	n := 0
	for _, members := range undeclaredMembers {
		n += len(members)
	}
	return n * benchItems
}

// decodeInto returns a decodeFunc that decodes into a new value of t.
func decodeInto(t reflect.Type, unmarshal func([]byte, any) error) decodeFunc {
	return func(data []byte) (any, error) {
		p := reflect.New(t)
		return p.Interface(), unmarshal(data, p.Interface())
	}
}

// mapStyle decodes data into the struct v, of a sink type, as a generated
// per-type UnmarshalJSON in oapi-codegen's additional-properties style
// does: the object into a map of raw members, then each declared field
// from its member with altegio.Unmarshal; the members left are kept.
// Nested sink types are decoded with mapStyle, as encoding/json would call
// their UnmarshalJSON.
func mapStyle(data []byte, v reflect.Value) error {
	var members map[string]json.RawMessage
	if err := json.Unmarshal(data, &members); err != nil {
		return err
	}
	t := v.Type()
	for i := range t.NumField() - 1 {
		name, _, _ := strings.Cut(t.Field(i).Tag.Get("json"), ",")
		raw, ok := members[name]
		if !ok {
			continue
		}
		if err := mapStyleValue(raw, v.Field(i)); err != nil {
			return fmt.Errorf("error reading '%s': %w", name, err)
		}
		delete(members, name)
	}
	if len(members) > 0 {
		v.Field(t.NumField() - 1).Set(reflect.ValueOf(altegio.ExtraFields(members)))
	}
	return nil
}

// mapStyleValue decodes raw into v for mapStyle.
func mapStyleValue(raw json.RawMessage, v reflect.Value) error {
	t := v.Type()
	if !hasExtraFields(t) {
		return altegio.Unmarshal(raw, v.Addr().Interface())
	}
	switch t.Kind() {
	case reflect.Pointer:
		if string(raw) == "null" {
			v.SetZero()
			return nil
		}
		if v.IsNil() {
			v.Set(reflect.New(t.Elem()))
		}
		return mapStyleValue(raw, v.Elem())
	case reflect.Slice:
		var items []json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		v.Set(reflect.MakeSlice(t, len(items), len(items)))
		for i, item := range items {
			if err := mapStyleValue(item, v.Index(i)); err != nil {
				return err
			}
		}
		return nil
	case reflect.Map:
		var items map[string]json.RawMessage
		if err := json.Unmarshal(raw, &items); err != nil {
			return err
		}
		v.Set(reflect.MakeMapWithSize(t, len(items)))
		for k, item := range items {
			e := reflect.New(t.Elem()).Elem()
			if err := mapStyleValue(item, e); err != nil {
				return err
			}
			v.SetMapIndex(reflect.ValueOf(k).Convert(t.Key()), e)
		}
		return nil
	}
	return mapStyle(raw, v)
}

// hasExtraFields reports whether t holds a sink struct of mechanism (a)/(c).
func hasExtraFields(t reflect.Type) bool {
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Map:
		return hasExtraFields(t.Elem())
	case reflect.Struct:
		return t.NumField() > 0 && t.Field(t.NumField()-1).Type == extraFieldsSink.Type
	}
	return false
}

// BenchmarkKeepUnknown decodes the undeclared body into droppedType
// (b2bv1's response type without ExtraFields: undeclared members dropped;
// the baseline) and with mechanisms (a), the generated type, and (c).
// "…-speed" is relative to the baseline, so it is the cost of keeping the
// undeclared members.
func BenchmarkKeepUnknown(b *testing.B) {
	data := loadAppointments(b).undeclared
	decs := []decodeFunc{
		decodeInto(droppedType, altegio.Unmarshal),
		decodeInto(appointmentsType, altegio.Unmarshal),
		decodeInto(appointmentsType, func(data []byte, v any) error { return mapStyle(data, reflect.ValueOf(v).Elem()) }),
	}
	names := []string{"dropped", "extrafields", "maptype"}
	var kept []any
	for i, d := range decs {
		v, err := d(data)
		if err != nil {
			b.Fatalf("%s: %v", names[i], err)
		}
		kept = append(kept, v)
	}
	checkDropped(b, kept[0], kept[1])
	if n := keptExtraFields(reflect.ValueOf(kept[1])); n != wantKept() {
		b.Fatalf("(a) kept %d members, want %d", n, wantKept())
	}
	if !reflect.DeepEqual(kept[1], kept[2]) {
		b.Fatal("(a) and (c) decode differently")
	}
	runDecode(b, "dropped/altegio", data, decs[0])
	runDecode(b, "a/altegio-ExtraFields", data, decs[1])
	runDecode(b, "c/per-type-map-UnmarshalJSON", data, decs[2])
	b.Run("ratio", func(b *testing.B) {
		interleave(b, names, [][]byte{data, data, data}, decs)
	})
}

// checkDropped fails unless droppedType is a plain mirror of the
// generated type (no ExtraFields anywhere, no methods) and dropped, the
// body decoded into it, holds what generated, the body decoded into the
// generated type, declares.
func checkDropped(tb testing.TB, dropped, generated any) {
	tb.Helper()
	if hasSinkField(droppedType, map[reflect.Type]bool{}) {
		tb.Fatal("droppedType still has an ExtraFields field")
	}
	if reflect.PointerTo(droppedType).NumMethod() > 0 {
		tb.Fatal("droppedType has methods")
	}
	// generated through JSON into the mirror: its declared members only.
	data, err := json.Marshal(generated)
	if err != nil {
		tb.Fatal(err)
	}
	want := reflect.New(droppedType).Interface()
	if err := altegio.Unmarshal(data, want); err != nil {
		tb.Fatal(err)
	}
	if !reflect.DeepEqual(dropped, want) {
		tb.Fatal("the baseline decodes the declared members differently from the generated type")
	}
}

// hasSinkField reports whether t holds an ExtraFields field at any depth.
func hasSinkField(t reflect.Type, seen map[reflect.Type]bool) bool {
	if seen[t] {
		return false
	}
	seen[t] = true
	switch t.Kind() {
	case reflect.Pointer, reflect.Slice, reflect.Array, reflect.Map:
		return hasSinkField(t.Elem(), seen)
	case reflect.Struct:
		for i := range t.NumField() {
			if f := t.Field(i); f.Type == extraFieldsSink.Type || hasSinkField(f.Type, seen) {
				return true
			}
		}
	}
	return false
}
