//go:build unix

package generated_test

import (
	"context"
	"reflect"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
)

// TestFakeServesEveryOperation calls every operation of both APIs through
// the generated clients against altegiotest's fake, with arguments that
// satisfy the spec (as the contract test makes them): the fake finds no
// problem with any request (Authorization, Accept, required parameters and
// body members), and each default answer decodes into the method's
// result.
func TestFakeServesEveryOperation(t *testing.T) {
	srv := altegiotest.NewServer(t, altegiotest.WithTokens(wirePartner, wireUser))
	clients := map[string]reflect.Value{
		"b2b-v1": reflect.ValueOf(b2bv1.New(altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(srv.V1URL()), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}))),
		"b2b-v2": reflect.ValueOf(b2bv2.New(altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(srv.V2URL()), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}))),
	}
	want := map[string]int{"b2b-v1": 260, "b2b-v2": 42}
	for _, api := range gen.APIs {
		data, _ := servedSpec(t, api)
		doc, err := gen.LoadDocument(data, api.SpecFile())
		if err != nil {
			t.Fatal(err)
		}
		ops := contractOps(doc)
		if len(ops) != want[api.Name] {
			t.Errorf("%s: %d operations, want %d", api.Name, len(ops), want[api.Name])
		}
		for _, op := range ops {
			ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
			m, args, _, failure := contractArgs(ctx, clients[api.Name], op)
			if failure != "" {
				t.Errorf("%s %s: %s", api.Name, op.ID, failure)
				cancel()
				continue
			}
			out := m.Call(args)
			cancel()
			if err, _ := out[len(out)-1].Interface().(error); err != nil {
				t.Errorf("%s %s: %v", api.Name, op.ID, err)
			}
			got := srv.RequestsTo(api.Name + " " + op.ID)
			if len(got) != 1 || got[0].Call != 1 || got[0].Problem != "" {
				t.Errorf("%s %s: the fake recorded %+v, want one call without a problem", api.Name, op.ID, got)
			}
		}
	}
	if n, total := len(srv.Requests()), want["b2b-v1"]+want["b2b-v2"]; n != total {
		t.Errorf("the fake received %d requests, want %d", n, total)
	}
}
