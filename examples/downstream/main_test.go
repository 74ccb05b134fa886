package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
)

// fakeAltegio answers the three requests run makes, as Altegio would, and
// records their targets.
type fakeAltegio struct {
	t        *testing.T
	mu       sync.Mutex
	requests []string
}

func (f *fakeAltegio) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.requests = append(f.requests, r.Method+" "+r.URL.RequestURI())
	f.mu.Unlock()
	if got, want := r.Header.Get("Authorization"), "Bearer partner-token, User user-token"; got != want {
		f.t.Errorf("%s: Authorization %q, want %q", r.URL, got, want)
	}
	w.Header().Set("Content-Type", "application/json")
	switch r.URL.Path {
	case "/api/v2/locations/42/team_members":
		// Altegio's PHP backend sends numbers as strings at times; the
		// runtime's lenient decoder takes them.
		w.Write([]byte(`{"data":[
			{"type":"team_member","id":"7","attributes":{"name":"Ann","position_id":"3"}},
			{"type":"team_member","id":"8","attributes":{"name":"Bob"}}]}`))
	case "/api/v1/records/42":
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		var data []map[string]any
		switch page {
		case 1: // a full page of count=10, so the iterator asks for the next
			for i := range 10 {
				data = append(data, map[string]any{"id": 100 + i, "staff_id": "7", "datetime": "2026-05-01T09:00:00+03:00"})
			}
		case 2:
			data = append(data, map[string]any{"id": 110, "staff_id": 8, "datetime": "2026-05-01 15:30:00"})
		}
		json.NewEncoder(w).Encode(map[string]any{"success": true, "data": data, "meta": map[string]any{"total_count": 11}})
	default:
		w.WriteHeader(http.StatusNotFound)
		w.Write([]byte(`{"success":false,"meta":{"message":"not found"}}`))
	}
}

func TestRun(t *testing.T) {
	fake := &fakeAltegio{t: t}
	srv := httptest.NewServer(fake)
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), &out, options{
		PartnerToken: "partner-token", UserToken: "user-token",
		LocationID: 42, Date: "2026-05-01",
		V1BaseURL: srv.URL + "/api/v1", V2BaseURL: srv.URL + "/api/v2",
	})
	if err != nil {
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
	wantReqs := []string{
		"GET /api/v2/locations/42/team_members?include=position",
		"GET /api/v1/records/42?page=1&count=10&start_date=2026-05-01&end_date=2026-05-01",
		"GET /api/v1/records/42?page=2&count=10&start_date=2026-05-01&end_date=2026-05-01",
	}
	if len(fake.requests) != len(wantReqs) {
		t.Fatalf("requests %q, want %q", fake.requests, wantReqs)
	}
	for i := range wantReqs {
		if fake.requests[i] != wantReqs[i] {
			t.Errorf("request %d: %s, want %s", i, fake.requests[i], wantReqs[i])
		}
	}
}

func TestRunReportsAPIErrors(t *testing.T) {
	srv := httptest.NewServer(&fakeAltegio{t: t})
	defer srv.Close()
	var out bytes.Buffer
	err := run(context.Background(), &out, options{
		PartnerToken: "partner-token", UserToken: "user-token",
		LocationID: 404, Date: "2026-05-01",
		V1BaseURL: srv.URL + "/api/v1", V2BaseURL: srv.URL + "/api/v2",
	})
	if err == nil {
		t.Fatal("no error for a 404")
	}
	t.Log(err)
}
