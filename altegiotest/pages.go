package altegiotest

import (
	"encoding/json"
	"strconv"
)

// defaultPageSize is the page size of Pages when neither the request nor
// the spec gives one.
const defaultPageSize = 20

// page returns the items of the page req asks for, and the meta of the
// answer: b2b-v1's total_count, b2b-v2's pagination.
func page(op *operation, req Request, items []json.RawMessage, pageSize int) (data, meta json.RawMessage) {
	p := pageOf(op, req)
	size, err := strconv.Atoi(req.Query.Get(op.SizeParam))
	if err != nil || size < 1 {
		size = pageSize
	}
	if size < 1 {
		size = op.DefaultSize
	}
	if size < 1 {
		size = defaultPageSize
	}
	from := min((p-1)*size, len(items))
	to := min(from+size, len(items))
	data = mustJSON(append([]json.RawMessage{}, items[from:to]...))
	if envelopeOf(op) == envSuccess {
		return data, mustJSON(map[string]int{"total_count": len(items)})
	}
	return data, mustJSON(map[string]any{"pagination": map[string]int{"page": p, "offset": (p - 1) * size, "limit": size}})
}
