package altegio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"log"
	"net/http"
	"strings"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// newExampleServer stands in for https://api.alteg.io in the examples:
// altegiotest's fake, which answers as Altegio does, and only to the right
// tokens.
func newExampleServer() *altegiotest.Server {
	srv := altegiotest.Start(altegiotest.WithTokens("partner-token", "user-token"))
	srv.On("authorize_user", altegiotest.Func(func(r altegiotest.Request) altegiotest.Response {
		if !strings.Contains(string(r.Body), `"password":"secret"`) {
			return altegiotest.Error(http.StatusUnauthorized, "Incorrect login or password")
		}
		return altegiotest.Data(map[string]any{"id": 123456, "user_token": "user-token", "name": "James Smith"})
	}))
	// A team member without a position has "position": [], not null.
	srv.On("get_team_member_list", altegiotest.Data(json.RawMessage(`[
		{"id":16,"name":"Anna","position":{"id":3,"title":"Barber"}},
		{"id":17,"name":"Boris","position":[]}
	]`)))
	srv.On("list_positions", altegiotest.Data(json.RawMessage(`[
		{"type":"position","id":"7","attributes":{"chain_id":5,"title":"Barber"}},
		{"type":"position","id":"8","attributes":{"chain_id":5,"title":"Colourist"}}
	]`)))
	srv.On("get_position", altegiotest.Error(http.StatusNotFound, "Position not found"))
	srv.On("create_position", altegiotest.JSON(http.StatusUnprocessableEntity, json.RawMessage(`{"success":false,"data":null,"meta":{"message":"The given data was invalid.","errors":{"title":["The title field is required."]}}}`)))
	return srv
}

// A v2 call: list the positions of location 1, with the partner token and
// the user token.
func Example() {
	srv := newExampleServer()
	defer srv.Close()

	c := b2bv2.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.V2URL()), // leave out to call Altegio
	)
	positions, err := c.TeamMembers.ListPositions(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, p := range positions {
		fmt.Println(p.ID, p.Attributes.Title)
	}
	// Output:
	// 7 Barber
	// 8 Colourist
}

// Every answer other than 2xx is an *altegio.APIError: test for the common
// statuses with errors.Is, and reach Altegio's message and the field errors
// of a 422 with errors.As.
func Example_errors() {
	srv := newExampleServer()
	defer srv.Close()
	ctx := context.Background()
	c := b2bv2.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.V2URL()),
	)

	_, err := c.TeamMembers.GetPosition(ctx, 1, 99)
	if errors.Is(err, altegio.ErrNotFound) {
		fmt.Println("not found:", err)
	}

	_, err = c.TeamMembers.CreatePosition(ctx, 1, b2bv2.PositionRequest{Title: ""})
	var apiErr *altegio.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
		fmt.Println("title:", apiErr.FieldErrors["title"])
	}
	// Output:
	// not found: altegio: GET /locations/1/positions/99: 404 Not Found: Position not found
	// 422 The given data was invalid.
	// title: [The title field is required.]
}

// Altegio sends an absent object as [] or null as often as it leaves it
// out: such fields are an altegio.Object, whose Value says whether there is
// one. Here a team member's position.
func Example_union() {
	srv := newExampleServer()
	defer srv.Close()
	c := b2bv1.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.V1URL()),
	)

	staff, err := c.TeamMembers.List(context.Background(), 1)
	if err != nil {
		log.Fatal(err)
	}
	for _, m := range staff {
		if pos, ok := m.Position.Value(); ok {
			fmt.Println(*m.Name, "is a", *pos.Title)
		} else {
			fmt.Println(*m.Name, "has no position")
		}
	}
	// Output:
	// Anna is a Barber
	// Boris has no position
}

// Log a user in with their login and password to get their user token,
// then call the API as that user.
func Example_login() {
	srv := newExampleServer()
	defer srv.Close()
	ctx := context.Background()

	userToken, err := altegio.Login(ctx, "partner-token", "+13155550175", "secret",
		altegio.WithBaseURL(srv.V1URL()))
	if err != nil {
		log.Fatal(err)
	}
	c := b2bv2.New(
		altegio.WithTokens("partner-token", userToken),
		altegio.WithBaseURL(srv.V2URL()),
	)
	positions, err := c.TeamMembers.ListPositions(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(positions), "positions")

	_, err = altegio.Login(ctx, "partner-token", "+13155550175", "wrong",
		altegio.WithBaseURL(srv.V1URL()))
	fmt.Println(errors.Is(err, altegio.ErrUnauthorized))
	// Output:
	// 2 positions
	// true
}
