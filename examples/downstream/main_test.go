package main

import (
	"bytes"
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
)

// TestRun runs the program against altegiotest's fake (see fake_test.go),
// which checks the tokens of every request, with answers as Altegio sends
// them.
func TestRun(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens("partner-token", "user-token"))
	// Altegio's PHP backend sends numbers as strings at times; the
	// runtime's lenient decoder takes them.
	srv.On("list_team_members", altegiotest.JSON(http.StatusOK, []byte(`{"data":[
		{"type":"team_member","id":"7","attributes":{"name":"Ann","position_id":"3"}},
		{"type":"team_member","id":"8","attributes":{"name":"Bob"}}]}`)))
	var records []map[string]any
	for i := range 10 {
		records = append(records, map[string]any{"id": 100 + i, "staff_id": "7", "datetime": "2026-05-01T09:00:00+03:00"})
	}
	records = append(records, map[string]any{"id": 110, "staff_id": 8, "datetime": "2026-05-01 15:30:00"})
	// Pages of the count=10 the program asks for: a full first page, so
	// the iterator asks for the next.
	srv.On("get_appointment_list", altegiotest.Pages(records))
	var out bytes.Buffer
	if err := run(context.Background(), &out, fakeOptions(srv)); err != nil {
		t.Fatal(err)
	}
	want := `location 42: 2 team members
  7 Ann
  8 Bob
appointments on 2026-05-01:
  #100 at 09:00 with team member 7
  #101 at 09:00 with team member 7
  #102 at 09:00 with team member 7
  #103 at 09:00 with team member 7
  #104 at 09:00 with team member 7
  #105 at 09:00 with team member 7
  #106 at 09:00 with team member 7
  #107 at 09:00 with team member 7
  #108 at 09:00 with team member 7
  #109 at 09:00 with team member 7
  #110 at 15:30 with team member 8
11 appointments
`
	if out.String() != want {
		t.Errorf("output:\n%s\nwant:\n%s", out.String(), want)
	}
	var reqs []string
	for _, r := range srv.Requests() {
		reqs = append(reqs, r.Method+" "+r.RequestURI)
	}
	wantReqs := []string{
		"GET /api/v2/locations/42/team_members?include=position",
		"GET /api/v1/records/42?page=1&count=10&start_date=2026-05-01&end_date=2026-05-01",
		"GET /api/v1/records/42?page=2&count=10&start_date=2026-05-01&end_date=2026-05-01",
	}
	if !slices.Equal(reqs, wantReqs) {
		t.Errorf("requests\n%s\nwant\n%s", strings.Join(reqs, "\n"), strings.Join(wantReqs, "\n"))
	}
}

// TestRunReportsAPIErrors: Altegio's 404 for the team members ends the
// program with an error that says so.
func TestRunReportsAPIErrors(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens("partner-token", "user-token"))
	srv.On("list_team_members", altegiotest.Error(http.StatusNotFound, "not found"))
	err := run(context.Background(), &bytes.Buffer{}, fakeOptions(srv))
	if !errors.Is(err, altegio.ErrNotFound) || !strings.HasPrefix(err.Error(), "listing team members: ") || len(srv.Requests()) != 1 {
		t.Fatalf("err %v after %d requests, want the 404 of the first", err, len(srv.Requests()))
	}
	t.Log(err)
}
