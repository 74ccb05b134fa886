package webhook

import (
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// The Go types of the entities, one per documented resource: the type from
// generated/b2bv1 of the `data` that the entity's GET operation returns (one
// element of it, when that data is a list). Together with the entities table
// below, this is the one place that ties resources to generated types.
type (
	// Record is an appointment, as get_appointment returns it
	// (GET /record/{location_id}/{record_id}).
	Record = b2bv1.Appointment

	// Client is a client, as get_client returns it
	// (GET /client/{location_id}/{id}): the SDK's one client type, shared
	// by every operation that returns a client.
	Client = b2bv1.Client

	// Staff is a team member, as get_team_member returns it
	// (GET /company/{location_id}/staff/{team_member_id}).
	Staff = b2bv1.TeamMember

	// Service is a service, as get_service returns it
	// (GET /company/{location_id}/services/{service_id}).
	Service = b2bv1.Service

	// ServiceCategory is a service category, as get_service_category returns
	// it (GET /service_category/{location_id}/{id}).
	ServiceCategory = b2bv1.ServiceCategory

	// Salon is the location, as get_location returns it
	// (GET /company/{location_id}).
	Salon = b2bv1.Location

	// Good is a product, as get_product returns it
	// (GET /goods/{location_id}/{product_id}).
	Good = b2bv1.Product

	// GoodsOperation is a product transaction (sale, receipt, write-off,
	// move), as get_transaction returns it
	// (GET /storage_operations/goods_transactions/{location_id}/{transaction_id}).
	GoodsOperation = b2bv1.ProductTransaction

	// FinancesOperation is a financial transaction, as
	// get_financial_transaction returns it
	// (GET /finance_transactions/{location_id}/{transaction_id}).
	FinancesOperation = b2bv1.Transaction

	// LoyaltyCard is a loyalty card, as get_loyalty_card_list_by_phone
	// returns each (GET /loyalty/cards/{phone}/{chain_id}/{location_id}).
	// The notification carries only id, balance, number and phone.
	LoyaltyCard = b2bv1.LoyaltyCard
)

// entity is what the package knows of a documented resource.
type entity struct {
	op     string                    // the GET operation whose data the notification's data is, as Altegio documents
	typeOp string                    // the operation whose response type gives decode's type, when not op
	decode func([]byte) (any, error) // decodes data into the Go type; nil when data carries nothing
}

// entities maps each documented resource to its entity.
var entities = map[Resource]entity{
	ResourceRecord:            {op: "get_appointment", decode: decodeAs[Record]},
	ResourceClient:            {op: "get_client", typeOp: "deprecated_get_client_list", decode: decodeAs[Client]},
	ResourceStaff:             {op: "get_team_member", decode: decodeAs[Staff]},
	ResourceService:           {op: "get_service", decode: decodeAs[Service]},
	ResourceServiceCategory:   {op: "get_service_category", decode: decodeAs[ServiceCategory]},
	ResourceSalon:             {op: "get_location", decode: decodeAs[Salon]},
	ResourceGood:              {op: "get_product", decode: decodeAs[Good]},
	ResourceGoodsSale:         {op: "get_transaction", decode: decodeAs[GoodsOperation]},
	ResourceGoodsReceipt:      {op: "get_transaction", decode: decodeAs[GoodsOperation]},
	ResourceGoodsConsumable:   {op: "get_transaction", decode: decodeAs[GoodsOperation]},
	ResourceGoodsStolen:       {op: "get_transaction", decode: decodeAs[GoodsOperation]},
	ResourceGoodsMove:         {op: "get_transaction", decode: decodeAs[GoodsOperation]},
	ResourceFinancesOperation: {op: "get_financial_transaction", decode: decodeAs[FinancesOperation]},
	ResourceLoyaltyCard:       {op: "get_loyalty_card_list_by_phone", decode: decodeAs[LoyaltyCard]},
	ResourceSchedule:          {},
}

// decodeAs decodes data leniently into a new T. When members of data do not
// fit their fields even so, it decodes the others and returns a *DataError
// naming those it left out, with the value.
func decodeAs[T any](data []byte) (any, error) {
	v := new(T)
	err := altegio.Unmarshal(data, v)
	if err == nil {
		return v, nil
	}
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return nil, err
	}
	var left []string
	for k, raw := range members {
		one, _ := json.Marshal(map[string]json.RawMessage{k: raw})
		if altegio.Unmarshal(one, new(T)) != nil {
			left = append(left, k)
			delete(members, k)
		}
	}
	rest, _ := json.Marshal(members)
	v = new(T)
	if len(left) == 0 || altegio.Unmarshal(rest, v) != nil {
		return nil, err
	}
	sort.Strings(left)
	return v, &DataError{Members: left, Err: err}
}

// DataError reports members of an event's data that do not fit their Go
// fields, where Altegio and its spec disagree (a real goods operation sends
// "type" as a string; get_transaction declares an object). The accessor
// that returns it also returns the value, holding every other member, as
// encoding/json does for a type mismatch: use it, or not.
type DataError struct {
	Resource Resource // the event's resource
	Members  []string // the top-level members of data left out, sorted
	Err      error    // the decoder's error
}

func (e *DataError) Error() string {
	return "webhook: data: " + string(e.Resource) + ": left out " + strings.Join(e.Members, ", ") + ": " + oneLine(e.Err.Error(), 200)
}

func (e *DataError) Unwrap() error { return e.Err }

// ErrOtherResource is the Err of the [ParseError] that a typed accessor
// returns for an event about another resource, such as Record on a client.
var ErrOtherResource = errors.New("the event is about another resource")

// Entity decodes Data into the Go type of the event's resource and returns a
// pointer to it, such as a *[Record] for "record": handy in a type switch.
// It returns nil and no error for a resource whose data carries nothing
// (schedule) and for one this package does not know; e.Data still holds it.
// When members of Data do not fit, it returns the value and a [*DataError].
func (e *Event) Entity() (any, error) {
	ent, ok := entities[e.Resource]
	if !ok || ent.decode == nil {
		return nil, nil
	}
	v, err := ent.decode(e.Data)
	var de *DataError
	switch {
	case errors.As(err, &de):
		de.Resource = e.Resource
	case err != nil:
		return nil, &ParseError{Field: "data", Err: fmt.Errorf("%s: %w", e.Resource, err)}
	}
	return v, err
}

// entityOf returns e's entity as a *T, for an event about one of resources.
func entityOf[T any](e *Event, resources ...Resource) (*T, error) {
	if !slices.Contains(resources, e.Resource) {
		return nil, &ParseError{Field: "resource", Err: fmt.Errorf("%w: %q, not %s", ErrOtherResource, e.Resource, resources[0])}
	}
	v, err := e.Entity()
	if v == nil {
		return nil, err
	}
	return v.(*T), err
}

// goodsOperations are the resources of product transactions.
var goodsOperations = []Resource{ResourceGoodsSale, ResourceGoodsReceipt, ResourceGoodsConsumable, ResourceGoodsStolen, ResourceGoodsMove}

// The typed accessors below decode Data as [Event.Entity] does, and fail
// with ErrOtherResource for an event about another resource.

// Record decodes the appointment of a "record" event.
func (e *Event) Record() (*Record, error) { return entityOf[Record](e, ResourceRecord) }

// Client decodes the client of a "client" event.
func (e *Event) Client() (*Client, error) { return entityOf[Client](e, ResourceClient) }

// Staff decodes the team member of a "staff" event.
func (e *Event) Staff() (*Staff, error) { return entityOf[Staff](e, ResourceStaff) }

// Service decodes the service of a "service" event.
func (e *Event) Service() (*Service, error) { return entityOf[Service](e, ResourceService) }

// ServiceCategory decodes the category of a "service_category" event.
func (e *Event) ServiceCategory() (*ServiceCategory, error) {
	return entityOf[ServiceCategory](e, ResourceServiceCategory)
}

// Salon decodes the location of a "salon" event.
func (e *Event) Salon() (*Salon, error) { return entityOf[Salon](e, ResourceSalon) }

// Good decodes the product of a "good" event.
func (e *Event) Good() (*Good, error) { return entityOf[Good](e, ResourceGood) }

// GoodsOperation decodes the product transaction of any of the five
// goods_operations_* events; e.Resource tells which.
func (e *Event) GoodsOperation() (*GoodsOperation, error) {
	return entityOf[GoodsOperation](e, goodsOperations...)
}

// FinancesOperation decodes the transaction of a "finances_operation" event.
func (e *Event) FinancesOperation() (*FinancesOperation, error) {
	return entityOf[FinancesOperation](e, ResourceFinancesOperation)
}

// LoyaltyCard decodes the card of a "loyalty_card" event.
func (e *Event) LoyaltyCard() (*LoyaltyCard, error) {
	return entityOf[LoyaltyCard](e, ResourceLoyaltyCard)
}
