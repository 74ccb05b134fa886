package altegio

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/altegio-go/altegio/internal/jsonnum"
)

// WithJSONSet sets the member at path of one call's JSON request body to the
// JSON encoding of value, replacing what the generated request type sent, or
// adding what it cannot express: the escape hatch for a request the spec
// describes wrongly. path names members separated by dots, such as "comment"
// or "filters.0.state.value"; a decimal segment indexes a list (the index
// equal to the list's length appends). Missing objects on the way are
// created. A call without a body gets one: {} with the member set.
//
// The body is decoded and encoded again, so its members come out in name
// order; numbers keep their text.
func WithJSONSet(path string, value any) CallOption {
	return func(c *callConfig) {
		c.jsonEdits = append(c.jsonEdits, jsonEdit{path: path, value: value, set: true})
	}
}

// WithJSONDel removes the member at path (as for [WithJSONSet]) from one
// call's JSON request body; a missing member is no error.
func WithJSONDel(path string) CallOption {
	return func(c *callConfig) {
		c.jsonEdits = append(c.jsonEdits, jsonEdit{path: path})
	}
}

// WithQuerySet sets the query parameter key of one call to value, replacing
// every value the generated params sent for key.
func WithQuerySet(key, value string) CallOption {
	return func(c *callConfig) {
		c.queryEdits = append(c.queryEdits, queryEdit{key: key, value: value, op: querySet})
	}
}

// WithQueryAdd adds value to the query parameter key of one call, after the
// values it has, for a repeated parameter such as "include" or
// "filter[ids][]".
func WithQueryAdd(key, value string) CallOption {
	return func(c *callConfig) {
		c.queryEdits = append(c.queryEdits, queryEdit{key: key, value: value, op: queryAdd})
	}
}

// WithQueryDel removes every value of the query parameter key of one call.
func WithQueryDel(key string) CallOption {
	return func(c *callConfig) {
		c.queryEdits = append(c.queryEdits, queryEdit{key: key, op: queryDel})
	}
}

// jsonEdit is one WithJSONSet or WithJSONDel.
type jsonEdit struct {
	path  string
	value any
	set   bool
}

type queryOp uint8

const (
	querySet queryOp = iota
	queryAdd
	queryDel
)

// queryEdit is one WithQuerySet, WithQueryAdd or WithQueryDel.
type queryEdit struct {
	key, value string
	op         queryOp
}

// applyRequestEdits applies the call's query and JSON body edits to r, a
// copy of the caller's request whose URL and Body it may replace (but not
// modify).
func applyRequestEdits(r *http.Request, cc *callConfig) error {
	if len(cc.queryEdits) > 0 {
		u := *r.URL
		u.RawQuery = editQuery(u.RawQuery, cc.queryEdits)
		r.URL = &u
	}
	if len(cc.jsonEdits) == 0 {
		return nil
	}
	var body []byte
	if r.Body != nil && r.Body != http.NoBody {
		b, err := io.ReadAll(r.Body)
		r.Body.Close()
		if err != nil {
			return fmt.Errorf("reading the request body to edit it: %w", err)
		}
		body = b
	}
	edited, err := editJSON(body, cc.jsonEdits)
	if err != nil {
		return err
	}
	r.Body = io.NopCloser(bytes.NewReader(edited))
	r.GetBody = func() (io.ReadCloser, error) { return io.NopCloser(bytes.NewReader(edited)), nil }
	r.ContentLength = int64(len(edited))
	return nil
}

// editQuery applies edits to a raw query string, keeping the parameters
// they do not touch exactly as they were written.
func editQuery(raw string, edits []queryEdit) string {
	var pairs []string
	if raw != "" {
		pairs = strings.Split(raw, "&")
	}
	for _, e := range edits {
		if e.op != queryAdd {
			kept := pairs[:0:0]
			for _, p := range pairs {
				k, _, _ := strings.Cut(p, "=")
				if uk, err := url.QueryUnescape(k); err == nil && uk == e.key || k == e.key {
					continue
				}
				kept = append(kept, p)
			}
			pairs = kept
		}
		if e.op != queryDel {
			pairs = append(pairs, url.QueryEscape(e.key)+"="+url.QueryEscape(e.value))
		}
	}
	return strings.Join(pairs, "&")
}

// editJSON applies edits to the JSON document body ({} if empty).
func editJSON(body []byte, edits []jsonEdit) ([]byte, error) {
	var doc any = map[string]any{}
	if len(bytes.TrimSpace(body)) > 0 {
		if err := jsonnum.Decode(body, &doc); err != nil {
			return nil, fmt.Errorf("the request body is not JSON, so WithJSONSet cannot edit it: %w", err)
		}
	}
	for _, e := range edits {
		if e.path == "" {
			return nil, errors.New("WithJSONSet/WithJSONDel: empty path")
		}
		var value any
		if e.set {
			b, err := json.Marshal(e.value)
			if err != nil {
				return nil, fmt.Errorf("WithJSONSet %q: %w", e.path, err)
			}
			value = json.RawMessage(b)
		}
		var err error
		if doc, err = editAt(doc, strings.Split(e.path, "."), value, e.set); err != nil {
			return nil, fmt.Errorf("editing the request body at %q: %w", e.path, err)
		}
	}
	return json.Marshal(doc)
}

// editAt sets (or deletes) the member at path in x and returns x.
func editAt(x any, path []string, value any, set bool) (any, error) {
	key, rest := path[0], path[1:]
	switch v := x.(type) {
	case map[string]any:
		if len(rest) == 0 {
			if set {
				v[key] = value
			} else {
				delete(v, key)
			}
			return v, nil
		}
		child, ok := v[key]
		if !ok || child == nil {
			if !set {
				return v, nil
			}
			child = map[string]any{}
		}
		edited, err := editAt(child, rest, value, set)
		if err != nil {
			return nil, err
		}
		v[key] = edited
		return v, nil
	case []any:
		i, err := strconv.Atoi(key)
		if err != nil || i < 0 || i > len(v) {
			return nil, fmt.Errorf("%q is not an index of a list of %d", key, len(v))
		}
		if len(rest) == 0 {
			switch {
			case !set && i < len(v):
				return append(v[:i:i], v[i+1:]...), nil
			case !set:
				return v, nil
			case i == len(v):
				return append(v, value), nil
			}
			v[i] = value
			return v, nil
		}
		if i == len(v) {
			if !set {
				return v, nil
			}
			v = append(v, map[string]any{})
		}
		edited, err := editAt(v[i], rest, value, set)
		if err != nil {
			return nil, err
		}
		v[i] = edited
		return v, nil
	}
	return nil, fmt.Errorf("member %q is inside a %s, not an object or a list", key, jsonKind(x))
}

// jsonKind names the JSON type of a decoded value.
func jsonKind(x any) string {
	switch x.(type) {
	case nil:
		return "null"
	case bool:
		return "boolean"
	case json.Number, float64:
		return "number"
	case string:
		return "string"
	case json.RawMessage:
		return "value set by WithJSONSet"
	}
	return fmt.Sprintf("%T", x)
}
