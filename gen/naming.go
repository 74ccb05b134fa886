package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"maps"
	"regexp"
	"slices"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// The naming pass renames the types oapi-codegen declares so that they
// read like a hand-written SDK's (see NameTypes). Every new name is a
// function of the old one and of the operation it belongs to, never of the
// other types of the spec, except where two types would get the same name:
// then both keep the old name without its underscores. So adding an
// operation upstream renames no unrelated type.

// opTypeSuffix matches what oapi-codegen appends to an operation's name for
// the types it declares for that operation.
var opTypeSuffix = regexp.MustCompile(`^(?:(\d{3}|Default)(JSON|Text|Multipart)?ResponseBody|JSONBody|JSONRequestBody)$`)

// pathEntities are the nouns whose ids the v1 schema keys spell in
// (company_companyid_staff_staffid_...): the key's "<entity>id" word is
// a path parameter, noise in a type name.
var pathEntities = map[string]bool{
	"company": true, "staff": true, "document": true, "salon": true, "visit": true, "service": true,
	"group": true, "client": true, "record": true, "chain": true, "good": true, "goods": true, "user": true,
	"category": true, "transaction": true, "storage": true, "account": true, "event": true,
}

// dataTypesStatus matches the word after "Data" in a key such as
// clients_response_data_types_400.
var dataTypesStatus = regexp.MustCompile(`^Types?(\d+)$`)

// goWord matches a Go identifier in a comment.
var goWord = regexp.MustCompile(`[A-Za-z_][A-Za-z0-9_]*`)

// Renames is the old → new name map of one naming pass: types, enum
// constants and union methods.
type Renames map[string]string

// cleanComponentName is the Go name a spec component keeps: its name
// without the path placeholders the v1 keys spell ("Companyid",
// "Staffid"), the "DataTypes"/"DataType" suffix words, the "N" oapi-codegen
// puts before a leading digit and the status after "Response" when it is
// 200. Misspelt "Ressponse"/"Reaponse" read "Response".
func cleanComponentName(name string) string { return cleanName(name, false) }

// cleanName is cleanComponentName; lenient keeps the leading path words
// ("Company" "Companyid") and every status after "Response", for the
// components whose clean names clash.
func cleanName(name string, lenient bool) string {
	if m := regexp.MustCompile(`^N\d+([A-Z].*)$`).FindStringSubmatch(name); m != nil {
		name = m[1]
	}
	words := splitWords(name)
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		lw := strings.ToLower(w)
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		// "Company" "Companyid" / "Company" "ID" at the start: the path
		// /company/{company_id}/...
		case lenient && i == 0:
		case i == 0 && pathEntities[lw] && (strings.EqualFold(next, w+"id") || (next == "ID" && i+2 < len(words))):
			i++
			continue
		case i == 0 && w == "Company" && i+2 < len(words) && pathEntities[strings.ToLower(next)] && words[i+2] == "ID":
			continue // Company Salon ID ...: /company/{salon_id}/...
		case strings.HasSuffix(lw, "id") && pathEntities[strings.TrimSuffix(lw, "id")]:
			stem := w[:len(w)-2]
			if len(out) > 0 && strings.EqualFold(strings.TrimSuffix(out[len(out)-1], "s"), stem) {
				continue // Staff Staffid
			}
			out = append(out, stem)
			continue
		case w == "ID" && i+1 < len(words) && len(out) > 0 && pathEntities[strings.ToLower(out[len(out)-1])]:
			continue // Salon ID Sale...: a path parameter
		case w == "Data" && (next == "Types" || next == "Type"):
			i++
			continue
		case w == "Data" && dataTypesStatus.MatchString(next):
			out = append(out, dataTypesStatus.FindStringSubmatch(next)[1])
			i++
			continue
		}
		if r := regexp.MustCompile(`^(Response|Ressponse|Reaponse)(\d*)$`).FindStringSubmatch(w); r != nil {
			w = "Response"
			if r[2] != "" && (r[2] != "200" || lenient) {
				w += r[2]
			}
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return name
	}
	s := strings.Join(out, "")
	if s[0] >= '0' && s[0] <= '9' {
		return name
	}
	return s
}

// typeRoots returns, for every type of types, the root it is named after:
// the longest of the spec's components (components) or of the types
// oapi-codegen declares for an operation of ops that prefixes it at a word
// boundary, or "" when there is none.
func typeRoots(types, ops, components []string) (roots map[string]string) {
	isRoot := map[string]bool{}
	for _, c := range components {
		isRoot[c] = true
	}
	for _, t := range types {
		if strings.Contains(t, "_") {
			continue
		}
		for _, op := range ops {
			if rest, ok := strings.CutPrefix(t, op); ok && (opTypeSuffix.MatchString(rest) || rest == "Params" || rest == "MultipartBody") {
				isRoot[t] = true
			}
		}
	}
	roots = map[string]string{}
	for _, t := range types {
		head := t
		if i := strings.IndexByte(t, '_'); i >= 0 {
			head = t[:i]
		}
		for n := len(head); n > 0; n-- {
			if isRoot[head[:n]] && (n == len(head) || isWordStart(head[n:])) {
				roots[t] = head[:n]
				break
			}
		}
	}
	return roots
}

// ComponentTypeNames are the Go names oapi-codegen gives the components of
// doc that it declares types for: schemas, responses and request bodies.
func ComponentTypeNames(doc *openapi3.T) []string {
	var out []string
	if doc.Components == nil {
		return nil
	}
	add := func(key string) { out = append(out, componentGoName(key)) }
	for k := range doc.Components.Schemas {
		add(k)
	}
	for k := range doc.Components.Responses {
		add(k)
	}
	for k := range doc.Components.RequestBodies {
		add(k)
	}
	sort.Strings(out)
	return out
}

func isWordStart(s string) bool {
	c := s[0]
	return c >= 'A' && c <= 'Z' || c >= '0' && c <= '9'
}

// rootName is the new name of the root type r, given the Client methods,
// the status of each method's result and which request bodies are
// merged.
func rootName(r string, ops []string, success map[string]string, owners map[string]Owner) string {
	if o, ok := owners[r]; ok {
		switch {
		case o.Request:
			return o.Method + "Request"
		case success[o.Method] == r:
			return o.Method + "Response"
		}
	}
	for _, op := range ops {
		rest, ok := strings.CutPrefix(r, op)
		if !ok {
			continue
		}
		if rest == "Params" || rest == "MultipartBody" {
			return r
		}
		m := opTypeSuffix.FindStringSubmatch(rest)
		if m == nil {
			continue
		}
		switch {
		case strings.HasSuffix(rest, "ResponseBody"):
			if success[op] == r {
				return op + "Response"
			}
			return op + m[1] + "Response"
		default: // JSONBody, JSONRequestBody
			return op + "Request"
		}
	}
	return cleanComponentName(r)
}

// NameTypes renames the types of the generated source src:
//
//   - the success response body of an operation is <Method>Response, its
//     other response bodies <Method><Status>Response;
//   - its JSON request body is <Method>Request (the XJSONBody struct and
//     the XJSONRequestBody type over it become one);
//   - its query parameters stay <Method>Params;
//   - a spec component keeps its name without path placeholders and
//     DataTypes noise (cleanComponentName);
//   - a nested type is its root's new name followed by the field path,
//     without underscores.
//
// Constants of enum types and the As/From/Merge methods of unions follow
// their types, and so do doc comments that start with the old name. It
// returns the new source and the renames.
//
// components are the Go names of the spec's components
// (ComponentTypeNames); a type that is neither an operation's nor a
// component's only loses its underscores.
func NameTypes(src []byte, components []string) ([]byte, Renames, error) {
	return NameTypesOwned(src, components, nil)
}

// NameTypesOwned is NameTypes with the components that one operation owns
// (SoleOwners) named after it: <Method>Response for the body its Client
// method returns, <Method>Request for its request body.
func NameTypesOwned(src []byte, components []string, owners map[string]Owner) ([]byte, Renames, error) {
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, "generated.go", src, parser.ParseComments|parser.SkipObjectResolution)
	if err != nil {
		return nil, nil, fmt.Errorf("generated code does not parse: %s", oneLine(err))
	}
	var types, ops []string
	declared := map[string]bool{}
	success := map[string]string{}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			for _, s := range d.Specs {
				switch s := s.(type) {
				case *ast.TypeSpec:
					types = append(types, s.Name.Name)
					declared[s.Name.Name] = true
				case *ast.ValueSpec:
					for _, n := range s.Names {
						declared[n.Name] = true
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				declared[d.Name.Name] = true
				continue
			}
			if receiverName(d.Recv) == "Client" && d.Name.Name != "Runtime" {
				ops = append(ops, d.Name.Name)
				if res := d.Type.Results; res != nil && len(res.List) == 2 {
					t := res.List[0].Type
					if st, ok := t.(*ast.StarExpr); ok {
						t = st.X
					}
					if id, ok := t.(*ast.Ident); ok {
						success[d.Name.Name] = id.Name
					}
				}
			}
		}
	}
	// Longer names first, so that GetClientList is tried before GetClient.
	sort.Slice(ops, func(i, j int) bool { return len(ops[i]) > len(ops[j]) || len(ops[i]) == len(ops[j]) && ops[i] < ops[j] })

	roots := typeRoots(types, ops, components)
	// The roots' new names; components whose clean names clash take
	// their lenient clean names when those tell them apart.
	rootNew := map[string]string{}
	for _, r := range roots {
		if _, ok := rootNew[r]; !ok && r != "" {
			rootNew[r] = rootName(r, ops, success, owners)
		}
	}
	byRoot := map[string][]string{}
	for r, n := range rootNew {
		byRoot[n] = append(byRoot[n], r)
	}
	for n, rs := range byRoot {
		if len(rs) < 2 {
			continue
		}
		alt := map[string]string{}
		seen := map[string]bool{}
		for _, r := range rs {
			c := cleanName(r, true)
			if rootNew[r] != cleanComponentName(r) || seen[c] || (c != n && byRoot[c] != nil) {
				alt = nil
				break
			}
			seen[c] = true
			alt[r] = c
		}
		for r, c := range alt {
			rootNew[r] = c
		}
	}
	want := map[string]string{}
	full := map[string]string{} // the name before shortening
	for _, t := range types {
		r := roots[t]
		rest := strings.ReplaceAll(t[len(r):], "_", "")
		if r == "" {
			want[t] = rest
			full[t] = rest
			continue
		}
		root := rootNew[r]
		full[t] = root + rest
		want[t] = shorten(root, t[len(r):])
	}
	// A request body's XJSONRequestBody over XJSONBody is dropped: both
	// names are <Method>Request, the struct's.
	drop := map[string]bool{}
	over := map[string]string{} // type A B and type A = B: A → B
	hasMethods := map[string]bool{}
	for _, d := range f.Decls {
		if fd, ok := d.(*ast.FuncDecl); ok && fd.Recv != nil {
			hasMethods[receiverName(fd.Recv)] = true
		}
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || len(gd.Specs) != 1 {
			continue
		}
		ts := gd.Specs[0].(*ast.TypeSpec)
		if id, ok := ts.Type.(*ast.Ident); ok && declared[id.Name] {
			over[ts.Name.Name] = id.Name
			if strings.HasSuffix(ts.Name.Name, "JSONRequestBody") && id.Name == strings.TrimSuffix(ts.Name.Name, "RequestBody")+"Body" {
				drop[ts.Name.Name] = true
			}
		}
	}
	// Two types that would share a name: when one is only the other
	// under another name (a union's variant over its struct), it goes;
	// otherwise both keep their old name without underscores.
	byNew := map[string][]string{}
	for _, t := range types {
		if !drop[t] {
			byNew[want[t]] = append(byNew[want[t]], t)
		}
	}
	for _, olds := range byNew {
		if len(olds) != 2 {
			continue
		}
		for i, a := range olds {
			if b := olds[1-i]; over[a] == b && !hasMethods[a] {
				drop[a] = true
			}
		}
	}
	// A shortened name that two types would share: both keep their full
	// name.
	for n, olds := range byNew {
		if len(slices.DeleteFunc(slices.Clone(olds), func(o string) bool { return drop[o] })) < 2 {
			continue
		}
		for _, o := range olds {
			if !drop[o] && want[o] != full[o] {
				want[o] = full[o]
				byNew[n] = slices.DeleteFunc(byNew[n], func(x string) bool { return x == o })
				byNew[full[o]] = append(byNew[full[o]], o)
			}
		}
	}
	for n, olds := range byNew {
		olds = slices.DeleteFunc(slices.Clone(olds), func(o string) bool { return drop[o] })
		clash := len(olds) > 1
		if !clash && declared[n] && !slices.Contains(types, n) {
			clash = true // a function or constant of that name
		}
		if !clash {
			continue
		}
		// First the lenient clean names of their components, when they
		// tell them apart; then the old names without underscores.
		lenient := map[string]bool{}
		var alt []string
		for _, o := range olds {
			r := roots[o]
			if r == "" || rootName(r, ops, success, owners) != cleanComponentName(r) {
				break
			}
			c := shorten(cleanName(r, true), o[len(r):])
			if lenient[c] || (byNew[c] != nil && c != n) {
				break
			}
			lenient[c] = true
			alt = append(alt, c)
		}
		if len(alt) == len(olds) {
			for i, o := range olds {
				want[o] = alt[i]
			}
			continue
		}
		for _, o := range olds {
			if debugNaming {
				fmt.Println("naming clash:", n, o)
			}
			want[o] = strings.ReplaceAll(o, "_", "")
		}
	}
	// A name still over 60 characters (its shortened form was taken)
	// takes the first of its shorter forms no other type has.
	taken := map[string]bool{}
	for _, t := range types {
		if !drop[t] {
			taken[want[t]] = true
		}
	}
	for _, t := range types {
		if drop[t] || len(want[t]) <= 60 {
			continue
		}
		root, rest := "", want[t] // a root: its name's last words
		if r := roots[t]; r != "" && r != t {
			root, rest = want[r], t[len(r):]
		}
		for _, c := range nestedCandidates(root, rest) {
			if !taken[c] {
				delete(taken, want[t])
				want[t] = c
				taken[c] = true
				break
			}
		}
	}
	renames := Renames{}
	for _, t := range types {
		if want[t] != t {
			renames[t] = want[t]
		}
	}
	// Check the result is still a set of distinct names.
	seen := map[string]string{}
	for _, t := range types {
		if drop[t] {
			continue
		}
		n := want[t]
		if o, ok := seen[n]; ok {
			return nil, nil, fmt.Errorf("naming: types %s and %s both become %s", o, t, n)
		}
		seen[n] = t
	}

	// Constants of renamed enum types and union methods follow.
	values := map[string]string{}
	constType := map[string][2]string{} // constant → its type's new name and its value part
	methods := map[string]string{}
	typeSet := map[string]bool{}
	for _, t := range types {
		typeSet[t] = true
	}
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.CONST {
				continue
			}
			for _, s := range d.Specs {
				vs := s.(*ast.ValueSpec)
				typ, ok := vs.Type.(*ast.Ident)
				if !ok {
					continue
				}
				nt, ok := renames[typ.Name]
				if !ok {
					if !typeSet[typ.Name] {
						continue
					}
					nt = typ.Name
				}
				for _, n := range vs.Names {
					if rest, ok := strings.CutPrefix(n.Name, typ.Name); ok {
						rest = strings.ReplaceAll(rest, "_", "")
						constType[n.Name] = [2]string{nt, rest}
					}
				}
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				continue
			}
			for _, p := range []string{"As", "From", "Merge"} {
				if rest, ok := strings.CutPrefix(d.Name.Name, p); ok {
					if nt, ok := renames[rest]; ok {
						methods[d.Name.Name] = p + nt
					}
				}
			}
		}
	}

	// A constant's name is its type's new name and its value, shortened
	// when that is over 60 characters to the first candidate no other
	// name takes, in the order of the old names.
	taken = map[string]bool{}
	for n := range declared {
		if _, ok := constType[n]; !ok && !renames.has(n) {
			taken[n] = true
		}
	}
	for _, n := range renames {
		taken[n] = true
	}
	for _, n := range methods {
		taken[n] = true
	}
	for _, o := range slices.Sorted(maps.Keys(constType)) {
		nt, rest := constType[o][0], constType[o][1]
		name := nt + rest
		for _, c := range constCandidates(nt, rest) {
			if !taken[c] {
				name = c
				break
			}
		}
		taken[name] = true
		if name != o {
			values[o] = name
		}
	}

	var edits []srcEdit
	rename := func(id *ast.Ident, to string) {
		at := fset.Position(id.Pos()).Offset
		edits = append(edits, srcEdit{at, at + len(id.Name), to})
	}
	skip := map[*ast.Ident]bool{}
	ast.Inspect(f, func(n ast.Node) bool {
		switch n := n.(type) {
		case *ast.Field:
			for _, id := range n.Names {
				skip[id] = true
			}
		case *ast.KeyValueExpr:
			if id, ok := n.Key.(*ast.Ident); ok {
				skip[id] = true
			}
		case *ast.SelectorExpr:
			if to, ok := methods[n.Sel.Name]; ok {
				rename(n.Sel, to)
			}
			skip[n.Sel] = true
		case *ast.FuncDecl:
			if n.Recv != nil {
				if to, ok := methods[n.Name.Name]; ok {
					rename(n.Name, to)
				}
				skip[n.Name] = true
			}
		case *ast.Ident:
			if skip[n] {
				return true
			}
			if to, ok := renames[n.Name]; ok {
				rename(n, to)
			} else if to, ok := values[n.Name]; ok {
				rename(n, to)
			}
		}
		return true
	})
	// Comments name types, constants and methods by their new names.
	for _, cg := range f.Comments {
		for _, c := range cg.List {
			at := fset.Position(c.Pos()).Offset
			for _, m := range goWord.FindAllStringIndex(c.Text, -1) {
				word := c.Text[m[0]:m[1]]
				to, ok := renames[word]
				if !ok {
					if to, ok = values[word]; !ok {
						to, ok = methods[word]
					}
				}
				if ok {
					edits = append(edits, srcEdit{at + m[0], at + m[1], to})
				}
			}
		}
	}
	// The dropped declarations go, with their doc comments.
	for _, d := range f.Decls {
		gd, ok := d.(*ast.GenDecl)
		if !ok || gd.Tok != token.TYPE || len(gd.Specs) != 1 || !drop[gd.Specs[0].(*ast.TypeSpec).Name.Name] {
			continue
		}
		start := gd.Pos()
		if gd.Doc != nil {
			start = gd.Doc.Pos()
		}
		edits = append(edits, srcEdit{fset.Position(start).Offset, fset.Position(gd.End()).Offset, ""})
	}
	// An edit inside a dropped declaration is skipped.
	out := applyEdits(src, edits)
	for t := range drop {
		renames[t] = want[over[t]]
	}
	for _, m := range []map[string]string{values, methods} {
		for o, n := range m {
			renames[o] = n
		}
	}
	return out, renames, nil
}

var debugNaming = false

// splitWords splits a Go name into its words: "CompanySalonIDSaleDocumentid"
// → Company Salon ID Sale Documentid. Digits stay with the word before them.
func splitWords(name string) []string {
	var words []string
	start := 0
	rs := []rune(name)
	isUpper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	isLower := func(r rune) bool { return r >= 'a' && r <= 'z' }
	for i := 1; i < len(rs); i++ {
		if isUpper(rs[i]) && (isLower(rs[i-1]) || rs[i-1] >= '0' && rs[i-1] <= '9' || i+1 < len(rs) && isLower(rs[i+1]) && isUpper(rs[i-1])) {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	return append(words, string(rs[start:]))
}

// MaxNameLen is the length a nested type's name is shortened to, when it
// can be, so that the names of its union methods (As<Name>, Merge<Name>)
// stay within the style gate's 60 characters.
const MaxNameLen = 55

// shorten is the name of a type nested in the root named root at the
// path rest (oapi-codegen's "_Data_Items_Client" or "DataItemsClient"):
// the root's name followed by the whole path when that is at most
// MaxNameLen long, otherwise by as many of the path's last members as
// fit (at least one).
func shorten(root, rest string) string {
	segs := strings.Split(strings.TrimPrefix(rest, "_"), "_")
	name := root + strings.Join(segs, "")
	for k := len(segs) - 1; len(name) > MaxNameLen && k >= 1; k-- {
		name = root + strings.Join(segs[len(segs)-k:], "")
	}
	// Still too long: the last member's words that fit, at least two.
	if words := splitWords(name[len(root):]); len(name) > MaxNameLen && len(words) > 2 {
		for k := len(words) - 1; len(name) > MaxNameLen && k >= 2; k-- {
			name = root + strings.Join(words[len(words)-k:], "")
		}
	}
	return name
}

func (r Renames) has(name string) bool { _, ok := r[name]; return ok }

// constCandidates are the names, at most 60 characters long, the
// constant for value of the enum type named typ may take when typ+value
// is longer: the type's first words and as many of its last words as fit,
// fewest first words first.
func constCandidates(typ, value string) []string {
	if len(typ+value) <= 60 {
		return []string{typ + value}
	}
	words := splitWords(typ)
	var out []string
	for first := 2; first < len(words); first++ {
		head := strings.Join(words[:first], "")
		for k := len(words) - first - 1; k >= 0; k-- {
			c := head + strings.Join(words[len(words)-k:], "") + value
			if len(c) <= 60 {
				out = append(out, c)
				break
			}
		}
	}
	return out
}

// nestedCandidates are the names of at most 60 characters a type nested in
// the root named root at the path rest may take: the root's name and the
// path's last members, or last words, most of them first.
func nestedCandidates(root, rest string) []string {
	var out []string
	segs := strings.Split(strings.TrimPrefix(rest, "_"), "_")
	for k := len(segs); k >= 1; k-- {
		if c := root + strings.Join(segs[len(segs)-k:], ""); len(c) <= 60 {
			out = append(out, c)
		}
	}
	words := splitWords(strings.Join(segs, ""))
	for k := len(words); k >= 1; k-- {
		if c := root + strings.Join(words[len(words)-k:], ""); len(c) <= 60 {
			out = append(out, c)
		}
	}
	return out
}
