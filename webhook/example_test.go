package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/altegio-go/altegio/webhook"
)

// A receiver: one func per resource and status, behind the Handler that
// checks the URL's secret. This is the README's receiver; here, two
// deliveries are played through it instead of serving.
func Example_receiver() {
	r := webhook.NewRouter()
	r.OnRecord(webhook.Create, func(ctx context.Context, e *webhook.Event, rec *webhook.Record) error {
		fmt.Printf("new appointment %d in location %d, %d service(s), on %s\n",
			*rec.ID, e.CompanyID, len(rec.Services), rec.Datetime.Format("2006-01-02 15:04"))
		return nil // an error answers 500: Altegio marks the delivery failed
	})
	r.OnClient(webhook.AnyStatus, func(ctx context.Context, e *webhook.Event, c *webhook.Client) error {
		fmt.Printf("client %d %s: %s\n", e.ResourceID, e.Status, *c.Name)
		return nil
	})
	// Register https://example.com/altegio?secret=<secret> in Altegio.
	mux := http.NewServeMux()
	mux.Handle("POST /altegio", webhook.NewHandler("s3cr3t-from-your-config", r.Dispatch))

	for _, body := range []string{
		`{"company_id":4564,"resource":"record","resource_id":501,"status":"create",
		  "data":{"id":501,"datetime":"2026-06-13T12:00:00+03:00","services":[{"id":3001,"title":"Haircut"}]}}`,
		`{"company_id":4564,"resource":"client","resource_id":"42","status":"update","data":{"id":42,"name":"Irina"}}`,
		`{"company_id":4564,"resource":"staff","resource_id":77,"status":"update","data":{"id":77}}`,
	} {
		w := httptest.NewRecorder()
		mux.ServeHTTP(w, httptest.NewRequest("POST", "/altegio?secret=s3cr3t-from-your-config", strings.NewReader(body)))
		fmt.Print(w.Code, " ", w.Body.String())
	}
	// Output:
	// new appointment 501 in location 4564, 1 service(s), on 2026-06-13 12:00
	// 200 ok
	// client 42 update: Irina
	// 200 ok
	// 200 ok
}

// What the Handler answers to what it refuses.
func ExampleNewHandler() {
	h := webhook.NewHandler("s3cr3t", func(context.Context, *webhook.Event) error {
		return fmt.Errorf("the CRM is down")
	}, webhook.WithSecretInPath(), webhook.WithMaxBodyBytes(64<<10))
	send := func(method, path, body string) {
		w := httptest.NewRecorder()
		h.ServeHTTP(w, httptest.NewRequest(method, path, strings.NewReader(body)))
		fmt.Print(w.Code, " ", w.Body.String())
	}
	send("GET", "/altegio/s3cr3t", "")
	send("POST", "/altegio/wrong", `{}`)
	send("POST", "/altegio/s3cr3t", `<html>`)
	send("POST", "/altegio/s3cr3t", `{"company_id":1,"resource":"record","resource_id":2,"status":"create","data":"x"}`)
	send("POST", "/altegio/s3cr3t", `{"company_id":1,"resource":"record","resource_id":2,"status":"create","data":{}}`)
	// Output:
	// 405 method "GET" not allowed, want POST
	// 403 missing or wrong secret
	// 400 webhook: body: not JSON (HTML or XML?): invalid character '<' looking for beginning of value
	// 400 webhook: data: record data is a string, want an object
	// 500 webhook: the receiver failed
}

func ExampleParse() {
	e, err := webhook.Parse([]byte(`{"company_id":4564,"resource":"finances_operation","resource_id":"7001","status":"create",
		"data":{"id":7001,"amount":"1500","expense":{"id":5,"title":"Service revenue"},"record_id":501}}`))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(e.CompanyID, e.Resource, e.ResourceID, e.Status)
	tx, err := e.FinancesOperation()
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(*tx.Amount, *tx.Expense.Title, "for appointment", *tx.RecordID)

	_, err = webhook.Parse([]byte(`{"company_id":4564,"resource":"record","status":"create","data":{}}`))
	fmt.Println(err)
	// Output:
	// 4564 finances_operation 7001 create
	// 1500 Service revenue for appointment 501
	// webhook: resource_id: missing
}

// Entity gives the typed value in a type switch, in the way go-github's
// users switch on event types.
func ExampleEvent_Entity() {
	for _, body := range []string{
		`{"company_id":1,"resource":"good","resource_id":6001,"status":"update","data":{"good_id":6001,"title":"Shampoo"}}`,
		`{"company_id":1,"resource":"goods_operations_sale","resource_id":9102,"status":"create",
		  "data":{"id":9102,"type":"Product sale","good":{"id":6001,"title":"Shampoo"},"amount":-1}}`,
		`{"company_id":1,"resource":"schedule","resource_id":77,"status":"update","data":[]}`,
		`{"company_id":1,"resource":"visit","resource_id":5,"status":"create","data":{"id":5}}`,
	} {
		e, err := webhook.Parse([]byte(body))
		if err != nil {
			fmt.Println(err)
			continue
		}
		v, err := e.Entity()
		var de *webhook.DataError
		if errors.As(err, &de) {
			fmt.Println("  left out:", de.Members) // v still holds the rest
		}
		switch v := v.(type) {
		case *webhook.Good:
			fmt.Println("product", *v.GoodID, *v.Title)
		case *webhook.GoodsOperation:
			fmt.Println(e.Resource, *v.Good.Title, *v.Amount)
		default:
			fmt.Printf("%s %d: data %s\n", e.Resource, e.ResourceID, e.Data)
		}
	}
	// Output:
	// product 6001 Shampoo
	//   left out: [type]
	// goods_operations_sale Shampoo -1
	// schedule 77: data []
	// visit 5: data {"id":5}
}
