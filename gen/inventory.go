package gen

import (
	"bytes"
	"cmp"
	"fmt"
	"go/ast"
	"go/parser"
	"go/token"
	"go/types"
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
	// GoMethod is the service method that calls the operation, such as
	// "Services.List" (gen.NameServices).
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
		e := InventoryEntry{Method: strings.ToUpper(method), Path: path, OperationID: op.OperationID}
		svc, _ := op.Extensions[ServiceExtension].(string)
		m, _ := op.Extensions[MethodExtension].(string)
		if svc != "" && m != "" {
			e.GoMethod = svc + "." + m
		}
		ops = append(ops, e)
	})
	slices.SortFunc(ops, func(a, b InventoryEntry) int {
		return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return ops
}

// clientResults returns the service methods declared in a generated file
// (methods of a *<Name>Service, as "<Name>.<Method>"), each with the type
// of its first result when it has two ("[]Position"), or "".
func clientResults(clientSource []byte) (map[string]string, error) {
	f, err := parser.ParseFile(token.NewFileSet(), FileClient, clientSource, parser.SkipObjectResolution)
	if err != nil {
		return nil, fmt.Errorf("%s does not parse: %s", FileClient, oneLine(err))
	}
	return serviceMethods(f), nil
}

// serviceMethods is clientResults of the parsed file f.
func serviceMethods(f *ast.File) map[string]string {
	methods := map[string]string{}
	for _, d := range f.Decls {
		fd, ok := d.(*ast.FuncDecl)
		if !ok || fd.Recv == nil {
			continue
		}
		if star, ok := fd.Recv.List[0].Type.(*ast.StarExpr); ok {
			if id, ok := star.X.(*ast.Ident); ok && strings.HasSuffix(id.Name, "Service") && fd.Name.IsExported() {
				result := ""
				if r := fd.Type.Results; r != nil && len(r.List) == 2 {
					result = types.ExprString(r.List[0].Type)
				}
				methods[strings.TrimSuffix(id.Name, "Service")+"."+fd.Name.Name] = result
			}
		}
	}
	return methods
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
	return renderInventory(what, h, ops, results)
}

// renderInventory is buildInventory given the service methods of the
// generated files and their results (clientResults).
func renderInventory(what string, h Header, ops []InventoryEntry, results map[string]string) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(h.String())
	fmt.Fprintf(&b, "//\n// The %d operations of %s, one per line: METHOD path operationId → service method, its result and its iterator.\n\n", len(ops), what)
	for _, op := range ops {
		if op.OperationID == "" {
			return nil, fmt.Errorf("inventory: %s %s has no operationId", op.Method, op.Path)
		}
		m := op.GoMethod
		if _, ok := results[m]; !ok {
			return nil, fmt.Errorf("inventory: %s %s (%s): no method %q in the generated files", op.Method, op.Path, op.OperationID, m)
		}
		op.Result = results[m]
		if _, ok := results[m+"All"]; ok {
			op.Iterator = m + "All"
		}
		b.WriteString(op.String())
		b.WriteByte('\n')
	}
	return b.Bytes(), nil
}

// OperationMethodsInDir maps each operationId that a service method of the
// generated package in dir calls to that method ("Appointments.List"), read
// from the methods' doc comments ("List calls get_appointment_list: …"), so
// that a coverage check needs nothing the pipeline decided.
func OperationMethodsInDir(dir string) (map[string]string, error) {
	names, err := filepath.Glob(filepath.Join(dir, "*.go"))
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, name := range names {
		if strings.HasSuffix(name, "_test.go") {
			continue
		}
		f, err := parser.ParseFile(token.NewFileSet(), name, nil, parser.ParseComments|parser.SkipObjectResolution)
		if err != nil {
			return nil, fmt.Errorf("%s does not parse: %s", filepath.Base(name), oneLine(err))
		}
		for _, d := range f.Decls {
			fd, ok := d.(*ast.FuncDecl)
			if !ok || fd.Recv == nil || fd.Doc == nil {
				continue
			}
			recv := receiverName(fd.Recv)
			words := strings.Fields(fd.Doc.Text())
			if !strings.HasSuffix(recv, "Service") || len(words) < 3 || words[0] != fd.Name.Name || words[1] != "calls" {
				continue
			}
			out[strings.TrimRight(words[2], ":.")] = strings.TrimSuffix(recv, "Service") + "." + fd.Name.Name
		}
	}
	return out, nil
}
