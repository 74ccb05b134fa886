package altegio_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"strings"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// newExampleServer stands in for https://api.alteg.io in the examples. It
// answers as Altegio does, and only to the right tokens.
func newExampleServer() *httptest.Server {
	mux := http.NewServeMux()
	reply := func(w http.ResponseWriter, status int, body string) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		io.WriteString(w, body)
	}
	authorized := func(h http.HandlerFunc) http.HandlerFunc {
		return func(w http.ResponseWriter, r *http.Request) {
			if r.Header.Get("Authorization") != "Bearer partner-token, User user-token" {
				reply(w, http.StatusUnauthorized, `{"success":false,"data":null,"meta":{"message":"Unauthorized"}}`)
				return
			}
			h(w, r)
		}
	}
	mux.HandleFunc("POST /api/v1/auth", func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		if r.Header.Get("Authorization") != "Bearer partner-token" || !strings.Contains(string(body), `"password":"secret"`) {
			reply(w, http.StatusUnauthorized, `{"success":false,"data":null,"meta":{"message":"Incorrect login or password"}}`)
			return
		}
		reply(w, http.StatusCreated, `{"success":true,"data":{"id":123456,"user_token":"user-token","name":"James Smith"},"meta":[]}`)
	})
	mux.HandleFunc("GET /api/v1/staff/1", authorized(func(w http.ResponseWriter, r *http.Request) {
		// A team member without a position has "position": [], not null.
		reply(w, http.StatusOK, `{"success":true,"data":[
			{"id":16,"name":"Anna","position":{"id":3,"title":"Barber"}},
			{"id":17,"name":"Boris","position":[]}
		],"meta":[]}`)
	}))
	mux.HandleFunc("GET /api/v2/locations/1/positions", authorized(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusOK, `{"data":[
			{"type":"position","id":"7","attributes":{"chain_id":5,"title":"Barber"}},
			{"type":"position","id":"8","attributes":{"chain_id":5,"title":"Colourist"}}
		]}`)
	}))
	mux.HandleFunc("GET /api/v2/locations/1/positions/99", authorized(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusNotFound, `{"success":false,"data":null,"meta":{"message":"Position not found"}}`)
	}))
	mux.HandleFunc("POST /api/v2/locations/1/positions", authorized(func(w http.ResponseWriter, r *http.Request) {
		reply(w, http.StatusUnprocessableEntity, `{"success":false,"data":null,"meta":{"message":"The given data was invalid.","errors":{"title":["The title field is required."]}}}`)
	}))
	return httptest.NewServer(mux)
}

// A v2 call: list the positions of location 1, with the partner token and
// the user token.
func Example() {
	srv := newExampleServer()
	defer srv.Close()

	c := b2bv2.New(
		altegio.WithTokens("partner-token", "user-token"),
		altegio.WithBaseURL(srv.URL+"/api/v2"), // leave out to call Altegio
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
		altegio.WithBaseURL(srv.URL+"/api/v2"),
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
		altegio.WithBaseURL(srv.URL+"/api/v1"),
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
		altegio.WithBaseURL(srv.URL+"/api/v1"))
	if err != nil {
		log.Fatal(err)
	}
	c := b2bv2.New(
		altegio.WithTokens("partner-token", userToken),
		altegio.WithBaseURL(srv.URL+"/api/v2"),
	)
	positions, err := c.TeamMembers.ListPositions(ctx, 1)
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(len(positions), "positions")

	_, err = altegio.Login(ctx, "partner-token", "+13155550175", "wrong",
		altegio.WithBaseURL(srv.URL+"/api/v1"))
	fmt.Println(errors.Is(err, altegio.ErrUnauthorized))
	// Output:
	// 2 positions
	// true
}
