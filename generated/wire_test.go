package generated_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"maps"
	"mime/multipart"
	"net/http"
	"net/url"
	"reflect"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/plumbing"
)

// The tests in this file pin the exact requests the generated clients put
// on the wire: method, request target (path and query, as sent), every
// header and the body, byte for byte.

const (
	wirePartner = "partner-7f3a9c"
	wireUser    = "user-b81d2e40"
	// bigID does not fit a float64 (2^53 + 1): an ID that went through a
	// float on the way would come out as ...992 or in exponent form.
	bigID int64 = 9007199254740993
)

var (
	authBoth    = "Bearer " + wirePartner + ", User " + wireUser
	authPartner = "Bearer " + wirePartner
	wireUA      = "altegio-go/" + altegio.Version + " (" + runtime.Version() + ")"
)

// wireRequest is one request as the server received it.
type wireRequest struct {
	Method string
	// URI is the request target as sent: the escaped path and the raw query.
	URI    string
	Header http.Header
	Body   string
}

// wireServer is altegiotest's fake, which checks each request as Altegio
// would, the tokens included, and fails the test on a request it refuses.
type wireServer struct {
	*altegiotest.Server
	taken int
}

func newWireServer(t *testing.T) *wireServer {
	return &wireServer{Server: altegiotest.NewServer(t, altegiotest.WithTokens(wirePartner, wireUser))}
}

// answer sets the response of every operation to every following request.
func (ws *wireServer) answer(status int, ctype, body string) {
	ws.OnAll(altegiotest.JSON(status, []byte(body)).WithHeader("Content-Type", ctype))
}

// take returns the requests received since the last take.
func (ws *wireServer) take() []wireRequest {
	all := ws.Requests()
	var reqs []wireRequest
	for _, r := range all[ws.taken:] {
		h := r.Header.Clone()
		// Go's transport adds it to every request; it is not the SDK's.
		h.Del("Accept-Encoding")
		reqs = append(reqs, wireRequest{Method: r.Method, URI: r.RequestURI, Header: h, Body: string(r.Body)})
	}
	ws.taken = len(all)
	return reqs
}

// v1 and v2 return clients of ws with both tokens and no rate limit (the
// tests call hundreds of operations).
func (ws *wireServer) v1(opts ...altegio.Option) *b2bv1.API {
	return b2bv1.New(append([]altegio.Option{altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(ws.V1URL()), altegio.WithLimiter(nil)}, opts...)...)
}

func (ws *wireServer) v2(opts ...altegio.Option) *b2bv2.API {
	return b2bv2.New(append([]altegio.Option{altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(ws.V2URL()), altegio.WithLimiter(nil)}, opts...)...)
}

// redacted is an Authorization as the fake records it: without the
// tokens, which it checks itself (altegiotest.WithTokens).
func redacted(authorization string) string {
	return strings.NewReplacer(wirePartner, "[REDACTED]", wireUser, "[REDACTED]").Replace(authorization)
}

// wireHeader returns the headers the SDK sends: Accept, User-Agent, the
// given Authorization (as recorded, redacted), Content-Type (application/json when there is no
// body: Altegio's specs declare it required on bodiless operations too),
// and Content-Length when there is a body.
func wireHeader(authorization, contentType, body string) http.Header {
	h := http.Header{
		"Accept":        {plumbing.AcceptHeader},
		"User-Agent":    {wireUA},
		"Authorization": {redacted(authorization)},
		"Content-Type":  {"application/json"},
	}
	if contentType != "" {
		h.Set("Content-Type", contentType)
		h.Set("Content-Length", strconv.Itoa(len(body)))
	}
	return h
}

func ptr[T any](v T) *T { return &v }

func TestWireRequests(t *testing.T) {
	ws := newWireServer(t)
	ctx := context.Background()
	v1, v2 := ws.v1(), ws.v2()

	// A multipart body built as a user would, with a fixed boundary so that
	// the expected bytes can be spelled out.
	var form bytes.Buffer
	mw := multipart.NewWriter(&form)
	if err := mw.SetBoundary("wire-test-boundary"); err != nil {
		t.Fatal(err)
	}
	if err := mw.WriteField("master_id", "456"); err != nil {
		t.Fatal(err)
	}
	fw, err := mw.CreateFormFile("image", "avatar.png")
	if err != nil {
		t.Fatal(err)
	}
	io.WriteString(fw, "\x89PNG\r\n\x1a\nfake")
	if err := mw.Close(); err != nil {
		t.Fatal(err)
	}
	multipartBody := "--wire-test-boundary\r\n" +
		"Content-Disposition: form-data; name=\"master_id\"\r\n\r\n" +
		"456\r\n" +
		"--wire-test-boundary\r\n" +
		"Content-Disposition: form-data; name=\"image\"; filename=\"avatar.png\"\r\n" +
		"Content-Type: application/octet-stream\r\n\r\n" +
		"\x89PNG\r\n\x1a\nfake\r\n" +
		"--wire-test-boundary--\r\n"

	tests := []struct {
		name string
		call func() error
		want wireRequest
	}{
		// v2.
		{
			name: "v2 list_positions",
			call: func() error { _, err := v2.TeamMembers.ListPositions(ctx, 123); return err },
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/positions", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 get_position, an ID beyond float64",
			call: func() error { _, err := v2.TeamMembers.GetPosition(ctx, 123, bigID); return err },
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/positions/9007199254740993", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 delete_position",
			call: func() error { return v2.TeamMembers.DeletePosition(ctx, 123, 456) },
			want: wireRequest{Method: "DELETE", URI: "/api/v2/locations/123/positions/456", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 list_team_members, repeated include and filters",
			call: func() error {
				_, err := v2.TeamMembers.List(ctx, 123, b2bv2.ListTeamMembersParams{
					FilterName:       ptr("Anna Maria"),
					FilterPositionID: ptr(bigID),
					Include:          []b2bv2.ListTeamMembersParamsInclude{b2bv2.ListTeamMembersParamsIncludePosition, b2bv2.ListTeamMembersParamsIncludeEmployee},
				})
				return err
			},
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/team_members?filter%5Bname%5D=Anna+Maria&filter%5Bposition_id%5D=9007199254740993&include=position&include=employee", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 list_team_members, no params",
			call: func() error { _, err := v2.TeamMembers.List(ctx, 123, b2bv2.ListTeamMembersParams{}); return err },
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/team_members", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 list_products, bracketed array filter",
			call: func() error {
				_, err := v2.Products.List(ctx, 123, b2bv2.ListProductsParams{FilterIDs: []int64{1, 2, bigID}, Page: ptr(int64(2))})
				return err
			},
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/products?filter%5Bids%5D%5B%5D=1&filter%5Bids%5D%5B%5D=2&filter%5Bids%5D%5B%5D=9007199254740993&page=2", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 list_appointments, filters and include",
			call: func() error {
				_, err := v2.Appointments.List(ctx, 123, b2bv2.ListAppointmentsParams{
					FilterClientID:          ptr(int64(77)),
					FilterDateIntersectFrom: ptr("2026-06-13 00:00:00"),
					Limit:                   ptr(int64(50)),
					Include:                 b2bv2.Include{"client", "services"},
				})
				return err
			},
			want: wireRequest{Method: "GET", URI: "/api/v2/locations/123/appointments?filter%5Bclient_id%5D=77&filter%5Bdate_intersect_from%5D=2026-06-13+00%3A00%3A00&limit=50&include=client&include=services", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v2 create_position, JSON body",
			call: func() error {
				_, err := v2.TeamMembers.CreatePosition(ctx, 123, b2bv2.PositionRequest{Title: "Senior Stylist", Description: ptr("Cuts & colour")})
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v2/locations/123/positions",
				Header: wireHeader(authBoth, "application/json", `{"description":"Cuts \u0026 colour","title":"Senior Stylist"}`),
				Body:   `{"description":"Cuts \u0026 colour","title":"Senior Stylist"}`},
		},
		{
			name: "v2 create_position, optional field left out",
			call: func() error {
				_, err := v2.TeamMembers.CreatePosition(ctx, 123, b2bv2.PositionRequest{Title: "Barber"})
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v2/locations/123/positions",
				Header: wireHeader(authBoth, "application/json", `{"title":"Barber"}`),
				Body:   `{"title":"Barber"}`},
		},
		{
			name: "v2 update_position, JSON body",
			call: func() error {
				return v2.TeamMembers.UpdatePosition(ctx, 123, 456, b2bv2.PositionRequest{Title: "Colourist"})
			},
			want: wireRequest{Method: "PUT", URI: "/api/v2/locations/123/positions/456",
				Header: wireHeader(authBoth, "application/json", `{"title":"Colourist"}`),
				Body:   `{"title":"Colourist"}`},
		},

		// v1.
		{
			name: "v1 authorize_user, partner token alone",
			call: func() error {
				_, err := v1.Auth.AuthorizeUser(ctx, b2bv1.AuthorizeUserRequest{Login: "+13155550175", Password: "s3cret"})
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v1/auth",
				Header: wireHeader(authPartner, "application/json", `{"login":"+13155550175","password":"s3cret"}`),
				Body:   `{"login":"+13155550175","password":"s3cret"}`},
		},
		{
			name: "v1 get_location, partner token alone",
			call: func() error { _, err := v1.Locations.Get(ctx, 123, b2bv1.GetLocationParams{}); return err },
			want: wireRequest{Method: "GET", URI: "/api/v1/company/123", Header: wireHeader(authPartner, "", "")},
		},
		{
			name: "v1 get_team_member_list",
			call: func() error { _, err := v1.TeamMembers.List(ctx, 123); return err },
			want: wireRequest{Method: "GET", URI: "/api/v1/staff/123", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v1 get_team_member_by_id, two integer IDs",
			call: func() error { _, err := v1.TeamMembers.GetByID(ctx, 123, bigID); return err },
			want: wireRequest{Method: "GET", URI: "/api/v1/staff/123/9007199254740993", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v1 delete_team_member",
			call: func() error { return v1.TeamMembers.Delete(ctx, 123, 456) },
			want: wireRequest{Method: "DELETE", URI: "/api/v1/staff/123/456", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v1 create_client, JSON body",
			call: func() error {
				_, err := v1.Clients.Create(ctx, 123, b2bv1.CreateClientRequest{Name: "James Smith", Phone: "+13155550175", Email: ptr("j.smith@example.com")})
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v1/clients/123",
				Header: wireHeader(authBoth, "application/json", `{"email":"j.smith@example.com","name":"James Smith","phone":"+13155550175"}`),
				Body:   `{"email":"j.smith@example.com","name":"James Smith","phone":"+13155550175"}`},
		},
		{
			// The spec declares this body */*; it is sent as JSON.
			name: "v1 update_team_member, */* body sent as JSON",
			call: func() error {
				_, err := v1.TeamMembers.Update(ctx, 123, 456, b2bv1.StaffCompanyRequest{Information: ptr("<p>Colour expert</p>"), Hidden: ptr(1.0)})
				return err
			},
			want: wireRequest{Method: "PUT", URI: "/api/v1/staff/123/456",
				Header: wireHeader(authBoth, "application/json", `{"hidden":1,"information":"\u003cp\u003eColour expert\u003c/p\u003e"}`),
				Body:   `{"hidden":1,"information":"\u003cp\u003eColour expert\u003c/p\u003e"}`},
		},
		{
			name: "v1 chain_loyalty_memberships_freeze, date-time in the body",
			call: func() error {
				at := altegio.TimeOf(time.Date(2026, 7, 1, 9, 30, 0, 0, time.FixedZone("", 4*3600)))
				_, err := v1.ChainLoyalty.MembershipsFreeze(ctx, 5, 6, b2bv1.ChainLoyaltyMembershipsFreezeRequest{FreezeTill: at})
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v1/chain/5/loyalty/abonements/6/freeze",
				Header: wireHeader(authBoth, "application/json", `{"freeze_till":"2026-07-01T09:30:00+04:00"}`),
				Body:   `{"freeze_till":"2026-07-01T09:30:00+04:00"}`},
		},
		{
			// types is declared style: form, explode: false: one
			// comma-separated value, as documented.
			name: "v1 get_chain_loyalty_transaction_list, dates and a form array",
			call: func() error {
				_, err := v1.ChainLoyalty.ListTransactions(ctx, bigID, b2bv1.GetChainLoyaltyTransactionListParams{
					CreatedAfter:  altegio.NewDate(2026, 6, 1),
					CreatedBefore: altegio.NewDate(2026, 6, 30),
					Types:         []b2bv1.GetChainListParamsTypes{"1", "11"},
				})
				return err
			},
			want: wireRequest{Method: "GET", URI: "/api/v1/chain/9007199254740993/loyalty/transactions?created_after=2026-06-01&created_before=2026-06-30&types=1,11", Header: wireHeader(authBoth, "", "")},
		},
		{
			name: "v1 upload_image, multipart body",
			call: func() error {
				_, err := v1.Utilities.UploadImage(ctx, "team_member", mw.FormDataContentType(), bytes.NewReader(form.Bytes()))
				return err
			},
			want: wireRequest{Method: "POST", URI: "/api/v1/images/team_member",
				Header: wireHeader(authBoth, "multipart/form-data; boundary=wire-test-boundary", multipartBody),
				Body:   multipartBody},
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			err := tc.call()
			reqs := ws.take()
			if err != nil {
				t.Fatalf("call: %v", err)
			}
			if len(reqs) != 1 {
				t.Fatalf("%d requests, want 1", len(reqs))
			}
			got := reqs[0]
			if got.Method != tc.want.Method {
				t.Errorf("method %s, want %s", got.Method, tc.want.Method)
			}
			if got.URI != tc.want.URI {
				t.Errorf("request target\n got  %s\n want %s", got.URI, tc.want.URI)
			}
			if !maps.EqualFunc(got.Header, tc.want.Header, slices.Equal) {
				t.Errorf("headers\n got  %v\n want %v", got.Header, tc.want.Header)
			}
			if got.Body != tc.want.Body {
				t.Errorf("body\n got  %q\n want %q", got.Body, tc.want.Body)
			}
		})
	}
}

// TestWireQueryDecodes checks that the bracketed and repeated query
// parameters, which go out percent-encoded, mean what Altegio documents
// once decoded: filter[ids][]=1&filter[ids][]=2, include=a&include=b.
func TestWireQueryDecodes(t *testing.T) {
	ws := newWireServer(t)
	ctx := context.Background()
	v2 := ws.v2()
	if _, err := v2.Products.List(ctx, 1, b2bv2.ListProductsParams{FilterIDs: []int64{1, 2}}); err != nil {
		t.Fatal(err)
	}
	inc := []b2bv2.ListTeamMembersParamsInclude{"position", "employee"}
	if _, err := v2.TeamMembers.List(ctx, 1, b2bv2.ListTeamMembersParams{Include: inc}); err != nil {
		t.Fatal(err)
	}
	reqs := ws.take()
	if len(reqs) != 2 {
		t.Fatalf("%d requests, want 2", len(reqs))
	}
	for i, want := range []string{"filter[ids][]=1&filter[ids][]=2", "include=position&include=employee"} {
		u, err := url.ParseRequestURI(reqs[i].URI)
		if err != nil {
			t.Fatal(err)
		}
		if got, err := url.QueryUnescape(u.RawQuery); err != nil || got != want {
			t.Errorf("query %q decodes to %q (%v), want %q", u.RawQuery, got, err, want)
		}
	}
}

// TestWireMissingUserToken: an operation that needs the user token fails
// before sending anything when the client has only the partner token, and
// the partner-only operations work with it.
func TestWireMissingUserToken(t *testing.T) {
	ws := newWireServer(t)
	ctx := context.Background()
	v1 := b2bv1.New(altegio.WithTokens(wirePartner, ""), altegio.WithBaseURL(ws.V1URL()), altegio.WithLimiter(nil))

	_, err := v1.TeamMembers.List(ctx, 123)
	if !errors.Is(err, altegio.ErrMissingToken) {
		t.Errorf("GetTeamMemberList without a user token: err %v, want ErrMissingToken", err)
	}
	if reqs := ws.take(); len(reqs) != 0 {
		t.Errorf("sent %d requests without the user token", len(reqs))
	}

	if _, err := v1.Auth.AuthorizeUser(ctx, b2bv1.AuthorizeUserRequest{Login: "a@example.com", Password: "pw"}); err != nil {
		t.Fatalf("AuthorizeUser with the partner token alone: %v", err)
	}
	reqs := ws.take()
	if len(reqs) != 1 || reqs[0].Header.Get("Authorization") != redacted(authPartner) {
		t.Fatalf("AuthorizeUser requests %+v, want one with Authorization %q", reqs, authPartner)
	}
}

// errorBody is the v2 error response shape (components/schemas/error_response).
const notFoundBody = `{"success":false,"data":null,"meta":{"message":"Position not found"}}`

func TestWireErrors(t *testing.T) {
	ws := newWireServer(t)
	ctx := context.Background()
	v2 := ws.v2()

	t.Run("404", func(t *testing.T) {
		ws.answer(http.StatusNotFound, "application/json", notFoundBody)
		res, err := v2.TeamMembers.GetPosition(ctx, 123, 456)
		if res != nil {
			t.Errorf("result %+v with an error, want nil", res)
		}
		if !errors.Is(err, altegio.ErrNotFound) {
			t.Fatalf("err %v, want errors.Is ErrNotFound", err)
		}
		for _, other := range []error{altegio.ErrUnauthorized, altegio.ErrForbidden, altegio.ErrValidation, altegio.ErrRateLimited} {
			if errors.Is(err, other) {
				t.Errorf("a 404 is also %v", other)
			}
		}
		var apiErr *altegio.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err %T is not an *altegio.APIError", err)
		}
		if apiErr.StatusCode != 404 || apiErr.Method != "GET" || apiErr.Path != "/locations/123/positions/456" || apiErr.Message != "Position not found" {
			t.Errorf("APIError %+v, want 404 GET /locations/123/positions/456 Position not found", apiErr)
		}
		if apiErr.Response == nil || apiErr.Response.StatusCode != 404 {
			t.Error("APIError.Response is not the 404 response")
		} else if b, _ := io.ReadAll(apiErr.Response.Body); string(b) != notFoundBody {
			t.Errorf("APIError.Response body %q, want the body sent", b)
		}
		if want := "altegio: GET /locations/123/positions/456: 404 Not Found: Position not found"; err.Error() != want {
			t.Errorf("err.Error() = %q, want %q", err, want)
		}
	})

	t.Run("422", func(t *testing.T) {
		ws.answer(http.StatusUnprocessableEntity, "application/json",
			`{"success":false,"data":null,"meta":{"message":"The given data was invalid.","errors":{"title":["The title field is required.","The title must be a string."],"description":["The description may not be greater than 255 characters."]}}}`)
		_, err := v2.TeamMembers.CreatePosition(ctx, 123, b2bv2.PositionRequest{})
		if !errors.Is(err, altegio.ErrValidation) {
			t.Fatalf("err %v, want errors.Is ErrValidation", err)
		}
		var apiErr *altegio.APIError
		if !errors.As(err, &apiErr) {
			t.Fatalf("err %T is not an *altegio.APIError", err)
		}
		want := map[string][]string{
			"title":       {"The title field is required.", "The title must be a string."},
			"description": {"The description may not be greater than 255 characters."},
		}
		if !maps.EqualFunc(apiErr.FieldErrors, want, slices.Equal) {
			t.Errorf("FieldErrors %v, want %v", apiErr.FieldErrors, want)
		}
		if apiErr.StatusCode != 422 || apiErr.Method != "POST" || apiErr.Path != "/locations/123/positions" || apiErr.Message != "The given data was invalid." {
			t.Errorf("APIError %+v", apiErr)
		}
	})

	t.Run("statuses", func(t *testing.T) {
		for status, sentinel := range map[int]error{
			401: altegio.ErrUnauthorized,
			403: altegio.ErrForbidden,
			404: altegio.ErrNotFound,
			422: altegio.ErrValidation,
			429: altegio.ErrRateLimited,
		} {
			ws.answer(status, "application/json", `{"success":false,"data":null,"meta":{"message":"no"}}`)
			_, err := v2.TeamMembers.ListPositions(ctx, 1)
			if !errors.Is(err, sentinel) {
				t.Errorf("%d: err %v, want errors.Is %v", status, err, sentinel)
			}
			var apiErr *altegio.APIError
			if !errors.As(err, &apiErr) || apiErr.StatusCode != status {
				t.Errorf("%d: err %v is not an *APIError with that status", status, err)
			}
		}
		ws.answer(http.StatusBadGateway, "text/html", "<html><body><h1>502 Bad Gateway</h1></body></html>")
		_, err := v2.TeamMembers.ListPositions(ctx, 1)
		var apiErr *altegio.APIError
		if !errors.As(err, &apiErr) || apiErr.StatusCode != 502 || !strings.Contains(apiErr.Body, "502 Bad Gateway") {
			t.Errorf("502 HTML page: err %v, want an *APIError with a body snippet", err)
		}
	})

	// Whatever the server echoes back, the tokens do not reach the error.
	t.Run("no tokens in errors", func(t *testing.T) {
		echo := "Authorization: " + authBoth + "; partner " + wirePartner + " user " + wireUser
		for _, a := range []struct {
			status int
			ctype  string
			body   string
		}{
			{401, "application/json", `{"success":false,"data":null,"meta":{"message":"` + echo + `"}}`},
			{404, "application/json", `{"errors":{"code":404,"message":"` + echo + `"},"meta":{"message":""}}`},
			{422, "application/json", `{"success":false,"data":null,"meta":{"message":"bad","errors":{"` + wireUser + `":["` + echo + `"]}}}`},
			{500, "text/plain", echo},
			{502, "text/html", "<html><body>" + echo + "</body></html>"},
		} {
			ws.answer(a.status, a.ctype, a.body)
			_, err := v2.TeamMembers.ListPositions(ctx, 1)
			if err == nil {
				t.Fatalf("%d: no error", a.status)
			}
			msg := err.Error()
			for _, tok := range []string{wirePartner, wireUser} {
				if strings.Contains(msg, tok) {
					t.Errorf("%d: the error contains a token: %s", a.status, msg)
				}
			}
		}
	})
	ws.take()
}

// requiredQueryParam reports whether params (a Params struct type, or nil)
// has a required field for the query parameter key: one whose form tag
// names it and whose type is no pointer, slice or map.
func requiredQueryParam(params reflect.Type, key string) bool {
	if params == nil {
		return false
	}
	for f := range params.Fields() {
		name, _, _ := strings.Cut(f.Tag.Get("form"), ",")
		if name == key {
			switch f.Type.Kind() {
			case reflect.Pointer, reflect.Slice, reflect.Map:
				return false
			}
			return true
		}
	}
	return false
}

// TestWireEveryOperation calls every operation of both APIs once, with
// distinct path arguments, and checks the request against the raw locked
// spec: the method, the path with each argument in its place (integers as
// integers), the Authorization its security asks for, Accept and
// User-Agent, and Content-Type (the body's, or application/json).
func TestWireEveryOperation(t *testing.T) {
	ws := newWireServer(t)
	// No body: every result type is left alone, so only requests matter.
	ws.answer(http.StatusNoContent, "application/json", "")
	ctx := context.Background()
	clients := map[string]reflect.Value{
		"b2b-v1": reflect.ValueOf(ws.v1()),
		"b2b-v2": reflect.ValueOf(ws.v2()),
	}
	ctxType := reflect.TypeFor[context.Context]()
	readerType := reflect.TypeFor[io.Reader]()
	dateType := reflect.TypeFor[altegio.Date]()
	// Operations that send the partner token alone, by API.
	wantPartnerOnly := map[string]int{"b2b-v1": 25, "b2b-v2": 0}

	for _, api := range gen.APIs {
		t.Run(api.Name, func(t *testing.T) {
			var doc struct {
				Paths map[string]map[string]struct {
					OperationID string                 `yaml:"operationId"`
					Security    *[]map[string][]string `yaml:"security"`
				} `yaml:"paths"`
			}
			if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &doc); err != nil {
				t.Fatal(err)
			}
			partnerOnly, calls := 0, 0
			for _, path := range slices.Sorted(maps.Keys(doc.Paths)) {
				for _, method := range slices.Sorted(maps.Keys(doc.Paths[path])) {
					op := doc.Paths[path][method]
					switch method {
					case "get", "put", "post", "delete", "patch":
					default:
						continue
					}
					name := goName(api.Name, op.OperationID)
					m := methodValue(clients[api.Name], api.Name, op.OperationID)
					if !m.IsValid() {
						t.Errorf("%s: no method %q", op.OperationID, name)
						continue
					}
					mt := m.Type()

					// The path arguments come first, in path order; then
					// a Params struct (its zero value), then the body: a typed JSON
					// value or a content type and a reader.
					args := []reflect.Value{reflect.ValueOf(ctx)}
					if mt.In(0) != ctxType {
						t.Errorf("%s: first argument %v", name, mt.In(0))
						continue
					}
					last := mt.NumIn() - 1 // the variadic options
					raw := last >= 2 && mt.In(last-1) == readerType
					nPath := strings.Count(path, "{")
					if last < nPath+1 {
						t.Errorf("%s: %d arguments for %d path parameters", name, mt.NumIn(), nPath)
						continue
					}
					expPath := path
					for i := 1; i <= nPath; i++ {
						in := mt.In(i)
						v := reflect.New(in).Elem()
						var seg string
						switch {
						case in == dateType:
							d := altegio.NewDate(2026, 1, i)
							v.Set(reflect.ValueOf(d))
							seg = d.String()
						case v.CanInt():
							v.SetInt(int64(100 + i))
							seg = strconv.Itoa(100 + i)
						case v.CanFloat():
							v.SetFloat(float64(100 + i))
							seg = strconv.Itoa(100 + i)
						case in.Kind() == reflect.String:
							v.SetString("seg" + strconv.Itoa(i))
							seg = v.String()
						default:
							t.Errorf("%s: path argument %d has type %v", name, i, in)
						}
						open := strings.Index(expPath, "{")
						close := strings.Index(expPath, "}")
						if open < 0 || close < open {
							t.Errorf("%s: more path arguments than {params} in %s", name, path)
							break
						}
						expPath = expPath[:open] + seg + expPath[close+1:]
						args = append(args, v)
					}
					if strings.Contains(expPath, "{") {
						t.Errorf("%s: fewer path arguments than {params} in %s", name, path)
					}
					body := ""
					contentType := ""
					var params reflect.Type
					for i := nPath + 1; i < last; i++ {
						in := mt.In(i)
						switch {
						case raw && i == last-2:
							contentType = "multipart/form-data; boundary=b"
							args = append(args, reflect.ValueOf(contentType))
						case raw && i == last-1:
							body = "--b--\r\n"
							args = append(args, reflect.ValueOf(strings.NewReader(body)))
						case in.Kind() == reflect.Struct && strings.HasSuffix(in.Name(), "Params"): // none
							params = in
							args = append(args, reflect.Zero(in))
						default: // a JSON body: its zero value
							contentType = "application/json"
							args = append(args, reflect.New(in).Elem())
						}
					}

					out := m.Call(args)
					calls++
					if err, _ := out[len(out)-1].Interface().(error); err != nil {
						t.Errorf("%s: %v", name, err)
						ws.take()
						continue
					}
					reqs := ws.take()
					if len(reqs) != 1 {
						t.Errorf("%s: %d requests, want 1", name, len(reqs))
						continue
					}
					got := reqs[0]
					if got.Method != strings.ToUpper(method) {
						t.Errorf("%s: method %s, want %s", name, got.Method, strings.ToUpper(method))
					}
					// A zero params struct sends only the required query
					// parameters (the fields that are no pointer or list).
					target, query, _ := strings.Cut(got.URI, "?")
					if want := "/api/" + map[string]string{"b2b-v1": "v1", "b2b-v2": "v2"}[api.Name] + expPath; target != want {
						t.Errorf("%s: request target %s, want %s", name, target, want)
					}
					if q, err := url.ParseQuery(query); err != nil {
						t.Errorf("%s: query %q: %v", name, query, err)
					} else {
						for key := range q {
							if !requiredQueryParam(params, key) {
								t.Errorf("%s: zero params sent %s, which is not a required query parameter", name, key)
							}
						}
					}
					// Security: the raw spec's, except authorize_user,
					// whose security [] the overlay fixes to BearerPartner.
					auth := authBoth
					if op.Security != nil && len(*op.Security) == 1 {
						if _, ok := (*op.Security)[0]["BearerPartner"]; ok {
							auth = authPartner
						}
					}
					if op.OperationID == "authorize_user" {
						auth = authPartner
					}
					if auth == authPartner {
						partnerOnly++
					}
					if contentType == "application/json" {
						if !json.Valid([]byte(got.Body)) {
							t.Errorf("%s: JSON body %q is not JSON", name, got.Body)
						}
						body = got.Body
					}
					want := wireHeader(auth, contentType, body)
					if contentType == "" && got.Method != "GET" && got.Method != "DELETE" {
						// Go's transport says so for a POST, PUT or PATCH
						// without a body.
						want.Set("Content-Length", "0")
					}
					if op.OperationID == "get_visit_receipt_pdf" {
						// Its only success body is a PDF (see TestAcceptHeader).
						want.Set("Accept", plumbing.AcceptHeader+", application/pdf;q=0.8")
					}
					if !maps.EqualFunc(got.Header, want, slices.Equal) {
						t.Errorf("%s: headers\n got  %v\n want %v", name, got.Header, want)
					}
					if contentType != "application/json" && got.Body != body {
						t.Errorf("%s: body %q, want %q", name, got.Body, body)
					}
				}
			}
			if partnerOnly != wantPartnerOnly[api.Name] {
				t.Errorf("%d operations sent the partner token alone, want %d", partnerOnly, wantPartnerOnly[api.Name])
			}
			t.Logf("%d operations called", calls)
		})
	}
}
