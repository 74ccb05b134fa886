package altegio

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
)

// Login exchanges a user's login (a phone number such as +13155550175, or an
// email address) and password for their user token: POST /auth on the v1
// API, authenticated with the partner token alone. c's base URL must be the
// v1 API's. The token changes when the user changes their password.
//
// A wrong login or password is an [*APIError] satisfying
// errors.Is(err, [ErrUnauthorized]) (or [ErrValidation], as Altegio decides).
// Neither the password nor any token appears in the error.
func (c *Client) Login(ctx context.Context, login, password string) (userToken string, err error) {
	body, err := json.Marshal(struct {
		Login    string `json:"login"`
		Password string `json:"password"`
	}{login, password})
	if err != nil {
		return "", fmt.Errorf("altegio: login: %w", err)
	}
	if ctx == nil {
		ctx = context.Background()
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodPost, c.baseURL+"/auth", bytes.NewReader(body))
	if err != nil {
		return "", newTransportError(http.MethodPost, "/auth", err, c.secrets(&callConfig{secrets: []string{password}}))
	}
	var res struct {
		Data Object[struct {
			UserToken string `json:"user_token"`
		}] `json:"data"`
	}
	if err := c.do(ctx, req, authPartner, &res, withSecret(password)); err != nil {
		var de *DecodeError
		if errors.As(err, &de) {
			// The body holds the new token: do not keep any of it.
			de.Body = ""
		}
		return "", err
	}
	data, _ := res.Data.Value()
	if data.UserToken == "" {
		return "", errors.New("altegio: POST /auth: the response has no data.user_token")
	}
	return data.UserToken, nil
}

// Login exchanges a user's login and password for their user token, using
// partnerToken, against [DefaultV1BaseURL] unless opts include [WithBaseURL].
// See [Client.Login].
func Login(ctx context.Context, partnerToken, login, password string, opts ...Option) (string, error) {
	opts = append(append([]Option{}, opts...), WithTokens(partnerToken, ""))
	return NewClient(DefaultV1BaseURL, opts...).Login(ctx, login, password)
}
