package plumbing_test

import (
	"testing"

	"github.com/altegio-go/altegio/plumbing"
)

type inner struct{ N *int64 }

type outer struct {
	In   *inner
	Name *string
}

func (o *outer) GetIn() *inner   { return plumbing.Field(o != nil, func() *inner { return o.In }) }
func (o *outer) GetName() string { return plumbing.Value(o != nil, func() *string { return o.Name }) }
func (i *inner) GetN() int64     { return plumbing.Value(i != nil, func() *int64 { return i.N }) }

func TestGetters(t *testing.T) {
	var none *outer
	if none.GetIn() != nil || none.GetName() != "" || none.GetIn().GetN() != 0 {
		t.Error("getters on nil are not zero")
	}
	n, name := int64(7), "Ann"
	o := &outer{In: &inner{N: &n}, Name: &name}
	if o.GetIn().GetN() != 7 || o.GetName() != "Ann" {
		t.Errorf("got %d %q", o.GetIn().GetN(), o.GetName())
	}
	if (&outer{In: &inner{}}).GetIn().GetN() != 0 {
		t.Error("a nil field is not zero")
	}
}

func BenchmarkValue(b *testing.B) {
	n := int64(7)
	i := &inner{N: &n}
	var sum int64
	for b.Loop() {
		sum += i.GetN()
	}
	_ = sum
}

func TestAuthString(t *testing.T) {
	if plumbing.AuthPartnerUser.String() != "AuthPartnerUser" || plumbing.AuthNone.String() != "AuthNone" || plumbing.AuthPartner.String() != "AuthPartner" || plumbing.Auth(9).String() != "Auth(9)" {
		t.Error("Auth.String")
	}
}
