package altegio

import (
	"fmt"
	"strings"
)

// authMode says which tokens a request carries; plumbing.Auth has the same
// values.
type authMode int

const (
	// authNone sends no Authorization header.
	authNone authMode = iota
	// authPartner sends "Authorization: Bearer <partner_token>".
	authPartner
	// authPartnerUser sends "Authorization: Bearer <partner_token>, User <user_token>".
	authPartnerUser
)

// authorization returns the Authorization header value for auth, or an
// error naming what is missing. The error never contains a token.
func authorization(auth authMode, partner, user, method, path string) (string, error) {
	switch auth {
	case authNone:
		return "", nil
	case authPartner, authPartnerUser:
	default:
		return "", fmt.Errorf("altegio: %s %s: unknown auth mode %d", method, path, int(auth))
	}
	if partner == "" {
		return "", &missingTokenError{method, path, "partner", "WithTokens"}
	}
	if !validToken(partner) {
		return "", fmt.Errorf("altegio: %s %s: the partner token contains white space, a comma or control characters", method, path)
	}
	if auth == authPartner {
		return "Bearer " + partner, nil
	}
	if user == "" {
		return "", &missingTokenError{method, path, "user", "WithTokens"}
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
