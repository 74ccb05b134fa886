// Command altegio-mcp is an MCP server over Altegio's B2B APIs: every
// operation of b2b-v1 and b2b-v2, read-only unless told otherwise.
//
// Over stdio (the default) it reads the tokens from ALTEGIO_PARTNER_TOKEN
// and ALTEGIO_USER_TOKEN, or logs in with ALTEGIO_LOGIN and
// ALTEGIO_PASSWORD for a user token. With --http ADDR it serves
// Streamable HTTP, stateless, and takes the tokens of each request from
// its X-Altegio-Partner-Token and X-Altegio-User-Token headers; if
// ALTEGIO_MCP_BEARER is set, requests must carry it as a bearer token.
//
// Usage:
//
//	altegio-mcp [--tools default|all] [--tags T1,T2] [--allow-writes] [--budget N] [--http ADDR] [--base-url URL]
package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"net/http"
	"os"
	"os/signal"
	"strings"
	"syscall"
	"time"

	"github.com/modelcontextprotocol/go-sdk/mcp"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/mcp/altegiomcp"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Getenv, os.Stdin, os.Stdout, os.Stderr); err != nil {
		fmt.Fprintln(os.Stderr, "altegio-mcp:", err)
		os.Exit(1)
	}
}

// run is the command, with its environment given.
func run(ctx context.Context, args []string, getenv func(string) string, stdin io.Reader, stdout, stderr io.Writer) error {
	fs := flag.NewFlagSet("altegio-mcp", flag.ContinueOnError)
	fs.SetOutput(stderr)
	tools := fs.String("tools", "default", `"default": the curated tools with search, describe and call (reaching every operation); "all": one tool per operation`)
	tags := fs.String("tags", "", "comma-separated tags (such as Appointments,Clients): only their operations")
	allowWrites := fs.Bool("allow-writes", false, "allow operations that change data (the server is read-only without it)")
	budget := fs.Int("budget", altegiomcp.DefaultBudget, "size of a tool's result, in tokens")
	httpAddr := fs.String("http", "", "serve Streamable HTTP on this address (such as 127.0.0.1:8080) instead of stdio")
	baseURL := fs.String("base-url", "", "Altegio's root URL, without /api/v1: the APIs are at URL/api/v1 and URL/api/v2 (default https://api.alteg.io; a proxy, or altegiotest's server URL)")
	if err := fs.Parse(args); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			return nil // the usage is printed
		}
		return err
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("unexpected arguments %q", fs.Args())
	}
	opts := altegiomcp.Options{AllowWrites: *allowWrites, Budget: *budget, BaseURL: *baseURL}
	switch *tools {
	case "default":
	case "all":
		opts.AllTools = true
	default:
		return fmt.Errorf("--tools %q: want default or all", *tools)
	}
	for _, t := range strings.Split(*tags, ",") {
		if t = strings.TrimSpace(t); t != "" {
			opts.Tags = append(opts.Tags, t)
		}
	}

	if *httpAddr != "" {
		return serveHTTP(ctx, *httpAddr, opts, getenv("ALTEGIO_MCP_BEARER"), stderr)
	}

	partner, user := getenv("ALTEGIO_PARTNER_TOKEN"), getenv("ALTEGIO_USER_TOKEN")
	if partner == "" {
		return errors.New("no partner token: set ALTEGIO_PARTNER_TOKEN")
	}
	if user == "" && getenv("ALTEGIO_LOGIN") != "" {
		var loginOpts []altegio.Option
		if *baseURL != "" {
			loginOpts = append(loginOpts, altegio.WithBaseURL(strings.TrimSuffix(*baseURL, "/")+"/api/v1"))
		}
		var err error
		if user, err = altegio.Login(ctx, partner, getenv("ALTEGIO_LOGIN"), getenv("ALTEGIO_PASSWORD"), loginOpts...); err != nil {
			return fmt.Errorf("logging in as ALTEGIO_LOGIN: %w", err)
		}
	}
	opts.ClientOptions = []altegio.Option{altegio.WithTokens(partner, user), altegio.WithUserAgent("altegio-mcp/" + altegiomcp.Version)}
	srv, err := altegiomcp.New(opts)
	if err != nil {
		return err
	}
	err = srv.Run(ctx, &mcp.IOTransport{Reader: io.NopCloser(stdin), Writer: nopWriteCloser{stdout}})
	if ctx.Err() != nil {
		return nil
	}
	return err
}

type nopWriteCloser struct{ io.Writer }

func (nopWriteCloser) Close() error { return nil }

// serveHTTP serves Streamable HTTP on addr until ctx ends, with timeouts
// on every stage of a request.
func serveHTTP(ctx context.Context, addr string, opts altegiomcp.Options, bearer string, stderr io.Writer) error {
	opts.ClientOptions = []altegio.Option{altegio.WithUserAgent("altegio-mcp/" + altegiomcp.Version)}
	h, err := altegiomcp.Handler(opts, bearer)
	if err != nil {
		return err
	}
	srv := &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 10 * time.Second,
		ReadTimeout:       30 * time.Second,
		WriteTimeout:      2 * time.Minute,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
	errc := make(chan error, 1)
	go func() { errc <- srv.ListenAndServe() }()
	fmt.Fprintf(stderr, "altegio-mcp: serving Streamable HTTP on %s\n", addr)
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
		shutdown, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		return srv.Shutdown(shutdown)
	}
}
