package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net"
	nethttp "net/http"
	"os"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio/webhook"
	http "github.com/altegio-go/altegio/webhook/internal/readmehttp"
)

// TestReadmeReceiver runs the README's receiver, word for word, with http
// (package readmehttp), log and crm standing in so that it serves on
// loopback, and checks that it is still the README's: the lines between
// the markers below must be the Go block of the README's "Webhooks"
// section. The server it builds must have timeouts.
func TestReadmeReceiver(t *testing.T) {
	t.Setenv("ALTEGIO_WEBHOOK_SECRET", testSecret)
	var logged, upserted []string
	var answers []int
	send := func(base, body string) {
		resp, err := nethttp.Post(base+"/altegio?secret="+testSecret, "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answers = append(answers, resp.StatusCode)
	}
	http.Serve = func(srv *nethttp.Server) error {
		if srv.ReadHeaderTimeout <= 0 || srv.WriteTimeout <= 0 || srv.IdleTimeout <= 0 {
			t.Errorf("the README's server has no timeouts: ReadHeaderTimeout %v, WriteTimeout %v, IdleTimeout %v",
				srv.ReadHeaderTimeout, srv.WriteTimeout, srv.IdleTimeout)
		}
		l, err := net.Listen("tcp", "127.0.0.1:0")
		if err != nil {
			return err
		}
		served := make(chan error, 1)
		go func() { served <- srv.Serve(l) }()
		base := "http://" + l.Addr().String()
		send(base, string(envelope(webhook.ResourceRecord, webhook.Create, 501, `{"id":501}`)))
		send(base, string(envelope(webhook.ResourceClient, webhook.Delete, 42, `{"id":42,"name":"Irina"}`)))
		send(base, string(envelope(webhook.ResourceClient, webhook.Update, 43, `{"id":43,"name":"Fail"}`)))
		srv.Close()
		return <-served
	}
	defer func() { http.Serve = nil }()
	log := struct {
		Printf func(string, ...any)
		Fatal  func(...any)
	}{
		Printf: func(f string, a ...any) { logged = append(logged, fmt.Sprintf(f, a...)) },
		Fatal:  func(a ...any) { logged = append(logged, fmt.Sprint(a...)) },
	}
	crm := struct {
		Upsert func(context.Context, int64, *webhook.Client) error
	}{
		Upsert: func(_ context.Context, id int64, c *webhook.Client) error {
			if *c.Name == "Fail" {
				return fmt.Errorf("crm: client %d refused", id)
			}
			upserted = append(upserted, fmt.Sprint(id, " ", *c.Name))
			return nil
		},
	}

	// README begin
	r := webhook.NewRouter()
	r.OnRecord(webhook.Create, func(ctx context.Context, e *webhook.Event, rec *webhook.Record) error {
		log.Printf("new appointment %d in location %d", rec.GetID(), e.CompanyID)
		return nil // an error answers 500: Altegio marks the delivery failed
	})
	r.OnClient(webhook.AnyStatus, func(ctx context.Context, e *webhook.Event, c *webhook.Client) error {
		return crm.Upsert(ctx, e.ResourceID, c)
	})
	// Register https://example.com/altegio?secret=<secret> in Altegio.
	secret := os.Getenv("ALTEGIO_WEBHOOK_SECRET") // long and random
	mux := http.NewServeMux()
	mux.Handle("POST /altegio", webhook.NewHandler(secret, r.Dispatch))
	// Timeouts for every connection; the handler bounds the body itself (10 s).
	srv := &http.Server{Addr: ":8080", Handler: mux,
		ReadHeaderTimeout: 5 * time.Second, WriteTimeout: 20 * time.Second, IdleTimeout: time.Minute}
	log.Fatal(srv.ListenAndServe())
	// README end

	if got := strings.Join(logged, "|"); got != "new appointment 501 in location 4564|http: Server closed" {
		t.Errorf("logged %q", got)
	}
	if got := strings.Join(upserted, "|"); got != "42 Irina" {
		t.Errorf("upserted %q", got)
	}
	if fmt.Sprint(answers) != "[200 200 500]" {
		t.Errorf("answers %v, want [200 200 500]", answers)
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	m := regexp.MustCompile("(?s)\n## Webhooks\n.*?```go\n(.*?)```").FindSubmatch(readme)
	if m == nil {
		t.Fatal("README.md has no Go block under ## Webhooks")
	}
	src, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	_, rest, _ := bytes.Cut(src, []byte("\t// README begin\n"))
	here, _, _ := bytes.Cut(rest, []byte("\t// README end\n"))
	here = regexp.MustCompile(`(?m)^\t`).ReplaceAll(here, nil)
	if !bytes.Equal(here, m[1]) {
		t.Errorf("the README's receiver differs from the one tested here:\nREADME:\n%s\nhere:\n%s", m[1], here)
	}
	if n := bytes.Count(m[1], []byte("\n")); n > 16 {
		t.Errorf("the README's receiver has %d lines, want 16 at most", n)
	}
}
