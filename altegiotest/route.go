package altegiotest

import (
	"fmt"
	"slices"
	"strings"
	"sync"

	"github.com/altegio-go/altegio/altegiotest/internal/fakeb2bv1"
	"github.com/altegio-go/altegio/altegiotest/internal/fakeb2bv2"
	"github.com/altegio-go/altegio/altegiotest/internal/optable"
)

// apis are the APIs the server serves, by the path prefix of their base
// URL.
var apis = []struct {
	name, prefix string
	ops          []optable.Operation
}{
	{"b2b-v1", "/api/v1", fakeb2bv1.Operations},
	{"b2b-v2", "/api/v2", fakeb2bv2.Operations},
}

// operation is one operation of the table, with the API it belongs to and
// its route split into segments.
type operation struct {
	*optable.Operation
	api      string
	segments []string
}

// key names the operation in messages and in the server's maps:
// "b2b-v1 get_appointment_list".
func (op *operation) key() string { return op.api + " " + op.ID }

// paged reports whether the operation lists items page by page.
func (op *operation) paged() bool { return op.PageParam != "" }

// table indexes the operations of both APIs.
type table struct {
	byAPI map[string][]*operation
	byKey map[string]*operation   // "b2b-v1 get_appointment_list"
	byID  map[string][]*operation // "get_appointment_list", in API order
}

var loadTable = sync.OnceValue(func() *table {
	t := &table{byAPI: map[string][]*operation{}, byKey: map[string]*operation{}, byID: map[string][]*operation{}}
	for _, a := range apis {
		for i := range a.ops {
			op := &operation{Operation: &a.ops[i], api: a.name, segments: strings.Split(strings.Trim(a.ops[i].Route, "/"), "/")}
			t.byAPI[a.name] = append(t.byAPI[a.name], op)
			t.byKey[op.key()] = op
			t.byID[op.ID] = append(t.byID[op.ID], op)
		}
	}
	return t
})

// lookup returns the operation name designates: an operationId that one
// API has ("get_appointment_list"), or the API's name, a space and the
// operationId ("b2b-v2 delete_appointment"), which an operationId of both
// APIs needs.
func (t *table) lookup(name string) (*operation, error) {
	if op, ok := t.byKey[name]; ok {
		return op, nil
	}
	ops := t.byID[name]
	switch len(ops) {
	case 1:
		return ops[0], nil
	case 0:
		return nil, fmt.Errorf("altegiotest: no operation %q in b2b-v1 or b2b-v2 (name one by its operationId, as generated/b2bv1/OPERATIONS.txt lists them, or as \"b2b-v2 list_services\")", name)
	}
	return nil, fmt.Errorf("altegiotest: %q is an operation of both b2b-v1 and b2b-v2: name it %q or %q", name, ops[0].key(), ops[1].key())
}

// match returns the operation of api whose route matches path (relative
// to the API's base, such as "/records/1") with method, and the values of
// its path parameters. When the path matches routes of other methods only,
// allowed lists them; when it matches none, both are nil. A route with a
// literal segment where another has a parameter wins:
// /activity/{location_id}/search before /activity/{location_id}/{event_id}.
func (t *table) match(api, method, path string) (op *operation, params map[string]string, allowed []string) {
	segs := strings.Split(strings.Trim(path, "/"), "/")
	var bestMethod *operation
	for _, o := range t.byAPI[api] {
		if !segmentsMatch(o.segments, segs) {
			continue
		}
		if o.Method == method && (bestMethod == nil || moreLiteral(o.segments, bestMethod.segments)) {
			bestMethod = o
		}
		if !slices.Contains(allowed, o.Method) {
			allowed = append(allowed, o.Method)
		}
	}
	if bestMethod == nil {
		slices.Sort(allowed)
		return nil, nil, allowed
	}
	params = map[string]string{}
	for i, s := range bestMethod.segments {
		if name, ok := paramName(s); ok {
			params[name] = segs[i]
		}
	}
	return bestMethod, params, nil
}

// segmentsMatch reports whether a path's segments fit a route's: as many,
// each equal to the route's literal or a non-empty value of its parameter.
func segmentsMatch(route, segs []string) bool {
	if len(route) != len(segs) {
		return false
	}
	for i, r := range route {
		if _, ok := paramName(r); ok {
			if segs[i] == "" {
				return false
			}
		} else if r != segs[i] {
			return false
		}
	}
	return true
}

// moreLiteral reports whether route a has a literal segment where b has a
// parameter, at the first position where they differ in kind.
func moreLiteral(a, b []string) bool {
	for i := range a {
		_, pa := paramName(a[i])
		_, pb := paramName(b[i])
		if pa != pb {
			return !pa
		}
	}
	return false
}

// paramName returns the name of a route segment that is a parameter,
// "{location_id}".
func paramName(seg string) (string, bool) {
	if len(seg) > 2 && seg[0] == '{' && seg[len(seg)-1] == '}' {
		return seg[1 : len(seg)-1], true
	}
	return "", false
}
