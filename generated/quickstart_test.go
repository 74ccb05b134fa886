package generated_test

import (
	"context"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/plumbing"
)

// TestQuickstart runs the README's quickstart against altegiotest's fake,
// which answers with Altegio's list_positions example and checks the wire
// request (the tokens, by WithTokens).
func TestQuickstart(t *testing.T) {
	ctx, partnerToken, userToken, locationID := context.Background(), "p-token", "u-token", int64(7)
	srv := altegiotest.NewServer(t, altegiotest.WithTokens(partnerToken, userToken))
	var titles []string

	// The README's snippet, with the fake's URL added.
	c := b2bv2.New(altegio.WithTokens(partnerToken, userToken), altegio.WithBaseURL(srv.V2URL()))
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
	if r := srv.Requests(); len(r) != 1 || r[0].Path != "/locations/7/positions" || r[0].Header.Get("Authorization") != "Bearer [REDACTED], User [REDACTED]" || r[0].Header.Get("Accept") != plumbing.AcceptHeader {
		t.Errorf("requests %+v", r)
	}
}
