package altegio

import (
	"fmt"
	"os"
	"strings"
	"sync"
	"testing"

	"go.uber.org/goleak"
)

// Tokens and passwords used by the tests. No error string may contain them.
const (
	testPartner  = "partnerTok3nAbc123def456"
	testUser     = "userTok3nXyz789uvw012"
	testUser2    = "otherUs3rTok3n555666777"
	testPassword = "s3cret-Passw0rd"
	loginToken   = "wec23fh8cDfFV4432fc352456" // the token /auth returns in the spec example
)

var testSecrets = []string{testPartner, testUser, testUser2, testPassword, loginToken}

var (
	errMu      sync.Mutex
	seenErrors []string
)

// track records err so that TestMain can check that no error string of any
// test contains a secret; it also checks at once.
func track(t testing.TB, err error) error {
	t.Helper()
	if err == nil {
		return nil
	}
	s := err.Error()
	errMu.Lock()
	seenErrors = append(seenErrors, t.Name()+": "+s)
	errMu.Unlock()
	for _, sec := range testSecrets {
		if strings.Contains(s, sec) {
			t.Errorf("error string contains a secret: %s", s)
		}
	}
	return err
}

func TestMain(m *testing.M) {
	code := m.Run()
	// No test may leave a goroutine behind: retries must close every
	// response body and stop every timer. (goleak retries for a while, so
	// connections being torn down have time to go.)
	if code == 0 {
		if err := goleak.Find(); err != nil {
			fmt.Fprintf(os.Stderr, "FAIL: goroutines leaked: %v\n", err)
			code = 1
		}
	}
	errMu.Lock()
	for _, s := range seenErrors {
		for _, sec := range testSecrets {
			if strings.Contains(s, sec) {
				fmt.Fprintf(os.Stderr, "FAIL: an error string contains a secret: %s\n", s)
				code = 1
			}
		}
	}
	errMu.Unlock()
	os.Exit(code)
}
