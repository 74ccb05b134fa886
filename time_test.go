package altegio

import (
	"encoding/json"
	"reflect"
	"strings"
	"testing"
	"time"
)

func TestTimeFormats(t *testing.T) {
	plus4 := time.FixedZone("", 4*3600)
	minus5 := time.FixedZone("", -5*3600)
	cases := map[string]time.Time{
		`"2026-06-13T12:00:00+04:00"`:           time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`"2026-06-13T12:00:00Z"`:                time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC),
		`"2026-06-13T12:00:00.123-05:00"`:       time.Date(2026, 6, 13, 12, 0, 0, 123e6, minus5),
		`"2026-06-13T12:00:00.123456Z"`:         time.Date(2026, 6, 13, 12, 0, 0, 123456e3, time.UTC),
		`"2026-06-13T12:00:00+0400"`:            time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`"2026-06-13T12:00:00-0500"`:            time.Date(2026, 6, 13, 12, 0, 0, 0, minus5),
		`"2026-06-13T12:00:00.5+0400"`:          time.Date(2026, 6, 13, 12, 0, 0, 5e8, plus4),
		`"2026-06-13T12:00:00+04"`:              time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`"2026-06-13 12:00:00"`:                 time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC),
		`"2026-06-13 12:00:00+04:00"`:           time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`"2026-06-13 12:00:00+0400"`:            time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`"2026-06-13T12:00:00"`:                 time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC),
		`"2026-06-13T12:00"`:                    time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC),
		`"2026-06-13 12:00"`:                    time.Date(2026, 6, 13, 12, 0, 0, 0, time.UTC),
		`"2026-06-13"`:                          time.Date(2026, 6, 13, 0, 0, 0, 0, time.UTC),
		`" 2026-06-13 "`:                        time.Date(2026, 6, 13, 0, 0, 0, 0, time.UTC),
		`"2026-06-13T12:00:00\u002B04:00"`:      time.Date(2026, 6, 13, 12, 0, 0, 0, plus4),
		`1781337600`:                            time.Unix(1781337600, 0),
		`1781337600.25`:                         time.Unix(1781337600, 25e7),
		`1.7813376e9`:                           time.Unix(1781337600, 0),
		`-1.5`:                                  time.Unix(-2, 5e8),
		`"0000-00-00"`:                          {},
		`"0000-00-00 00:00:00"`:                 {},
		`"0000-00-00T00:00:00+00:00"`:           {},
		`""`:                                    {},
		`null`:                                  {},
		` null `:                                {},
		`"0001-01-01T00:00:00Z"`:                {},
		`"9999-12-31T23:59:59.999999999+14:00"`: time.Date(9999, 12, 31, 23, 59, 59, 999999999, time.FixedZone("", 14*3600)),
	}
	for in, want := range cases {
		var got Time
		if err := got.UnmarshalJSON([]byte(in)); err != nil {
			t.Errorf("%s: %v", in, err)
			continue
		}
		if !sameTime(got.Time, want) {
			t.Errorf("%s: got %v, want %v", in, got, want)
		}
		// Text forms are the same, without the quotes (and no unix seconds).
		if s, ok := strings.CutPrefix(in, `"`); ok && !strings.Contains(in, `\u`) {
			var tt Time
			if err := tt.UnmarshalText([]byte(strings.TrimSuffix(s, `"`))); err != nil || !sameTime(tt.Time, want) {
				t.Errorf("UnmarshalText(%s) = %v, %v", s, tt, err)
			}
		}
	}
	for _, in := range []string{`"yesterday"`, `"2026-13-01"`, `"2026-06-13T25:00:00Z"`, `"0000-00-00x"`, `"13.06.2026"`, `true`, `{}`, `[]`, `"2026-06-13`, `1e20`, `-99999999999999`, `253402300800`, ``, `-`, `"\ud800"x`} {
		var got Time
		err := track(t, got.UnmarshalJSON([]byte(in)))
		if err == nil || !strings.Contains(err.Error(), "altegio.Time") {
			t.Errorf("%s: err = %v, got %v", in, err, got)
		}
	}
}

// sameTime reports whether a and b are the same instant with the same
// offset (for non-zero times).
func sameTime(a, b time.Time) bool {
	if a.IsZero() || b.IsZero() {
		return a.IsZero() && b.IsZero()
	}
	_, oa := a.Zone()
	_, ob := b.Zone()
	return a.Equal(b) && oa == ob
}

func TestTimeEncoding(t *testing.T) {
	plus4 := time.FixedZone("X", 4*3600)
	cases := map[Time]string{
		{}: `null`,
		TimeOf(time.Date(2026, 6, 13, 12, 0, 0, 0, plus4)):                       `"2026-06-13T12:00:00+04:00"`,
		TimeOf(time.Date(2026, 6, 13, 12, 0, 0, 5e8, time.UTC)):                  `"2026-06-13T12:00:00.5Z"`,
		TimeOf(time.Date(2026, 6, 13, 12, 0, 0, 0, time.FixedZone("LMT", 1172))): `"2026-06-13T11:40:28Z"`,
	}
	for in, want := range cases {
		b, err := json.Marshal(in)
		if err != nil || string(b) != want {
			t.Errorf("Marshal(%v) = %s, %v; want %s", in, b, err, want)
		}
		text, err := in.MarshalText()
		if err != nil || string(text) != strings.Trim(strings.TrimPrefix(want, "null"), `"`) {
			t.Errorf("MarshalText(%v) = %q, %v", in, text, err)
		}
	}
	if _, err := json.Marshal(TimeOf(time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC))); err == nil {
		t.Error("year 10000 encoded")
	}
	// RFC 3339 round trip.
	for _, s := range []string{"2026-06-13T12:00:00+04:00", "2026-06-13T12:00:00.123456789-05:30", "2026-06-13T00:00:00Z", "0000-01-01T00:00:00Z"} {
		var tt Time
		if err := json.Unmarshal([]byte(`"`+s+`"`), &tt); err != nil {
			t.Fatal(err)
		}
		b, _ := json.Marshal(tt)
		if string(b) != `"`+s+`"` {
			t.Errorf("round trip %s → %s", s, b)
		}
	}
}

func TestTimeNotConvertibleToDate(t *testing.T) {
	// oapi-codegen's runtime formats any type convertible to its
	// types.Date (struct{ time.Time }) as a bare date in query parameters.
	// Time must not be, so that its MarshalText is used; Date should be.
	oapiDate := reflect.TypeFor[struct{ time.Time }]()
	if reflect.TypeFor[Time]().ConvertibleTo(oapiDate) || reflect.TypeFor[Time]().ConvertibleTo(reflect.TypeFor[time.Time]()) {
		t.Error("Time is convertible to time.Time or struct{ time.Time }")
	}
	if !reflect.TypeFor[Date]().ConvertibleTo(oapiDate) {
		t.Error("Date is not convertible to struct{ time.Time }")
	}
}

func TestDate(t *testing.T) {
	cases := map[string]Date{
		`"2026-06-13"`:                NewDate(2026, 6, 13),
		`"2026-06-13T23:30:00-05:00"`: NewDate(2026, 6, 13),
		`"2026-06-13 00:30:00+0400"`:  NewDate(2026, 6, 13),
		`"2026-06-13 12:00:00"`:       NewDate(2026, 6, 13),
		`1781337600`:                  NewDate(2026, 6, 13),
		`"0000-00-00"`:                {},
		`"0000-00-00 00:00:00"`:       {},
		`""`:                          {},
		`null`:                        {},
		`"0001-01-01"`:                {},
		`"0000-02-29"`:                NewDate(0, 2, 29),
	}
	for in, want := range cases {
		var got Date
		if err := got.UnmarshalJSON([]byte(in)); err != nil || !got.Equal(want.Time) || got.Location() != time.UTC {
			t.Errorf("%s: got %v, %v; want %v", in, got, err, want)
		}
		if s, ok := strings.CutPrefix(in, `"`); ok {
			var d Date
			if err := d.UnmarshalText([]byte(strings.TrimSuffix(s, `"`))); err != nil || !d.Equal(want.Time) {
				t.Errorf("UnmarshalText(%s) = %v, %v", s, d, err)
			}
		}
	}
	for _, in := range []string{`"13/06/2026"`, `"2026-02-30"`, `true`, `[]`} {
		var d Date
		if err := track(t, d.UnmarshalJSON([]byte(in))); err == nil || !strings.Contains(err.Error(), "altegio.Date") {
			t.Errorf("%s: err = %v", in, err)
		}
	}
	var d Date
	if err := track(t, d.UnmarshalText([]byte("soon"))); err == nil {
		t.Error("UnmarshalText(soon) succeeded")
	}

	d = NewDate(2026, 6, 13)
	if b, err := json.Marshal(d); err != nil || string(b) != `"2026-06-13"` {
		t.Errorf("Marshal = %s, %v", b, err)
	}
	if b, _ := d.MarshalText(); string(b) != "2026-06-13" || d.String() != "2026-06-13" {
		t.Errorf("MarshalText = %s, String = %s", b, d)
	}
	if b, _ := json.Marshal(Date{}); string(b) != "null" {
		t.Errorf("zero Marshal = %s", b)
	}
	if b, _ := (Date{}).MarshalText(); len(b) != 0 {
		t.Errorf("zero MarshalText = %q", b)
	}
	if got := DateOf(time.Date(2026, 6, 13, 23, 30, 0, 0, time.FixedZone("", -5*3600))); got != NewDate(2026, 6, 13) {
		t.Errorf("DateOf = %v", got)
	}
	if _, err := json.Marshal(NewDate(10000, 1, 1)); err == nil {
		t.Error("year 10000 encoded")
	}
}
