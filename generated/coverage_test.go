// Package generated_test checks that the committed clients cover every
// operation of the locked specs.
package generated_test

import (
	"context"
	"go/ast"
	"go/parser"
	"go/token"
	"iter"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
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

// operationMethods maps, for each API, every operationId to the service
// method that calls it ("Appointments.List"), as the package's
// OPERATIONS.txt lists them.
var operationMethods = sync.OnceValues(func() (map[string]map[string]string, error) {
	out := map[string]map[string]string{}
	for _, api := range gen.APIs {
		// The tests run in generated/, one level below the module root.
		b, err := os.ReadFile(filepath.Join("..", api.OutputDir(), gen.InventoryFile))
		if err != nil {
			return nil, err
		}
		out[api.Name] = map[string]string{}
		for _, line := range strings.Split(string(b), "\n") {
			left, right, ok := strings.Cut(line, " → ")
			if f := strings.Fields(left); ok && len(f) == 3 && !strings.HasPrefix(line, "//") {
				out[api.Name][f[2]] = strings.Fields(right)[0]
			}
		}
	}
	return out, nil
})

// goName returns the service method of api's operation id, such as
// "Appointments.List" for get_appointment_list, or "" when OPERATIONS.txt
// lists none.
func goName(api, id string) string {
	m, err := operationMethods()
	if err != nil {
		return ""
	}
	return m[api][id]
}

// methodOf returns the method that calls api's operation id, on the
// service of the API type t (*b2bv1.API), receiver first.
func methodOf(t reflect.Type, api, id string) (reflect.Method, bool) {
	svc, method, ok := strings.Cut(goName(api, id), ".")
	if !ok {
		return reflect.Method{}, false
	}
	f, ok := t.Elem().FieldByName(svc)
	if !ok {
		return reflect.Method{}, false
	}
	return f.Type.MethodByName(method)
}

// methodValue returns the method that calls api's operation id, bound to
// the client v (a *b2bv1.API), or the zero Value.
func methodValue(v reflect.Value, api, id string) reflect.Value {
	svc, method, ok := strings.Cut(goName(api, id), ".")
	if !ok {
		return reflect.Value{}
	}
	f := v.Elem().FieldByName(svc)
	if !f.IsValid() {
		return reflect.Value{}
	}
	return f.MethodByName(method)
}

// serviceMethods yields every method of every service of the client v (a
// *b2bv1.API), as "Service.Method" and the method bound to its service.
func serviceMethods(v reflect.Value) iter.Seq2[string, reflect.Value] {
	return func(yield func(string, reflect.Value) bool) {
		api := v.Elem()
		for i := range api.NumField() {
			f := api.Type().Field(i)
			if !f.IsExported() || f.Type.Kind() != reflect.Pointer || !strings.HasSuffix(f.Type.Elem().Name(), "Service") {
				continue
			}
			svc := api.Field(i)
			for j := range svc.NumMethod() {
				if !yield(f.Name+"."+svc.Type().Method(j).Name, svc.Method(j)) {
					return
				}
			}
		}
	}
}

// apiOf is the name of the API whose client type t is.
func apiOf(t reflect.Type) string {
	switch t {
	case reflect.TypeFor[*b2bv1.API]():
		return "b2b-v1"
	case reflect.TypeFor[*b2bv2.API]():
		return "b2b-v2"
	}
	return ""
}

func TestEveryOperationHasMethods(t *testing.T) {
	clients := map[string]reflect.Type{
		"b2b-v1": reflect.TypeFor[*b2bv1.API](),
		"b2b-v2": reflect.TypeFor[*b2bv2.API](),
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
			name := goName(api.Name, op.ID)
			m, ok := methodOf(clients[api.Name], api.Name, op.ID)
			if !ok {
				t.Errorf("%s: %s %s (%s): no method %q", api.Name, op.Method, op.Path, op.ID, name)
				missing++
				continue
			}
			// ctx first, options last, an error last among the results.
			mt := m.Type
			if mt.In(1) != reflect.TypeFor[context.Context]() || !mt.IsVariadic() || mt.In(mt.NumIn()-1) != reflect.TypeFor[[]altegio.CallOption]() || mt.Out(mt.NumOut()-1) != reflect.TypeFor[error]() {
				t.Errorf("%s: %s has signature %v", api.Name, name, mt)
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
			doc, ok := docs[goName(api.Name, op.ID)]
			if !ok {
				t.Errorf("%s: no %s in %s", api.Name, goName(api.Name, op.ID), api.OutputDir())
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

// clientMethodDocs maps the service methods ("Appointments.List") in the Go
// files of dir to their doc comments.
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

// clientDocsOf adds the doc comments of the service methods declared in f
// to docs.
func clientDocsOf(f *ast.File, docs map[string]string) {
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil || len(fd.Recv.List) == 0 {
			continue
		}
		if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Service") {
				docs[strings.TrimSuffix(id.Name, "Service")+"."+fd.Name.Name] = "\n" + fd.Doc.Text()
			}
		}
	}
}
