package altegiotest

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"strconv"
	"strings"

	"github.com/altegio-go/altegio/altegiotest/internal/optable"
)

// acceptHeader is plumbing.AcceptHeader, the Accept header of every
// request but those of operations whose success body is not JSON.
const acceptHeader = "application/vnd.api.v2+json"

// problem is a request that Altegio would refuse: the status it answers
// with, and what is wrong, by field when the body lacks members.
type problem struct {
	status int
	msg    string
	fields map[string][]string
}

// check returns what is wrong with a request for op, or nil: its path
// parameters, Authorization (and tokens, if the server knows them),
// Accept, required headers and query parameters, and body.
func (s *Server) check(op *operation, r *http.Request, params map[string]string, query url.Values, body []byte) *problem {
	name := op.key()
	for _, p := range op.IntParams {
		if _, err := strconv.ParseInt(params[p], 10, 64); err != nil {
			return &problem{status: http.StatusNotFound, msg: fmt.Sprintf("%s: path parameter {%s} is %q, not an integer", name, p, params[p])}
		}
	}
	if msg := s.checkAuth(op.Auth, r.Header.Values("Authorization")); msg != "" {
		return &problem{status: http.StatusUnauthorized, msg: name + ": " + msg}
	}
	if got := r.Header.Values("Accept"); len(got) != 1 || got[0] != op.Accept {
		what := "plumbing.AcceptHeader"
		if op.Accept != acceptHeader {
			what += " and the operation's media type"
		}
		return &problem{status: http.StatusBadRequest, msg: fmt.Sprintf("%s: Accept must be %q (%s), got %q", name, op.Accept, what, strings.Join(got, ", "))}
	}
	for _, h := range op.Header {
		if r.Header.Get(h) == "" {
			return &problem{status: http.StatusBadRequest, msg: fmt.Sprintf("%s: the required header %s is missing", name, h)}
		}
	}
	for _, q := range op.Query {
		if !hasQuery(query, q) {
			return &problem{status: http.StatusUnprocessableEntity, msg: fmt.Sprintf("%s: the required query parameter %s is missing", name, q), fields: map[string][]string{q: {"required"}}}
		}
	}
	return checkBody(op, body)
}

// checkBody checks a request body against op: present when required,
// JSON for a JSON body, with the members it requires.
func checkBody(op *operation, body []byte) *problem {
	name := op.key()
	empty := len(strings.TrimSpace(string(body))) == 0
	if op.Body && empty {
		return &problem{status: http.StatusUnprocessableEntity, msg: name + ": the request body is required"}
	}
	if !op.JSONBody || empty {
		return nil
	}
	var v any
	if err := json.Unmarshal(body, &v); err != nil {
		return &problem{status: http.StatusBadRequest, msg: fmt.Sprintf("%s: the request body is not JSON: %v", name, err)}
	}
	obj, ok := v.(map[string]any)
	if !ok {
		return nil
	}
	var missing []string
	fields := map[string][]string{}
	for _, m := range op.Members {
		if _, ok := obj[m]; !ok {
			missing = append(missing, m)
			fields[m] = []string{"required"}
		}
	}
	if len(missing) > 0 {
		return &problem{status: http.StatusUnprocessableEntity, msg: fmt.Sprintf("%s: the request body lacks the required member(s) %s", name, strings.Join(missing, ", ")), fields: fields}
	}
	return nil
}

// hasQuery reports whether query carries the parameter name: as is, or
// with brackets after it (name[], name[key]).
func hasQuery(query url.Values, name string) bool {
	if _, ok := query[name]; ok {
		return true
	}
	for k := range query {
		if strings.HasPrefix(k, name+"[") {
			return true
		}
	}
	return false
}

// authSchemes describes the Authorization each auth mode asks for.
var authSchemes = map[optable.Auth]string{
	optable.AuthPartner:     "Bearer <partner token>",
	optable.AuthPartnerUser: "Bearer <partner token>, User <user token>",
}

// checkAuth checks an Authorization header against want: the scheme
// (the partner token alone, or with the user's), and the tokens when the
// server was given them. It returns what is wrong, or "".
func (s *Server) checkAuth(want optable.Auth, values []string) string {
	if want == optable.AuthNone {
		return ""
	}
	got := "none"
	if len(values) > 0 {
		got = fmt.Sprintf("%q", redactAuthorization(strings.Join(values, ", ")))
	}
	bad := fmt.Sprintf("Authorization must be %s, got %s", authSchemes[want], got)
	if len(values) != 1 {
		return bad
	}
	parts := strings.Split(values[0], ", ")
	partner, ok := strings.CutPrefix(parts[0], "Bearer ")
	if !ok || !token(partner) {
		return bad
	}
	var user string
	switch {
	case want == optable.AuthPartner && len(parts) == 1:
	case want == optable.AuthPartnerUser && len(parts) == 2:
		if user, ok = strings.CutPrefix(parts[1], "User "); !ok || !token(user) {
			return bad
		}
	default:
		return bad
	}
	if s.partner != "" && partner != s.partner {
		return "the partner token is not the one given to altegiotest.WithTokens"
	}
	if s.user != "" && want == optable.AuthPartnerUser && user != s.user {
		return "the user token is not the one given to altegiotest.WithTokens"
	}
	return ""
}

// token reports whether t can be a token: printable ASCII without spaces
// or commas.
func token(t string) bool {
	return t != "" && strings.IndexFunc(t, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == ',' }) < 0
}
