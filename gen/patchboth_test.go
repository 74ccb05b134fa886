package gen_test

import (
	"reflect"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
)

// TestPatchBoth checks that PatchBoth's completed spec is Patch's, and that
// its published spec is the same but for what completion adds.
func TestPatchBoth(t *testing.T) {
	api := gen.APIs[0]
	data := spectest.Spec(t, api).Data
	name := openapi.OverlayFile(api.Name)
	overlay, err := openapi.FS.ReadFile(name)
	if err != nil {
		t.Fatal(err)
	}
	want, err := gen.Patch(api, data, overlay, name, gen.Transforms)
	if err != nil {
		t.Fatal(err)
	}
	published, completed, err := gen.PatchBoth(api, data, overlay, name, gen.Transforms)
	if err != nil {
		t.Fatal(err)
	}
	if len(want.Inferences) == 0 || !reflect.DeepEqual(completed.Inferences, want.Inferences) {
		t.Errorf("completed: %d inferences, Patch made %d", len(completed.Inferences), len(want.Inferences))
	}
	if !reflect.DeepEqual(completed.Transforms, want.Transforms) || !reflect.DeepEqual(completed.Overlay, want.Overlay) {
		t.Error("completed: overlay or transforms differ from Patch's")
	}
	if len(published.Inferences) != 0 || !reflect.DeepEqual(published.Overlay, want.Overlay) {
		t.Errorf("published: %d inferences, overlay %d actions; want none and %d", len(published.Inferences), len(published.Overlay), len(want.Overlay))
	}
	// An added property is in the completed spec only.
	for _, inf := range want.Inferences {
		key, ok := strings.CutPrefix(inf.Schema, "components/schemas/")
		if inf.Change != "added" || !ok || strings.Contains(key, "/") {
			continue
		}
		if s := completed.Doc.Components.Schemas[key]; s != nil && s.Value.Properties[inf.Property] != nil {
			if p := published.Doc.Components.Schemas[key]; p == nil || p.Value.Properties[inf.Property] != nil {
				t.Errorf("published %s has %s, which completion added", key, inf.Property)
			}
			return
		}
	}
	t.Error("no added property of a component schema to check")
}
