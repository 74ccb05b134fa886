package gen

import (
	"bytes"
	"fmt"
	"io/fs"
	"regexp"
	"strings"
	"testing"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/openapi"
)

var patchAPI = API{Name: "tiny", Package: "tiny"}

const patchSpec = `openapi: 3.1.1
info:
  title: tiny
  version: 1.0.0
paths:
  /pets:
    get:
      operationId: listPets
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                $ref: '#/components/schemas/Pet'
components:
  schemas:
    Pet:
      type: object
      properties:
        name: {type: string}
        legacy: {type: string}
`

const patchOverlayName = "openapi/tiny.overlay.yaml"

func patchOverlay(actions string) []byte {
	return []byte("overlay: 1.0.0\ninfo:\n  title: tiny fixes\n  version: 1.0.0\nactions:" + actions)
}

// patchErr runs Patch and returns its error, which must be one line.
func patchErr(t *testing.T, spec string, overlayDoc []byte) error {
	t.Helper()
	p, err := Patch(patchAPI, []byte(spec), overlayDoc, patchOverlayName, Transforms)
	if err == nil {
		t.Fatalf("Patch succeeded (overlay %+v), want an error", p.Overlay)
	}
	if strings.Contains(err.Error(), "\n") {
		t.Errorf("error is not one line: %q", err)
	}
	return err
}

func TestPatchOverlayApplies(t *testing.T) {
	p, err := Patch(patchAPI, []byte(patchSpec), patchOverlay(`
  - target: $.components.schemas.Pet.properties.legacy
    description: "  Unused field; evidence: never sent  "
    remove: true
  - target: $.paths['/pets'].get
    description: "Missing summary; evidence: the docs page"
    update:
      summary: List pets
`), patchOverlayName, Transforms)
	if err != nil {
		t.Fatal(err)
	}
	want := []OverlayAction{
		{Target: "$.components.schemas.Pet.properties.legacy", Description: "Unused field; evidence: never sent"},
		{Target: "$.paths['/pets'].get", Description: "Missing summary; evidence: the docs page"},
	}
	if len(p.Overlay) != len(want) {
		t.Fatalf("Overlay = %+v, want %+v", p.Overlay, want)
	}
	for i := range want {
		if p.Overlay[i] != want[i] {
			t.Errorf("Overlay[%d] = %+v, want %+v", i, p.Overlay[i], want[i])
		}
	}
	if _, ok := p.Doc.Components.Schemas["Pet"].Value.Properties["legacy"]; ok {
		t.Error("remove action not applied")
	}
	if got := p.Doc.Paths.Value("/pets").Get.Summary; got != "List pets" {
		t.Errorf("update action not applied: summary %q", got)
	}
	if len(p.Transforms) != len(Transforms) {
		t.Errorf("%d transform results, want %d", len(p.Transforms), len(Transforms))
	}
	for i, r := range p.Transforms {
		if r.Name != Transforms[i].Name || r.Changed != 0 {
			t.Errorf("transform result %d = %+v, want %s 0", i, r, Transforms[i].Name)
		}
	}
}

func TestPatchTargetMatchesNothing(t *testing.T) {
	const selector = "$.components.schemas.Pet.properties.nickname"
	err := patchErr(t, patchSpec, patchOverlay(`
  - target: $.components.schemas.Pet.properties.legacy
    description: "Unused field; evidence: never sent"
    remove: true
  - target: `+selector+`
    description: "Moved upstream; evidence: none"
    remove: true
`))
	for _, want := range []string{patchOverlayName, selector} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not name %q", err, want)
		}
	}
}

func TestPatchActionWithoutDescription(t *testing.T) {
	for name, desc := range map[string]string{
		"missing":   "",
		"blank":     "\n    description: \"   \"",
		"multiline": "\n    description: \"first line\\nsecond line\"",
	} {
		t.Run(name, func(t *testing.T) {
			err := patchErr(t, patchSpec, patchOverlay(`
  - target: $.paths['/pets'].get
    description: "Missing summary; evidence: the docs page"
    update:
      summary: List pets
  - target: $.components.schemas.Pet.properties.legacy`+desc+`
    remove: true
`))
			for _, want := range []string{patchOverlayName, "action 2 ", "$.components.schemas.Pet.properties.legacy", "description"} {
				if !strings.Contains(err.Error(), want) {
					t.Errorf("error %q does not contain %q", err, want)
				}
			}
		})
	}
}

func TestPatchInvalidSpec(t *testing.T) {
	for name, spec := range map[string]string{
		"yaml":     "openapi: 3.1.1\npaths: [unclosed\n",
		"no paths": "openapi: 3.1.1\ninfo: {title: t, version: '1'}\npaths: {}\n",
		"openapi":  "openapi: 3.1.1\ninfo: {title: t, version: '1'}\npaths:\n  /a:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/missing'}\n",
	} {
		t.Run(name, func(t *testing.T) {
			_, err := Patch(patchAPI, []byte(spec), nil, patchOverlayName, Transforms)
			if err == nil {
				t.Fatal("Patch accepted an invalid spec")
			}
			if !strings.HasPrefix(err.Error(), "tiny.openapi.yaml: ") {
				t.Errorf("error %q does not start with the spec file", err)
			}
			if strings.Contains(err.Error(), "\n") {
				t.Errorf("error is not one line: %q", err)
			}
		})
	}
}

func TestPatchInvalidOverlay(t *testing.T) {
	for name, doc := range map[string]string{
		"not yaml":    "overlay: [1.0.0\n",
		"no version":  "info: {title: t, version: '1'}\nactions:\n  - target: $.info\n    description: d\n    remove: true\n",
		"bad version": "overlay: 9.9.9\ninfo: {title: t, version: '1'}\nactions:\n  - target: $.info\n    description: d\n    remove: true\n",
		"bad target":  "overlay: 1.0.0\ninfo: {title: t, version: '1'}\nactions:\n  - target: not a path\n    description: d\n    remove: true\n",
	} {
		t.Run(name, func(t *testing.T) {
			err := patchErr(t, patchSpec, []byte(doc))
			if !strings.HasPrefix(err.Error(), patchOverlayName+": ") {
				t.Errorf("error %q does not start with the overlay file", err)
			}
		})
	}
}

func TestPatchEmptyOverlay(t *testing.T) {
	for name, doc := range map[string][]byte{
		"empty actions": patchOverlay(" []\n"),
		"no overlay":    nil,
	} {
		t.Run(name, func(t *testing.T) {
			p, err := Patch(patchAPI, []byte(patchSpec), doc, patchOverlayName, Transforms)
			if err != nil {
				t.Fatal(err)
			}
			if len(p.Overlay) != 0 {
				t.Errorf("Overlay = %+v, want none", p.Overlay)
			}
			if _, ok := p.Doc.Components.Schemas["Pet"].Value.Properties["legacy"]; !ok {
				t.Error("the spec changed without overlay actions")
			}
		})
	}
}

func TestPatchNoTransforms(t *testing.T) {
	p, err := Patch(patchAPI, []byte(patchSpec), nil, patchOverlayName, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(p.Transforms) != 0 {
		t.Errorf("Transforms = %+v, want none", p.Transforms)
	}
}

// TestRealOverlays checks the overlays shipped in openapi/: each parses,
// and each action has a one-line description that gives its evidence.
func TestRealOverlays(t *testing.T) {
	names, err := fs.Glob(openapi.FS, "*.overlay.yaml")
	if err != nil {
		t.Fatal(err)
	}
	if len(names) == 0 {
		t.Fatal("no overlays in openapi.FS")
	}
	for _, api := range APIs {
		want := openapi.OverlayFile(api.Name)
		found := false
		for _, n := range names {
			found = found || n == want
		}
		if !found {
			t.Errorf("API %s has no overlay %s in openapi.FS", api.Name, want)
		}
	}
	evidence := regexp.MustCompile(`(?i)evidence`)
	for _, name := range names {
		t.Run(name, func(t *testing.T) {
			data, err := fs.ReadFile(openapi.FS, name)
			if err != nil {
				t.Fatal(err)
			}
			ov, err := overlay.ParseReader(bytes.NewReader(data))
			if err != nil {
				t.Fatalf("openapi/%s does not parse: %v", name, err)
			}
			if len(ov.Actions) > 0 {
				if err := ov.Validate(); err != nil {
					t.Fatalf("openapi/%s is not valid: %v", name, err)
				}
			}
			for i, a := range ov.Actions {
				d := strings.TrimSpace(a.Description)
				switch {
				case d == "":
					t.Errorf("openapi/%s action %d (%s) has no description", name, i+1, a.Target)
				case strings.Contains(d, "\n"):
					t.Errorf("openapi/%s action %d (%s): description is not one line", name, i+1, a.Target)
				case !evidence.MatchString(d):
					t.Errorf("openapi/%s action %d (%s): description %q gives no evidence", name, i+1, a.Target, d)
				}
			}
		})
	}
}

// TestApplyStrictMatchesLibrary checks applyStrict against the overlay
// library's ApplyToStrict: removes of keys, values and sequence elements
// between updates that add nodes later removes take away, and targets that
// match nothing.
func TestApplyStrictMatchesLibrary(t *testing.T) {
	spec := `openapi: 3.1.1
info: {title: tiny, version: 1.0.0}
tags: [{name: a}, {name: b}, {name: c}]
paths:
  /pets:
    get:
      parameters:
        - {name: Accept, in: header}
        - {name: page, in: query}
      responses:
        '200': {description: ok}
components:
  schemas:
    Pet: {type: object, properties: {name: {type: string}, legacy: {type: string}, old: {type: string}}}
`
	for name, actions := range map[string]string{
		"removes and updates": `
  - target: $.components.schemas.Pet.properties.legacy
    description: d
    remove: true
  - target: $.paths['/pets'].get.parameters[?(@.name=='Accept')]
    description: d
    remove: true
  - target: $.components.schemas.Pet.properties
    description: d
    update: {added: {type: integer}, more: {type: string}}
  - target: $.components.schemas.Pet.properties.added
    description: d
    remove: true
  - target: $.tags[1]
    description: d
    remove: true
  - target: $.components.schemas.Pet.properties.old
    description: d
    remove: true
`,
		"unmatched": `
  - target: $.components.schemas.Nothing
    description: d
    remove: true
  - target: $.components.schemas.Pet.properties
    description: d
    update: {added: {type: integer}}
  - target: $.components.schemas.Gone
    description: d
    update: {type: object}
  - target: $.components.schemas.Pet.properties.added
    description: d
    remove: true
`,
	} {
		ov, err := overlay.ParseReader(bytes.NewReader(patchOverlay(actions)))
		if err != nil {
			t.Fatal(err)
		}
		var want, got yaml.Node
		if err := yaml.Unmarshal([]byte(spec), &want); err != nil {
			t.Fatal(err)
		}
		if err := yaml.Unmarshal([]byte(spec), &got); err != nil {
			t.Fatal(err)
		}
		_, wantErr := ov.ApplyToStrict(&want)
		gotErr := applyStrict(ov, &got)
		if fmt.Sprint(gotErr) != fmt.Sprint(wantErr) {
			t.Errorf("%s: error %v, want %v", name, gotErr, wantErr)
		}
		w, err := yaml.Marshal(&want)
		if err != nil {
			t.Fatal(err)
		}
		g, err := yaml.Marshal(&got)
		if err != nil {
			t.Fatal(err)
		}
		if !bytes.Equal(g, w) {
			t.Errorf("%s: applyStrict gives\n%s\nApplyToStrict gives\n%s", name, g, w)
		}
	}
}
