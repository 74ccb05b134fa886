package main

import (
	"bytes"
	"context"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"

	"example.com/downstream/appointments"
)

// The tests in this file run the program against altegiotest's fake
// Altegio, which answers every operation with the spec's example and
// checks each request as Altegio would (tokens, Accept, parameters).

// fakeOptions points run at srv with the tokens srv checks.
func fakeOptions(srv *altegiotest.Server) options {
	return options{
		PartnerToken: "partner-token", UserToken: "user-token",
		LocationID: 42, Date: "2026-05-01",
		V1BaseURL: srv.V1URL(), V2BaseURL: srv.V2URL(),
	}
}

// TestRunSurvivesRateLimit: Altegio answers the first team member list
// with 429 and Retry-After: 1; the client waits a second, asks again and
// the program goes on.
func TestRunSurvivesRateLimit(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens("partner-token", "user-token"))
	srv.On("list_team_members", altegiotest.RateLimited(time.Second), altegiotest.Example())
	srv.On("get_appointment_list", altegiotest.Data([]appointments.Appointment{}))
	var out bytes.Buffer
	start := time.Now()
	if err := run(context.Background(), &out, fakeOptions(srv)); err != nil {
		t.Fatal(err)
	}
	if !strings.HasPrefix(out.String(), "location 42: 1 team members\n  42 John Smith\n") {
		t.Errorf("output:\n%s", out.String())
	}
	if calls := srv.RequestsTo("list_team_members"); len(calls) != 2 || time.Since(start) < time.Second {
		t.Errorf("%d calls of list_team_members in %v, want the 429 and, a second later, the success", len(calls), time.Since(start))
	}
}

// TestRunPaginatedList: 23 appointments come in three pages of the 10 the
// program asks for, and it prints every one.
func TestRunPaginatedList(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens("partner-token", "user-token"))
	var records []appointments.Appointment
	for i := range 23 {
		records = append(records, appointments.Appointment{ID: altegio.Ptr(int64(100 + i)), StaffID: altegio.Ptr(int64(7))})
	}
	srv.On("get_appointment_list", altegiotest.Pages(records))
	var out bytes.Buffer
	if err := run(context.Background(), &out, fakeOptions(srv)); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "  #100 at  with team member 7\n") || !strings.Contains(out.String(), "  #122 at  with team member 7\n23 appointments\n") {
		t.Errorf("output:\n%s", out.String())
	}
	var pages []string
	for _, r := range srv.RequestsTo("get_appointment_list") {
		pages = append(pages, r.Query.Get("page")+"/"+r.Query.Get("count"))
	}
	if !slices.Equal(pages, []string{"1/10", "2/10", "3/10"}) {
		t.Errorf("pages asked: %v", pages)
	}
}
