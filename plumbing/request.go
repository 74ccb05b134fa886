package plumbing

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
)

// RequestBuilder builds the request of a generated method: its path
// parameters styled into the route, its query and header parameters, and
// its body. A generated builder calls one method per parameter it has and
// then Build; the first error any of them meets is Build's.
//
// It builds, for every request, exactly what oapi-codegen's generated
// request builders build (the wire tests hold every operation to it), in
// a few lines per operation rather than a dozen per parameter.
type RequestBuilder struct {
	path      []any
	fragments []string   // styled query parameters, encoded
	values    url.Values // passthrough and JSON query parameters
	headers   [][2]string
	cookies   []*http.Cookie
	err       error
}

// fail keeps the first error.
func (b *RequestBuilder) fail(err error) {
	if b.err == nil {
		b.err = err
	}
}

// Path adds the next path parameter, styled (StyleParam) for the path.
func (b *RequestBuilder) Path(style string, explode bool, name string, value any) {
	s, err := StyleParam(style, explode, name, ParamInPath, value)
	if err != nil {
		b.fail(err)
	}
	b.path = append(b.path, s)
}

// PathRaw adds the next path parameter as it is.
func (b *RequestBuilder) PathRaw(value string) { b.path = append(b.path, value) }

// PathJSON adds the next path parameter as its JSON.
func (b *RequestBuilder) PathJSON(value any) {
	buf, err := json.Marshal(value)
	if err != nil {
		b.fail(err)
	}
	b.path = append(b.path, string(buf))
}

// Query adds a query parameter, styled (StyleParam) for the query: its
// fragments keep their commas as the style's delimiters.
func (b *RequestBuilder) Query(style string, explode bool, name string, value any) {
	frag, err := StyleParam(style, explode, name, ParamInQuery, value)
	if err != nil {
		b.fail(err)
		return
	}
	b.fragments = append(b.fragments, strings.Split(frag, "&")...)
}

// QueryRaw adds a query parameter as it is.
func (b *RequestBuilder) QueryRaw(name, value string) {
	if b.values == nil {
		b.values = url.Values{}
	}
	b.values.Add(name, value)
}

// QueryJSON adds a query parameter as its JSON.
func (b *RequestBuilder) QueryJSON(name string, value any) {
	buf, err := json.Marshal(value)
	if err != nil {
		b.fail(err)
		return
	}
	b.QueryRaw(name, string(buf))
}

// Header sets a header parameter, styled (StyleParam) for a header.
func (b *RequestBuilder) Header(style string, explode bool, name string, value any) {
	s, err := StyleParam(style, explode, name, ParamInHeader, value)
	if err != nil {
		b.fail(err)
		return
	}
	b.headers = append(b.headers, [2]string{name, s})
}

// HeaderRaw sets a header parameter as it is.
func (b *RequestBuilder) HeaderRaw(name, value string) {
	b.headers = append(b.headers, [2]string{name, value})
}

// HeaderJSON sets a header parameter as its JSON.
func (b *RequestBuilder) HeaderJSON(name string, value any) {
	buf, err := json.Marshal(value)
	if err != nil {
		b.fail(err)
		return
	}
	b.HeaderRaw(name, string(buf))
}

// Cookie adds a cookie parameter, styled "simple".
func (b *RequestBuilder) Cookie(explode bool, name string, value any) {
	s, err := StyleParam("simple", explode, name, ParamInCookie, value)
	if err != nil {
		b.fail(err)
		return
	}
	b.cookies = append(b.cookies, &http.Cookie{Name: name, Value: s})
}

// CookieRaw adds a cookie parameter as it is.
func (b *RequestBuilder) CookieRaw(name, value string) {
	b.cookies = append(b.cookies, &http.Cookie{Name: name, Value: value})
}

// CookieJSON adds a cookie parameter as its JSON, query-escaped.
func (b *RequestBuilder) CookieJSON(name string, value any) {
	buf, err := json.Marshal(value)
	if err != nil {
		b.fail(err)
		return
	}
	b.CookieRaw(name, url.QueryEscape(string(buf)))
}

// Build makes the request: method at route (a fmt format with a %s per
// path parameter, in order), resolved against server as a relative
// reference ("./records/1" against "https://api.alteg.io/api/v1/").
// hasQuery says that the operation declares query parameters: the URL's
// query is then the styled fragments, in order, followed by the other
// query parameters, encoded and sorted by name. An operation with a body
// passes it with its contentType; one without, nil and "".
func (b *RequestBuilder) Build(server, method, route string, hasQuery bool, contentType string, body io.Reader) (*http.Request, error) {
	if b.err != nil {
		return nil, b.err
	}
	serverURL, err := url.Parse(server)
	if err != nil {
		return nil, err
	}
	operationPath := fmt.Sprintf(route, b.path...)
	if operationPath[0] == '/' {
		operationPath = "." + operationPath
	}
	queryURL, err := serverURL.Parse(operationPath)
	if err != nil {
		return nil, err
	}
	if hasQuery {
		values := queryURL.Query()
		for k, vs := range b.values {
			for _, v := range vs {
				values.Add(k, v)
			}
		}
		fragments := b.fragments
		if encoded := values.Encode(); encoded != "" {
			fragments = append(fragments, encoded)
		}
		queryURL.RawQuery = strings.Join(fragments, "&")
	}
	req, err := http.NewRequest(method, queryURL.String(), body)
	if err != nil {
		return nil, err
	}
	if body != nil || contentType != "" {
		req.Header.Add("Content-Type", contentType)
	}
	for _, h := range b.headers {
		req.Header.Set(h[0], h[1])
	}
	for _, c := range b.cookies {
		req.AddCookie(c)
	}
	return req, nil
}

// JSONBody encodes a request body as JSON, for Build.
func JSONBody(body any) (io.Reader, error) {
	buf, err := json.Marshal(body)
	if err != nil {
		return nil, err
	}
	return bytes.NewReader(buf), nil
}
