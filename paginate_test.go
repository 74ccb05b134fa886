package altegio_test

import (
	"context"
	"errors"
	"slices"
	"testing"

	"github.com/altegio-go/altegio"
)

// pager serves a list of n items in pages of size, recording the pages
// asked for; reportSize and reportTotal say what the response tells.
type pager struct {
	n, size                 int
	reportSize, reportTotal bool
	failOn                  int
	asked                   []int
}

func (p *pager) fetch(_ context.Context, page int) ([]int, int, int, error) {
	p.asked = append(p.asked, page)
	if page == p.failOn {
		return nil, 0, 0, errors.New("boom")
	}
	var items []int
	for i := (page - 1) * p.size; i < page*p.size && i < p.n; i++ {
		items = append(items, i)
	}
	size, total := 0, 0
	if p.reportSize {
		size = p.size
	}
	if p.reportTotal {
		total = p.n
	}
	return items, size, total, nil
}

func collect(t *testing.T, seq func(func(int, error) bool)) ([]int, error) {
	t.Helper()
	var got []int
	for v, err := range seq {
		if err != nil {
			return got, err
		}
		got = append(got, v)
	}
	return got, nil
}

func TestPaginateStops(t *testing.T) {
	for _, tc := range []struct {
		name      string
		p         pager
		askedSize int
		wantPages []int
	}{
		{"short last page, size asked", pager{n: 7, size: 3}, 3, []int{1, 2, 3}},
		{"short last page, size reported", pager{n: 7, size: 3, reportSize: true}, 0, []int{1, 2, 3}},
		{"exact multiple: empty page ends it", pager{n: 6, size: 3}, 3, []int{1, 2, 3}},
		{"exact multiple: total ends it", pager{n: 6, size: 3, reportTotal: true}, 0, []int{1, 2}},
		{"no size known: empty page ends it", pager{n: 5, size: 2}, 0, []int{1, 2, 3, 4}},
		{"empty list", pager{n: 0, size: 3}, 3, []int{1}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			got, err := collect(t, altegio.Paginate(context.Background(), 1, tc.askedSize, tc.p.fetch))
			if err != nil {
				t.Fatal(err)
			}
			want := make([]int, tc.p.n)
			for i := range want {
				want[i] = i
			}
			if !slices.Equal(got, want) {
				t.Errorf("items %v, want %v", got, want)
			}
			if !slices.Equal(tc.p.asked, tc.wantPages) {
				t.Errorf("pages asked %v, want %v", tc.p.asked, tc.wantPages)
			}
		})
	}
}

func TestPaginateFirstErrorEndsIt(t *testing.T) {
	p := pager{n: 10, size: 3, failOn: 2}
	var items []int
	var errs []error
	for v, err := range altegio.Paginate(context.Background(), 1, 3, p.fetch) {
		if err != nil {
			errs = append(errs, err)
			continue
		}
		items = append(items, v)
	}
	if !slices.Equal(items, []int{0, 1, 2}) || len(errs) != 1 || errs[0].Error() != "boom" || !slices.Equal(p.asked, []int{1, 2}) {
		t.Errorf("items %v, errs %v, asked %v", items, errs, p.asked)
	}
}

func TestPaginateBreakFetchesNoMore(t *testing.T) {
	p := pager{n: 10, size: 3}
	for v := range altegio.Paginate(context.Background(), 1, 3, p.fetch) {
		if v == 4 {
			break
		}
	}
	if !slices.Equal(p.asked, []int{1, 2}) {
		t.Errorf("pages asked %v, want [1 2]", p.asked)
	}
}

func TestPaginateStartPageAndCancel(t *testing.T) {
	p := pager{n: 10, size: 3}
	got, _ := collect(t, altegio.Paginate(context.Background(), 3, 3, p.fetch))
	if !slices.Equal(got, []int{6, 7, 8, 9}) || !slices.Equal(p.asked, []int{3, 4}) {
		t.Errorf("from page 3: items %v, asked %v", got, p.asked)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	p = pager{n: 10, size: 3}
	_, err := collect(t, altegio.Paginate(ctx, 1, 3, p.fetch))
	if !errors.Is(err, context.Canceled) || len(p.asked) != 0 {
		t.Errorf("cancelled: err %v, asked %v", err, p.asked)
	}
}
