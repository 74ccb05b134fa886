package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"

	"gopkg.in/yaml.v3"
)

// NodeJSON encodes a YAML node as JSON, keeping every scalar as the spec
// wrote it: a timestamp-looking string stays that string, numbers keep
// their digits, and mapping keys keep their order. A plain scalar YAML 1.1
// reads as an integer with digit separators (720441_13245586_0_0) is that
// integer, as Prism and the YAML libraries of most tools read it.
func NodeJSON(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	if err := writeNodeJSON(&b, n, false); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// exampleJSON is NodeJSON but for a scalar with digit separators, which
// is the string YAML 1.2 and JSON read: the example value Altegio means (a
// compound ID such as 720441_13245586_0_0, whose schema says string).
func exampleJSON(n *yaml.Node) ([]byte, error) {
	var b bytes.Buffer
	if err := writeNodeJSON(&b, n, true); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

func writeNodeJSON(b *bytes.Buffer, n *yaml.Node, yaml12 bool) error {
	switch n.Kind {
	case yaml.DocumentNode:
		return writeNodeJSON(b, n.Content[0], yaml12)
	case yaml.AliasNode:
		return writeNodeJSON(b, n.Alias, yaml12)
	case yaml.MappingNode:
		b.WriteByte('{')
		for i := 0; i+1 < len(n.Content); i += 2 {
			if i > 0 {
				b.WriteByte(',')
			}
			k, _ := json.Marshal(n.Content[i].Value)
			b.Write(k)
			b.WriteByte(':')
			if err := writeNodeJSON(b, n.Content[i+1], yaml12); err != nil {
				return err
			}
		}
		b.WriteByte('}')
	case yaml.SequenceNode:
		b.WriteByte('[')
		for i, c := range n.Content {
			if i > 0 {
				b.WriteByte(',')
			}
			if err := writeNodeJSON(b, c, yaml12); err != nil {
				return err
			}
		}
		b.WriteByte(']')
	case yaml.ScalarNode:
		switch n.Tag {
		case "!!null":
			b.WriteString("null")
		case "!!int", "!!float":
			if json.Valid([]byte(n.Value)) {
				b.WriteString(n.Value) // a JSON number as written: its digits kept
				return nil
			}
			if yaml12 && strings.Contains(n.Value, "_") {
				s, _ := json.Marshal(n.Value)
				b.Write(s)
				return nil
			}
			fallthrough
		case "!!bool":
			var v any
			if err := n.Decode(&v); err != nil {
				return err
			}
			out, err := json.Marshal(v)
			if err != nil {
				return fmt.Errorf("line %d: %w", n.Line, err)
			}
			b.Write(out)
		default:
			s, _ := json.Marshal(n.Value)
			b.Write(s)
		}
	default:
		return fmt.Errorf("line %d: unexpected YAML node kind %d", n.Line, n.Kind)
	}
	return nil
}

// nodeAt returns the node at the JSON pointer ptr ("paths/~1records/get")
// below root, or nil.
func nodeAt(root *yaml.Node, ptr string) *yaml.Node {
	n := root
	if n != nil && n.Kind == yaml.DocumentNode && len(n.Content) > 0 {
		n = n.Content[0]
	}
	if ptr == "" {
		return n
	}
	for _, tok := range strings.Split(ptr, "/") {
		tok = strings.ReplaceAll(strings.ReplaceAll(tok, "~1", "/"), "~0", "~")
		if n == nil {
			return nil
		}
		switch n.Kind {
		case yaml.MappingNode:
			var next *yaml.Node
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == tok {
					next = n.Content[i+1]
					break
				}
			}
			n = next
		case yaml.SequenceNode:
			i, err := strconv.Atoi(tok)
			if err != nil || i < 0 || i >= len(n.Content) {
				return nil
			}
			n = n.Content[i]
		default:
			return nil
		}
	}
	return n
}

// resolveNode follows local $refs ("#/components/...") from n in root, and
// returns n itself when it is no reference; nil for a dangling one.
func resolveNode(root, n *yaml.Node) *yaml.Node {
	for range 32 {
		ref := nodeAt(n, "$ref")
		if n == nil || n.Kind != yaml.MappingNode || ref == nil {
			return n
		}
		n = nodeAt(root, strings.TrimPrefix(ref.Value, "#/"))
	}
	return nil
}
