package gen

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Owner is the one operation that uses a component schema, and how.
type Owner struct {
	// Method is the operation's Client method, such as "GetAppointmentList".
	Method string
	// Request is true when the component is the operation's JSON request
	// body, false when it is a response body.
	Request bool
}

// SoleOwners maps the Go name of every component schema that only one
// place of doc references, where that place is an operation's JSON request
// body or the JSON body of one of its 2xx responses, to that operation. Such
// a component is the operation's own body under a spec key (such as
// records_companyid_response_data-types for get_appointment_list), so
// NameTypes names it after the operation: <Method>Response or
// <Method>Request. A component that a second place starts to reference
// takes its own name again, which renames only what the new place uses.
func SoleOwners(doc *openapi3.T) map[string]Owner {
	refs := map[string]int{}
	walkSchemas(doc, func(site schemaSite) {
		if name, ok := strings.CutPrefix(site.Ref.Ref, "#/components/schemas/"); ok {
			refs[name]++
		}
	})
	out := map[string]Owner{}
	claim := func(ref *openapi3.SchemaRef, o Owner) {
		if ref == nil {
			return
		}
		if name, ok := strings.CutPrefix(ref.Ref, "#/components/schemas/"); ok && refs[name] == 1 {
			out[componentGoName(name)] = o
		}
	}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		method := GoMethodName(op.OperationID)
		if b := op.RequestBody; b != nil && b.Ref == "" && b.Value != nil {
			for mt, c := range b.Value.Content {
				if isJSONMediaType(mt) && c != nil {
					claim(c.Schema, Owner{Method: method, Request: true})
				}
			}
		}
		if op.Responses == nil {
			return
		}
		for code, r := range op.Responses.Map() {
			if !strings.HasPrefix(code, "2") || r == nil || r.Ref != "" || r.Value == nil {
				continue
			}
			for mt, c := range r.Value.Content {
				if isJSONMediaType(mt) && c != nil {
					claim(c.Schema, Owner{Method: method})
				}
			}
		}
	})
	return out
}

// componentGoName is the Go name oapi-codegen gives the component key.
func componentGoName(key string) string {
	name := GoName(key)
	if key != "" && key[0] >= '0' && key[0] <= '9' {
		name = "N" + name
	}
	return name
}
