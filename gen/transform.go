package gen

import (
	"fmt"
	"slices"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// Transform is a systematic fix, written in Go because the upstream defect
// shows in too many places for a list of overlay actions.
type Transform struct {
	// Name identifies the transform in progress output and tests.
	Name string
	// Reason is one line: the upstream defect the transform fixes.
	Reason string
	// Evidence is one line: where the defect shows in the spec or the API.
	Evidence string
	// Apply changes doc in place and returns how many places it changed.
	Apply func(doc *openapi3.T) (int, error)
}

// Transforms are the systematic fixes, in the order they are applied.
var Transforms = []Transform{
	{
		Name:     "drop-transport-headers",
		Reason:   "operations declare Accept, Content-Type and Authorization as required parameters, which the client sets itself as headers; generated methods would make users pass them by hand, and in the query they would put the token in the URL",
		Evidence: "b2b-v1: 212 Accept, 186 Content-Type and 197 Authorization inline header parameters plus components/parameters accept_header and content_type_header, and Accept, Content-Type and Authorization as required query parameters of get_resource_list (lines 30497-30514) and get_product_category_list (lines 32720-32737); b2b-v2: Authorization on all 42 operations",
		Apply:    dropTransportHeaders,
	},
	{
		Name:     "json-request-bodies",
		Reason:   "request bodies declared as */* are JSON objects; with */* the generator emits no typed body method",
		Evidence: "b2b-v1: 19 request bodies under */* (e.g. PUT /staff/{location_id}/{team_member_id}), 18 of them on operations whose Content-Type header parameter says application/json",
		Apply:    jsonRequestBodies,
	},
	{
		Name:     "integer-ids",
		Reason:   "identifiers are declared type: number, which generates floats; Altegio IDs are integers (and integer IDs without a format become int64, so both APIs use one ID type)",
		Evidence: "b2b-v1: location_id path parameter (148 operations), team_member_id, 572 id/*_id properties typed number whose examples are all whole numbers (e.g. id: 123456)",
		Apply:    integerIDs,
	},
	{
		Name:     "inline-parameter-components",
		Reason:   "operations share some parameters through components/parameters, which oapi-codegen turns into one alias type each (CompanyID, StaffID, MasterID) that method signatures then use, while other operations declare the same parameter inline as a plain integer; inlined, every parameter is typed by its schema alone",
		Evidence: "b2b-v1: components/parameters/company_id (the location_id path parameter, spec line 20894) is referenced 43 times while 148 operations declare location_id inline, so locationID was CompanyID 42 times and int64 148 times; staff_id (10 references) and master_id (2) both name a team_member_id",
		Apply:    inlineParameterComponents,
	},
	{
		Name:     "integer-pagination",
		Reason:   "page, count and limit parameters are declared type: number, which generates floats; they are whole-number page indexes and sizes",
		Evidence: "b2b-v1: page (15 operations) and count (11 operations) query parameters typed number, e.g. GET /company/{location_id}/clients/files/{client_id}",
		Apply:    integerPagination,
	},
	{
		Name:     "integer-page-properties",
		Reason:   "page and page_size members of request and response bodies are declared type: number, which generates floats; they are whole-number page indexes and sizes, as the query parameters of the same name",
		Evidence: "b2b-v1: get_client_list's request body page and page_size (components/schemas/company_companyid_clients_search_request_data_types, spec line 3094; example page: 1, page_size: 3)",
		Apply:    integerPageProperties,
	},
	{
		Name:     "money-numbers",
		Reason:   "money amounts (sums, prices, costs, balances, payments) are declared type: integer, but Altegio's amounts are in major currency units and carry fractions; decoding a fraction into an integer field fails the whole call, so they are numbers (float64)",
		Evidence: "b2b-v1: get_z_report's paids.accounts[].amount is integer/int32 (\"Sum\", spec line 15613) while its example sends amount: 54321.13 and 1816.875; analytics all_sum/new_sum/old_sum/returned_sum (\"Revenue from ...\", line 15227) and targets_paid/certificates_paid/abonement_paid (line 15573) are int32 beside goods_paid: 12452.18",
		Apply:    moneyNumbers,
	},
	{
		Name:     "identifier-numbers-as-strings",
		Reason:   "phone, card and barcode numbers are declared type: number or integer, but they are identifiers: a float64 loses leading zeros and digits past 2^53 and prints 7.9e10; they are strings, and the runtime decodes a JSON number into a string field as its literal digits",
		Evidence: "b2b-v1: the deprecated client list's card (\"Client card number\", spec line 2993) and the phone query parameter of get_client_memberships and get_client_gift_cards (\"Customer phone number\") are type: number, while 12 phone properties are strings such as \"+13155550175\"",
		Apply:    identifierNumbersAsStrings,
	},
	{
		Name:     "nullable-enums",
		Reason:   "OpenAPI 3.1 nullable enums list null among their values, which oapi-codegen cannot emit as a Go constant; the null stays allowed through the type list",
		Evidence: "b2b-v2: components/schemas/event_appointment_create_request/properties/client/properties/gender has type [integer, null] and enum [.., null]",
		Apply:    nullableEnums,
	},
	{
		Name:     "schemaless-json-responses",
		Reason:   "JSON responses declared with neither a schema nor an example get no Go type (Complete types those with an example), and 204 responses that declare a JSON body make their method return bytes that never come; the first get Altegio's envelope with data and meta of unknown content, the second lose the content",
		Evidence: "b2b-v1: schedule_team_member_update_deprecated 201 (application/json, no schema, no example; spec line 30660), chain_loyalty_membership_types_restore and chain_loyalty_membership_types_archive 204 declare application/json: {} (spec lines 44609 and 44738), and six more 204s declare a {success, data: null, meta} schema (e.g. delete_client_comment, spec line 25411)",
		Apply:    schemalessJSONResponses,
	},
	{
		Name:     "object-unions",
		Reason:   "fields sent as an object, or as null or [] when empty (PHP's empty array), are declared as oneOf/type lists that oapi-codegen cannot type; they become altegio.Object[T]",
		Evidence: "b2b-v1: staff_position (oneOf object, array maxItems 0, null: 'Empty array when no position assigned'), company main_group ('object or empty array'), response_meta_empty_object [object, array]",
		Apply:    objectUnions,
	},
	{
		Name:     "multi-type-raw",
		Reason:   "schemas whose type lists several non-null types (object or array, string or number) have no Go type in oapi-codegen; they decode into json.RawMessage",
		Evidence: "b2b-v1: chain_loyalty_membership_type.category [object, null, string], response_meta_empty_object [object, array], records payment_status [string, number]",
		Apply:    multiTypeRaw,
	},
	{
		Name:     "container-omitzero",
		Reason:   "optional arrays and free-form objects are declared without a way to send them empty: with omitempty (oapi-codegen's tag for optional fields) an empty list is never sent, so a request cannot clear a list, and a response's [] (PHP's empty array, which Altegio sends for empty lists and metadata) is lost on re-encoding; with omitzero a nil slice or map is absent and an empty one is sent as [] or {}",
		Evidence: "b2b-v2: request members described \"Tag IDs; an empty array is allowed\" and \"Resource Instance IDs; an empty array is allowed\" (spec lines 1491, 1497); b2b-v1: 396 optional array and 97 free-form object fields, among them the responses' meta, described \"Metadata (empty array)\" (spec line 352)",
		Apply:    containerOmitZero,
	},
	{
		Name:     "open-objects",
		Reason:   "objects with members that also declare additionalProperties: true get oapi-codegen's AdditionalProperties map[string]interface{} instead of ExtraFields: another API for the same thing, and undeclared numbers decoded as float64, which rounds IDs past 2^53; without the keyword every object keeps its undeclared members as raw JSON in ExtraFields",
		Evidence: "b2b-v1: components/schemas/auth_response data (spec line 108) and 38 more additionalProperties: true, among them the event filter and event service/staff objects of GET /activity/{location_id}/filters and /activity/{location_id}/{event_id}, which were the 8 types with AdditionalProperties",
		Apply:    openObjects,
	},
}

// transportHeaders are the header parameters the client always sets itself.
var transportHeaders = []string{"accept", "authorization", "content-type"}

// IsTransportHeader reports whether name is Accept, Content-Type or
// Authorization, in any case: headers the client sets itself. The pipeline
// drops parameters so named wherever the spec declares them (header, query
// or cookie), so no generated method takes one; one in the query would put
// the token in the URL.
func IsTransportHeader(name string) bool {
	return slices.Contains(transportHeaders, strings.ToLower(name))
}

func dropTransportHeaders(doc *openapi3.T) (int, error) {
	n := 0
	var err error
	drop := func(method, path string, params openapi3.Parameters) openapi3.Parameters {
		return slices.DeleteFunc(params, func(p *openapi3.ParameterRef) bool {
			if p == nil || p.Value == nil || !IsTransportHeader(p.Value.Name) {
				return false
			}
			if p.Value.In == openapi3.ParameterInPath && err == nil {
				// Dropping it would leave {name} in the path unfilled.
				err = fmt.Errorf("%s %s: path parameter %q has a transport header's name; fix the spec with an overlay action", method, path, p.Value.Name)
				return false
			}
			n++
			return true
		})
	}
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		item.Parameters = drop(method, path, item.Parameters)
		op.Parameters = drop(method, path, op.Parameters)
	})
	if err != nil {
		return 0, err
	}
	if doc.Components != nil {
		for name, p := range doc.Components.Parameters {
			if p.Value != nil && p.Value.In != openapi3.ParameterInPath && IsTransportHeader(p.Value.Name) {
				delete(doc.Components.Parameters, name)
			}
		}
	}
	return n, nil
}

func jsonRequestBodies(doc *openapi3.T) (int, error) {
	n := 0
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.RequestBody == nil || op.RequestBody.Value == nil {
			return
		}
		c := op.RequestBody.Value.Content
		if mt, ok := c["*/*"]; ok {
			if _, hasJSON := c["application/json"]; !hasJSON {
				c["application/json"] = mt
				delete(c, "*/*")
				n++
			}
		}
	})
	return n, nil
}

// isIDName reports whether a property or parameter name names an identifier:
// "id", "*_id" or "*Id", also as a bracketed filter key ("filter[staff_id]").
func isIDName(name string) bool {
	name = innerKey(name)
	return name == "id" || strings.HasSuffix(name, "_id") || (len(name) > 2 && strings.HasSuffix(name, "Id"))
}

// isIDListName reports whether name names a list of identifiers: "ids" or
// "*_ids", also as a bracketed filter key ("filter[ids][]").
func isIDListName(name string) bool {
	name = innerKey(name)
	return name == "ids" || strings.HasSuffix(name, "_ids")
}

// innerKey returns the innermost key of a bracketed query parameter name:
// "filter[ids][]" → "ids", "filter[staff_id]" → "staff_id", "id" → "id".
func innerKey(name string) string {
	name = strings.TrimSuffix(name, "[]")
	if strings.HasSuffix(name, "]") {
		if i := strings.LastIndex(name, "["); i >= 0 {
			return name[i+1 : len(name)-1]
		}
	}
	return name
}

// numberToInteger turns an inline schema of type number (possibly nullable)
// into an integer of the given format, and reports whether it did.
func numberToInteger(ref *openapi3.SchemaRef, format string) bool {
	if ref == nil || ref.Ref != "" || ref.Value == nil || ref.Value.Type == nil {
		return false
	}
	s := ref.Value
	if !s.Type.Includes(openapi3.TypeNumber) || s.Format == "float" || s.Format == "double" {
		return false
	}
	for _, t := range s.Type.Slice() {
		if t != openapi3.TypeNumber && t != openapi3.TypeNull {
			return false
		}
	}
	types := openapi3.Types{openapi3.TypeInteger}
	if s.Type.Includes(openapi3.TypeNull) {
		types = append(types, openapi3.TypeNull)
	}
	s.Type = &types
	s.Format = format
	return true
}

func integerIDs(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		switch {
		case isIDName(site.Name):
			if numberToInteger(site.Ref, "int64") || widenInteger(site.Ref) {
				n++
			}
		case isIDListName(site.Name):
			if s := site.Ref.Value; site.Ref.Ref == "" && s.Type.Is(openapi3.TypeArray) && (numberToInteger(s.Items, "int64") || widenInteger(s.Items)) {
				n++
			}
		}
	})
	return n, nil
}

// widenInteger gives an inline integer schema without a format the format
// int64, so that identifiers are int64 in both APIs whatever the platform,
// and reports whether it did.
func widenInteger(ref *openapi3.SchemaRef) bool {
	if ref == nil || ref.Ref != "" || ref.Value == nil || ref.Value.Type == nil {
		return false
	}
	if s := ref.Value; s.Type.Includes(openapi3.TypeInteger) && s.Format == "" {
		s.Format = "int64"
		return true
	}
	return false
}

// paginationParams are the query parameters that page through lists.
var paginationParams = []string{"page", "count", "limit", "page_size", "per_page"}

func integerPagination(doc *openapi3.T) (int, error) {
	n := 0
	seen := map[*openapi3.Parameter]bool{}
	visit := func(params openapi3.Parameters) {
		for _, p := range params {
			if p == nil || p.Value == nil || seen[p.Value] {
				continue
			}
			seen[p.Value] = true
			if p.Value.In == openapi3.ParameterInQuery && slices.Contains(paginationParams, p.Value.Name) && numberToInteger(p.Value.Schema, "") {
				n++
			}
		}
	}
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		visit(item.Parameters)
		visit(op.Parameters)
	})
	return n, nil
}

func nullableEnums(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if !slices.Contains(s.Enum, nil) {
			return
		}
		s.Enum = slices.DeleteFunc(slices.Clone(s.Enum), func(v any) bool { return v == nil })
		if s.Type != nil && !s.Type.Includes(openapi3.TypeNull) {
			types := append(slices.Clone(*s.Type), openapi3.TypeNull)
			s.Type = &types
		}
		n++
	})
	return n, nil
}

func multiTypeRaw(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if s.Type == nil || s.Extensions["x-go-type"] != nil {
			return
		}
		nonNull := 0
		for _, t := range s.Type.Slice() {
			if t != openapi3.TypeNull {
				nonNull++
			}
		}
		if nonNull < 2 {
			return
		}
		if s.Extensions == nil {
			s.Extensions = map[string]any{}
		}
		s.Extensions["x-go-type"] = "json.RawMessage"
		s.Extensions["x-go-type-skip-optional-pointer"] = true
		n++
	})
	return n, nil
}

// pageProperties are the body members that page through lists.
var pageProperties = []string{"page", "page_size", "per_page"}

func integerPageProperties(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		if slices.Contains(pageProperties, site.Name) && numberToInteger(site.Ref, "") {
			n++
		}
	})
	return n, nil
}

// openObjects drops additionalProperties: true (or an empty schema) from
// object schemas that declare members, so that the generated type keeps
// undeclared members in ExtraFields like every other.
func openObjects(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if len(s.Properties) == 0 {
			return
		}
		ap := s.AdditionalProperties
		open := ap.Has != nil && *ap.Has
		if ap.Schema != nil && ap.Schema.Value != nil && isEmptySchema(ap.Schema.Value) {
			open = true
		}
		if !open {
			return
		}
		s.AdditionalProperties = openapi3.AdditionalProperties{}
		n++
	})
	return n, nil
}

// isEmptySchema reports whether s says nothing: {}, any JSON value.
func isEmptySchema(s *openapi3.Schema) bool {
	return s.Type.IsEmpty() && len(s.Properties) == 0 && s.Items == nil && len(s.AllOf)+len(s.OneOf)+len(s.AnyOf) == 0 && s.AdditionalProperties.Schema == nil && s.AdditionalProperties.Has == nil && len(s.Enum) == 0
}
