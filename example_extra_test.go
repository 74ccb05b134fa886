package altegio_test

import (
	"context"
	"encoding/json"
	"fmt"
	"log"
	"net/http"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// ExampleExtra reads a member the spec does not declare: the position's
// colour, which this server sends beside the declared attributes.
func ExampleExtra() {
	srv := altegiotest.Start()
	defer srv.Close()
	srv.On("list_positions", altegiotest.JSON(http.StatusOK, json.RawMessage(`{"data":[{"type":"position","id":"7","attributes":{"chain_id":5,"title":"Barber","color":"#ffcc00"}}]}`)))
	c := b2bv2.New(altegio.WithTokens("partner-token", "user-token"), altegio.WithBaseURL(srv.V2URL()))

	positions, err := c.TeamMembers.ListPositions(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	attrs := positions[0].Attributes
	color, err := altegio.Extra[string](attrs.ExtraFields, "color")
	fmt.Println(attrs.Title, color, err)
	// Output: Barber #ffcc00 <nil>
}

// ExampleWithJSONSet sends a member the request type does not have.
func ExampleWithJSONSet() {
	srv := altegiotest.Start()
	defer srv.Close()
	c := b2bv2.New(altegio.WithTokens("partner-token", "user-token"), altegio.WithBaseURL(srv.V2URL()))

	body := b2bv2.PositionRequest{Title: "Nail artist"}
	_, err := c.TeamMembers.CreatePosition(context.Background(), 1, body,
		altegio.WithJSONSet("color", "#ffcc00"),
		altegio.WithQuerySet("lang", "en"),
	)
	if err != nil {
		log.Fatal(err)
	}
	sent := srv.Requests()[0]
	fmt.Printf("%s %s?%s %s\n", sent.Method, sent.Path, sent.Query.Encode(), sent.Body)
	// Output: POST /locations/1/positions?lang=en {"color":"#ffcc00","title":"Nail artist"}
}
