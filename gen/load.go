package gen

import (
	"encoding/json"
	"fmt"
	"net/url"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// slotExtension marks, in the JSON loadNode gives kin-openapi, where a
// schema it decodes itself goes. A spec may not use it.
const slotExtension = "x-altegio-regen-slot"

// loadJob is a part of a document that loadNode decodes on its own: a
// schema (decodeSchemaRef) or, as JSON, an object of kin-openapi's.
type loadJob struct {
	what   string // for errors
	node   *yaml.Node
	schema *openapi3.SchemaRef // the schema decoded, if node is one
	// out, if not nil, is the object node is decoded into from data, its
	// JSON with slots for the schemas in it (jsonWriter).
	out  json.Unmarshaler
	data []byte
	slot bool // a schema of another job's slot
	done bool // decoded by the fast decoders
}

// loadNode is LoadDocument for a document already parsed as YAML, and many
// times faster: kin-openapi decodes each object's JSON again for every
// object it is nested in (once for its fields, once more for its
// extensions), and its paths and responses twice more. loadNode decodes
// the schemas (decodeSchemaRef) and the path items (fastPathItem) from the
// tree itself, concurrently, reading the fields the specs use as
// kin-openapi reads them from nodeJSON's JSON. A path item with another
// field, and the components other than schemas, go to kin-openapi as JSON
// with a slot in place of each schema in them (jsonWriter), which gets the
// schema decodeSchemaRef decodes. The paths and components are then set on
// the document the loader made of the rest before it resolves the
// references, as Loader.LoadFromDataWithPath does for the whole. The
// document is deeply equal to LoadDocument's (TestLoadNodeRealSpecs), but
// for one thing: kin-openapi decodes a response, and a schema under
// additionalProperties, from JSON it encodes again from a map, which rounds
// integers past 2^53 in keywords such as maxLength; loadNode keeps them.
func loadNode(root *yaml.Node, name string) (*openapi3.T, error) {
	fail := func(err error) (*openapi3.T, error) {
		return nil, fmt.Errorf("%s: not a loadable OpenAPI document: %s", name, oneLine(err))
	}
	top := root
	if top.Kind == yaml.DocumentNode && len(top.Content) == 1 {
		top = top.Content[0]
	}
	if top.Kind != yaml.MappingNode {
		return fail(fmt.Errorf("line %d: not a mapping", top.Line))
	}
	var jobs []*loadJob
	var pathItems []*openapi3.PathItem
	var pathKeys []string
	pathExtensions := map[string]any{}
	var components *openapi3.Components
	var schemaNames []string // component schemas, by job
	var schemaJobs []int
	var nullSchemas []string
	var schemas openapi3.Schemas // set on components once they are decoded
	rest := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch {
		case k.Value == "paths" && v.Kind == yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				pk, pv := v.Content[j], v.Content[j+1]
				if strings.HasPrefix(pk.Value, "x-") {
					data, err := nodeJSON(pv)
					if err != nil {
						return fail(err)
					}
					var ext any
					if err := json.Unmarshal(data, &ext); err != nil {
						return fail(err)
					}
					pathExtensions[pk.Value] = ext
					continue
				}
				item := &openapi3.PathItem{}
				pathItems = append(pathItems, item)
				pathKeys = append(pathKeys, pk.Value)
				jobs = append(jobs, &loadJob{what: "paths " + pk.Value, node: pv, out: item})
			}
			// The loader sees the paths empty, and resolves nothing
			// before they are set.
			rest.Content = append(rest.Content, k, &yaml.Node{Kind: yaml.MappingNode})
		case k.Value == "components" && v.Kind == yaml.MappingNode:
			components = &openapi3.Components{}
			others := &yaml.Node{Kind: yaml.MappingNode}
			for j := 0; j+1 < len(v.Content); j += 2 {
				ck, cv := v.Content[j], v.Content[j+1]
				if ck.Value != "schemas" || cv.Kind != yaml.MappingNode {
					others.Content = append(others.Content, ck, cv)
					continue
				}
				schemas = openapi3.Schemas{}
				for s := 0; s+1 < len(cv.Content); s += 2 {
					sk, sv := cv.Content[s], cv.Content[s+1]
					if sv.ShortTag() == "!!null" {
						nullSchemas = append(nullSchemas, sk.Value)
						continue
					}
					schemaNames = append(schemaNames, sk.Value)
					schemaJobs = append(schemaJobs, len(jobs))
					jobs = append(jobs, &loadJob{what: "components/schemas " + sk.Value, node: sv})
				}
			}
			jobs = append(jobs, &loadJob{what: "components", node: others, out: components})
		default:
			rest.Content = append(rest.Content, k, v)
		}
	}
	// First the schemas and the path items the fast decoders read.
	err := parallel(len(jobs), func(int) int { return 1 }, func(i int) error {
		j := jobs[i]
		if j.out == nil {
			var err error
			if j.schema, err = decodeSchemaRef(j.node); err != nil {
				return fmt.Errorf("%s: %w", j.what, err)
			}
			j.done = true
		} else if out, ok := j.out.(*openapi3.PathItem); ok {
			if item, ok := fastPathItem(j.node); ok {
				*out = *item
				j.done = true
			}
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	// Then the rest with kin-openapi, from JSON with slots for their
	// schemas, which are jobs too.
	var w jsonWriter
	var parent *loadJob
	w.split = func(n *yaml.Node) int {
		jobs = append(jobs, &loadJob{what: fmt.Sprintf("%s: the schema at line %d", parent.what, n.Line), node: n, slot: true})
		return len(jobs) - 1
	}
	var rest2 []*loadJob
	for i := 0; i < len(jobs); i++ {
		if parent = jobs[i]; parent.done {
			continue
		}
		rest2 = append(rest2, parent)
		if parent.out == nil {
			continue // a slot's schema
		}
		w.b.Reset()
		kind := kindPathItem
		if _, ok := parent.out.(*openapi3.Components); ok {
			kind = kindComponents
		}
		if err := w.write(parent.node, kind, 0); err != nil {
			return fail(fmt.Errorf("%s: %w", parent.what, err))
		}
		parent.data = append([]byte(nil), w.b.Bytes()...)
	}
	err = parallel(len(rest2), func(i int) int { return len(rest2[i].data) }, func(i int) error {
		j := rest2[i]
		var err error
		if j.out != nil {
			err = j.out.UnmarshalJSON(j.data)
		} else {
			j.schema, err = decodeSchemaRef(j.node)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", j.what, err)
		}
		return nil
	})
	if err != nil {
		return fail(err)
	}
	if err := fillSlots(jobs); err != nil {
		return fail(err)
	}
	for i, k := range schemaNames {
		schemas[k] = jobs[schemaJobs[i]].schema
	}
	for _, k := range nullSchemas {
		schemas[k] = nil
	}

	data, err := nodeJSON(rest)
	if err != nil {
		return fail(err)
	}
	loader := openapi3.NewLoader()
	loader.IsExternalRefsAllowed = false
	location := &url.URL{Path: name}
	doc, err := loader.LoadFromDataWithPath(data, location)
	if err != nil {
		return fail(err)
	}
	if doc.Paths != nil {
		doc.Paths = openapi3.NewPathsWithCapacity(len(pathItems))
		doc.Paths.Extensions = pathExtensions
		for i, item := range pathItems {
			doc.Paths.Set(pathKeys[i], item)
		}
	}
	if components != nil {
		if schemas != nil {
			components.Schemas = schemas
		}
		doc.Components = components
	}
	if err := loader.ResolveRefsIn(doc, location); err != nil {
		return fail(err)
	}
	if doc.Paths == nil || doc.Paths.Len() == 0 {
		return nil, fmt.Errorf("%s: OpenAPI document has no paths", name)
	}
	return doc, nil
}

// fillSlots puts the schema of each slot job in its slot, in the object
// of the job whose JSON has the slot.
func fillSlots(jobs []*loadJob) error {
	want, filled := 0, 0
	fill := func(ref *openapi3.SchemaRef) error {
		if ref == nil || ref.Value == nil {
			return nil
		}
		n, ok := ref.Value.Extensions[slotExtension].(float64)
		if !ok {
			return nil
		}
		i := int(n)
		if float64(i) != n || i < 0 || i >= len(jobs) || !jobs[i].slot {
			return fmt.Errorf("slot %v: no such schema", n)
		}
		*ref = *jobs[i].schema
		filled++
		return nil
	}
	for _, j := range jobs {
		if j.slot {
			want++
		}
		if j.done {
			continue // no slots
		}
		var err error
		switch out := j.out.(type) {
		case *openapi3.PathItem:
			err = pathItemSlots(out, fill)
		case *openapi3.Components:
			err = componentSlots(out, fill)
		}
		if err != nil {
			return fmt.Errorf("%s: %w", j.what, err)
		}
	}
	if filled != want {
		return fmt.Errorf("%d schemas decoded apart, %d put in their places", want, filled)
	}
	return nil
}

// pathItemSlots calls fill with every place in item where jsonWriter
// leaves a slot: the schemas of its and its operations' parameters,
// request bodies and responses.
func pathItemSlots(item *openapi3.PathItem, fill func(*openapi3.SchemaRef) error) error {
	for _, p := range item.Parameters {
		if err := parameterSlots(p, fill); err != nil {
			return err
		}
	}
	for _, op := range item.Operations() {
		for _, p := range op.Parameters {
			if err := parameterSlots(p, fill); err != nil {
				return err
			}
		}
		if b := op.RequestBody; b != nil && b.Value != nil {
			if err := contentSlots(b.Value.Content, fill); err != nil {
				return err
			}
		}
		if op.Responses != nil {
			for _, r := range op.Responses.Map() {
				if r != nil && r.Value != nil {
					if err := contentSlots(r.Value.Content, fill); err != nil {
						return err
					}
				}
			}
		}
	}
	return nil
}

// componentSlots is pathItemSlots for the components other than schemas.
func componentSlots(c *openapi3.Components, fill func(*openapi3.SchemaRef) error) error {
	for _, p := range c.Parameters {
		if err := parameterSlots(p, fill); err != nil {
			return err
		}
	}
	for _, b := range c.RequestBodies {
		if b != nil && b.Value != nil {
			if err := contentSlots(b.Value.Content, fill); err != nil {
				return err
			}
		}
	}
	for _, r := range c.Responses {
		if r != nil && r.Value != nil {
			if err := contentSlots(r.Value.Content, fill); err != nil {
				return err
			}
		}
	}
	return nil
}

func parameterSlots(p *openapi3.ParameterRef, fill func(*openapi3.SchemaRef) error) error {
	if p == nil || p.Value == nil {
		return nil
	}
	if err := fill(p.Value.Schema); err != nil {
		return err
	}
	return contentSlots(p.Value.Content, fill)
}

func contentSlots(c openapi3.Content, fill func(*openapi3.SchemaRef) error) error {
	for _, mt := range c {
		if mt != nil {
			if err := fill(mt.Schema); err != nil {
				return err
			}
		}
	}
	return nil
}
