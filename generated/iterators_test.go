package generated_test

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
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

// TestIteratorWalksPages runs ListAttendanceServicesAll against a server
// that holds five services and pages them two by two, reporting
// meta.pagination.
func TestIteratorWalksPages(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	fail := 0
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		defer mu.Unlock()
		q := r.URL.Query()
		asked = append(asked, "page="+q.Get("page")+" limit="+q.Get("limit"))
		page, _ := strconv.Atoi(r.URL.Query().Get("page"))
		if page == fail {
			w.Header().Set("Content-Type", "application/json")
			w.WriteHeader(http.StatusInternalServerError)
			fmt.Fprint(w, `{"success":false,"data":null,"meta":{"message":"down"}}`)
			return
		}
		var items []string
		for i := (page-1)*2 + 1; i <= page*2 && i <= 5; i++ {
			items = append(items, fmt.Sprintf(`{"type":"attendance_service","id":"%d","attributes":{"title":"S%d"}}`, i, i))
		}
		w.Header().Set("Content-Type", "application/json")
		fmt.Fprintf(w, `{"data":[%s],"meta":{"pagination":{"page":%d,"offset":%d,"limit":2}}}`, strings.Join(items, ","), page, (page-1)*2)
	}))
	defer srv.Close()
	// One attempt per call: this test counts the requests an error ends.
	c := b2bv2.New(altegio.WithTokens("p", "u"), altegio.WithBaseURL(srv.URL), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}), altegio.WithLimiter(nil))
	ctx := context.Background()

	var ids []string
	for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{}) {
		if err != nil {
			t.Fatal(err)
		}
		ids = append(ids, s.ID)
	}
	if !slices.Equal(ids, []string{"1", "2", "3", "4", "5"}) || !slices.Equal(asked, []string{"page=1 limit=", "page=2 limit=", "page=3 limit="}) {
		t.Errorf("ids %v, queries %v", ids, asked)
	}

	// The caller's limit and start page are kept; break stops the fetching.
	asked = nil
	limit, page := int64(2), int64(2)
	for s, err := range c.Services.ListAttendanceAll(ctx, 9, b2bv2.ListAttendanceServicesParams{Limit: &limit, Page: &page}) {
		if err != nil || s.ID != "3" {
			t.Fatalf("first item %q, %v", s.ID, err)
		}
		break
	}
	if !slices.Equal(asked, []string{"page=2 limit=2"}) {
		t.Errorf("queries %v", asked)
	}

	// The first error ends the walk, once.
	asked, fail = nil, 2
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
	if n != 2 || len(errs) != 1 || !errors.As(errs[0], &apiErr) || apiErr.StatusCode != 500 || len(asked) != 2 {
		t.Errorf("items %d, errors %v, queries %v", n, errs, asked)
	}
}
