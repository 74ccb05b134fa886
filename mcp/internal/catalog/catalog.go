// Package catalog is the type of the operation tables regen writes for the
// MCP server (mcp/internal/catalogb2bv1, catalogb2bv2): one row per
// operation of Altegio's specs, as patched and completed for the generated
// clients.
package catalog

// Auth is the credentials an operation needs.
type Auth int

// The credentials of an operation, from its security requirements.
const (
	AuthNone        Auth = iota // no Authorization header
	AuthPartner                 // the partner token
	AuthPartnerUser             // the partner token and a user token
)

// Operation is one operation of an API, as the MCP server serves it.
type Operation struct {
	API    string // "b2b-v1" or "b2b-v2"
	ID     string // the spec's operationId, such as "get_appointment_list"
	Tool   string // the tool's name, such as "appointments_list"
	Method string // the HTTP method, such as "GET"
	Route  string // the path template, such as "/records/{location_id}"
	Tag    string // the spec's first tag, such as "Appointments"

	Summary     string // the spec's summary, as a sentence
	Description string // the first paragraph of the spec's description, shortened
	Auth        Auth

	// Service and GoMethod name the generated client's method:
	// api.<Service>.<GoMethod>; Iterator, if not "", is its iterator over
	// every page (api.<Service>.<Iterator>).
	Service, GoMethod, Iterator string
	// Result is what the method returns: "list" (a slice), "document"
	// (an object whose data member is a list, such as a JSON:API
	// document with its included), "object", "bytes" (a body that is not
	// JSON) or "" (nothing but an error).
	Result string

	PathParams  []string // in path order: the method's arguments after ctx
	QueryParams []string // the members of the method's params struct
	// Body is "json" (the method takes the body's Go type),
	// "multipart" (a content type and a reader) or "" (no body).
	Body string

	// InputSchema is the JSON Schema (2020-12) of the tool's arguments:
	// an object with the path and query parameters by name and the
	// request body as "body".
	InputSchema string
}
