package webhook_test

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/webhook"
)

func TestParseEnvelope(t *testing.T) {
	for _, tc := range []struct {
		name, body string
		want       webhook.Event
	}{
		{"numbers", `{"company_id":4564,"resource":"client","resource_id":42,"status":"create","data":{"id":42}}`,
			webhook.Event{CompanyID: 4564, Resource: "client", ResourceID: 42, Status: webhook.Create, Data: json.RawMessage(`{"id":42}`)}},
		{"IDs as strings", `{"company_id":"4564","resource":"record","resource_id":" 9000000001 ","status":"delete","data":[]}`,
			webhook.Event{CompanyID: 4564, Resource: "record", ResourceID: 9000000001, Status: webhook.Delete, Data: json.RawMessage(`[]`)}},
		{"integral float, white space, other member order", "\n { \"data\" : null , \"status\":\"update\",\"resource_id\":7.0,\"resource\":\"staff\",\"company_id\":1, \"extra\": true }\r\n",
			webhook.Event{CompanyID: 1, Resource: "staff", ResourceID: 7, Status: webhook.Update, Data: json.RawMessage(`null`)}},
		{"unknown resource and status", `{"company_id":1,"resource":"visit","resource_id":2,"status":"restore","data":{"anything":[1,"x"]}}`,
			webhook.Event{CompanyID: 1, Resource: "visit", ResourceID: 2, Status: "restore", Data: json.RawMessage(`{"anything":[1,"x"]}`)}},
		{"schedule data", `{"company_id":1,"resource":"schedule","resource_id":77,"status":"update","data":[]}`,
			webhook.Event{CompanyID: 1, Resource: webhook.ResourceSchedule, ResourceID: 77, Status: webhook.Update, Data: json.RawMessage(`[]`)}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := webhook.Parse([]byte(tc.body))
			if err != nil {
				t.Fatal(err)
			}
			if e.CompanyID != tc.want.CompanyID || e.Resource != tc.want.Resource || e.ResourceID != tc.want.ResourceID ||
				e.Status != tc.want.Status || string(e.Data) != string(tc.want.Data) {
				t.Errorf("Parse = %+v (data %s), want %+v (data %s)", *e, e.Data, tc.want, tc.want.Data)
			}
		})
	}
}

// TestParseUnknownResource: an unknown resource is no error, its data stays
// raw and reachable, and the typed accessors say it is another resource.
func TestParseUnknownResource(t *testing.T) {
	e, err := webhook.Parse([]byte(`{"company_id":1,"resource":"visit","resource_id":2,"status":"create","data":{"id":2,"paid":true}}`))
	if err != nil {
		t.Fatal(err)
	}
	v, err := e.Entity()
	if v != nil || err != nil {
		t.Errorf("Entity() = %v, %v; want nil, nil", v, err)
	}
	var visit struct {
		ID   int64 `json:"id"`
		Paid bool  `json:"paid"`
	}
	if err := json.Unmarshal(e.Data, &visit); err != nil || visit.ID != 2 || !visit.Paid {
		t.Errorf("raw data = %+v, %v", visit, err)
	}
	_, err = e.Record()
	var pe *webhook.ParseError
	if !errors.Is(err, webhook.ErrOtherResource) || !errors.As(err, &pe) || pe.Field != "resource" {
		t.Errorf("Record() error = %v, want ErrOtherResource in a ParseError for resource", err)
	}
	if want := `webhook: resource: the event is about another resource: "visit", not record`; err.Error() != want {
		t.Errorf("error = %q, want %q", err, want)
	}
}

// TestParseBadBodies: each bad body fails with a one-line *ParseError that
// names the member.
func TestParseBadBodies(t *testing.T) {
	valid := `{"company_id":1,"resource":"record","resource_id":2,"status":"create","data":{"id":2}}`
	for _, tc := range []struct {
		name, body, field, text string
	}{
		{"empty", ``, "body", "webhook: body: empty"},
		{"white space", " \n\t ", "body", "webhook: body: empty"},
		{"HTML", "<!DOCTYPE html>\n<html><body>502 Bad Gateway</body></html>", "body", "webhook: body: not JSON (HTML or XML?): invalid character '<' looking for beginning of value"},
		{"truncated JSON", valid[:40], "body", "webhook: body: not JSON: unexpected end of JSON input"},
		{"two values", valid + valid, "body", "webhook: body: not JSON: invalid character '{' after top-level value"},
		{"array", `[` + valid + `]`, "body", "webhook: body: is an array, want an object"},
		{"null", `null`, "body", "webhook: body: is null, want an object"},
		{"form encoded", `company_id=1&resource=record`, "body", "webhook: body: not JSON: invalid character 'c' looking for beginning of value"},
		{"no company_id", `{"resource":"record","resource_id":2,"status":"create","data":{}}`, "company_id", "webhook: company_id: missing"},
		{"null company_id", `{"company_id":null,"resource":"record","resource_id":2,"status":"create","data":{}}`, "company_id", "webhook: company_id: missing"},
		{"empty resource_id", `{"company_id":1,"resource":"record","resource_id":"","status":"create","data":{}}`, "resource_id", "webhook: resource_id: missing"},
		{"company_id not a number", `{"company_id":"abc","resource":"record","resource_id":2,"status":"create","data":{}}`, "company_id", "webhook: company_id: json: cannot unmarshal string into Go value of type int64"},
		{"company_id fractional", `{"company_id":1.5,"resource":"record","resource_id":2,"status":"create","data":{}}`, "company_id", "webhook: company_id: json: cannot unmarshal number 1.5 into Go value of type int64"},
		{"resource_id too large", `{"company_id":1,"resource":"record","resource_id":99999999999999999999,"status":"create","data":{}}`, "resource_id", "webhook: resource_id: json: cannot unmarshal number 99999999999999999999 into Go value of type int64"},
		{"resource an object", `{"company_id":1,"resource":{"x":1},"resource_id":2,"status":"create","data":{}}`, "resource", "webhook: resource: json: cannot unmarshal object into Go value of type string"},
		{"empty resource", `{"company_id":1,"resource":"","resource_id":2,"status":"create","data":{}}`, "resource", "webhook: resource: missing"},
		{"no resource_id", `{"company_id":1,"resource":"record","status":"create","data":{}}`, "resource_id", "webhook: resource_id: missing"},
		{"no status", `{"company_id":1,"resource":"record","resource_id":2,"data":{}}`, "status", "webhook: status: missing"},
		{"no data", `{"company_id":1,"resource":"record","resource_id":2,"status":"create"}`, "data", "webhook: data: missing"},
		{"data a string", `{"company_id":1,"resource":"record","resource_id":2,"status":"create","data":"{\"id\":2}"}`, "data", "webhook: data: record data is a string, want an object"},
		{"data a list", `{"company_id":1,"resource":"client","resource_id":2,"status":"create","data":[{"id":2}]}`, "data", "webhook: data: client data is an array, want an object"},
		{"data a number", `{"company_id":1,"resource":"goods_operations_sale","resource_id":2,"status":"create","data":42}`, "data", "webhook: data: goods_operations_sale data is a number, want an object"},
		{"data a boolean", `{"company_id":1,"resource":"loyalty_card","resource_id":2,"status":"create","data":true}`, "data", "webhook: data: loyalty_card data is a boolean, want an object"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			e, err := webhook.Parse([]byte(tc.body))
			if err == nil {
				t.Fatalf("Parse = %+v, want an error", e)
			}
			var pe *webhook.ParseError
			if !errors.As(err, &pe) || pe.Field != tc.field {
				t.Fatalf("error %v: want a *ParseError for %s", err, tc.field)
			}
			if err.Error() != tc.text {
				t.Errorf("error = %q\n want %q", err, tc.text)
			}
			if errors.Unwrap(err) == nil {
				t.Error("the ParseError wraps nothing")
			}
		})
	}
}

// TestParseErrorIsOneLine: however long and many-lined the cause, the
// message is one short line.
func TestParseErrorIsOneLine(t *testing.T) {
	err := &webhook.ParseError{Field: "body", Err: errors.New("first line\nsecond\tline " + strings.Repeat("é", 300))}
	msg := err.Error()
	if strings.ContainsAny(msg, "\n\r\t") || len(msg) > 230 || !strings.HasSuffix(msg, "…") {
		t.Errorf("message %q (%d bytes) is not one short line", msg, len(msg))
	}
	if !strings.HasPrefix(msg, "webhook: body: first line second line é") {
		t.Errorf("message = %q", msg)
	}
}

// TestEventJSON: an Event encodes as the notification it was parsed from.
func TestEventJSON(t *testing.T) {
	in := `{"company_id":4564,"resource":"record","resource_id":501,"status":"update","data":{"id":501}}`
	e, err := webhook.Parse([]byte(in))
	if err != nil {
		t.Fatal(err)
	}
	out, err := json.Marshal(e)
	if err != nil || string(out) != in {
		t.Errorf("json.Marshal = %s, %v; want %s", out, err, in)
	}
}

// TestAccessorOnHandMadeEvent: an Event built by hand with data that is not
// an object gets a ParseError for data from its accessor.
func TestAccessorOnHandMadeEvent(t *testing.T) {
	e := &webhook.Event{CompanyID: 1, Resource: webhook.ResourceClient, ResourceID: 2, Status: webhook.Create, Data: json.RawMessage(`"x"`)}
	c, err := e.Client()
	var pe *webhook.ParseError
	if c != nil || !errors.As(err, &pe) || pe.Field != "data" {
		t.Fatalf("Client() = %v, %v; want a ParseError for data", c, err)
	}
	if msg := err.Error(); !strings.HasPrefix(msg, "webhook: data: client: ") || strings.Contains(msg, "\n") {
		t.Errorf("error = %q, want one line about client data", msg)
	}
}
