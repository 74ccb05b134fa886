package altegiotest_test

import (
	"context"
	"errors"
	"io"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestOnPerCall: the answers On sets go to the calls in turn, the last
// repeating; a 429 with Retry-After: 1 is waited out by the client's
// retries, and the second call succeeds.
func TestOnPerCall(t *testing.T) {
	srv := altegiotest.NewServer(t)
	srv.On("list_positions", altegiotest.RateLimited(time.Second), altegiotest.Example())
	start := time.Now()
	positions, err := v2(srv, altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 2})).TeamMembers.ListPositions(context.Background(), 7)
	if err != nil || len(positions) != 1 {
		t.Fatalf("%v, %d positions", err, len(positions))
	}
	if waited := time.Since(start); waited < time.Second {
		t.Errorf("the retry came after %v, before the Retry-After of 1 s", waited)
	}
	if got := srv.RequestsTo("list_positions"); len(got) != 2 || got[0].Call != 1 || got[1].Call != 2 {
		t.Errorf("requests %+v", got)
	}

	// The last answer repeats; On with no answers restores the example.
	srv.On("list_positions", altegiotest.Error(http.StatusServiceUnavailable, "Maintenance"))
	for range 2 {
		if _, err := v2(srv).TeamMembers.ListPositions(context.Background(), 7); !strings.Contains(fmtErr(err), "503 Service Unavailable: Maintenance") {
			t.Errorf("err = %v, want the 503", err)
		}
	}
	srv.On("list_positions")
	if _, err := v2(srv).TeamMembers.ListPositions(context.Background(), 7); err != nil {
		t.Errorf("after On with no answers: %v", err)
	}
}

func fmtErr(err error) string {
	if err == nil {
		return "<nil>"
	}
	return err.Error()
}

// TestFaults: each fault reaches the client as the real one would: a 5xx
// and a dropped connection are retried for a GET, a body cut off mid-way
// and a body slower than the attempt's timeout fail the attempt, 401 and
// 403 match the runtime's sentinels.
func TestFaults(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()
	list := func(opts ...altegio.Option) error {
		_, err := v2(srv, opts...).TeamMembers.ListPositions(ctx, 7)
		return err
	}
	retry2 := altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 2})

	cases := []struct {
		name    string
		answers []altegiotest.Response
		opts    []altegio.Option
		want    string // in the error; "" for success
		calls   int
	}{
		{"503 then the example", []altegiotest.Response{altegiotest.Error(503, "Maintenance").WithHeader("Retry-After", "0"), altegiotest.Example()}, []altegio.Option{retry2}, "", 2},
		{"hang-up then the example", []altegiotest.Response{altegiotest.Hangup(), altegiotest.Example()}, []altegio.Option{retry2}, "", 2},
		{"hang-up", []altegiotest.Response{altegiotest.Hangup()}, nil, "EOF", 1},
		{"reset mid-body", []altegiotest.Response{altegiotest.Example().Truncated()}, nil, "unexpected EOF", 1},
		{"slow body past the attempt timeout", []altegiotest.Response{altegiotest.Example().Slow(2 * time.Second)}, []altegio.Option{altegio.WithAttemptTimeout(100 * time.Millisecond)}, "timed out", 1},
		{"slow body then a quick one", []altegiotest.Response{altegiotest.Example().Slow(2 * time.Second), altegiotest.Example()}, []altegio.Option{altegio.WithAttemptTimeout(100 * time.Millisecond), retry2}, "", 2},
		{"slow body within the timeout", []altegiotest.Response{altegiotest.Example().Slow(50 * time.Millisecond)}, []altegio.Option{altegio.WithAttemptTimeout(5 * time.Second)}, "", 1},
		{"401", []altegiotest.Response{altegiotest.Unauthorized()}, nil, "401 Unauthorized", 1},
		{"403", []altegiotest.Response{altegiotest.Forbidden()}, nil, "403 Forbidden: Not enough rights", 1},
		{"500 not retried past the attempts", []altegiotest.Response{altegiotest.Error(500, "down")}, []altegio.Option{retry2}, "500 Internal Server Error: down", 2},
	}
	for _, c := range cases {
		before := len(srv.RequestsTo("list_positions"))
		srv.On("list_positions", c.answers...)
		err := list(c.opts...)
		switch {
		case c.want == "" && err != nil:
			t.Errorf("%s: %v", c.name, err)
		case c.want != "" && !strings.Contains(fmtErr(err), c.want):
			t.Errorf("%s: err = %v, want one naming %q", c.name, err, c.want)
		}
		if n := len(srv.RequestsTo("list_positions")) - before; n != c.calls {
			t.Errorf("%s: %d calls, want %d", c.name, n, c.calls)
		}
	}

	srv.On("list_positions", altegiotest.Unauthorized())
	if err := list(); !errors.Is(err, altegio.ErrUnauthorized) {
		t.Errorf("Unauthorized: %v", err)
	}
	srv.On("list_positions", altegiotest.Forbidden())
	if err := list(); !errors.Is(err, altegio.ErrForbidden) {
		t.Errorf("Forbidden: %v", err)
	}
}

// TestDataAndJSON: Data wraps a typed value in the operation's envelope,
// keeping the ExtraFields a generated type marshals; JSON sends a whole
// body; WithStatus and WithHeader change the answer.
func TestDataAndJSON(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()
	appt := b2bv1.Appointment{ID: altegio.Ptr(int64(77)), StaffID: altegio.Ptr(int64(3))}
	appt.ExtraFields.Set("resource_instances", []map[string]any{{"id": 5, "title": "Chair"}})
	srv.On("get_appointment", altegiotest.Data(appt).WithHeader("X-Request-Id", "r1"))
	var resp *http.Response
	got, err := v1(srv).Appointments.Get(ctx, 1, 77, b2bv1.AppointmentParams{}, altegio.WithResponse(&resp))
	if err != nil {
		t.Fatal(err)
	}
	if got.GetID() != 77 || got.GetStaffID() != 3 || !got.ExtraFields.Has("resource_instances") || resp.Header.Get("X-Request-Id") != "r1" {
		t.Errorf("decoded %+v, header %v", got, resp.Header)
	}

	srv.On("list_positions", altegiotest.JSON(http.StatusOK, []byte(`{"data":[{"type":"position","id":"9","attributes":{"title":"Nails"}}]}`)))
	positions, err := v2(srv).TeamMembers.ListPositions(ctx, 7)
	if err != nil || len(positions) != 1 || positions[0].Attributes.Title != "Nails" {
		t.Errorf("JSON: %+v, %v", positions, err)
	}

	srv.On("delete_position", altegiotest.Example().WithStatus(http.StatusAccepted))
	if err := v2(srv).TeamMembers.DeletePosition(ctx, 7, 9, altegio.WithResponse(&resp)); err != nil || resp.StatusCode != http.StatusAccepted {
		t.Errorf("WithStatus: %v, %d", err, resp.StatusCode)
	}
}

// TestCleanupStops: the server stops when its test ends.
func TestCleanupStops(t *testing.T) {
	var url string
	t.Run("inner", func(t *testing.T) {
		url = altegiotest.NewServer(t).V2URL()
	})
	resp, err := http.Get(url + "/locations/7/positions")
	if err == nil {
		resp.Body.Close()
		t.Errorf("the server still answers after its test ended: %s", resp.Status)
	}
}

// TestEnvelopes: Data takes the envelope of the operation's example:
// b2b-v1's {success, data, meta}, a JSON:API document's {data}, or none.
func TestEnvelopes(t *testing.T) {
	srv := altegiotest.NewServer(t)
	get := func(path string) string {
		t.Helper()
		req, _ := http.NewRequest(http.MethodGet, srv.URL+path, nil)
		req.Header.Set("Accept", "application/vnd.api.v2+json")
		req.Header.Set("Authorization", "Bearer p, User u")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		defer resp.Body.Close()
		b, _ := io.ReadAll(resp.Body)
		return resp.Status + " " + resp.Header.Get("Content-Type") + " " + string(b)
	}
	v := map[string]int{"id": 5}
	srv.On("get_appointment", altegiotest.Data(v))
	srv.On("get_position", altegiotest.Data(v).WithMeta(map[string]string{"note": "x"}))
	srv.On("get_loyalty_card_list_by_phone", altegiotest.Data([]any{v}))
	srv.On("get_appointment_list", altegiotest.Data([]any{v}))
	for path, want := range map[string]string{
		"/api/v1/record/1/5":                     `200 OK application/json {"success":true,"data":{"id":5},"meta":[]}`,
		"/api/v2/locations/1/positions/5":        `200 OK application/json {"data":{"id":5},"meta":{"note":"x"}}`,
		"/api/v1/loyalty/cards/+13155550175/1/1": `200 OK application/json [{"id":5}]`,
		"/api/v1/records/1?page=2":               `200 OK application/json {"success":true,"data":[],"meta":{"total_count":1}}`,
		"/api/v1/records/1":                      `200 OK application/json {"success":true,"data":[{"id":5}],"meta":{"total_count":1}}`,
	} {
		if got := get(path); !strings.HasPrefix(got, want) {
			t.Errorf("GET %s: %s, want %s", path, got, want)
		}
	}
	rec := &recorder{TB: t}
	bad := altegiotest.NewServer(rec)
	for name, r := range map[string]altegiotest.Response{
		"WithMeta on Error":    altegiotest.Error(500, "x").WithMeta(1),
		"WithPageSize on Data": altegiotest.Data(1).WithPageSize(2),
	} {
		if msg := fatal(func() { bad.On("list_positions", r) }); !strings.Contains(msg, "altegiotest: With") {
			t.Errorf("%s: %q", name, msg)
		}
	}
}

// TestOnAll: OnAll answers every operation that On has not set, each
// operation taking the answers in turn; On wins, and OnAll with no answers
// restores the examples.
func TestOnAll(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()
	srv.OnAll(altegiotest.Error(http.StatusServiceUnavailable, "Maintenance"), altegiotest.Unauthorized())
	srv.On("get_position", altegiotest.Example())
	for _, want := range []string{"503 Service Unavailable: Maintenance", "401 Unauthorized", "401 Unauthorized"} {
		if _, err := v2(srv).TeamMembers.ListPositions(ctx, 7); !strings.Contains(fmtErr(err), want) {
			t.Errorf("list_positions: err = %v, want %q", err, want)
		}
	}
	if _, err := v1(srv).Appointments.List(ctx, 1, b2bv1.GetAppointmentListParams{}); !strings.Contains(fmtErr(err), "503 Service Unavailable: Maintenance") {
		t.Errorf("get_appointment_list, its first call: err = %v, want the 503", err)
	}
	if _, err := v2(srv).TeamMembers.GetPosition(ctx, 7, 42); err != nil {
		t.Errorf("get_position, set by On: %v", err)
	}
	srv.OnAll()
	if _, err := v2(srv).TeamMembers.ListPositions(ctx, 7); err != nil {
		t.Errorf("after OnAll with no answers: %v", err)
	}
	rec := &recorder{TB: t}
	if msg := fatal(func() { altegiotest.NewServer(rec).OnAll(altegiotest.Data(func() {})) }); !strings.Contains(msg, "OnAll: answer 1: altegiotest.Data(func())") {
		t.Errorf("OnAll with a Data of a func: %q", msg)
	}
}
