package altegio_test

import (
	"encoding/json"
	"testing"

	"github.com/altegio-go/altegio"
)

func TestScalar(t *testing.T) {
	type row struct {
		S altegio.Scalar `json:"s,omitzero"`
	}
	for _, tc := range []struct {
		in       string
		str      string
		n        int64
		nok      bool
		f        float64
		fok      bool
		b, bok   bool
		wantNull bool
	}{
		{in: `1`, str: "1", n: 1, nok: true, f: 1, fok: true, b: true, bok: true},
		{in: `"1"`, str: "1", n: 1, nok: true, f: 1, fok: true, b: true, bok: true},
		{in: `"0"`, str: "0", n: 0, nok: true, f: 0, fok: true, b: false, bok: true},
		{in: `980.5`, str: "980.5", f: 980.5, fok: true},
		{in: `"-5"`, str: "-5", n: -5, nok: true, f: -5, fok: true},
		{in: `true`, str: "true", n: 1, nok: true, b: true, bok: true},
		{in: `"Male"`, str: "Male"},
		{in: `null`, wantNull: true},
		{in: `9007199254740993`, str: "9007199254740993", n: 9007199254740993, nok: true, f: 9007199254740992, fok: true},
	} {
		var r row
		if err := altegio.Unmarshal([]byte(`{"s":`+tc.in+`}`), &r); err != nil {
			t.Fatalf("%s: %v", tc.in, err)
		}
		s := r.S
		if s.String() != tc.str || s.IsNull() != tc.wantNull {
			t.Errorf("%s: String %q IsNull %v", tc.in, s.String(), s.IsNull())
		}
		if n, ok := s.Int64(); n != tc.n || ok != tc.nok {
			t.Errorf("%s: Int64 = %d, %v", tc.in, n, ok)
		}
		if f, ok := s.Float64(); f != tc.f || ok != tc.fok {
			t.Errorf("%s: Float64 = %v, %v", tc.in, f, ok)
		}
		if b, ok := s.Bool(); b != tc.b || ok != tc.bok {
			t.Errorf("%s: Bool = %v, %v", tc.in, b, ok)
		}
		// What was sent goes back as it was.
		out, err := json.Marshal(r)
		if err != nil || string(out) != `{"s":`+tc.in+`}` {
			t.Errorf("%s: re-encoded %s, %v", tc.in, out, err)
		}
	}
	// Absent: left out of a request.
	if out, _ := json.Marshal(row{}); string(out) != `{}` {
		t.Errorf("absent Scalar encodes as %s", out)
	}
	s, err := altegio.ScalarOf("2")
	if err != nil || s.String() != "2" || string(s.Raw()) != `"2"` {
		t.Errorf("ScalarOf: %q %s %v", s.String(), s.Raw(), err)
	}
}
