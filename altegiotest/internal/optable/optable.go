// Package optable is the shape of the operation tables that regen writes
// for package altegiotest (altegiotest/internal/fakeb2bv1 and fakeb2bv2):
// what the fake server needs to know of each operation of a spec to check
// a request as Altegio would and to answer it as the spec's example does.
package optable

// Auth is the Authorization an operation asks for, as the generated
// client sends it (plumbing.Auth has the same values).
type Auth int

const (
	// AuthNone asks for no Authorization header.
	AuthNone Auth = iota
	// AuthPartner asks for "Bearer <partner_token>".
	AuthPartner
	// AuthPartnerUser asks for "Bearer <partner_token>, User <user_token>".
	AuthPartnerUser
)

// Operation is one operation of a spec.
type Operation struct {
	// ID is the operationId, such as "get_appointment_list".
	ID string
	// Method is the HTTP method, such as "GET".
	Method string
	// Route is the path template, such as "/records/{location_id}".
	Route string
	// Auth is the Authorization the operation's security asks for.
	Auth Auth
	// Accept is the exact Accept header the generated client sends:
	// plumbing.AcceptHeader, followed by the media types of a success body
	// that is not JSON (a PDF).
	Accept string
	// IntParams are the path parameters whose values are integers.
	IntParams []string
	// Query and Header are the required query and header parameters (but
	// the Accept, Authorization and Content-Type headers, which the client
	// sends itself).
	Query, Header []string
	// Body says whether a request body is required; JSONBody whether the
	// body is JSON; Members are the top-level members a JSON body
	// requires.
	Body, JSONBody bool
	Members        []string
	// PageParam and SizeParam name the query parameters of a paged list
	// ("page" and "count", "limit"...), DefaultSize the page size the spec
	// gives when the request names none (0: none given).
	PageParam, SizeParam string
	DefaultSize          int
	// Status is the success status the operation answers with: the lowest
	// 2xx of the spec.
	Status int
	// ContentType is the media type of Example, "" when the success
	// answer has no body.
	ContentType string
	// Example is the body of the success answer: the spec's example.
	Example string
	// Source says where Example comes from: "example" (the response's
	// own), "schema example" (its schema's) or "schema" (built from the
	// schema, which has no example: the way a mock server builds one),
	// "envelope" ({"success": true, "data": null, "meta": []} for a JSON
	// response with neither schema nor example); "" when the success
	// answer has no body.
	Source string
}
