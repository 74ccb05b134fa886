package plumbing

import (
	"context"
	"fmt"
	"net/http"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/internal/bridge"
)

// Auth says which tokens a request carries.
type Auth int

const (
	// AuthNone sends no Authorization header.
	AuthNone Auth = iota
	// AuthPartner sends "Authorization: Bearer <partner_token>".
	AuthPartner
	// AuthPartnerUser sends "Authorization: Bearer <partner_token>, User <user_token>".
	AuthPartnerUser
)

// String returns the name of the constant, e.g. "AuthPartnerUser".
func (a Auth) String() string {
	switch a {
	case AuthNone:
		return "AuthNone"
	case AuthPartner:
		return "AuthPartner"
	case AuthPartnerUser:
		return "AuthPartnerUser"
	}
	return fmt.Sprintf("Auth(%d)", int(a))
}

// AcceptHeader is the Accept header sent with every request, exactly as
// Altegio documents it: every request example of its reference sends it,
// and its parameter says "Should be equal to application/vnd.api.v2+json"
// (v2 answers 400 without it). An operation whose success body is not JSON
// (a PDF) names its own media type after it. altegio.WithRequestHeader
// sets another value for one call.
const AcceptHeader = "application/vnd.api.v2+json"

// Do sends req, a request built against c's base URL (URL, method, query
// and JSON body set), through c, and decodes a 2xx body into out: what a
// generated method does once it has built its request.
//
// Do attaches ctx, sets the Authorization header that auth asks for,
// Accept (AcceptHeader), User-Agent, and Content-Type: application/json
// when the request has no Content-Type, with or without a body (Altegio's
// specs declare it a required header of bodiless operations too); then it
// applies opts. A request that needs a token the client lacks fails before
// anything is sent. Each attempt waits for a turn from c's rate limiter and
// is retried as c's retry policy says (see altegio.WithRetry and
// altegio.WithLimiter); ctx bounds the whole call.
//
// On a 2xx answer with a non-empty body, the body is decoded with
// altegio.Unmarshal into out, unless out is nil (or a *[]byte, which gets
// the raw body, for non-JSON responses); an empty body (e.g. 204) leaves
// out untouched; a body that cannot be decoded gives an
// *altegio.DecodeError. Any other status gives an *altegio.APIError (the
// last attempt's); a redirect is not followed. Errors never contain tokens.
// Like http.Client.Do, Do closes req.Body, even on errors.
func Do(c *altegio.Client, ctx context.Context, req *http.Request, auth Auth, out any, opts ...altegio.CallOption) error {
	return bridge.Do(c, ctx, req, int(auth), out, opts)
}

// DoEnvelope is Do for a response in Altegio's {success, data, meta}
// envelope, decoded into out, whose meta member is at meta (&out.Meta):
// the decoded meta goes to the caller's altegio.WithMeta destination
// without a second reading of the body.
func DoEnvelope(c *altegio.Client, ctx context.Context, req *http.Request, auth Auth, out, meta any, opts ...altegio.CallOption) error {
	return bridge.DoEnvelope(c, ctx, req, int(auth), out, meta, opts)
}

// WithOperation returns ctx carrying the operation a generated method
// calls, which altegio.OperationFrom reads back in middleware and which the
// client's log lines and errors name.
func WithOperation(ctx context.Context, api, id, method, route, tag string) context.Context {
	return context.WithValue(ctx, bridge.OperationKey{}, altegio.Operation{API: api, ID: id, Method: method, Route: route, Tag: tag})
}
