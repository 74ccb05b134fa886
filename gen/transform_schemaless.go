package gen

import (
	"mime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemalessJSONResponses gives every JSON response media type that declares
// no schema (most of them carry only an example) the schema
// {x-go-type: json.RawMessage}. Without a schema oapi-codegen emits no Go
// type for the body, so the client could not return it and ResponseBody
// would not know it; with one, the body is returned as the raw JSON it is,
// for the caller to decode. Statuses that carry no body (204, 205, 304) are
// left alone.
func schemalessJSONResponses(doc *openapi3.T) (int, error) {
	n := 0
	seen := map[*openapi3.MediaType]bool{}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(code)
			if r == nil || r.Value == nil || code == "204" || code == "205" || code == "304" {
				continue
			}
			for _, ct := range sortedKeys(r.Value.Content) {
				mt := r.Value.Content[ct]
				if mt == nil || mt.Schema != nil || seen[mt] || !isJSONMediaType(ct) {
					continue
				}
				seen[mt] = true
				mt.Schema = &openapi3.SchemaRef{Value: &openapi3.Schema{
					Extensions: map[string]any{"x-go-type": "json.RawMessage"},
				}}
				n++
			}
		}
	})
	return n, nil
}

// isJSONMediaType reports whether a media type names JSON: application/json
// or a +json suffix type, with or without parameters.
func isJSONMediaType(ct string) bool {
	mt, _, err := mime.ParseMediaType(ct)
	if err != nil {
		mt = strings.ToLower(strings.TrimSpace(ct))
	}
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}
