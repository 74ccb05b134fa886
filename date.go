package altegio

import (
	"fmt"
	"strconv"
	"time"
)

// Date is a calendar date, "2006-01-02" in JSON and text. It decodes every
// form [Time] accepts and keeps the date part as written (a date-time
// "2026-06-13T23:30:00-05:00" is 2026-06-13), at midnight UTC; "", null and
// zero dates ("0000-00-00") decode as the zero Date, which encodes as JSON
// null and as empty text.
type Date struct{ time.Time }

// DateOf returns the date of t, as read in t's location.
func DateOf(t time.Time) Date {
	if t.IsZero() {
		return Date{}
	}
	return Date{dateOnly(t)}
}

// NewDate returns the date year-month-day.
func NewDate(year int, month time.Month, day int) Date {
	return Date{time.Date(year, month, day, 0, 0, 0, 0, time.UTC)}
}

// dateOnly returns midnight UTC of t's date.
func dateOnly(t time.Time) time.Time {
	y, m, d := t.Date()
	return time.Date(y, m, d, 0, 0, 0, 0, time.UTC)
}

// UnmarshalJSON decodes a date, a date-time (keeping its date), unix
// seconds, or a zero date.
func (d *Date) UnmarshalJSON(b []byte) error {
	t, err := decodeTimeJSON(b, "altegio.Date")
	if err != nil {
		return err
	}
	*d = DateOf(t)
	return nil
}

// UnmarshalText decodes a date or a date-time, keeping its date.
func (d *Date) UnmarshalText(text []byte) error {
	t, err := parseTime(string(text))
	if err != nil {
		return &valueError{what: "altegio.Date", value: strconv.Quote(truncate(oneLine(string(text)), 40)), why: err.Error()}
	}
	*d = DateOf(t)
	return nil
}

// MarshalJSON encodes d as "2006-01-02", or null if d is zero.
func (d Date) MarshalJSON() ([]byte, error) {
	if d.IsZero() {
		return []byte("null"), nil
	}
	b, err := d.AppendText([]byte{'"'})
	if err != nil {
		return nil, err
	}
	return append(b, '"'), nil
}

// MarshalText encodes d as "2006-01-02", or as empty text if d is zero.
func (d Date) MarshalText() ([]byte, error) { return d.AppendText(nil) }

// AppendText appends what MarshalText returns to b.
func (d Date) AppendText(b []byte) ([]byte, error) {
	if d.IsZero() {
		return b, nil
	}
	if y := d.Year(); y < 0 || y > 9999 {
		return nil, fmt.Errorf("altegio: cannot encode a Date in year %d (outside [0,9999])", y)
	}
	return d.AppendFormat(b, time.DateOnly), nil
}

// String returns d as "2006-01-02" (the zero Date as "0001-01-01").
func (d Date) String() string { return d.Format(time.DateOnly) }
