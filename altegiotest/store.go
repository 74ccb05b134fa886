package altegiotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"strconv"
	"sync"
)

// Store makes the record a create operation makes readable by a read
// operation, both named as [Server.On] names them (Store("create_client",
// "get_client")): each create call answers with the spec's example record
// with the members of the request body laid over it and a new id (1, 2,
// …); a read call answers with the record whose id is the last path
// parameter of its route, or Altegio's 404. On b2b-v2, whose bodies are
// JSON:API documents, the request's attributes are laid over the example's
// and the id is a string. Store replaces the answers of both operations.
func (s *Server) Store(create, read string) {
	s.t.Helper()
	tab := loadTable()
	cop, err := tab.lookup(create)
	if err != nil {
		s.t.Fatal(err)
	}
	rop, err := tab.lookup(read)
	if err != nil {
		s.t.Fatal(err)
	}
	idParam := ""
	for _, seg := range rop.segments {
		if name, ok := paramName(seg); ok {
			idParam = name
		}
	}
	if idParam == "" {
		s.t.Fatalf("altegiotest: Store(%q, %q): %s has no path parameter to read a record by", create, read, rop.Route)
	}
	st := &store{jsonAPI: envelopeOf(cop) == envData, records: map[string]json.RawMessage{}}
	if err := st.setTemplate(cop.Example); err != nil {
		s.t.Fatalf("altegiotest: Store(%q, %q): %v", create, read, err)
	}
	s.On(create, Func(func(req Request) Response { return st.create(req) }))
	s.On(read, Func(func(req Request) Response { return st.read(req.Params[idParam]) }))
}

// store holds the records of a Store.
type store struct {
	jsonAPI  bool           // b2b-v2's resources: {"type", "id", "attributes"}
	template map[string]any // the example's record
	mu       sync.Mutex
	next     int
	records  map[string]json.RawMessage
}

// setTemplate takes the record of a create operation's example: its data,
// or the first item of a list.
func (st *store) setTemplate(example string) error {
	st.template = map[string]any{}
	if example == "" {
		return nil
	}
	var env struct {
		Data json.RawMessage `json:"data"`
	}
	if err := json.Unmarshal([]byte(example), &env); err != nil {
		return fmt.Errorf("the example is not JSON: %w", err)
	}
	var list []map[string]any
	if json.Unmarshal(env.Data, &list) == nil && len(list) > 0 {
		st.template = list[0]
	} else if json.Unmarshal(env.Data, &st.template) != nil || st.template == nil {
		st.template = map[string]any{}
	}
	return nil
}

// create makes a record of the request body.
func (st *store) create(req Request) Response {
	var body map[string]any
	if err := json.Unmarshal(req.Body, &body); err != nil {
		return Error(http.StatusUnprocessableEntity, "the request body is not a JSON object")
	}
	st.mu.Lock()
	defer st.mu.Unlock()
	st.next++
	id := strconv.Itoa(st.next)
	rec := clone(st.template)
	if st.jsonAPI {
		attrs, _ := rec["attributes"].(map[string]any)
		attrs = clone(attrs)
		if d, ok := body["data"].(map[string]any); ok {
			if a, ok := d["attributes"].(map[string]any); ok {
				body = a
			}
		}
		for k, v := range body {
			attrs[k] = v
		}
		rec["attributes"], rec["id"] = attrs, id
	} else {
		for k, v := range body {
			rec[k] = v
		}
		rec["id"] = st.next
	}
	b := mustJSON(rec)
	st.records[id] = b
	return Data(json.RawMessage(b))
}

// read answers with the record id, or a 404.
func (st *store) read(id string) Response {
	st.mu.Lock()
	defer st.mu.Unlock()
	rec, ok := st.records[id]
	if !ok {
		return Error(http.StatusNotFound, "Not found")
	}
	return Data(rec)
}

// clone copies a JSON object one level deep.
func clone(m map[string]any) map[string]any {
	out := make(map[string]any, len(m))
	for k, v := range m {
		out[k] = v
	}
	return out
}
