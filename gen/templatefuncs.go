package gen

import (
	"fmt"
	"slices"
	"sort"
	"strings"
	"text/template"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// Security scheme names of Altegio's specs, and the runtime's auth mode for
// each. An operation that names any other scheme fails generation, so a new
// scheme upstream is noticed rather than sent without credentials.
var authModes = map[string]string{
	"BearerPartner":     "AuthPartner",
	"BearerPartnerUser": "AuthPartnerUser",
}

// templateFuncs are the functions our templates call on top of
// oapi-codegen's, for the document doc.
func templateFuncs(doc *openapi3.T) template.FuncMap {
	server, mock := "", ""
	if len(doc.Servers) > 0 {
		server = strings.TrimSuffix(doc.Servers[0].URL, "/")
	}
	for _, s := range doc.Servers {
		if s.Description == "Mock" {
			mock = strings.TrimSuffix(s.URL, "/")
		}
	}
	env := envelopes{}
	return template.FuncMap{
		"altegioServer":     func() string { return server },
		"altegioMockServer": func() string { return mock },
		"altegioAuth":       func(op codegen.OperationDefinition) (string, error) { return operationAuth(doc, op) },
		"altegioResult":     operationResult,
		"altegioByValue":    resultByValue,
		"altegioAccept":     operationAccept,
		"altegioBody":       operationBody,
		"altegioBodyType":   operationBodyType,
		"altegioSentence":   sentence,
		"altegioComment":    goComment,
		"altegioTypeDoc":    typeDoc,
		"altegioServices":   func() []serviceView { return services(doc) },
		"altegioService":    func(op codegen.OperationDefinition) (string, error) { s, _, err := operationService(op); return s, err },
		"altegioMethod":     func(op codegen.OperationDefinition) (string, error) { _, m, err := operationService(op); return m, err },
		"altegioData":       env.operationData,
		"altegioPager":      env.operationPager,
		"altegioZero":       zeroValue,
		"lowerFirst":        lowerFirst,
		"altegioParams":     operationParams,
		"altegioAPI":        func() string { api, _ := doc.Extensions[APIExtension].(string); return api },
		"altegioTag": func(op codegen.OperationDefinition) string {
			if len(op.Spec.Tags) > 0 {
				return op.Spec.Tags[0]
			}
			return ""
		},
		"altegioParamsOwner": func(op codegen.OperationDefinition) bool {
			owner, ok := op.Spec.Extensions[ParamsOwnerExtension].(bool)
			return !ok || owner
		},
		"altegioParamsDoc": func(op codegen.OperationDefinition) string { return paramsDoc(doc, op) },
	}
}

// operationAuth returns the runtime auth mode of op: its own security
// requirements, or the document's when it has none.
func operationAuth(doc *openapi3.T, op codegen.OperationDefinition) (string, error) {
	return securityAuth(doc, op.Spec)
}

// securityAuth returns the runtime auth mode ("AuthNone", "AuthPartner" or
// "AuthPartnerUser") of op: its own security requirements, or the
// document's when it has none.
func securityAuth(doc *openapi3.T, op *openapi3.Operation) (string, error) {
	reqs := doc.Security
	if op.Security != nil {
		reqs = *op.Security
	}
	if len(reqs) == 0 {
		return "AuthNone", nil
	}
	var modes []string
	for _, req := range reqs {
		for name := range req {
			mode, ok := authModes[name]
			if !ok {
				return "", fmt.Errorf("operation %s: unknown security scheme %q (known: BearerPartner, BearerPartnerUser)", op.OperationID, name)
			}
			modes = append(modes, mode)
		}
	}
	sort.Strings(modes)
	// Alternatives: the weaker requirement is enough.
	return modes[0], nil
}

// operationResult returns the Go type a method of op returns on success: the
// type of its lowest 2xx JSON response, "[]byte" for a 2xx body that is not
// JSON (a PDF, say), or "" when no 2xx response has a body, or none but
// bodies marked with NoResultExtension (success alone).
func operationResult(op codegen.OperationDefinition) (string, error) {
	tds, err := op.GetResponseTypeDefinitions()
	if err != nil {
		return "", err
	}
	if op.Spec.Responses == nil {
		return "", nil
	}
	codes := sortedKeys(op.Spec.Responses.Map())
	for _, code := range codes {
		if !strings.HasPrefix(code, "2") {
			continue
		}
		r := op.Spec.Responses.Value(code)
		if noResult(r) {
			continue
		}
		for _, td := range tds {
			if td.ResponseName == code && strings.Contains(td.ContentTypeName, "json") {
				return td.Schema.TypeDecl(), nil
			}
		}
		if r != nil && r.Value != nil && len(r.Value.Content) > 0 {
			return "[]byte", nil
		}
	}
	return "", nil
}

// noResult reports whether every body of the response r is marked with
// NoResultExtension: it holds nothing to return.
func noResult(r *openapi3.ResponseRef) bool {
	if r == nil || r.Value == nil || len(r.Value.Content) == 0 {
		return false
	}
	for _, mt := range r.Value.Content {
		if mt == nil || mt.Schema == nil || mt.Schema.Value == nil || mt.Schema.Value.Extensions[NoResultExtension] != true {
			return false
		}
	}
	return true
}

// resultByValue reports whether op's method returns its result by value
// rather than by pointer: a list or a map ([]T, []byte, map[K]V, or a type
// the spec names for one), which is a reference already, so that no method
// returns *[]T.
func resultByValue(op codegen.OperationDefinition) (bool, error) {
	result, err := operationResult(op)
	if err != nil || result == "" {
		return false, err
	}
	if strings.HasPrefix(result, "[]") || strings.HasPrefix(result, "map[") {
		return true, nil
	}
	tds, err := op.GetResponseTypeDefinitions()
	if err != nil {
		return false, err
	}
	for _, td := range tds {
		if td.Schema.TypeDecl() == result && strings.HasPrefix(td.ResponseName, "2") {
			return isContainerSchema(td.Schema.OAPISchema), nil
		}
	}
	return false, nil
}

// operationAccept returns, for an operation whose success body is not JSON
// (its method returns []byte), the Accept header its method sends: the
// runtime's plumbing.AcceptHeader followed by the media types the operation
// declares, at a lower quality, as a Go expression; "" for any other
// operation. With the runtime's header alone, a server that negotiates (as
// Prism does) answers 406: get_visit_receipt_pdf declares only
// application/pdf. The vendor type stays first, as Altegio asks of every
// request.
func operationAccept(op codegen.OperationDefinition) (string, error) {
	result, err := operationResult(op)
	if err != nil || result != "[]byte" {
		return "", err
	}
	var types []string
	for _, code := range sortedKeys(op.Spec.Responses.Map()) {
		r := op.Spec.Responses.Value(code)
		if !strings.HasPrefix(code, "2") || r == nil || r.Value == nil {
			continue
		}
		for _, ct := range sortedKeys(r.Value.Content) {
			if !slices.Contains(types, ct) && !strings.Contains(ct, "json") {
				types = append(types, ct)
			}
		}
	}
	if len(types) == 0 {
		return "", nil
	}
	return fmt.Sprintf("plumbing.AcceptHeader + %q", ", "+strings.Join(types, ";q=0.8, ")+";q=0.8"), nil
}

// operationBody says how a method of op takes its request body: "json" (a
// typed value sent as JSON), "raw" (a content type and an io.Reader, for
// multipart and other bodies) or "" (no body).
func operationBody(op codegen.OperationDefinition) string {
	if !op.HasBody() {
		return ""
	}
	for _, b := range op.Bodies {
		if b.IsSupportedByClient() && b.IsJSON() && b.NameTag == "JSON" {
			return "json"
		}
	}
	return "raw"
}

// operationBodyType is the Go type of op's JSON request body.
func operationBodyType(op codegen.OperationDefinition) string {
	for _, b := range op.Bodies {
		if b.IsSupportedByClient() && b.IsJSON() && b.NameTag == "JSON" {
			return b.Schema.TypeDecl()
		}
	}
	return ""
}

// sentence trims a summary and ends it with a period.
func sentence(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if s != "" && !strings.HasSuffix(s, ".") {
		s += "."
	}
	return s
}

// goComment turns text into // comment lines.
func goComment(s string) string {
	lines := strings.Split(strings.TrimSpace(s), "\n")
	for i, l := range lines {
		l = strings.TrimRight(l, " \t\r")
		if l == "" {
			lines[i] = "//"
		} else {
			lines[i] = "// " + l
		}
	}
	return strings.Join(lines, "\n")
}

// typeDoc is the doc comment of a type oapi-codegen declares: its schema's
// description, else what the model says it is (DocExtension), else
// oapi-codegen's own.
func typeDoc(td codegen.TypeDefinition) string {
	if td.Schema.Description == "" && td.Schema.OAPISchema != nil {
		if d, ok := td.Schema.OAPISchema.Extensions[DocExtension].(string); ok {
			c := "// " + td.TypeName + " " + d
			if dc := td.DeprecationComment(); dc != "" {
				c += "\n//\n" + dc
			}
			return c
		}
	}
	return td.DocComment()
}

// zeroValue is a Go expression of the zero value of the type t.
func zeroValue(t string) string {
	switch {
	case strings.HasPrefix(t, "*"), strings.HasPrefix(t, "[]"), strings.HasPrefix(t, "map["), t == "interface{}", t == "any":
		return "nil"
	}
	return "*new(" + t + ")"
}

// lowerFirst is s with its first letter in lower case: the unexported
// form of an exported name.
func lowerFirst(s string) string {
	if s == "" {
		return s
	}
	return strings.ToLower(s[:1]) + s[1:]
}

// operationParams is the Go type of op's params struct (NameParamsTypes).
func operationParams(op codegen.OperationDefinition) string {
	if name, ok := op.Spec.Extensions[ParamsExtension].(string); ok && name != "" {
		return name
	}
	return op.OperationId + "Params"
}

// paramsDoc is the doc comment of the params struct that op declares:
// which methods take it.
func paramsDoc(doc *openapi3.T, op codegen.OperationDefinition) string {
	name := operationParams(op)
	var users []string
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, o *openapi3.Operation) {
		if n, _ := o.Extensions[ParamsExtension].(string); n == name {
			users = append(users, callName(o))
		}
	})
	if len(users) == 0 {
		users = []string{op.OperationId}
	}
	list := users[0]
	if len(users) > 1 {
		list = strings.Join(users[:len(users)-1], ", ") + " and " + users[len(users)-1]
	}
	return fmt.Sprintf("// %s are the query parameters of %s; the zero value sends none.", name, list)
}
