package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"net/url"
	"strconv"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// nodeJSON encodes the YAML document root as JSON, as kin-openapi's loader
// would read it from YAML (through github.com/oasdiff/yaml): mapping keys
// as strings, scalars by their resolved tag (integers and floats as JSON
// numbers in Go's encoding, timestamps as the strings they are written
// as), aliases as the nodes they name. The loader reads JSON several times
// faster than YAML, and the overlaid tree need not be encoded as YAML again.
func nodeJSON(root *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	if err := writeNodeJSON(&b, root, 0); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// maxNodeDepth bounds the nesting writeNodeJSON follows, so that an alias
// cycle is an error rather than a stack overflow.
const maxNodeDepth = 1000

func writeNodeJSON(b *bytes.Buffer, n *yaml.Node, depth int) error {
	if depth > maxNodeDepth {
		return fmt.Errorf("line %d: nested more than %d deep (an alias cycle?)", n.Line, maxNodeDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			b.WriteString("null")
			return nil
		}
		return writeNodeJSON(b, n.Content[0], depth+1)
	case yaml.AliasNode:
		return writeNodeJSON(b, n.Alias, depth+1)
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeNodeJSON(b, c, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			k, v := n.Content[i], n.Content[i+1]
			if k.Kind != yaml.ScalarNode || k.ShortTag() == "!!merge" {
				return fmt.Errorf("line %d: only scalar mapping keys are supported", k.Line)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			key, err := scalarKey(k)
			if err != nil {
				return err
			}
			writeJSONString(b, key)
			b.WriteByte(':')
			if err := writeNodeJSON(b, v, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte('}')
		return nil
	case yaml.ScalarNode:
		return writeScalarJSON(b, n)
	}
	return fmt.Errorf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
}

// scalarKey is the JSON member name of the mapping key k.
func scalarKey(k *yaml.Node) (string, error) {
	switch k.ShortTag() {
	case "!!int", "!!float", "!!bool", "!!null":
		var b bytes.Buffer
		if err := writeScalarJSON(&b, k); err != nil {
			return "", err
		}
		return b.String(), nil
	}
	return k.Value, nil
}

// writeScalarJSON writes the scalar n as JSON.
func writeScalarJSON(b *bytes.Buffer, n *yaml.Node) error {
	switch n.ShortTag() {
	case "!!null":
		b.WriteString("null")
	case "!!bool":
		var v bool
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		b.WriteString(strconv.FormatBool(v))
	case "!!int":
		// As yaml.v3 reads it: underscores dropped, 0x, 0o and 0b bases.
		plain := strings.ReplaceAll(n.Value, "_", "")
		if i, err := strconv.ParseInt(plain, 0, 64); err == nil {
			b.WriteString(strconv.FormatInt(i, 10))
			return nil
		}
		if u, err := strconv.ParseUint(plain, 0, 64); err == nil {
			b.WriteString(strconv.FormatUint(u, 10))
			return nil
		}
		var v any
		if err := n.Decode(&v); err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		return writeJSONValue(b, v, n.Line)
	case "!!float":
		var f float64
		if err := n.Decode(&f); err != nil {
			return fmt.Errorf("line %d: %w", n.Line, err)
		}
		return writeJSONValue(b, f, n.Line)
	case "!!binary":
		// The encoded text, as a string.
		writeJSONString(b, n.Value)
	default:
		// !!str, !!timestamp (read as text) and custom tags.
		writeJSONString(b, n.Value)
	}
	return nil
}

func writeJSONValue(b *bytes.Buffer, v any, line int) error {
	if f, ok := v.(float64); ok && (math.IsInf(f, 0) || math.IsNaN(f)) {
		return fmt.Errorf("line %d: %v has no JSON form", line, f)
	}
	data, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("line %d: %w", line, err)
	}
	b.Write(data)
	return nil
}

// writeJSONString writes s as a JSON string, escaping as encoding/json does
// without HTML escaping.
func writeJSONString(b *bytes.Buffer, s string) {
	plain := true
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c == '"' || c == '\\' || c >= 0x80 {
			plain = false
			break
		}
	}
	if plain {
		b.WriteByte('"')
		b.WriteString(s)
		b.WriteByte('"')
		return
	}
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	_ = enc.Encode(s)       // a string always encodes
	b.Truncate(b.Len() - 1) // Encode's newline
}

// loadNode is LoadDocument for a document already parsed as YAML, and
// faster: kin-openapi decodes every level of a document again for its
// extensions (and its paths twice more), so the path items and component
// schemas, which hold nearly all of it, are decoded apart and
// concurrently, from JSON that nodeJSON writes, and set on the document
// the loader made of the rest before it resolves the references, as
// Loader.LoadFromDataWithPath does for the whole.
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
	// The jobs: each path item, each component schema and the rest of the
	// components, each as JSON, decoded into out[i].
	type job struct {
		key  string
		data []byte
		out  json.Unmarshaler
	}
	var jobs []job
	var pathItems []*openapi3.PathItem
	var pathKeys []string
	pathExtensions := map[string]any{}
	var components *openapi3.Components
	var schemas openapi3.Schemas
	rest := &yaml.Node{Kind: yaml.MappingNode}
	for i := 0; i+1 < len(top.Content); i += 2 {
		k, v := top.Content[i], top.Content[i+1]
		switch {
		case k.Value == "paths" && v.Kind == yaml.MappingNode:
			for j := 0; j+1 < len(v.Content); j += 2 {
				pk, pv := v.Content[j], v.Content[j+1]
				data, err := nodeJSON(pv)
				if err != nil {
					return fail(err)
				}
				if strings.HasPrefix(pk.Value, "x-") {
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
				jobs = append(jobs, job{key: "paths " + pk.Value, data: data, out: item})
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
						schemas[sk.Value] = nil
						continue
					}
					data, err := nodeJSON(sv)
					if err != nil {
						return fail(err)
					}
					ref := &openapi3.SchemaRef{}
					schemas[sk.Value] = ref
					jobs = append(jobs, job{key: "components/schemas " + sk.Value, data: data, out: ref})
				}
			}
			data, err := nodeJSON(others)
			if err != nil {
				return fail(err)
			}
			jobs = append(jobs, job{key: "components", data: data, out: components})
		default:
			rest.Content = append(rest.Content, k, v)
		}
	}
	err := parallel(len(jobs), func(i int) int { return len(jobs[i].data) }, func(i int) error {
		if err := jobs[i].out.UnmarshalJSON(jobs[i].data); err != nil {
			return fmt.Errorf("%s: %w", jobs[i].key, err)
		}
		return nil
	})
	if err != nil {
		return fail(err)
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
