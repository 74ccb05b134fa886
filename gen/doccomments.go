package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"regexp"
	"sort"
	"strings"
)

// boilerplate matches the doc comment oapi-codegen writes on a type the
// spec gives no description: "X defines model for A.B.", "X defines
// parameters for Op.", "X defines body for Op for application/json
// ContentType.".
var boilerplate = regexp.MustCompile(`^// (\w+) defines (model|parameters|body) for ([\w.]+?)(?: for .*)?\.?$`)

// valuesBoilerplate matches oapi-codegen's comment on an enum's constants.
var valuesBoilerplate = regexp.MustCompile(`^// Defines values for (\w+)\.$`)

// RewriteDocs replaces oapi-codegen's boilerplate doc comments in src, run
// after NameTypes (whose renames it is given), with ones that say what
// the type is: the body of an operation's response or request, its query
// parameters, or the type of a member of another type.
func RewriteDocs(src []byte, renames Renames) ([]byte, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("generated code does not parse: %s", oneLine(err))
	}
	types := map[string]bool{}
	var ops []string
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				if ts, ok := s.(*ast.TypeSpec); ok {
					types[ts.Name.Name] = true
				}
			}
		case *ast.FuncDecl:
			if d.Recv != nil && receiverName(d.Recv) == "Client" {
				ops = append(ops, d.Name.Name)
			}
		}
	}
	sort.Slice(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) || len(ops[i]) == len(ops[j]) && ops[i] < ops[j] })
	newName := func(old string) string {
		if n, ok := renames[old]; ok {
			return n
		}
		return old
	}
	describe := func(name, kind, subject string) string {
		for _, op := range ops {
			rest, ok := strings.CutPrefix(name, op)
			if !ok {
				continue
			}
			switch {
			case rest == "Params":
				return fmt.Sprintf("%s holds the query parameters of Client.%s.", name, op)
			case rest == "Request":
				return fmt.Sprintf("%s is the JSON body of a Client.%s request.", name, op)
			case rest == "Response":
				return fmt.Sprintf("%s is the body of Client.%s's successful response.", name, op)
			case rest == "MultipartBody":
				return fmt.Sprintf("%s is the multipart body of a Client.%s request.", name, op)
			}
			if m := regexp.MustCompile(`^(\d{3}|Default)Response$`).FindStringSubmatch(rest); m != nil {
				return fmt.Sprintf("%s is the body of Client.%s's %s response.", name, op, m[1])
			}
			for _, kind := range []string{"Params", "Request", "Response"} {
				if strings.HasPrefix(rest, kind) && len(rest) > len(kind) {
					return fmt.Sprintf("%s is the type of the %s member of %s%s.", name, rest[len(kind):], op, kind)
				}
			}
		}
		parts := strings.Split(subject, ".")
		if kind == "model" && len(parts) > 1 {
			parent := newName(strings.Join(parts[:len(parts)-1], "_"))
			if !types[parent] {
				parent = strings.Join(parts[:len(parts)-1], "")
			}
			if types[parent] {
				return fmt.Sprintf("%s is the type of the %s member of %s.", name, parts[len(parts)-1], parent)
			}
			return fmt.Sprintf("%s is the type of the %s member of %s.", name, parts[len(parts)-1], newName(parts[0]))
		}
		if kind == "model" {
			if subject == name {
				return fmt.Sprintf("%s is a schema of the API.", name)
			}
			return fmt.Sprintf("%s is the API's %s schema.", name, subject)
		}
		return fmt.Sprintf("%s is a type of Client.%s.", name, subject)
	}
	var edits []srcEdit
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Doc == nil {
			continue
		}
		c := gd.Doc.List[0]
		if m := boilerplate.FindStringSubmatch(c.Text); m != nil && gd.Tok == token.TYPE {
			edits = append(edits, srcEdit{fset.Position(c.Pos()).Offset, fset.Position(c.End()).Offset, "// " + describe(m[1], m[2], m[3])})
		} else if m := valuesBoilerplate.FindStringSubmatch(c.Text); m != nil {
			edits = append(edits, srcEdit{fset.Position(c.Pos()).Offset, fset.Position(c.End()).Offset, "// The values of " + newName(m[1]) + "."})
		}
	}
	return applyEdits(src, edits), nil
}
