package altegio_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/plumbing"
)

// fakeAltegio is a stand-in for the API in the examples.
func fakeAltegio() *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/api/v2/locations/1/positions":
			fmt.Fprintf(w, `{"success":true,"data":[{"id":"7","title":"Barber"}],"meta":[]}`)
		case "/api/v1/auth":
			w.WriteHeader(http.StatusCreated)
			io.WriteString(w, `{"success":true,"data":{"id":1,"user_token":"u-token-from-login"},"meta":[]}`)
		default:
			w.WriteHeader(http.StatusNotFound)
			io.WriteString(w, `{"success":false,"data":null,"meta":{"message":"Position not found"}}`)
		}
	}))
}

func ExampleNewClient() {
	srv := fakeAltegio()
	defer srv.Close()

	c := altegio.NewClient(altegio.DefaultV2BaseURL,
		altegio.WithBaseURL(srv.URL+"/api/v2"),
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

	c := altegio.NewClient(srv.URL+"/api/v2", altegio.WithTokens("partner-token", "user-token"))
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
		altegio.WithBaseURL(srv.URL+"/api/v1"))
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
