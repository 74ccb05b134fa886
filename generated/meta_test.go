package generated_test

import (
	"encoding/json"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestWithMeta: a method that returns an envelope's data hands its meta,
// decoded with the data, to altegio.WithMeta: to a destination of the
// meta's type (with the members it does not declare), to any other
// destination (read from the body then), and not at all when the response
// has none.
func TestWithMeta(t *testing.T) {
	srv := altegiotest.NewServer(t)
	api := b2bv1.New(altegio.WithTokens("partner", "user"), altegio.WithBaseURL(srv.V1URL()))
	items := []b2bv1.Appointment{{ID: altegio.Ptr(int64(1))}}
	srv.On("get_appointment_list",
		altegiotest.Data(items).WithMeta(map[string]any{"total_count": 41, "page": 2, "undeclared": "kept"}),
		altegiotest.Data(items).WithMeta(map[string]any{"total_count": 41}),
		altegiotest.JSON(200, map[string]any{"success": true, "data": items}))

	var meta b2bv1.ListMeta
	if _, err := api.Appointments.List(t.Context(), 1, b2bv1.GetAppointmentListParams{}, altegio.WithMeta(&meta)); err != nil {
		t.Fatal(err)
	}
	if meta.GetTotalCount() != 41 || meta.GetPage() != 2 || string(meta.ExtraFields["undeclared"]) != `"kept"` {
		t.Fatalf("typed meta: %+v", meta)
	}

	var raw map[string]any
	if _, err := api.Appointments.List(t.Context(), 1, b2bv1.GetAppointmentListParams{}, altegio.WithMeta(&raw)); err != nil {
		t.Fatal(err)
	}
	if b, _ := json.Marshal(raw); string(b) != `{"total_count":41}` {
		t.Fatalf("meta into a map: %s", b)
	}

	kept := b2bv1.ListMeta{TotalCount: altegio.Ptr(int64(7))}
	if _, err := api.Appointments.List(t.Context(), 1, b2bv1.GetAppointmentListParams{}, altegio.WithMeta(&kept)); err != nil {
		t.Fatal(err)
	}
	if kept.GetTotalCount() != 7 {
		t.Fatalf("a response without meta changed the destination: %+v", kept)
	}
}
