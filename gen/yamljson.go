package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// nodeJSON encodes the YAML document root as JSON, as kin-openapi's loader
// would read it from YAML (through github.com/oasdiff/yaml): mapping keys
// as strings, scalars by their resolved tag (integers and floats as JSON
// numbers in Go's encoding, timestamps as the strings they are written
// as), aliases as the nodes they name. The loader reads JSON several times
// faster than YAML, and the overlaid tree need not be encoded as YAML again.
func nodeJSON(root *yaml.Node) ([]byte, error) {
	var w jsonWriter
	if err := w.write(root, kindOther, 0); err != nil {
		return nil, err
	}
	return w.b.Bytes(), nil
}

// maxNodeDepth bounds the nesting jsonWriter follows, so that an alias
// cycle is an error rather than a stack overflow.
const maxNodeDepth = 1000

// jsonWriter writes YAML nodes as JSON (nodeJSON). With split set, it
// writes a slot in place of each schema object it finds where its kind
// says OpenAPI puts schemas: split takes the schema's node and returns the
// slot's number (see loadNode).
type jsonWriter struct {
	b     bytes.Buffer
	split func(n *yaml.Node) int
}

// kind is what OpenAPI object a node is, as far as jsonWriter tells them
// apart to find schemas.
type kind uint8

const (
	kindOther    kind = iota
	kindSchemaAt      // where a schema goes: split off if it is an object
	kindPathItem
	kindOperation
	kindParameter
	kindRequestBody
	kindResponse
	kindMediaType
	kindComponents // the components other than schemas

	kindMapOf  kind = 1 << 6 // a mapping of the kind under it
	kindListOf kind = 1 << 7 // a sequence of the kind under it
)

// field is the kind of member key of an object of kind k.
func (k kind) field(key string) kind {
	switch k {
	case kindPathItem:
		switch key {
		case "parameters":
			return kindListOf | kindParameter
		case "get", "put", "post", "delete", "options", "head", "patch", "trace":
			return kindOperation
		}
	case kindOperation:
		switch key {
		case "parameters":
			return kindListOf | kindParameter
		case "requestBody":
			return kindRequestBody
		case "responses":
			return kindMapOf | kindResponse
		}
	case kindParameter:
		switch key {
		case "schema":
			return kindSchemaAt
		case "content":
			return kindMapOf | kindMediaType
		}
	case kindRequestBody, kindResponse:
		if key == "content" {
			return kindMapOf | kindMediaType
		}
	case kindMediaType:
		if key == "schema" {
			return kindSchemaAt
		}
	case kindComponents:
		switch key {
		case "parameters":
			return kindMapOf | kindParameter
		case "requestBodies":
			return kindMapOf | kindRequestBody
		case "responses":
			return kindMapOf | kindResponse
		}
	}
	return kindOther
}

// write writes n, an object of kind k, as JSON.
func (w *jsonWriter) write(n *yaml.Node, k kind, depth int) error {
	b := &w.b
	if depth > maxNodeDepth {
		return fmt.Errorf("line %d: nested more than %d deep (an alias cycle?)", n.Line, maxNodeDepth)
	}
	switch n.Kind {
	case yaml.DocumentNode:
		if len(n.Content) == 0 {
			b.WriteString("null")
			return nil
		}
		return w.write(n.Content[0], k, depth+1)
	case yaml.AliasNode:
		return w.write(n.Alias, k, depth+1)
	case yaml.SequenceNode:
		elem := kindOther
		if k&kindListOf != 0 {
			elem = k &^ kindListOf
		}
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := w.write(c, elem, depth+1); err != nil {
				return err
			}
		}
		b.WriteByte(']')
		return nil
	case yaml.MappingNode:
		if k == kindSchemaAt && w.split != nil {
			fmt.Fprintf(b, `{"%s":%d}`, slotExtension, w.split(n))
			return nil
		}
		// A $ref's siblings are read with it: nothing under it is split.
		if k&(kindMapOf|kindListOf) == 0 && hasKey(n, "$ref") {
			k = kindOther
		}
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			key, v := n.Content[i], n.Content[i+1]
			if key.Kind != yaml.ScalarNode || key.ShortTag() == "!!merge" {
				return fmt.Errorf("line %d: only scalar mapping keys are supported", key.Line)
			}
			if key.Value == slotExtension {
				return fmt.Errorf("line %d: %s is a key the pipeline keeps for itself", key.Line, slotExtension)
			}
			if i > 0 {
				b.WriteByte(',')
			}
			name, err := scalarKey(key)
			if err != nil {
				return err
			}
			writeJSONString(b, name)
			b.WriteByte(':')
			vk := kindOther
			if k&kindMapOf != 0 {
				vk = k &^ kindMapOf
			} else if k&kindListOf == 0 {
				vk = k.field(name)
			}
			if err := w.write(v, vk, depth+1); err != nil {
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

// hasKey reports whether the mapping n has the key key.
func hasKey(n *yaml.Node, key string) bool {
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return true
		}
	}
	return false
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
