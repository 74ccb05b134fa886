package gen

import (
	"bytes"
	"fmt"
	"go/ast"
	"go/parser"
	"go/printer"
	"go/token"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
	"golang.org/x/tools/imports"

	"github.com/altegio-go/altegio/templates"
)

// FileIterators is the generated file that holds the paged-list iterators.
const FileIterators = "iterators.go"

// pageSizeParams are the query parameters that set a page's size, in the
// order they are looked for.
var pageSizeParams = []string{"count", "limit", "page_size", "per_page"}

// Pageable is an operation that lists items page by page.
type Pageable struct {
	OperationID string // as in the spec
	PageParam   string // "page"
	SizeParam   string // "count", "limit", ...
}

// PageableOperations lists the operations of doc that take a page query
// parameter and a page-size one, in operationId order.
func PageableOperations(doc *openapi3.T) []Pageable {
	var out []Pageable
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		names := map[string]bool{}
		for _, params := range []openapi3.Parameters{item.Parameters, op.Parameters} {
			for _, p := range params {
				if p != nil && p.Value != nil && p.Value.In == openapi3.ParameterInQuery {
					names[p.Value.Name] = true
				}
			}
		}
		if !names["page"] {
			return
		}
		for _, size := range pageSizeParams {
			if names[size] {
				out = append(out, Pageable{OperationID: op.OperationID, PageParam: "page", SizeParam: size})
				return
			}
		}
	})
	slices.SortFunc(out, func(a, b Pageable) int { return strings.Compare(a.OperationID, b.OperationID) })
	return out
}

// iterator is what iterators.gotmpl needs to render one iterator.
type iterator struct {
	Method, ParamsType, Item  string
	PathArgs, PathNames       string
	PageField, PageType       string
	SizeField                 string
	PagePointer, SizePointer  bool
	LimitExpr, TotalExpr      string
	TotalPointer, DataPointer bool
}

// BuildIterators renders the iterators of the pageable operations from the
// formatted files of a generated package. An operation whose success body
// has no "data" list gets no iterator, and is listed in skipped with the
// reason.
func BuildIterators(pkg string, h Header, pageables []Pageable, files map[string][]byte) (src []byte, skipped []string, err error) {
	g, err := parsePackage(files)
	if err != nil {
		return nil, nil, err
	}
	var its []iterator
	for _, p := range pageables {
		it, reason := g.iterator(p)
		if reason != "" {
			skipped = append(skipped, p.OperationID+": "+reason)
			continue
		}
		its = append(its, it)
	}
	if len(its) == 0 {
		return nil, skipped, nil
	}
	text, err := templates.Text("iterators.gotmpl")
	if err != nil {
		return nil, nil, err
	}
	tmpl, err := template.New("iterators.gotmpl").Parse(text)
	if err != nil {
		return nil, nil, fmt.Errorf("templates/iterators.gotmpl: %w", err)
	}
	var b bytes.Buffer
	fmt.Fprintf(&b, "%s\npackage %s\n\nimport (\n\t\"context\"\n\t\"iter\"\n\n\t%q\n)\n", h, pkg, RuntimeImport)
	if err := tmpl.Execute(&b, its); err != nil {
		return nil, nil, fmt.Errorf("templates/iterators.gotmpl: %w", err)
	}
	out, err := imports.Process(FileIterators, b.Bytes(), &imports.Options{Comments: true, TabIndent: true, TabWidth: 8})
	if err != nil {
		return nil, nil, fmt.Errorf("formatting %s: %s", FileIterators, oneLine(err))
	}
	return out, skipped, nil
}

// goPackage is the parsed declarations of a generated package.
type goPackage struct {
	fset    *token.FileSet
	methods map[string]*ast.FuncDecl // Client methods by spec operationId
	structs map[string]*ast.StructType
	aliases map[string]ast.Expr
}

func parsePackage(files map[string][]byte) (*goPackage, error) {
	g := &goPackage{fset: token.NewFileSet(), methods: map[string]*ast.FuncDecl{}, structs: map[string]*ast.StructType{}, aliases: map[string]ast.Expr{}}
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(g.fset, name, files[name], parser.ParseComments)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", name, oneLine(err))
		}
		for _, d := range f.Decls {
			switch d := d.(type) {
			case *ast.FuncDecl:
				if receiverName(d.Recv) == "Client" && d.Doc != nil {
					// The doc starts "<Method> calls <operationId>".
					if f := strings.Fields(d.Doc.Text()); len(f) >= 3 && f[1] == "calls" {
						g.methods[strings.TrimSuffix(f[2], ":")] = d
					}
				}
			case *ast.GenDecl:
				for _, s := range d.Specs {
					ts, ok := s.(*ast.TypeSpec)
					if !ok {
						continue
					}
					if st, ok := ts.Type.(*ast.StructType); ok {
						g.structs[ts.Name.Name] = st
					} else {
						g.aliases[ts.Name.Name] = ts.Type
					}
				}
			}
		}
	}
	return g, nil
}

// iterator works out the iterator of p, or why it has none.
func (g *goPackage) iterator(p Pageable) (iterator, string) {
	m := g.methods[p.OperationID]
	if m == nil {
		return iterator{}, "no Client method"
	}
	it := iterator{Method: m.Name.Name}
	params := m.Type.Params.List
	var pathArgs, pathNames []string
	for _, f := range params[1:] {
		typ := g.expr(f.Type)
		for _, n := range f.Names {
			switch {
			case n.Name == "params":
				it.ParamsType = strings.TrimPrefix(typ, "*")
			case n.Name == "opts" || n.Name == "body" || n.Name == "contentType":
			default:
				pathArgs = append(pathArgs, ", "+n.Name+" "+typ)
				pathNames = append(pathNames, ", "+n.Name)
			}
		}
	}
	if it.ParamsType == "" {
		return iterator{}, "no params argument"
	}
	it.PathArgs, it.PathNames = strings.Join(pathArgs, ""), strings.Join(pathNames, "")
	var ok bool
	if it.PageField, it.PageType, it.PagePointer, ok = g.field(it.ParamsType, "form", p.PageParam); !ok {
		return iterator{}, "no " + p.PageParam + " field in " + it.ParamsType
	}
	if it.SizeField, _, it.SizePointer, ok = g.field(it.ParamsType, "form", p.SizeParam); !ok {
		return iterator{}, "no " + p.SizeParam + " field in " + it.ParamsType
	}
	results := m.Type.Results.List
	if len(results) != 2 {
		return iterator{}, "the method returns no body"
	}
	body := strings.TrimPrefix(g.expr(results[0].Type), "*")
	dataField, dataType, dataPtr, ok := g.field(body, "json", "data")
	if !ok || !strings.HasPrefix(dataType, "[]") {
		return iterator{}, "the success body " + body + " has no data list"
	}
	it.Item, it.DataPointer = strings.TrimPrefix(dataType, "[]"), dataPtr
	if dataField != "Data" {
		return iterator{}, "the data list is not the Data field"
	}
	if metaField, metaType, metaPtr, ok := g.field(body, "json", "meta"); ok && !metaPtr {
		if pagField, pagType, pagPtr, ok := g.field(metaType, "json", "pagination"); ok && !pagPtr {
			if limField, limType, limPtr, ok := g.field(pagType, "json", "limit"); ok && !limPtr && isIntType(limType) {
				it.LimitExpr = fmt.Sprintf("int(res.%s.%s.%s)", metaField, pagField, limField)
			}
		}
		if totField, totType, totPtr, ok := g.field(metaType, "json", "total_count"); ok && isIntType(strings.TrimPrefix(totType, "*")) {
			it.TotalExpr, it.TotalPointer = fmt.Sprintf("res.%s.%s", metaField, totField), totPtr
		}
	}
	return it, ""
}

func isIntType(t string) bool {
	switch t {
	case "int", "int32", "int64":
		return true
	}
	return false
}

// field finds the field of struct typeName whose tagKey tag names name, and
// returns its Go name, its type without a leading pointer, and whether it
// was a pointer.
func (g *goPackage) field(typeName, tagKey, name string) (string, string, bool, bool) {
	st := g.structs[typeName]
	for st == nil {
		alias, ok := g.aliases[typeName]
		if !ok {
			return "", "", false, false
		}
		id, ok := alias.(*ast.Ident)
		if !ok {
			return "", "", false, false
		}
		typeName = id.Name
		st = g.structs[typeName]
	}
	for _, f := range st.Fields.List {
		if f.Tag == nil || len(f.Names) != 1 {
			continue
		}
		tag, err := strconv.Unquote(f.Tag.Value)
		if err != nil {
			continue
		}
		v, _, _ := strings.Cut(reflect.StructTag(tag).Get(tagKey), ",")
		if v != name {
			continue
		}
		typ := g.expr(f.Type)
		return f.Names[0].Name, strings.TrimPrefix(typ, "*"), strings.HasPrefix(typ, "*"), true
	}
	return "", "", false, false
}

func (g *goPackage) expr(e ast.Expr) string {
	var b bytes.Buffer
	printer.Fprint(&b, g.fset, e)
	return b.String()
}
