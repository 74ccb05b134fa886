package altegio

import (
	"context"

	"github.com/altegio-go/altegio/internal/bridge"
)

// Operation is the API operation a request made by a generated method
// calls, as the spec names it. Middleware (WithMiddleware) reads it from
// the request's context with [OperationFrom], to name spans, metrics and
// log lines by operation and route rather than by a path full of IDs.
type Operation struct {
	// API is the spec: "b2b-v1" or "b2b-v2".
	API string
	// ID is the operationId, such as "get_appointment_list".
	ID string
	// Method is the HTTP method, such as "GET".
	Method string
	// Route is the path template, such as "/records/{location_id}": it
	// holds no ID.
	Route string
	// Tag is the spec's tag of the operation, such as "Appointments"; its
	// service in the generated client.
	Tag string
}

// OperationFrom returns the operation whose generated method made the
// request with context ctx (req.Context() in a middleware, or the context
// a log handler gets), and false for a request no generated method made.
func OperationFrom(ctx context.Context) (Operation, bool) {
	op, ok := ctx.Value(bridge.OperationKey{}).(Operation)
	return op, ok
}
