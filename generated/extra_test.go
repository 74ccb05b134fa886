package generated_test

import (
	"encoding/json"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// withMembers decodes the JSON object body, lets add change it and encodes
// it again.
func withMembers(t *testing.T, body []byte, add func(root map[string]any)) []byte {
	t.Helper()
	var root map[string]any
	if err := json.Unmarshal(body, &root); err != nil {
		t.Fatal(err)
	}
	add(root)
	out, err := json.Marshal(root)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestUndeclaredMembersReachTheCaller sends members no schema declares at
// several depths of real response bodies (the spec's own examples) and
// checks that each is readable with altegio.Extra, typed, and that encoding
// the decoded value again gives back every member of the body.
func TestUndeclaredMembersReachTheCaller(t *testing.T) {
	t.Run("get_appointment_list", func(t *testing.T) {
		body := withMembers(t, specResponseExample(t, "b2b-v1", "get_appointment_list"), func(root map[string]any) {
			root["request_id"] = "r-1"
			rec := root["data"].([]any)[0].(map[string]any)
			rec["resource_instances"] = []any{map[string]any{"id": 7, "title": "Chair 2"}}
			rec["client"] = map[string]any{"id": 5, "name": "Ann", "loyalty_level": 3}
			rec["custom_fields"] = map[string]any{"allergy": "none"}
			rec["staff"].(map[string]any)["rating_v2"] = 4.5
		})
		var out b2bv1.RecordsCompanyResponse
		if err := altegio.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		if id, err := altegio.Extra[string](out.ExtraFields, "request_id"); err != nil || id != "r-1" {
			t.Errorf("top level request_id: %q, %v", id, err)
		}
		rec := out.Data[0]
		type instance struct {
			ID    int64  `json:"id"`
			Title string `json:"title"`
		}
		if ri, err := altegio.Extra[[]instance](rec.ExtraFields, "resource_instances"); err != nil || len(ri) != 1 || ri[0] != (instance{7, "Chair 2"}) {
			t.Errorf("data[0].resource_instances: %+v, %v", ri, err)
		}
		if lvl, err := altegio.Extra[int](rec.Client.ExtraFields, "loyalty_level"); err != nil || lvl != 3 {
			t.Errorf("data[0].client.loyalty_level: %d, %v", lvl, err)
		}
		if r, err := altegio.Extra[float64](rec.Staff.ExtraFields, "rating_v2"); err != nil || r != 4.5 {
			t.Errorf("data[0].staff.rating_v2: %v, %v", r, err)
		}
		if cf, ok := rec.CustomFields.Value(); !ok {
			t.Error("data[0].custom_fields: no value")
		} else if v := cf["allergy"]; v != "none" {
			t.Errorf("data[0].custom_fields.allergy (a map inside altegio.Object): %v", v)
		}
		assertSameJSON(t, body, &out)
	})
	t.Run("get_location entity", func(t *testing.T) {
		body := withMembers(t, specSchemaExample(t, "b2b-v1", "company_get_response_data_types"), func(root map[string]any) {
			data := root["data"].(map[string]any)
			data["push_notification_phone_confirm"] = map[string]any{"enabled": true, "undeclared": "kept"}
			data["new_flag"] = true
		})
		var out b2bv1.GetLocationResponse
		if err := altegio.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		// The Location entity keeps what it does not declare in ExtraFields.
		if f, err := altegio.Extra[bool](out.Data.ExtraFields, "new_flag"); err != nil || !f {
			t.Errorf("data.new_flag: %v, %v", f, err)
		}
		assertSameJSON(t, body, &out)
	})
	t.Run("list_positions", func(t *testing.T) {
		body := withMembers(t, specResponseExample(t, "b2b-v2", "list_positions"), func(root map[string]any) {
			item := root["data"].([]any)[0].(map[string]any)
			item["relationships"] = map[string]any{"team_members": []any{1, 2}}
			item["attributes"].(map[string]any)["color"] = "#fff"
		})
		var out b2bv2.ListPositionsResponse
		if err := altegio.Unmarshal(body, &out); err != nil {
			t.Fatal(err)
		}
		if c, err := altegio.Extra[string](out.Data[0].Attributes.ExtraFields, "color"); err != nil || c != "#fff" {
			t.Errorf("data[0].attributes.color: %q, %v", c, err)
		}
		assertSameJSON(t, body, &out)
	})
}

// assertSameJSON checks that v encodes to the JSON document want, member
// for member (a round trip of want through v's type).
func assertSameJSON(t *testing.T, want []byte, v any) {
	t.Helper()
	got, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	r := checkRoundTrip(want, v)
	if r.err != nil || len(r.lost) > 0 || len(r.changed) > 0 {
		t.Errorf("%T: round trip of %d values lost %v, changed %v (%v)\nencoded: %.600s", v, r.values, r.lost, r.changed, r.err, got)
	}
}
