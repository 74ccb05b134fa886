package renames

import (
	"go/ast"
	"go/parser"
	"go/types"
	"regexp"
	"sort"
	"strings"
)

// Kind is what an old name names.
type Kind int

// The kinds of names, in the order the table lists them.
const (
	// Method is a method of Client (or, new, of a service): an
	// operation's method or iterator.
	Method Kind = iota
	// Type is a package-level type.
	Type
	// Member is a struct field or a union's As/From/Merge method, as
	// Type.Name.
	Member
	// Const is a package-level constant (an enum value).
	Const
	// Func is a package-level function (a request builder).
	Func
	// Var is a package-level variable.
	Var
)

// Row is one old name and what it became.
type Row struct {
	Package string
	Kind    Kind
	Old     string
	// New lists the new names (or, for a type that became a type of no
	// name of its own, its Go spelling), sorted; empty when Removed is
	// set.
	New []string
	// Removed says why an old name has no counterpart.
	Removed string
}

// Result is the map for one package.
type Result struct {
	Package string
	// Rows lists every renamed or removed old name: an old name whose
	// only counterpart is itself, or that has no counterpart but is still
	// declared, has none.
	Rows []Row
	// Unpaired lists the old exported names that are neither paired nor
	// explained (each also has a Removed row).
	Unpaired []string
	// Operations counts the old operations paired with a new one.
	Operations int
	// Types maps each old type reached to what it became (itself
	// included), as the rows spell it; Methods maps each old method of an
	// operation (and iterator) to its new spelling.
	Types, Methods map[string][]string
}

// Diff derives the map from the exported names of old to those of new, one
// version each of the same generated package.
func Diff(oldSrc, newSrc *Source) (*Result, error) {
	op, err := parsePackage(oldSrc)
	if err != nil {
		return nil, err
	}
	np, err := parsePackage(newSrc)
	if err != nil {
		return nil, err
	}
	d := &differ{
		old: op, new: np,
		types:    map[string]set{},
		became:   map[string]set{},
		members:  map[string]set{},
		consts:   map[string]set{},
		methods:  map[string]set{},
		funcs:    map[string]set{},
		removed:  map[string]string{},
		visited:  map[[2]string]bool{},
		builders: map[string]bool{},
	}
	d.walk()
	return d.result(oldSrc.Name), nil
}

// set is a set of names.
type set map[string]bool

func (s set) sorted() []string {
	out := make([]string, 0, len(s))
	for k := range s {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

func add(m map[string]set, k, v string) {
	if m[k] == nil {
		m[k] = set{}
	}
	m[k][v] = true
}

type differ struct {
	old, new *pkg
	// types maps an old type to the new types it was paired with.
	types map[string]set
	// became maps an old type to the unnamed (or other package's) types
	// that took its place, as Go spells them.
	became map[string]set
	// members maps Type.Field and Type.AsX to their new spellings, when
	// the member's own name changed.
	members map[string]set
	// consts, methods, funcs map old names to new ones.
	consts, methods, funcs map[string]set
	// removed maps an old name with no counterpart to the reason.
	removed map[string]string
	visited map[[2]string]bool
	// builders are the old functions some operation's method calls.
	builders map[string]bool
	ops      int
}

// walk pairs everything reachable from the operations, then the response
// body table.
func (d *differ) walk() {
	newOps := map[string]Operation{}
	for _, op := range d.new.ops {
		newOps[op.ID] = op
	}
	for _, oo := range d.old.ops {
		no, ok := newOps[oo.ID]
		if !ok {
			d.removed[oo.Target()] = "operation " + oo.ID + " is gone"
			if oo.Iter != "" {
				d.removed[oo.IterTarget()] = "operation " + oo.ID + " is gone"
			}
			continue
		}
		d.ops++
		add(d.methods, oo.Target(), no.Target())
		om, nm := d.old.opMethod(oo, false), d.new.opMethod(no, false)
		if om != nil && nm != nil {
			d.pairSignatures(om, nm)
			d.pairCalls(om, nm)
		} else if oo.Result != "" && no.Result != "" {
			d.pairExpr(parseType(oo.Result), parseType(no.Result))
		}
		if oo.Iter == "" {
			continue
		}
		if no.Iter == "" {
			d.removed[oo.IterTarget()] = "operation " + oo.ID + " has no iterator now"
			continue
		}
		add(d.methods, oo.IterTarget(), no.IterTarget())
		if oi, ni := d.old.opMethod(oo, true), d.new.opMethod(no, true); oi != nil && ni != nil {
			d.pairSignatures(oi, ni)
		}
	}
	keys := make([]string, 0, len(d.old.bodies))
	for k := range d.old.bodies {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	for _, k := range keys {
		if nb, ok := d.new.bodies[k]; ok {
			d.pairExpr(d.old.bodies[k], nb)
		}
	}
	// A type nothing reached that is still declared under its name (a
	// schema no operation uses) is paired with itself, and so are what
	// the two hold.
	for _, t := range sortedKeys(d.old.types) {
		if !d.reached(t) && d.new.isType(t) {
			d.pairNamed(t, t)
		}
	}
	// The bodies left over, explained by their status.
	for _, k := range keys {
		if _, ok := d.new.bodies[k]; ok {
			continue
		}
		name := d.old.localType(strip(d.old.bodies[k]))
		if name == "" || d.reached(name) || d.removed[name] != "" {
			continue
		}
		opID, status, _ := strings.Cut(k, " ")
		if strings.HasPrefix(status, "2") {
			d.removed[name] = "body of " + opID + "'s " + status + " response, which has no Go type now"
			if no, ok := newOps[opID]; ok && no.Result == "" {
				d.removed[name] += " (`" + no.Target() + "` returns only an error)"
			}
		} else {
			d.removed[name] = "error body (a non-2xx response is an `*altegio.APIError`)"
		}
	}
}

// parseType parses a type as OPERATIONS.txt writes it.
func parseType(s string) ast.Expr {
	e, err := parser.ParseExpr(s)
	if err != nil {
		return nil
	}
	return e
}

// param is a parameter of a method: its name and type.
type param struct {
	name string
	typ  ast.Expr
}

// params lists a method's parameters but the context and the variadic
// options.
func params(fn *ast.FuncDecl) []param {
	var out []param
	for i, f := range fn.Type.Params.List {
		if _, ok := f.Type.(*ast.Ellipsis); ok {
			continue
		}
		if i == 0 && exprString(f.Type) == "context.Context" {
			continue
		}
		if len(f.Names) == 0 {
			out = append(out, param{typ: f.Type})
		}
		for _, n := range f.Names {
			out = append(out, param{name: n.Name, typ: f.Type})
		}
	}
	return out
}

// pairSignatures pairs the first results of two methods and their
// parameters: by name (params, body, a path parameter), the rest by
// position.
func (d *differ) pairSignatures(om, nm *ast.FuncDecl) {
	if om.Type.Results != nil && nm.Type.Results != nil && len(om.Type.Results.List) > 0 && len(nm.Type.Results.List) > 0 {
		d.pairExpr(om.Type.Results.List[0].Type, nm.Type.Results.List[0].Type)
	}
	op, np := params(om), params(nm)
	used := make([]bool, len(np))
	var rest []param
	for _, o := range op {
		found := false
		for j, n := range np {
			if !used[j] && o.name != "" && o.name == n.name {
				used[j], found = true, true
				d.pairExpr(o.typ, n.typ)
				break
			}
		}
		if !found {
			rest = append(rest, o)
		}
	}
	j := 0
	for _, o := range rest {
		for j < len(np) && used[j] {
			j++
		}
		if j == len(np) {
			break
		}
		used[j] = true
		d.pairExpr(o.typ, np[j].typ)
	}
}

// pairCalls pairs the exported functions (request builders) two methods
// call, by position when they call as many.
func (d *differ) pairCalls(om, nm *ast.FuncDecl) {
	oc, nc := d.old.calls(om.Body), d.new.calls(nm.Body)
	for _, f := range oc {
		d.builders[f] = true
	}
	if len(oc) != len(nc) {
		return
	}
	for i := range oc {
		add(d.funcs, oc[i], nc[i])
	}
}

// strip removes what wraps a type: pointers, slices, arrays, map values,
// generic wrappers (altegio.Object[T], iter.Seq2[T, error]).
func strip(e ast.Expr) ast.Expr {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		case *ast.ArrayType:
			e = t.Elt
		case *ast.MapType:
			e = t.Value
		case *ast.Ellipsis:
			e = t.Elt
		case *ast.ChanType:
			e = t.Value
		case *ast.IndexExpr:
			e = t.Index
		case *ast.IndexListExpr:
			e = t.Indices[0]
		default:
			return e
		}
	}
}

func exprString(e ast.Expr) string {
	if _, ok := e.(*ast.StructType); ok {
		return "struct{…}"
	}
	return types.ExprString(e)
}

// unptr removes pointers and parentheses.
func unptr(e ast.Expr) ast.Expr {
	for {
		switch t := e.(type) {
		case *ast.StarExpr:
			e = t.X
		case *ast.ParenExpr:
			e = t.X
		default:
			return e
		}
	}
}

// unwrap removes one wrapper (a list, a map, a generic such as
// altegio.Object[T]) and the pointers around it and inside; ok is false
// when e wraps nothing.
func unwrap(e ast.Expr) (inner ast.Expr, ok bool) {
	switch t := unptr(e).(type) {
	case *ast.ArrayType:
		return unptr(t.Elt), true
	case *ast.MapType:
		return unptr(t.Value), true
	case *ast.Ellipsis:
		return unptr(t.Elt), true
	case *ast.ChanType:
		return unptr(t.Value), true
	case *ast.IndexExpr:
		return unptr(t.Index), true
	case *ast.IndexListExpr:
		return unptr(t.Indices[0]), true
	}
	return e, false
}

// wraps reports whether a type's definition is (a list, map, ... of) a
// type of the package.
func (p *pkg) wraps(name string) bool {
	return p.localType(strip(p.types[name].Type)) != ""
}

// pairExpr pairs an old type expression with a new one. Wrappers both have
// are removed together (a list of X and a list of Y pair X and Y; pointers
// do not count), then an old type is paired with the new type (or, if the
// new one has no name of its own or wraps what the old type's definition
// wraps, with its spelling: ResourceIDs is []int64).
func (d *differ) pairExpr(o, n ast.Expr) {
	if o == nil || n == nil || exprString(unptr(n)) == "error" {
		return
	}
	o, n = unptr(o), unptr(n)
	for {
		oi, ok1 := unwrap(o)
		ni, ok2 := unwrap(n)
		if !ok1 || !ok2 {
			break
		}
		o, n = oi, ni
	}
	_, oWrapped := unwrap(o)
	_, nWrapped := unwrap(n)
	on, nn := d.old.localType(o), d.new.localType(n)
	switch {
	case on != "" && nn != "":
		d.pairNamed(on, nn)
	case on != "" && nWrapped:
		if nc := d.new.localType(strip(n)); nc != "" && !d.old.wraps(on) {
			d.pairNamed(on, nc)
			return
		}
		add(d.became, on, exprString(n))
		d.pairBodies(on, d.old.types[on].Type, "", n)
	case on != "":
		add(d.became, on, exprString(n))
		if _, ok := n.(*ast.StructType); ok {
			d.pairBodies(on, d.old.types[on].Type, "", n)
		}
	case oWrapped && nn != "" && d.new.wraps(nn):
		d.pairBodies("", o, nn, d.new.types[nn].Type)
	case oWrapped:
		d.pairExpr(strip(o), n)
	case nWrapped:
		d.pairExpr(o, strip(n))
	case nn != "":
		if _, ok := o.(*ast.StructType); ok {
			d.pairBodies("", o, nn, d.new.types[nn].Type)
		}
	default:
		d.pairBodies("", o, "", n)
	}
}

// pairNamed pairs an old type with a new one, then what they hold.
func (d *differ) pairNamed(on, nn string) {
	add(d.types, on, nn)
	key := [2]string{on, nn}
	if d.visited[key] {
		return
	}
	d.visited[key] = true
	d.pairBodies(on, d.old.types[on].Type, nn, d.new.types[nn].Type)
}

// pairBodies pairs the definitions of two types: on and nn name the types
// the bodies belong to ("" for a literal type). An old definition that
// names another old type (an alias, a defined list) pairs that type too;
// a new one that does is followed without pairing the old type with it
// (the old type was paired with the name the new code spells).
func (d *differ) pairBodies(on string, ob ast.Expr, nn string, nb ast.Expr) {
	ob, nb = strip(ob), strip(nb)
	oi, ni := d.old.localType(ob), d.new.localType(nb)
	switch {
	case oi != "" && ni != "":
		d.pairNamed(oi, ni)
		return
	case oi != "":
		if nn != "" {
			d.pairNamed(oi, nn)
		} else {
			d.pairExpr(ob, nb)
		}
		return
	case ni != "":
		key := [2]string{"body " + on, ni}
		if on == "" || d.visited[key] {
			return
		}
		d.visited[key] = true
		d.pairBodies(on, ob, ni, d.new.types[ni].Type)
		return
	}
	os, ok1 := ob.(*ast.StructType)
	ns, ok2 := nb.(*ast.StructType)
	if ok1 && ok2 {
		d.pairFields(on, os, nn, ns)
	}
	if on != "" && nn != "" {
		d.pairVariants(on, nn)
		d.pairConsts(on, nn)
	}
}

// pairFields pairs two structs' fields by JSON name (embedded fields
// without one by position).
func (d *differ) pairFields(on string, os *ast.StructType, nn string, ns *ast.StructType) {
	byJSON := map[string]*ast.Field{}
	var nEmbedded []*ast.Field
	for _, f := range ns.Fields.List {
		if j := jsonName(f); j != "" {
			byJSON[j] = f
		} else if len(f.Names) == 0 {
			nEmbedded = append(nEmbedded, f)
		}
	}
	i := 0
	for _, of := range os.Fields.List {
		j := jsonName(of)
		if j == "" {
			if len(of.Names) == 0 && i < len(nEmbedded) {
				d.pairExpr(of.Type, nEmbedded[i].Type)
				i++
			}
			continue
		}
		nf := byJSON[j]
		if nf == nil {
			continue
		}
		if on != "" && nn != "" && len(of.Names) == 1 && len(nf.Names) == 1 {
			if o, n := of.Names[0].Name, nf.Names[0].Name; o != n && ast.IsExported(o) {
				add(d.members, on+"."+o, nn+"."+n)
			}
		}
		d.pairExpr(of.Type, nf.Type)
	}
}

// variant is a member of a union: its As method and the type it returns.
type variant struct {
	suffix string // the As method's name without "As"
	typ    ast.Expr
}

func (p *pkg) variants(name string) []variant {
	var out []variant
	for _, m := range p.methodOrder[name] {
		fn := p.methods[name][m]
		if !strings.HasPrefix(m, "As") || fn.Type.Results == nil || len(fn.Type.Results.List) != 2 {
			continue
		}
		out = append(out, variant{suffix: strings.TrimPrefix(m, "As"), typ: fn.Type.Results.List[0].Type})
	}
	return out
}

// pairVariants pairs the members of two unions by position, when they
// have as many, and their As/From/Merge methods.
func (d *differ) pairVariants(on, nn string) {
	ov, nv := d.old.variants(on), d.new.variants(nn)
	if len(ov) == 0 || len(ov) != len(nv) {
		return
	}
	for i := range ov {
		d.pairExpr(ov[i].typ, nv[i].typ)
		for _, prefix := range []string{"As", "From", "Merge"} {
			o, n := prefix+ov[i].suffix, prefix+nv[i].suffix
			if o != n && d.old.method(on, o) != nil && d.new.method(nn, n) != nil {
				add(d.members, on+"."+o, nn+"."+n)
			}
		}
	}
}

// pairConsts pairs the constants of two enum types by value.
func (d *differ) pairConsts(on, nn string) {
	byValue := map[string]string{}
	for _, c := range d.new.constsOf[nn] {
		byValue[d.new.consts[c].value] = c
	}
	for _, c := range d.old.constsOf[on] {
		if n, ok := byValue[d.old.consts[c].value]; ok {
			add(d.consts, c, n)
		}
	}
}

func (d *differ) reached(name string) bool {
	return len(d.types[name]) > 0 || len(d.became[name]) > 0
}

// ref is a type another type's definition names: through a member
// (its JSON name), as a union's variant, or otherwise ("").
type ref struct {
	typ, member string
	variant     bool
}

// refs lists the types a type's definition names, and its union's
// variants.
func (p *pkg) refs(name string) []ref {
	ts := p.types[name]
	if ts == nil {
		return nil
	}
	var out []ref
	names := func(e ast.Expr, member string) {
		typeIdents(e, func(id *ast.Ident) {
			if p.isType(id.Name) && id.Name != name {
				out = append(out, ref{typ: id.Name, member: member})
			}
		})
	}
	if st, ok := strip(ts.Type).(*ast.StructType); ok {
		for _, f := range st.Fields.List {
			names(f.Type, jsonName(f))
		}
	} else {
		names(ts.Type, "")
	}
	for _, v := range p.variants(name) {
		if t := p.localType(strip(v.typ)); t != "" {
			out = append(out, ref{typ: t, variant: true})
		}
	}
	return out
}

// typeIdents calls fn for each identifier a type expression (or a
// function's signature) names as a type: not field or parameter names,
// nor the names of another package's types.
func typeIdents(n ast.Node, fn func(*ast.Ident)) {
	ast.Inspect(n, func(n ast.Node) bool {
		switch x := n.(type) {
		case *ast.Field:
			typeIdents(x.Type, fn)
			return false
		case *ast.SelectorExpr:
			return false
		case *ast.Ident:
			fn(x)
		}
		return true
	})
}

// used lists the types some other declaration names: another type's
// definition, or a function's or method's signature.
func (p *pkg) used() set {
	s := set{}
	mark := func(e ast.Node, self string) {
		typeIdents(e, func(id *ast.Ident) {
			if p.isType(id.Name) && id.Name != self {
				s[id.Name] = true
			}
		})
	}
	for name, ts := range p.types {
		mark(ts.Type, name)
	}
	for _, fn := range p.funcs {
		mark(fn.Type, "")
	}
	for recv, ms := range p.methods {
		for _, fn := range ms {
			mark(fn.Type, recv)
		}
	}
	return s
}

// explain gives each old type neither paired nor removed yet the reason it
// has no counterpart: it is used by no other declaration; or the type
// holding it is paired, but the new type has no such member (or variant),
// or is unnamed; or the type holding it is removed.
func (d *differ) explain() {
	used := d.old.used()
	names := sortedKeys(d.old.types)
	for _, t := range names {
		if !d.reached(t) && d.removed[t] == "" && !used[t] {
			d.removed[t] = "used by no other declaration of the old package"
		}
	}
	for changed := true; changed; {
		changed = false
		for _, parent := range names {
			if !d.reached(parent) && d.removed[parent] == "" {
				continue
			}
			for _, r := range d.old.refs(parent) {
				if d.reached(r.typ) || d.removed[r.typ] != "" {
					continue
				}
				d.removed[r.typ] = d.lost(parent, r)
				changed = true
			}
		}
	}
}

// lost says why r, which parent holds, has no counterpart.
func (d *differ) lost(parent string, r ref) string {
	if reason := d.removed[parent]; reason != "" {
		if strings.HasPrefix(reason, "error body") || strings.HasPrefix(reason, "part of the error body") {
			return "part of the error body `" + parent + "`"
		}
		return "part of `" + parent + "`, removed"
	}
	news := backquote(d.types[parent].sorted())
	if len(news) == 0 {
		return "part of `" + parent + "`, which is " + strings.Join(backquote(d.became[parent].sorted()), ", ") + " now"
	}
	switch {
	case r.variant:
		return "a variant of the union `" + parent + "`, whose counterpart " + strings.Join(news, ", ") + " has other variants"
	case r.member != "":
		return "the type of `" + parent + "`'s member `" + r.member + "`, which " + strings.Join(news, ", ") + " does not have"
	}
	return "part of `" + parent + "`, whose counterpart " + strings.Join(news, ", ") + " does not hold it"
}

// result turns the pairs into rows.
func (d *differ) result(name string) *Result {
	d.explain()
	r := &Result{Package: name, Operations: d.ops, Types: map[string][]string{}, Methods: map[string][]string{}}
	for old, news := range d.methods {
		r.Methods[old] = news.sorted()
	}
	row := func(kind Kind, old string, news set, keptIfSame bool) {
		if len(news) == 0 {
			return
		}
		if keptIfSame && len(news) == 1 && news[old] {
			return
		}
		r.Rows = append(r.Rows, Row{Package: name, Kind: kind, Old: old, New: news.sorted()})
	}
	remove := func(kind Kind, old, reason string) {
		if n, ok := clientRenames[old]; ok && reason == "" {
			// The API client itself, renamed so that the client entity
			// can be Client.
			r.Rows = append(r.Rows, Row{Package: name, Kind: kind, Old: old, New: []string{n}})
			return
		}
		if reason == "" && builderName.MatchString(old) {
			reason = "unexported: the request builder, which only the operation's method calls"
		}
		if reason == "" {
			reason = "no counterpart found"
			r.Unpaired = append(r.Unpaired, old)
		}
		r.Rows = append(r.Rows, Row{Package: name, Kind: kind, Old: old, Removed: reason})
	}

	// Methods of Client: the operations', then the others.
	for _, old := range sortedKeys(d.methods) {
		row(Method, old, d.methods[old], true)
	}
	for _, op := range d.old.ops {
		for _, t := range []string{op.Target(), op.IterTarget()} {
			if t != "" && d.removed[t] != "" {
				r.Rows = append(r.Rows, Row{Package: name, Kind: Method, Old: t, Removed: d.removed[t]})
			}
		}
	}
	for _, recv := range sortedKeys(d.old.methods) {
		if recv != "Client" {
			continue // methods of other types follow their types and fields
		}
		for _, m := range sortedKeys(d.old.methods[recv]) {
			old := recv + "." + m
			if !ast.IsExported(m) || d.methods[old] != nil || d.removed[old] != "" {
				continue
			}
			if d.new.method("Client", m) == nil {
				remove(Method, old, "")
			}
		}
	}

	for _, t := range sortedKeys(d.old.types) {
		if !ast.IsExported(t) {
			continue
		}
		news := set{}
		for n := range d.types[t] {
			news[n] = true
		}
		for n := range d.became[t] {
			news[n] = true
		}
		if len(news) > 0 {
			r.Types[t] = news.sorted()
			row(Type, t, news, true)
			continue
		}
		if d.new.isType(t) {
			continue // not reached, and still declared
		}
		if ts := d.old.types[t]; ts != nil && ts.Assign.IsValid() {
			// An alias is what its target became.
			if id, ok := ts.Type.(*ast.Ident); ok {
				news := set{}
				for n := range d.types[id.Name] {
					news[n] = true
				}
				if len(news) == 0 && d.new.isType(id.Name) {
					news[id.Name] = true
				}
				if len(news) > 0 {
					r.Types[t] = news.sorted()
					row(Type, t, news, true)
					continue
				}
			}
		}
		remove(Type, t, d.removed[t])
	}

	for _, m := range sortedKeys(d.members) {
		row(Member, m, d.members[m], true)
	}

	for _, c := range sortedKeys(d.old.consts) {
		if !ast.IsExported(c) {
			continue
		}
		if news := d.consts[c]; len(news) > 0 {
			row(Const, c, news, true)
			continue
		}
		if _, ok := d.new.consts[c]; ok {
			continue
		}
		reason := ""
		if typ := d.old.consts[c].typ; typ != "" {
			switch {
			case d.reached(typ):
				reason = "its value is not in " + strings.Join(backquote(d.types[typ].sorted()), ", ") + " now"
				if len(d.types[typ]) == 0 {
					reason = "its type is " + strings.Join(backquote(d.became[typ].sorted()), ", ") + " now"
				}
			case d.removed[typ] != "":
				reason = "a value of `" + typ + "`, removed"
			}
		}
		remove(Const, c, reason)
	}

	for _, f := range sortedKeys(d.old.funcs) {
		if !ast.IsExported(f) {
			continue
		}
		if news := d.funcs[f]; len(news) > 0 {
			row(Func, f, news, true)
			continue
		}
		if d.new.funcs[f] != nil {
			continue
		}
		reason := ""
		if d.builders[f] {
			reason = "request builder; no exported counterpart"
		}
		remove(Func, f, reason)
	}

	for _, v := range sortedKeys(d.old.vars) {
		if ast.IsExported(v) && !d.new.vars[v] {
			remove(Var, v, "")
		}
	}
	return r
}

func backquote(names []string) []string {
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = "`" + n + "`"
	}
	return out
}

func sortedKeys[V any](m map[string]V) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	sort.Strings(out)
	return out
}

// clientRenames are the names of the API client of the old packages and
// what they are now: the client type is API, so that Client can be
// Altegio's client entity.
var clientRenames = map[string]string{
	"Client":               "API",
	"Client.Runtime":       "API.Runtime",
	"NewClient":            "New",
	"NewClientWithRuntime": "NewWithRuntime",
}

// builderName matches the request builders of the old packages
// (New<Method>Request, New<Method>RequestWithBody, New<Method>Request<Body>).
var builderName = regexp.MustCompile(`^New[A-Z]\w*Request\w*$`)
