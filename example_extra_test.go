package altegio_test

import (
	"context"
	"fmt"
	"io"
	"log"
	"net/http"
	"net/http/httptest"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// ExampleExtra reads a member the spec does not declare: the position's
// colour, which this server sends beside the declared attributes.
func ExampleExtra() {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		io.WriteString(w, `{"data":[{"type":"position","id":"7","attributes":{"chain_id":5,"title":"Barber","color":"#ffcc00"}}]}`)
	}))
	defer srv.Close()
	c := b2bv2.New(altegio.WithTokens("partner-token", "user-token"), altegio.WithBaseURL(srv.URL))

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
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		body, _ := io.ReadAll(r.Body)
		fmt.Printf("%s %s?%s %s\n", r.Method, r.URL.Path, r.URL.RawQuery, body)
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(http.StatusCreated)
		io.WriteString(w, `{"data":{"type":"position","id":"9","attributes":{"title":"Nail artist"}}}`)
	}))
	defer srv.Close()
	c := b2bv2.New(altegio.WithTokens("partner-token", "user-token"), altegio.WithBaseURL(srv.URL))

	body := b2bv2.PositionRequest{Title: "Nail artist"}
	_, err := c.TeamMembers.CreatePosition(context.Background(), 1, body,
		altegio.WithJSONSet("color", "#ffcc00"),
		altegio.WithQuerySet("lang", "en"),
	)
	if err != nil {
		log.Fatal(err)
	}
	// Output: POST /locations/1/positions?lang=en {"color":"#ffcc00","title":"Nail artist"}
}
