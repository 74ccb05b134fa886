package gen

import (
	"testing"

	"gopkg.in/yaml.v3"
)

// TestNodeJSON: scalars keep what the spec wrote (a number's digits, a
// timestamp-looking string, the keys' order); a scalar with digit
// separators is an integer to NodeJSON, as Prism reads it, and the string
// it means to exampleJSON.
func TestNodeJSON(t *testing.T) {
	var n yaml.Node
	src := "b: 1.50\na: 2026-01-01\nid: 720441_13245586_0_0\nbig: 9007199254740993\nok: true\nnone: null\n"
	if err := yaml.Unmarshal([]byte(src), &n); err != nil {
		t.Fatal(err)
	}
	for name, f := range map[string]func(*yaml.Node) ([]byte, error){"NodeJSON": NodeJSON, "exampleJSON": exampleJSON} {
		got, err := f(&n)
		if err != nil {
			t.Fatal(err)
		}
		want := `{"b":1.50,"a":"2026-01-01","id":7204411324558600,"big":9007199254740993,"ok":true,"none":null}`
		if name == "exampleJSON" {
			want = `{"b":1.50,"a":"2026-01-01","id":"720441_13245586_0_0","big":9007199254740993,"ok":true,"none":null}`
		}
		if string(got) != want {
			t.Errorf("%s = %s, want %s", name, got, want)
		}
	}
}
