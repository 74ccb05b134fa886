package renames

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"reflect"
	"sort"
	"strconv"
	"strings"
)

// Operation is one line of OPERATIONS.txt:
//
//	GET /path operationId → Method ResultType[, iterator IterName]
//	GET /path operationId → Service.Method ResultType[, iterator Service.IterName]
type Operation struct {
	HTTPMethod, Path, ID string
	// Service is the method's receiver as OPERATIONS.txt spells it, ""
	// when it names the method alone (a method of Client).
	Service string
	Method  string
	// Result is the result type as written, "" when the method returns
	// only an error.
	Result string
	// IterService and Iter name the iterator, if any.
	IterService, Iter string
}

// Target is the method as OPERATIONS.txt spells it, with "Client." when
// it names no service.
func (o Operation) Target() string { return qualify(o.Service, o.Method) }

// IterTarget is the iterator as Target spells the method, "" if none.
func (o Operation) IterTarget() string {
	if o.Iter == "" {
		return ""
	}
	return qualify(o.IterService, o.Iter)
}

func qualify(service, method string) string {
	if service == "" {
		service = "Client"
	}
	return service + "." + method
}

// ParseOperations reads OPERATIONS.txt: comment lines (//) and blank
// lines are skipped.
func ParseOperations(data []byte) ([]Operation, error) {
	var ops []Operation
	for i, line := range strings.Split(string(data), "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "//") {
			continue
		}
		left, right, ok := strings.Cut(line, "→")
		f := strings.Fields(left)
		if !ok || len(f) != 3 {
			return nil, fmt.Errorf("%s line %d: want METHOD path operationId → ...: %q", OperationsFile, i+1, line)
		}
		op := Operation{HTTPMethod: f[0], Path: f[1], ID: f[2]}
		main, iter, _ := strings.Cut(right, ", iterator ")
		main = strings.TrimSpace(main)
		target, result, _ := strings.Cut(main, " ")
		if target == "" {
			return nil, fmt.Errorf("%s line %d: no method: %q", OperationsFile, i+1, line)
		}
		op.Service, op.Method = splitTarget(target)
		op.Result = strings.TrimSpace(result)
		if iter = strings.TrimSpace(iter); iter != "" {
			op.IterService, op.Iter = splitTarget(iter)
		}
		ops = append(ops, op)
	}
	return ops, nil
}

func splitTarget(s string) (service, method string) {
	if i := strings.LastIndexByte(s, '.'); i >= 0 {
		return s[:i], s[i+1:]
	}
	return "", s
}

// pkg is a parsed generated package: its top-level declarations, by name.
type pkg struct {
	name    string
	types   map[string]*ast.TypeSpec
	funcs   map[string]*ast.FuncDecl
	methods map[string]map[string]*ast.FuncDecl // receiver type → name → decl
	// methodOrder lists each receiver's methods in source order.
	methodOrder map[string][]string
	consts      map[string]constant
	// constsOf lists the constants of each type, in source order.
	constsOf map[string][]string
	vars     map[string]bool
	ops      []Operation
	// bodies maps "<operationId> <status>" to the Go type of that
	// response's JSON body, from the responseBodies table behind
	// ResponseBody.
	bodies map[string]ast.Expr
}

type constant struct {
	typ   string // the constant's declared type, "" if untyped
	value string // its value as written
}

func parsePackage(src *Source) (*pkg, error) {
	p := &pkg{
		name:        src.Name,
		types:       map[string]*ast.TypeSpec{},
		funcs:       map[string]*ast.FuncDecl{},
		methods:     map[string]map[string]*ast.FuncDecl{},
		methodOrder: map[string][]string{},
		consts:      map[string]constant{},
		constsOf:    map[string][]string{},
		vars:        map[string]bool{},
		bodies:      map[string]ast.Expr{},
	}
	names := make([]string, 0, len(src.Files))
	for name := range src.Files {
		names = append(names, name)
	}
	sort.Strings(names)
	fset := token.NewFileSet()
	for _, name := range names {
		data := src.Files[name]
		if name == OperationsFile {
			ops, err := ParseOperations(data)
			if err != nil {
				return nil, fmt.Errorf("%s: %w", src.Name, err)
			}
			p.ops = ops
			continue
		}
		f, err := parser.ParseFile(fset, src.Name+"/"+name, data, parser.SkipObjectResolution)
		if err != nil {
			return nil, err
		}
		p.addFile(f)
	}
	if p.ops == nil {
		return nil, fmt.Errorf("%s: no %s", src.Name, OperationsFile)
	}
	return p, nil
}

func (p *pkg) addFile(f *ast.File) {
	for _, decl := range f.Decls {
		switch d := decl.(type) {
		case *ast.FuncDecl:
			if d.Recv == nil {
				p.funcs[d.Name.Name] = d
				continue
			}
			recv := baseName(d.Recv.List[0].Type)
			if p.methods[recv] == nil {
				p.methods[recv] = map[string]*ast.FuncDecl{}
			}
			p.methods[recv][d.Name.Name] = d
			p.methodOrder[recv] = append(p.methodOrder[recv], d.Name.Name)
		case *ast.GenDecl:
			p.addGenDecl(d)
		}
	}
}

func (p *pkg) addGenDecl(d *ast.GenDecl) {
	var lastType ast.Expr // an omitted type repeats the previous one (iota)
	for _, spec := range d.Specs {
		switch s := spec.(type) {
		case *ast.TypeSpec:
			p.types[s.Name.Name] = s
		case *ast.ValueSpec:
			if d.Tok == token.CONST {
				if s.Type != nil || len(s.Values) > 0 {
					lastType = s.Type
				}
				typ := ""
				if id, ok := lastType.(*ast.Ident); ok {
					typ = id.Name
				}
				for i, n := range s.Names {
					value := ""
					if i < len(s.Values) {
						value = exprString(s.Values[i])
					}
					p.consts[n.Name] = constant{typ: typ, value: value}
					if typ != "" {
						p.constsOf[typ] = append(p.constsOf[typ], n.Name)
					}
				}
				continue
			}
			for i, n := range s.Names {
				p.vars[n.Name] = true
				if n.Name == "responseBodies" && i < len(s.Values) {
					p.addBodies(s.Values[i])
				}
			}
		}
	}
}

// addBodies reads the responseBodies table:
//
//	"get_account_list 200": func() any { return new(GetAccountListResponse) },
func (p *pkg) addBodies(e ast.Expr) {
	lit, ok := e.(*ast.CompositeLit)
	if !ok {
		return
	}
	for _, elt := range lit.Elts {
		kv, ok := elt.(*ast.KeyValueExpr)
		if !ok {
			continue
		}
		key, ok := kv.Key.(*ast.BasicLit)
		if !ok {
			continue
		}
		k, err := strconv.Unquote(key.Value)
		if err != nil {
			continue
		}
		fn, ok := kv.Value.(*ast.FuncLit)
		if !ok || len(fn.Body.List) != 1 {
			continue
		}
		ret, ok := fn.Body.List[0].(*ast.ReturnStmt)
		if !ok || len(ret.Results) != 1 {
			continue
		}
		call, ok := ret.Results[0].(*ast.CallExpr)
		if !ok || len(call.Args) != 1 {
			continue
		}
		if id, ok := call.Fun.(*ast.Ident); ok && id.Name == "new" {
			p.bodies[k] = call.Args[0]
		}
	}
}

// isType reports whether name is a type the package declares.
func (p *pkg) isType(name string) bool { _, ok := p.types[name]; return ok }

// localType returns the name of the package's own type e is, "" if e is
// not one (a builtin, another package's type, a literal type).
func (p *pkg) localType(e ast.Expr) string {
	if id, ok := e.(*ast.Ident); ok && p.isType(id.Name) {
		return id.Name
	}
	return ""
}

// method returns the declaration of a method, nil if there is none.
func (p *pkg) method(recv, name string) *ast.FuncDecl {
	return p.methods[recv][name]
}

// serviceType returns the receiver type of a service's methods: the type
// of Client's field or method (without arguments) of that name, or a type
// named after the service (S, SService, SClient).
func (p *pkg) serviceType(service string) string {
	if service == "" || service == "Client" {
		return "Client"
	}
	if ts := p.types["Client"]; ts != nil {
		if st, ok := ts.Type.(*ast.StructType); ok {
			for _, f := range st.Fields.List {
				for _, n := range f.Names {
					if n.Name == service {
						if t := baseName(f.Type); p.isType(t) {
							return t
						}
					}
				}
			}
		}
	}
	if m := p.method("Client", service); m != nil && m.Type.Params.NumFields() == 0 && m.Type.Results.NumFields() == 1 {
		if t := baseName(m.Type.Results.List[0].Type); p.isType(t) {
			return t
		}
	}
	for _, t := range []string{service, service + "Service", service + "Client"} {
		if len(p.methods[t]) > 0 {
			return t
		}
	}
	return ""
}

// opMethod returns the declaration of an operation's method (or, with
// iter, its iterator), nil if it cannot be found.
func (p *pkg) opMethod(op Operation, iter bool) *ast.FuncDecl {
	service, method := op.Service, op.Method
	if iter {
		service, method = op.IterService, op.Iter
	}
	if method == "" {
		return nil
	}
	recv := p.serviceType(service)
	if recv == "" {
		return nil
	}
	return p.method(recv, method)
}

// baseName is the name of a (pointer to a) named type, "" otherwise.
func baseName(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.IndexExpr: // a generic receiver, T[X]
			e = t.X
		case *ast.IndexListExpr:
			e = t.X
		case *ast.Ident:
			return t.Name
		default:
			return ""
		}
	}
}

// jsonName is a struct field's JSON member name, "" if it has none (no
// tag, or "-").
func jsonName(f *ast.Field) string {
	if f.Tag == nil {
		return ""
	}
	tag, err := strconv.Unquote(f.Tag.Value)
	if err != nil {
		return ""
	}
	name, _, _ := strings.Cut(reflect.StructTag(tag).Get("json"), ",")
	if name == "-" {
		return ""
	}
	return name
}

// calls lists the package's exported functions a function body calls,
// then those they call, in the order they appear.
func (p *pkg) calls(body *ast.BlockStmt) []string {
	var out []string
	seen := map[string]bool{}
	queue := []*ast.BlockStmt{body}
	for len(queue) > 0 {
		b := queue[0]
		queue = queue[1:]
		if b == nil {
			continue
		}
		ast.Inspect(b, func(n ast.Node) bool {
			call, ok := n.(*ast.CallExpr)
			if !ok {
				return true
			}
			id, ok := call.Fun.(*ast.Ident)
			if !ok || !ast.IsExported(id.Name) || seen[id.Name] {
				return true
			}
			if fn := p.funcs[id.Name]; fn != nil {
				seen[id.Name] = true
				out = append(out, id.Name)
				queue = append(queue, fn.Body)
			}
			return true
		})
	}
	return out
}
