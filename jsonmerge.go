package altegio

import (
	"bytes"
	"encoding/json"
)

// decodeNumbers decodes the first JSON value in b, numbers as json.Number.
func decodeNumbers(b []byte, v any) error {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	return d.Decode(v)
}
