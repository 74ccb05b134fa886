package gen

import (
	"bytes"
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/openapi"
)

// ServiceExtension and MethodExtension are the operation extensions in
// which NameServices leaves, for the templates, the service an operation
// belongs to (a field of the API type, such as "Appointments") and its
// method there ("List").
const (
	ServiceExtension = "x-altegio-service"
	MethodExtension  = "x-altegio-method"
)

// APIExtension is the document extension in which the pipeline leaves the
// name of the API ("b2b-v1"), which the generated methods put in the
// operation they pass to the runtime (altegio.Operation).
const APIExtension = "x-altegio-api"

// ServiceTable is openapi/services.yaml: for each API, the tags whose
// service name or nouns differ from the default (see NameServices).
type ServiceTable map[string]map[string]ServiceRow

// ServiceRow names a tag's service and the nouns its methods drop.
type ServiceRow struct {
	Service string   `yaml:"service"`
	Nouns   []string `yaml:"nouns"`
	// Methods names the methods of operations (by operationId) whose
	// derived name reads wrong (ListPartners for the appointments of a
	// partner).
	Methods map[string]string `yaml:"methods"`
}

// LoadServiceTable reads the service table embedded in package openapi.
func LoadServiceTable() (ServiceTable, error) {
	data, err := openapi.FS.ReadFile(openapi.ServicesFile)
	if err != nil {
		return nil, fmt.Errorf("openapi/%s: %w", openapi.ServicesFile, err)
	}
	return ParseServiceTable(data, "openapi/"+openapi.ServicesFile)
}

// ParseServiceTable parses a service table; name names it in errors.
func ParseServiceTable(data []byte, name string) (ServiceTable, error) {
	var t ServiceTable
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err))
	}
	for api, rows := range t {
		for _, tag := range sortedKeys(rows) {
			r := rows[tag]
			if r.Service != "" && !isGoIdentifier(r.Service) {
				return nil, fmt.Errorf("%s: %s: tag %q: service %q is no exported Go identifier", name, api, tag, r.Service)
			}
			for _, n := range r.Nouns {
				if !isGoIdentifier(n) {
					return nil, fmt.Errorf("%s: %s: tag %q: noun %q is no exported Go identifier", name, api, tag, n)
				}
			}
			for _, id := range sortedKeys(r.Methods) {
				if !isGoIdentifier(r.Methods[id]) {
					return nil, fmt.Errorf("%s: %s: tag %q: method %q of %s is no exported Go identifier", name, api, tag, r.Methods[id], id)
				}
			}
		}
	}
	return t, nil
}

// Service is one service of a generated client: the operations of a tag.
type Service struct {
	// Name is the field of the API type, such as "TeamMembers"; its type
	// is Name + "Service".
	Name string
	// Tag is the spec's tag, such as "Team Members".
	Tag string
	// File is the generated file of the tag, without ".go".
	File string
	// Methods maps each operationId of the tag to its method.
	Methods map[string]string
}

// Type is the Go type of the service.
func (s Service) Type() string { return s.Name + "Service" }

// NameServices decides, on doc, the service and method of each operation,
// and records them in the operation's ServiceExtension and MethodExtension.
// An operation's service is that of its first tag ("Other" without one). Its
// method is GoName(operationId) without the first of the service's nouns
// it holds (as a word: Appointment in GetAppointmentList, not in
// GetAppointments), with Get…List read as List…: get_appointment_list →
// List, create_appointment → Create, bulk_create_clients → BulkCreate. A
// "Deprecated" prefix stays. An operation whose method would be empty or
// shared keeps its whole name. rows are the API's rows of the service
// table; a row for a tag the spec lacks is an error, unless partial.
func NameServices(doc *openapi3.T, rows map[string]ServiceRow, partial bool) ([]Service, error) {
	byTag := map[string]*Service{}
	var order []string
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		tag := "Other"
		if len(op.Tags) > 0 {
			tag = op.Tags[0]
		}
		s := byTag[tag]
		if s == nil {
			s = &Service{Tag: tag, File: tagFileBase(tag), Methods: map[string]string{}}
			byTag[tag] = s
			order = append(order, tag)
		}
		s.Methods[op.OperationID] = ""
	})
	for _, tag := range sortedKeys(rows) {
		if byTag[tag] == nil && !partial {
			return nil, fmt.Errorf("service table: no operation has the tag %q", tag)
		}
	}
	slices.Sort(order)
	names := map[string]string{}
	var out []Service
	for _, tag := range order {
		s := byTag[tag]
		row := rows[tag]
		s.Name = cmp.Or(row.Service, serviceName(tag))
		if other, ok := names[s.Name]; ok {
			return nil, fmt.Errorf("service table: tags %q and %q are both service %s", other, tag, s.Name)
		}
		names[s.Name] = tag
		nouns := row.Nouns
		if len(nouns) == 0 {
			nouns = []string{s.Name, singular(s.Name)}
		}
		nouns = slices.Clone(nouns)
		slices.SortStableFunc(nouns, func(a, b string) int { return len(b) - len(a) })
		for _, id := range sortedKeys(row.Methods) {
			if _, ok := s.Methods[id]; !ok && !partial {
				return nil, fmt.Errorf("service table: %s: no operation %s has the tag", tag, id)
			}
		}
		count := map[string]int{}
		for id := range s.Methods {
			m := cmp.Or(row.Methods[id], methodName(GoMethodName(id), nouns))
			s.Methods[id] = m
			count[m]++
		}
		for id, m := range s.Methods {
			if (count[m] > 1 || m == "") && row.Methods[id] == "" {
				s.Methods[id] = GoMethodName(id)
			}
		}
		seen := map[string]string{}
		for _, id := range sortedKeys(s.Methods) {
			if other, ok := seen[s.Methods[id]]; ok {
				return nil, fmt.Errorf("service table: %s: %s and %s are both method %s", tag, other, id, s.Methods[id])
			}
			seen[s.Methods[id]] = id
		}
		out = append(out, *s)
	}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		tag := "Other"
		if len(op.Tags) > 0 {
			tag = op.Tags[0]
		}
		if op.Extensions == nil {
			op.Extensions = map[string]any{}
		}
		op.Extensions[ServiceExtension] = byTag[tag].Name
		op.Extensions[MethodExtension] = byTag[tag].Methods[op.OperationID]
	})
	return out, nil
}

var tagWord = regexp.MustCompile(`[A-Za-z0-9]+`)

// serviceName is the default service of tag: its words in Go.
func serviceName(tag string) string {
	var b strings.Builder
	for _, w := range tagWord.FindAllString(tag, -1) {
		b.WriteString(GoName(w))
	}
	if b.Len() == 0 || !unicode.IsLetter(rune(b.String()[0])) {
		return "Other" + b.String()
	}
	return b.String()
}

// methodName is method without the first of nouns it holds as a word.
func methodName(method string, nouns []string) string {
	deprecated := strings.HasPrefix(method, "Deprecated") && len(method) > len("Deprecated")
	base := strings.TrimPrefix(method, "Deprecated")
	for _, n := range nouns {
		if i := wordIndex(base, n); i >= 0 {
			base = base[:i] + base[i+len(n):]
			break
		}
	}
	switch {
	case base == "":
		return ""
	case base == "GetList":
		base = "List"
	case strings.HasPrefix(base, "GetList"):
		// GetListByChain → ListByChain.
		base = strings.TrimPrefix(base, "Get")
	case strings.HasPrefix(base, "Get") && strings.HasSuffix(base, "List"):
		// GetFileList → ListFiles.
		base = "List" + pluralName(base[len("Get"):len(base)-len("List")])
	}
	if deprecated {
		return "Deprecated" + base
	}
	return base
}

// pluralName is the plural of the Go name s, by its last word.
func pluralName(s string) string {
	switch {
	case strings.HasSuffix(s, "s"), strings.HasSuffix(s, "Materials"):
		return s
	case strings.HasSuffix(s, "y") && len(s) > 1 && !strings.ContainsRune("aeiou", rune(s[len(s)-2])):
		return s[:len(s)-1] + "ies"
	}
	return s + "s"
}

// wordIndex returns where noun starts in s as whole words of a Go name
// (followed by an upper-case letter, a digit or the end), or -1.
func wordIndex(s, noun string) int {
	for from := 0; from < len(s); {
		i := strings.Index(s[from:], noun)
		if i < 0 {
			return -1
		}
		i += from
		end := i + len(noun)
		if end == len(s) || unicode.IsUpper(rune(s[end])) || unicode.IsDigit(rune(s[end])) {
			return i
		}
		from = i + 1
	}
	return -1
}

// servicesNamed reports whether every operation of doc has its service
// and method (NameServices ran).
func servicesNamed(doc *openapi3.T) bool {
	named := true
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.Extensions[ServiceExtension] == nil || op.Extensions[MethodExtension] == nil {
			named = false
		}
	})
	return named
}

// callName is how a doc comment names the method of op: its service and
// method ("Appointments.List"), or its Go name before NameServices ran.
func callName(op *openapi3.Operation) string {
	svc, _ := op.Extensions[ServiceExtension].(string)
	m, _ := op.Extensions[MethodExtension].(string)
	if svc == "" || m == "" {
		return GoMethodName(op.OperationID)
	}
	return svc + "." + m
}

// UsageExample is the part of a generated package's doc comment that shows
// a first call, so that go doc of the package starts with how to use it: a
// client with tokens, then a list operation of doc that takes at most one
// path parameter and no body (of the Appointments service if it has one),
// and its iterator when the operation has one (pageable). "" when doc has
// no such operation.
func UsageExample(pkg string, doc *openapi3.T, pageable map[string]bool) string {
	type candidate struct {
		rank             int
		path, opID       string
		call, paramsType string
		pathArg          string
	}
	var best *candidate
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		svc, _ := op.Extensions[ServiceExtension].(string)
		m, _ := op.Extensions[MethodExtension].(string)
		if !strings.EqualFold(method, "get") || svc == "" || !strings.HasPrefix(m, "List") || op.RequestBody != nil || op.Deprecated {
			return
		}
		var pathArgs []string
		hasQuery := false
		for _, p := range slices.Concat(item.Parameters, op.Parameters) {
			if p == nil || p.Value == nil {
				continue
			}
			switch p.Value.In {
			case openapi3.ParameterInPath:
				name, _ := p.Value.Extensions["x-go-name"].(string)
				if name == "" {
					name = GoName(p.Value.Name)
				}
				pathArgs = append(pathArgs, lowerFirst(name))
			case openapi3.ParameterInQuery:
				hasQuery = true
			}
		}
		if len(pathArgs) > 1 {
			return
		}
		c := &candidate{path: path, opID: op.OperationID, call: svc + "." + m}
		if len(pathArgs) == 1 {
			c.pathArg = ", " + pathArgs[0]
		}
		if hasQuery {
			c.paramsType = GoMethodName(op.OperationID) + "Params"
		}
		switch {
		case svc == "Appointments" && m == "List":
			c.rank = 0
		case svc == "Appointments":
			c.rank = 1
		case m == "List":
			c.rank = 2
		default:
			c.rank = 3
		}
		if best == nil || c.rank < best.rank || c.rank == best.rank && (c.path < best.path || c.path == best.path && c.opID < best.opID) {
			best = c
		}
	})
	if best == nil {
		return ""
	}
	args := "ctx" + best.pathArg
	if best.paramsType != "" {
		args += ", " + pkg + "." + best.paramsType + "{}"
	}
	var b strings.Builder
	fmt.Fprintf(&b, "//\n// Create a client with your tokens, then call an operation through the\n// service of its tag:\n//\n")
	fmt.Fprintf(&b, "//\tapi := %s.New(altegio.WithTokens(partnerToken, userToken))\n", pkg)
	fmt.Fprintf(&b, "//\titems, err := api.%s(%s) // GET %s\n", best.call, args, best.path)
	fmt.Fprintf(&b, "//\tif err != nil {\n//\t\treturn err // an *altegio.APIError for any answer but a 2xx\n//\t}\n")
	if pageable[best.opID] {
		fmt.Fprintf(&b, "//\n// %sAll walks every page:\n//\n//\tfor item, err := range api.%sAll(%s) {\n//\t\t...\n//\t}\n", best.call, best.call, args)
	}
	return b.String()
}

// ParamsExtension and ParamsOwnerExtension are the operation extensions in
// which NameParamsTypes leaves the Go type of the operation's params struct
// and whether the operation's params are the ones that declare it.
const (
	ParamsExtension      = "x-altegio-params"
	ParamsOwnerExtension = "x-altegio-params-owner"
)

// NameParamsTypes decides, on doc, the params struct of each operation that
// has query, header or cookie parameters: <Operation>Params, or, for
// operations whose parameters are the same (names, places, whether
// required, schemas), one struct they share, named for what their names
// share (get_appointment, update_appointment and delete_appointment take
// AppointmentParams), or else after the first of them. taken are the type
// names a shared struct may not take.
func NameParamsTypes(doc *openapi3.T) {
	taken := map[string]bool{}
	if doc.Components != nil {
		for k := range doc.Components.Schemas {
			taken[k] = true
		}
	}
	groups := map[string][]*openapi3.Operation{}
	var order []string
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		var parts []string
		for _, p := range slices.Concat(item.Parameters, op.Parameters) {
			if p == nil || p.Value == nil || p.Value.In == openapi3.ParameterInPath {
				continue
			}
			sig := "{}"
			if p.Value.Schema != nil && p.Value.Schema.Value != nil {
				sig = structure(p.Value.Schema.Value)
			}
			parts = append(parts, fmt.Sprintf("%s %s %v %s", p.Value.In, p.Value.Name, p.Value.Required, sig))
		}
		if len(parts) == 0 {
			return
		}
		slices.Sort(parts)
		key := strings.Join(parts, "\n")
		if groups[key] == nil {
			order = append(order, key)
		}
		groups[key] = append(groups[key], op)
		taken[GoMethodName(op.OperationID)+"Params"] = true
	})
	for _, key := range order {
		ops := groups[key]
		slices.SortFunc(ops, func(a, b *openapi3.Operation) int { return strings.Compare(a.OperationID, b.OperationID) })
		name := GoMethodName(ops[0].OperationID) + "Params"
		if len(ops) > 1 {
			names := make([]string, len(ops))
			for i, op := range ops {
				names[i] = GoMethodName(op.OperationID) + "Params"
			}
			if common := commonTail(names); common != "" && !taken[common] {
				name = common
				taken[common] = true
			}
		}
		for i, op := range ops {
			if op.Extensions == nil {
				op.Extensions = map[string]any{}
			}
			op.Extensions[ParamsExtension] = name
			op.Extensions[ParamsOwnerExtension] = i == 0
		}
	}
}
