package plumbing_test

import (
	"testing"

	"github.com/altegio-go/altegio/plumbing"
)

func TestAuthString(t *testing.T) {
	if plumbing.AuthPartnerUser.String() != "AuthPartnerUser" || plumbing.AuthNone.String() != "AuthNone" || plumbing.AuthPartner.String() != "AuthPartner" || plumbing.Auth(9).String() != "Auth(9)" {
		t.Error("Auth.String")
	}
}
