package webhook_test

import (
	"context"
	"errors"
	"fmt"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/webhook"
)

// mustParse parses a notification or fails the test.
func mustParse(t *testing.T, body []byte) *webhook.Event {
	t.Helper()
	e, err := webhook.Parse(body)
	if err != nil {
		t.Fatal(err)
	}
	return e
}

// TestRouterPrecedence: the exact status wins over AnyStatus, AnyStatus over
// the fallback; with nothing matching and no fallback, Dispatch returns nil.
func TestRouterPrecedence(t *testing.T) {
	var got []string
	note := func(s string) webhook.HandlerFunc {
		return func(context.Context, *webhook.Event) error { got = append(got, s); return nil }
	}
	r := webhook.NewRouter()
	r.Handle(webhook.ResourceClient, webhook.Create, note("client create"))
	r.Handle(webhook.ResourceClient, webhook.AnyStatus, note("client any"))
	r.Handle("visit", webhook.Delete, note("visit delete"))

	ctx := context.Background()
	for _, e := range []*webhook.Event{
		{Resource: webhook.ResourceClient, Status: webhook.Create},
		{Resource: webhook.ResourceClient, Status: webhook.Delete},
		{Resource: "visit", Status: webhook.Delete},
		{Resource: "visit", Status: webhook.Create},
		{Resource: webhook.ResourceRecord, Status: webhook.Create},
	} {
		if err := r.Dispatch(ctx, e); err != nil {
			t.Errorf("Dispatch(%s %s) = %v, want nil", e.Resource, e.Status, err)
		}
	}
	if want := "client create|client any|visit delete"; strings.Join(got, "|") != want {
		t.Errorf("called %q, want %q (unmatched events dropped)", got, want)
	}

	got = nil
	r.Fallback(note("fallback"))
	if err := r.Dispatch(ctx, &webhook.Event{Resource: webhook.ResourceRecord, Status: webhook.Create}); err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, "|") != "fallback" {
		t.Errorf("called %q, want the fallback", got)
	}
}

// TestRouterTyped: each typed On method gets the decoded entity, for the
// status it was registered for, and the func's error is Dispatch's.
func TestRouterTyped(t *testing.T) {
	r := webhook.NewRouter()
	var got []string
	r.OnRecord(webhook.Create, func(_ context.Context, e *webhook.Event, rec *webhook.Record) error {
		got = append(got, "record "+string(e.Status)+" "+*rec.Comment)
		return nil
	})
	r.OnClient(webhook.AnyStatus, func(_ context.Context, e *webhook.Event, c *webhook.Client) error {
		got = append(got, "client "+string(e.Status)+" "+*c.Name)
		return nil
	})
	r.OnStaff(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, s *webhook.Staff) error {
		got = append(got, "staff "+*s.Name)
		return nil
	})
	r.OnService(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, s *webhook.Service) error {
		got = append(got, "service "+*s.Title)
		return nil
	})
	r.OnServiceCategory(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, c *webhook.ServiceCategory) error {
		got = append(got, "category "+*c.Title)
		return nil
	})
	r.OnSalon(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, s *webhook.Salon) error {
		got = append(got, "salon "+*s.Title)
		return nil
	})
	r.OnGood(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, g *webhook.Good) error {
		got = append(got, "good "+*g.Title)
		return nil
	})
	r.OnGoodsOperation(webhook.AnyStatus, func(_ context.Context, e *webhook.Event, g *webhook.GoodsOperation) error {
		got = append(got, string(e.Resource)+" "+*g.Good.Title)
		return nil
	})
	r.OnFinancesOperation(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, f *webhook.FinancesOperation) error {
		got = append(got, "finance "+*f.SoldItemType)
		return nil
	})
	errCard := errors.New("card store down")
	r.OnLoyaltyCard(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, c *webhook.LoyaltyCard) error {
		got = append(got, fmt.Sprint("card ", c.Number))
		return errCard
	})

	ctx := context.Background()
	dispatch := func(res webhook.Resource, status webhook.Status, data string) error {
		return r.Dispatch(ctx, mustParse(t, envelope(res, status, 1, data)))
	}
	for _, d := range documented {
		err := dispatch(d.resource, webhook.Create, d.data)
		if d.resource == webhook.ResourceLoyaltyCard {
			if !errors.Is(err, errCard) {
				t.Errorf("loyalty card: Dispatch = %v, want the func's error", err)
			}
		} else if err != nil {
			t.Errorf("%s: %v", d.resource, err)
		}
	}
	if err := dispatch(webhook.ResourceRecord, webhook.Update, documented[0].data); err != nil {
		t.Fatal(err)
	}
	if err := dispatch(webhook.ResourceGoodsMove, webhook.Update, goodsOperation); err != nil {
		t.Fatal(err)
	}
	want := "record create window seat|client create Irina|staff Maria|service Haircut|category Hair|salon Downtown|" +
		"good Shampoo|finance service|card 145071092105|goods_operations_move Shampoo"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("called\n %s\nwant\n %s", g, want)
	}
}

// TestRouterEmptyData: data [] (PHP's empty array: no entity) gives the
// typed func the zero value, not nil.
func TestRouterEmptyData(t *testing.T) {
	r := webhook.NewRouter()
	called := false
	r.OnClient(webhook.Delete, func(_ context.Context, e *webhook.Event, c *webhook.Client) error {
		called = true
		if c == nil || c.ID != nil || e.ResourceID != 42 {
			t.Errorf("client = %+v, resource_id %d; want the zero Client, 42", c, e.ResourceID)
		}
		return nil
	})
	if err := r.Dispatch(context.Background(), mustParse(t, envelope(webhook.ResourceClient, webhook.Delete, 42, ` [ ] `))); err != nil || !called {
		t.Errorf("Dispatch = %v, called %v", err, called)
	}
}

// TestRouterDataError: a typed func gets the value without the members
// that did not fit, after the OnDataError func, which can refuse it.
func TestRouterDataError(t *testing.T) {
	e := mustParse(t, envelope(webhook.ResourceService, webhook.Update, 3001, `{"id":3001,"title":"Haircut","price_min":"cheap"}`))
	r := webhook.NewRouter()
	var title string
	r.OnService(webhook.AnyStatus, func(_ context.Context, _ *webhook.Event, s *webhook.Service) error {
		title = *s.Title
		if s.PriceMin != nil {
			t.Errorf("price_min = %v, want it left out", *s.PriceMin)
		}
		return nil
	})
	ctx := context.Background()
	if err := r.Dispatch(ctx, e); err != nil || title != "Haircut" {
		t.Fatalf("Dispatch = %v, title %q; want nil, Haircut", err, title)
	}

	title = ""
	var members []string
	refuse := errors.New("refused")
	r.OnDataError(func(_ context.Context, _ *webhook.Event, de *webhook.DataError) error {
		members = de.Members
		return refuse
	})
	if err := r.Dispatch(ctx, e); !errors.Is(err, refuse) || title != "" {
		t.Errorf("Dispatch = %v, title %q; want the OnDataError error and no call", err, title)
	}
	if strings.Join(members, ",") != "price_min" {
		t.Errorf("DataError members = %q, want [price_min]", members)
	}
}

// TestRouterUndecodable: a hand-made event whose data does not decode at
// all gets the ParseError, and the typed func is not called.
func TestRouterUndecodable(t *testing.T) {
	r := webhook.NewRouter()
	r.OnRecord(webhook.AnyStatus, func(context.Context, *webhook.Event, *webhook.Record) error {
		t.Error("the typed func was called")
		return nil
	})
	err := r.Dispatch(context.Background(), &webhook.Event{Resource: webhook.ResourceRecord, Status: webhook.Create, Data: []byte(`"x"`)})
	var pe *webhook.ParseError
	if !errors.As(err, &pe) || pe.Field != "data" {
		t.Errorf("Dispatch = %v, want a ParseError for data", err)
	}
}

func TestRouterPanics(t *testing.T) {
	for name, f := range map[string]func(r *webhook.Router){
		"duplicate": func(r *webhook.Router) {
			r.Handle(webhook.ResourceRecord, webhook.Create, func(context.Context, *webhook.Event) error { return nil })
			r.OnRecord(webhook.Create, func(context.Context, *webhook.Event, *webhook.Record) error { return nil })
		},
		"nil func":       func(r *webhook.Router) { r.Handle(webhook.ResourceRecord, webhook.Create, nil) },
		"nil typed func": func(r *webhook.Router) { r.OnClient(webhook.Create, nil) },
	} {
		t.Run(name, func(t *testing.T) {
			defer func() {
				if p := recover(); p == nil || !strings.HasPrefix(p.(string), "webhook: Router") {
					t.Errorf("panic = %v, want a webhook: Router panic", p)
				}
			}()
			f(webhook.NewRouter())
		})
	}
}
