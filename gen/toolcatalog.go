package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// ToolCatalogFile is the file name of the tool catalog in each API's
// ToolCatalogDir.
const ToolCatalogFile = "operations.go"

// ToolCatalogDir is the directory, relative to the repository root, of the
// package that holds the API's operations as the MCP server (module mcp/)
// serves them, such as "mcp/internal/catalogb2bv1". It lies in another
// module than generated/: Verify builds it there.
func (a API) ToolCatalogDir() string { return "mcp/internal/catalog" + a.Package }

// toolCatalogImport is the package of the catalog's row type.
const toolCatalogImport = RuntimeImport + "/mcp/internal/catalog"

// toolOperation is what the catalog says of one operation that the spec
// alone decides: its input schema and the parts of the request, computed
// from the patched spec before the naming passes (PatchSpec's document).
type toolOperation struct {
	id, method, path, tag string
	summary, description  string
	auth                  string // "AuthPartner", "AuthPartnerUser" or "AuthNone"
	pathParams            []string
	queryParams           []string
	body                  string // "", "json" or "multipart"
	schema                []byte // the tool's input JSON Schema (2020-12)
	// dataList is set when the success body's data member is a list: a
	// method that returns the whole body (a JSON:API document with
	// included) returns a "document".
	dataList bool
}

// toolOperations computes the toolOperation of every operation of doc,
// keyed by "METHOD path".
func toolOperations(doc *openapi3.T) (map[string]toolOperation, error) {
	out := map[string]toolOperation{}
	var err error
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		if err != nil {
			return
		}
		var t toolOperation
		if t, err = toolOperationOf(doc, path, method, item, op); err != nil {
			err = fmt.Errorf("%s %s %s: %w", op.OperationID, strings.ToUpper(method), path, err)
			return
		}
		out[t.method+" "+path] = t
	})
	return out, err
}

func toolOperationOf(doc *openapi3.T, path, method string, item *openapi3.PathItem, op *openapi3.Operation) (toolOperation, error) {
	t := toolOperation{id: op.OperationID, method: strings.ToUpper(method), path: path, summary: sentence(op.Summary), description: firstParagraph(op.Description)}
	if strings.HasSuffix(t.description, ":") {
		// "The location account object has the following fields:" says
		// nothing without the list after it.
		t.description = ""
	}
	if len(op.Tags) > 0 {
		t.tag = op.Tags[0]
	}
	var err error
	if t.auth, err = securityAuth(doc, op); err != nil {
		return t, err
	}
	props := map[string]any{}
	var required []string
	// Path parameters in the order of the path: the order of the Go
	// method's arguments.
	params := map[string]*openapi3.Parameter{}
	var order []string
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			p := ref.Value
			key := p.In + " " + p.Name
			if _, ok := params[key]; !ok {
				order = append(order, key)
			}
			params[key] = p // the operation's own overrides the path item's
		}
	}
	for _, key := range order {
		p := params[key]
		switch p.In {
		case openapi3.ParameterInPath:
		case openapi3.ParameterInQuery:
			t.queryParams = append(t.queryParams, p.Name)
		case openapi3.ParameterInHeader:
			if IsTransportHeader(p.Name) {
				continue
			}
			return t, fmt.Errorf("header parameter %q: the MCP catalog passes no header parameters but Authorization, Accept and Content-Type", p.Name)
		default:
			return t, fmt.Errorf("parameter %q in %s: not supported by the MCP catalog", p.Name, p.In)
		}
		if _, dup := props[p.Name]; dup {
			// In the path and in the query (deprecated_get_client_list's
			// location_id): one member gives both.
			continue
		}
		s := jsonSchemaOf(p.Schema, 0, nil)
		if d := shortText(p.Description); d != "" {
			s["description"] = d
		}
		if p.Example != nil && exampleFits(p.Example, s["type"]) {
			s["examples"] = []any{p.Example}
		}
		props[p.Name] = s
		if p.Required || p.In == openapi3.ParameterInPath {
			required = append(required, p.Name)
		}
	}
	if _, resp := successResponse(op); resp != nil {
		if mt := resp.Content.Get("application/json"); mt != nil && mt.Schema != nil && mt.Schema.Value != nil {
			if d := mt.Schema.Value.Properties["data"]; d != nil && d.Value != nil && d.Value.Type.Is(openapi3.TypeArray) {
				t.dataList = true
			}
		}
	}
	t.pathParams = codegen.OrderedParamsFromUri(path)
	for _, name := range t.pathParams {
		if _, ok := params[openapi3.ParameterInPath+" "+name]; !ok {
			return t, fmt.Errorf("path parameter {%s} is not declared", name)
		}
	}
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		var s map[string]any
		switch {
		case rb.Value.Content.Get("application/json") != nil:
			t.body = "json"
			s = jsonSchemaOf(rb.Value.Content.Get("application/json").Schema, 0, nil)
		case rb.Value.Content.Get("multipart/form-data") != nil:
			t.body = "multipart"
			s = jsonSchemaOf(rb.Value.Content.Get("multipart/form-data").Schema, 0, nil)
		default:
			return t, fmt.Errorf("request body of media types %s: the MCP catalog takes JSON and multipart/form-data", strings.Join(sortedKeys(rb.Value.Content), ", "))
		}
		if _, dup := props["body"]; dup {
			return t, fmt.Errorf("a parameter is called %q, the name of the request body's member", "body")
		}
		if d := shortText(rb.Value.Description); d != "" {
			s["description"] = d
		} else {
			s["description"] = "The request body."
		}
		props["body"] = s
		if rb.Value.Required {
			required = append(required, "body")
		}
	}
	schema := map[string]any{"type": "object", "properties": props, "additionalProperties": false}
	if len(required) > 0 {
		slices.Sort(required)
		schema["required"] = slices.Compact(required)
	}
	if t.schema, err = json.Marshal(schema); err != nil {
		return t, fmt.Errorf("input schema: %w", err)
	}
	return t, nil
}

// jsonSchemaFormats are the formats JSON Schema 2020-12 defines that the
// catalog keeps; OpenAPI's own (int32, int64, float, double, binary…) say
// nothing an MCP client can check and are dropped.
var jsonSchemaFormats = []string{"date", "date-time", "time", "email", "uri", "uuid", "ipv4", "ipv6", "hostname"}

// maxSchemaDepth bounds how deep jsonSchemaOf inlines nested schemas; a
// deeper value is accepted as any JSON value.
const maxSchemaDepth = 8

// jsonSchemaOf converts an OpenAPI 3.1 schema into a self-contained JSON
// Schema 2020-12 object: references inlined (a recursive one, or one
// deeper than maxSchemaDepth, becomes {}), nullable as a "null" type,
// the example as examples, descriptions shortened, and what only OpenAPI
// reads (discriminator, xml, readOnly members, OpenAPI formats, patterns in
// a regex dialect of its own) left out.
func jsonSchemaOf(ref *openapi3.SchemaRef, depth int, stack []*openapi3.Schema) map[string]any {
	out := map[string]any{}
	if ref == nil || ref.Value == nil || depth > maxSchemaDepth || slices.Contains(stack, ref.Value) {
		return out
	}
	s := ref.Value
	stack = append(stack, s)
	sub := func(r *openapi3.SchemaRef) map[string]any { return jsonSchemaOf(r, depth+1, stack) }
	subs := func(rs openapi3.SchemaRefs) []any {
		var l []any
		for _, r := range rs {
			l = append(l, sub(r))
		}
		return l
	}
	if s.Type != nil && len(*s.Type) > 0 {
		types := slices.Clone([]string(*s.Type))
		if s.Nullable && !slices.Contains(types, "null") {
			types = append(types, "null")
		}
		if len(types) == 1 {
			out["type"] = types[0]
		} else {
			out["type"] = types
		}
	}
	if slices.Contains(jsonSchemaFormats, s.Format) {
		out["format"] = s.Format
	}
	if s.Format == "binary" {
		out["contentEncoding"] = "base64"
	}
	if d := shortText(s.Description); d != "" && depth <= 2 {
		out["description"] = d
	}
	if len(s.Enum) > 0 {
		enum := slices.Clone(s.Enum)
		if s.Nullable && !slices.Contains(enum, any(nil)) {
			enum = append(enum, nil)
		}
		out["enum"] = enum
	}
	if s.Const != nil {
		out["const"] = s.Const
	}
	if s.Default != nil && isScalar(s.Default) {
		out["default"] = s.Default
	}
	if s.Min != nil {
		out["minimum"] = *s.Min
	}
	if s.Max != nil {
		out["maximum"] = *s.Max
	}
	if s.Items != nil {
		out["items"] = sub(s.Items)
	}
	if len(s.Properties) > 0 {
		props := map[string]any{}
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name]
			if p != nil && p.Value != nil && p.Value.ReadOnly {
				continue
			}
			props[name] = sub(p)
		}
		out["properties"] = props
		var req []string
		for _, name := range s.Required {
			if _, ok := props[name]; ok {
				req = append(req, name)
			}
		}
		if len(req) > 0 {
			slices.Sort(req)
			out["required"] = slices.Compact(req)
		}
	}
	switch ap := s.AdditionalProperties; {
	case ap.Has != nil && !*ap.Has:
		out["additionalProperties"] = false
	case ap.Schema != nil:
		out["additionalProperties"] = sub(ap.Schema)
	}
	// oneOf becomes anyOf: without the patterns left out above, the
	// alternatives may overlap (create_event_appointment's client.phone is
	// oneOf "" or a string of 9 to 15 digits), and exactly-one would then
	// refuse every value.
	if alts := append(subs(s.OneOf), subs(s.AnyOf)...); len(alts) > 0 {
		out["anyOf"] = alts
	}
	if len(s.AllOf) > 0 {
		out["allOf"] = subs(s.AllOf)
	}
	return out
}

// exampleFits reports whether an example is a scalar of the JSON Schema
// type typ: the spec's examples are not always (a phone number written as
// a number, for a string parameter), and one that does not fit would
// mislead an agent.
func exampleFits(v any, typ any) bool {
	var want string
	switch v.(type) {
	case string:
		want = "string"
	case bool:
		want = "boolean"
	case float64, int, int64:
		want = "number"
	default:
		return false
	}
	fits := func(t string) bool { return t == want || (want == "number" && t == "integer") }
	switch t := typ.(type) {
	case string:
		return fits(t)
	case []string:
		return slices.ContainsFunc(t, fits)
	}
	return false
}

// isScalar reports whether v is a JSON string, number or boolean.
func isScalar(v any) bool {
	switch v.(type) {
	case string, float64, int, int64, bool:
		return true
	}
	return false
}

// maxShortText bounds a description in the catalog, in bytes.
const maxShortText = 240

// shortText is the first paragraph of s on one line, cut at a word before
// maxShortText bytes.
func shortText(s string) string {
	s = firstParagraph(s)
	if len(s) <= maxShortText {
		return s
	}
	cut := strings.LastIndexFunc(s[:maxShortText-1], unicode.IsSpace)
	if cut < maxShortText/2 {
		cut = maxShortText - 1
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
	}
	return strings.TrimRight(s[:cut], " ,.;:") + "…"
}

// firstParagraph is the first paragraph of prose of s (blank lines part
// paragraphs), on one line: Markdown headings are skipped, and so are
// paragraphs that are tables, lists or code, which say nothing cut to a
// line ("#### Filtering Appointments" before get_appointment_list's text).
func firstParagraph(s string) string {
	s = strings.TrimSpace(strings.ReplaceAll(s, "\r\n", "\n"))
	for _, para := range strings.Split(s, "\n\n") {
		lines := strings.Split(strings.TrimSpace(para), "\n")
		for len(lines) > 0 && strings.HasPrefix(strings.TrimSpace(lines[0]), "#") {
			lines = lines[1:]
		}
		if len(lines) == 0 {
			continue
		}
		first := strings.TrimSpace(lines[0])
		if first == "" || strings.HasPrefix(first, "|") || strings.HasPrefix(first, "- ") || strings.HasPrefix(first, "* ") || strings.HasPrefix(first, "```") {
			continue
		}
		return strings.Join(strings.Fields(strings.Join(lines, " ")), " ")
	}
	return ""
}

// toolName is the MCP tool name of the service method "Service.Method" of
// api: snake case, with the API's version first for any API but b2b-v1
// ("appointments_list", "v2_services_list").
func toolName(api API, goMethod string) string {
	svc, m, _ := strings.Cut(goMethod, ".")
	name := snake(svc) + "_" + snake(m)
	if api.Name != "b2b-v1" {
		name = strings.TrimPrefix(api.Package, "b2b") + "_" + name
	}
	return name
}

// snake turns a Go name into snake case: GetVisitReceiptPDF →
// get_visit_receipt_pdf.
func snake(s string) string {
	var b strings.Builder
	r := []rune(s)
	for i, c := range r {
		if unicode.IsUpper(c) {
			if i > 0 && (unicode.IsLower(r[i-1]) || unicode.IsDigit(r[i-1]) || (i+1 < len(r) && unicode.IsLower(r[i+1]) && unicode.IsUpper(r[i-1]))) {
				b.WriteByte('_')
			}
			c = unicode.ToLower(c)
		}
		b.WriteRune(c)
	}
	return b.String()
}

// BuildToolCatalog renders the tool catalog of api (ToolCatalogFile in
// ToolCatalogDir): a row per operation with its tool name, its service
// method in the generated client (from the inventory ops and the methods
// the generated files declare, as buildInventory resolves them), the parts
// of its request and its input schema (tools, from toolOperations).
func BuildToolCatalog(api API, h Header, ops []InventoryEntry, results map[string]string, tools map[string]toolOperation) ([]byte, error) {
	var b bytes.Buffer
	b.WriteString(h.String())
	pkg := "catalog" + api.Package
	fmt.Fprintf(&b, "\n// Package %s is the table of the %d operations of Altegio's %s API\n// that the MCP server serves: each one's tool, its method in the generated\n// client and its input schema.\n//\n// Do not edit it: regenerate it with go run ./cmd/regen.\npackage %s\n\n", pkg, len(ops), api.Name, pkg)
	fmt.Fprintf(&b, "import %q\n\n", toolCatalogImport)
	fmt.Fprintf(&b, "// Operations are the operations of %s, in path and method order.\nvar Operations = []catalog.Operation{\n", api.Name)
	names := map[string]string{}
	for _, op := range ops {
		t, ok := tools[op.Method+" "+op.Path]
		if !ok {
			return nil, fmt.Errorf("%s: tool catalog: %s %s (%s): no input schema", api.Name, op.Method, op.Path, op.OperationID)
		}
		result, ok := results[op.GoMethod]
		if !ok {
			return nil, fmt.Errorf("%s: tool catalog: %s %s (%s): no method %q in the generated files", api.Name, op.Method, op.Path, op.OperationID, op.GoMethod)
		}
		name := toolName(api, op.GoMethod)
		if other, dup := names[name]; dup {
			return nil, fmt.Errorf("%s: tool catalog: %s and %s would both be the tool %q", api.Name, other, op.OperationID, name)
		}
		names[name] = op.OperationID
		svc, method, _ := strings.Cut(op.GoMethod, ".")
		iterator := ""
		if _, ok := results[op.GoMethod+"All"]; ok {
			iterator = method + "All"
		}
		var w strings.Builder
		field := func(name string, v any) { writeRowField(&w, name, v) }
		w.WriteString("\t{\n")
		field("API", api.Name)
		field("ID", op.OperationID)
		field("Tool", name)
		field("Method", op.Method)
		field("Route", op.Path)
		field("Tag", t.tag)
		field("Summary", t.summary)
		field("Description", shortText(t.description))
		fmt.Fprintf(&w, "\t\tAuth: catalog.%s,\n", t.auth)
		field("Service", svc)
		field("GoMethod", method)
		field("Iterator", iterator)
		kind := resultKind(result)
		if kind == "object" && t.dataList {
			kind = "document"
		}
		field("Result", kind)
		field("PathParams", t.pathParams)
		field("QueryParams", t.queryParams)
		field("Body", t.body)
		if js := string(t.schema); canBackquote(js) {
			fmt.Fprintf(&w, "\t\tInputSchema: `%s`,\n", js)
		} else {
			field("InputSchema", js)
		}
		w.WriteString("\t},\n")
		b.WriteString(w.String())
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s: formatting %s: %w", api.Name, ToolCatalogFile, err)
	}
	return src, nil
}

// resultKind classifies the Go result type of a service method for the
// MCP server: "list" (a slice, of items an agent can project and cut),
// "bytes" (a body that is not JSON), "object" or "" (no result).
// BuildToolCatalog makes an object whose data member is a list (a JSON:API
// document with its included) a "document".
func resultKind(goType string) string {
	switch {
	case goType == "":
		return ""
	case goType == "[]byte":
		return "bytes"
	case strings.HasPrefix(goType, "[]"):
		return "list"
	}
	return "object"
}
