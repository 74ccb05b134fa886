package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// ExtraFieldsName is the field every generated JSON struct gets for the
// members a response carries that its schema does not declare.
const ExtraFieldsName = "ExtraFields"

// AddExtraFields makes every JSON struct type of the generated source src
// lossless: it gets an ExtraFields field of type altegio.ExtraFields, which
// altegio.Unmarshal fills with the members the type does not declare, and
// UnmarshalJSON and MarshalJSON methods that keep them on a round trip.
//
// Left alone are the types that have their own JSON methods (unions and
// types with additional properties, which keep every member already), the
// query parameter structs (<Op>Params), multipart bodies and the Client.
func AddExtraFields(src []byte) ([]byte, int, error) {
	fset, f, err := parseGenerated(src)
	if err != nil {
		return nil, 0, err
	}
	return addExtraFields(fset, f, src)
}

// AddExtraFieldsAndGetters is AddGetters(AddExtraFields(src)), parsing src
// once: the fields and methods AddExtraFields adds give AddGetters nothing
// to do (ExtraFields is no pointer) and take no getter's name.
func AddExtraFieldsAndGetters(src []byte) (out []byte, lossless, getters int, err error) {
	edited, methods, lossless, getters, err := addExtraFieldsAndGetters(src)
	if err != nil {
		return nil, 0, 0, err
	}
	return append(edited, methods...), lossless, getters, nil
}

// addExtraFieldsAndGetters is AddExtraFieldsAndGetters with the new source
// in two parts: src with the ExtraFields fields, and the methods that go
// after it (which the format step parses apart, at the same time).
func addExtraFieldsAndGetters(src []byte) (edited, methods []byte, lossless, getters int, err error) {
	fset, f, err := parseGenerated(src)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	edited, extra, lossless, err := extraFields(fset, f, src)
	if err != nil {
		return nil, nil, 0, 0, err
	}
	if getters, err = addGetters(fset, f, extra); err != nil {
		return nil, nil, 0, 0, err
	}
	return edited, extra.Bytes(), lossless, getters, nil
}

// parseGenerated parses oapi-codegen's output for AddExtraFields and
// AddGetters.
func parseGenerated(src []byte) (*token.FileSet, *ast.File, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.go", src, parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("generated code does not parse: %s", oneLine(err))
	}
	return fset, f, nil
}

// addExtraFields is AddExtraFields on src parsed as f.
func addExtraFields(fset *token.FileSet, f *ast.File, src []byte) ([]byte, int, error) {
	edited, methods, n, err := extraFields(fset, f, src)
	if err != nil {
		return nil, 0, err
	}
	return append(edited, methods.Bytes()...), n, nil
}

// extraFields is addExtraFields with src edited and the methods to add
// after it apart.
func extraFields(fset *token.FileSet, f *ast.File, src []byte) (edited []byte, methods *bytes.Buffer, n int, err error) {
	hasJSONMethods := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			if n := fd.Name.Name; n == "MarshalJSON" || n == "UnmarshalJSON" {
				hasJSONMethods[receiverName(fd.Recv)] = true
			}
		}
	}
	var inserts []srcEdit
	methods = &bytes.Buffer{}
	lossless := map[string]bool{}
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			st, ok := ts.Type.(*ast.StructType)
			name := ts.Name.Name
			if !ok || ts.Assign.IsValid() || !losslessStruct(name) || hasJSONMethods[name] {
				continue
			}
			for _, fld := range st.Fields.List {
				for _, n := range fld.Names {
					if n.Name == ExtraFieldsName {
						return nil, nil, 0, fmt.Errorf("type %s: a declared property is named %s, the field that keeps undeclared members", name, ExtraFieldsName)
					}
				}
			}
			at := fset.Position(st.Fields.Closing).Offset
			inserts = append(inserts, srcEdit{
				at:  at,
				end: at,
				text: fmt.Sprintf("\n// %s holds the members Altegio sent that %s does not declare, as raw JSON;\n"+
					"// read one with altegio.Extra. Members set here are sent too.\n"+
					"%s altegio.ExtraFields `json:\"-\"`\n", ExtraFieldsName, name, ExtraFieldsName),
			})
			writeExtraMethods(methods, name)
			lossless[name] = true
		}
	}
	// A defined type over a lossless struct (type XJSONRequestBody XJSONBody)
	// has its fields, ExtraFields included, but not its methods.
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE {
			continue
		}
		for _, spec := range gd.Specs {
			ts := spec.(*ast.TypeSpec)
			id, ok := ts.Type.(*ast.Ident)
			if ok && !ts.Assign.IsValid() && lossless[id.Name] && !hasJSONMethods[ts.Name.Name] {
				writeExtraMethods(methods, ts.Name.Name)
			}
		}
	}
	return applyEdits(src, inserts), methods, len(inserts), nil
}

// losslessStruct reports whether a generated struct type named name is
// JSON that comes from or goes to Altegio, and so gets ExtraFields.
func losslessStruct(name string) bool {
	switch {
	case clientDecls[name], strings.HasSuffix(name, "Params"), strings.HasSuffix(name, "MultipartBody"):
		return false
	}
	return true
}

// writeExtraMethods writes the UnmarshalJSON and MarshalJSON methods of the
// lossless struct type name.
func writeExtraMethods(methods *bytes.Buffer, name string) {
	fmt.Fprintf(methods, `
// UnmarshalJSON decodes %[1]s with altegio.Unmarshal's lenient rules, keeping
// the members it does not declare in %[2]s.
func (v *%[1]s) UnmarshalJSON(data []byte) error {
	type plain %[1]s
	return altegio.Unmarshal(data, (*plain)(v))
}

// MarshalJSON encodes %[1]s with the members of its %[2]s.
func (v %[1]s) MarshalJSON() ([]byte, error) {
	type plain %[1]s
	return plumbing.MarshalWithExtra(plain(v), v.%[2]s)
}
`, name, ExtraFieldsName)
}
