package altegiotest_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// TestPages: an iterator walks a list Pages serves, page by page, with
// the page size it asks for (b2b-v1, meta.total_count) or the spec's
// default (b2b-v2, meta.pagination), and stops at the end.
func TestPages(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()

	var appts []b2bv1.Appointment
	for i := range 25 {
		appts = append(appts, b2bv1.Appointment{ID: altegio.Ptr(int64(100 + i))})
	}
	srv.On("get_appointment_list", altegiotest.Pages(appts))
	count := int64(10)
	var ids []int64
	for a, err := range v1(srv).Appointments.ListAll(ctx, 1, b2bv1.GetAppointmentListParams{Count: &count}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, a.GetID())
	}
	if len(ids) != 25 || ids[0] != 100 || ids[24] != 124 {
		t.Errorf("b2b-v1: %d appointments %v", len(ids), ids)
	}
	if pages := queries(srv.RequestsTo("get_appointment_list"), "page"); !slices.Equal(pages, []string{"1", "2", "3"}) {
		t.Errorf("b2b-v1 pages asked: %v", pages)
	}

	var services []b2bv2.AttendanceServiceResource
	for i := range 5 {
		services = append(services, b2bv2.AttendanceServiceResource{ID: fmt.Sprint(i + 1), Type: "attendance_service"})
	}
	srv.On("list_attendance_services", altegiotest.Pages(services))
	limit := int64(2)
	var got []string
	for s, err := range v2(srv).Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{Limit: &limit}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.ID)
	}
	if strings.Join(got, ",") != "1,2,3,4,5" || len(srv.RequestsTo("list_attendance_services")) != 3 {
		t.Errorf("b2b-v2 limit 2: %v in %d requests", got, len(srv.RequestsTo("list_attendance_services")))
	}
	// No limit: the spec's default (250) holds all five on one page.
	got = nil
	for s, err := range v2(srv).Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		got = append(got, s.ID)
	}
	if len(got) != 5 || len(srv.RequestsTo("list_attendance_services")) != 4 {
		t.Errorf("b2b-v2 default size: %v in %d requests", got, len(srv.RequestsTo("list_attendance_services")))
	}

	// Pages on a list that takes no page parameter fails the test.
	rec := &recorder{TB: t}
	bad := altegiotest.NewServer(rec)
	bad.On("list_positions", altegiotest.Pages([]int{1}))
	if _, err := v2(bad).TeamMembers.ListPositions(ctx, 1); err == nil || !strings.Contains(joined(rec.errors()), "Pages answers a paged list, and b2b-v2 list_positions takes no page parameter") {
		t.Errorf("Pages on list_positions: %v", err)
	}
	if msg := fatal(func() { bad.On("list_positions", altegiotest.Pages(3)) }); !strings.Contains(msg, "altegiotest.Pages(int): not a slice") {
		t.Errorf("Pages(3): %q", msg)
	}
}

// TestDataOnPagedList: Data on a paged list is its only page, so that an
// iterator stops after it.
func TestDataOnPagedList(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()
	srv.On("get_appointment_list", altegiotest.Data([]b2bv1.Appointment{{ID: altegio.Ptr(int64(1))}, {ID: altegio.Ptr(int64(2))}}))
	n := 0
	for _, err := range v1(srv).Appointments.ListAll(ctx, 1, b2bv1.GetAppointmentListParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 || len(srv.RequestsTo("get_appointment_list")) != 1 {
		t.Errorf("b2b-v1: %d items in %d requests", n, len(srv.RequestsTo("get_appointment_list")))
	}
	srv.On("list_attendance_services", altegiotest.Data([]b2bv2.AttendanceServiceResource{{ID: "1"}, {ID: "2"}}))
	n = 0
	for _, err := range v2(srv).Services.ListAttendanceAll(ctx, 1, b2bv2.ListAttendanceServicesParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		n++
	}
	if n != 2 || len(srv.RequestsTo("list_attendance_services")) != 2 {
		t.Errorf("b2b-v2: %d items in %d requests (the second an empty page)", n, len(srv.RequestsTo("list_attendance_services")))
	}
}

// TestStore: a record a create operation made is what a later read
// answers, under the id the create gave it; another id is a 404.
func TestStore(t *testing.T) {
	srv := altegiotest.NewServer(t)
	ctx := context.Background()

	srv.Store("create_client", "get_client")
	c1 := v1(srv).Clients
	created, err := c1.Create(ctx, 1, b2bv1.CreateClientRequest{Name: "Ann", Phone: "+13155550175"})
	if err != nil {
		t.Fatal(err)
	}
	if created.GetID() != 1 || created.GetName() != "Ann" {
		t.Errorf("created %+v", created)
	}
	read, err := c1.Get(ctx, 1, created.GetID())
	if err != nil || read.GetName() != "Ann" || read.GetPhone() != "+13155550175" {
		t.Errorf("read %+v, %v", read, err)
	}
	if _, err := c1.Get(ctx, 1, 2); !errors.Is(err, altegio.ErrNotFound) {
		t.Errorf("an id never created: %v", err)
	}

	srv.Store("create_position", "get_position")
	c2 := v2(srv).TeamMembers
	pos, err := c2.CreatePosition(ctx, 7, b2bv2.PositionRequest{Title: "Barber"})
	if err != nil || pos.ID != "1" || pos.Attributes.Title != "Barber" || pos.Type != "position" {
		t.Fatalf("created %+v, %v", pos, err)
	}
	again, err := c2.GetPosition(ctx, 7, 1)
	if err != nil || again.Attributes.Title != "Barber" {
		t.Errorf("read %+v, %v", again, err)
	}
}

// TestFunc: a Func answer sees the request.
func TestFunc(t *testing.T) {
	srv := altegiotest.NewServer(t)
	srv.On("get_appointment", altegiotest.Func(func(r altegiotest.Request) altegiotest.Response {
		if r.Params["record_id"] == "404" {
			return altegiotest.Error(http.StatusNotFound, "Appointment not found")
		}
		return altegiotest.Data(map[string]any{"id": r.Params["record_id"], "comment": fmt.Sprintf("call %d", r.Call)})
	}))
	ctx := context.Background()
	a, err := v1(srv).Appointments.Get(ctx, 1, 5, b2bv1.AppointmentParams{})
	if err != nil || a.GetID() != 5 || a.GetComment() != "call 1" {
		t.Errorf("%+v, %v", a, err)
	}
	if _, err := v1(srv).Appointments.Get(ctx, 1, 404, b2bv1.AppointmentParams{}); !errors.Is(err, altegio.ErrNotFound) {
		t.Errorf("404: %v", err)
	}
}

// queries returns the values of one query parameter of requests.
func queries(reqs []altegiotest.Request, name string) []string {
	var out []string
	for _, r := range reqs {
		out = append(out, r.Query.Get(name))
	}
	return out
}
