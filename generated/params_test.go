package generated_test

import (
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
)

// TestNoTransportParams checks every exported *Params struct of the
// generated packages: none has a field for Accept, Content-Type or
// Authorization, by Go name or by wire name (form or json tag). The runtime
// sets those headers itself; a field would invite callers to pass the token
// by hand, and for a query parameter, into the URL.
func TestNoTransportParams(t *testing.T) {
	transportFields := []string{"Accept", "ContentType", "Authorization"}
	for _, pkg := range []string{"b2bv1", "b2bv2"} {
		t.Run(pkg, func(t *testing.T) {
			files, err := filepath.Glob(filepath.Join(pkg, "*.go"))
			if err != nil {
				t.Fatal(err)
			}
			if len(files) == 0 {
				t.Fatalf("no Go files in %s", pkg)
			}
			structs := 0
			for _, file := range files {
				src, err := os.ReadFile(file)
				if err != nil {
					t.Fatal(err)
				}
				f, err := parser.ParseFile(token.NewFileSet(), file, src, parser.SkipObjectResolution)
				if err != nil {
					t.Fatal(err)
				}
				for _, d := range f.Decls {
					gd, ok := d.(*ast.GenDecl)
					if !ok || gd.Tok != token.TYPE {
						continue
					}
					for _, spec := range gd.Specs {
						ts := spec.(*ast.TypeSpec)
						st, ok := ts.Type.(*ast.StructType)
						if !ok || !ts.Name.IsExported() || !strings.HasSuffix(ts.Name.Name, "Params") {
							continue
						}
						structs++
						for _, field := range st.Fields.List {
							var tag reflect.StructTag
							if field.Tag != nil {
								s, err := strconv.Unquote(field.Tag.Value)
								if err != nil {
									t.Fatalf("%s: %s: bad tag %s", file, ts.Name.Name, field.Tag.Value)
								}
								tag = reflect.StructTag(s)
							}
							for _, name := range field.Names {
								for _, bad := range transportFields {
									if name.Name == bad {
										t.Errorf("%s: %s has a field %s", file, ts.Name.Name, name.Name)
									}
								}
								for _, key := range []string{"form", "json"} {
									wire, _, _ := strings.Cut(tag.Get(key), ",")
									if gen.IsTransportHeader(wire) {
										t.Errorf("%s: %s.%s is sent as %q (%s tag)", file, ts.Name.Name, name.Name, wire, key)
									}
								}
							}
						}
					}
				}
			}
			// Both packages have many query parameter structs: make sure
			// the walk saw them.
			if structs < 10 {
				t.Fatalf("%s: found only %d *Params structs; the test no longer sees the generated code", pkg, structs)
			}
			t.Logf("%s: %d *Params structs checked", pkg, structs)
		})
	}
}
