package altegiotest

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"time"
)

// answer is a Response resolved for one call: what goes on the wire.
type answer struct {
	status      int
	header      http.Header
	contentType string
	body        []byte
	truncated   bool
	slow        time.Duration
	hangup      bool
}

// resolve turns r into the answer to req, a call of op.
func (s *Server) resolve(op *operation, req Request, r Response, depth int) (answer, error) {
	a := answer{status: op.Status, header: r.header, truncated: r.truncated, slow: r.slow}
	switch r.kind {
	case respExample:
		a.contentType, a.body = op.ContentType, []byte(op.Example)
	case respJSON:
		a.contentType, a.body = "application/json", r.body
	case respData:
		data, meta := r.data, r.meta
		if meta == nil {
			meta = defaultMeta(op, req, data)
		}
		if op.paged() && pageOf(op, req) > 1 && isJSONArray(data) {
			data = json.RawMessage("[]") // data was page 1
		}
		a.contentType, a.body = "application/json", envelope(op, data, meta)
	case respPages:
		if !op.paged() {
			return a, fmt.Errorf("Pages answers a paged list, and %s takes no page parameter", op.key())
		}
		data, meta := page(op, req, r.items, r.pageSize)
		if r.meta != nil {
			meta = r.meta
		}
		a.contentType, a.body = "application/json", envelope(op, data, meta)
	case respFunc:
		if depth > 8 {
			return a, fmt.Errorf("Func answers with Func, 8 deep")
		}
		s.fnMu.Lock()
		next := r.fn(req)
		s.fnMu.Unlock()
		if next.err != nil {
			return a, next.err
		}
		return s.resolve(op, req, next, depth+1)
	case respHangup:
		a.hangup = true
	}
	if r.status != 0 {
		a.status = r.status
	}
	if len(a.body) > 0 && (a.status == http.StatusNoContent || a.status == http.StatusNotModified) {
		// Such a status has no body: answer the body with 200.
		a.status = http.StatusOK
	}
	if len(a.body) == 0 {
		a.contentType = ""
	}
	return a, nil
}

// envelope wraps data and meta as op's example does: b2b-v1's {"success":
// true, "data", "meta"}, a JSON:API document's {"data", "meta"}, or data
// alone for an operation whose example has no envelope.
func envelope(op *operation, data, meta json.RawMessage) []byte {
	switch envelopeOf(op) {
	case envSuccess:
		return mustJSON(struct {
			Success bool            `json:"success"`
			Data    json.RawMessage `json:"data"`
			Meta    json.RawMessage `json:"meta"`
		}{true, data, meta})
	case envData:
		return mustJSON(struct {
			Data json.RawMessage `json:"data"`
			Meta json.RawMessage `json:"meta,omitempty"`
		}{data, meta})
	}
	return data
}

type envelopeKind int

const (
	envNone envelopeKind = iota
	envSuccess
	envData
)

// envelopeOf says which envelope op's example has; for an operation whose
// success answer has no body, its API's usual one.
func envelopeOf(op *operation) envelopeKind {
	var ex map[string]json.RawMessage
	if op.Example == "" || json.Unmarshal([]byte(op.Example), &ex) != nil {
		if op.Example == "" && op.api == "b2b-v1" {
			return envSuccess
		}
		if op.Example == "" {
			return envData
		}
		return envNone
	}
	_, data := ex["data"]
	_, success := ex["success"]
	switch {
	case data && success:
		return envSuccess
	case data:
		return envData
	}
	return envNone
}

// defaultMeta is the meta of a Data answer: for a paged list, that data
// is its only page; else [] on b2b-v1 and none on b2b-v2.
func defaultMeta(op *operation, req Request, data json.RawMessage) json.RawMessage {
	env := envelopeOf(op)
	if !op.paged() {
		if env == envSuccess {
			return json.RawMessage("[]")
		}
		return nil
	}
	var items []json.RawMessage
	json.Unmarshal(data, &items)
	n := len(items)
	if env == envSuccess {
		return mustJSON(map[string]int{"total_count": n})
	}
	p := pageOf(op, req)
	return mustJSON(map[string]any{"pagination": map[string]int{"page": p, "offset": (p - 1) * n, "limit": n}})
}

// isJSONArray reports whether b is a JSON array.
func isJSONArray(b json.RawMessage) bool {
	for _, c := range b {
		switch c {
		case ' ', '\t', '\n', '\r':
			continue
		}
		return c == '['
	}
	return false
}

// pageOf returns the page a request of a paged list asks for: its page
// parameter, 1 when absent or not a positive integer.
func pageOf(op *operation, req Request) int {
	p, err := strconv.Atoi(req.Query.Get(op.PageParam))
	if err != nil || p < 1 {
		return 1
	}
	return p
}

// mustJSON encodes v, which holds only values encoding/json takes,
// without escaping <, > and & (messages read better).
func mustJSON(v any) []byte {
	var b bytes.Buffer
	enc := json.NewEncoder(&b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(v); err != nil {
		panic(err)
	}
	return bytes.TrimSuffix(b.Bytes(), []byte("\n"))
}

// writeAnswer sends a, with its faults.
func writeAnswer(w http.ResponseWriter, r *http.Request, a answer) {
	if a.hangup {
		panic(http.ErrAbortHandler) // the server closes the connection
	}
	h := w.Header()
	for k, vs := range a.header {
		h[k] = vs
	}
	if a.contentType != "" && h.Get("Content-Type") == "" {
		h.Set("Content-Type", a.contentType)
	}
	h.Set("Content-Length", strconv.Itoa(len(a.body)))
	w.WriteHeader(a.status)
	if a.slow > 0 {
		http.NewResponseController(w).Flush()
		select {
		case <-time.After(a.slow):
		case <-r.Context().Done():
			return
		}
	}
	if a.truncated {
		w.Write(a.body[:len(a.body)/2])
		http.NewResponseController(w).Flush()
		panic(http.ErrAbortHandler) // the rest never comes
	}
	w.Write(a.body)
}
