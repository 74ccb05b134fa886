package gen

import (
	"mime"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// schemalessJSONResponses types the JSON responses that declare no schema
// and that Complete could not type, for want of an example:
//
//   - a response whose status carries no body (204, 205, 304) loses the
//     content it declares anyway, so that its method returns only an error
//     rather than the raw bytes of a body that never comes;
//   - any other JSON response without a schema (it has no example either:
//     Complete builds the schema of those that have one) gets Altegio's
//     envelope with data and meta of unknown content, {success?: boolean,
//     data, meta}: what every Altegio JSON body is (b2b-v2's JSON:API
//     bodies have data and meta too), so that its method returns a typed
//     value that keeps whatever data the API sends.
func schemalessJSONResponses(doc *openapi3.T) (int, error) {
	n := 0
	seen := map[*openapi3.MediaType]bool{}
	seenResp := map[*openapi3.Response]bool{}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Responses == nil {
			return
		}
		for _, code := range sortedKeys(op.Responses.Map()) {
			r := op.Responses.Value(code)
			if r == nil || r.Value == nil {
				continue
			}
			if noBodyStatus(code) {
				if len(r.Value.Content) > 0 && !seenResp[r.Value] {
					seenResp[r.Value] = true
					r.Value.Content = nil
					n++
				}
				continue
			}
			for _, ct := range sortedKeys(r.Value.Content) {
				mt := r.Value.Content[ct]
				if mt == nil || mt.Schema != nil || seen[mt] || !isJSONMediaType(ct) {
					continue
				}
				seen[mt] = true
				mt.Schema = openapi3.NewSchemaRef("", unknownEnvelope())
				n++
			}
		}
	})
	return n, nil
}

// unknownEnvelope is the schema of a JSON body that nothing documents:
// Altegio's envelope, its data and meta any value.
func unknownEnvelope() *openapi3.Schema {
	return &openapi3.Schema{
		Type:        &openapi3.Types{openapi3.TypeObject},
		Description: "The spec documents neither a schema nor an example of this body.",
		Properties: openapi3.Schemas{
			"success": openapi3.NewSchemaRef("", &openapi3.Schema{Type: &openapi3.Types{openapi3.TypeBoolean}, Description: "Execution success status"}),
			"data":    openapi3.NewSchemaRef("", &openapi3.Schema{Description: "Response data (undocumented)"}),
			"meta":    openapi3.NewSchemaRef("", &openapi3.Schema{Description: "Metadata (undocumented)"}),
		},
	}
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
