package plumbing

import (
	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/internal/bridge"
)

// MarshalWithExtra returns the JSON object encoding of v (a struct, encoded
// by encoding/json) with the members of extra added after its own, in name
// order; a member of extra replaces a member of v of the same name. The
// generated MarshalJSON methods call it.
func MarshalWithExtra(v any, extra altegio.ExtraFields) ([]byte, error) {
	return bridge.MarshalWithExtra(v, extra)
}
