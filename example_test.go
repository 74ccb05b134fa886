package altegio_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/plumbing"
)

// fakeAltegio is a stand-in for the API in the examples: altegiotest's
// fake, with the answers they show.
func fakeAltegio() *altegiotest.Server {
	srv := altegiotest.Start(altegiotest.WithTokens("partner-token", "user-token"))
	srv.On("list_positions", altegiotest.JSON(http.StatusOK, json.RawMessage(`{"success":true,"data":[{"id":"7","title":"Barber"}],"meta":[]}`)))
	srv.On("get_position", altegiotest.Error(http.StatusNotFound, "Position not found"))
	srv.On("authorize_user", altegiotest.Data(map[string]any{"id": 1, "user_token": "u-token-from-login"}))
	return srv
}

func ExampleNewClient() {
	srv := fakeAltegio()
	defer srv.Close()

	c := altegio.NewClient(altegio.DefaultV2BaseURL,
		altegio.WithBaseURL(srv.V2URL()),
		altegio.WithTokens("partner-token", "user-token"))

	// The generated clients build requests like this one and call Do.
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL()+"/locations/1/positions", nil)
	var res struct {
		Data []struct {
			ID    int64  `json:"id"` // sent as a string: decoded leniently
			Title string `json:"title"`
		} `json:"data"`
	}
	if err := plumbing.Do(c, context.Background(), req, plumbing.AuthPartnerUser, &res); err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(res.Data[0].ID, res.Data[0].Title)
	// Output: 7 Barber
}

func ExampleAPIError() {
	srv := fakeAltegio()
	defer srv.Close()

	c := altegio.NewClient(srv.V2URL(), altegio.WithTokens("partner-token", "user-token"))
	req, _ := http.NewRequest(http.MethodGet, c.BaseURL()+"/locations/1/positions/99", nil)
	err := plumbing.Do(c, context.Background(), req, plumbing.AuthPartnerUser, nil)

	fmt.Println(errors.Is(err, altegio.ErrNotFound))
	var apiErr *altegio.APIError
	if errors.As(err, &apiErr) {
		fmt.Println(apiErr.StatusCode, apiErr.Message)
	}
	fmt.Println(err)
	// Output:
	// true
	// 404 Position not found
	// altegio: GET /locations/1/positions/99: 404 Not Found: Position not found
}

func ExampleLogin() {
	srv := fakeAltegio()
	defer srv.Close()

	userToken, err := altegio.Login(context.Background(), "partner-token", "+13155550175", "password",
		altegio.WithBaseURL(srv.V1URL()))
	if err != nil {
		fmt.Println(err)
		return
	}
	fmt.Println(userToken)
	// Output: u-token-from-login
}

func ExampleObject() {
	type position struct {
		ID    int64  `json:"id"`
		Title string `json:"title"`
	}
	type member struct {
		Name     string                   `json:"name"`
		Position altegio.Object[position] `json:"position"`
	}
	for _, body := range []string{
		`{"name":"Anna","position":{"id":"3","title":"Barber"}}`,
		`{"name":"Boris","position":[]}`,
	} {
		var m member
		if err := altegio.Unmarshal([]byte(body), &m); err != nil {
			fmt.Println(err)
			continue
		}
		if p, ok := m.Position.Value(); ok {
			fmt.Println(m.Name, "is a", p.Title)
		} else {
			fmt.Println(m.Name, "has no position")
		}
	}
	// Output:
	// Anna is a Barber
	// Boris has no position
}

func ExampleTime() {
	var v struct {
		Created altegio.Time `json:"created"`
		Deleted altegio.Time `json:"deleted"`
		Day     altegio.Date `json:"day"`
	}
	_ = altegio.Unmarshal([]byte(`{"created":"2026-06-13 12:00:00","deleted":"0000-00-00 00:00:00","day":"2026-06-13T23:30:00-0500"}`), &v)
	fmt.Println(v.Created.Format("2006-01-02T15:04:05Z07:00"), v.Deleted.IsZero(), v.Day)
	// Output: 2026-06-13T12:00:00Z true 2026-06-13
}
