// Package bridge lets package plumbing reach what package altegio keeps
// out of its exported API: the call itself, which only generated code
// makes.
package bridge

import (
	"context"
	"encoding/json"
	"net/http"
)

// Do is the unexported do method of *altegio.Client: it sends req through
// client c with the tokens auth names (0 none, 1 the partner token, 2 the
// partner and the user token), with the call options opts (an
// []altegio.CallOption), and decodes a 2xx body into out. Package altegio
// sets it when it is loaded.
var Do func(c any, ctx context.Context, req *http.Request, auth int, out any, opts any) error

// DoEnvelope is Do for a body in Altegio's envelope decoded into out,
// whose meta member is at meta: the meta goes to the call's WithMeta
// destination from there.
var DoEnvelope func(c any, ctx context.Context, req *http.Request, auth int, out, meta any, opts any) error

// MarshalWithExtra is altegio's marshalWithExtra: v's JSON object with the
// members of extra (an altegio.ExtraFields) added. Package altegio sets it.
var MarshalWithExtra func(v any, extra map[string]json.RawMessage) ([]byte, error)

// OperationKey is the context key under which plumbing.WithOperation puts
// the altegio.Operation a generated method calls, for altegio.OperationFrom.
type OperationKey struct{}
