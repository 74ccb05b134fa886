// Package jsonnum decodes JSON keeping numbers as written, for the runtime
// and package plumbing alike.
package jsonnum

import (
	"bytes"
	"encoding/json"
)

// Decode decodes the first JSON value in b into v, numbers as json.Number,
// so that no digit of a large or precise number is lost.
func Decode(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
