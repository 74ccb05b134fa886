package gen

import (
	"regexp"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// idDescription matches a path parameter's description that says what the
// parameter identifies: "Location ID", "Team member ID.".
var idDescription = regexp.MustCompile(`^([A-Za-z][A-Za-z ]{0,40}?) (?i:id)\.?$`)

// NameParameters names each path parameter of doc after what it
// identifies when its description says so and its wire name says
// otherwise: b2b-v2's company_id, described "Location ID", is the Go
// parameter locationID. The name is set as x-go-name, which oapi-codegen
// honours; the wire name stays in the method's doc comment. It returns
// the number of parameters renamed.
func NameParameters(doc *openapi3.T) int {
	n := 0
	seen := map[*openapi3.Parameter]bool{}
	name := func(params openapi3.Parameters) {
		for _, ref := range params {
			if ref == nil || ref.Value == nil || seen[ref.Value] {
				continue
			}
			p := ref.Value
			seen[p] = true
			if p.In != openapi3.ParameterInPath || p.Extensions["x-go-name"] != nil {
				continue
			}
			m := idDescription.FindStringSubmatch(strings.TrimSpace(p.Description))
			if m == nil {
				continue
			}
			goName := GoName(m[1] + "_id")
			if goName == GoName(p.Name) {
				continue
			}
			if p.Extensions == nil {
				p.Extensions = map[string]any{}
			}
			p.Extensions["x-go-name"] = goName
			n++
		}
	}
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		name(item.Parameters)
		name(op.Parameters)
	})
	return n
}
