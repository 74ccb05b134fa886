package altegio

import (
	"context"
	"errors"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"
)

func TestAPIErrorStatuses(t *testing.T) {
	all := []error{ErrUnauthorized, ErrForbidden, ErrNotFound, ErrValidation, ErrRateLimited}
	cases := []struct {
		status     int
		body       string
		sentinel   error
		wantMsg    string
		wantFields map[string][]string
		wantError  string
	}{
		{401, `{"success":false,"data":null,"meta":{"message":"Authentication needed"}}`, ErrUnauthorized,
			"Authentication needed", nil,
			"altegio: GET /locations/1/positions: 401 Unauthorized: Authentication needed"},
		{401, `{"errors":{"code":401,"message":"Authentication needed"},"meta":{"message":""}}`, ErrUnauthorized,
			"Authentication needed", nil,
			"altegio: GET /locations/1/positions: 401 Unauthorized: Authentication needed"},
		{403, `{"success":false,"data":null,"meta":{"message":"Access denied."}}`, ErrForbidden,
			"Access denied.", nil,
			"altegio: GET /locations/1/positions: 403 Forbidden: Access denied."},
		{404, `{"success":false,"data":null,"meta":{"message":"Position not found"}}`, ErrNotFound,
			"Position not found", nil,
			"altegio: GET /locations/1/positions: 404 Not Found: Position not found"},
		{404, `{"success":false,"meta":{"message":"Possible error messages","errors":[{"message":"Location not found."},{"message":"Team Member not found."}]}}`, ErrNotFound,
			"Possible error messages", map[string][]string{"": {"Location not found.", "Team Member not found."}},
			"altegio: GET /locations/1/positions: 404 Not Found: Possible error messages (Location not found., Team Member not found.)"},
		{422, `{"success":false,"data":null,"meta":{"message":"The given data was invalid.","errors":{"title":["The title field is required."],"phone":["Too short.","Not a number."]}}}`, ErrValidation,
			"The given data was invalid.", map[string][]string{"title": {"The title field is required."}, "phone": {"Too short.", "Not a number."}},
			"altegio: GET /locations/1/positions: 422 Unprocessable Entity: The given data was invalid. (phone: Too short., Not a number.; title: The title field is required.)"},
		{422, `{"success":false,"meta":{"message":"Invalid","errors":{"title":"Required","staff":{"id":["Bad id"]}}}}`, ErrValidation,
			"Invalid", map[string][]string{"title": {"Required"}, "staff.id": {"Bad id"}},
			"altegio: GET /locations/1/positions: 422 Unprocessable Entity: Invalid (staff.id: Bad id; title: Required)"},
		{422, `{"message":"The given data was invalid.","errors":{"email":["Bad email"]}}`, ErrValidation,
			"The given data was invalid.", map[string][]string{"email": {"Bad email"}},
			"altegio: GET /locations/1/positions: 422 Unprocessable Entity: The given data was invalid. (email: Bad email)"},
		{422, `{"success":false,"meta":{"errors":["First.","Second."]}}`, ErrValidation,
			"", map[string][]string{"": {"First.", "Second."}},
			"altegio: GET /locations/1/positions: 422 Unprocessable Entity: (First., Second.)"},
		{429, `{"success":false,"data":null,"meta":{"message":"Too many requests"}}`, ErrRateLimited,
			"Too many requests", nil,
			"altegio: GET /locations/1/positions: 429 Too Many Requests: Too many requests"},
		{500, `{"success":false,"data":null,"meta":[]}`, nil,
			"", nil,
			`altegio: GET /locations/1/positions: 500 Internal Server Error: {"success":false,"data":null,"meta":[]}`},
		{599, ``, nil, "", nil, "altegio: GET /locations/1/positions: status 599"},
	}
	for _, tc := range cases {
		ts := newTestServer(t, tc.status, tc.body, "Retry-After", "3")
		c := NewClient(ts.base(), WithLimiter(nil), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
		var out struct{}
		err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/locations/1/positions?page=2", ""), authPartnerUser, &out))
		var ae *APIError
		if !errors.As(err, &ae) {
			t.Fatalf("%d: err = %T %v", tc.status, err, err)
		}
		for _, s := range all {
			if errors.Is(err, s) != (s == tc.sentinel) {
				t.Errorf("%d: errors.Is(err, %v) = %v", tc.status, s, !(s == tc.sentinel))
			}
		}
		if !errors.Is(err, &APIError{StatusCode: tc.status}) || errors.Is(err, &APIError{}) {
			t.Errorf("%d: errors.Is with *APIError targets", tc.status)
		}
		if ae.StatusCode != tc.status || ae.Method != "GET" || ae.Path != "/locations/1/positions" {
			t.Errorf("%d: got %d %s %s", tc.status, ae.StatusCode, ae.Method, ae.Path)
		}
		if ae.Message != tc.wantMsg || !reflect.DeepEqual(ae.FieldErrors, tc.wantFields) {
			t.Errorf("%d: Message = %q, FieldErrors = %q", tc.status, ae.Message, ae.FieldErrors)
		}
		if ae.Response == nil || ae.Response.Header.Get("Retry-After") != "3" {
			t.Errorf("%d: Response headers not reachable", tc.status)
		}
		if err.Error() != tc.wantError {
			t.Errorf("%d:\n got %s\nwant %s", tc.status, err, tc.wantError)
		}
	}
}

const nginx502 = "<html>\r\n<head><title>502 Bad Gateway</title></head>\r\n<body>\r\n<center><h1>502 Bad Gateway</h1></center>\r\n<hr><center>nginx</center>\r\n<script>var x = '<b>'; track();</script><style>body{color:red}</style><!-- a comment -->\r\n</body>\r\n</html>\r\n"

func TestAPIErrorHTML(t *testing.T) {
	ts := newTestServer(t, 502, nginx502, "Content-Type", "text/html")
	c := NewClient(ts.base(), WithLimiter(nil), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	var ae *APIError
	if !errors.As(err, &ae) {
		t.Fatal(err)
	}
	if ae.Body != "502 Bad Gateway 502 Bad Gateway nginx" {
		t.Errorf("Body = %q", ae.Body)
	}
	if want := "altegio: GET /x: 502 Bad Gateway: 502 Bad Gateway 502 Bad Gateway nginx"; err.Error() != want {
		t.Errorf("Error() = %q", err)
	}

	// A big page: the snippet stays short, valid UTF-8, on one line.
	big := "<html><body>" + strings.Repeat("<p>Ошибка сервера &amp; <i>retry</i>\n\t</p>", 5000) + "</body></html>"
	ts = newTestServer(t, 503, big)
	c = NewClient(ts.base(), WithLimiter(nil), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
	err = track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
	if !errors.As(err, &ae) {
		t.Fatal(err)
	}
	if len(ae.Body) > 256 || !utf8.ValidString(ae.Body) || strings.ContainsAny(ae.Body, "<>\n\t") || !strings.HasPrefix(ae.Body, "Ошибка сервера & retry") {
		t.Errorf("Body (%d bytes) = %q", len(ae.Body), ae.Body)
	}
	if len(err.Error()) > 320 {
		t.Errorf("Error() is %d bytes", len(err.Error()))
	}
}

func TestAPIErrorNeverShowsTokens(t *testing.T) {
	echo := "Bearer " + testPartner + ", User " + testUser
	bodies := []string{
		`{"success":false,"meta":{"message":"Bad Authorization header: ` + echo + `"}}`,
		`{"success":false,"meta":{"message":"token ` + testUser + ` expired","errors":{"` + testPartner + `":["` + testUser + `"]}}}`,
		`{"errors":{"code":401,"message":"` + echo + `"}}`,
		`{"message":"Authorization: ` + echo + `"}`,
		`Unauthorized. Authorization: ` + echo,
		`<html><body><pre>Authorization: Bearer ` + testPartner + `</pre></body></html>`,
		`{"request":{"headers":{"authorization":"` + echo + `"}}}`,
	}
	for _, status := range []int{401, 403, 422, 500} {
		for _, body := range bodies {
			ts := newTestServer(t, status, body)
			c := NewClient(ts.base(), WithLimiter(nil), WithTokens(testPartner, testUser), WithRetry(RetryPolicy{MaxAttempts: 1}))
			err := track(t, c.do(context.Background(), newReq(t, c, "GET", "/x", ""), authPartnerUser, nil))
			var ae *APIError
			if !errors.As(err, &ae) {
				t.Fatal(err)
			}
			all := ae.Message + ae.Body + err.Error()
			for k, v := range ae.FieldErrors {
				all += k + strings.Join(v, "")
			}
			for _, sec := range testSecrets {
				if strings.Contains(all, sec) {
					t.Errorf("%d %s: secret in %q", status, body, all)
				}
			}
		}
	}
}

func TestParseErrorBody(t *testing.T) {
	cases := []struct {
		body   string
		msg    string
		fields map[string][]string
	}{
		{``, "", nil},
		{`not json`, "", nil},
		{`[1,2]`, "", nil},
		{`{"meta":[]}`, "", nil},
		{`{"meta":{"message":"m"}}`, "m", nil},
		{`{"meta":{"message":"m","errors":[]}}`, "m", nil},
		{`{"meta":{"message":"m","errors":{}}}`, "m", nil},
		{`{"meta":{"message":"m","errors":{"a":"x"}}}`, "m", map[string][]string{"a": {"x"}}},
		{`{"meta":{"message":"m","errors":{"a":["x","y"],"b":[{"message":"z"}]}}}`, "m", map[string][]string{"a": {"x", "y"}, "b": {"z"}}},
		{`{"meta":{"message":"m","errors":[{"field":"a","message":"x"},"y",{"message":"z"},3]}}`, "m", map[string][]string{"a": {"x"}, "": {"y", "z", "3"}}},
		{`{"meta":{"message":"m","errors":"flat"}}`, "m", map[string][]string{"": {"flat"}}},
		{`{"errors":{"code":404,"message":"Not found"},"meta":{"message":"Not found"}}`, "Not found", nil},
		{`{"errors":{"code":404,"message":"Legacy"}}`, "Legacy", nil},
		{`{"errors":{"message":"x","phone":["bad"]}}`, "", map[string][]string{"message": {"x"}, "phone": {"bad"}}},
		{`{"message":"top"}`, "top", nil},
		{`{"error":"invalid_token","error_description":"The token expired"}`, "The token expired", nil},
		{`{"error":{"message":"nested"}}`, "nested", nil},
		{`{"meta":{"message":42}}`, "42", nil},
	}
	for _, tc := range cases {
		msg, fields := parseErrorBody([]byte(tc.body))
		if msg != tc.msg || !reflect.DeepEqual(fields, tc.fields) {
			t.Errorf("%s: got %q %q, want %q %q", tc.body, msg, fields, tc.msg, tc.fields)
		}
	}
}

func TestAPIErrorManyFields(t *testing.T) {
	e := &APIError{StatusCode: 422, Method: "POST", Path: "/x", FieldErrors: map[string][]string{}}
	for _, k := range []string{"a", "b", "c", "d", "e", "f", "g"} {
		e.FieldErrors[k] = []string{"bad\nvalue"}
	}
	want := "altegio: POST /x: 422 Unprocessable Entity: (a: bad value; b: bad value; c: bad value; d: bad value; e: bad value; and 2 more)"
	if track(t, e).Error() != want {
		t.Errorf("got  %s\nwant %s", e, want)
	}
}

func TestRedact(t *testing.T) {
	cases := map[string]string{
		"":                                  "",
		"User not found":                    "User not found",
		"Bearer abc, User def":              "Bearer [REDACTED], User [REDACTED]",
		"authorization: bearer X1y2Z3":      "authorization: bearer [REDACTED]",
		"Authorization: Bearer p;":          "Authorization: Bearer [REDACTED];",
		"User abcdef0123456789abcd is gone": "User [REDACTED] is gone",
		"User administratorsgroup rights":   "User administratorsgroup rights",
		`{"user_token":"abc\"def","x":1}`:   `{"user_token":"[REDACTED]","x":1}`,
		`{"password" : "hunter2"}`:          `{"password" : "[REDACTED]"}`,
		"GET /x?partner_token=abc&y=1":      "GET /x?partner_token=[REDACTED]&y=1",
		"password: must be 8 characters":    "password: must be 8 characters",
		"tokens: 3":                         "tokens: 3",
	}
	for in, want := range cases {
		if got := Redact(in); got != want {
			t.Errorf("Redact(%q) = %q, want %q", in, got, want)
		}
	}
	if got := newRedactor(testPartner, "", "abc").all("a " + testPartner + " b abc"); got != "a [REDACTED] b abc" {
		t.Errorf("redactor.all = %q", got)
	}
}

func TestSnippet(t *testing.T) {
	cases := map[string]string{
		"plain\x00text\x1b[31m\r\nnext":   "plain text [31m next",
		"bad \xff\xfe utf8":               "bad utf8",
		"<p>a &lt;b&gt; &amp;</p>":        "a <b> &",
		"bidi \u202egnp.exe":              "bidi gnp.exe",
		"  \t ":                           "",
		"<SCRIPT>alert(1)</SCRIPT>after":  "after",
		"<!-- unterminated comment":       "",
		"line\u2028sep":                   "line sep",
		strings.Repeat("é", 300):          strings.Repeat("é", 126) + "…",
		strings.Repeat("a", 256):          strings.Repeat("a", 256),
		strings.Repeat("a", 257):          strings.Repeat("a", 253) + "…",
		"Bearer " + testPartner + " seen": "Bearer [REDACTED] seen",
	}
	for in, want := range cases {
		got := snippet([]byte(in), "", nil)
		if got != want {
			t.Errorf("snippet(%q) = %q, want %q", in, got, want)
		}
		if len(got) > maxSnippet || !utf8.ValidString(got) {
			t.Errorf("snippet(%q) = %q: %d bytes", in, got, len(got))
		}
	}
}
