package altegiomcp_test

import (
	"context"
	"fmt"
	"log"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/mcp/altegiomcp"
)

// Example serves the tools to a client in the same process, against the
// fake Altegio of altegiotest: read-only, the default tool set.
func Example() {
	fake := altegiotest.Start()
	defer fake.Close()

	srv, err := altegiomcp.New(altegiomcp.Options{
		ClientOptions: []altegio.Option{altegio.WithTokens("partner-token", "user-token")},
		BaseURL:       fake.URL, // Altegio's root; the APIs are at /api/v1 and /api/v2
	})
	if err != nil {
		log.Fatal(err)
	}
	ctx := context.Background()
	serverEnd, clientEnd := mcp.NewInMemoryTransports()
	ss, err := srv.Connect(ctx, serverEnd, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer ss.Close()
	cs, err := mcp.NewClient(&mcp.Implementation{Name: "example"}, nil).Connect(ctx, clientEnd, nil)
	if err != nil {
		log.Fatal(err)
	}
	defer cs.Close()

	res, err := cs.CallTool(ctx, &mcp.CallToolParams{
		Name:      "team_members_list",
		Arguments: map[string]any{"location_id": 1, "fields": []string{"id", "name"}, "limit": 1},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.Content[0].(*mcp.TextContent).Text)

	res, err = cs.CallTool(ctx, &mcp.CallToolParams{
		Name:      altegiomcp.CallTool,
		Arguments: map[string]any{"operation": "clients_delete", "arguments": map[string]any{"location_id": 1, "id": 2}},
	})
	if err != nil {
		log.Fatal(err)
	}
	fmt.Println(res.IsError, res.Content[0].(*mcp.TextContent).Text)
	// Output:
	// [{"id":2940951,"name":"John Smith"}]
	// true clients_delete (DELETE /client/{location_id}/{id}) changes data, and this server is read-only: start it with --allow-writes to allow it.
}
