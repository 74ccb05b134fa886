package gen

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// InventoryFile is the name, in each generated package, of the inventory of
// its API surface: one line per operation, "METHOD path operationId → Go
// method", sorted by path and method. It is generated with the code, so a
// spec change shows in review as a short diff of this file even when the Go
// diff is long, and the golden test fails when it is stale.
const InventoryFile = "OPERATIONS.txt"

// InventoryEntry is one operation of a generated client.
type InventoryEntry struct {
	Method      string // upper case, such as "GET"
	Path        string // as in the spec, such as "/locations/{location_id}/services"
	OperationID string // as in the spec, such as "list_services"
	// GoMethod is the Client method that calls the operation, such as
	// "ListServices", or "UploadPhotoWithBody" when the operation has only
	// the raw-body variant.
	GoMethod string
	// Result is the Go type of the method's result, such as
	// "*ListPositionsResponse", or "" when it returns only an error.
	Result string
	// Iterator is the name of the iterator over the operation's pages, or
	// "" if it has none (see inventoryIterator).
	Iterator string
}

// String is the entry's line in the inventory.
func (e InventoryEntry) String() string {
	s := fmt.Sprintf("%s %s %s → %s", e.Method, e.Path, e.OperationID, e.GoMethod)
	if e.Result != "" {
		s += " " + e.Result
	}
	if e.Iterator != "" {
		s += ", iterator " + e.Iterator
	}
	return s
}

// inventoryIterator returns the iterator generated for the Client method
// goMethod in files, or "". It is the hook for paginated iterators (issue
// 4): until the pipeline generates them, no operation has one.
func inventoryIterator(goMethod string, files map[string][]byte) string {
	if bytes.Contains(files[FileIterators], []byte("func (c *Client) "+goMethod+"All(")) {
		return goMethod + "All"
	}
	return ""
}

// GoMethodName is the name oapi-codegen gives the Client method of the
// operation with the given operationId, under the name normalizer
// CodegenConfig selects (see GoName): list_positions → ListPositions,
// get_membership_type_list_by_id → GetMembershipTypeListByID.
func GoMethodName(operationID string) string {
	return GoName(operationID)
}

// inventoryOperations lists the operations of doc, sorted by path and then
// method. Call it before GenerateSource, which renames operations in place.
func inventoryOperations(doc *openapi3.T) []InventoryEntry {
	var ops []InventoryEntry
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		ops = append(ops, InventoryEntry{Method: strings.ToUpper(method), Path: path, OperationID: op.OperationID})
	})
	slices.SortFunc(ops, func(a, b InventoryEntry) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return ops
}

// ClientMethods returns the names of the methods declared on *Client in a
// generated client.go.
func ClientMethods(clientSource []byte) (map[string]bool, error) {
	results, err := clientResults(clientSource)
	if err != nil {
		return nil, err
	}
	methods := map[string]bool{}
	for m := range results {
		methods[m] = true
	}
	return methods, nil
}

// clientResults returns the methods declared on *Client in a generated
// client.go, each with the type of its first result when it has two
// ("*ListPositionsResponse"), or "".
func clientResults(clientSource []byte) (map[string]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), FileClient, clientSource, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s does not parse: %s", FileClient, oneLine(err))
	}
	methods := map[string]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && id.Name == "Client" {
				result := ""
				if r := fd.Type.Results; r != nil && len(r.List) == 2 {
					result = types.ExprString(r.List[0].Type)
				}
				methods[fd.Name.Name] = result
			}
		}
	}
	return methods, nil
}

// ResolveGoMethod returns the Client method among methods that calls the
// operation with the given operationId: its GoMethodName, or that name
// with "WithBody" when only the raw-body variant exists.
func ResolveGoMethod(operationID string, methods map[string]bool) (string, bool) {
	name := GoMethodName(operationID)
	for _, m := range []string{name, name + "WithBody"} {
		if methods[m] {
			return m, true
		}
	}
	return name, false
}

// buildInventory resolves the Client method of each of ops in the
// generated files and renders the inventory. Every operation must have a
// method: this is also the pipeline's coverage check.
func buildInventory(what string, h Header, ops []InventoryEntry, files map[string][]byte) ([]byte, error) {
	results := map[string]string{}
	for _, name := range sortedKeys(files) {
		if !strings.HasSuffix(name, ".go") {
			continue
		}
		r, err := clientResults(files[name])
		if err != nil {
			return nil, fmt.Errorf("inventory: %w", err)
		}
		for m, t := range r {
			results[m] = t
		}
	}
	methods := map[string]bool{}
	for m := range results {
		methods[m] = true
	}
	var b bytes.Buffer
	b.WriteString(h.String())
	fmt.Fprintf(&b, "//\n// The %d operations of %s, one per line: METHOD path operationId → Client method and its result.\n\n", len(ops), what)
	for _, op := range ops {
		if op.OperationID == "" {
			return nil, fmt.Errorf("inventory: %s %s has no operationId", op.Method, op.Path)
		}
		m, ok := ResolveGoMethod(op.OperationID, methods)
		if !ok {
			return nil, fmt.Errorf("inventory: %s %s (%s): no method Client.%s in the generated files", op.Method, op.Path, op.OperationID, m)
		}
		op.GoMethod = m
		op.Result = results[m]
		op.Iterator = inventoryIterator(m, files)
		b.WriteString(op.String())
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// ClientMethodsInDir returns the names of the methods declared on *Client
// in the Go files of the generated package in dir (one file per tag).
func ClientMethodsInDir(dir string) (map[string]bool, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	methods := map[string]bool{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		src, err := os.ReadFile(name)
		if err != nil {
			return nil, err
		}
		m, err := ClientMethods(src)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", filepath.Base(name), err)
		}
		for k := range m {
			methods[k] = true
		}
	}
	if len(methods) == 0 {
		return nil, fmt.Errorf("no Client methods in %s", dir)
	}
	return methods, nil
}
