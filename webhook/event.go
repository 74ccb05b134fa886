package webhook

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"unicode/utf8"

	"github.com/altegio-go/altegio"
)

// Resource names what a notification is about, as Altegio spells it in the
// "resource" member.
type Resource string

// The resources Altegio documents. A notification may name another one: it
// still parses, with its data raw.
const (
	ResourceRecord            Resource = "record"                      // an appointment
	ResourceClient            Resource = "client"                      // a client
	ResourceStaff             Resource = "staff"                       // a team member
	ResourceService           Resource = "service"                     // a service
	ResourceServiceCategory   Resource = "service_category"            // a service category
	ResourceSalon             Resource = "salon"                       // the location
	ResourceGood              Resource = "good"                        // a product
	ResourceGoodsSale         Resource = "goods_operations_sale"       // a product sold
	ResourceGoodsReceipt      Resource = "goods_operations_receipt"    // products received
	ResourceGoodsConsumable   Resource = "goods_operations_consumable" // a consumable written off
	ResourceGoodsStolen       Resource = "goods_operations_stolen"     // a product written off
	ResourceGoodsMove         Resource = "goods_operations_move"       // products moved between storages
	ResourceFinancesOperation Resource = "finances_operation"          // a financial transaction
	ResourceLoyaltyCard       Resource = "loyalty_card"                // a loyalty card
	ResourceSchedule          Resource = "schedule"                    // a team member's schedule; resource_id is the team member
)

// Status is the kind of change, as Altegio spells it in the "status" member.
type Status string

// The statuses Altegio documents. A notification may carry another one: it
// still parses.
const (
	Create Status = "create"
	Update Status = "update"
	Delete Status = "delete"
)

// Event is one notification. Parse fills every field; the typed accessors
// ([Event.Record], [Event.Entity], ...) decode Data. An Event is not
// modified after Parse, so it may be shared between goroutines.
//
// Its JSON encoding is the notification's.
type Event struct {
	CompanyID  int64           `json:"company_id"`  // the location
	Resource   Resource        `json:"resource"`    // what changed
	ResourceID int64           `json:"resource_id"` // its ID
	Status     Status          `json:"status"`      // how
	Data       json.RawMessage `json:"data"`        // the entity, raw
}

// ParseError is the error of [Parse] and of the typed accessors: Field names
// the member that is wrong ("body" when the body as a whole is), and Err says
// why. Its message is one line.
type ParseError struct {
	Field string
	Err   error
}

func (e *ParseError) Error() string {
	return "webhook: " + e.Field + ": " + oneLine(e.Err.Error(), 200)
}

func (e *ParseError) Unwrap() error { return e.Err }

// ErrMissing is the Err of a [ParseError] for a required member that is
// absent, null or "".
var ErrMissing = errors.New("missing")

// Parse reads a notification body. It needs a JSON object with company_id,
// resource, resource_id, status and data; IDs may be numbers or numeric
// strings. For a documented resource whose data is an entity, data must be a
// JSON object, or null or [] (an empty PHP array, when there is none). Parse
// does not decode data any further: the typed accessors do, so that a field
// whose type differs from the spec does not cost you the notification.
//
// Any error is a [*ParseError] naming the member.
func Parse(body []byte) (*Event, error) {
	body = bytes.TrimSpace(body)
	if err := checkObject(body); err != nil {
		return nil, &ParseError{Field: "body", Err: err}
	}
	var env struct {
		CompanyID  json.RawMessage `json:"company_id"`
		Resource   json.RawMessage `json:"resource"`
		ResourceID json.RawMessage `json:"resource_id"`
		Status     json.RawMessage `json:"status"`
		Data       json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal(body, &env); err != nil {
		return nil, &ParseError{Field: "body", Err: err}
	}
	var (
		ev               Event
		resource, status string
	)
	for _, f := range []struct {
		name string
		raw  json.RawMessage
		dst  any
	}{
		{"company_id", env.CompanyID, &ev.CompanyID},
		{"resource", env.Resource, &resource},
		{"resource_id", env.ResourceID, &ev.ResourceID},
		{"status", env.Status, &status},
	} {
		if isNull(f.raw) || string(f.raw) == `""` {
			return nil, &ParseError{Field: f.name, Err: ErrMissing}
		}
		if err := altegio.Unmarshal(f.raw, f.dst); err != nil {
			return nil, &ParseError{Field: f.name, Err: err}
		}
	}
	ev.Resource, ev.Status = Resource(resource), Status(status)
	if ev.Resource == "" {
		return nil, &ParseError{Field: "resource", Err: ErrMissing}
	}
	if ev.Status == "" {
		return nil, &ParseError{Field: "status", Err: ErrMissing}
	}
	if env.Data == nil {
		return nil, &ParseError{Field: "data", Err: ErrMissing}
	}
	if e, ok := entities[ev.Resource]; ok && e.decode != nil {
		if env.Data[0] != '{' && !isNull(env.Data) && !isEmptyArray(env.Data) {
			return nil, &ParseError{Field: "data", Err: fmt.Errorf("%s data is %s, want an object", ev.Resource, jsonKind(env.Data))}
		}
	}
	ev.Data = env.Data
	return &ev, nil
}

// checkObject reports why body is not a JSON object, or nil.
func checkObject(body []byte) error {
	switch {
	case len(body) == 0:
		return errors.New("empty")
	case !json.Valid(body):
		var v any
		err := json.Unmarshal(body, &v)
		if body[0] == '<' {
			return fmt.Errorf("not JSON (HTML or XML?): %w", err)
		}
		return fmt.Errorf("not JSON: %w", err)
	case body[0] != '{':
		return fmt.Errorf("is %s, want an object", jsonKind(body))
	}
	return nil
}

// jsonKind names the kind of the JSON value b, which is valid JSON.
func jsonKind(b []byte) string {
	switch b[0] {
	case '{':
		return "an object"
	case '[':
		return "an array"
	case '"':
		return "a string"
	case 't', 'f':
		return "a boolean"
	case 'n':
		return "null"
	}
	return "a number"
}

// isNull reports whether raw is absent or null.
func isNull(raw json.RawMessage) bool {
	return raw == nil || string(raw) == "null"
}

// isEmptyArray reports whether raw is [] with any white space inside.
func isEmptyArray(raw json.RawMessage) bool {
	return string(bytes.Join(bytes.Fields(raw), nil)) == "[]"
}

// oneLine folds s onto one line of at most n bytes (and an ellipsis).
func oneLine(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}
