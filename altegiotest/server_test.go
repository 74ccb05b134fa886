package altegiotest_test

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/plumbing"
)

// TestDefaultAnswers: with no override, an operation answers with its
// spec's example at its success status (a JSON:API list, a v1 envelope, a
// 204 without body, a PDF asked for with its media type).
func TestDefaultAnswers(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens("partner", "user"))
	ctx := context.Background()

	positions, err := v2(srv).TeamMembers.ListPositions(ctx, 7)
	if err != nil {
		t.Fatal(err)
	}
	if len(positions) != 1 || positions[0].ID != "42" || positions[0].Attributes.Title != "Senior Stylist" {
		t.Errorf("list_positions decoded %+v, want the example's position 42, Senior Stylist", positions)
	}
	var meta b2bv1.ListMeta
	appts, err := v1(srv).Appointments.List(ctx, 4564, b2bv1.GetAppointmentListParams{}, altegio.WithMeta(&meta))
	if err != nil || len(appts) == 0 || appts[0].GetID() == 0 {
		t.Errorf("get_appointment_list: %d appointments, %v", len(appts), err)
	}
	var resp *http.Response
	if err := v2(srv).TeamMembers.DeletePosition(ctx, 7, 42, altegio.WithResponse(&resp)); err != nil || resp.StatusCode != http.StatusNoContent {
		t.Errorf("delete_position: %v, response %v", err, resp)
	}
	if _, err := v1(srv).Appointments.GetVisitReceiptPDF(ctx, 5); err != nil {
		t.Errorf("get_visit_receipt_pdf (Accept %s, application/pdf;q=0.8): %v", plumbing.AcceptHeader, err)
	}
	// A partner-only operation with the partner token alone.
	if _, err := b2bv1.New(altegio.WithTokens("partner", ""), altegio.WithBaseURL(srv.V1URL())).Events.GetSearchFilters(ctx, 1, b2bv1.GetEventDateRangeParams{}); err != nil {
		t.Errorf("get_event_search_filters with the partner token: %v", err)
	}
}

// TestChecks: each request Altegio would refuse is answered with a 4xx
// whose message names the problem, and fails the test; with
// AllowBadRequests it fails nothing.
func TestChecks(t *testing.T) {
	rec := &recorder{TB: t}
	srv := altegiotest.NewServer(rec, altegiotest.WithTokens("partner", "user"))
	send := func(method, path, accept, authz, body string) (int, string) {
		t.Helper()
		req, _ := http.NewRequest(method, srv.URL+path, strings.NewReader(body))
		if accept != "" {
			req.Header.Set("Accept", accept)
		}
		if authz != "" {
			req.Header.Set("Authorization", authz)
		}
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		var answer struct {
			Success *bool `json:"success"`
			Meta    struct {
				Message string `json:"message"`
			} `json:"meta"`
		}
		b, _ := io.ReadAll(resp.Body)
		if resp.StatusCode >= 400 && (json.Unmarshal(b, &answer) != nil || answer.Success == nil || *answer.Success) {
			t.Errorf("%s %s: %d answered with %s, not Altegio's error body", method, path, resp.StatusCode, b)
		}
		return resp.StatusCode, answer.Meta.Message
	}
	const vnd, both, partner = plumbing.AcceptHeader, "Bearer partner, User user", "Bearer partner"
	cases := []struct {
		name, method, path, accept, authz, body string
		status                                  int
		want                                    string
	}{
		{"no Authorization", "GET", "/api/v2/locations/7/positions", vnd, "", "", 401, "b2b-v2 list_positions: Authorization must be Bearer <partner token>, User <user token>, got none"},
		{"partner token alone", "GET", "/api/v2/locations/7/positions", vnd, partner, "", 401, `got "Bearer [REDACTED]"`},
		{"user token on a partner-only operation", "GET", "/api/v1/activity/1/filters", vnd, both, "", 401, "b2b-v1 get_event_search_filters: Authorization must be Bearer <partner token>, got"},
		{"another partner token", "GET", "/api/v2/locations/7/positions", vnd, "Bearer other, User user", "", 401, "the partner token is not the one given to altegiotest.WithTokens"},
		{"another user token", "GET", "/api/v2/locations/7/positions", vnd, "Bearer partner, User other", "", 401, "the user token is not the one given"},
		{"Accept application/json", "GET", "/api/v2/locations/7/positions", "application/json", both, "", 400, `Accept must be "application/vnd.api.v2+json" (plumbing.AcceptHeader), got "application/json"`},
		{"PDF without its media type", "GET", "/api/v1/attendance/receipt_print/5", vnd, both, "", 400, `Accept must be "application/vnd.api.v2+json, application/pdf;q=0.8"`},
		{"missing required query", "GET", "/api/v1/company/1/analytics/overall", vnd, both, "", 422, "the required query parameter date_from is missing"},
		{"missing body member", "POST", "/api/v1/clients/1", vnd, both, `{"name":"Ann"}`, 422, "b2b-v1 create_client: the request body lacks the required member(s) phone"},
		{"body not JSON", "POST", "/api/v1/clients/1", vnd, both, `name=Ann`, 400, "the request body is not JSON"},
		{"missing required body", "POST", "/api/v2/locations/7/positions", vnd, both, "", 422, "b2b-v2 create_position: the request body is required"},
		{"ID not an integer", "GET", "/api/v1/records/abc", vnd, both, "", 404, `b2b-v1 get_appointment_list: path parameter {location_id} is "abc", not an integer`},
		{"unknown path", "GET", "/api/v1/nothing/here", vnd, both, "", 404, "no b2b-v1 operation has the path /nothing/here"},
		{"wrong method", "PATCH", "/api/v2/locations/7/positions", vnd, both, "", 405, "takes GET, POST, not PATCH"},
		{"no API prefix", "GET", "/locations/7/positions", vnd, both, "", 404, "under neither /api/v1 nor /api/v2"},
	}
	for _, c := range cases {
		status, body := send(c.method, c.path, c.accept, c.authz, c.body)
		errs := rec.errors()
		if status != c.status || !strings.Contains(body, c.want) {
			t.Errorf("%s: answered %d %s, want %d with %q", c.name, status, body, c.status, c.want)
		}
		if len(errs) != 1 || !strings.Contains(errs[0], c.want) {
			t.Errorf("%s: the test was failed with %q, want one error naming %q", c.name, joined(errs), c.want)
		}
	}
	if status, body := send("GET", "/api/v2/locations/7/positions", vnd, both, ""); status != 200 || len(rec.errors()) != 0 {
		t.Errorf("a good request: %d %s", status, body)
	}

	// Through the client: the APIError carries the fake's message.
	_, err := b2bv2.New(altegio.WithTokens("partner", ""), altegio.WithBaseURL(srv.V2URL())).TeamMembers.ListPositions(context.Background(), 7, altegio.WithCallUserToken("other"))
	if apiErr, ok := errors.AsType[*altegio.APIError](err); !ok || apiErr.StatusCode != 401 || !strings.Contains(apiErr.Message, "the user token is not the one given") {
		t.Errorf("err = %v", err)
	}
	if errs := rec.errors(); len(errs) != 1 {
		t.Errorf("reported %q", errs)
	}

	lenient := altegiotest.NewServer(rec, altegiotest.AllowBadRequests())
	_, err = b2bv2.New(altegio.WithTokens("partner", ""), altegio.WithBaseURL(lenient.V2URL())).TeamMembers.ListPositions(context.Background(), 7, altegio.WithRequestHeader("Authorization", "Bearer partner"))
	if !errors.Is(err, altegio.ErrUnauthorized) || len(rec.errors()) != 0 {
		t.Errorf("AllowBadRequests: err %v, reported %q", err, rec.errors())
	}
	if got := lenient.Requests(); len(got) != 1 || got[0].Call != 0 || !strings.Contains(got[0].Problem, "Authorization must be") {
		t.Errorf("recorded %+v", got)
	}
}

// TestOnNames: On takes an operationId one API has, or the API's name and
// the operationId; an unknown or ambiguous name fails the test, naming
// the choices.
func TestOnNames(t *testing.T) {
	rec := &recorder{TB: t}
	srv := altegiotest.NewServer(rec)
	for name, want := range map[string]string{
		"delete_appointment":  `"delete_appointment" is an operation of both b2b-v1 and b2b-v2: name it "b2b-v1 delete_appointment" or "b2b-v2 delete_appointment"`,
		"list_postions":       `no operation "list_postions" in b2b-v1 or b2b-v2`,
		"b2b-v3 get_position": `no operation "b2b-v3 get_position"`,
	} {
		if msg := fatal(func() { srv.On(name, altegiotest.Example()) }); !strings.Contains(msg, want) {
			t.Errorf("On(%q): %q, want %q", name, msg, want)
		}
	}
	if msg := fatal(func() { srv.On("get_appointment_list", altegiotest.Data(func() {})) }); !strings.Contains(msg, `On("get_appointment_list"): answer 1: altegiotest.Data(func()): json: unsupported type`) {
		t.Errorf("Data of a func: %q", msg)
	}
	if msg := fatal(func() { srv.On("b2b-v2 delete_appointment", altegiotest.Error(409, "busy")) }); msg != "" {
		t.Errorf("On with the API's name: %q", msg)
	}
	ctx := context.Background()
	err := v2(srv).Appointments.Delete(ctx, 1, 2)
	if apiErr, ok := errors.AsType[*altegio.APIError](err); !ok || apiErr.StatusCode != 409 || apiErr.Message != "busy" {
		t.Errorf("b2b-v2 delete_appointment: %v", err)
	}
	if err := v1(srv).Appointments.Delete(ctx, 1, 2, b2bv1.AppointmentParams{}); err != nil {
		t.Errorf("b2b-v1 delete_appointment kept its example: %v", err)
	}
}

// TestRequestsRecorded: every request is kept with its operation, route,
// path, request target as sent, query, headers (Authorization without its tokens) and body.
func TestRequestsRecorded(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()
	count := int64(5)
	if _, err := v1(srv).Appointments.List(ctx, 4564, b2bv1.GetAppointmentListParams{Count: &count}); err != nil {
		t.Fatal(err)
	}
	if _, err := v2(srv).TeamMembers.CreatePosition(ctx, 7, b2bv2.PositionRequest{Title: "Barber"}); err != nil {
		t.Fatal(err)
	}
	got := srv.Requests()
	if len(got) != 2 {
		t.Fatalf("%d requests", len(got))
	}
	r := got[0]
	if r.API != "b2b-v1" || r.Operation != "get_appointment_list" || r.Call != 1 || r.Method != "GET" || r.Route != "/records/{location_id}" || r.Path != "/records/4564" || r.Params["location_id"] != "4564" || r.Query.Get("count") != "5" {
		t.Errorf("first request %+v", r)
	}
	if r.RequestURI != "/api/v1/records/4564?count=5" {
		t.Errorf("RequestURI %q", r.RequestURI)
	}
	if a := r.Header.Get("Authorization"); a != "Bearer [REDACTED], User [REDACTED]" {
		t.Errorf("Authorization recorded as %q", a)
	}
	w := got[1]
	if w.Operation != "create_position" || w.Method != "POST" || string(w.Body) != `{"title":"Barber"}` || w.Header.Get("Content-Type") != "application/json" {
		t.Errorf("second request %+v", w)
	}
	if to := srv.RequestsTo("create_position"); len(to) != 1 || to[0].Route != "/locations/{company_id}/positions" {
		t.Errorf("RequestsTo: %+v", to)
	}
}

// TestStart: a server started outside a test answers as NewServer's does;
// a request it refuses is answered and recorded, failing nothing; an On
// that would fail a test panics; Close stops it.
func TestStart(t *testing.T) {
	srv := altegiotest.Start(altegiotest.WithTokens("partner", "user"))
	srv.On("get_position", altegiotest.Error(http.StatusNotFound, "Position not found"))
	ctx := context.Background()
	if positions, err := v2(srv).TeamMembers.ListPositions(ctx, 7); err != nil || len(positions) != 1 {
		t.Errorf("list_positions: %d positions, %v", len(positions), err)
	}
	if _, err := v2(srv).TeamMembers.GetPosition(ctx, 7, 99); !errors.Is(err, altegio.ErrNotFound) {
		t.Errorf("get_position: %v, want the 404 set by On", err)
	}
	_, err := v2(srv, altegio.WithTokens("partner", "other")).TeamMembers.ListPositions(ctx, 7)
	if !errors.Is(err, altegio.ErrUnauthorized) {
		t.Errorf("another user token: %v", err)
	}
	if got := srv.Requests(); len(got) != 3 || !strings.Contains(got[2].Problem, "the user token is not the one given") {
		t.Errorf("recorded %+v", got)
	}
	func() {
		defer func() {
			if v := recover(); !strings.Contains(fmt.Sprint(v), `no operation "list_postions"`) {
				t.Errorf("On of an unknown operation: recovered %v", v)
			}
		}()
		srv.On("list_postions", altegiotest.Example())
	}()
	srv.Close()
	if _, err := v2(srv).TeamMembers.ListPositions(ctx, 7); err == nil {
		t.Error("the server still answers after Close")
	}
}
