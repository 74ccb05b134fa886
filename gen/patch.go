package gen

import (
	"bytes"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"
)

// Patched is a spec after the overlay and the transforms, ready for
// generation.
type Patched struct {
	// Doc is the patched document.
	Doc *openapi3.T
	// Overlay lists the overlay's actions in order, as applied.
	Overlay []OverlayAction
	// Inferences lists what Complete added to the schemas from the
	// examples, then what ApplyDocFields added from published
	// documentation, after the overlay and before the transforms.
	Inferences []Inference
	// Transforms lists, for each transform in order, how many places it
	// changed.
	Transforms []TransformResult
	// Answers are the answers package altegiotest gives each operation,
	// keyed by "METHOD path" (see FakeAnswer): taken from the completed
	// spec before the transforms, nil when it is not completed.
	Answers map[string]FakeAnswer
}

// OverlayAction is one applied action of an Overlay document.
type OverlayAction struct {
	Target      string
	Description string
}

// TransformResult says how many places a Transform changed.
type TransformResult struct {
	Name    string
	Changed int
}

// Patch applies the Overlay document overlayDoc (named overlayName in
// errors) to the spec in data, loads the result with kin-openapi, completes
// its schemas from its examples (Complete) and from published documentation
// (ApplyDocFields) and applies every transform in transforms.
//
// Every overlay action must carry a description (its reason and evidence)
// and must match at least one node: a target that matches nothing is an
// error, so an upstream change that moves a patched node is noticed rather
// than silently unpatched.
func Patch(api API, data, overlayDoc []byte, overlayName string, transforms []Transform) (*Patched, error) {
	o, err := applyOverlayTo(api, data, overlayDoc, overlayName)
	if err != nil {
		return nil, err
	}
	return o.finish(api, transforms, true)
}

// PatchBoth patches data as Patch does (completed), and also returns the
// spec as published: with the overlay's fixes and the transforms, but
// without Complete. Drift checks compare the published specs, since
// completion would put back what upstream removed while the examples still
// show it, and report what completion adds apart. The YAML is parsed and
// the overlay applied once for both.
func PatchBoth(api API, data, overlayDoc []byte, overlayName string, transforms []Transform) (published, completed *Patched, err error) {
	o, err := applyOverlayTo(api, data, overlayDoc, overlayName)
	if err != nil {
		return nil, nil, err
	}
	if published, err = o.finish(api, transforms, false); err != nil {
		return nil, nil, err
	}
	if completed, err = o.finish(api, transforms, true); err != nil {
		return nil, nil, err
	}
	return published, completed, nil
}

// overlaid is a spec with the overlay applied, before it is loaded.
type overlaid struct {
	root    yaml.Node // loaded by loadNode, and for Complete's line numbers; only read
	actions []OverlayAction
}

// applyOverlayTo parses data and applies overlayDoc (if not nil) to it.
func applyOverlayTo(api API, data, overlayDoc []byte, overlayName string) (*overlaid, error) {
	o := &overlaid{}
	if err := parseYAML(data, &o.root); err != nil {
		return nil, fmt.Errorf("%s: spec is not valid YAML: %s", api.SpecFile(), oneLine(err))
	}
	if overlayDoc != nil {
		actions, err := applyOverlay(&o.root, overlayDoc, overlayName)
		if err != nil {
			return nil, err
		}
		o.actions = actions
	}
	return o, nil
}

// finish loads the overlaid spec, completes it from its examples if
// complete is set, and applies transforms.
func (o *overlaid) finish(api API, transforms []Transform, complete bool) (*Patched, error) {
	doc, err := loadNode(&o.root, api.SpecFile())
	if err != nil {
		return nil, err
	}
	p := &Patched{Overlay: o.actions}
	if complete {
		// The documentation's table parses while Complete runs.
		parsed := make(chan struct{})
		go func() {
			defer close(parsed)
			_, _ = docFieldsTable()
		}()
		p.Inferences = Complete(doc, &o.root)
		<-parsed
		documented, err := ApplyDocFields(api, doc)
		if err != nil {
			return nil, err
		}
		p.Inferences = append(p.Inferences, documented...)
		if p.Answers, err = fakeAnswers(doc, &o.root); err != nil {
			return nil, fmt.Errorf("%s: %w", api.SpecFile(), err)
		}
	}
	for _, t := range transforms {
		n, err := t.Apply(doc)
		if err != nil {
			return nil, fmt.Errorf("%s: transform %s: %w", api.SpecFile(), t.Name, err)
		}
		p.Transforms = append(p.Transforms, TransformResult{Name: t.Name, Changed: n})
	}
	p.Doc = doc
	return p, nil
}

// LoadDocument parses an OpenAPI document with kin-openapi, resolving its
// internal references. External references are refused: Altegio's specs are
// bundled, and a reference out of the document would make generation depend
// on files or hosts it does not pin.
func LoadDocument(data []byte, name string) (*openapi3.T, error) {
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	doc, err := loader.LoadFromDataWithPath(data, &url.URL{Path: name})
	if err != nil {
		return nil, fmt.Errorf("%s: not a loadable OpenAPI document: %s", name, oneLine(err))
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, fmt.Errorf("%s: OpenAPI document has no paths", name)
	}
	return doc, nil
}

// applyOverlay applies an Overlay 1.0 document to root, strictly.
func applyOverlay(root *yaml.Node, doc []byte, name string) ([]OverlayAction, error) {
	ov, err := overlay.ParseReader(bytes.NewReader(doc))
	if err != nil {
		return nil, fmt.Errorf("%s: not an Overlay document: %s", name, oneLine(err))
	}
	if len(ov.Actions) == 0 {
		// An overlay with no actions yet: nothing to fix for this API.
		return nil, nil
	}
	if err := ov.Validate(); err != nil {
		return nil, fmt.Errorf("%s: invalid Overlay document: %s", name, oneLine(err))
	}
	actions := make([]OverlayAction, 0, len(ov.Actions))
	for i, a := range ov.Actions {
		desc := strings.TrimSpace(a.Description)
		if desc == "" || strings.Contains(desc, "\n") {
			return nil, fmt.Errorf("%s: action %d (target %s) needs a one-line description giving the upstream defect and its evidence", name, i+1, a.Target)
		}
		actions = append(actions, OverlayAction{Target: a.Target, Description: desc})
	}
	if err := applyStrict(ov, root); err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err))
	}
	return actions, nil
}

// strictPrefix starts the error of Overlay.ApplyToStrict that lists the
// targets that matched nothing.
const strictPrefix = "error applying overlay (strict): "

// applyStrict is ov.ApplyToStrict(root), with its errors, but faster: the
// library indexes the parent of every node of the tree for each remove
// action, where applyStrict looks for the parents of the nodes it removes.
// Other actions are applied by the library, one at a time.
func applyStrict(ov *overlay.Overlay, root *yaml.Node) error {
	var unmatched []string
	for _, a := range ov.Actions {
		if !a.Remove {
			one := *ov
			one.Actions = []overlay.Action{a}
			if _, err := one.ApplyToStrict(root); err != nil {
				msg, ok := strings.CutPrefix(err.Error(), strictPrefix)
				if !ok {
					return err
				}
				unmatched = append(unmatched, msg)
			}
			continue
		}
		if a.Target == "" {
			continue
		}
		path, err := ov.NewPath(a.Target, nil)
		if err != nil {
			return err
		}
		nodes := path.Query(root)
		if len(nodes) == 0 {
			unmatched = append(unmatched, fmt.Sprintf("selector %q did not match any targets", a.Target))
			continue
		}
		parents := parentsOf(root, nodes)
		for _, n := range nodes {
			removeNode(parents[n], n)
		}
	}
	if len(unmatched) > 0 {
		return fmt.Errorf("%s%s", strictPrefix, strings.Join(unmatched, ","))
	}
	return nil
}

// parentsOf finds the parent of each of nodes in the tree under root. (A
// node under two parents, through a YAML alias, which the specs do not
// have, gets the first.)
func parentsOf(root *yaml.Node, nodes []*yaml.Node) map[*yaml.Node]*yaml.Node {
	want := make(map[*yaml.Node]bool, len(nodes))
	for _, n := range nodes {
		want[n] = true
	}
	parents := make(map[*yaml.Node]*yaml.Node, len(nodes))
	var walk func(n *yaml.Node) bool // reports whether all are found
	walk = func(n *yaml.Node) bool {
		for _, c := range n.Content {
			if want[c] && parents[c] == nil {
				parents[c] = n
				if len(parents) == len(want) {
					return true
				}
			}
			if walk(c) {
				return true
			}
		}
		return false
	}
	walk(root)
	return parents
}

// removeNode removes n from parent, as an overlay's remove action does: a
// mapping's key with its value, or its value with its key; an element of a
// sequence.
func removeNode(parent, n *yaml.Node) {
	if parent == nil {
		return
	}
	for i, c := range parent.Content {
		if c != n {
			continue
		}
		switch parent.Kind {
		case yaml.MappingNode:
			if i%2 == 1 {
				parent.Content = append(parent.Content[:i-1], parent.Content[i+1:]...)
			} else {
				parent.Content = append(parent.Content[:i], parent.Content[i+2:]...)
			}
		case yaml.SequenceNode:
			parent.Content = append(parent.Content[:i], parent.Content[i+1:]...)
		}
		return
	}
}

// oneLine folds a multi-line error message onto one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
