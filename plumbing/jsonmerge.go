package plumbing

import (
	"encoding/json"
	"fmt"
	"strconv"

	"github.com/altegio-go/altegio/internal/jsonnum"
)

// MergeJSON merges the JSON document patch into data and returns the
// result; the Merge<Variant> methods of the generated union types call it.
// A nil data or patch counts as {}.
//
// Objects merge key by key, recursively: a key only in data is kept, a key
// only in patch is added, and a key in both takes patch's value (merged, if
// both are objects; an object in data meeting a non-object in patch stays
// as it is). An object in patch whose keys are indices patches the elements
// of an array in data. If data is not an object or an array, or patch is
// not an object, the result is data. Numbers are kept as written, and
// object keys come out sorted.
//
// It behaves exactly as JSONMerge of github.com/oapi-codegen/runtime v1.8.0
// (go-jsonmerge with CopyNonexistent), so that generated code needs no
// dependency beyond this package.
func MergeJSON(data, patch json.RawMessage) (json.RawMessage, error) {
	if data == nil {
		data = []byte(`{}`)
	}
	if patch == nil {
		patch = []byte(`{}`)
	}
	var d, p any
	if err := jsonnum.Decode(data, &d); err != nil {
		return nil, fmt.Errorf("plumbing: merging JSON: error in data JSON: %w", err)
	}
	if err := jsonnum.Decode(patch, &p); err != nil {
		return nil, fmt.Errorf("plumbing: merging JSON: error in patch JSON: %w", err)
	}
	out, err := json.Marshal(mergeValues(d, p))
	if err != nil {
		return nil, fmt.Errorf("plumbing: merging JSON: %w", err)
	}
	return out, nil
}

// mergeValues merges patch into data, where data is a value of an object
// or array being merged.
func mergeValues(data, patch any) any {
	po, ok := patch.(map[string]any)
	if !ok {
		return data
	}
	switch d := data.(type) {
	case []any:
		out := make([]any, len(d))
		for i, v := range d {
			out[i] = mergeKey(po, strconv.Itoa(i), v)
		}
		return out
	case map[string]any:
		out := make(map[string]any, len(d)+len(po))
		for k, v := range d {
			out[k] = mergeKey(po, k, v)
		}
		for k, v := range po {
			if _, ok := d[k]; !ok {
				out[k] = v
			}
		}
		return out
	}
	return data
}

// mergeKey returns the merged value of key, whose value in data is v.
func mergeKey(patch map[string]any, key string, v any) any {
	pv, ok := patch[key]
	if !ok {
		return v
	}
	_, pObject := pv.(map[string]any)
	switch v.(type) {
	case map[string]any:
		if !pObject {
			return v
		}
		return mergeValues(v, pv)
	case []any:
		if pObject {
			return mergeValues(v, pv)
		}
	}
	return pv
}
