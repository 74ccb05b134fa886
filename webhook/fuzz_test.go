package webhook_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"reflect"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/webhook"
)

// FuzzParse checks that Parse never panics, that every error is a
// one-line *ParseError, and that an Event it returns has a resource and a
// status, encodes as a notification that parses back to the same Event, and
// decodes (Entity) without panicking, with a value whenever the error is a
// *DataError.
//
// Run: go test -run '^$' -fuzz FuzzParse -fuzztime 60s ./webhook/
// Measured (BENCHMARKS.md, 2 workers, load average about 15): 300 s,
// 1,244,831 execs, then 60 s more on the final code, 219,870 execs; no
// failure, 154 interesting inputs in the corpus.
func FuzzParse(f *testing.F) {
	for _, d := range documented {
		f.Add(envelope(d.resource, webhook.Update, 1, d.data))
	}
	for _, s := range []string{
		string(envelope(webhook.ResourceGoodsSale, webhook.Create, 9, goodsOperation)),
		`{"company_id":"4564","resource":"record","resource_id":" 7 ","status":"delete","data":[]}`,
		`{"company_id":1,"resource":"visit","resource_id":2,"status":"restore","data":{"x":[1,{"y":null}]}}`,
		`{"company_id":1,"resource":"record","resource_id":2,"status":"create","data":"x"}`,
		`{"company_id":1.5,"resource":{},"resource_id":true,"status":7,"data":{"id":"a"}}`,
		`{"company_id":1,"resource":"service","resource_id":2,"status":"create","data":{"price_min":"cheap","staff":{"0":{"id":1}}}}`,
		`{"company_id":1,"resource":"staff","resource_id":2,"status":"create","data":{"position":[],"id":"3"}}`,
		``, `null`, `[]`, `<html>`, `{"company_id":`, `{"data":{},"data":null}`,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, body []byte) {
		e, err := webhook.Parse(body)
		if err != nil {
			var pe *webhook.ParseError
			if !errors.As(err, &pe) {
				t.Fatalf("error %v is not a *ParseError", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "webhook: "+pe.Field+": ") || strings.ContainsAny(msg, "\n\r") || len(msg) > 260 {
				t.Fatalf("error message %q is not one short line naming %s", msg, pe.Field)
			}
			return
		}
		if e.Resource == "" || e.Status == "" || e.Data == nil {
			t.Fatalf("Parse = %+v: empty resource, status or data", *e)
		}
		again, err := json.Marshal(e)
		if err != nil {
			t.Fatalf("encoding %+v: %v", *e, err)
		}
		e2, err := webhook.Parse(again)
		if err != nil {
			t.Fatalf("the encoded Event %s does not parse: %v", again, err)
		}
		if e2.CompanyID != e.CompanyID || e2.Resource != e.Resource || e2.ResourceID != e.ResourceID ||
			e2.Status != e.Status || !sameJSON(e.Data, e2.Data) {
			t.Fatalf("round trip: %d %q %d %q %s, then %d %q %d %q %s", e.CompanyID, e.Resource, e.ResourceID, e.Status, e.Data,
				e2.CompanyID, e2.Resource, e2.ResourceID, e2.Status, e2.Data)
		}
		v, err := e.Entity()
		var de *webhook.DataError
		if errors.As(err, &de) && (v == nil || len(de.Members) == 0) {
			t.Fatalf("DataError %v with value %v", err, v)
		}
		if err != nil && strings.ContainsAny(err.Error(), "\n\r") {
			t.Fatalf("Entity error %q is not one line", err)
		}
	})
}

// sameJSON reports whether a and b are the same JSON value, numbers
// compared by their text.
func sameJSON(a, b []byte) bool {
	decode := func(b []byte) (any, error) {
		d := json.NewDecoder(bytes.NewReader(b))
		d.UseNumber()
		var v any
		err := d.Decode(&v)
		return v, err
	}
	va, errA := decode(a)
	vb, errB := decode(b)
	return errA == nil && errB == nil && reflect.DeepEqual(va, vb)
}
