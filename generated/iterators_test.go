package generated_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
)

// noIterator lists the paged operations that get no iterator, and why. The
// test fails when one of them gains an iterator, or another loses one.
var noIterator = map[string]string{
	"b2b-v1 get_product_category_composition": "its data is one category node with its children, not a list",
}

// TestIteratorsCoverPagedOperations derives the paged operations (a page
// query parameter and a count, limit or page_size one) from the raw locked
// specs, and requires the inventory to list an iterator for each, but for
// the documented exceptions.
func TestIteratorsCoverPagedOperations(t *testing.T) {
	root := spectest.ModuleRoot(t)
	total := 0
	for _, api := range gen.APIs {
		var doc struct {
			Paths map[string]map[string]struct {
				OperationID string `yaml:"operationId"`
				Parameters  []struct {
					Ref  string `yaml:"$ref"`
					Name string `yaml:"name"`
					In   string `yaml:"in"`
				} `yaml:"parameters"`
			} `yaml:"paths"`
			Components struct {
				Parameters map[string]struct {
					Name string `yaml:"name"`
					In   string `yaml:"in"`
				} `yaml:"parameters"`
			} `yaml:"components"`
		}
		if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &doc); err != nil {
			t.Fatal(err)
		}
		inv, err := os.ReadFile(filepath.Join(root, api.OutputDir(), gen.InventoryFile))
		if err != nil {
			t.Fatal(err)
		}
		for _, item := range doc.Paths {
			for _, op := range item {
				query := map[string]bool{}
				for _, p := range op.Parameters {
					if p.Ref != "" {
						c := doc.Components.Parameters[strings.TrimPrefix(p.Ref, "#/components/parameters/")]
						p.Name, p.In = c.Name, c.In
					}
					if p.In == "query" {
						query[p.Name] = true
					}
				}
				if !query["page"] || !(query["count"] || query["limit"] || query["page_size"]) {
					continue
				}
				total++
				key := api.Name + " " + op.OperationID
				has := false
				for _, line := range strings.Split(string(inv), "\n") {
					if strings.Contains(line, " "+op.OperationID+" → ") && strings.Contains(line, ", iterator ") {
						has = true
					}
				}
				if reason, skipped := noIterator[key]; skipped == has {
					if has {
						t.Errorf("%s now has an iterator; drop it from noIterator (%s)", key, reason)
					} else {
						t.Errorf("%s is paged but has no iterator in %s", key, gen.InventoryFile)
					}
				}
			}
		}
	}
	if total != 22 {
		t.Errorf("%d paged operations in the specs, want 22 (16 in v1, 6 in v2)", total)
	}
}

// TestIteratorWalksPages runs ListAttendanceServicesAll against a fake
// that holds five services and pages them two by two, reporting
// meta.pagination.
func TestIteratorWalksPages(t *testing.T) {
	var services []b2bv2.AttendanceServiceResource
	for i := 1; i <= 5; i++ {
		services = append(services, b2bv2.AttendanceServiceResource{Type: "attendance_service", ID: strconv.Itoa(i), Attributes: b2bv2.AttendanceServiceResourceAttributes{Title: fmt.Sprintf("S%d", i)}})
	}
	fail := ""
	srv := altegiotest.NewServer(t)
	srv.On("list_attendance_services", altegiotest.Func(func(r altegiotest.Request) altegiotest.Response {
		if r.Query.Get("page") == fail {
			return altegiotest.Error(http.StatusInternalServerError, "down")
		}
		return altegiotest.Pages(services).WithPageSize(2)
	}))
	asked := func() (out []string) {
		for _, r := range srv.RequestsTo("list_attendance_services") {
			out = append(out, "page="+r.Query.Get("page")+" limit="+r.Query.Get("limit"))
		}
		return out
	}
	// One attempt per call: this test counts the requests an error ends.
	c := b2bv2.New(altegio.WithTokens("p", "u"), altegio.WithBaseURL(srv.V2URL()), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}))
	ctx := context.Background()

	var ids []string
	for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []string{"1", "2", "3", "4", "5"}) || !slices.Equal(asked(), []string{"page=1 limit=", "page=2 limit=", "page=3 limit="}) {
		t.Errorf("ids %v, queries %v", ids, asked())
	}

	// The caller's limit and start page are kept; break stops the fetching.
	limit, page := int64(2), int64(2)
	for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{Limit: &limit, Page: &page}) {
		if err != nil || s.ID != "3" {
			t.Fatalf("first item %q, %v", s.ID, err)
		}
		break
	}
	if q := asked(); !slices.Equal(q[3:], []string{"page=2 limit=2"}) {
		t.Errorf("queries %v", q[3:])
	}

	// The first error ends the walk, once.
	fail = "2"
	var errs []error
	n := 0
	for _, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		n++
	}
	var apiErr *altegio.APIError
	if n != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != 500 || len(asked()) != 6 {
		t.Errorf("items %d, errors %v, queries %v", n, errs, asked()[4:])
	}
}
