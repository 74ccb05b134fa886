package gen

import (
	"bytes"
	"encoding/json"
	"fmt"
	"go/format"
	"slices"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// FakeFile is the file name of the operation table in each API's FakeDir.
const FakeFile = "operations.go"

// FakeDir is the directory, relative to the module root, of the operation
// table package altegiotest serves the API from, such as
// "altegiotest/internal/fakeb2bv1".
func (a API) FakeDir() string { return "altegiotest/internal/fake" + a.Package }

// optableImport is the package of the table's type.
const optableImport = RuntimeImport + "/altegiotest/internal/optable"

// FakeAnswer is the answer package altegiotest gives an operation unless a
// test says otherwise: the lowest success status of the spec with the
// spec's example of that response (or, when it has none, a body built from
// its schema).
type FakeAnswer struct {
	Status      int
	ContentType string // "" when the response has no body
	Body        []byte
	// Source is "example" (the response's example), "schema example" (its
	// schema's), "schema" (built from the schema), "envelope" (Altegio's
	// envelope with data null, for a JSON response with neither) or ""
	// (no body).
	Source string
}

// fakeAnswers returns the answer of each operation of doc, keyed by
// "METHOD path". doc is the spec completed from its examples, before the
// transforms, so that a body built from a schema fits the schema as
// published (with the overlay); root is the same spec as YAML, where the
// examples are read as the spec writes them.
func fakeAnswers(doc *openapi3.T, root *yaml.Node) (map[string]FakeAnswer, error) {
	out := map[string]FakeAnswer{}
	var err error
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if err != nil {
			return
		}
		var a FakeAnswer
		if a, err = fakeAnswer(root, path, method, op); err != nil {
			err = fmt.Errorf("%s %s %s: %w", op.OperationID, strings.ToUpper(method), path, err)
			return
		}
		out[strings.ToUpper(method)+" "+path] = a
	})
	return out, err
}

func fakeAnswer(root *yaml.Node, path, method string, op *openapi3.Operation) (FakeAnswer, error) {
	status, resp := successResponse(op)
	if status == 0 {
		return FakeAnswer{}, fmt.Errorf("no 2xx response")
	}
	a := FakeAnswer{Status: status}
	if resp == nil || len(resp.Content) == 0 || !bodyAllowed(status) {
		// A 204 carries no body, even where the spec declares one.
		return a, nil
	}
	a.ContentType = answerMediaType(resp.Content)
	respPtr := "paths/" + escapePointer(path) + "/" + strings.ToLower(method) + "/responses/" + strconv.Itoa(status)
	mt := nodeAt(resolveNode(root, nodeAt(root, respPtr)), "content/"+escapePointer(a.ContentType))
	if n := exampleNode(root, mt); n != nil {
		a.Source = "example"
		return a, a.setBody(n)
	}
	if !isJSONMediaType(a.ContentType) {
		return a, fmt.Errorf("%s response: no example of %s", strconv.Itoa(status), a.ContentType)
	}
	if schema := resolveNode(root, nodeAt(mt, "schema")); schema != nil {
		if n := nodeAt(schema, "example"); n != nil {
			a.Source = "schema example"
			return a, a.setBody(n)
		}
		if n := nodeAt(schema, "examples/0"); n != nil && nodeAt(schema, "examples").Kind == yaml.SequenceNode {
			a.Source = "schema example"
			return a, a.setBody(n)
		}
	}
	schema := resp.Content[a.ContentType].Schema
	if schema == nil {
		// Neither a schema nor an example: Altegio's envelope, with data
		// of unknown content (as transform schemaless-json-responses
		// types it).
		a.Source = "envelope"
		a.Body = []byte(`{"success":true,"data":null,"meta":[]}`)
		return a, nil
	}
	a.Source = "schema"
	var err error
	a.Body, err = json.Marshal(sampleSchema(schema))
	return a, err
}

// bodyAllowed reports whether a response of status may carry a body.
func bodyAllowed(status int) bool {
	return status != 204 && status != 205 && status != 304
}

// setBody sets a's body to the example n: JSON as the spec writes it, or
// the string of a non-JSON media type.
func (a *FakeAnswer) setBody(n *yaml.Node) error {
	if !isJSONMediaType(a.ContentType) {
		if n.Kind != yaml.ScalarNode {
			return fmt.Errorf("the %s example is not a string (line %d)", a.ContentType, n.Line)
		}
		a.Body = []byte(n.Value)
		return nil
	}
	var err error
	a.Body, err = exampleJSON(n)
	return err
}

// exampleNode returns a media type's own example: its example, or the
// value of the first of its examples.
func exampleNode(root, mt *yaml.Node) *yaml.Node {
	if n := nodeAt(mt, "example"); n != nil {
		return n
	}
	if exs := nodeAt(mt, "examples"); exs != nil && exs.Kind == yaml.MappingNode && len(exs.Content) >= 2 {
		return nodeAt(resolveNode(root, exs.Content[1]), "value")
	}
	return nil
}

// successResponse returns the lowest 2xx status of op and its response.
func successResponse(op *openapi3.Operation) (int, *openapi3.Response) {
	if op.Responses == nil {
		return 0, nil
	}
	for _, code := range sortedKeys(op.Responses.Map()) {
		n, err := strconv.Atoi(code)
		if err != nil || n < 200 || n > 299 {
			continue
		}
		r := op.Responses.Value(code)
		if r == nil {
			return n, nil
		}
		return n, r.Value
	}
	return 0, nil
}

// answerMediaType returns the media type an answer is built from: the
// first JSON one, else the first.
func answerMediaType(c openapi3.Content) string {
	types := sortedKeys(c)
	for _, t := range types {
		if isJSONMediaType(t) {
			return t
		}
	}
	return types[0]
}

// BuildFakeTable renders the operation table of the patched spec p as the
// Go source of package altegiotest/internal/fake<pkg>: for each operation,
// what a request must carry (the Authorization and Accept the generated
// client sends, the required parameters and body members) and the answer
// of FakeAnswers.
func BuildFakeTable(api API, h Header, p *Patched) ([]byte, error) {
	if p.Answers == nil {
		return nil, fmt.Errorf("%s: the spec was patched without its fake answers", api.Name)
	}
	paged := map[string]Pageable{}
	for _, pg := range PageableOperations(p.Doc) {
		paged[pg.OperationID] = pg
	}
	var b bytes.Buffer
	b.WriteString(h.String())
	pkg := "fake" + api.Package
	n := countOperations(p)
	fmt.Fprintf(&b, "\n// Package %s is the table of the %d operations of Altegio's %s API that\n// package altegiotest serves: what each request must carry and the spec's\n// answer.\n//\n// Do not edit it: regenerate it with go run ./cmd/regen.\npackage %s\n\n", pkg, n, api.Name, pkg)
	fmt.Fprintf(&b, "import %q\n\n", optableImport)
	fmt.Fprintf(&b, "// Operations are the operations of %s, in path and method order.\nvar Operations = []optable.Operation{\n", api.Name)
	var err error
	forEachOperation(p.Doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		if err != nil {
			return
		}
		var row string
		if row, err = fakeRow(p, path, method, item, op, paged[op.OperationID]); err != nil {
			err = fmt.Errorf("%s: %s %s %s: %w", api.Name, op.OperationID, strings.ToUpper(method), path, err)
			return
		}
		b.WriteString(row)
	})
	if err != nil {
		return nil, err
	}
	b.WriteString("}\n")
	src, err := format.Source(b.Bytes())
	if err != nil {
		return nil, fmt.Errorf("%s: formatting %s: %w", api.Name, FakeFile, err)
	}
	return src, nil
}

// fakeRow renders one operation of the table.
func fakeRow(p *Patched, path, method string, item *openapi3.PathItem, op *openapi3.Operation, pg Pageable) (string, error) {
	method = strings.ToUpper(method)
	ans, ok := p.Answers[method+" "+path]
	if !ok {
		return "", fmt.Errorf("no answer")
	}
	auth, err := securityAuth(p.Doc, op)
	if err != nil {
		return "", err
	}
	var ints, query, header []string
	defaultSize := 0
	for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
		for _, ref := range list {
			if ref == nil || ref.Value == nil {
				continue
			}
			prm := ref.Value
			switch {
			case prm.In == openapi3.ParameterInPath && prm.Schema != nil && prm.Schema.Value != nil && prm.Schema.Value.Type.Is(openapi3.TypeInteger):
				ints = append(ints, prm.Name)
			case prm.In == openapi3.ParameterInQuery && prm.Required && !slices.Contains(query, prm.Name):
				query = append(query, prm.Name)
			case prm.In == openapi3.ParameterInHeader && prm.Required && !IsTransportHeader(prm.Name) && !slices.Contains(header, prm.Name):
				header = append(header, prm.Name)
			}
			if prm.In == openapi3.ParameterInQuery && prm.Name == pg.SizeParam && prm.Schema != nil && prm.Schema.Value != nil {
				if d, ok := prm.Schema.Value.Default.(float64); ok {
					defaultSize = int(d)
				}
			}
		}
	}
	var w strings.Builder
	field := func(name string, v any) { writeRowField(&w, name, v) }
	w.WriteString("\t{\n")
	field("ID", op.OperationID)
	field("Method", method)
	field("Route", path)
	fmt.Fprintf(&w, "\t\tAuth: optable.%s,\n", auth)
	field("Accept", fakeAccept(op))
	field("IntParams", ints)
	field("Query", query)
	field("Header", header)
	if rb := op.RequestBody; rb != nil && rb.Value != nil {
		field("Body", rb.Value.Required)
		if mt := rb.Value.Content.Get("application/json"); mt != nil {
			field("JSONBody", true)
			field("Members", requiredMembers(mt.Schema))
		}
	}
	field("PageParam", pg.PageParam)
	field("SizeParam", pg.SizeParam)
	field("DefaultSize", defaultSize)
	field("Status", ans.Status)
	field("ContentType", ans.ContentType)
	if body := string(ans.Body); body != "" && canBackquote(body) {
		fmt.Fprintf(&w, "\t\tExample: `%s`,\n", body)
	} else {
		field("Example", body)
	}
	field("Source", ans.Source)
	w.WriteString("\t},\n")
	return w.String(), nil
}

// fakeAccept returns the Accept header the generated method of op sends
// (see operationAccept): the vendor media type, followed by the media
// types of a 2xx body that is not JSON when the lowest 2xx body is not.
func fakeAccept(op *openapi3.Operation) string {
	const vendor = "application/vnd.api.v2+json"
	_, resp := successResponse(op)
	if resp == nil || len(resp.Content) == 0 || isJSONMediaType(answerMediaType(resp.Content)) {
		return vendor
	}
	var types []string
	for _, code := range sortedKeys(op.Responses.Map()) {
		r := op.Responses.Value(code)
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		for _, ct := range sortedKeys(r.Value.Content) {
			if !slices.Contains(types, ct) && !strings.Contains(ct, "json") {
				types = append(types, ct)
			}
		}
	}
	return vendor + ", " + strings.Join(types, ";q=0.8, ") + ";q=0.8"
}

// requiredMembers returns the members a JSON body of schema ref requires:
// its required properties and those of its allOf parts; none for a union.
func requiredMembers(ref *openapi3.SchemaRef) []string {
	if ref == nil || ref.Value == nil {
		return nil
	}
	s := ref.Value
	if len(s.OneOf) > 0 || len(s.AnyOf) > 0 {
		return nil
	}
	var out []string
	for _, name := range s.Required {
		if !slices.Contains(out, name) {
			out = append(out, name)
		}
	}
	for _, part := range s.AllOf {
		for _, name := range requiredMembers(part) {
			if !slices.Contains(out, name) {
				out = append(out, name)
			}
		}
	}
	return out
}

// canBackquote reports whether s can be written as a raw string literal:
// valid UTF-8 without backquotes, carriage returns or NUL bytes.
func canBackquote(s string) bool {
	return utf8.ValidString(s) && !strings.ContainsAny(s, "`\r\x00")
}

// writeRowField writes one field of a generated table row (altegiotest's
// operation tables, the MCP tool catalogs) to w, as Go: a string quoted, an
// int, a bool or a []string, and nothing for a zero value.
func writeRowField(w *strings.Builder, name string, v any) {
	switch x := v.(type) {
	case string:
		if x != "" {
			fmt.Fprintf(w, "\t\t%s: %s,\n", name, strconv.Quote(x))
		}
	case int:
		if x != 0 {
			fmt.Fprintf(w, "\t\t%s: %d,\n", name, x)
		}
	case bool:
		if x {
			fmt.Fprintf(w, "\t\t%s: true,\n", name)
		}
	case []string:
		if len(x) > 0 {
			q := make([]string, len(x))
			for i, s := range x {
				q[i] = strconv.Quote(s)
			}
			fmt.Fprintf(w, "\t\t%s: []string{%s},\n", name, strings.Join(q, ", "))
		}
	}
}
