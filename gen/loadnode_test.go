package gen_test

import (
	"context"
	"reflect"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// TestLoadNodeRealSpecs: on each locked spec, loadNode's document is deeply
// equal to LoadDocument's, references resolved and all.
func TestLoadNodeRealSpecs(t *testing.T) {
	acq := spectest.Acquirer(t)
	for _, api := range gen.APIs {
		spec, err := acq.Acquire(context.Background(), api)
		if err != nil {
			t.Fatal(err)
		}
		want, err := gen.LoadDocument(spec.Data, api.SpecFile())
		if err != nil {
			t.Fatal(err)
		}
		var root yaml.Node
		if err := yaml.Unmarshal(spec.Data, &root); err != nil {
			t.Fatal(err)
		}
		got, err := gen.LoadNode(&root, api.SpecFile())
		if err != nil {
			t.Fatal(err)
		}
		if !reflect.DeepEqual(got, want) {
			t.Errorf("%s: loadNode's document differs from LoadDocument's", api.Name)
		}
	}
}
