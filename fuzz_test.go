package altegio

import (
	"encoding/json"
	"errors"
	"math"
	"reflect"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/altegio-go/altegio/internal/jsonnum"
)

// fuzzPosition is a small Altegio-like object for FuzzObject.
type fuzzPosition struct {
	ID     int64    `json:"id"`
	Title  string   `json:"title"`
	Active bool     `json:"active"`
	Price  float64  `json:"price"`
	Tags   []string `json:"tags"`
}

// fuzzMember is a representative response type for FuzzUnmarshal: the
// shapes of a v1 team member and a v2 resource in one.
type fuzzMember struct {
	ID         int64                `json:"id"`
	APIID      string               `json:"api_id"`
	Name       string               `json:"name"`
	Rating     float32              `json:"rating"`
	Fired      bool                 `json:"fired"`
	Weight     uint8                `json:"weight"`
	Bookable   *bool                `json:"bookable"`
	Seances    *int                 `json:"seances"`
	Position   Object[fuzzPosition] `json:"position"`
	User       Object[struct{ ID int }]
	Services   []fuzzPosition         `json:"services"`
	ByDay      map[string][]int       `json:"by_day"`
	Schedule   [2]Time                `json:"schedule"`
	Created    Time                   `json:"created"`
	Birthday   Date                   `json:"birthday"`
	Meta       map[string]any         `json:"meta"`
	Raw        json.RawMessage        `json:"raw"`
	Attributes struct{ Title string } `json:"attributes"`
	Relations  map[string]*fuzzPosition
	Any        any      `json:"any"`
	Deep       [][]bool `json:"deep"`
	Ignored    int      `json:"-"`
	Quoted     int64    `json:"quoted,string"`
	Embedded
}

var memberSeeds = []string{
	`{"id":1,"api_id":"0","name":"Anna","rating":"4.5","fired":0,"weight":"3","bookable":"1","seances":"",
	  "position":[],"User":[],"services":{"0":{"id":"5","title":"Cut","active":"1","price":"15.50"}},
	  "by_day":{"mon":{"1":2,"0":1},"tue":[]},"schedule":["2026-06-13 10:00:00","2026-06-13T18:00:00+0400"],
	  "created":"2026-06-13T12:00:00.123-05:00","birthday":"0000-00-00","meta":[],"raw":[1],
	  "attributes":[],"Relations":{"a":[],"b":{"id":1}},"any":"x","deep":[[1,"0","true"]],"quoted":"7","eid":"2",
	  "additional":[],"stamp":[]}`,
	`{"id":"1","additional":{"known":"3","x":[]},"stamp":"2026-06-13T12:00:00Z"}`,
	`{"id":"42","position":{"id":3,"title":"Barber","active":true,"price":10},"created":1781337600,"birthday":"2026-06-13"}`,
	`{"id":3.0,"fired":"false","position":null,"created":"","birthday":null,"services":[]}`,
	`{"success":true,"data":null,"meta":{"message":"x"}}`,
	`[]`, `{}`, `null`, `"x"`, `{"id":"abc"}`, `{"services":{"a":1}}`, `{"position":"x"}`, `{"created":"tomorrow"}`,
	`{"by_day":{"x":{"00":1}}}`, `{"weight":"-1"}`, `{"id":1e400}`, `{"id":"9223372036854775808"}`,
}

func FuzzUnmarshal(f *testing.F) {
	for _, s := range memberSeeds {
		f.Add([]byte(s))
	}
	f.Add([]byte(extraBody))
	f.Add([]byte(`{"id":"7","x":{"y":[1, 2]},"staff":[],"position":[{"id":1,"z":null}],"by_name":{"a":{"t":1}}}`))
	f.Fuzz(func(t *testing.T, data []byte) {
		var lenient fuzzMember
		err := Unmarshal(data, &lenient)
		// Malformed JSON: encoding/json's own syntax error; else none.
		var se *json.SyntaxError
		if !json.Valid(data) {
			want := json.Unmarshal(data, new(any))
			if !errors.As(err, &se) || se.Error() != want.Error() || se.Offset != want.(*json.SyntaxError).Offset {
				t.Fatalf("malformed JSON: got %v, want %v", err, want)
			}
			return
		}
		if errors.As(err, &se) {
			t.Fatalf("well-formed JSON: syntax error %v", err)
		}
		var strict fuzzMember
		if json.Unmarshal(data, &strict) == nil {
			// Data encoding/json takes: exactly encoding/json's result.
			if err != nil || !reflect.DeepEqual(lenient, strict) {
				t.Fatalf("json.Unmarshal succeeded but Unmarshal gave %v / a different value", err)
			}
		}
		var anyv, anyWant any
		errAny, errWant := Unmarshal(data, &anyv), json.Unmarshal(data, &anyWant)
		if (errAny == nil) != (errWant == nil) || !reflect.DeepEqual(anyv, anyWant) {
			t.Fatalf("into any: %#v %v, encoding/json %#v %v", anyv, errAny, anyWant, errWant)
		}
		var rec genRecord
		if Unmarshal(data, &rec) == nil {
			checkLossless(t, data, rec)
		}
		// Other targets.
		var list []fuzzPosition
		_ = Unmarshal(data, &list)
		var m map[int]Object[fuzzPosition]
		_ = Unmarshal(data, &m)
		var env genEnvelope
		_ = Unmarshal(data, &env)
	})
}

// checkLossless checks that rec, decoded from data, holds every member of
// the object data that genRecord does not declare, and encodes it again.
func checkLossless(t *testing.T, data []byte, rec genRecord) {
	t.Helper()
	var members map[string]json.RawMessage
	if json.Unmarshal(data, &members) != nil {
		return // not an object (a list of one, or null)
	}
	declared := map[string]bool{"id": true, "comment": true, "staff": true, "services": true, "position": true, "by_name": true}
	out, err := json.Marshal(rec)
	if err != nil {
		t.Fatalf("Marshal: %v", err)
	}
	var encoded map[string]any
	if err := jsonnum.Decode(out, &encoded); err != nil {
		t.Fatalf("Marshal gave %s: %v", out, err)
	}
	for name, raw := range members {
		if declared[name] {
			continue
		}
		if got := rec.ExtraFields[name]; string(got) != string(raw) {
			t.Fatalf("member %q: kept %s, sent %s", name, got, raw)
		}
		var want any
		_ = jsonnum.Decode(raw, &want)
		if !reflect.DeepEqual(encoded[name], want) {
			t.Fatalf("member %q: encoded as %v, sent %s", name, encoded[name], raw)
		}
	}
}

func FuzzObject(f *testing.F) {
	f.Add([]byte(`{"id":1,"title":"Barber","active":true,"price":10.5}`), int64(1), "Barber", true, 10.5, "a", true)
	f.Add([]byte(`[]`), int64(0), "", false, 0.0, "", false)
	f.Add([]byte(`null`), int64(-5), "Ünïcødé \"quoted\" <b>", false, math.Copysign(0, -1), "", true)
	f.Add([]byte(` [ ] `), int64(math.MaxInt64), "\x00", true, math.MaxFloat64, "x", true)
	f.Add([]byte(`{"id":"7","active":"1","price":"","tags":{"1":"b","0":"a"}}`), int64(math.MinInt64), "t", false, 1e-300, "", false)
	f.Add([]byte(`"x"`), int64(0), "", false, 0.0, "", false)
	f.Add([]byte(`[{}]`), int64(0), "", false, 0.0, "", false)
	f.Fuzz(func(t *testing.T, data []byte, id int64, title string, active bool, price float64, tag string, valid bool) {
		// Arbitrary input: no panic; a decoded value survives a round trip.
		var o Object[fuzzPosition]
		if o.UnmarshalJSON(data) == nil {
			roundTripObject(t, o)
		}
		// Constructed values: decode(encode(x)) == x.
		if math.IsNaN(price) || math.IsInf(price, 0) || !utf8.ValidString(title) || !utf8.ValidString(tag) {
			return
		}
		x := Object[fuzzPosition]{}
		if valid {
			p := fuzzPosition{ID: id, Title: title, Active: active, Price: price}
			if tag != "" {
				p.Tags = []string{tag, title}
			}
			x = Some(p)
		}
		roundTripObject(t, x)
	})
}

func roundTripObject(t *testing.T, x Object[fuzzPosition]) {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatalf("Marshal(%+v): %v", x, err)
	}
	var y Object[fuzzPosition]
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !reflect.DeepEqual(x, y) {
		t.Fatalf("round trip: %+v → %s → %+v", x, b, y)
	}
	// Unmarshal (not just json.Unmarshal) agrees, and so does a wrapper
	// struct with omitzero.
	var z struct {
		O Object[fuzzPosition] `json:"o,omitzero"`
	}
	z.O = x
	b, _ = json.Marshal(z)
	z.O = Some(fuzzPosition{ID: 99})
	z.O = Object[fuzzPosition]{}
	if err := Unmarshal(b, &z); err != nil || !reflect.DeepEqual(z.O, x) {
		t.Fatalf("wrapped round trip: %s → %+v, %v", b, z.O, err)
	}
}

var timeSeeds = []string{
	`"2026-06-13T12:00:00+04:00"`, `"2026-06-13T12:00:00Z"`, `"2026-06-13T12:00:00.123-05:00"`,
	`"2026-06-13T12:00:00+0400"`, `"2026-06-13 12:00:00"`, `"2026-06-13T12:00:00"`, `"2026-06-13 12:00"`,
	`"2026-06-13"`, `"0000-00-00"`, `"0000-00-00 00:00:00"`, `""`, `null`, `1781337600`, `1781337600.5`,
	`1.7e9`, `-1`, `"2026-06-13T12:00:00.999999999Z"`, `"9999-12-31T23:59:59+14:00"`, `"0000-01-01T00:00:00-01:00"`,
	`"2026-06-13T12:00:00+04"`, `"garbage"`, `{}`, `[]`, `true`,
}

func FuzzTime(f *testing.F) {
	for _, s := range timeSeeds {
		f.Add([]byte(s), int64(1781337600), int64(0), int16(240))
	}
	f.Fuzz(func(t *testing.T, data []byte, sec, nsec int64, offMin int16) {
		var tt Time
		if tt.UnmarshalJSON(data) == nil {
			roundTripTime(t, tt)
		}
		var tx Time
		if tx.UnmarshalText(data) == nil {
			roundTripTime(t, tx)
		}
		// Constructed values in RFC 3339's range, offsets within ±24h.
		if offMin <= -24*60 || offMin >= 24*60 {
			return
		}
		v := time.Unix(sec%maxUnix, nsec%1e9).In(time.FixedZone("", int(offMin)*60))
		if y := v.Year(); y < 0 || y > 9999 {
			return
		}
		roundTripTime(t, TimeOf(v))
	})
}

func roundTripTime(t *testing.T, x Time) {
	t.Helper()
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatalf("Marshal(%v): %v", x.Time, err)
	}
	var y Time
	if err := json.Unmarshal(b, &y); err != nil {
		t.Fatalf("Unmarshal(%s): %v", b, err)
	}
	if !sameTime(x.Time, y.Time) {
		t.Fatalf("round trip: %v → %s → %v", x.Time, b, y.Time)
	}
	text, err := x.MarshalText()
	if err != nil {
		t.Fatalf("MarshalText(%v): %v", x.Time, err)
	}
	var z Time
	if err := z.UnmarshalText(text); err != nil || !sameTime(x.Time, z.Time) {
		t.Fatalf("text round trip: %v → %q → %v, %v", x.Time, text, z.Time, err)
	}
}

func FuzzDate(f *testing.F) {
	for _, s := range timeSeeds {
		f.Add([]byte(s), int32(2026), uint8(6), uint8(13))
	}
	f.Fuzz(func(t *testing.T, data []byte, year int32, month, day uint8) {
		var d Date
		if d.UnmarshalJSON(data) == nil {
			roundTripDate(t, d)
		}
		var dx Date
		if dx.UnmarshalText(data) == nil {
			roundTripDate(t, dx)
		}
		nd := NewDate(int(year), time.Month(month), int(day))
		if y := nd.Year(); y < 0 || y > 9999 {
			return
		}
		roundTripDate(t, nd)
	})
}

func roundTripDate(t *testing.T, x Date) {
	t.Helper()
	if !x.IsZero() && (x.Hour() != 0 || x.Minute() != 0 || x.Second() != 0 || x.Nanosecond() != 0 || x.Location() != time.UTC) {
		t.Fatalf("Date %v is not midnight UTC", x.Time)
	}
	b, err := json.Marshal(x)
	if err != nil {
		t.Fatalf("Marshal(%v): %v", x.Time, err)
	}
	var y Date
	if err := json.Unmarshal(b, &y); err != nil || !y.Equal(x.Time) {
		t.Fatalf("round trip: %v → %s → %v, %v", x.Time, b, y.Time, err)
	}
	text, _ := x.MarshalText()
	var z Date
	if err := z.UnmarshalText(text); err != nil || !z.Equal(x.Time) {
		t.Fatalf("text round trip: %v → %q → %v, %v", x.Time, text, z.Time, err)
	}
}
