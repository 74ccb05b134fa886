package gen

import (
	"bytes"
	"go/ast"
	"go/token"
	"sort"
	"strings"
)

// srcEdit replaces src[at:end] with text.
type srcEdit struct {
	at, end int
	text    string
}

// applyEdits applies edits to src in the order of their positions; an
// edit that starts inside the range an earlier one replaced is skipped.
func applyEdits(src []byte, edits []srcEdit) []byte {
	sort.SliceStable(edits, func(i, j int) bool { return edits[i].at < edits[j].at })
	var out bytes.Buffer
	out.Grow(len(src))
	last := 0
	for _, e := range edits {
		if e.at < last {
			continue
		}
		out.Write(src[last:e.at])
		out.WriteString(e.text)
		last = e.end
	}
	out.Write(src[last:])
	return out.Bytes()
}

// fixedFile is the file of a declaration whose file no layout chooses:
// the response-type registry (responses.go), the client's constructors
// and its base URLs (client.go). ok is false for any other declaration.
func fixedFile(d ast.Decl) (file string, ok bool) {
	switch d := d.(type) {
	case *ast.FuncDecl:
		if d.Recv != nil {
			return "", false
		}
		switch name := d.Name.Name; {
		case responseDecls[name]:
			return FileResponses, true
		case clientDecls[name]:
			return FileClient, true
		}
	case *ast.GenDecl:
		if len(d.Specs) != 1 {
			return "", false
		}
		if spec, ok := d.Specs[0].(*ast.ValueSpec); ok {
			switch name := spec.Names[0].Name; {
			case responseDecls[name]:
				return FileResponses, true
			case d.Tok == token.CONST && strings.HasSuffix(name, "BaseURL"):
				return FileClient, true
			}
		}
	}
	return "", false
}
