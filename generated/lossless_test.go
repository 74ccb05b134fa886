package generated_test

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"math/big"
	"reflect"
	"sort"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// roundTrip is the outcome of decoding one example into its generated type
// and encoding it again.
type roundTrip struct {
	err     error    // the example did not decode
	values  int      // scalar values in the example (null excluded)
	lost    []string // paths of values gone after the round trip
	changed []string // paths whose value changed in a way no rule documents
}

// scalars flattens the JSON value x into path → scalar. A path joins object
// keys and list indexes with "/", so that a PHP array sent as an object
// ({"0": …}) and the list it decodes into have the same paths.
func scalars(x any, path string, out map[string]any) {
	switch v := x.(type) {
	case map[string]any:
		for k, e := range v {
			scalars(e, path+"/"+k, out)
		}
	case []any:
		for i, e := range v {
			scalars(e, path+"/"+strconv.Itoa(i), out)
		}
	default:
		out[path] = v
	}
}

// decodeTree decodes JSON with numbers as json.Number.
func decodeTree(b []byte) (any, error) {
	d := json.NewDecoder(bytes.NewReader(b))
	d.UseNumber()
	var x any
	if err := d.Decode(&x); err != nil {
		return nil, err
	}
	if _, err := d.Token(); err != io.EOF {
		return nil, fmt.Errorf("data after the value")
	}
	return x, nil
}

// sameValue reports whether the scalar after is what the runtime documents
// the scalar before becomes: the same value, a number or boolean sent as a
// string (or the reverse), 0/1 for a boolean, or a date-time in another of
// the layouts altegio.Time reads.
func sameValue(before, after any) bool {
	if before == after {
		return true
	}
	num := func(x any) (*big.Rat, bool) {
		var s string
		switch v := x.(type) {
		case json.Number:
			s = string(v)
		case string:
			s = strings.TrimSpace(strings.TrimPrefix(strings.TrimSpace(v), "+"))
		case bool:
			if v {
				return big.NewRat(1, 1), true
			}
			return new(big.Rat), true
		default:
			return nil, false
		}
		r, ok := new(big.Rat).SetString(s)
		return r, ok
	}
	if a, ok := num(before); ok {
		if b, ok := num(after); ok {
			return a.Cmp(b) == 0
		}
	}
	if s, ok := before.(string); ok {
		if s == "" && after == nil {
			return true // "" for a number, a boolean or a date: none
		}
		if a, ok := after.(string); ok {
			var tb, ta altegio.Time
			if json.Unmarshal([]byte(strconv.Quote(s)), &tb) == nil && json.Unmarshal([]byte(strconv.Quote(a)), &ta) == nil {
				return tb.Equal(ta.Time)
			}
		}
		if after == nil {
			var tb altegio.Time
			// "0000-00-00" and "0000-00-00 00:00:00" are no date.
			return json.Unmarshal([]byte(strconv.Quote(s)), &tb) == nil && tb.IsZero()
		}
	}
	return false
}

// checkRoundTrip decodes the JSON example into target with altegio.Unmarshal,
// encodes target with encoding/json and compares the two.
func checkRoundTrip(example []byte, target any) roundTrip {
	before, err := decodeTree(example)
	if err != nil {
		return roundTrip{err: fmt.Errorf("the example is not JSON: %w", err)}
	}
	if err := altegio.Unmarshal(example, target); err != nil {
		return roundTrip{err: err}
	}
	encoded, err := json.Marshal(target)
	if err != nil {
		return roundTrip{err: fmt.Errorf("encoding: %w", err)}
	}
	after, err := decodeTree(encoded)
	if err != nil {
		return roundTrip{err: fmt.Errorf("re-decoding: %w", err)}
	}
	b, a := map[string]any{}, map[string]any{}
	scalars(before, "", b)
	scalars(after, "", a)
	// One object where a list is declared decodes as a list of one, and a
	// list of one where an object is declared as that object: the value
	// moves between /x and /x/0.
	listOfOne := map[string][]any{}
	for path, v := range a {
		listOfOne[withoutFirstItems(path)] = append(listOfOne[withoutFirstItems(path)], v)
	}
	var r roundTrip
	for path, v := range b {
		if v == nil {
			continue
		}
		r.values++
		got, ok := a[path]
		if !ok {
			for _, alt := range listOfOne[withoutFirstItems(path)] {
				if sameValue(v, alt) {
					got, ok = alt, true
					break
				}
			}
		}
		switch {
		case !ok && v == "":
			// "" for a number, a boolean or a date is none (Unmarshal's
			// rules): the field is left out when encoded again.
		case !ok:
			r.lost = append(r.lost, path)
		case !sameValue(v, got):
			r.changed = append(r.changed, fmt.Sprintf("%s: %v → %v", path, v, got))
		}
	}
	sort.Strings(r.lost)
	sort.Strings(r.changed)
	return r
}

// withoutFirstItems removes the "/0" steps from a path.
func withoutFirstItems(path string) string {
	return strings.ReplaceAll(path+"/", "/0/", "/")
}

// undeclared lists the paths of the members that decoding left in
// ExtraFields anywhere in v: members no generated field declares.
func undeclared(v reflect.Value, path string, out *[]string) {
	switch v.Kind() {
	case reflect.Pointer, reflect.Interface:
		if !v.IsNil() {
			undeclared(v.Elem(), path, out)
		}
	case reflect.Slice, reflect.Array:
		for i := 0; i < v.Len(); i++ {
			undeclared(v.Index(i), fmt.Sprintf("%s/%d", path, i), out)
		}
	case reflect.Map:
		if v.Type() == reflect.TypeFor[altegio.ExtraFields]() {
			for _, k := range v.MapKeys() {
				*out = append(*out, path+"/"+k.String())
			}
			return
		}
		iter := v.MapRange()
		for iter.Next() {
			undeclared(iter.Value(), fmt.Sprintf("%s/%v", path, iter.Key()), out)
		}
	case reflect.Struct:
		t := v.Type()
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if !f.IsExported() {
				if f.Name != "value" || !v.CanAddr() {
					continue
				}
				if m := v.Addr().MethodByName("Value"); m.IsValid() {
					undeclared(m.Call(nil)[0], path, out) // altegio.Object
				}
				continue
			}
			name, _, _ := strings.Cut(f.Tag.Get("json"), ",")
			if name == "" || name == "-" {
				name = ""
			}
			undeclared(v.Field(i), strings.TrimSuffix(path+"/"+name, "/"), out)
		}
	}
}

// requestExample is one JSON request-body example of a spec.
type requestExample struct {
	Key  string
	Line int
	Op   string
	JSON []byte
}

// specRequestExamples lists the JSON request-body examples of the spec
// document root: on the media type and on its schema.
func specRequestExamples(t *testing.T, root *yaml.Node) []requestExample {
	t.Helper()
	var out []requestExample
	paths := spectest.MapGet(root, "paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			op := item.Content[j+1]
			id := spectest.MapGet(op, "operationId")
			content := spectest.MapGet(spectest.Resolve(root, spectest.MapGet(op, "requestBody")), "content")
			if id == nil || content == nil {
				continue
			}
			for m := 0; m+1 < len(content.Content); m += 2 {
				mediaType, mt := content.Content[m].Value, content.Content[m+1]
				if !isJSON(mediaType) && mediaType != "*/*" {
					continue
				}
				add := func(kind string, n *yaml.Node) {
					b, err := spectest.NodeJSON(n)
					if err != nil {
						t.Fatalf("%s %s: %v", id.Value, kind, err)
					}
					out = append(out, requestExample{Key: fmt.Sprintf("%s request %s (%s)", id.Value, mediaType, kind), Line: n.Line, Op: id.Value, JSON: b})
				}
				if ex := spectest.MapGet(mt, "example"); ex != nil {
					add("example", ex)
				}
				if exs := spectest.MapGet(mt, "examples"); exs != nil {
					for e := 0; e+1 < len(exs.Content); e += 2 {
						add("example "+exs.Content[e].Value, spectest.MapGet(spectest.Resolve(root, exs.Content[e+1]), "value"))
					}
				}
				schema := spectest.Resolve(root, spectest.MapGet(mt, "schema"))
				if ex := spectest.MapGet(schema, "example"); ex != nil {
					add("schema example", ex)
				}
				if exs := spectest.MapGet(schema, "examples"); exs != nil && exs.Kind == yaml.SequenceNode {
					for e, ex := range exs.Content {
						add(fmt.Sprintf("schema examples item %d", e), ex)
					}
				}
			}
		}
	}
	return out
}

// requestBodyType returns the type of the JSON body parameter of the Client
// method of operation op, or false if the method takes none.
func requestBodyType(api, op string) (reflect.Type, bool) {
	m, ok := methodOf(clientType[api], api, op)
	if !ok {
		return nil, false
	}
	// (receiver, ctx, path parameters…, [params], [body], opts...)
	n := m.Type.NumIn()
	if n < 3 {
		return nil, false
	}
	in := m.Type.In(n - 2)
	t := in
	for t.Kind() == reflect.Slice || t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	if (t.Kind() == reflect.Struct || t.Kind() == reflect.Map) && strings.Contains(t.PkgPath(), "/generated/") && !strings.HasSuffix(t.Name(), "Params") {
		return in, true
	}
	return nil, false
}

// TestExamplesRoundTrip proves that no value of a published example is
// lost: every JSON example of a 2xx response and of a request body, in the
// specs as published (without the overlay), decodes into the generated type
// of its operation and encodes back with every scalar value at its path,
// changed only as the runtime documents (numbers or booleans sent as
// strings, "0000-00-00" for no date, date-times in another layout).
func TestExamplesRoundTrip(t *testing.T) {
	for _, api := range gen.APIs {
		t.Run(api.Name, func(t *testing.T) {
			raw := publishedSpec(t, api)
			responseLevel, schemaLevel := specExamples(t, raw)
			var total, lossless, failed, lossy, lostValues, values int
			check := func(where string, example []byte, target any) {
				total++
				r := checkRoundTrip(example, target)
				values += r.values
				switch {
				case r.err != nil:
					failed++
					t.Errorf("%s: does not decode into %T: %v", where, target, r.err)
				case len(r.lost) > 0 || len(r.changed) > 0:
					lossy++
					lostValues += len(r.lost) + len(r.changed)
					show := append(r.lost, r.changed...)
					if len(show) > 5 {
						show = append(show[:5], fmt.Sprintf("… %d more", len(show)-5))
					}
					t.Errorf("%s: %T loses %d of %d values: %s", where, target, len(r.lost)+len(r.changed), r.values, strings.Join(show, ", "))
				default:
					lossless++
				}
			}
			responses := 0
			for _, ex := range append(responseLevel, schemaLevel...) {
				if ex.JSON == nil || !strings.HasPrefix(ex.Status, "2") {
					continue
				}
				target, ok := responseBody[api.Name](ex.Op, ex.Status)
				if !ok {
					t.Errorf("%s, spec line %d: no generated type for this response", ex.Key, ex.Line)
					continue
				}
				responses++
				check(fmt.Sprintf("%s, spec line %d", ex.Key, ex.Line), ex.JSON, target)
			}
			requests := 0
			for _, ex := range specRequestExamples(t, raw) {
				typ, ok := requestBodyType(api.Name, ex.Op)
				if !ok {
					t.Errorf("%s, spec line %d: %s takes no JSON body", ex.Key, ex.Line, goName(api.Name, ex.Op))
					continue
				}
				requests++
				where := fmt.Sprintf("%s, spec line %d", ex.Key, ex.Line)
				target := reflect.New(typ)
				check(where, ex.JSON, target.Interface())
				// Every member of a documented request has a Go field: it
				// can be built from the generated types, without raw JSON.
				var extra []string
				undeclared(target, "", &extra)
				if len(extra) > 0 {
					sort.Strings(extra)
					t.Errorf("%s: %d members have no field in %v and could only be sent as raw JSON: %v", where, len(extra), typ, extra)
				}
			}
			t.Logf("%s: %d examples (%d 2xx responses, %d requests) with %d values: %d lossless, %d lose %d values, %d do not decode",
				api.Name, total, responses, requests, values, lossless, lossy, lostValues, failed)
		})
	}
}
