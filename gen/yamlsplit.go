package gen

import (
	"bytes"

	"gopkg.in/yaml.v3"
)

// parseYAML parses data into root as yaml.Unmarshal does, in two halves at
// once where it can: a spec is one block mapping whose largest members
// (paths, components) are block mappings too, so the text splits at a
// member of one of them near its middle. The second half is parsed under
// a copy of its parent's key line, and its nodes get back their lines in
// data; the members of its parent join those of the first half's. Anything
// that makes a half fail to parse as expected (a split inside a quoted
// text or a flow collection, an alias to an anchor in the other half, a
// document that is not a plain block mapping) makes parseYAML parse data
// whole. Comments may attach to other nodes than in a whole parse; nothing
// reads them.
func parseYAML(data []byte, root *yaml.Node) error {
	if a, b, parent, line, ok := splitYAML(data); ok {
		var ra, rb yaml.Node
		errb := make(chan error, 1)
		go func() { errb <- yaml.Unmarshal(b, &rb) }()
		erra := yaml.Unmarshal(a, &ra)
		if <-errb == nil && erra == nil && joinYAML(&ra, &rb, parent, line) {
			*root = ra
			return nil
		}
	}
	return yaml.Unmarshal(data, root)
}

// splitYAML finds where parseYAML splits data: the start of a line that
// starts a member of a top-level member parent ("paths:" alone on its
// line), as near the middle of data as there is one. a is data before it;
// b is parent's line and data from it on, whose first line is line in
// data.
func splitYAML(data []byte) (a, b []byte, parent string, line int, ok bool) {
	if len(data) < 1<<16 || bytes.HasPrefix(data, []byte("---")) || bytes.HasPrefix(data, []byte("%")) ||
		bytes.Contains(data, []byte("\n---")) || bytes.Contains(data, []byte("\n...")) || bytes.IndexByte(data, '\t') >= 0 {
		return nil, nil, "", 0, false
	}
	mid := len(data) / 2
	parentLine := ""
	lineNo := 1
	for off := 0; off < len(data); {
		end := bytes.IndexByte(data[off:], '\n')
		if end < 0 {
			break
		}
		l := data[off : off+end]
		switch {
		case len(l) > 0 && isKeyStart(l[0]):
			// A top-level member: a parent only if its value is a
			// block below it.
			parentLine = ""
			if bytes.HasSuffix(l, []byte(":")) && bytes.IndexByte(l, ' ') < 0 && bytes.IndexByte(l, ':') == len(l)-1 {
				parentLine = string(l)
			}
		case off >= mid && parentLine != "" && len(l) > 2 && l[0] == ' ' && l[1] == ' ' && isKeyStart(l[2]):
			b := make([]byte, 0, len(parentLine)+1+len(data)-off)
			b = append(append(append(b, parentLine...), '\n'), data[off:]...)
			return data[:off], b, parentLine[:len(parentLine)-1], lineNo, true
		case len(l) > 0 && l[0] != ' ' && l[0] != '#':
			parentLine = "" // a sequence, flow or other text at the top
		}
		off += end + 1
		lineNo++
	}
	return nil, nil, "", 0, false
}

// isKeyStart reports whether c may start a plain mapping key that
// splitYAML takes for one.
func isKeyStart(c byte) bool {
	return c == '_' || c == '/' || c == '$' || c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z'
}

// joinYAML puts the second half of a split parse (b: parent's key and the
// rest of the document, whose line 2 is line in the whole) into the first
// (a: the document up to parent's members there). It reports whether both
// have the shape the split makes.
func joinYAML(a, b *yaml.Node, parent string, line int) bool {
	if a.Kind != yaml.DocumentNode || len(a.Content) != 1 || b.Kind != yaml.DocumentNode || len(b.Content) != 1 {
		return false
	}
	am, bm := a.Content[0], b.Content[0]
	if am.Kind != yaml.MappingNode || bm.Kind != yaml.MappingNode || len(am.Content) < 2 || len(bm.Content) < 2 {
		return false
	}
	ak, av := am.Content[len(am.Content)-2], am.Content[len(am.Content)-1]
	bk, bv := bm.Content[0], bm.Content[1]
	if ak.Value != parent || bk.Value != parent || av.Kind != yaml.MappingNode || bv.Kind != yaml.MappingNode ||
		av.Style != 0 || bv.Style != 0 || bk.Line != 1 {
		return false
	}
	shiftLines(bm, line-2)
	av.Content = append(av.Content, bv.Content...)
	am.Content = append(am.Content, bm.Content[2:]...)
	return true
}

// shiftLines adds d to the line of every node under n.
func shiftLines(n *yaml.Node, d int) {
	for _, c := range n.Content {
		c.Line += d
		shiftLines(c, d)
	}
}
