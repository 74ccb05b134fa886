package webhook_test

import (
	"testing"

	"go.uber.org/goleak"
)

// TestMain fails the package if any test leaves a goroutine behind (an
// httptest server, a handler still running).
func TestMain(m *testing.M) {
	goleak.VerifyTestMain(m)
}
