package altegio

import (
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Time is a date-time as Altegio sends it. It decodes, from JSON or text:
//
//   - RFC 3339: "2026-06-13T12:00:00+04:00", "2026-06-13T12:00:00Z", with or
//     without fractional seconds;
//   - offsets without a colon or minutes: "2026-06-13T12:00:00+0400", "…+04";
//   - a space for the T: "2026-06-13 12:00:00", "2026-06-13 12:00:00+04:00";
//   - no seconds: "2026-06-13T12:00", "2026-06-13 12:00";
//   - a bare date, "2026-06-13", as midnight;
//   - unix seconds as a JSON number (1781337600, 1781337600.5), in UTC;
//   - "", null and zero dates ("0000-00-00", "0000-00-00 00:00:00") as the
//     zero Time.
//
// A date-time without an offset is taken as UTC: Altegio writes such values
// in the location's own time zone, which the value does not say. The clock
// reading is kept as sent, so reinterpret it in the right zone if you know
// it: time.Date(t.Year(), t.Month(), t.Day(), t.Hour(), t.Minute(),
// t.Second(), t.Nanosecond(), loc).
//
// Time encodes as RFC 3339 with the offset it has, fractional seconds only
// if there are any; the zero Time encodes as JSON null (and as empty text),
// so that an optional field that was not set says so.
//
// Build one with [TimeOf] or Time{Time: t}. (The blank first field keeps
// Time from being convertible to oapi-codegen's types.Date, whose query
// parameter formatting would otherwise drop the time of day.)
type Time struct {
	_ [0]int
	time.Time
}

// TimeOf returns t as a Time.
func TimeOf(t time.Time) Time { return Time{Time: t} }

// timeLayouts are the layouts Time tries, most frequent first.
var timeLayouts = []string{
	time.RFC3339, // also takes fractional seconds
	"2006-01-02T15:04:05Z0700",
	"2006-01-02 15:04:05",
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05Z07:00",
	"2006-01-02 15:04:05Z0700",
	"2006-01-02T15:04:05Z07",
	"2006-01-02 15:04:05Z07",
	"2006-01-02T15:04Z07:00",
	"2006-01-02T15:04",
	"2006-01-02 15:04",
	time.DateOnly,
}

// Unix seconds Time accepts: years 1 to 9999, which RFC 3339 can write.
const (
	minUnix = -62135596800 // 0001-01-01T00:00:00Z
	maxUnix = 253402300799 // 9999-12-31T23:59:59Z
)

var errTimeFormat = errors.New(`want RFC 3339, "2006-01-02 15:04:05", "2006-01-02", unix seconds, or a zero date`)

// parseTime parses the text forms Time accepts.
func parseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	if s == "" || isZeroDate(s) {
		return time.Time{}, nil
	}
	// The common shapes go straight to their layout.
	var layout string
	switch {
	case len(s) == 10:
		layout = time.DateOnly
	case len(s) == 19 && s[10] == ' ':
		layout = time.DateTime
	case len(s) == 24 && s[10] == 'T' && (s[19] == '+' || s[19] == '-') && s[22] != ':':
		layout = "2006-01-02T15:04:05Z0700" // v1's "2026-01-16T20:35:11-0500"
	case len(s) >= 20 && s[10] == 'T' && (s[19] == 'Z' || s[19] == '+' || s[19] == '-' || s[19] == '.'):
		layout = time.RFC3339
	}
	if layout != "" {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	for _, layout := range timeLayouts {
		if t, err := time.Parse(layout, s); err == nil {
			return t, nil
		}
	}
	return time.Time{}, errTimeFormat
}

// isZeroDate reports whether s is a MySQL zero date such as "0000-00-00" or
// "0000-00-00 00:00:00".
func isZeroDate(s string) bool {
	rest, ok := strings.CutPrefix(s, "0000-00-00")
	return ok && strings.Trim(rest, "0:.T Z+-") == ""
}

// parseUnix parses a JSON number of unix seconds.
func parseUnix(n string) (time.Time, bool) {
	if !isJSONNumber(n) {
		return time.Time{}, false
	}
	if i, ok := integral(n); ok {
		sec, err := strconv.ParseInt(i, 10, 64)
		if err != nil || sec < minUnix || sec > maxUnix {
			return time.Time{}, false
		}
		return time.Unix(sec, 0).UTC(), true
	}
	if !strings.ContainsAny(n, "eE") {
		whole, frac, _ := strings.Cut(n, ".")
		sec, err := strconv.ParseInt(whole, 10, 64)
		if err != nil || sec < minUnix || sec > maxUnix {
			return time.Time{}, false
		}
		frac = (frac + "000000000")[:9]
		nsec, _ := strconv.ParseInt(frac, 10, 64)
		if strings.HasPrefix(whole, "-") {
			nsec = -nsec
		}
		return time.Unix(sec, nsec).UTC(), true
	}
	f, err := strconv.ParseFloat(n, 64)
	if err != nil || f < minUnix || f > maxUnix {
		return time.Time{}, false
	}
	sec := int64(f)
	return time.Unix(sec, int64((f-float64(sec))*1e9)).UTC(), true
}

// decodeTimeJSON decodes the JSON forms Time and Date accept.
func decodeTimeJSON(b []byte, what string) (time.Time, error) {
	b = trimJSONSpace(b)
	switch {
	case len(b) == 0:
		return time.Time{}, &valueError{what: what, value: "nothing"}
	case string(b) == "null":
		return time.Time{}, nil
	case b[0] == '"':
		s, err := jsonString(b)
		if err != nil {
			return time.Time{}, &valueError{what: what, value: shortJSON(b), err: err}
		}
		t, err := parseTime(s)
		if err != nil {
			return time.Time{}, &valueError{what: what, value: shortJSON(b), why: err.Error()}
		}
		return t, nil
	case b[0] == '-' || isDigit(b[0]):
		if t, ok := parseUnix(string(b)); ok {
			return t, nil
		}
		return time.Time{}, &valueError{what: what, value: shortJSON(b), why: "not unix seconds between years 1 and 9999"}
	}
	return time.Time{}, &valueError{what: what, value: shortJSON(b), why: "want a string or a number"}
}

// jsonString returns the value of the JSON string literal b.
func jsonString(b []byte) (string, error) {
	if len(b) >= 2 && b[len(b)-1] == '"' {
		plain := true
		for _, c := range b[1 : len(b)-1] {
			if c == '\\' || c == '"' || c < ' ' || c >= utf8.RuneSelf {
				plain = false
				break
			}
		}
		if plain {
			return string(b[1 : len(b)-1]), nil
		}
	}
	var s string
	err := json.Unmarshal(b, &s)
	return s, err
}

// UnmarshalJSON decodes the forms listed on [Time].
func (t *Time) UnmarshalJSON(b []byte) error {
	tt, err := decodeTimeJSON(b, "altegio.Time")
	if err != nil {
		return err
	}
	t.Time = tt
	return nil
}

// UnmarshalText decodes the text forms listed on [Time] (not unix seconds).
func (t *Time) UnmarshalText(text []byte) error {
	tt, err := parseTime(string(text))
	if err != nil {
		return &valueError{what: "altegio.Time", value: strconv.Quote(truncate(oneLine(string(text)), 40)), why: err.Error()}
	}
	t.Time = tt
	return nil
}

// MarshalJSON encodes t as an RFC 3339 string, or null if t is zero.
func (t Time) MarshalJSON() ([]byte, error) {
	if t.IsZero() {
		return []byte("null"), nil
	}
	b, err := t.AppendText([]byte{'"'})
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

// MarshalText encodes t as RFC 3339, or as empty text if t is zero.
func (t Time) MarshalText() ([]byte, error) { return t.AppendText(nil) }

// AppendText appends what MarshalText returns to b.
func (t Time) AppendText(b []byte) ([]byte, error) {
	if t.IsZero() {
		return b, nil
	}
	tt := t.Time
	if y := tt.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("altegio: cannot encode a Time in year %d (outside [0,9999])", y)
	}
	if _, off := tt.Zone(); off%60 != 0 {
		// RFC 3339 offsets have no seconds (historic local mean times do).
		tt = tt.UTC()
	}
	return tt.AppendFormat(b, time.RFC3339Nano), nil
}
