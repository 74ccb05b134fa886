// Package altegiomcp is an MCP (Model Context Protocol) server over
// Altegio's B2B APIs, generated from the same specs as the Go clients: its
// tools are the 302 operations of b2b-v1 and b2b-v2, as regen writes them
// to mcp/internal/catalogb2bv1 and catalogb2bv2.
//
// By default a server lists a few tools: a curated set for a salon's daily
// questions (appointments, free slots, clients, team members, services,
// schedules, a day's revenue), and search_operations, describe_operation
// and call_operation, which reach every operation. [Options.AllTools]
// lists one tool per operation instead.
//
// A server is read-only unless [Options.AllowWrites] is set: tools that
// change data are neither listed nor run. Every call goes through the
// generated client and its runtime (auth, rate limit, retries that never
// repeat a POST, redaction of tokens, lossless decoding), after its
// arguments are checked against the tool's input schema.
package altegiomcp

import (
	"cmp"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"maps"
	"net/http"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/mcp/internal/catalog"
)

// Version is the server's version, reported in initialize.
const Version = "0.1.0"

// DefaultBudget is the default size of a tool's result, in tokens (about
// four bytes of JSON each).
const DefaultBudget = 4000

// maxPages bounds the pages one call follows.
const maxPages = 10

// Names of the tools that reach every operation.
const (
	SearchTool   = "search_operations"
	DescribeTool = "describe_operation"
	CallTool     = "call_operation"
)

// curated are the operations listed by default, by operationId, each with
// the daily question of a salon's staff it answers, which starts its
// tool's description and is searched by search_operations.
var curated = []struct{ id, purpose string }{
	{"get_appointment_list", "Appointments of a location by day or dates, team member or client."},
	{"get_appointment", "One appointment."},
	{"get_appointment_calendar_sessions", "Free time slots of a team member on a day."},
	{"get_client_list", "Search clients by name, phone or other filters (a POST that only reads); it returns each client's id and name unless body.fields names more, such as [\"id\", \"name\", \"phone\", \"email\", \"visits_count\"]."},
	{"get_client", "One client."},
	{"get_team_member_list", "Team members (staff) of a location."},
	{"get_service_list", "Services of a location."},
	{"get_team_member_schedule", "A team member's work schedule over dates."},
	{"get_team_member_schedule_list", "Work schedules of a location's team."},
	{"get_day_end_report_data", "A day's revenue: the day-end (Z) report."},
	{"get_location_analytics_overall", "Revenue, visits and clients over a period."},
}

// purposes are the curated operations' purposes, by operationId.
var purposes = func() map[string]string {
	m := map[string]string{}
	for _, c := range curated {
		m[c.id] = c.purpose
	}
	return m
}()

// Options configures a server.
type Options struct {
	// ClientOptions configure the generated clients: the tokens
	// (altegio.WithTokens), and any other option (base URL, rate limiter,
	// logger, HTTP client).
	ClientOptions []altegio.Option
	// BaseURL, if not "", replaces Altegio's https://api.alteg.io: the
	// APIs are called at BaseURL/api/v1 and BaseURL/api/v2 (a proxy, or a
	// fake such as altegiotest's).
	BaseURL string
	// AllowWrites lets tools call operations that change data. Without it
	// the server is read-only.
	AllowWrites bool
	// AllTools lists one tool per operation instead of the curated set
	// and the search, describe and call tools.
	AllTools bool
	// Tags, if not empty, narrows the operations to these tags (as the
	// specs spell them, in any case).
	Tags []string
	// Budget is the size of a result, in tokens; 0 means DefaultBudget.
	Budget int
	// tokensFromHeaders makes each call read its tokens from the HTTP
	// request's headers (Handler).
	tokensFromHeaders bool
}

// server is the state the tool handlers share.
type server struct {
	opts    Options
	ops     *operationSet
	clients clients // for tokens from the options
}

// New returns an MCP server over both APIs, configured by opts.
func New(opts Options) (*mcp.Server, error) {
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	return s.mcpServer(), nil
}

func newServer(opts Options) (*server, error) {
	all, err := allOperations()
	if err != nil {
		return nil, err
	}
	ops, err := newOperationSet(all, opts.Tags)
	if err != nil {
		return nil, err
	}
	if opts.Budget <= 0 {
		opts.Budget = DefaultBudget
	}
	s := &server{opts: opts, ops: ops}
	if !opts.tokensFromHeaders {
		s.clients = newClients(opts.BaseURL, opts.ClientOptions)
	}
	return s, nil
}

func (s *server) mcpServer() *mcp.Server {
	mode := "read-only: tools that change data are refused"
	if s.opts.AllowWrites {
		mode = "writes allowed"
	}
	srv := mcp.NewServer(&mcp.Implementation{Name: "altegio-mcp", Title: "Altegio", Version: Version}, &mcp.ServerOptions{
		Instructions: "Altegio's B2B APIs (salons, clinics, studios: appointments, clients, team members, services, schedules, sales). " +
			"Find an operation with " + SearchTool + ", read its input with " + DescribeTool + ", run it with " + CallTool + " or its own tool. " +
			"Lists take fields (members to keep), limit and, where paged, pages. This server is " + mode + ".",
	})
	if s.opts.AllTools {
		for _, op := range s.ops.list {
			if op.readOnly || s.opts.AllowWrites {
				srv.AddTool(op.tool(), s.operationHandler(op))
			}
		}
		return srv
	}
	for _, c := range curated {
		if op, err := s.ops.lookup(c.id); err == nil && (op.readOnly || s.opts.AllowWrites) {
			srv.AddTool(op.tool(), s.operationHandler(op))
		}
	}
	srv.AddTool(searchTool(), s.search)
	srv.AddTool(describeTool(), s.describe)
	srv.AddTool(s.callTool(), s.call)
	return srv
}

// toolError is a tool's error result: the agent sees the text.
func toolError(format string, args ...any) *mcp.CallToolResult {
	return &mcp.CallToolResult{IsError: true, Content: []mcp.Content{&mcp.TextContent{Text: fmt.Sprintf(format, args...)}}}
}

// operationHandler runs op with the call's arguments.
func (s *server) operationHandler(op *operation) mcp.ToolHandler {
	return func(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
		return s.run(ctx, req, op, req.Params.Arguments), nil
	}
}

// run checks and runs op with args: refused when it writes and the
// server is read-only, or when args do not fit its input schema; the
// result rendered for the agent, or Altegio's error as a tool error.
func (s *server) run(ctx context.Context, req *mcp.CallToolRequest, op *operation, args json.RawMessage) *mcp.CallToolResult {
	if !op.readOnly && !s.opts.AllowWrites {
		return toolError("%s (%s %s) changes data, and this server is read-only: start it with --allow-writes to allow it.", op.Tool, op.Method, op.Route)
	}
	if err := op.validate(args); err != nil {
		return toolError("Invalid arguments for %s: %s.", op.Tool, strings.TrimSuffix(err.Error(), "."))
	}
	var members map[string]json.RawMessage
	if len(args) > 0 {
		if err := json.Unmarshal(args, &members); err != nil {
			return toolError("Invalid arguments for %s: %s.", op.Tool, oneLine(err.Error()))
		}
	}
	var fields []string
	limit, pages := 0, 1
	for _, c := range op.controls {
		raw, ok := members[c]
		if !ok {
			continue
		}
		delete(members, c)
		var err error
		switch c {
		case "fields":
			err = json.Unmarshal(raw, &fields)
		case "limit":
			err = json.Unmarshal(raw, &limit)
		case "pages":
			err = json.Unmarshal(raw, &pages)
		}
		if err != nil {
			return toolError("Invalid arguments for %s: argument %s: %s.", op.Tool, c, oneLine(err.Error()))
		}
	}
	c, err := s.clientsFor(req)
	if err != nil {
		return toolError("%s", err.Error())
	}
	res, err := invoke(ctx, c, op, members, pages, limit)
	if err != nil {
		return callError(op, err)
	}
	return render(op, res, fields, s.opts.Budget)
}

// callError is the tool error of a failed call: Altegio's status and
// message when it answered, else the runtime's error (which never holds
// a token).
func callError(op *operation, err error) *mcp.CallToolResult {
	var apiErr *altegio.APIError
	if errors.As(err, &apiErr) {
		msg := apiErr.Message
		if msg == "" {
			msg = apiErr.Body
		}
		text := fmt.Sprintf("Altegio answered %d %s to %s (%s %s)", apiErr.StatusCode, http.StatusText(apiErr.StatusCode), op.Tool, op.Method, op.Route)
		if msg != "" {
			text += ": " + msg
		}
		for _, field := range slices.Sorted(maps.Keys(apiErr.FieldErrors)) {
			text += fmt.Sprintf("; %s: %s", cmp.Or(field, "(no field)"), strings.Join(apiErr.FieldErrors[field], ", "))
		}
		return toolError("%s", text)
	}
	return toolError("%s failed: %s", op.Tool, err.Error())
}

// Header names of the tokens of a call over HTTP (Handler).
const (
	PartnerTokenHeader = "X-Altegio-Partner-Token"
	UserTokenHeader    = "X-Altegio-User-Token"
)

// clientsFor returns the clients of a call: those of the options, or,
// over HTTP, clients with the tokens of the request's headers.
func (s *server) clientsFor(req *mcp.CallToolRequest) (clients, error) {
	if !s.opts.tokensFromHeaders {
		return s.clients, nil
	}
	var h http.Header
	if req != nil && req.Extra != nil {
		h = req.Extra.Header
	}
	partner := h.Get(PartnerTokenHeader)
	if partner == "" {
		return clients{}, fmt.Errorf("no Altegio partner token: send it in the %s header", PartnerTokenHeader)
	}
	opts := append(slices.Clip(s.opts.ClientOptions), altegio.WithTokens(partner, h.Get(UserTokenHeader)))
	return newClients(s.opts.BaseURL, opts), nil
}

// searchInput is the input of search_operations.
type searchInput struct {
	Query string `json:"query"`
	Tag   string `json:"tag"`
	Limit int    `json:"limit"`
}

func searchTool() *mcp.Tool {
	return &mcp.Tool{
		Name:        SearchTool,
		Description: "Find Altegio operations by words (of their name, summary, path or tag), by tag, or both. Returns each match's tool, operationId, method, path and summary, whether it only reads, and whether this server lets it run.",
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"query":{"type":"string","description":"Words to look for, such as \"client visits\" or \"/records\"."},` +
			`"tag":{"type":"string","description":"Only operations of this tag, such as \"Appointments\"."},` +
			`"limit":{"type":"integer","minimum":1,"maximum":100,"description":"At most this many matches (default 20)."}},` +
			`"additionalProperties":false}`),
		Annotations: &mcp.ToolAnnotations{Title: "Search operations", ReadOnlyHint: true, IdempotentHint: true},
	}
}

// searchMatch is one operation search_operations found.
type searchMatch struct {
	Tool        string `json:"tool"`
	OperationID string `json:"operationId"`
	API         string `json:"api"`
	Method      string `json:"method"`
	Route       string `json:"path"`
	Tag         string `json:"tag"`
	Summary     string `json:"summary"`
	ReadOnly    bool   `json:"readOnly"`
	// Allowed is false for an operation that writes on a read-only
	// server: search finds every operation, but not every one runs.
	Allowed bool `json:"allowed"`
}

var searchSchema = fixedSchema(SearchTool, searchTool().InputSchema.(json.RawMessage))

func (s *server) search(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var in searchInput
	if r := checkInput(SearchTool, searchSchema, req.Params.Arguments, &in); r != nil {
		return r, nil
	}
	if in.Limit == 0 {
		in.Limit = 20
	}
	words := strings.Fields(strings.ToLower(in.Query))
	type scored struct {
		op    *operation
		score int
	}
	var found []scored
	for _, op := range s.ops.list {
		if in.Tag != "" && !strings.EqualFold(in.Tag, op.Tag) {
			continue
		}
		hay := strings.ToLower(strings.Join([]string{op.Tool, op.ID, strings.ReplaceAll(op.ID, "_", " "), op.Route, op.Tag, op.Summary, op.Description, purposes[op.ID]}, " "))
		score := 0
		for _, w := range words {
			if !strings.Contains(hay, w) {
				score = -1
				break
			}
			score += strings.Count(hay, w)
			if strings.Contains(strings.ToLower(op.Summary), w) {
				score += 2
			}
		}
		if score >= 0 {
			found = append(found, scored{op, score})
		}
	}
	sort.SliceStable(found, func(i, j int) bool { return found[i].score > found[j].score })
	out := []searchMatch{}
	for _, f := range found {
		if len(out) == in.Limit {
			break
		}
		op := f.op
		out = append(out, searchMatch{Tool: op.Tool, OperationID: op.ID, API: op.API, Method: op.Method, Route: op.Route, Tag: op.Tag, Summary: op.Summary, ReadOnly: op.readOnly, Allowed: op.readOnly || s.opts.AllowWrites})
	}
	b, _ := json.Marshal(out)
	r := &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(b)}}}
	if len(found) > len(out) {
		r.Content = append(r.Content, &mcp.TextContent{Text: fmt.Sprintf("%d more operations match: narrow the query or the tag, or raise limit.", len(found)-len(out))})
	}
	return r, nil
}

// operationInput is the input of describe_operation.
type operationInput struct {
	Operation string `json:"operation"`
}

func describeTool() *mcp.Tool {
	return &mcp.Tool{
		Name:        DescribeTool,
		Description: "Describe one Altegio operation, by tool name or operationId: what it does, its request line, the credentials it needs, whether this server lets it run, and the JSON Schema of its arguments for " + CallTool + ".",
		InputSchema: json.RawMessage(`{"type":"object","properties":{"operation":{"type":"string","description":"A tool name or operationId from ` + SearchTool + `, such as \"get_appointment_list\"."}},"required":["operation"],"additionalProperties":false}`),
		Annotations: &mcp.ToolAnnotations{Title: "Describe an operation", ReadOnlyHint: true, IdempotentHint: true},
	}
}

var describeSchema = fixedSchema(DescribeTool, describeTool().InputSchema.(json.RawMessage))

// description is what describe_operation returns.
type description struct {
	Tool        string          `json:"tool"`
	OperationID string          `json:"operationId"`
	API         string          `json:"api"`
	Method      string          `json:"method"`
	Route       string          `json:"path"`
	Tag         string          `json:"tag"`
	Summary     string          `json:"summary"`
	Description string          `json:"description,omitempty"`
	Auth        string          `json:"auth"`
	ReadOnly    bool            `json:"readOnly"`
	Allowed     bool            `json:"allowed"`
	Pages       bool            `json:"paged"`
	InputSchema json.RawMessage `json:"inputSchema"`
}

func (s *server) describe(_ context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var in operationInput
	if r := checkInput(DescribeTool, describeSchema, req.Params.Arguments, &in); r != nil {
		return r, nil
	}
	op, fail := s.operationNamed(in.Operation)
	if fail != nil {
		return fail, nil
	}
	d := description{
		Tool: op.Tool, OperationID: op.ID, API: op.API, Method: op.Method, Route: op.Route, Tag: op.Tag,
		Summary: op.Summary, Description: op.Description, Auth: authText(op.Auth),
		ReadOnly: op.readOnly, Allowed: op.readOnly || s.opts.AllowWrites, Pages: op.Iterator != "",
		InputSchema: op.inputSchema(),
	}
	b, _ := json.Marshal(d)
	return &mcp.CallToolResult{Content: []mcp.Content{&mcp.TextContent{Text: string(b)}}}, nil
}

func authText(a catalog.Auth) string {
	switch a {
	case catalog.AuthPartnerUser:
		return "partner and user tokens"
	case catalog.AuthPartner:
		return "partner token"
	}
	return "none"
}

// callInput is the input of call_operation.
type callInput struct {
	Operation string          `json:"operation"`
	Arguments json.RawMessage `json:"arguments"`
}

func (s *server) callTool() *mcp.Tool {
	yes := true
	a := &mcp.ToolAnnotations{Title: "Call an operation", OpenWorldHint: &yes}
	what := "Only operations that read run: this server is read-only."
	if s.opts.AllowWrites {
		a.DestructiveHint = &yes
		what = "Operations that change data run too: this server allows writes."
	} else {
		a.ReadOnlyHint = true
	}
	return &mcp.Tool{
		Name:        CallTool,
		Description: "Run any Altegio operation by tool name or operationId, with arguments that fit its input schema (see " + DescribeTool + "). Returns the response's data, cut to a size budget with a note. " + what,
		InputSchema: json.RawMessage(`{"type":"object","properties":{` +
			`"operation":{"type":"string","description":"A tool name or operationId, such as \"get_appointment_list\"."},` +
			`"arguments":{"type":"object","description":"The operation's arguments: path and query parameters by name, the request body as body, and fields, limit and pages for lists."}},` +
			`"required":["operation"],"additionalProperties":false}`),
		Annotations: a,
	}
}

var callSchema = fixedSchema(CallTool, (&server{}).callTool().InputSchema.(json.RawMessage))

func (s *server) call(ctx context.Context, req *mcp.CallToolRequest) (*mcp.CallToolResult, error) {
	var in callInput
	if r := checkInput(CallTool, callSchema, req.Params.Arguments, &in); r != nil {
		return r, nil
	}
	op, fail := s.operationNamed(in.Operation)
	if fail != nil {
		return fail, nil
	}
	return s.run(ctx, req, op, in.Arguments), nil
}

// fixedSchema compiles a schema of the server's own tools once, on first
// use.
func fixedSchema(name string, schema []byte) func() (*jsonschema.Schema, error) {
	return sync.OnceValues(func() (*jsonschema.Schema, error) { return compileSchema(name, schema) })
}

// checkInput validates args against schema and decodes them into dst; it
// returns the tool error to answer when they do not fit.
func checkInput(name string, schema func() (*jsonschema.Schema, error), args json.RawMessage, dst any) *mcp.CallToolResult {
	s, err := schema()
	if err != nil {
		return toolError("%s", err.Error())
	}
	if err := validateAgainst(s, args); err != nil {
		return toolError("Invalid arguments for %s: %s.", name, strings.TrimSuffix(err.Error(), "."))
	}
	if len(args) > 0 {
		if err := json.Unmarshal(args, dst); err != nil {
			return toolError("Invalid arguments for %s: %s.", name, oneLine(err.Error()))
		}
	}
	return nil
}

// operationNamed finds the operation a describe or call input names, or
// returns the tool error that says it is unknown or ambiguous.
func (s *server) operationNamed(name string) (*operation, *mcp.CallToolResult) {
	op, err := s.ops.lookup(name)
	if err != nil {
		return nil, toolError("%s.", upperFirst(err.Error()))
	}
	return op, nil
}

// upperFirst starts s with a capital letter.
func upperFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToUpper(s[:1]) + s[1:]
}
