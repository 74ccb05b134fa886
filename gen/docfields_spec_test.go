package gen_test

import (
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
)

// TestDocFieldsApplyToSpecs checks the documented-fields table against the
// locked specs: every row names a generated API and applies (Patch fails on
// a row whose operation or parent field is gone), every added field is in
// the completion report with its page, and applying the table again to the
// patched document adds nothing, so every documented field is declared.
func TestDocFieldsApplyToSpecs(t *testing.T) {
	data, err := openapi.FS.ReadFile(openapi.DocFieldsFile)
	if err != nil {
		t.Fatal(err)
	}
	facts, err := gen.ParseDocFields(data, openapi.DocFieldsFile)
	if err != nil {
		t.Fatal(err)
	}
	perAPI := map[string]int{}
	for _, f := range facts {
		perAPI[f.API]++
	}
	for name := range perAPI {
		if _, err := gen.LookupAPI(name); err != nil {
			t.Errorf("%s names API %q: %v", openapi.DocFieldsFile, name, err)
		}
	}
	for _, api := range gen.APIs {
		if perAPI[api.Name] == 0 {
			continue
		}
		t.Run(api.Name, func(t *testing.T) {
			spec := spectest.Spec(t, api)
			overlay, err := openapi.FS.ReadFile(openapi.OverlayFile(api.Name))
			if err != nil {
				t.Fatal(err)
			}
			// Without the transforms, so that the document is as
			// ApplyDocFields left it.
			p, err := gen.Patch(api, spec.Data, overlay, "openapi/"+openapi.OverlayFile(api.Name), nil)
			if err != nil {
				t.Fatalf("Patch: %v", err)
			}
			documented := 0
			for _, inf := range p.Inferences {
				if inf.Page != "" {
					documented++
					if !strings.Contains(inf.String(), "(documented: "+inf.Page+")") {
						t.Errorf("report line does not cite the page: %s", inf)
					}
				}
			}
			again, err := gen.ApplyDocFields(api, p.Doc)
			if err != nil {
				t.Fatalf("second application: %v", err)
			}
			for _, inf := range again {
				if inf.Change == "added" || inf.Change == "envelope" || inf.Change == "widened" {
					t.Errorf("second application changed the document: %s", inf)
				}
			}
			t.Logf("%s: %d facts, %d changes or disputes recorded", api.Name, perAPI[api.Name], documented)
		})
	}
}
