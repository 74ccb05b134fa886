package altegiomcp

import (
	"context"
	"encoding/json"
	"slices"
	"strings"
	"testing"

	gjsonschema "github.com/google/jsonschema-go/jsonschema"
	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio/altegiotest"
)

// checkSchemas requires every tool's input schema to be a JSON Schema
// 2020-12 of an object, by two validators: santhosh-tekuri/jsonschema,
// which checks it against the draft's meta-schema, and
// google/jsonschema-go, the one the Go MCP SDK's clients resolve schemas
// with.
func checkSchemas(t *testing.T, tools []*mcp.Tool) {
	t.Helper()
	for _, tl := range tools {
		raw, err := json.Marshal(tl.InputSchema)
		if err != nil {
			t.Fatalf("%s: %v", tl.Name, err)
		}
		if _, err := compileSchema(tl.Name, raw); err != nil {
			t.Errorf("%s: %v", tl.Name, err)
		}
		var g gjsonschema.Schema
		if err := json.Unmarshal(raw, &g); err != nil {
			t.Errorf("%s: google/jsonschema-go cannot read the schema: %v", tl.Name, err)
			continue
		}
		if _, err := g.Resolve(nil); err != nil {
			t.Errorf("%s: google/jsonschema-go cannot resolve the schema: %v", tl.Name, err)
		}
		if g.Type != "object" {
			t.Errorf("%s: input schema of type %q, want object", tl.Name, g.Type)
		}
		if tl.Description == "" || tl.Annotations == nil {
			t.Errorf("%s: no description or no annotations", tl.Name)
		}
	}
}

func listTools(t *testing.T, cs *mcp.ClientSession) []*mcp.Tool {
	t.Helper()
	var tools []*mcp.Tool
	for tl, err := range cs.Tools(context.Background(), nil) {
		if err != nil {
			t.Fatal(err)
		}
		tools = append(tools, tl)
	}
	return tools
}

func TestDefaultToolsFewAndValid(t *testing.T) {
	cs, _ := connect(t, Options{})
	init := cs.InitializeResult()
	if init == nil || init.ServerInfo.Name != "altegio-mcp" || !strings.Contains(init.Instructions, "read-only") {
		t.Fatalf("initialize: %+v", init)
	}
	tools := listTools(t, cs)
	if len(tools) > 40 || len(tools) < 10 {
		t.Fatalf("tools/list: %d tools, want between 10 and 40: %v", len(tools), toolNames(tools))
	}
	names := toolNames(tools)
	for _, want := range []string{SearchTool, DescribeTool, CallTool, "appointments_list", "clients_list", "team_members_list", "services_list", "schedules_get_appointment_calendar_sessions", "analytics_get_day_end_report_data"} {
		if !slices.Contains(names, want) {
			t.Errorf("tools/list lacks %s: %v", want, names)
		}
	}
	for _, tl := range tools {
		if tl.Name != CallTool && !tl.Annotations.ReadOnlyHint {
			t.Errorf("%s: listed on a read-only server without readOnlyHint", tl.Name)
		}
	}
	checkSchemas(t, tools)
}

func TestAllToolsListsEveryOperation(t *testing.T) {
	ops := operationsForTest(t)
	cs, _ := connect(t, Options{AllTools: true, AllowWrites: true})
	tools := listTools(t, cs)
	if len(tools) != len(ops) {
		t.Fatalf("--tools=all --allow-writes: %d tools, want %d", len(tools), len(ops))
	}
	checkSchemas(t, tools)
	byName := map[string]*mcp.Tool{}
	for _, tl := range tools {
		byName[tl.Name] = tl
	}
	for _, op := range ops {
		tl := byName[op.Tool]
		if tl == nil {
			t.Errorf("%s: no tool %s", op.ID, op.Tool)
			continue
		}
		a := tl.Annotations
		switch op.Method {
		case "GET":
			if !a.ReadOnlyHint || !a.IdempotentHint {
				t.Errorf("%s (GET): annotations %+v, want readOnly and idempotent", op.Tool, a)
			}
		case "DELETE":
			if a.ReadOnlyHint || a.DestructiveHint == nil || !*a.DestructiveHint || !a.IdempotentHint {
				t.Errorf("%s (DELETE): annotations %+v, want destructive and idempotent", op.Tool, a)
			}
		case "POST":
			if op.readOnly != a.ReadOnlyHint || a.IdempotentHint != op.readOnly {
				t.Errorf("%s (POST): annotations %+v, read-only %v", op.Tool, a, op.readOnly)
			}
		}
	}

	// Read-only: only what reads is listed.
	ro, _ := connect(t, Options{AllTools: true})
	n := 0
	for _, op := range ops {
		if op.readOnly {
			n++
		}
	}
	if got := len(listTools(t, ro)); got != n || n == 0 || n == len(ops) {
		t.Fatalf("--tools=all, read-only: %d tools, want the %d that read (of %d)", got, n, len(ops))
	}

	// Tags narrow.
	tagged, _ := connect(t, Options{AllTools: true, Tags: []string{"appointments"}})
	for _, tl := range listTools(t, tagged) {
		op, _ := allOperationsByTool(t)[tl.Name]
		if op == nil || op.Tag != "Appointments" {
			t.Errorf("--tags appointments lists %s", tl.Name)
		}
	}
	if _, err := New(Options{Tags: []string{"Nope"}}); err == nil || !strings.Contains(err.Error(), `"Nope"`) {
		t.Fatalf("unknown tag: %v", err)
	}
}

func allOperationsByTool(t *testing.T) map[string]*operation {
	m := map[string]*operation{}
	for _, op := range operationsForTest(t) {
		m[op.Tool] = op
	}
	return m
}

// TestEveryOperationThroughCallTool runs each of the 302 operations
// through call_operation against the fake, which checks each request as
// Altegio would (Authorization scheme, Accept, required parameters and
// body members) and answers with the spec's example: every result must
// be a success whose data parses as JSON, and every operation must have
// reached the fake.
func TestEveryOperationThroughCallTool(t *testing.T) {
	ops := operationsForTest(t)
	cs, fake := connect(t, Options{AllowWrites: true})
	for _, op := range ops {
		args := sampleArgs(op)
		res := callTool(t, cs, CallTool, map[string]any{"operation": op.Tool, "arguments": args})
		out := texts(res)
		if res.IsError || len(out) == 0 {
			t.Errorf("%s (%s %s) with %s: error %v", op.ID, op.Method, op.Route, mustJSON(t, args), out)
			continue
		}
		if op.Result != "bytes" && op.Result != "" && !json.Valid([]byte(out[0])) {
			t.Errorf("%s: the result is not JSON: %.200s", op.ID, out[0])
		}
		if len(fake.RequestsTo(op.API+" "+op.ID)) == 0 {
			t.Errorf("%s: the fake got no request", op.ID)
		}
		for _, s := range out {
			noTokens(t, op.ID, s)
		}
	}
}

func TestReadOnlyRefusesWrites(t *testing.T) {
	cs, fake := connect(t, Options{})
	ops := allOperationsByTool(t)
	create := ops["clients_create"]
	if create == nil || create.Method != "POST" || create.readOnly {
		t.Fatalf("clients_create: %+v", create)
	}
	res := callTool(t, cs, CallTool, map[string]any{"operation": "clients_create", "arguments": sampleArgs(create)})
	if !res.IsError || !strings.Contains(texts(res)[0], "read-only") || !strings.Contains(texts(res)[0], "--allow-writes") {
		t.Fatalf("a write on a read-only server: %v %v", res.IsError, texts(res))
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("a refused write sent %d requests", n)
	}
	// A POST that only reads runs.
	search := ops["clients_list"]
	res = callTool(t, cs, "clients_list", sampleArgs(search))
	if res.IsError {
		t.Fatalf("clients_list (a POST search) on a read-only server: %v", texts(res))
	}
	// With the flag, the write runs.
	w, wfake := connect(t, Options{AllowWrites: true})
	res = callTool(t, w, CallTool, map[string]any{"operation": "create_client", "arguments": sampleArgs(create)})
	if res.IsError || len(wfake.RequestsTo("create_client")) != 1 {
		t.Fatalf("a write with AllowWrites: %v", texts(res))
	}
}

func TestBadArgumentsNameTheMemberAndSendNothing(t *testing.T) {
	cs, fake := connect(t, Options{})
	for _, c := range []struct {
		tool string
		args any
		want string
	}{
		{"appointments_list", map[string]any{"location_id": "one"}, "argument location_id:"},
		{"appointments_list", map[string]any{}, "location_id"},
		{"appointments_list", map[string]any{"location_id": 1, "nope": 2}, "nope"},
		{"appointments_list", map[string]any{"location_id": 1, "limit": 0}, "argument limit:"},
		{CallTool, map[string]any{"operation": "get_appointment_list", "arguments": map[string]any{"location_id": true}}, "argument location_id:"},
		{CallTool, map[string]any{"operation": "no_such_operation"}, "No operation"},
		{CallTool, map[string]any{"operation": "create_event"}, "in both APIs"},
		{CallTool, map[string]any{}, "operation"},
		{DescribeTool, map[string]any{"operation": 5}, "argument operation:"},
	} {
		res := callTool(t, cs, c.tool, c.args)
		out := strings.Join(texts(res), " ")
		if !res.IsError || !strings.Contains(out, c.want) || strings.Contains(out, "\n") {
			t.Errorf("%s %s: %v %q, want one line with %q", c.tool, mustJSON(t, c.args), res.IsError, out, c.want)
		}
	}
	if n := len(fake.Requests()); n != 0 {
		t.Fatalf("bad arguments sent %d requests", n)
	}
}

func TestAltegioErrorIsToolError(t *testing.T) {
	cs, fake := connect(t, Options{})
	fake.On("get_appointment_list", altegiotest.Forbidden())
	res := callTool(t, cs, "appointments_list", map[string]any{"location_id": 1})
	out := strings.Join(texts(res), " ")
	if !res.IsError || !strings.Contains(out, "403") || !strings.Contains(out, "Not enough rights") || !strings.Contains(out, "/records/{location_id}") {
		t.Fatalf("403: %v %q", res.IsError, out)
	}
	noTokens(t, "the error", out)
}

func TestSearchAndDescribe(t *testing.T) {
	cs, _ := connect(t, Options{})
	res := callTool(t, cs, SearchTool, map[string]any{"query": "client visits"})
	var found []searchMatch
	if res.IsError || json.Unmarshal([]byte(texts(res)[0]), &found) != nil || len(found) == 0 {
		t.Fatalf("search: %v", texts(res))
	}
	if found[0].OperationID != "search_client_visits" || !found[0].ReadOnly || !found[0].Allowed {
		t.Errorf("search \"client visits\": first match %+v", found[0])
	}
	res = callTool(t, cs, SearchTool, map[string]any{"query": "delete", "tag": "Clients", "limit": 1})
	if json.Unmarshal([]byte(texts(res)[0]), &found) != nil || len(found) != 1 || found[0].ReadOnly || found[0].Allowed {
		t.Fatalf("search for a write on a read-only server: %v", texts(res))
	}
	res = callTool(t, cs, SearchTool, map[string]any{"tag": "Appointments", "limit": 3})
	if err := json.Unmarshal([]byte(texts(res)[0]), &found); err != nil || len(found) != 3 || len(texts(res)) != 2 {
		t.Fatalf("search by tag, limit 3: %v", texts(res))
	}

	res = callTool(t, cs, DescribeTool, map[string]any{"operation": "appointments_list"})
	var d description
	if res.IsError || json.Unmarshal([]byte(texts(res)[0]), &d) != nil {
		t.Fatalf("describe: %v", texts(res))
	}
	if d.OperationID != "get_appointment_list" || d.Method != "GET" || d.Route != "/records/{location_id}" || !d.ReadOnly || !d.Allowed || !d.Pages {
		t.Fatalf("describe appointments_list: %+v", d)
	}
	if _, err := compileSchema("described", d.InputSchema); err != nil || !strings.Contains(string(d.InputSchema), `"pages"`) {
		t.Fatalf("described schema: %v %s", err, d.InputSchema)
	}
	res = callTool(t, cs, DescribeTool, map[string]any{"operation": "delete_client"})
	if err := json.Unmarshal([]byte(texts(res)[0]), &d); err != nil || d.Allowed || d.ReadOnly {
		t.Fatalf("describe delete_client on a read-only server: %+v", d)
	}
}

// appointments returns n appointments with IDs 1..n and a client each.
func appointments(n int) []map[string]any {
	out := make([]map[string]any, n)
	for i := range out {
		out[i] = map[string]any{"id": i + 1, "comment": strings.Repeat("x", 40), "client": map[string]any{"id": 100 + i, "name": "Ann", "phone": "+15550100"}, "undeclared_member": i}
	}
	return out
}

func TestListsFieldsLimitPagesAndBudget(t *testing.T) {
	cs, fake := connect(t, Options{Budget: 300})
	fake.On("get_appointment_list", altegiotest.Pages(appointments(25)).WithPageSize(10))

	// One page by default, projected to fields, undeclared members kept.
	res := callTool(t, cs, "appointments_list", map[string]any{"location_id": 1, "fields": []string{"id", "client.name", "undeclared_member"}})
	var items []map[string]any
	if res.IsError || json.Unmarshal([]byte(texts(res)[0]), &items) != nil {
		t.Fatalf("page 1: %v", texts(res))
	}
	if len(items) != 10 || len(fake.RequestsTo("get_appointment_list")) != 1 {
		t.Fatalf("page 1: %d items, %d requests", len(items), len(fake.RequestsTo("get_appointment_list")))
	}
	if got := mustJSON(t, items[0]); got != `{"client":{"name":"Ann"},"id":1,"undeclared_member":0}` {
		t.Fatalf("projected item: %s", got)
	}

	// Pages followed up to the bound, and limit.
	res = callTool(t, cs, "appointments_list", map[string]any{"location_id": 1, "fields": []string{"id"}, "pages": 2})
	if json.Unmarshal([]byte(texts(res)[0]), &items) != nil || len(items) != 20 {
		t.Fatalf("pages 2: %v", texts(res))
	}
	if n := len(fake.RequestsTo("get_appointment_list")); n != 3 {
		t.Fatalf("pages 2 sent %d requests in all, want 3 (the bound refuses a third page)", n)
	}
	if len(texts(res)) != 2 || !strings.Contains(texts(res)[1], "More items may exist") {
		t.Fatalf("pages 2: note %v", texts(res)[1:])
	}
	// A retried page is the same page: a 503 on page 2 does not spend
	// the bound.
	fake.On("get_appointment_list", altegiotest.Pages(appointments(25)).WithPageSize(10), altegiotest.Error(503, "busy"), altegiotest.Pages(appointments(25)).WithPageSize(10))
	before := len(fake.RequestsTo("get_appointment_list"))
	res = callTool(t, cs, "appointments_list", map[string]any{"location_id": 1, "fields": []string{"id"}, "pages": 2})
	if json.Unmarshal([]byte(texts(res)[0]), &items) != nil || len(items) != 20 || len(fake.RequestsTo("get_appointment_list"))-before != 3 {
		t.Fatalf("pages 2 with a retried page: %d items, %d requests: %v", len(items), len(fake.RequestsTo("get_appointment_list"))-before, texts(res))
	}
	fake.On("get_appointment_list", altegiotest.Pages(appointments(25)).WithPageSize(10))
	res = callTool(t, cs, "appointments_list", map[string]any{"location_id": 1, "fields": []string{"id"}, "pages": 10, "limit": 12})
	if json.Unmarshal([]byte(texts(res)[0]), &items) != nil || len(items) != 12 || items[11]["id"] != float64(12) {
		t.Fatalf("limit 12 over pages: %v", texts(res))
	}

	// The budget (300 tokens, 1,200 bytes) cuts whole items, with a note.
	res = callTool(t, cs, "appointments_list", map[string]any{"location_id": 1})
	if json.Unmarshal([]byte(texts(res)[0]), &items) != nil || len(items) == 0 || len(items) >= 10 || len(texts(res)[0]) > 1200 {
		t.Fatalf("budget: %d items in %d bytes", len(items), len(texts(res)[0]))
	}
	if !strings.Contains(texts(res)[1], "budget") || !strings.Contains(texts(res)[1], "fields") {
		t.Fatalf("budget note: %v", texts(res)[1:])
	}
}

func TestObjectResultWithinBudget(t *testing.T) {
	cs, fake := connect(t, Options{Budget: 100})
	big := map[string]any{"id": 7, "name": "Ann", "comment": strings.Repeat("y", 300), "notes": strings.Repeat("z", 300)}
	fake.On("get_client", altegiotest.Data(big))
	res := callTool(t, cs, "clients_get", map[string]any{"location_id": 1, "id": 7})
	out := texts(res)
	var got map[string]any
	if res.IsError || len(out) != 2 || json.Unmarshal([]byte(out[0]), &got) != nil {
		t.Fatalf("big object: %v", out)
	}
	if _, ok := got["notes"]; ok || got["name"] != "Ann" || !strings.Contains(out[1], "notes") {
		t.Fatalf("big object cut: %v", out)
	}
	res = callTool(t, cs, "clients_get", map[string]any{"location_id": 1, "id": 7, "fields": []string{"notes"}})
	if len(texts(res)) != 1 || !strings.Contains(texts(res)[0], "zzzz") {
		t.Fatalf("fields [comment]: %v", texts(res))
	}
}

// TestCatalogMatchesClient checks, for every operation, that the
// generated method takes the catalog's arguments and that every query
// parameter is a member of its params struct.
func TestCatalogMatchesClient(t *testing.T) {
	c := newClients("http://127.0.0.1:1", nil)
	for _, op := range operationsForTest(t) {
		svc, err := c.service(op.API, op.Service)
		if err != nil {
			t.Errorf("%s: %v", op.ID, err)
			continue
		}
		for _, name := range []string{op.GoMethod, op.Iterator} {
			if name == "" {
				continue
			}
			m := svc.MethodByName(name)
			if !m.IsValid() {
				t.Errorf("%s: no method %s.%s", op.ID, op.Service, name)
				continue
			}
			args := map[string]json.RawMessage{}
			for _, q := range op.QueryParams {
				args[q] = json.RawMessage(`null`)
			}
			in, err := methodArgs(context.Background(), m.Type(), op, args)
			if err != nil {
				t.Errorf("%s: %v", op.ID, err)
				continue
			}
			// The params struct holds every query parameter, by its
			// JSON name.
			if len(op.QueryParams) == 0 {
				continue
			}
			pt := in[1+len(op.PathParams)].Type()
			tags := map[string]bool{}
			for i := range pt.NumField() {
				name, _, _ := strings.Cut(pt.Field(i).Tag.Get("json"), ",")
				tags[name] = true
			}
			for _, q := range op.QueryParams {
				if !tags[q] {
					t.Errorf("%s: %s has no member %q", op.ID, pt, q)
				}
			}
		}
	}
}

// TestWritesKeepTheSDKRules: an allowed write goes through the generated
// client's runtime, which does not repeat a POST after a 503, while a GET
// is retried.
func TestWritesKeepTheSDKRules(t *testing.T) {
	cs, fake := connect(t, Options{AllowWrites: true}, altegiotest.AllowBadRequests())
	fake.On("create_client", altegiotest.Error(503, "busy"), altegiotest.Example())
	create := allOperationsByTool(t)["clients_create"]
	res := callTool(t, cs, CallTool, map[string]any{"operation": "clients_create", "arguments": sampleArgs(create)})
	if !res.IsError || !strings.Contains(texts(res)[0], "503") || len(fake.RequestsTo("create_client")) != 1 {
		t.Fatalf("POST after a 503: %v, %d requests, want a tool error after one", texts(res), len(fake.RequestsTo("create_client")))
	}
	fake.On("get_client", altegiotest.Error(503, "busy"), altegiotest.Example())
	res = callTool(t, cs, "clients_get", map[string]any{"location_id": 1, "id": 2})
	if res.IsError || len(fake.RequestsTo("get_client")) != 2 {
		t.Fatalf("GET after a 503: %v, %d requests, want a retried success", texts(res), len(fake.RequestsTo("get_client")))
	}
}

func TestSearchFindsCuratedPurposes(t *testing.T) {
	cs, _ := connect(t, Options{})
	res := callTool(t, cs, SearchTool, map[string]any{"query": "free slots"})
	var found []searchMatch
	if json.Unmarshal([]byte(texts(res)[0]), &found) != nil || len(found) == 0 || found[0].OperationID != "get_appointment_calendar_sessions" {
		t.Fatalf("search \"free slots\": %v", texts(res))
	}
}

// TestDocumentLists: a JSON:API document's data takes fields and limit,
// its included and meta stay, and the budget drops the largest other
// member before it cuts the data.
func TestDocumentLists(t *testing.T) {
	cs, fake := connect(t, Options{Budget: 150})
	var data []map[string]any
	for i := 1; i <= 6; i++ {
		data = append(data, map[string]any{"id": i, "type": "team_member", "attributes": map[string]any{"name": "Ann", "bio": strings.Repeat("b", 40)}})
	}
	doc := map[string]any{"data": data, "included": []any{map[string]any{"id": 9, "type": "position"}}, "meta": map[string]any{"count": 6}}
	fake.On("list_team_members", altegiotest.JSON(200, doc))

	res := callTool(t, cs, CallTool, map[string]any{"operation": "v2_team_members_list", "arguments": map[string]any{"location_id": 1, "limit": 2, "fields": []string{"id", "attributes.name"}}})
	var got map[string]json.RawMessage
	if res.IsError || json.Unmarshal([]byte(texts(res)[0]), &got) != nil {
		t.Fatalf("document: %v", texts(res))
	}
	if string(got["data"]) != `[{"attributes":{"name":"Ann"},"id":"1"},{"attributes":{"name":"Ann"},"id":"2"}]` || got["included"] == nil || string(got["meta"]) != `{"count":6}` {
		t.Fatalf("document with limit and fields: %s", texts(res)[0])
	}

	// Over the budget (600 bytes): the included list, the largest other
	// member, goes first, then items.
	doc["included"] = []any{map[string]any{"id": 9, "type": "position", "attributes": map[string]any{"notes": strings.Repeat("i", 400)}}}
	fake.On("list_team_members", altegiotest.JSON(200, doc))
	res = callTool(t, cs, CallTool, map[string]any{"operation": "v2_team_members_list", "arguments": map[string]any{"location_id": 1}})
	out := texts(res)
	got = nil
	if res.IsError || len(out) != 2 || json.Unmarshal([]byte(out[0]), &got) != nil || len(out[0]) > 600 {
		t.Fatalf("document over the budget: %v", out)
	}
	var items []json.RawMessage
	if got["included"] != nil || json.Unmarshal(got["data"], &items) != nil || len(items) == 0 || len(items) == 6 || !strings.Contains(out[1], "included") || !strings.Contains(out[1], "budget") {
		t.Fatalf("document over the budget: %v", out)
	}
}

// TestClientSearchAsksForFields: body.fields reaches Altegio as its
// clients search's "fields", so that one call returns what an agent
// needs rather than IDs to look up one by one.
func TestClientSearchAsksForFields(t *testing.T) {
	cs, fake := connect(t, Options{})
	res := callTool(t, cs, "clients_list", map[string]any{"location_id": 1, "body": map[string]any{"fields": []string{"id", "name", "phone"}, "page_size": 5}})
	if res.IsError {
		t.Fatalf("clients_list: %v", texts(res))
	}
	got := fake.RequestsTo("get_client_list")
	if len(got) != 1 || !strings.Contains(string(got[0].Body), `"fields":["id","name","phone"]`) {
		t.Fatalf("the search's body: %+v", got)
	}
}
