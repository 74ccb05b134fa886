package altegio

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// benchPlain is a service record like those in Altegio's lists, with plain
// Go types only.
type benchPlain struct {
	ID         int64        `json:"id"`
	SalonID    int64        `json:"salon_service_id"`
	Title      string       `json:"title"`
	CategoryID int64        `json:"category_id"`
	PriceMin   float64      `json:"price_min"`
	PriceMax   float64      `json:"price_max"`
	Discount   int          `json:"discount"`
	Comment    string       `json:"comment"`
	Weight     int          `json:"weight"`
	Active     bool         `json:"active"`
	APIID      string       `json:"api_id"`
	Duration   int          `json:"duration"`
	Staff      []benchStaff `json:"staff"`
	Tags       []string     `json:"tags"`
}

type benchStaff struct {
	ID           int64  `json:"id"`
	SeanceLength int    `json:"seance_length"`
	Name         string `json:"name"`
}

// benchItem is the same record with the runtime's types, as generated code
// will have it.
type benchItem struct {
	benchPlain
	Position Object[benchStaff] `json:"position"`
	Created  Time               `json:"created"`
	Day      Date               `json:"day"`
}

type benchEnvelope[T any] struct {
	Success bool           `json:"success"`
	Data    []T            `json:"data"`
	Meta    map[string]any `json:"meta"`
}

// benchJSON returns a 250-item list. lenient makes it look like Altegio's
// PHP output: IDs and prices as strings, booleans as 0/1, [] for absent
// objects and for the empty meta.
func benchJSON(n int, lenient bool) []byte {
	var b strings.Builder
	b.WriteString(`{"success":true,"data":[`)
	for i := 0; i < n; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		id, active, pos, meta := fmt.Sprint(i+1000), "true", `{"id":7,"seance_length":3600,"name":"Anna"}`, ""
		price := "15.5"
		if lenient {
			id, active, price = `"`+id+`"`, "1", `"15.50"`
			if i%2 == 0 {
				pos = "[]"
			}
		}
		_ = meta
		fmt.Fprintf(&b, `{"id":%s,"salon_service_id":%d,"title":"Haircut %d","category_id":%d,"price_min":%s,"price_max":25,`+
			`"discount":0,"comment":"A comment that is \"quoted\" and long enough","weight":%d,"active":%s,"api_id":"%d","duration":3600,`+
			`"staff":[{"id":%s,"seance_length":3600,"name":"Anna"},{"id":2,"seance_length":1800,"name":"Boris"}],"tags":["a","b"],`+
			`"position":%s,"created":"2026-06-13T12:00:00+04:00","day":"2026-06-13"}`,
			id, i, i, i%10, price, i%7, active, i, id, pos)
	}
	b.WriteString(`],"meta":`)
	if lenient {
		b.WriteString(`[]}`)
	} else {
		b.WriteString(`{"count":250}}`)
	}
	return []byte(b.String())
}

func BenchmarkUnmarshal(b *testing.B) {
	plain := benchJSON(250, false)
	lenient := benchJSON(250, true)
	run := func(name string, data []byte, decode func([]byte) error) {
		b.Run(name, func(b *testing.B) {
			if err := decode(data); err != nil {
				b.Fatal(err)
			}
			b.SetBytes(int64(len(data)))
			b.ReportAllocs()
			for b.Loop() {
				if err := decode(data); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
	run("plain-types/json.Unmarshal", plain, func(d []byte) error {
		var v benchEnvelope[benchPlain]
		return json.Unmarshal(d, &v)
	})
	run("plain-types/Unmarshal", plain, func(d []byte) error {
		var v benchEnvelope[benchPlain]
		return Unmarshal(d, &v)
	})
	run("runtime-types/json.Unmarshal", plain, func(d []byte) error {
		var v benchEnvelope[benchItem]
		return json.Unmarshal(d, &v)
	})
	run("runtime-types/Unmarshal", plain, func(d []byte) error {
		var v benchEnvelope[benchItem]
		return Unmarshal(d, &v)
	})
	run("mismatched-values/Unmarshal", lenient, func(d []byte) error {
		var v benchEnvelope[benchItem]
		return Unmarshal(d, &v)
	})
}

func TestBenchData(t *testing.T) {
	var strict, lenient benchEnvelope[benchItem]
	if err := json.Unmarshal(benchJSON(250, false), &strict); err != nil {
		t.Fatal(err)
	}
	if err := json.Unmarshal(benchJSON(250, true), &lenient); err == nil {
		t.Fatal("the mismatched data decodes with encoding/json: it tests no leniency")
	}
	if err := Unmarshal(benchJSON(250, true), &lenient); err != nil {
		t.Fatal(err)
	}
	if len(lenient.Data) != 250 || lenient.Data[3].ID != 1003 || lenient.Data[3].PriceMin != 15.5 || !lenient.Data[3].Active ||
		lenient.Data[2].Position.IsZero() != true || lenient.Data[3].Position.IsZero() || lenient.Meta != nil {
		t.Errorf("lenient decode: %+v", lenient.Data[3])
	}
}
