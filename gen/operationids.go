package gen

import (
	"fmt"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// checkOperationIDs returns an error, naming both operations (operationId,
// method and path), if two operations of doc would get the same Client
// method: the same operationId twice, or two operationIds that differ only
// in what Go-casing removes (get_foo and getFoo are both GetFoo).
// oapi-codegen generates both without complaint, and only the compiler would
// notice the duplicate declarations. Operations without an operationId are
// not checked here.
func checkOperationIDs(doc *openapi3.T) error {
	type site struct{ id, method, path string }
	seen := map[string]site{}
	var err error
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if err != nil || op.OperationID == "" {
			return
		}
		here := site{op.OperationID, strings.ToUpper(method), path}
		name := GoMethodName(op.OperationID)
		first, ok := seen[name]
		switch {
		case !ok:
			seen[name] = here
		case first.id == here.id:
			err = fmt.Errorf("operationId %q is declared twice, by %s %s and %s %s; operationIds must be unique (rename one)",
				here.id, first.method, first.path, here.method, here.path)
		default:
			err = fmt.Errorf("operationIds %q (%s %s) and %q (%s %s) both become the Go method %s; rename one",
				first.id, first.method, first.path, here.id, here.method, here.path, name)
		}
	})
	return err
}
