package gen

import (
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

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

func isIntType(t string) bool {
	switch t {
	case "int", "int32", "int64":
		return true
	}
	return false
}
