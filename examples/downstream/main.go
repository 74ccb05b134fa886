// Command downstream shows a module that generates Altegio clients for just
// the parts of the API it uses: Team Members from the B2B API v2 (package
// teammembers) and Appointments from the B2B API v1 (package appointments),
// each from a config file and a //go:generate line (see generate.go).
//
// It prints a location's team members and its appointments on one day:
//
//	ALTEGIO_PARTNER_TOKEN=... ALTEGIO_USER_TOKEN=... go run . -location 123 -date 2026-05-01
package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"os/signal"
	"time"

	"github.com/altegio-go/altegio"

	"example.com/downstream/appointments"
	"example.com/downstream/teammembers"
)

// options are what run needs; main reads them from flags and the
// environment.
type options struct {
	PartnerToken, UserToken string
	LocationID              int64
	Date                    string // YYYY-MM-DD
	// V1BaseURL and V2BaseURL replace the production servers when set.
	V1BaseURL, V2BaseURL string
}

func main() {
	o := options{
		PartnerToken: os.Getenv("ALTEGIO_PARTNER_TOKEN"),
		UserToken:    os.Getenv("ALTEGIO_USER_TOKEN"),
	}
	flag.Int64Var(&o.LocationID, "location", 0, "location (company) ID")
	flag.StringVar(&o.Date, "date", time.Now().Format(time.DateOnly), "day of the appointments, YYYY-MM-DD")
	flag.StringVar(&o.V1BaseURL, "v1", "", "base URL of the B2B API v1 (default: production)")
	flag.StringVar(&o.V2BaseURL, "v2", "", "base URL of the B2B API v2 (default: production)")
	flag.Parse()
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	if err := run(ctx, os.Stdout, o); err != nil {
		fmt.Fprintln(os.Stderr, "downstream:", err)
		os.Exit(1)
	}
}

// run prints the team members of the location, then its appointments on
// the day, every page of them.
func run(ctx context.Context, w io.Writer, o options) error {
	tokens := altegio.WithTokens(o.PartnerToken, o.UserToken)
	team := teammembers.New(tokens, altegio.WithBaseURL(o.V2BaseURL))
	book := appointments.New(tokens, altegio.WithBaseURL(o.V1BaseURL))

	members, err := team.TeamMembers.List(ctx, o.LocationID, teammembers.ListTeamMembersParams{
		Include: []teammembers.ListTeamMembersParamsInclude{teammembers.ListTeamMembersParamsIncludePosition},
	})
	if err != nil {
		return fmt.Errorf("listing team members: %w", err)
	}
	fmt.Fprintf(w, "location %d: %d team members\n", o.LocationID, len(members.Data))
	for _, m := range members.Data {
		fmt.Fprintf(w, "  %s %s\n", m.ID, m.Attributes.Name)
	}

	fmt.Fprintf(w, "appointments on %s:\n", o.Date)
	count := int64(10)
	params := appointments.GetAppointmentListParams{StartDate: &o.Date, EndDate: &o.Date, Count: &count}
	n := 0
	for rec, err := range book.Appointments.ListAll(ctx, o.LocationID, params) {
		if err != nil {
			return fmt.Errorf("listing appointments: %w", err)
		}
		n++
		at := ""
		if rec.Datetime != nil {
			at = rec.Datetime.Format("15:04")
		}
		fmt.Fprintf(w, "  #%d at %s with team member %d\n", deref(rec.ID), at, deref(rec.StaffID))
	}
	fmt.Fprintf(w, "%d appointments\n", n)
	return nil
}

func deref[T any](p *T) T {
	var zero T
	if p == nil {
		return zero
	}
	return *p
}
