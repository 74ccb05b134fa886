package gen

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio/plumbing"
)

// MockSpec returns doc, a spec patched without the Go transforms (Patch
// with no transforms), as a local mock server such as Prism should serve
// it to the SDK, encoded as JSON. It changes doc in two ways that let the
// SDK's requests through:
//
//   - every application/json response is also declared as the media type
//     the client asks for (plumbing.AcceptHeader), as Altegio documents it;
//     the published specs declare application/json only, so Prism, which
//     negotiates on the spec, answers 406 to the SDK's Accept header;
//   - query parameters whose names have brackets (filter[term]) and
//     Accept, Content-Type and Authorization declared outside the headers
//     are not required: Prism 5 never finds the former
//     (stoplightio/prism#2443), and the client sends the latter as
//     headers only.
//
// `regen -mock-spec` (make mock) and the contract test serve this.
func MockSpec(doc *openapi3.T) ([]byte, error) {
	relax := func(params openapi3.Parameters) {
		for _, ref := range params {
			if ref == nil || ref.Value == nil || !ref.Value.Required {
				continue
			}
			q := ref.Value
			if q.In == openapi3.ParameterInQuery && strings.Contains(q.Name, "[") || q.In != openapi3.ParameterInHeader && IsTransportHeader(q.Name) {
				q.Required = false
			}
		}
	}
	declare := func(resp *openapi3.ResponseRef) {
		if resp == nil || resp.Value == nil {
			return
		}
		c := resp.Value.Content
		if mt, ok := c["application/json"]; ok && c[plumbing.AcceptHeader] == nil {
			c[plumbing.AcceptHeader] = mt
		}
	}
	for _, item := range doc.Paths.Map() {
		relax(item.Parameters)
		for _, op := range item.Operations() {
			relax(op.Parameters)
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					declare(r)
				}
			}
		}
	}
	if doc.Components != nil {
		for _, r := range doc.Components.Responses {
			declare(r)
		}
		for _, ref := range doc.Components.Parameters {
			relax(openapi3.Parameters{ref})
		}
	}
	data, err := doc.MarshalJSON()
	if err != nil {
		return nil, err
	}
	return append(data, '\n'), nil
}
