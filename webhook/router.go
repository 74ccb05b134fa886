package webhook

import (
	"context"
	"errors"
	"fmt"
)

// HandlerFunc handles one event. It gets the context of the request that
// delivered it.
type HandlerFunc func(ctx context.Context, e *Event) error

// AnyStatus, given to [Router.Handle] or a typed On method, matches every
// status.
const AnyStatus Status = ""

// Router sends each event to the func registered for its resource and
// status, much as go-github's users switch on the event type:
//
//	r := webhook.NewRouter()
//	r.OnRecord(webhook.Create, func(ctx context.Context, e *webhook.Event, rec *webhook.Record) error { ... })
//	r.OnClient(webhook.AnyStatus, func(ctx context.Context, e *webhook.Event, c *webhook.Client) error { ... })
//	r.Handle("some_new_resource", webhook.AnyStatus, func(ctx context.Context, e *webhook.Event) error { ... })
//	h := webhook.NewHandler(secret, r.Dispatch)
//
// [Router.Dispatch] calls the func registered for the event's resource and
// exact status, else the one for its resource and [AnyStatus], else the
// fallback ([Router.Fallback]). With none of these it returns nil: an event
// nobody asked for is acknowledged (200) and dropped.
//
// Register every func before the first Dispatch; after that a Router may be
// used by many goroutines at once.
type Router struct {
	routes    map[route]HandlerFunc
	fallback  HandlerFunc
	dataError func(context.Context, *Event, *DataError) error
}

type route struct {
	resource Resource
	status   Status
}

// NewRouter returns a Router with nothing registered.
func NewRouter() *Router { return &Router{routes: map[route]HandlerFunc{}} }

// Handle registers fn for events about resource with status (or any status,
// for [AnyStatus]). It panics if fn is nil or that pair already has a func.
func (r *Router) Handle(resource Resource, status Status, fn HandlerFunc) {
	if fn == nil {
		panic("webhook: Router.Handle: nil func for " + string(resource))
	}
	k := route{resource, status}
	if _, dup := r.routes[k]; dup {
		panic(fmt.Sprintf("webhook: Router.Handle: %s %q registered twice", resource, status))
	}
	r.routes[k] = fn
}

// Fallback registers fn for the events that no other func matches,
// instead of acknowledging and dropping them.
func (r *Router) Fallback(fn HandlerFunc) { r.fallback = fn }

// OnDataError registers fn for the events whose data has members that do
// not fit their Go fields (see [DataError]), before a typed func (OnRecord,
// ...) gets the value without them. If fn returns an error, that is the
// event's error and the typed func is not called. With no fn registered,
// the typed func gets the value.
func (r *Router) OnDataError(fn func(context.Context, *Event, *DataError) error) { r.dataError = fn }

// Dispatch calls the func that e's resource and status select (see
// [Router]) and returns its error. Its signature is a [HandlerFunc], to give
// to [NewHandler].
func (r *Router) Dispatch(ctx context.Context, e *Event) error {
	if fn, ok := r.routes[route{e.Resource, e.Status}]; ok {
		return fn(ctx, e)
	}
	if fn, ok := r.routes[route{e.Resource, AnyStatus}]; ok {
		return fn(ctx, e)
	}
	if r.fallback != nil {
		return r.fallback(ctx, e)
	}
	return nil
}

// handleTyped registers fn for each of resources with status, giving it
// the entity that get decodes; a *DataError goes to the OnDataError func
// first, and any other error is the event's, without calling fn.
func handleTyped[T any](r *Router, status Status, get func(*Event) (*T, error), fn func(context.Context, *Event, *T) error, resources ...Resource) {
	if fn == nil {
		panic("webhook: Router: nil func for " + string(resources[0]))
	}
	for _, res := range resources {
		r.Handle(res, status, func(ctx context.Context, e *Event) error {
			v, err := get(e)
			var de *DataError
			switch {
			case errors.As(err, &de) && v != nil:
				if r.dataError != nil {
					if err := r.dataError(ctx, e, de); err != nil {
						return err
					}
				}
			case err != nil:
				return err
			}
			return fn(ctx, e, v)
		})
	}
}

// OnRecord registers fn for appointment ("record") events with status.
func (r *Router) OnRecord(status Status, fn func(context.Context, *Event, *Record) error) {
	handleTyped(r, status, (*Event).Record, fn, ResourceRecord)
}

// OnClient registers fn for "client" events with status.
func (r *Router) OnClient(status Status, fn func(context.Context, *Event, *Client) error) {
	handleTyped(r, status, (*Event).Client, fn, ResourceClient)
}

// OnStaff registers fn for team member ("staff") events with status.
func (r *Router) OnStaff(status Status, fn func(context.Context, *Event, *Staff) error) {
	handleTyped(r, status, (*Event).Staff, fn, ResourceStaff)
}

// OnService registers fn for "service" events with status.
func (r *Router) OnService(status Status, fn func(context.Context, *Event, *Service) error) {
	handleTyped(r, status, (*Event).Service, fn, ResourceService)
}

// OnServiceCategory registers fn for "service_category" events with status.
func (r *Router) OnServiceCategory(status Status, fn func(context.Context, *Event, *ServiceCategory) error) {
	handleTyped(r, status, (*Event).ServiceCategory, fn, ResourceServiceCategory)
}

// OnSalon registers fn for location ("salon") events with status.
func (r *Router) OnSalon(status Status, fn func(context.Context, *Event, *Salon) error) {
	handleTyped(r, status, (*Event).Salon, fn, ResourceSalon)
}

// OnGood registers fn for product ("good") events with status.
func (r *Router) OnGood(status Status, fn func(context.Context, *Event, *Good) error) {
	handleTyped(r, status, (*Event).Good, fn, ResourceGood)
}

// OnGoodsOperation registers fn for the events of all five kinds of product
// transaction (goods_operations_sale, _receipt, _consumable, _stolen and
// _move) with status; e.Resource tells which. To handle one kind only, use
// Handle with its resource and [Event.GoodsOperation].
func (r *Router) OnGoodsOperation(status Status, fn func(context.Context, *Event, *GoodsOperation) error) {
	handleTyped(r, status, (*Event).GoodsOperation, fn, goodsOperations...)
}

// OnFinancesOperation registers fn for "finances_operation" events with
// status.
func (r *Router) OnFinancesOperation(status Status, fn func(context.Context, *Event, *FinancesOperation) error) {
	handleTyped(r, status, (*Event).FinancesOperation, fn, ResourceFinancesOperation)
}

// OnLoyaltyCard registers fn for "loyalty_card" events with status.
func (r *Router) OnLoyaltyCard(status Status, fn func(context.Context, *Event, *LoyaltyCard) error) {
	handleTyped(r, status, (*Event).LoyaltyCard, fn, ResourceLoyaltyCard)
}
