package altegiotest

import (
	"encoding/json"
	"fmt"
	"math"
	"net/http"
	"reflect"
	"strconv"
	"time"
)

// A Response is what the server answers one call of an operation with
// (see [Server.On]). The zero Response is the operation's default: the
// spec's example, as [Example] returns it. Build others with [Data],
// [JSON], [Error] and the faults; a Response is a value, and its methods
// return changed copies.
type Response struct {
	status int // 0: the operation's success status
	header http.Header

	kind  responseKind
	body  []byte          // respJSON: the whole body
	data  json.RawMessage // respData: the data of the envelope
	meta  json.RawMessage // respData: its meta, or nil for the default
	items []json.RawMessage
	fn    func(Request) Response
	err   error // from building the Response, reported by On

	truncated bool
	slow      time.Duration
	pageSize  int // respPages: the size of a page when the request names none
}

type responseKind int

const (
	respExample responseKind = iota
	respJSON
	respData
	respPages
	respFunc
	respHangup
)

// Example answers with the operation's default: the spec's example of its
// success response, with its status (for an operation whose spec has no
// example, a body built from the schema; for one whose success answer has
// no body, none).
func Example() Response { return Response{} }

// Data answers with v, encoded with encoding/json (so a generated type's
// MarshalJSON keeps its ExtraFields), as the data of the operation's
// envelope, with its success status: {"success": true, "data": v, "meta":
// …} for an operation whose example has that envelope (b2b-v1), {"data":
// v} for a JSON:API document (b2b-v2), and v alone for an operation whose
// example is not enveloped. The meta is [] on b2b-v1, and for a paged list
// says that v is the only page (b2b-v1's total_count, b2b-v2's
// pagination); a later page of a paged list is empty, so that an iterator
// ends. [Response.WithMeta] sets another meta.
func Data(v any) Response {
	b, err := json.Marshal(v)
	if err != nil {
		err = fmt.Errorf("altegiotest.Data(%T): %w", v, err)
	}
	return Response{kind: respData, data: b, err: err}
}

// JSON answers with status and v, encoded with encoding/json, as the
// whole body (a json.RawMessage or []byte is sent as it is).
func JSON(status int, v any) Response {
	var b []byte
	var err error
	switch x := v.(type) {
	case []byte:
		b = x
	case json.RawMessage:
		b = x
	default:
		if b, err = json.Marshal(v); err != nil {
			err = fmt.Errorf("altegiotest.JSON(%d, %T): %w", status, v, err)
		}
	}
	return Response{kind: respJSON, status: status, body: b, err: err}
}

// Error answers with status and Altegio's error body, {"success": false,
// "data": null, "meta": {"message": message}}, as both APIs send it.
func Error(status int, message string) Response {
	return JSON(status, errorBody(message, nil))
}

// errorBody is Altegio's error envelope, with field errors if any.
func errorBody(message string, fields map[string][]string) any {
	type meta struct {
		Message string              `json:"message"`
		Errors  map[string][]string `json:"errors,omitempty"`
	}
	return struct {
		Success bool `json:"success"`
		Data    any  `json:"data"`
		Meta    meta `json:"meta"`
	}{false, nil, meta{message, fields}}
}

// RateLimited answers 429 Too Many Requests with a Retry-After of after,
// in whole seconds (rounded up), as Altegio does past its rate limit.
func RateLimited(after time.Duration) Response {
	secs := int(math.Ceil(after.Seconds()))
	return Error(http.StatusTooManyRequests, "Too many requests").WithHeader("Retry-After", strconv.Itoa(max(secs, 0)))
}

// Unauthorized answers 401, as Altegio does to a missing, wrong or
// revoked token.
func Unauthorized() Response {
	return Error(http.StatusUnauthorized, "Unauthorized")
}

// Forbidden answers Altegio's 403, "Not enough rights": the user may not
// do this at this location.
func Forbidden() Response {
	return Error(http.StatusForbidden, "Not enough rights")
}

// Hangup closes the connection without answering, as a server that
// crashed or a proxy that dropped the request would.
func Hangup() Response { return Response{kind: respHangup} }

// Func answers each call with the Response f returns for it; f runs on the
// server's goroutine, one call at a time for the whole server.
func Func(f func(Request) Response) Response { return Response{kind: respFunc, fn: f} }

// WithStatus returns r answering with status code instead.
func (r Response) WithStatus(code int) Response {
	r.status = code
	return r
}

// WithHeader returns r with the response header key set to value.
func (r Response) WithHeader(key, value string) Response {
	h := r.header.Clone()
	if h == nil {
		h = http.Header{}
	}
	h.Set(key, value)
	r.header = h
	return r
}

// WithMeta returns r, a [Data] or [Pages] answer, with the envelope's meta
// set to meta (encoded with encoding/json).
func (r Response) WithMeta(meta any) Response {
	b, err := json.Marshal(meta)
	if err != nil && r.err == nil {
		r.err = fmt.Errorf("altegiotest: WithMeta(%T): %w", meta, err)
	}
	if r.kind != respData && r.kind != respPages && r.err == nil {
		r.err = fmt.Errorf("altegiotest: WithMeta on an answer that is not Data or Pages")
	}
	r.meta = b
	return r
}

// Truncated returns r cut off mid-body: the server sends the status, the
// headers (with the whole body's Content-Length) and half the body, then
// resets the connection, as a connection lost mid-transfer does.
func (r Response) Truncated() Response {
	r.truncated = true
	return r
}

// Slow returns r with its body held back for d after the status and the
// headers have been sent, as a slow server or network would (the wait
// ends early when the client goes away).
func (r Response) Slow(d time.Duration) Response {
	r.slow = d
	return r
}

// WithPageSize returns r, a [Pages] answer, with pages of n items when the
// request names no page size, as Altegio's own default would.
func (r Response) WithPageSize(n int) Response {
	if (r.kind != respPages || n < 1) && r.err == nil {
		r.err = fmt.Errorf("altegiotest: WithPageSize(%d) on an answer that is not Pages, or not positive", n)
	}
	r.pageSize = n
	return r
}

// Pages answers a paged list (an operation with a page and a page size
// query parameter, such as get_appointment_list) page by page from items,
// a slice whose elements are encoded with encoding/json: the page and the
// page size the request asks for (page 1; and, when it names no size, the
// size of WithPageSize, else the spec's default, else 20), in the
// operation's envelope, with b2b-v1's
// meta.total_count or b2b-v2's meta.pagination. A page past the end is
// empty.
func Pages(items any) Response {
	v := reflect.ValueOf(items)
	if v.Kind() != reflect.Slice && v.Kind() != reflect.Array {
		return Response{kind: respPages, err: fmt.Errorf("altegiotest.Pages(%T): not a slice", items)}
	}
	out := make([]json.RawMessage, v.Len())
	for i := range out {
		b, err := json.Marshal(v.Index(i).Interface())
		if err != nil {
			return Response{kind: respPages, err: fmt.Errorf("altegiotest.Pages: item %d (%T): %w", i, v.Index(i).Interface(), err)}
		}
		out[i] = b
	}
	return Response{kind: respPages, items: out}
}
