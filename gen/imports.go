package gen

import (
	"fmt"
	"go/parser"
	"go/token"
	"strconv"
	"strings"
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
