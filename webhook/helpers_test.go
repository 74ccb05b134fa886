package webhook_test

import (
	"fmt"
	"reflect"
	"testing"
)

// mustEntity calls a typed accessor and fails the test on an error.
func mustEntity[T any](t *testing.T, get func() (*T, error)) *T {
	t.Helper()
	v, err := get()
	if err != nil {
		t.Fatal(err)
	}
	if v == nil {
		t.Fatal("nil entity and no error")
	}
	return v
}

// eq checks that got, dereferenced if it is a pointer, prints as want does:
// the wire's numbers reach int64, float32 and float64 fields alike.
func eq(t *testing.T, field string, got, want any) {
	t.Helper()
	v := reflect.ValueOf(got)
	for v.Kind() == reflect.Pointer {
		if v.IsNil() {
			t.Errorf("%s: missing (nil), want %v", field, want)
			return
		}
		v = v.Elem()
	}
	if g, w := fmt.Sprint(v.Interface()), fmt.Sprint(want); g != w {
		t.Errorf("%s = %s, want %s", field, g, w)
	}
}
