package webhook_test

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"regexp"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/webhook"
)

// TestReadmeReceiver runs the README's receiver, word for word, with http,
// log and crm standing in so that it serves on loopback, and checks that it
// is still the README's: the lines between the markers below must be the
// Go block of the README's "Webhooks" section.
func TestReadmeReceiver(t *testing.T) {
	t.Setenv("ALTEGIO_WEBHOOK_SECRET", testSecret)
	var logged, upserted []string
	var answers []int
	send := func(base, body string) {
		resp, err := http.Post(base+"/altegio?secret="+testSecret, "application/json", strings.NewReader(body))
		if err != nil {
			t.Error(err)
			return
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		answers = append(answers, resp.StatusCode)
	}
	mux := http.NewServeMux()
	http := struct {
		Handle         func(string, http.Handler)
		ListenAndServe func(string, http.Handler) error
	}{
		Handle: mux.Handle,
		ListenAndServe: func(string, http.Handler) error {
			srv := httptest.NewServer(mux)
			defer srv.Close()
			send(srv.URL, string(envelope(webhook.ResourceRecord, webhook.Create, 501, `{"id":501}`)))
			send(srv.URL, string(envelope(webhook.ResourceClient, webhook.Delete, 42, `{"id":42,"name":"Irina"}`)))
			send(srv.URL, string(envelope(webhook.ResourceClient, webhook.Update, 43, `{"id":43,"name":"Fail"}`)))
			return http.ErrServerClosed
		},
	}
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
	http.Handle("POST /altegio", webhook.NewHandler(secret, r.Dispatch))
	log.Fatal(http.ListenAndServe(":8080", nil))
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
	if n := bytes.Count(m[1], []byte("\n")); n > 15 {
		t.Errorf("the README's receiver has %d lines, want 15 at most", n)
	}
}
