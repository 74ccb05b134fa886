package generated_test

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"os"
	"path/filepath"
	"sort"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// maxNameLen is the longest exported name the generated packages may
// declare.
const maxNameLen = 60

// styleProblems lists what the style gate finds in the Go files of dir:
// exported identifiers (types, functions, methods, constants, variables
// and struct fields) with an underscore or longer than maxNameLen, and
// exported top-level declarations without a doc comment (a const or var
// block's comment counts for its members).
func styleProblems(t *testing.T, dir string) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	var problems []string
	fset := token.NewFileSet()
	for _, file := range files {
		if strings.HasSuffix(file, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(fset, file, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		name := func(id *ast.Ident, doc bool) {
			if !id.IsExported() {
				return
			}
			pos := fset.Position(id.Pos())
			at := fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
			switch {
			case strings.Contains(id.Name, "_"):
				problems = append(problems, fmt.Sprintf("%s: %s has an underscore", at, id.Name))
			case len(id.Name) > maxNameLen:
				problems = append(problems, fmt.Sprintf("%s: %s is %d characters long", at, id.Name, len(id.Name)))
			}
			if !doc {
				problems = append(problems, fmt.Sprintf("%s: %s has no doc comment", at, id.Name))
			}
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if d.Recv != nil && !ast.IsExported(receiverBase(d.Recv)) {
					continue
				}
				name(d.Name, d.Doc != nil)
			case *ast.GenDecl:
				for _, s := range d.Specs {
					switch s := s.(type) {
					case *ast.TypeSpec:
						name(s.Name, d.Doc != nil || s.Doc != nil)
						ast.Inspect(s.Type, func(n ast.Node) bool {
							if fl, ok := n.(*ast.Field); ok {
								for _, id := range fl.Names {
									name(id, true)
								}
							}
							return true
						})
					case *ast.ValueSpec:
						for _, id := range s.Names {
							name(id, d.Doc != nil || s.Doc != nil)
						}
					}
				}
			}
		}
	}
	sort.Strings(problems)
	return problems
}

func receiverBase(fl *ast.FieldList) string {
	t := fl.List[0].Type
	if st, ok := t.(*ast.StarExpr); ok {
		t = st.X
	}
	if id, ok := t.(*ast.Ident); ok {
		return id.Name
	}
	return ""
}

// TestGeneratedStyle is the style gate of the generated packages: no
// exported identifier with an underscore or over maxNameLen characters,
// none without a doc comment.
func TestGeneratedStyle(t *testing.T) {
	root := spectest.ModuleRoot(t)
	for _, api := range gen.APIs {
		problems := styleProblems(t, filepath.Join(root, api.OutputDir()))
		if len(problems) > 0 {
			shown := problems
			if len(shown) > 30 {
				shown = shown[:30]
			}
			t.Errorf("%s: %d style problems:\n%s", api.Name, len(problems), strings.Join(shown, "\n"))
		}
	}
}

// TestStyleGateFails: the gate finds each kind of problem.
func TestStyleGateFails(t *testing.T) {
	dir := t.TempDir()
	src := "package p\n\n// Good is fine.\ntype Good struct{ Bad_Field int }\n\ntype NoDoc int\n\n// " +
		strings.Repeat("L", 61) + " is long.\ntype " + strings.Repeat("L", 61) + " int\n"
	if err := os.WriteFile(filepath.Join(dir, "p.go"), []byte(src), 0o644); err != nil {
		t.Fatal(err)
	}
	got := strings.Join(styleProblems(t, dir), "\n")
	for _, want := range []string{"Bad_Field has an underscore", "NoDoc has no doc comment", " is 61 characters long"} {
		if !strings.Contains(got, want) {
			t.Errorf("the gate misses %q; it found:\n%s", want, got)
		}
	}
}
