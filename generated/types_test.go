package generated_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"net/http"
	"os"
	"path/filepath"
	"reflect"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
)

// typesPackage is the parsed non-test source of one generated package.
type typesPackage struct {
	dir   string
	fset  *token.FileSet
	files []*ast.File
	// types maps each declared type name to its spec.
	types map[string]*ast.TypeSpec
	// enums holds the types that have constants declared (string enums).
	enums map[string]bool
}

func parseTypesPackage(t *testing.T, dir string) *typesPackage {
	t.Helper()
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil || len(names) == 0 {
		t.Fatalf("%s: no Go files (%v)", dir, err)
	}
	p := &typesPackage{dir: dir, fset: token.NewFileSet(), types: map[string]*ast.TypeSpec{}, enums: map[string]bool{}}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(p.fset, name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			t.Fatal(err)
		}
		p.files = append(p.files, f)
		for _, d := range f.Decls {
			gd, ok := d.(*ast.GenDecl)
			if !ok {
				continue
			}
			for _, s := range gd.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					p.types[s.Name.Name] = s
				case *ast.ValueSpec:
					if id, ok := s.Type.(*ast.Ident); ok && gd.Tok == token.CONST {
						p.enums[id.Name] = true
					}
				}
			}
		}
	}
	return p
}

func (p *typesPackage) pos(n ast.Node) string {
	pos := p.fset.Position(n.Pos())
	return fmt.Sprintf("%s:%d", filepath.Base(pos.Filename), pos.Line)
}

// underlying follows the package's type declarations from e to a type
// literal or a predeclared or imported type.
func (p *typesPackage) underlying(e ast.Expr) ast.Expr {
	for range 20 {
		id, ok := e.(*ast.Ident)
		if !ok {
			return e
		}
		ts, ok := p.types[id.Name]
		if !ok {
			return e
		}
		e = ts.Type
	}
	return e
}

// isContainer reports whether e is, or names, a slice or map type.
func (p *typesPackage) isContainer(e ast.Expr) bool {
	switch p.underlying(e).(type) {
	case *ast.ArrayType, *ast.MapType:
		return true
	}
	return false
}

// integerKinds are the Go integer types; only int64 may appear.
var integerKinds = []string{"int", "int8", "int16", "int32", "uint", "uint8", "uint16", "uint32", "uint64"}

// baseType strips pointers, slices and maps' values from e down to a named
// type's name ("" for other literals).
func baseType(e ast.Expr) string {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ArrayType:
			e = t.Elt
		case *ast.MapType:
			e = t.Value
		case *ast.Ident:
			return t.Name
		case *ast.SelectorExpr:
			if x, ok := t.X.(*ast.Ident); ok {
				return x.Name + "." + t.Sel.Name
			}
			return ""
		default:
			return ""
		}
	}
}

// typeExprs calls fn for every type expression of the package's
// declarations: type specs, struct fields (with their JSON name and doc),
// and function signatures.
func (p *typesPackage) structFields(fn func(owner string, f *ast.Field, jsonName, doc string)) {
	for _, ts := range p.types {
		st, ok := ts.Type.(*ast.StructType)
		if !ok {
			continue
		}
		for _, f := range st.Fields.List {
			name := ""
			if f.Tag != nil {
				if tag, err := strconv.Unquote(f.Tag.Value); err == nil {
					name, _, _ = strings.Cut(reflect.StructTag(tag).Get("json"), ",")
				}
			}
			doc := ""
			if f.Doc != nil {
				doc = f.Doc.Text()
				if len(f.Names) == 1 {
					doc = strings.TrimPrefix(doc, f.Names[0].Name+" ")
				}
			}
			fn(ts.Name.Name, f, name, strings.Join(strings.Fields(doc), " "))
		}
	}
}

// TestREADMETypes checks what the README says about the generated types
// ("One Go type per kind of value"), over the source of both packages.
func TestREADMETypes(t *testing.T) {
	for _, dir := range []string{"b2bv1", "b2bv2"} {
		t.Run(dir, func(t *testing.T) {
			p := parseTypesPackage(t, dir)
			var problems []string
			bad := func(n ast.Node, format string, args ...any) {
				problems = append(problems, p.pos(n)+": "+fmt.Sprintf(format, args...))
			}
			stats := map[string]int{}

			// No integer type but int64, no float32, no pointer to a list
			// or map, anywhere in a declaration's types.
			for _, f := range p.files {
				for _, d := range f.Decls {
					var roots []ast.Node
					switch d := d.(type) {
					case *ast.GenDecl:
						if d.Tok == token.TYPE {
							roots = append(roots, d)
						}
					case *ast.FuncDecl:
						roots = append(roots, d.Type)
						if d.Recv != nil {
							roots = append(roots, d.Recv)
						}
					}
					for _, root := range roots {
						ast.Inspect(root, func(n ast.Node) bool {
							switch n := n.(type) {
							case *ast.Ident:
								if slices.Contains(integerKinds, n.Name) || n.Name == "float32" {
									bad(n, "%s: every JSON integer is int64 and every other number float64", n.Name)
								}
							case *ast.StarExpr:
								if p.isContainer(n.X) {
									bad(n, "*%s: lists and maps are values, not pointers", types(n.X))
								}
							}
							return true
						})
					}
				}
			}

			p.structFields(func(owner string, f *ast.Field, name, doc string) {
				if name == "" || name == "-" {
					return
				}
				base := baseType(p.underlying(f.Type))
				if under, ok := p.types[base]; ok {
					base = baseType(p.underlying(under.Type))
				}
				numeric := base == "int64" || base == "float64"
				if gen.IsMoneyName(name, doc) {
					stats["money"]++
					if base == "int64" {
						bad(f, "%s.%s (json %q, %q) is money as an integer", owner, f.Names[0].Name, name, doc)
					}
				}
				if gen.IsIdentifierNumberName(name) {
					stats["phone/card/barcode"]++
					if numeric {
						bad(f, "%s.%s (json %q) is a phone, card or barcode number typed %s, not a string", owner, f.Names[0].Name, name, base)
					}
				}
				// A list or map that is left out when empty could never be
				// sent empty: optional containers are omitzero alone.
				// (Params structs' fields go in the query, by their form tag.)
				if p.isContainer(f.Type) && base != "byte" {
					if tag, err := strconv.Unquote(f.Tag.Value); err == nil && reflect.StructTag(tag).Get("form") == "" {
						opts := strings.Split(reflect.StructTag(tag).Get("json"), ",")[1:]
						if slices.Contains(opts, "omitempty") {
							bad(f, "%s.%s (json %q) is a list or map tagged omitempty: an empty one could not be sent", owner, f.Names[0].Name, name)
						}
						if slices.Contains(opts, "omitzero") {
							stats["omitzero containers"]++
						}
					}
				}
			})

			// Service methods: path parameters are int64, string or a string
			// enum, never an alias; params and body are values.
			for _, f := range p.files {
				for _, d := range f.Decls {
					fd, ok := d.(*ast.FuncDecl)
					if !ok || fd.Recv == nil || !strings.HasSuffix(types(fd.Recv.List[0].Type), "Service") || !fd.Name.IsExported() {
						continue
					}
					params := fd.Type.Params.List
					if len(params) == 0 || types(params[0].Type) != "context.Context" {
						continue // Runtime
					}
					stats["methods"]++
					for _, field := range params[1:] {
						for _, n := range field.Names {
							switch n.Name {
							case "opts", "contentType":
								continue
							case "params", "body":
								if _, ptr := field.Type.(*ast.StarExpr); ptr {
									bad(n, "%s: %s is passed by pointer; params and bodies are values", fd.Name.Name, n.Name)
								}
								continue
							}
							stats["path parameters"]++
							switch typ := types(field.Type); typ {
							case "int64", "string", "altegio.Date":
							default:
								ts, ok := p.types[typ]
								if !ok || ts.Assign.IsValid() || types(ts.Type) != "string" || !p.enums[typ] {
									bad(n, "%s: path parameter %s is a %s, not a plain int64 or string (or a string enum or a date)", fd.Name.Name, n.Name, typ)
								}
							}
						}
					}
				}
			}
			for _, msg := range problems {
				t.Error(msg)
			}
			if stats["methods"] == 0 || stats["path parameters"] == 0 {
				t.Fatalf("found %v: the check saw nothing", stats)
			}
			t.Logf("checked %v", stats)
		})
	}
}

// types prints a type expression.
func types(e ast.Expr) string {
	switch t := e.(type) {
	case *ast.Ident:
		return t.Name
	case *ast.StarExpr:
		return "*" + types(t.X)
	case *ast.ArrayType:
		return "[]" + types(t.Elt)
	case *ast.MapType:
		return "map[" + types(t.Key) + "]" + types(t.Value)
	case *ast.SelectorExpr:
		return types(t.X) + "." + t.Sel.Name
	}
	return fmt.Sprintf("%T", e)
}

// TestMoneyAndIdentifierNames pins the README's rule for money and for
// phone, card and barcode numbers on the names the specs use.
func TestMoneyAndIdentifierNames(t *testing.T) {
	for _, c := range []struct {
		name, doc string
		money     bool
	}{
		{"all_sum", "Revenue for all customers", true},
		{"targets_paid", "Payment for services", true},
		{"loyalty_amount", "Amount paid by loyalty", true},
		{"balance", "Certificate denomination", true},
		{"price_min", "", true},
		{"cost_per_unit", "", false}, // "unit" is no money word, but the field is a float already
		{"filter[is_paid]", "", false},
		{"amount", "Number of products/services", false},
		{"balance", "Remaining visits", false},
		{"allowed_usages_amount", "Limitation on the number of allowed uses", false},
		{"sum_type", "", false},
		{"total_count", "", false},
		{"salary_schemes_count", "", false},
		{"balance_edit_type_id", "", false},
	} {
		if got := gen.IsMoneyName(c.name, c.doc); got != c.money {
			t.Errorf("IsMoneyName(%q, %q) = %v, want %v", c.name, c.doc, got, c.money)
		}
	}
	for name, want := range map[string]bool{
		"phone": true, "referrer_phone": true, "phones": true, "card": true, "loyalty_card_number": true,
		"barcode": true, "card_id": false, "phone_country_id": false, "number": false, "client_phones_access": false,
	} {
		if got := gen.IsIdentifierNumberName(name); got != want {
			t.Errorf("IsIdentifierNumberName(%q) = %v, want %v", name, got, want)
		}
	}
}

// TestPhoneNumberDecodesIntoString: a phone, card or barcode number Altegio
// sends as a JSON number lands in the string field with its digits, and
// re-encodes as the same number, as a string.
func TestPhoneNumberDecodesIntoString(t *testing.T) {
	var v struct {
		Phone   *string `json:"phone,omitempty"`
		Card    string  `json:"card"`
		Barcode string  `json:"barcode"`
	}
	if err := altegio.Unmarshal([]byte(`{"phone":13155550175,"card":9007199254740993,"barcode":"0460123456789"}`), &v); err != nil {
		t.Fatal(err)
	}
	if v.Phone == nil || *v.Phone != "13155550175" || v.Card != "9007199254740993" || v.Barcode != "0460123456789" {
		t.Fatalf("decoded %+v", v)
	}
	out, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	if want := `{"phone":"13155550175","card":"9007199254740993","barcode":"0460123456789"}`; string(out) != want {
		t.Errorf("re-encoded %s, want %s", out, want)
	}
}

// TestWireClearsList: an optional list in a request body set to an empty,
// non-nil slice goes out as [] (so a request can clear a list); a nil one
// is left out. It calls every method of both clients whose JSON body has
// such a list, with the first one set each way.
func TestWireClearsList(t *testing.T) {
	ws := newWireServer(t)
	// No body: every result is left alone, so only requests matter.
	ws.answer(http.StatusNoContent, "application/json", "")
	ctx := context.Background()
	ctxType := reflect.TypeFor[context.Context]()
	dateType := reflect.TypeFor[altegio.Date]()
	checked := 0
	for api, client := range map[string]reflect.Value{"v1": reflect.ValueOf(ws.v1()), "v2": reflect.ValueOf(ws.v2())} {
		for name, m := range serviceMethods(client) {
			mt := m.Type()
			name := api + " " + name
			if mt.NumIn() < 3 || mt.In(0) != ctxType || !mt.IsVariadic() {
				continue
			}
			body := mt.In(mt.NumIn() - 2)
			if body.Kind() != reflect.Struct || strings.HasSuffix(body.Name(), "Params") || body == dateType {
				continue
			}
			field, key, ok := optionalList(body)
			if !ok {
				continue
			}
			args := []reflect.Value{reflect.ValueOf(ctx)}
			for j := 1; j < mt.NumIn()-2; j++ {
				in := mt.In(j)
				v := reflect.New(in).Elem()
				switch {
				case in == dateType:
					v.Set(reflect.ValueOf(altegio.NewDate(2026, 1, 2)))
				case v.CanInt():
					v.SetInt(int64(j))
				case in.Kind() == reflect.String:
					v.SetString("s")
				case in.Kind() == reflect.Struct && strings.HasSuffix(in.Name(), "Params"):
				default:
					t.Fatalf("%s: argument %d of type %v", name, j, in)
				}
				args = append(args, v)
			}
			for _, c := range []struct {
				list reflect.Value
				want string // the member as sent, "" when absent
			}{
				{reflect.MakeSlice(field.Type, 0, 0), "[]"},
				{reflect.Zero(field.Type), ""},
			} {
				b := reflect.New(body).Elem()
				b.FieldByIndex(field.Index).Set(c.list)
				out := m.Call(append(args, b))
				if err, _ := out[len(out)-1].Interface().(error); err != nil {
					t.Fatalf("%s: %v", name, err)
				}
				reqs := ws.take()
				if len(reqs) != 1 {
					t.Fatalf("%s: %d requests", name, len(reqs))
				}
				var sent map[string]json.RawMessage
				if err := json.Unmarshal([]byte(reqs[0].Body), &sent); err != nil {
					t.Fatalf("%s: body %q: %v", name, reqs[0].Body, err)
				}
				got, present := sent[key]
				if (c.want == "") == present || (present && string(got) != c.want) {
					t.Errorf("%s: %s %v (nil %v) sent %s as %s (present %v), want %q", name, field.Name, c.list, c.list.IsNil(), key, got, present, c.want)
				}
			}
			checked++
		}
	}
	if checked == 0 {
		t.Fatal("no method has a request body with an optional list")
	}
	t.Logf("%d methods checked", checked)
}

// optionalList returns the first field of the struct type t that is an
// optional list (a slice, not []byte, tagged omitzero), and its JSON name.
func optionalList(t reflect.Type) (reflect.StructField, string, bool) {
	for f := range t.Fields() {
		name, opts, _ := strings.Cut(f.Tag.Get("json"), ",")
		if f.Type.Kind() == reflect.Slice && f.Type.Elem().Kind() != reflect.Uint8 && slices.Contains(strings.Split(opts, ","), "omitzero") {
			return f, name, true
		}
	}
	return reflect.StructField{}, "", false
}

// TestNoInterfaceMaps: every generated object keeps the members it does
// not declare as raw JSON in ExtraFields; none has oapi-codegen's
// AdditionalProperties map[string]interface{}, whose float64 numbers round
// IDs past 2^53 (the open-objects transform).
func TestNoInterfaceMaps(t *testing.T) {
	for _, dir := range []string{"b2bv1", "b2bv2"} {
		files, err := filepath.Glob(filepath.Join(dir, "*.go"))
		if err != nil || len(files) == 0 {
			t.Fatalf("%s: %v", dir, err)
		}
		for _, f := range files {
			b, err := os.ReadFile(f)
			if err != nil {
				t.Fatal(err)
			}
			if i := bytes.Index(b, []byte("AdditionalProperties map[")); i >= 0 {
				t.Errorf("%s:%d: a type with AdditionalProperties", f, bytes.Count(b[:i], []byte("\n"))+1)
			}
		}
	}
}
