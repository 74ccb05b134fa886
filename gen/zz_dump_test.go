package gen

import (
	"context"
	"os"
	"path/filepath"
	"testing"
)

func TestDump(t *testing.T) {
	lock, _ := DefaultLock()
	acq := NewAcquirer(lock)
	for _, api := range APIs {
		b, err := BuildAPI(context.Background(), api, acq, nil)
		if err != nil { t.Fatal(err) }
		os.MkdirAll("/tmp/out/"+api.Package, 0o755)
		for n, c := range b.Files { os.WriteFile(filepath.Join("/tmp/out", api.Package, n), c, 0o644) }
	}
}
