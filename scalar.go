package altegio

import (
	"bytes"
	"encoding/json"
	"strconv"
	"strings"
)

// Scalar is a JSON value that Altegio sends as more than one type for the
// same member: a number or a string (1 and "1"), a boolean or 0/1. The
// generated types use it where the spec's schemas of one entity disagree
// (MODEL.txt lists those members). It keeps the value as it was sent, so
// encoding it again gives back the same JSON, and reads it as the type you
// need:
//
//	if fired, ok := member.Fired.Bool(); ok && fired { … }
//	id, _ := member.APIID.Int64()
//
// The zero Scalar is absent: it is left out of a request (omitzero) and
// reads as nothing.
type Scalar struct{ raw json.RawMessage }

// ScalarOf returns the Scalar of v, encoded as JSON (a string, number or
// boolean), for a request.
func ScalarOf(v any) (Scalar, error) {
	b, err := json.Marshal(v)
	return Scalar{raw: b}, err
}

// Raw returns the value as it was sent, or nil when absent.
func (s Scalar) Raw() json.RawMessage { return s.raw }

// IsZero reports whether s is absent.
func (s Scalar) IsZero() bool { return len(s.raw) == 0 }

// IsNull reports whether s is absent or JSON null.
func (s Scalar) IsNull() bool { return len(s.raw) == 0 || string(s.raw) == "null" }

// String returns the value as text: a string's content, a number's
// digits as sent, "true" or "false"; "" when s is absent or null.
func (s Scalar) String() string {
	switch {
	case s.IsNull():
		return ""
	case s.raw[0] == '"':
		var str string
		if json.Unmarshal(s.raw, &str) == nil {
			return str
		}
	}
	return string(s.raw)
}

// Int64 returns the value as an integer: a whole number, a string holding
// one ("42"), or a boolean (1 for true). ok is false for anything else.
func (s Scalar) Int64() (n int64, ok bool) {
	switch t := s.String(); {
	case s.IsNull():
		return 0, false
	case t == "true":
		return 1, s.raw[0] != '"'
	case t == "false":
		return 0, s.raw[0] != '"'
	default:
		if lit, ok := integral(strings.TrimSpace(t)); ok {
			n, err := strconv.ParseInt(lit, 10, 64)
			return n, err == nil
		}
	}
	return 0, false
}

// Float64 returns the value as a number: a number, or a string holding
// one ("980.5"). ok is false for anything else.
func (s Scalar) Float64() (float64, bool) {
	if s.IsNull() || s.raw[0] == 't' || s.raw[0] == 'f' {
		return 0, false
	}
	f, err := strconv.ParseFloat(strings.TrimSpace(s.String()), 64)
	return f, err == nil
}

// Bool returns the value as a boolean: true or false, 1 or 0, or a string
// of one of them ("1", "true"). ok is false for anything else.
func (s Scalar) Bool() (b, ok bool) {
	switch s.String() {
	case "true", "1":
		return true, !s.IsNull()
	case "false", "0":
		return false, !s.IsNull()
	}
	return false, false
}

// MarshalJSON returns the value as it was sent; null when absent.
func (s Scalar) MarshalJSON() ([]byte, error) {
	if len(s.raw) == 0 {
		return []byte("null"), nil
	}
	return s.raw, nil
}

// UnmarshalJSON keeps data, a JSON value, as it is.
func (s *Scalar) UnmarshalJSON(data []byte) error {
	s.raw = bytes.Clone(bytes.TrimSpace(data))
	return nil
}
