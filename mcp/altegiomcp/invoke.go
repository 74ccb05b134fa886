package altegiomcp

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"reflect"
	"slices"
	"strings"
	"sync"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// clients are the generated clients of both APIs for one set of
// credentials. Every call of the server goes through them, and so through
// the SDK's runtime: its auth, rate limiter, retries, redirect refusal,
// body cap and lossless decoding.
type clients struct {
	v1 *b2bv1.API
	v2 *b2bv2.API
}

// newClients makes the clients of both APIs with opts, and a middleware
// that holds a call to its page bound (pageGuard). A root URL other than
// "" replaces Altegio's host: the APIs are at root/api/v1 and root/api/v2,
// as on api.alteg.io.
func newClients(root string, opts []altegio.Option) clients {
	opts = append(slices.Clip(opts), altegio.WithMiddleware(pageGuard))
	v1, v2 := opts, opts
	if root != "" {
		root = strings.TrimSuffix(root, "/")
		v1 = append(slices.Clip(opts), altegio.WithBaseURL(root+"/api/v1"))
		v2 = append(slices.Clip(opts), altegio.WithBaseURL(root+"/api/v2"))
	}
	return clients{v1: b2bv1.New(v1...), v2: b2bv2.New(v2...)}
}

// service returns the service field called name of the API's client.
func (c clients) service(api, name string) (reflect.Value, error) {
	var v reflect.Value
	switch api {
	case "b2b-v1":
		v = reflect.ValueOf(c.v1)
	case "b2b-v2":
		v = reflect.ValueOf(c.v2)
	default:
		return reflect.Value{}, fmt.Errorf("unknown API %q", api)
	}
	svc := v.Elem().FieldByName(name)
	if !svc.IsValid() || svc.IsNil() {
		return reflect.Value{}, fmt.Errorf("the %s client has no service %s", api, name)
	}
	return svc, nil
}

// pageBound counts the pages one call that follows pages asks for, by
// their distinct request URLs (a retried attempt asks for the same page
// again), and refuses a page past its bound without sending it.
type pageBound struct {
	max  int
	mu   sync.Mutex
	seen map[string]bool
}

// admit reports whether a request for u may be sent.
func (b *pageBound) admit(u string) bool {
	b.mu.Lock()
	defer b.mu.Unlock()
	if b.seen[u] {
		return true
	}
	if len(b.seen) >= b.max {
		return false
	}
	if b.seen == nil {
		b.seen = map[string]bool{}
	}
	b.seen[u] = true
	return true
}

type pageBoundKey struct{}

// errPageBound is the error of a request past a call's page bound.
var errPageBound = errors.New("altegiomcp: page bound reached")

// pageGuard is the clients' middleware: a request for a new page, whose
// context carries a pageBound already spent, fails with errPageBound
// before it is sent.
func pageGuard(next http.RoundTripper) http.RoundTripper {
	return roundTripFunc(func(r *http.Request) (*http.Response, error) {
		if b, ok := r.Context().Value(pageBoundKey{}).(*pageBound); ok && !b.admit(r.URL.String()) {
			return nil, errPageBound
		}
		return next.RoundTrip(r)
	})
}

type roundTripFunc func(*http.Request) (*http.Response, error)

func (f roundTripFunc) RoundTrip(r *http.Request) (*http.Response, error) { return f(r) }

// result is what an operation returned, as JSON.
type result struct {
	kind  string            // the catalog's Result
	items []json.RawMessage // a list's items
	value json.RawMessage   // an object
	bytes []byte            // a body that is not JSON
	// more is set when a list was cut: at limit, or at the page bound
	// with pages left.
	more bool
	// limit is the call's limit, which render applies to a document's
	// data (0: none).
	limit int
}

// invoke calls op through the generated client with args (the tool's
// arguments, already validated). A list is read from up to pages pages
// through the method's iterator, and up to limit items (0: no limit).
func invoke(ctx context.Context, c clients, op *operation, args map[string]json.RawMessage, pages, limit int) (*result, error) {
	svc, err := c.service(op.API, op.Service)
	if err != nil {
		return nil, err
	}
	res := &result{kind: op.Result, limit: limit}
	if pages > 1 && op.Iterator != "" {
		m := svc.MethodByName(op.Iterator)
		if !m.IsValid() {
			return nil, fmt.Errorf("the %s client has no method %s.%s", op.API, op.Service, op.Iterator)
		}
		in, err := methodArgs(ctx, m.Type(), op, args)
		if err != nil {
			return nil, err
		}
		bound := &pageBound{max: pages}
		in[0] = reflect.ValueOf(context.WithValue(ctx, pageBoundKey{}, bound))
		return res, iterate(m.Call(in)[0], res, limit)
	}
	m := svc.MethodByName(op.GoMethod)
	if !m.IsValid() {
		return nil, fmt.Errorf("the %s client has no method %s.%s", op.API, op.Service, op.GoMethod)
	}
	in, err := methodArgs(ctx, m.Type(), op, args)
	if err != nil {
		return nil, err
	}
	out := m.Call(in)
	if e := out[len(out)-1]; !e.IsNil() {
		return nil, e.Interface().(error)
	}
	if len(out) == 1 {
		return res, nil
	}
	v := out[0].Interface()
	if b, ok := v.([]byte); ok && op.Result == "bytes" {
		res.bytes = b
		return res, nil
	}
	raw, err := json.Marshal(v)
	if err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	if op.Result != "list" {
		res.value = raw
		return res, nil
	}
	if err := json.Unmarshal(raw, &res.items); err != nil {
		return nil, fmt.Errorf("encoding the result: %w", err)
	}
	if limit > 0 && len(res.items) > limit {
		res.items, res.more = res.items[:limit], true
	}
	return res, nil
}

// iterate ranges over seq, an iter.Seq2[T, error], into res.items: up to
// limit items, stopping quietly at the page bound.
func iterate(seq reflect.Value, res *result, limit int) error {
	var failed error
	yield := reflect.MakeFunc(seq.Type().In(0), func(a []reflect.Value) []reflect.Value {
		if e := a[1]; !e.IsNil() {
			err := e.Interface().(error)
			if errors.Is(err, errPageBound) {
				res.more = true
			} else {
				failed = err
			}
			return []reflect.Value{reflect.ValueOf(false)}
		}
		if limit > 0 && len(res.items) >= limit {
			res.more = true
			return []reflect.Value{reflect.ValueOf(false)}
		}
		raw, err := json.Marshal(a[0].Interface())
		if err != nil {
			failed = fmt.Errorf("encoding the result: %w", err)
			return []reflect.Value{reflect.ValueOf(false)}
		}
		res.items = append(res.items, raw)
		return []reflect.Value{reflect.ValueOf(true)}
	})
	seq.Call([]reflect.Value{yield})
	return failed
}

var (
	contextType = reflect.TypeFor[context.Context]()
	readerType  = reflect.TypeFor[io.Reader]()
	stringType  = reflect.TypeFor[string]()
)

// methodArgs builds the arguments of a generated method of type mt for
// op from the tool's arguments: ctx, the path parameters in path order,
// the params struct (from the query members), then the body: its Go type
// for JSON, or a content type and a reader for multipart/form-data. The
// method's variadic call options are left empty.
func methodArgs(ctx context.Context, mt reflect.Type, op *operation, args map[string]json.RawMessage) ([]reflect.Value, error) {
	n := mt.NumIn()
	if mt.IsVariadic() {
		n--
	}
	want := 1 + len(op.PathParams)
	switch op.Body {
	case "json":
		want++
	case "multipart":
		want += 2
	}
	hasParams := n == want+1
	if !hasParams && n != want || n == 0 || mt.In(0) != contextType {
		return nil, fmt.Errorf("%s: the catalog does not match the method %s.%s (%d arguments, catalog says %d)", op.ID, op.Service, op.GoMethod, n, want)
	}
	in := []reflect.Value{reflect.ValueOf(ctx)}
	i := 1
	for _, name := range op.PathParams {
		v := reflect.New(mt.In(i))
		if err := decodeArg(args[name], v.Interface()); err != nil {
			return nil, fmt.Errorf("argument %s: %w", name, err)
		}
		in = append(in, v.Elem())
		i++
	}
	if hasParams {
		q := map[string]json.RawMessage{}
		for _, name := range op.QueryParams {
			if raw, ok := args[name]; ok {
				q[name] = raw
			}
		}
		raw, _ := json.Marshal(q)
		v := reflect.New(mt.In(i))
		if err := json.Unmarshal(raw, v.Interface()); err != nil {
			return nil, fmt.Errorf("query arguments: %s", oneLine(err.Error()))
		}
		in = append(in, v.Elem())
		i++
	}
	switch op.Body {
	case "json":
		v := reflect.New(mt.In(i))
		if raw, ok := args["body"]; ok {
			if err := json.Unmarshal(raw, v.Interface()); err != nil {
				return nil, fmt.Errorf("argument body: %s", oneLine(err.Error()))
			}
		}
		in = append(in, v.Elem())
	case "multipart":
		if mt.In(i) != stringType || !readerType.AssignableTo(mt.In(i+1)) {
			return nil, fmt.Errorf("%s: the method %s.%s does not take a content type and a reader", op.ID, op.Service, op.GoMethod)
		}
		ct, body, err := multipartBody(args["body"], op.fileMembers())
		if err != nil {
			return nil, fmt.Errorf("argument body: %w", err)
		}
		in = append(in, reflect.ValueOf(ct), reflect.ValueOf(body).Convert(mt.In(i+1)))
	}
	return in, nil
}

// decodeArg decodes one argument; an absent one leaves v's zero value.
func decodeArg(raw json.RawMessage, v any) error {
	if raw == nil {
		return nil
	}
	if err := json.Unmarshal(raw, v); err != nil {
		return errors.New(oneLine(err.Error()))
	}
	return nil
}

// multipartBody encodes a JSON object as multipart/form-data: a member
// of files (the body's members whose schema says contentEncoding base64)
// is a file part of the decoded bytes, any other member a field with its
// text (a string as is, anything else as JSON).
func multipartBody(raw json.RawMessage, files []string) (string, io.Reader, error) {
	var members map[string]json.RawMessage
	if raw != nil {
		if err := json.Unmarshal(raw, &members); err != nil {
			return "", nil, errors.New(oneLine(err.Error()))
		}
	}
	var buf bytes.Buffer
	w := multipart.NewWriter(&buf)
	for _, name := range slices.Sorted(maps.Keys(members)) {
		var s string
		text := string(members[name])
		if json.Unmarshal(members[name], &s) == nil {
			text = s
			if slices.Contains(files, name) {
				b, err := base64.StdEncoding.DecodeString(s)
				if err != nil {
					return "", nil, fmt.Errorf("member %s is not base64: %s", name, oneLine(err.Error()))
				}
				fw, err := w.CreateFormFile(name, name)
				if err != nil {
					return "", nil, err
				}
				if _, err := fw.Write(b); err != nil {
					return "", nil, err
				}
				continue
			}
		}
		if err := w.WriteField(name, text); err != nil {
			return "", nil, err
		}
	}
	if err := w.Close(); err != nil {
		return "", nil, err
	}
	return w.FormDataContentType(), &buf, nil
}

// fileMembers are the members of the operation's body whose schema says
// contentEncoding base64: the files of a multipart body.
func (op *operation) fileMembers() []string {
	props, _ := op.schema["properties"].(map[string]any)
	body, _ := props["body"].(map[string]any)
	members, _ := body["properties"].(map[string]any)
	var files []string
	for name, s := range members {
		if m, ok := s.(map[string]any); ok && m["contentEncoding"] == "base64" {
			files = append(files, name)
		}
	}
	slices.Sort(files)
	return files
}
