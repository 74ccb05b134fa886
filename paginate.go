package altegio

import (
	"context"
	"iter"
)

// PageFunc fetches one page of a paged list: page is 1-based. It returns
// the page's items and, when the response says so, the page size the server
// used (v2's meta.pagination.limit) or the total number of items (v1's
// meta.total_count); 0 means the response did not say.
type PageFunc[T any] func(ctx context.Context, page int) (items []T, pageSize, total int, err error)

// Paginate returns an iterator over every item of a paged list, fetching
// pages from first on. pageSize is the page size the caller asked for, or 0
// when it asked for none.
//
// It stops after a page that is empty, or shorter than the page size (the
// one the server reports, else the one asked for), or that reaches the
// total the server reports; at the first error, which it yields once with a
// zero item; and as soon as the loop body breaks. It fetches no page before
// the first item is asked for, and never one after the loop ends.
func Paginate[T any](ctx context.Context, first, pageSize int, fetch PageFunc[T]) iter.Seq2[T, error] {
	if first < 1 {
		first = 1
	}
	return func(yield func(T, error) bool) {
		for page := first; ; page++ {
			if err := ctx.Err(); err != nil {
				var zero T
				yield(zero, err)
				return
			}
			items, size, total, err := fetch(ctx, page)
			if err != nil {
				var zero T
				yield(zero, err)
				return
			}
			for _, it := range items {
				if !yield(it, nil) {
					return
				}
			}
			if size == 0 {
				size = pageSize
			}
			if len(items) == 0 || (size > 0 && len(items) < size) {
				return
			}
			// Pages 1..page hold page*size items.
			if per := max(size, len(items)); total > 0 && page*per >= total {
				return
			}
		}
	}
}
