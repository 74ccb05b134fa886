package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// serviceView is one service as client.tmpl renders it.
type serviceView struct {
	Name, Type, Tag string
}

// services lists the services of doc (NameServices recorded them on its
// operations) in name order.
func services(doc *openapi3.T) []serviceView {
	seen := map[string]serviceView{}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		name, _ := op.Extensions[ServiceExtension].(string)
		if name == "" {
			return
		}
		tag := "Other"
		if len(op.Tags) > 0 {
			tag = op.Tags[0]
		}
		seen[name] = serviceView{Name: name, Type: name + "Service", Tag: tag}
	})
	var out []serviceView
	for _, k := range sortedKeys(seen) {
		out = append(out, seen[k])
	}
	return out
}

// operationService returns the service and method NameServices gave op.
func operationService(op codegen.OperationDefinition) (service, method string, err error) {
	service, _ = op.Spec.Extensions[ServiceExtension].(string)
	method, _ = op.Spec.Extensions[MethodExtension].(string)
	if service == "" || method == "" {
		return "", "", fmt.Errorf("operation %s: no service or method named (gen.NameServices)", op.SpecOperationId)
	}
	return service, method, nil
}

// dataView is what a method of an operation returns when its success body
// is Altegio's envelope, {success, data, meta}: the data, so that a caller
// gets it in one step. Envelope is the Go type the body decodes into,
// Type the Go type of its data (the method's result), Meta that of its meta
// ("" without one).
type dataView struct {
	Envelope, Type, Meta string
	// Addr is set when the method returns the address of a data object
	// the body holds by value (a required member): *T, as for every other
	// object.
	Addr bool
	// metaSchema is the schema of meta, for the pager.
	metaSchema *openapi3.SchemaRef
	// whole is set when the method returns the whole body (members other
	// than success, data and meta: a JSON:API document's included), whose
	// data and meta the pager reads as fields.
	whole bool
	// MetaField is the Go field of meta in the body, where the method
	// hands the decoded meta to altegio.WithMeta (plumbing.DoEnvelope).
	MetaField string
}

// envelopeMembers are the members of Altegio's success envelope.
var envelopeMembers = []string{"success", "data", "meta"}

// operationData returns the dataView of op, or nil when its success body
// is not an envelope whose data the method can return: a body with other
// members, or data of no declared type (the whole body is returned then).
func (e envelopes) operationData(op codegen.OperationDefinition) (*dataView, error) {
	v, err := e.of(op)
	if v == nil || v.whole {
		return nil, err
	}
	return v, err
}

// envelopes remembers operationEnvelope's answer for each operation, which
// a method's result and its iterator both need, for one run of the
// templates.
type envelopes map[string]envelopeResult

type envelopeResult struct {
	v   *dataView
	err error
}

// of is operationEnvelope of op, worked out once.
func (e envelopes) of(op codegen.OperationDefinition) (*dataView, error) {
	r, ok := e[op.SpecOperationId]
	if !ok {
		r.v, r.err = operationEnvelope(op)
		e[op.SpecOperationId] = r
	}
	return r.v, r.err
}

// operationEnvelope is operationData, with whole set rather than nil for a body
// that has data but other members than success and meta.
func operationEnvelope(op codegen.OperationDefinition) (*dataView, error) {
	result, err := operationResult(op)
	if err != nil || result == "" || result == "[]byte" {
		return nil, err
	}
	tds, err := op.GetResponseTypeDefinitions()
	if err != nil {
		return nil, err
	}
	var s *openapi3.Schema
	for _, td := range tds {
		if td.Schema.TypeDecl() == result && strings.HasPrefix(td.ResponseName, "2") {
			s = td.Schema.OAPISchema
			break
		}
	}
	if s == nil || s.Properties["data"] == nil || len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) > 0 {
		return nil, nil
	}
	whole := false
	for name := range s.Properties {
		if !slices.Contains(envelopeMembers, name) {
			whole = true
		}
	}
	gs, err := structSchema(s, result)
	if err != nil {
		return nil, fmt.Errorf("operation %s: the envelope %s: %w", op.SpecOperationId, result, err)
	}
	v := &dataView{Envelope: result, whole: whole}
	for _, p := range gs.Properties {
		switch p.JsonFieldName {
		case "data":
			v.Type = p.GoTypeDef()
			if d := s.Properties["data"]; d != nil && d.Value != nil && isObjectSchema(d.Value) && d.Value.Extensions[ObjectExtension] == nil && !strings.ContainsAny(v.Type, "*[]{}.") {
				v.Type, v.Addr = "*"+v.Type, true
			}
		case "meta":
			v.Meta = p.GoTypeDef()
			v.metaSchema = s.Properties["meta"]
			v.MetaField = p.GoFieldName()
		}
	}
	switch v.Type {
	case "", "interface{}", "*interface{}", "map[string]interface{}":
		// Data of no declared type: the envelope says as much.
		return nil, nil
	}
	return v, nil
}

// pagerView is what client.tmpl needs to render the iterator of an
// operation that lists items page by page: a page and a page-size query
// parameter, and a success envelope whose data is a list.
type pagerView struct {
	Item                     string
	PageField, PageType      string
	SizeField                string
	PagePointer, SizePointer bool
	// MetaType is the struct meta decodes into, TotalField its total count
	// (TotalPointer when a pointer) and LimitPath the page size the server
	// says it used (meta.pagination.limit), when meta has them.
	MetaType, TotalField, LimitPath string
	TotalPointer                    bool
	// Whole is set when the method returns the whole body; its data and
	// meta are then read as res.Data and res.<MetaField>.
	Whole     bool
	MetaField string
}

// operationPager returns the pagerView of op, or nil when op is not paged
// this way.
func (e envelopes) operationPager(op codegen.OperationDefinition) (*pagerView, error) {
	var page, size *codegen.ParameterDefinition
	for i := range op.QueryParams {
		p := &op.QueryParams[i]
		switch {
		case p.ParamName == "page":
			page = p
		case size == nil && slices.Contains(pageSizeParams, p.ParamName):
			size = p
		}
	}
	if page == nil || size == nil || !isIntType(page.TypeDef()) || !isIntType(size.TypeDef()) {
		return nil, nil
	}
	// A size listed earlier in pageSizeParams wins.
	for _, name := range pageSizeParams {
		if i := slices.IndexFunc(op.QueryParams, func(p codegen.ParameterDefinition) bool { return p.ParamName == name }); i >= 0 {
			size = &op.QueryParams[i]
			break
		}
	}
	data, err := e.of(op)
	if err != nil || data == nil || !strings.HasPrefix(data.Type, "[]") {
		return nil, err
	}
	v := &pagerView{
		Whole: data.whole, MetaField: data.MetaField,
		Item:      strings.TrimPrefix(data.Type, "[]"),
		PageField: page.GoName(), PageType: page.TypeDef(), PagePointer: page.HasOptionalPointer(),
		SizeField: size.GoName(), SizePointer: size.HasOptionalPointer(),
	}
	if data.metaSchema == nil || data.metaSchema.Value == nil {
		return v, nil
	}
	if data.whole && strings.HasPrefix(data.Meta, "*") {
		// The pager reads a meta field that is no pointer.
		return v, nil
	}
	meta := strings.TrimPrefix(data.Meta, "*")
	if strings.HasPrefix(meta, "altegio.Object[") {
		meta = strings.TrimSuffix(strings.TrimPrefix(meta, "altegio.Object["), "]")
	}
	ms := data.metaSchema.Value
	if _, ok := ms.Extensions[ObjectExtension]; ok {
		for _, alt := range slices.Concat(ms.OneOf, ms.AnyOf) {
			if alt.Value != nil && isObjectSchema(alt.Value) {
				ms = alt.Value
			}
		}
	}
	gs, err := structSchema(ms, meta)
	if err != nil || strings.ContainsAny(meta, "[]{}* ") {
		return v, err
	}
	for _, p := range gs.Properties {
		switch p.JsonFieldName {
		case "total_count":
			if isIntType(strings.TrimPrefix(p.GoTypeDef(), "*")) {
				v.MetaType, v.TotalField, v.TotalPointer = meta, p.GoFieldName(), strings.HasPrefix(p.GoTypeDef(), "*")
			}
		case "pagination":
			ps := p.Schema.OAPISchema
			if ps == nil || strings.HasPrefix(p.GoTypeDef(), "*") {
				continue
			}
			pg, err := structSchema(ps, meta+"Pagination")
			if err != nil {
				return nil, err
			}
			for _, q := range pg.Properties {
				if q.JsonFieldName == "limit" && isIntType(q.GoTypeDef()) {
					v.MetaType, v.LimitPath = meta, p.GoFieldName()+"."+q.GoFieldName()
				}
			}
		}
	}
	return v, nil
}

// structSchema is oapi-codegen's Go schema of the object schema s, with its
// fields, whatever names s declares for itself (x-go-type-name), which
// would make it a reference to that type; name names it in errors. (Under
// a longer path, oapi-codegen would declare the object as a type of its
// own and return a reference to it.)
func structSchema(s *openapi3.Schema, name string) (codegen.Schema, error) {
	cp := *s
	cp.Extensions = nil
	return codegen.GenerateGoSchema(&openapi3.SchemaRef{Value: &cp}, []string{name})
}
