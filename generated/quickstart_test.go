package generated_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/plumbing"
)

// TestQuickstart runs the README's quickstart against a loopback server that
// answers like Altegio's list_positions example, and checks the wire request.
func TestQuickstart(t *testing.T) {
	var gotAuth, gotAccept, gotPath string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		gotAuth, gotAccept, gotPath = r.Header.Get("Authorization"), r.Header.Get("Accept"), r.URL.Path
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprint(w, `{"data":[{"type":"position","id":"42","attributes":{"chain_id":5,"title":"Senior Stylist","description":"","services_binding_type":0,"rules_required_fields":[],"only_chain_appointment":false,"salon_ids":[1,2,3]}}]}`)
	}))
	defer srv.Close()
	ctx, partnerToken, userToken, locationID := context.Background(), "p-token", "u-token", int64(7)
	var titles []string

	// The README's snippet, with the test server's URL added.
	c := b2bv2.New(altegio.WithTokens(partnerToken, userToken), altegio.WithBaseURL(srv.URL+"/api/v2"))
	positions, err := c.TeamMembers.ListPositions(ctx, locationID) // GET /locations/{id}/positions
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range positions {
		titles = append(titles, p.ID+" "+p.Attributes.Title)
	}

	if len(titles) != 1 || titles[0] != "42 Senior Stylist" {
		t.Errorf("decoded %q", titles)
	}
	if gotPath != "/api/v2/locations/7/positions" || gotAuth != "Bearer p-token, User u-token" || gotAccept != plumbing.AcceptHeader {
		t.Errorf("request: path %q, Authorization %q, Accept %q", gotPath, gotAuth, gotAccept)
	}
}
