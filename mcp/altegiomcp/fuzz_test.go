package altegiomcp

import (
	"context"
	"encoding/json"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
)

// FuzzCallArguments feeds arbitrary arguments to the call tool's
// handling of a paged GET, a JSON POST and the multipart upload: it must
// never panic, always answer, refuse what does not fit the schema without
// sending a request, and keep its errors on one line without a token.
func FuzzCallArguments(f *testing.F) {
	for _, seed := range []string{
		`{"location_id":1}`,
		`{"location_id":1,"fields":["id","client.name"],"limit":3,"pages":2}`,
		`{"location_id":"1"}`,
		`{"location_id":1e400}`,
		`{"location_id":-1,"start_date":"2026-12-06","count":1000000}`,
		`{"location_id":1,"body":{"name":"Ann","phone":"+15550100","extra":{"x":[1,2]}}}`,
		`{"entity":"client","body":{"image":"aGVsbG8="}}`,
		`{"entity":"client","body":{"image":"not base64!"}}`,
		`[]`, `null`, `{`, `""`, `{"body":null}`,
	} {
		f.Add(0, seed)
		f.Add(1, seed)
		f.Add(2, seed)
	}
	fake := altegiotest.NewServer(f, altegiotest.WithTokens(testPartner, testUser), altegiotest.AllowBadRequests())
	s, err := newServer(Options{AllowWrites: true, BaseURL: fake.URL, ClientOptions: []altegio.Option{altegio.WithTokens(testPartner, testUser), altegio.WithLimiter(nil), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1})}})
	if err != nil {
		f.Fatal(err)
	}
	var ops []*operation
	for _, name := range []string{"appointments_list", "clients_create", "utilities_upload_image"} {
		op, err := s.ops.lookup(name)
		if err != nil {
			f.Fatal(err)
		}
		ops = append(ops, op)
	}
	f.Fuzz(func(t *testing.T, which int, args string) {
		op := ops[(which%len(ops)+len(ops))%len(ops)]
		before := len(fake.Requests())
		invalid := op.validate([]byte(args)) != nil
		res := s.run(context.Background(), nil, op, []byte(args))
		if res == nil || len(res.Content) == 0 {
			t.Fatalf("%s %s: no result", op.Tool, args)
		}
		if invalid && (!res.IsError || len(fake.Requests()) != before) {
			t.Fatalf("%s %s: invalid arguments were not refused before sending", op.Tool, args)
		}
		for _, text := range texts(res) {
			noTokens(t, op.Tool, text)
			if res.IsError && strings.Contains(text, "\n") {
				t.Fatalf("%s %s: error on several lines: %q", op.Tool, args, text)
			}
		}
	})
}

// FuzzRender feeds arbitrary JSON results, fields, limits and budgets to
// the rendering of every kind of result: it never panics, and what it
// shows of valid JSON is valid JSON.
func FuzzRender(f *testing.F) {
	for _, seed := range []string{
		`[{"id":1,"client":{"name":"Ann","phone":"1"}},{"id":2}]`,
		`{"data":[{"id":"1","attributes":{"name":"Ann"}}],"included":[{"id":"9"}],"meta":{"count":1}}`,
		`{"id":7,"comment":"xxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxxx"}`,
		`[]`, `{}`, `null`, `"text"`, `[1,"a",null,{"a":[{"b":1}]}]`, `{"data":null}`, `{"data":[1,2,3]}`,
	} {
		f.Add(seed, "id,client.name", 2, 10)
		f.Add(seed, "", 0, 1)
	}
	op := &operation{}
	f.Fuzz(func(t *testing.T, raw, fields string, limit, budget int) {
		if !json.Valid([]byte(raw)) {
			return
		}
		if budget < 1 || budget > 1<<16 {
			budget = 1 + (budget&0x7fff)%4096
		}
		if limit < 0 {
			limit = -limit
		}
		var fl []string
		if fields != "" {
			fl = strings.Split(fields, ",")
		}
		var items []json.RawMessage
		cases := []*result{
			{kind: "object", value: json.RawMessage(raw)},
			{kind: "document", value: json.RawMessage(raw), limit: limit},
		}
		if json.Unmarshal([]byte(raw), &items) == nil && items != nil {
			cases = append(cases, &result{kind: "list", items: items})
		}
		for _, res := range cases {
			out := render(op, res, fl, budget)
			if out == nil || len(out.Content) == 0 {
				t.Fatalf("%s %q: no content", res.kind, raw)
			}
			text := texts(out)[0]
			if !json.Valid([]byte(text)) && !strings.HasPrefix(text, "The result is") {
				t.Fatalf("%s %q fields %v limit %d budget %d: not JSON: %s", res.kind, raw, fl, limit, budget, text)
			}
		}
	})
}
