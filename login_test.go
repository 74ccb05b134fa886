package altegio

import (
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// authExample is the 201 example of POST /auth in the v1 spec.
const authExample = `{"success":true,"data":{"id":123456,"user_token":"wec23fh8cDfFV4432fc352456","name":"James Smith","phone":"+13155550175","login":"j.smith","email":"j.smith@example.com","avatar":"https://assets.alteg.io/general/0/01/123456789098765_12345678909876.png","is_approved":true,"is_email_confirmed":false},"meta":[]}`

// authServer is a fake /api/v1/auth that accepts one login and password.
func authServer(t *testing.T, hits *int) *httptest.Server {
	t.Helper()
	ts := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		*hits++
		if r.Method != "POST" || r.URL.Path != "/api/v1/auth" || r.URL.RawQuery != "" {
			t.Errorf("request = %s %s", r.Method, r.URL)
		}
		h := r.Header
		if h.Get("Authorization") != "Bearer "+testPartner || h.Get("Content-Type") != "application/json" ||
			h.Get("Accept") != acceptMediaType || !strings.HasPrefix(h.Get("User-Agent"), "altegio-go/") {
			t.Errorf("headers = %v", h)
		}
		b, _ := io.ReadAll(r.Body)
		var body map[string]string
		if err := json.Unmarshal(b, &body); err != nil || len(body) != 2 {
			t.Errorf("body = %s", b)
		}
		w.Header().Set("Content-Type", "application/json")
		if body["login"] == "+13155550175" && body["password"] == testPassword {
			w.WriteHeader(201)
			io.WriteString(w, authExample)
			return
		}
		w.WriteHeader(401)
		// A careless server that echoes what it got.
		io.WriteString(w, `{"success":false,"data":null,"meta":{"message":"Incorrect login or password: `+body["password"]+`"}}`)
	}))
	t.Cleanup(ts.Close)
	return ts
}

func TestLogin(t *testing.T) {
	var hits int
	ts := authServer(t, &hits)
	c := NewClient(ts.URL+"/api/v1", WithTokens(testPartner, ""))
	tok, err := c.Login(context.Background(), "+13155550175", testPassword)
	if track(t, err) != nil || tok != loginToken {
		t.Fatalf("Login = %q, %v", tok, err)
	}

	tok, err = Login(context.Background(), testPartner, "+13155550175", testPassword, WithBaseURL(ts.URL+"/api/v1/"))
	if track(t, err) != nil || tok != loginToken {
		t.Fatalf("package Login = %q, %v", tok, err)
	}
	if hits != 2 {
		t.Errorf("hits = %d", hits)
	}
}

func TestLoginWrongPassword(t *testing.T) {
	var hits int
	ts := authServer(t, &hits)
	wrong := testPassword + "-wrong"
	tok, err := Login(context.Background(), testPartner, "+13155550175", wrong, WithBaseURL(ts.URL+"/api/v1"))
	track(t, err)
	if tok != "" || !errors.Is(err, ErrUnauthorized) {
		t.Fatalf("Login = %q, %v", tok, err)
	}
	if strings.Contains(err.Error(), wrong) {
		t.Errorf("error shows the password: %s", err)
	}
	if want := "altegio: POST /auth: 401 Unauthorized: Incorrect login or password: [REDACTED]"; err.Error() != want {
		t.Errorf("Error() = %q", err)
	}
}

func TestLoginBadResponses(t *testing.T) {
	cases := map[string]string{
		"no token":  `{"success":true,"data":{"id":1},"meta":[]}`,
		"null data": `{"success":true,"data":null}`,
		"garbage":   `{"success":true,"data":{"id":1,"user_token":"` + loginToken + `"`,
		"bad type":  `{"success":true,"data":{"user_token":["` + loginToken + `"]}}`,
	}
	for name, body := range cases {
		ts := newTestServer(t, 201, body)
		c := NewClient(ts.URL, WithTokens(testPartner, ""))
		tok, err := c.Login(context.Background(), "a@example.com", testPassword)
		track(t, err)
		if tok != "" || err == nil {
			t.Errorf("%s: Login = %q, %v", name, tok, err)
		}
		var de *DecodeError
		if errors.As(err, &de) && de.Body != "" {
			t.Errorf("%s: DecodeError keeps the body", name)
		}
	}
	// No partner token: nothing is sent.
	ts := newTestServer(t, 201, authExample)
	_, err := NewClient(ts.URL).Login(context.Background(), "a@example.com", testPassword)
	if !errors.Is(track(t, err), ErrMissingToken) || ts.hits.Load() != 0 {
		t.Errorf("err = %v, hits = %d", err, ts.hits.Load())
	}
}
