package altegio

import (
	"encoding/json"
	"errors"
	"testing"
)

type extraHolder struct {
	ID          int64       `json:"id"`
	Name        string      `json:"name,omitempty"`
	ExtraFields ExtraFields `json:"-"`
}

func (h extraHolder) MarshalJSON() ([]byte, error) {
	type plain extraHolder
	return marshalWithExtra(plain(h), h.ExtraFields)
}

func TestMarshalWithExtraFields(t *testing.T) {
	h := extraHolder{ID: 7, Name: "a"}
	if err := h.ExtraFields.Set("zeta", []int{1, 2}); err != nil {
		t.Fatal(err)
	}
	if err := h.ExtraFields.Set("name", "replaced"); err != nil {
		t.Fatal(err)
	}
	h.ExtraFields["<alpha>"] = json.RawMessage(`{"x": 1}`)
	h.ExtraFields["nil"] = nil
	b, err := json.Marshal(h)
	if err != nil {
		t.Fatal(err)
	}
	want := `{"id":7,"\u003calpha\u003e":{"x":1},"name":"replaced","nil":null,"zeta":[1,2]}`
	if string(b) != want {
		t.Errorf("got  %s\nwant %s", b, want)
	}
	// Without extras, the struct's own encoding.
	b, err = json.Marshal(extraHolder{ID: 1})
	if err != nil || string(b) != `{"id":1}` {
		t.Errorf("got %s, %v", b, err)
	}
	h.ExtraFields["bad"] = json.RawMessage(`{`)
	if _, err := json.Marshal(h); err == nil {
		t.Error("invalid extra member: no error")
	}
}

func TestExtra(t *testing.T) {
	f := ExtraFields{"ids": json.RawMessage(`["1", 2]`), "obj": json.RawMessage(`[]`)}
	ids, err := Extra[[]int64](f, "ids")
	if err != nil || len(ids) != 2 || ids[0] != 1 || ids[1] != 2 {
		t.Errorf("ids: %v, %v", ids, err)
	}
	if _, err := Extra[int](f, "missing"); !errors.Is(err, ErrNoExtraField) {
		t.Errorf("missing member: %v, want ErrNoExtraField", err)
	}
	if _, err := Extra[int](f, "ids"); err == nil {
		t.Error("a list into an int: no error")
	}
	if !f.Has("obj") || f.Has("missing") {
		t.Error("Has")
	}
	var nilFields ExtraFields
	if _, err := Extra[int](nilFields, "x"); !errors.Is(err, ErrNoExtraField) {
		t.Errorf("nil fields: %v", err)
	}
}
