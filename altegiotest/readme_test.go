package altegiotest_test

import (
	"os"
	"strings"
	"testing"
	"time"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/altegiotest"
	"github.com/altegio-go/altegio/generated/b2bv1"
)

// TestREADMEExample runs the example of the README's section "Testing
// your integration: altegiotest" (TestSync there), and checks that each of
// its lines is in this file, so that the two stay the same.
func TestREADMEExample(t *testing.T) {
	srv := altegiotest.NewServer(t) // stopped when the test ends
	// The first call gets a 429 with Retry-After: 1, the second the data.
	srv.On("get_appointment_list", altegiotest.RateLimited(time.Second),
		altegiotest.Data([]b2bv1.Appointment{{ID: altegio.Ptr(int64(1))}}))
	c := b2bv1.New(altegio.WithTokens("partner", "user"), altegio.WithBaseURL(srv.V1URL()))
	appts, err := c.Appointments.List(t.Context(), 1, b2bv1.GetAppointmentListParams{})
	if err != nil || len(appts) != 1 || len(srv.RequestsTo("get_appointment_list")) != 2 {
		t.Fatalf("%v, %d appointments", err, len(appts))
	}

	readme, err := os.ReadFile("../README.md")
	if err != nil {
		t.Fatal(err)
	}
	_, section, ok := strings.Cut(string(readme), "## Testing your integration: altegiotest")
	_, block, ok2 := strings.Cut(section, "```go\n")
	block, _, ok3 := strings.Cut(block, "```")
	if !ok || !ok2 || !ok3 {
		t.Fatal("README.md has no Go example under \"Testing your integration: altegiotest\"")
	}
	self, err := os.ReadFile("readme_test.go")
	if err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSpace(block), "\n")
	for _, line := range lines[1 : len(lines)-1] { // the body of TestSync
		if !strings.Contains(string(self), line) {
			t.Errorf("README line %q is not in TestREADMEExample", line)
		}
	}
}
