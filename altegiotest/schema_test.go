package altegiotest

import (
	"encoding/json"
	"fmt"
	"maps"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
)

// TestAnswersMatchTheSpec checks every operation's default answer, as the
// server sends it, against the spec it comes from: the status is a
// success status of the operation, an answer without body is one the spec
// declares none for (or a 204, which carries none), and a JSON body
// validates with kin-openapi against the response's schema in the locked
// spec with our overlay and its completion from the examples (what the
// contract test's Prism serves). The exceptions are listed in
// answerExceptions; for an answer that is the spec's own example, the
// test also proves the contradiction is Altegio's: the example breaks its
// schema in the spec as published too.
func TestAnswersMatchTheSpec(t *testing.T) {
	s := &Server{}
	seen := map[string]bool{}
	counts := map[string]int{}
	for _, api := range gen.APIs {
		data := spectest.Spec(t, api).Data
		ov, err := openapi.FS.ReadFile(openapi.OverlayFile(api.Name))
		if err != nil {
			t.Fatal(err)
		}
		served, err := gen.Patch(api, data, ov, openapi.OverlayFile(api.Name), nil)
		if err != nil {
			t.Fatal(err)
		}
		published, err := gen.LoadDocument(data, api.SpecFile())
		if err != nil {
			t.Fatal(err)
		}
		for _, op := range loadTable().byAPI[api.Name] {
			key := op.key()
			a, err := s.resolve(op, Request{}, Example(), 0)
			if err != nil {
				t.Errorf("%s: %v", key, err)
				continue
			}
			counts[api.Name]++
			verr := checkAnswer(served.Doc, op, a)
			reason, excepted := answerExceptions[key]
			seen[key] = true
			switch {
			case verr == nil && excepted:
				t.Errorf("%s (%s) now matches its schema: drop it from answerExceptions (%s)", key, op.Source, reason)
			case verr != nil && !excepted:
				t.Errorf("%s: the %d answer (from the %s) does not match the spec: %v", key, a.status, sourceText(op.Source), verr)
			case verr != nil && (op.Source == "example" || op.Source == "schema example"):
				if checkAnswer(published, op, a) == nil {
					t.Errorf("%s: the example breaks its schema only as we patch the spec, not as published: the overlay or completion should fix it (%v)", key, verr)
				}
			}
		}
	}
	for _, key := range slices.Sorted(maps.Keys(answerExceptions)) {
		if !seen[key] {
			t.Errorf("answerExceptions lists %s, which is no operation", key)
		}
	}
	if counts["b2b-v1"] != 260 || counts["b2b-v2"] != 42 {
		t.Errorf("checked %v answers, want 260 of b2b-v1 and 42 of b2b-v2", counts)
	}
}

// checkAnswer validates the answer a of op against doc.
func checkAnswer(doc *openapi3.T, op *operation, a answer) error {
	item := doc.Paths.Find(op.Route)
	if item == nil || item.GetOperation(op.Method) == nil {
		return fmt.Errorf("no %s %s in the spec", op.Method, op.Route)
	}
	resp := item.GetOperation(op.Method).Responses.Status(a.status)
	if resp == nil || resp.Value == nil {
		return fmt.Errorf("the spec declares no %d response", a.status)
	}
	if len(a.body) == 0 {
		if len(resp.Value.Content) > 0 && a.status != 204 {
			return fmt.Errorf("no body, where the spec declares %s", strings.Join(slices.Sorted(maps.Keys(resp.Value.Content)), ", "))
		}
		return nil
	}
	mt := resp.Value.Content.Get(a.contentType)
	if mt == nil {
		return fmt.Errorf("the spec declares no %s body for %d", a.contentType, a.status)
	}
	if mt.Schema == nil || mt.Schema.Value == nil {
		return fmt.Errorf("the spec gives the %s body no schema", a.contentType)
	}
	var v any
	if err := json.Unmarshal(a.body, &v); err != nil {
		return fmt.Errorf("the body is not JSON: %v", err)
	}
	err := inlined(mt.Schema, 0).Value.VisitJSON(v, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation())
	if err != nil {
		msg := strings.Join(strings.Fields(err.Error()), " ")
		if len(msg) > 400 {
			msg = msg[:400] + "…"
		}
		return fmt.Errorf("%s", msg)
	}
	return nil
}

// inlined returns a copy of ref with every reference replaced by what it
// refers to, down to 24 levels (deeper, any value): kin-openapi's JSON
// Schema 2020 validator compiles a schema alone, and cannot always find
// the components a reference names.
func inlined(ref *openapi3.SchemaRef, depth int) *openapi3.SchemaRef {
	if ref == nil || ref.Value == nil {
		return ref
	}
	if depth > 24 {
		return openapi3.NewSchemaRef("", &openapi3.Schema{})
	}
	s := *ref.Value
	one := func(r *openapi3.SchemaRef) *openapi3.SchemaRef { return inlined(r, depth+1) }
	list := func(rs openapi3.SchemaRefs) openapi3.SchemaRefs {
		if rs == nil {
			return nil
		}
		out := make(openapi3.SchemaRefs, len(rs))
		for i, r := range rs {
			out[i] = one(r)
		}
		return out
	}
	byName := func(m openapi3.Schemas) openapi3.Schemas {
		if m == nil {
			return nil
		}
		out := make(openapi3.Schemas, len(m))
		for k, r := range m {
			out[k] = one(r)
		}
		return out
	}
	s.OneOf, s.AnyOf, s.AllOf, s.PrefixItems = list(s.OneOf), list(s.AnyOf), list(s.AllOf), list(s.PrefixItems)
	s.Not, s.Items, s.Contains, s.PropertyNames = one(s.Not), one(s.Items), one(s.Contains), one(s.PropertyNames)
	s.If, s.Then, s.Else = one(s.If), one(s.Then), one(s.Else)
	s.Properties, s.PatternProperties, s.DependentSchemas, s.Defs = byName(s.Properties), byName(s.PatternProperties), byName(s.DependentSchemas), byName(s.Defs)
	s.AdditionalProperties.Schema = one(s.AdditionalProperties.Schema)
	return openapi3.NewSchemaRef("", &s)
}

// sourceText says where an answer comes from, for messages.
func sourceText(source string) string {
	switch source {
	case "example":
		return "spec's example"
	case "schema example":
		return "example of its schema"
	case "schema":
		return "schema, which has no example"
	}
	return source
}

// answerExceptions are the answers that do not match their schema, and
// why. All but three are Altegio's: the spec's own example contradicts
// the schema beside it, as published (the test proves it: date-times with
// a -0500 offset or a space, numbers sent as strings and the reverse, PHP's
// [] for an empty object), and the fake serves what the spec shows, as
// Altegio sends it; the generated client decodes each of them
// (TestResponseExamplesDecode, TestFakeServesEveryOperation). The other
// three are get_visit_receipt_pdf (an empty PDF example),
// search_client_visits (a oneOf no value can satisfy) and
// schedule_team_member_update_deprecated (no schema to check).
var answerExceptions = map[string]string{
	"b2b-v1 bulk_create_clients":                         "data.created[].last_change_date is the date-time 2026-09-08T13:33:39-0500, not RFC 3339",
	"b2b-v1 create_appointment":                          "data[].last_change_date is the date-time 2026-01-16T20:35:15-0500, not RFC 3339",
	"b2b-v1 create_client":                               "data.last_change_date is the date-time 2026-05-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 create_client_account_topup_operation":       "data.document.salon.timezone is a string where the schema says number",
	"b2b-v1 create_document":                             "data.company.timezone is a string where the schema says number; data.create_date is the date-time 2026-04-24 20:00:00, not RFC 3339",
	"b2b-v1 create_product":                              "data[].last_change_date is the date-time 2026-01-01T12:00:00-0500, not RFC 3339; data[].loyalty_abonement_type_id is a string where the schema says number; and 1 more",
	"b2b-v1 create_transaction":                          "data.last_change_date is the date-time 2026-02-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 delete_custom_field":                         "data is null where the schema says array",
	"b2b-v1 deprecated_get_client_list":                  "data[].birth_date is null where the schema says string; data[].card is a string where the schema says number; and 3 more",
	"b2b-v1 deprecated_get_product_category_list":        "meta is an array where the schema says object",
	"b2b-v1 generate_loyalty_code":                       "data.code is a number where the schema says string",
	"b2b-v1 get_appointment":                             "data.client.phone is a number where the schema says string; data.create_date is the date-time 2026-01-17T19:41:44-0500, not RFC 3339; and 1 more",
	"b2b-v1 get_appointment_list":                        "data[].create_date is the date-time 2026-01-16T20:35:11-0500, not RFC 3339; data[].documents[].date_created is the date-time 2026-01-16 16:00:00, not RFC 3339; and 1 more",
	"b2b-v1 get_booking_widget_list":                     "meta is an array where the schema says object",
	"b2b-v1 get_chain_list":                              "data[].access.clients_access is a string where the schema says number; data[].access.loyalty_access is a string where the schema says number; and 3 more",
	"b2b-v1 get_client":                                  "data.last_change_date is the date-time 2026-03-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 get_client_file_list":                        "data[].date_create is the date-time 2026-01-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 get_client_gift_cards":                       "data[].number is a number where the schema says string",
	"b2b-v1 get_client_memberships":                      "data[].number is a number where the schema says string; data[].type.title is a number where the schema says string",
	"b2b-v1 get_comments":                                "data[].rating is a number where the schema says string",
	"b2b-v1 get_document":                                "data.company.timezone is a string where the schema says number; data.create_date is the date-time 2026-04-24 20:00:00, not RFC 3339",
	"b2b-v1 get_financial_transaction":                   "data[].client.phone is a number where the schema says string; data[].date is the date-time 2026-04-13T15:34:31-0500, not RFC 3339; and 1 more",
	"b2b-v1 get_loyalty_card_list_by_client_id":          "number is a number where the schema says string",
	"b2b-v1 get_loyalty_card_list_by_phone":              "number is a number where the schema says string",
	"b2b-v1 get_membership_list":                         "the body is an array where the schema says object",
	"b2b-v1 get_partner_appointment_list":                "data[].create_date is the date-time 2026-11-17T16:08:08-0500, not RFC 3339; data[].datetime is the date-time 2026-11-17T00:00:00-0500, not RFC 3339; and 1 more",
	"b2b-v1 get_product":                                 "data[].last_change_date is the date-time 2026-01-01T12:00:00-0500, not RFC 3339; data[].loyalty_abonement_type_id is a string where the schema says number; and 1 more",
	"b2b-v1 get_product_category_list_by_ids":            "meta is an array where the schema says object",
	"b2b-v1 get_service":                                 "data[].api_id is a number where the schema says string",
	"b2b-v1 get_service_category":                        "data is an object where the schema says array",
	"b2b-v1 get_tag_list_by_entity":                      "data[].deleted is a number where the schema says string; data[].entity is a number where the schema says string; and 3 more",
	"b2b-v1 get_team_member_payroll_calculation":         "data.salary_items[].cost is a number where the schema says null or string; data.salary_items[].paid.abonement_sum is a number where the schema says string; and 12 more",
	"b2b-v1 get_team_member_salary_calculation":          "data.total_sum.balance is a number where the schema says string; data.total_sum.expense is a number where the schema says string; and 1 more",
	"b2b-v1 get_team_member_salary_period":               "data.goods_sales_sum is a number where the schema says string; data.salary is a number where the schema says string; and 2 more",
	"b2b-v1 get_team_member_schedule":                    "data[].is_working is a number where the schema says boolean",
	"b2b-v1 get_team_member_service_bill_of_materials":   "data is an object where the schema says array",
	"b2b-v1 get_transaction":                             "data.good.loyalty_abonement_type_id is a string where the schema says number; data.good.loyalty_certificate_type_id is a string where the schema says number",
	"b2b-v1 get_transactions":                            "data[].client.phone is a number where the schema says string; data[].date is the date-time 2026-04-13T15:34:31-0500, not RFC 3339; and 1 more",
	"b2b-v1 get_transactions_by_visit_or_appointment_id": "data[].client.phone is a number where the schema says string; data[].date is the date-time 2026-04-13T15:34:31-0500, not RFC 3339; and 1 more",
	"b2b-v1 get_user_gift_cards":                         "data[].number is a number where the schema says string",
	"b2b-v1 get_user_loyalty_cards":                      "number is a number where the schema says string",
	"b2b-v1 get_user_memberships":                        "data[].number is a number where the schema says string; data[].type.title is a number where the schema says string",
	"b2b-v1 get_visit":                                   "data.records[].api_id is a number where the schema says string; data.records[].client.card is a number where the schema says string; and 2 more",
	"b2b-v1 get_visit_receipt_pdf":                       "the spec's PDF example is empty: the fake sends no body, where the spec declares application/pdf",
	"b2b-v1 issue_loyalty_card":                          "number is a number where the schema says string",
	"b2b-v1 leave_comment":                               "data.rating is a number where the schema says string",
	"b2b-v1 patch_service":                               "data.api_id is a number where the schema says string",
	"b2b-v1 print_fiscal_receipt":                        "data.bill_json[] is an array where the schema says object",
	"b2b-v1 schedule_team_member_update_deprecated":      "the 201 response declares application/json with neither schema nor example: the fake sends Altegio's envelope with data null",
	"b2b-v1 search_client_visits":                        "built from the schema: tips is a oneOf of two alternatives of one shape (tips_reduce and tips_reduce_with_full_info), so every value matches both",
	"b2b-v1 search_events":                               "data[].staff.show_rating is a boolean where the schema says integer",
	"b2b-v1 search_for_product_transactions":             "data[].clients.phone is a number where the schema says string; data[].create_date is the date-time 2026-12-21T19:08:00-0500, not RFC 3339; and 1 more",
	"b2b-v1 search_team_member_calculation_daily_salary": "data.payroll_daily[].payroll_sum.balance is a number where the schema says string; data.payroll_daily[].payroll_sum.expense is a number where the schema says string; and 1 more",
	"b2b-v1 search_team_member_calculation_salary":       "data.total_sum.balance is a number where the schema says string; data.total_sum.expense is a number where the schema says string; and 1 more",
	"b2b-v1 search_team_member_period_daily_salary":      "data.period_calculation_daily[].period_calculation.goods_sales_sum is a number where the schema says string; data.period_calculation_daily[].period_calculation.salary is a number where the schema says string; and 2 more",
	"b2b-v1 search_team_member_period_salary":            "data.goods_sales_sum is a number where the schema says string; data.salary is a number where the schema says string; and 2 more",
	"b2b-v1 update_appointment_calendar_settings":        "data.record_type is 90, above the maximum 2",
	"b2b-v1 update_client":                               "data.last_change_date is the date-time 2026-06-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 update_custom_field":                         "data is null where the schema says array",
	"b2b-v1 update_document":                             "data.company.timezone is a string where the schema says number",
	"b2b-v1 update_financial_transaction":                "data[].client.phone is a number where the schema says string; data[].date is the date-time 2026-04-13T15:34:31-0500, not RFC 3339; and 1 more",
	"b2b-v1 update_product":                              "data[].last_change_date is the date-time 2026-01-01T12:00:00-0500, not RFC 3339; data[].loyalty_abonement_type_id is a string where the schema says number; and 1 more",
	"b2b-v1 update_service_category":                     "data is an object where the schema says array",
	"b2b-v1 update_team_member":                          "data.fired is a string where the schema says number; data.hidden is a string where the schema says number; and 1 more",
	"b2b-v1 update_transaction":                          "data.last_change_date is the date-time 2026-02-01T12:00:00-0500, not RFC 3339",
	"b2b-v1 upload_image":                                "data lacks the required image_group (the example spells it \"image_group \", with a space)",
}
