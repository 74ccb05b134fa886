package gen

import (
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"path"
	"sort"
	"strconv"
	"strings"
	"unicode"
)

// Imports returns the import paths of the Go files among files, sorted and
// without repeats.
func Imports(files map[string][]byte) ([]string, error) {
	seen := map[string]bool{}
	fset := token.NewFileSet()
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		f, err := parser.ParseFile(fset, name, files[name], parser.ImportsOnly)
		if err != nil {
			return nil, fmt.Errorf("%s: %s", name, oneLine(err))
		}
		for _, imp := range f.Imports {
			p, err := strconv.Unquote(imp.Path.Value)
			if err != nil {
				return nil, fmt.Errorf("%s: import %s: %w", name, imp.Path.Value, err)
			}
			seen[p] = true
		}
	}
	return sortedKeys(seen), nil
}

// IsStandardImport reports whether path is a package of the standard
// library: its first element has no dot.
func IsStandardImport(path string) bool {
	first, _, _ := strings.Cut(path, "/")
	return !strings.Contains(first, ".")
}

// CheckImports fails if a Go file among files imports anything but the
// standard library and the runtime (RuntimeImport): a generated client adds
// no dependency to the module that holds it.
func CheckImports(files map[string][]byte) error {
	paths, err := Imports(files)
	if err != nil {
		return err
	}
	var bad []string
	for _, p := range paths {
		if p != RuntimeImport && p != PlumbingImport && !IsStandardImport(p) {
			bad = append(bad, p)
		}
	}
	if len(bad) > 0 {
		return fmt.Errorf("generated code imports %s; it may import only %s and the standard library (map the type in CodegenConfig or override the template that emits it)", strings.Join(bad, ", "), RuntimeImport)
	}
	return nil
}

// sourceImport is one import of the generated source.
type sourceImport struct {
	name string // the import's own name, or "" for the package's
	path string
}

// importSet is the imports of the generated source, which every file of
// the package starts from: each file keeps the ones it uses, as goimports
// would, without goimports' search for the packages of names no import
// declares (the generated code refers to none).
type importSet struct {
	list   []sourceImport  // without repeats
	byName map[string]bool // the names the imports' packages are referred to by
}

// sourceImports collects the imports of f.
func sourceImports(f *ast.File) *importSet {
	s := &importSet{byName: map[string]bool{}}
	seen := map[sourceImport]bool{}
	for _, spec := range f.Imports {
		p, err := strconv.Unquote(spec.Path.Value)
		if err != nil {
			continue // not parsed as Go
		}
		imp := sourceImport{path: p}
		if spec.Name != nil {
			imp.name = spec.Name.Name
		}
		if seen[imp] {
			continue
		}
		seen[imp] = true
		s.list = append(s.list, imp)
		s.byName[imp.refName()] = true
	}
	return s
}

// refName is the name code refers to the import by: its own, or the last
// element of its path without a version suffix (gopkg.in/yaml.v3, /v2) or a
// go- prefix, as goimports assumes.
func (imp sourceImport) refName() string {
	if imp.name != "" {
		return imp.name
	}
	base := path.Base(imp.path)
	if v, ok := strings.CutPrefix(base, "v"); ok {
		if _, err := strconv.Atoi(v); err == nil && path.Dir(imp.path) != "." {
			base = path.Base(path.Dir(imp.path))
		}
	}
	base = strings.TrimPrefix(base, "go-")
	if i := strings.IndexFunc(base, func(r rune) bool {
		return r != '_' && !unicode.IsLetter(r) && !unicode.IsDigit(r)
	}); i >= 0 {
		base = base[:i]
	}
	return base
}

// refs adds to used the names of the packages that n refers to: the X of
// every selector X.Sel whose X the parser did not resolve to a declaration
// of the file and whose Sel is exported, as goimports counts them. It fails
// on a package no import declares, which goimports would look for.
func (s *importSet) refs(n ast.Node, used map[string]bool) error {
	var missing string
	ast.Inspect(n, func(n ast.Node) bool {
		if sel, ok := n.(*ast.SelectorExpr); ok {
			if x, ok := sel.X.(*ast.Ident); ok && x.Obj == nil && sel.Sel.IsExported() {
				if !s.byName[x.Name] && missing == "" {
					missing = x.Name + "." + sel.Sel.Name
				}
				used[x.Name] = true
			}
		}
		return missing == ""
	})
	if missing != "" {
		return fmt.Errorf("%s refers to a package the generated source does not import (add it to CodegenConfig's AdditionalImports)", missing)
	}
	return nil
}

// block is the import declaration of a file that uses the imports named in
// used, as goimports writes it: the standard library's, then a blank line
// and the others, each group sorted by path; "" when it uses none.
func (s *importSet) block(used map[string]bool) string {
	var keep []sourceImport
	for _, imp := range s.list {
		if used[imp.refName()] {
			keep = append(keep, imp)
		}
	}
	if len(keep) == 0 {
		return ""
	}
	std := func(imp sourceImport) bool { return IsStandardImport(imp.path) }
	sort.Slice(keep, func(i, j int) bool {
		a, b := keep[i], keep[j]
		if std(a) != std(b) {
			return std(a)
		}
		if a.path != b.path {
			return a.path < b.path
		}
		return a.name < b.name
	})
	var b strings.Builder
	b.WriteString("import (\n")
	for i, imp := range keep {
		if i > 0 && std(keep[i-1]) != std(imp) {
			b.WriteString("\n")
		}
		b.WriteString("\t")
		if imp.name != "" {
			b.WriteString(imp.name + " ")
		}
		b.WriteString(strconv.Quote(imp.path) + "\n")
	}
	b.WriteString(")")
	return b.String()
}
