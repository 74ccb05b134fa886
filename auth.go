package altegio

import (
	"fmt"
	"strings"
)

// Auth says which tokens a request carries.
type Auth int

const (
	// AuthNone sends no Authorization header.
	AuthNone Auth = iota
	// AuthPartner sends "Authorization: Bearer <partner_token>".
	AuthPartner
	// AuthPartnerUser sends "Authorization: Bearer <partner_token>, User <user_token>".
	AuthPartnerUser
)

// String returns the name of the constant, e.g. "AuthPartnerUser".
func (a Auth) String() string {
	switch a {
	case AuthNone:
		return "AuthNone"
	case AuthPartner:
		return "AuthPartner"
	case AuthPartnerUser:
		return "AuthPartnerUser"
	}
	return fmt.Sprintf("Auth(%d)", int(a))
}

// authorization returns the Authorization header value for auth, or an
// error naming what is missing. The error never contains a token.
func authorization(auth Auth, partner, user, method, path string) (string, error) {
	switch auth {
	case AuthNone:
		return "", nil
	case AuthPartner, AuthPartnerUser:
	default:
		return "", fmt.Errorf("altegio: %s %s: unknown %v", method, path, auth)
	}
	if partner == "" {
		return "", &missingTokenError{method, path, "partner", "WithPartnerToken"}
	}
	if !validToken(partner) {
		return "", fmt.Errorf("altegio: %s %s: the partner token contains white space, a comma or control characters", method, path)
	}
	if auth == AuthPartner {
		return "Bearer " + partner, nil
	}
	if user == "" {
		return "", &missingTokenError{method, path, "user", "WithUserToken"}
	}
	if !validToken(user) {
		return "", fmt.Errorf("altegio: %s %s: the user token contains white space, a comma or control characters", method, path)
	}
	return "Bearer " + partner + ", User " + user, nil
}

// validToken reports whether t can be sent in Altegio's Authorization
// header: printable ASCII without spaces or commas.
func validToken(t string) bool {
	return strings.IndexFunc(t, func(r rune) bool { return r <= ' ' || r >= 0x7f || r == ',' }) < 0
}
