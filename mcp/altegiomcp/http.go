package altegiomcp

import (
	"crypto/subtle"
	"net/http"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// Handler returns an MCP server over Streamable HTTP, stateless: each call
// takes its Altegio tokens from the request's headers
// (X-Altegio-Partner-Token, X-Altegio-User-Token), so one server serves
// many accounts, and no token is kept or logged. The tokens in
// opts.ClientOptions are not used. If bearer is not "", every request must
// carry "Authorization: Bearer <bearer>", the server's own credential;
// others get 401.
func Handler(opts Options, bearer string) (http.Handler, error) {
	opts.tokensFromHeaders = true
	s, err := newServer(opts)
	if err != nil {
		return nil, err
	}
	srv := s.mcpServer()
	h := mcp.NewStreamableHTTPHandler(func(*http.Request) *mcp.Server { return srv }, &mcp.StreamableHTTPOptions{Stateless: true, JSONResponse: true})
	if bearer == "" {
		return h, nil
	}
	want := []byte(bearer)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		got, ok := strings.CutPrefix(r.Header.Get("Authorization"), "Bearer ")
		if !ok || subtle.ConstantTimeCompare([]byte(got), want) != 1 {
			w.Header().Set("WWW-Authenticate", `Bearer realm="altegio-mcp"`)
			http.Error(w, "altegio-mcp: missing or wrong bearer token", http.StatusUnauthorized)
			return
		}
		h.ServeHTTP(w, r)
	}), nil
}
