// Package generated_test checks that the committed clients cover every
// operation of the locked specs.
package generated_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
)

// operation is one operation as the raw, unpatched spec declares it.
type operation struct {
	Method, Path, ID string
	Deprecated       bool
}

// specOperations lists the operations of the locked spec of api, read
// straight from its YAML so that nothing the pipeline does can hide one.
func specOperations(t *testing.T, api gen.API) []operation {
	t.Helper()
	spec := spectest.Spec(t, api)
	var doc struct {
		Paths map[string]map[string]struct {
			OperationID string `yaml:"operationId"`
			Deprecated  bool   `yaml:"deprecated"`
		} `yaml:"paths"`
	}
	if err := yaml.Unmarshal(spec.Data, &doc); err != nil {
		t.Fatal(err)
	}
	var ops []operation
	for path, item := range doc.Paths {
		for method, op := range item {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
				ops = append(ops, operation{strings.ToUpper(method), path, op.OperationID, op.Deprecated})
			}
		}
	}
	return ops
}

// goName turns an operationId into its Go method name, as the generator
// names it (gen.GoMethodName, with Go's initialisms): list_positions →
// ListPositions, get_visit_receipt_pdf → GetVisitReceiptPDF.
func goName(id string) string { return gen.GoMethodName(id) }

func TestEveryOperationHasMethods(t *testing.T) {
	clients := map[string]reflect.Type{
		"b2b-v1": reflect.TypeFor[*b2bv1.Client](),
		"b2b-v2": reflect.TypeFor[*b2bv2.Client](),
	}
	want := map[string]int{"b2b-v1": 260, "b2b-v2": 42}
	total := 0
	for _, api := range gen.APIs {
		ops := specOperations(t, api)
		if len(ops) != want[api.Name] {
			t.Errorf("%s: the locked spec has %d operations, want %d", api.Name, len(ops), want[api.Name])
		}
		missing := 0
		for _, op := range ops {
			name := goName(op.ID)
			m, ok := clients[api.Name].MethodByName(name)
			if !ok {
				t.Errorf("%s: %s %s (%s): no method Client.%s", api.Name, op.Method, op.Path, op.ID, name)
				missing++
				continue
			}
			// ctx first, options last, an error last among the results.
			mt := m.Type
			if mt.In(1) != reflect.TypeFor[context.Context]() || !mt.IsVariadic() || mt.In(mt.NumIn()-1) != reflect.TypeFor[[]altegio.CallOption]() || mt.Out(mt.NumOut()-1) != reflect.TypeFor[error]() {
				t.Errorf("%s: Client.%s has signature %v", api.Name, name, mt)
			}
		}
		if missing == 0 {
			total += len(ops)
		}
	}
	if total != 302 {
		t.Errorf("%d/302 operations have methods", total)
	}
}

func TestDeprecatedOperationsAreMarked(t *testing.T) {
	root := spectest.ModuleRoot(t)
	want := map[string]int{"b2b-v1": 16, "b2b-v2": 0}
	for _, api := range gen.APIs {
		docs := clientMethodDocs(t, filepath.Join(root, api.OutputDir()))
		n := 0
		for _, op := range specOperations(t, api) {
			doc, ok := docs[goName(op.ID)]
			if !ok {
				t.Errorf("%s: no Client.%s in %s", api.Name, goName(op.ID), api.OutputDir())
				continue
			}
			marked := strings.Contains(doc, "\nDeprecated:")
			if marked != op.Deprecated {
				t.Errorf("%s: %s: deprecated in spec = %v, but its method's doc has a Deprecated: paragraph = %v", api.Name, op.ID, op.Deprecated, marked)
			}
			if op.Deprecated {
				n++
			}
		}
		if n != want[api.Name] {
			t.Errorf("%s: %d deprecated operations, want %d", api.Name, n, want[api.Name])
		}
	}
}

// clientMethodDocs maps the names of the methods on Client in the Go files of dir to their
// doc comments.
func clientMethodDocs(t *testing.T, dir string) map[string]string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no Go files in %s: %v", dir, err)
	}
	docs := map[string]string{}
	for _, file := range files {
		f, err := parser.ParseFile(token.NewFileSet(), file, nil, parser.ParseComments)
		if err != nil {
			t.Fatal(err)
		}
		clientDocsOf(f, docs)
	}
	return docs
}

// clientDocsOf adds the doc comments of the Client methods declared in f
// to docs.
func clientDocsOf(f *ast.File, docs map[string]string) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && id.Name == "Client" {
				docs[fd.Name.Name] = "\n" + fd.Doc.Text()
			}
		}
	}
}
