package altegio

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestObject(t *testing.T) {
	var none Object[leaf]
	if v, ok := none.Value(); ok || v != (leaf{}) || !none.IsZero() {
		t.Error("zero Object has a value")
	}
	some := Some(leaf{ID: 1, Name: "x"})
	if v, ok := some.Value(); !ok || v.ID != 1 || some.IsZero() {
		t.Error("Some has no value")
	}

	type wrap struct {
		A Object[leaf] `json:"a"`
		B Object[leaf] `json:"b,omitzero"`
		C Object[leaf] `json:"c,omitzero"`
	}
	b, err := json.Marshal(wrap{A: none, B: none, C: some})
	if err != nil || string(b) != `{"a":null,"c":{"id":1,"price":0,"on":false,"name":"x"}}` {
		t.Errorf("Marshal = %s, %v", b, err)
	}

	for in, want := range map[string]Object[leaf]{
		`null`:              {},
		`[]`:                {},
		" [ \n\t\r ] ":      {},
		`{}`:                Some(leaf{}),
		`{"id":"7"}`:        Some(leaf{ID: 7}),
		` {"on": 1} `:       Some(leaf{On: true}),
		`{"name":null}`:     Some(leaf{}),
		`{"id":1,"id":"2"}`: Some(leaf{ID: 2}),
		`[{"id":"3"}]`:      Some(leaf{ID: 3}),
	} {
		got := Some(leaf{ID: 99}) // UnmarshalJSON replaces the value
		if err := got.UnmarshalJSON([]byte(in)); err != nil || got != want {
			t.Errorf("UnmarshalJSON(%s) = %+v, %v", in, got, err)
		}
	}
	for _, in := range []string{``, ` `, `"x"`, `""`, `[1]`, `[{},{}]`, `[[]]`, `0`, `false`, `{"id":"x"}`, `[`, `nul`} {
		got := Some(leaf{ID: 99})
		err := track(t, got.UnmarshalJSON([]byte(in)))
		if err == nil || !strings.Contains(err.Error(), "altegio.Object[altegio.leaf]") {
			t.Errorf("UnmarshalJSON(%s): err = %v", in, err)
		}
	}
	// Through encoding/json, too.
	var w wrap
	if err := json.Unmarshal([]byte(`{"a":[],"b":{"id":"3"},"c":null}`), &w); err != nil || w.A.IsZero() != true || w.B != Some(leaf{ID: 3}) {
		t.Errorf("json.Unmarshal = %+v, %v", w, err)
	}
}
