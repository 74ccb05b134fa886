package generated_test

import (
	"context"
	"testing"

	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestAcceptHeader pins the exact Accept header on the wire: Altegio's
// vendor media type alone, as every request example of its reference sends
// it (the v2 reference: "Required B2B v2 response media type. Use
// application/vnd.api.v2+json. A charset parameter is also accepted.").
// An operation whose success body is not JSON also names its media type.
// The contract test serves Prism a spec that declares the vendor type on
// its JSON responses (TestContract/*/accept).
func TestAcceptHeader(t *testing.T) {
	const want = "application/vnd.api.v2+json"
	ws := newWireServer(t)
	ctx := context.Background()
	for _, tc := range []struct {
		name string
		call func() error
		want string
	}{
		{"v2 list_positions", func() error { _, err := ws.v2().TeamMembers.ListPositions(ctx, 1); return err }, want},
		{"v1 get_location", func() error { _, err := ws.v1().Locations.Get(ctx, 1, b2bv1.GetLocationParams{}); return err }, want},
		{"v1 get_visit_receipt_pdf, a PDF", func() error { _, err := ws.v1().Appointments.GetVisitReceiptPDF(ctx, 1); return err }, want + ", application/pdf;q=0.8"},
	} {
		if err := tc.call(); err != nil {
			t.Fatalf("%s: %v", tc.name, err)
		}
		reqs := ws.take()
		if len(reqs) != 1 {
			t.Fatalf("%s: %d requests", tc.name, len(reqs))
		}
		if got := reqs[0].Header.Values("Accept"); len(got) != 1 || got[0] != tc.want {
			t.Errorf("%s: Accept %q, want %q", tc.name, got, tc.want)
		}
	}
}
