package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/printer"
	"go/token"
)

// AddGetters gives every pointer field F of the JSON struct types in src a
// nil-safe getter, as go-github does: GetF returns *F, or the zero value
// when the field or the receiver is nil, so that reading a response takes
// no nil checks: resp.GetData().GetClient().GetName(). A field that points
// to a struct of the package has a getter that returns the pointer (nil
// when absent), whose own getters are nil-safe. Fields whose getter name
// is taken are left without one. It returns the new source and the
// number of getters.
func AddGetters(src []byte) ([]byte, int, error) {
	fset, f, err := parseGenerated(src)
	if err != nil {
		return nil, 0, err
	}
	var out bytes.Buffer
	out.Write(src)
	n, err := addGetters(fset, f, &out)
	if err != nil {
		return nil, 0, err
	}
	return out.Bytes(), n, nil
}

// addGetters writes to out the getters of the struct types of f and
// returns how many it wrote.
func addGetters(fset *token.FileSet, f *ast.File, out *bytes.Buffer) (int, error) {
	structs := map[string]bool{}
	taken := map[string]map[string]bool{} // type → field and method names
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				ts, ok := s.(*ast.TypeSpec)
				if !ok {
					continue
				}
				if st, ok := ts.Type.(*ast.StructType); ok && !ts.Assign.IsValid() && ts.TypeParams == nil {
					structs[ts.Name.Name] = true
					for _, fl := range st.Fields.List {
						for _, n := range fl.Names {
							addName(taken, ts.Name.Name, n.Name)
						}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv != nil {
				addName(taken, receiverName(d.Recv), d.Name.Name)
			}
		}
	}
	n := 0
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, s := range gd.Specs {
			ts := s.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			name := ts.Name.Name
			if !ok || !structs[name] || !ast.IsExported(name) || clientDecls[name] {
				continue
			}
			for _, fl := range st.Fields.List {
				star, ok := fl.Type.(*ast.StarExpr)
				if !ok {
					continue
				}
				for _, fn := range fl.Names {
					getter := "Get" + fn.Name
					if !fn.IsExported() || taken[name][getter] {
						continue
					}
					var elem bytes.Buffer
					if err := printer.Fprint(&elem, fset, star.X); err != nil {
						return 0, err
					}
					if id, ok := star.X.(*ast.Ident); ok && structs[id.Name] {
						fmt.Fprintf(out, "\n// %[3]s returns %[2]s, or nil when %[1]s is nil.\nfunc (v *%[1]s) %[3]s() *%[4]s {\n\tif v == nil {\n\t\treturn nil\n\t}\n\treturn v.%[2]s\n}\n", name, fn.Name, getter, elem.String())
					} else {
						fmt.Fprintf(out, "\n// %[3]s returns %[2]s, or its zero value when %[1]s or %[2]s is nil.\nfunc (v *%[1]s) %[3]s() (zero %[4]s) {\n\tif v == nil || v.%[2]s == nil {\n\t\treturn zero\n\t}\n\treturn *v.%[2]s\n}\n", name, fn.Name, getter, elem.String())
					}
					n++
				}
			}
		}
	}
	return n, nil
}

func addName(m map[string]map[string]bool, typ, name string) {
	if m[typ] == nil {
		m[typ] = map[string]bool{}
	}
	m[typ][name] = true
}
