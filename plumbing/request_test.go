package plumbing

import (
	"io"
	"strings"
	"testing"
)

func TestRequestBuilder(t *testing.T) {
	var b RequestBuilder
	b.Path("simple", false, "location_id", int64(7))
	b.PathRaw("a b")
	b.Query("form", true, "ids", []int64{1, 2})
	b.Query("form", false, "tags", []string{"x", "y"})
	b.QueryRaw("q", "a&b")
	b.QueryJSON("filter", map[string]int{"n": 1})
	b.Header("simple", false, "X-Count", 3)
	b.HeaderJSON("X-Obj", []int{1})
	b.Cookie(false, "c", "v w")
	b.CookieJSON("j", map[string]string{"k": "v"})
	req, err := b.Build("https://api.example/api/v1/", "POST", "/records/%s/%s", true, "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	if got, want := req.URL.String(), "https://api.example/api/v1/records/7/a%20b?ids=1&ids=2&tags=x,y&filter=%7B%22n%22%3A1%7D&q=a%26b"; got != want {
		t.Errorf("URL\n got %s\nwant %s", got, want)
	}
	if req.Method != "POST" || req.Header.Get("Content-Type") != "application/json" || req.Header.Get("X-Count") != "3" || req.Header.Get("X-Obj") != "[1]" {
		t.Errorf("request: %s %v", req.Method, req.Header)
	}
	if got := req.Header.Get("Cookie"); got != `c=v w; j=%7B%22k%22%3A%22v%22%7D` && got != `c="v w"; j=%7B%22k%22%3A%22v%22%7D` {
		t.Errorf("cookies: %q", got)
	}
	if body, _ := io.ReadAll(req.Body); string(body) != `{}` {
		t.Errorf("body %q", body)
	}

	// The route resolves against the server URL as a relative reference
	// (the clients pass it with a trailing slash): its query does not
	// carry over. A request without a body has no Content-Type.
	var plain RequestBuilder
	req, err = plain.Build("https://api.example/api/v1/?b=2", "GET", "/x", false, "", nil)
	if err != nil || req.URL.String() != "https://api.example/api/v1/x" || req.Header.Get("Content-Type") != "" || req.Body != nil {
		t.Fatalf("plain: %v %q %v", err, req.URL.RawQuery, req.Header)
	}

	// The first error is Build's, and nothing is built.
	var bad RequestBuilder
	bad.Path("simple", false, "id", (*int)(nil))
	bad.Query("form", true, "page", nil)
	if _, err := bad.Build("https://api.example", "GET", "/x/%s", true, "", nil); err == nil || !strings.Contains(err.Error(), "parameter id") {
		t.Fatalf("error: %v", err)
	}
}
