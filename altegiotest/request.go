package altegiotest

import (
	"net/http"
	"net/url"
	"strings"
)

// Request is one request the server received, as [Server.Requests] lists
// it and [Func] sees it.
type Request struct {
	// API is "b2b-v1" or "b2b-v2", by the path's prefix (/api/v1 or
	// /api/v2); "" for a path under neither.
	API string
	// Operation is the operationId of the operation the request matched,
	// such as "get_appointment_list"; "" when it matched none.
	Operation string
	// Call is the number of this request among the operation's, from 1;
	// 0 for a request the server refused (see Problem).
	Call int
	// Method is the HTTP method, such as "GET".
	Method string
	// Route is the operation's path template, such as
	// "/records/{location_id}".
	Route string
	// Path is the request path relative to the API's base URL, such as
	// "/records/1".
	Path string
	// RequestURI is the request target as the client sent it: the
	// escaped path from the server's root and the raw query, such as
	// "/api/v2/locations/1/team_members?filter%5Bname%5D=Ann&include=position",
	// for a test that pins the exact encoding.
	RequestURI string
	// Params are the values of the route's path parameters, by name
	// ("location_id": "1").
	Params map[string]string
	// Query is the query string, parsed.
	Query url.Values
	// Header is the request's header, but the tokens of Authorization:
	// its value keeps the schemes, "Bearer [REDACTED], User [REDACTED]".
	Header http.Header
	// Body is the request body.
	Body []byte
	// Problem says why the server refused the request (a wrong
	// Authorization or Accept, a missing required parameter…); "" when it
	// passed the checks.
	Problem string
}

// redactAuthorization returns an Authorization value with the words after
// the scheme of each credential replaced by [REDACTED]: "Bearer
// [REDACTED], User [REDACTED]".
func redactAuthorization(v string) string {
	parts := strings.Split(v, ",")
	for i, p := range parts {
		fields := strings.Fields(p)
		for j := 1; j < len(fields); j++ {
			fields[j] = "[REDACTED]"
		}
		parts[i] = strings.Join(fields, " ")
	}
	return strings.Join(parts, ", ")
}
