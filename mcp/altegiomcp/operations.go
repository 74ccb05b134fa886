package altegiomcp

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"sort"
	"strings"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/mcp"
	"github.com/santhosh-tekuri/jsonschema/v6"
	"golang.org/x/text/language"
	"golang.org/x/text/message"

	"github.com/altegio-go/altegio/mcp/internal/catalog"
	"github.com/altegio-go/altegio/mcp/internal/catalogb2bv1"
	"github.com/altegio-go/altegio/mcp/internal/catalogb2bv2"
)

// operation is one operation of the catalog, with what the server adds:
// whether it only reads, the control members of its input, and its
// compiled input schema.
type operation struct {
	catalog.Operation
	readOnly bool
	// controls are the members the server adds to the spec's input:
	// "fields", "limit" and "pages", those the operation takes.
	controls []string
	schema   map[string]any // the input schema, controls included

	compileOnce sync.Once
	compiled    *jsonschema.Schema
	compileErr  error
}

// readOnlyPOSTs are the operations sent with POST that only read: the
// server treats them as GETs (listed and allowed without --allow-writes).
// Each says why.
var readOnlyPOSTs = map[string]string{
	// POST /company/{location_id}/clients/search: the spec's summary is
	// "Get client list", its body holds filters and paging only.
	"get_client_list": "a search: the body holds filters and paging",
	// POST /company/{location_id}/clients/visits/search: summary "Search
	// client visits", a filter body.
	"search_client_visits": "a search: the body holds filters and paging",
	// POST /delivery/status: summary "Get message delivery statuses", the
	// body lists message IDs.
	"get_message_status_list": "a lookup: the body lists message IDs",
}

// allOperations are the operations of both APIs, built once.
var allOperations = sync.OnceValues(func() ([]*operation, error) {
	var ops []*operation
	for _, table := range [][]catalog.Operation{catalogb2bv1.Operations, catalogb2bv2.Operations} {
		for _, c := range table {
			op, err := newOperation(c)
			if err != nil {
				return nil, err
			}
			ops = append(ops, op)
		}
	}
	return ops, nil
})

func newOperation(c catalog.Operation) (*operation, error) {
	op := &operation{Operation: c}
	_, readPOST := readOnlyPOSTs[c.ID]
	op.readOnly = c.Method == "GET" || (c.Method == "POST" && readPOST)
	var schema map[string]any
	if err := json.Unmarshal([]byte(c.InputSchema), &schema); err != nil {
		return nil, fmt.Errorf("altegiomcp: catalog: %s: input schema: %w", c.ID, err)
	}
	props, _ := schema["properties"].(map[string]any)
	if props == nil {
		props = map[string]any{}
		schema["properties"] = props
	}
	add := func(name string, s map[string]any) {
		if _, taken := props[name]; !taken {
			props[name] = s
			op.controls = append(op.controls, name)
		}
	}
	switch c.Result {
	case "list", "object":
		add("fields", map[string]any{
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "Members to keep in the result (of each item of a list), such as [\"id\", \"client.name\"]; all when absent.",
		})
	case "document":
		add("fields", map[string]any{
			"type":        "array",
			"items":       map[string]any{"type": "string"},
			"description": "Members to keep in each item of the document's data, such as [\"id\", \"attributes.title\"]; all when absent. Its other members (included, meta) are kept.",
		})
	}
	if c.Result == "list" || c.Result == "document" {
		add("limit", map[string]any{
			"type":        "integer",
			"minimum":     1,
			"description": "At most this many items in the result.",
		})
		if c.Iterator != "" {
			add("pages", map[string]any{
				"type":        "integer",
				"minimum":     1,
				"maximum":     maxPages,
				"description": fmt.Sprintf("Pages to read, following pagination from the page asked for (default 1, at most %d).", maxPages),
			})
		}
	}
	op.schema = schema
	return op, nil
}

// inputSchema is the tool's input schema, as JSON.
func (op *operation) inputSchema() json.RawMessage {
	b, _ := json.Marshal(op.schema)
	return b
}

// compile compiles the input schema (once) with a JSON Schema 2020-12
// validator, which checks it against the draft's meta-schema.
func (op *operation) compile() (*jsonschema.Schema, error) {
	op.compileOnce.Do(func() {
		op.compiled, op.compileErr = compileSchema(op.Tool, op.inputSchema())
	})
	return op.compiled, op.compileErr
}

// compileSchema compiles a JSON Schema 2020-12 document called name.
func compileSchema(name string, schema []byte) (*jsonschema.Schema, error) {
	doc, err := jsonschema.UnmarshalJSON(bytes.NewReader(schema))
	if err != nil {
		return nil, fmt.Errorf("input schema of %s: %w", name, err)
	}
	c := jsonschema.NewCompiler()
	c.DefaultDraft(jsonschema.Draft2020)
	url := "urn:altegio-mcp:" + name
	if err := c.AddResource(url, doc); err != nil {
		return nil, fmt.Errorf("input schema of %s: %w", name, err)
	}
	s, err := c.Compile(url)
	if err != nil {
		return nil, fmt.Errorf("input schema of %s: %s", name, oneLine(err.Error()))
	}
	return s, nil
}

// validate checks args (a JSON object) against the operation's input
// schema and returns one line naming the first member in error.
func (op *operation) validate(args json.RawMessage) error {
	s, err := op.compile()
	if err != nil {
		return err
	}
	return validateAgainst(s, args)
}

// validateAgainst checks args against s: an error names the member.
func validateAgainst(s *jsonschema.Schema, args json.RawMessage) error {
	if len(bytes.TrimSpace(args)) == 0 {
		args = json.RawMessage("{}")
	}
	inst, err := jsonschema.UnmarshalJSON(bytes.NewReader(args))
	if err != nil {
		return fmt.Errorf("the arguments are not JSON: %s", oneLine(err.Error()))
	}
	err = s.Validate(inst)
	var ve *jsonschema.ValidationError
	if !errors.As(err, &ve) {
		return err
	}
	return errors.New(firstProblem(ve))
}

// firstProblem describes the deepest first cause of a validation error,
// naming the member by its JSON pointer ("body.client.phone").
func firstProblem(ve *jsonschema.ValidationError) string {
	for len(ve.Causes) > 0 {
		ve = ve.Causes[0]
	}
	where := "the arguments"
	if len(ve.InstanceLocation) > 0 {
		where = "argument " + strings.Join(ve.InstanceLocation, ".")
	}
	msg := ve.ErrorKind.LocalizedString(printer)
	return where + ": " + oneLine(msg)
}

// printer renders validation messages.
var printer = message.NewPrinter(language.English)

// oneLine joins the lines of s.
func oneLine(s string) string { return strings.Join(strings.Fields(s), " ") }

// annotations are the tool's hints, from its HTTP method: GET (and the
// read-only POSTs) read; DELETE and PUT may destroy and can be repeated;
// PATCH may destroy; POST adds. Every tool reaches Altegio, an open world.
func (op *operation) annotations() *mcp.ToolAnnotations {
	yes, no := true, false
	a := &mcp.ToolAnnotations{Title: strings.TrimSuffix(op.Summary, "."), OpenWorldHint: &yes}
	switch {
	case op.readOnly:
		a.ReadOnlyHint, a.IdempotentHint = true, true
	case op.Method == "DELETE" || op.Method == "PUT":
		a.DestructiveHint, a.IdempotentHint = &yes, true
	case op.Method == "PATCH":
		a.DestructiveHint = &yes
	default:
		a.DestructiveHint = &no
	}
	return a
}

// description is the tool's description: the spec's summary and first
// paragraph, the request line, and the credentials it needs.
func (op *operation) description() string {
	var b strings.Builder
	if p := purposes[op.ID]; p != "" {
		b.WriteString(p + " ")
	}
	b.WriteString(op.Summary)
	if op.Description != "" && op.Description != op.Summary {
		b.WriteString(" ")
		b.WriteString(op.Description)
	}
	fmt.Fprintf(&b, " (%s %s %s, operationId %s", op.API, op.Method, op.Route, op.ID)
	if op.Auth == catalog.AuthPartnerUser {
		b.WriteString("; needs a user token")
	}
	b.WriteString(")")
	return strings.TrimSpace(b.String())
}

// tool is the MCP tool of the operation.
func (op *operation) tool() *mcp.Tool {
	return &mcp.Tool{
		Name:        op.Tool,
		Description: op.description(),
		InputSchema: op.inputSchema(),
		Annotations: op.annotations(),
	}
}

// operationSet is the operations a server serves (those of its tags), by
// tool name and by operationId.
type operationSet struct {
	list   []*operation
	byName map[string]*operation   // by tool name
	byID   map[string][]*operation // by operationId: some are in both APIs
}

func newOperationSet(all []*operation, tags []string) (*operationSet, error) {
	s := &operationSet{byName: map[string]*operation{}, byID: map[string][]*operation{}}
	known := map[string]bool{}
	for _, op := range all {
		known[strings.ToLower(op.Tag)] = true
	}
	var unknown []string
	for _, t := range tags {
		if !known[strings.ToLower(t)] {
			unknown = append(unknown, t)
		}
	}
	if len(unknown) > 0 {
		names := make([]string, 0, len(known))
		for _, op := range all {
			if !slices.Contains(names, op.Tag) {
				names = append(names, op.Tag)
			}
		}
		sort.Strings(names)
		return nil, fmt.Errorf("altegiomcp: unknown tag %q (known: %s)", strings.Join(unknown, ", "), strings.Join(names, ", "))
	}
	for _, op := range all {
		if len(tags) > 0 && !slices.ContainsFunc(tags, func(t string) bool { return strings.EqualFold(t, op.Tag) }) {
			continue
		}
		s.list = append(s.list, op)
		s.byName[op.Tool] = op
		s.byID[op.ID] = append(s.byID[op.ID], op)
	}
	return s, nil
}

// lookup finds an operation by tool name or by operationId; an
// operationId of both APIs (create_event…) must be given as a tool name.
func (s *operationSet) lookup(name string) (*operation, error) {
	if op, ok := s.byName[name]; ok {
		return op, nil
	}
	switch ops := s.byID[name]; len(ops) {
	case 0:
		return nil, fmt.Errorf("no operation %q: find one with %s", name, SearchTool)
	case 1:
		return ops[0], nil
	default:
		var tools []string
		for _, op := range ops {
			tools = append(tools, fmt.Sprintf("%s (%s)", op.Tool, op.API))
		}
		return nil, fmt.Errorf("operation %q is in both APIs: name it by its tool, %s", name, strings.Join(tools, " or "))
	}
}
