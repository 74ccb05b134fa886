package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

const sample = `// Code generated. DO NOT EDIT.

package p

import (
	"context"
	"net/http"
)

// T is a thing.
type T struct {
	// Name is its name.
	Name *string ` + "`json:\"name\"`" + `
}

const (
	A = 1
)

// GetName returns the name.
func (v *T) GetName() (z string) {
	if v == nil || v.Name == nil {
		return
	}
	return *v.Name
}

func (v T) MarshalJSON() ([]byte, error) {
	return nil, nil
}

type Client struct{}

// GetThing is an operation, not a getter.
func (c *Client) GetThing(ctx context.Context) error {
	// a comment in a body
	return nil
}

func NewGetThingRequest(server string) (*http.Request, error) {
	return nil, nil
}

func (v T) Valid() bool { return true }
`

// TestClassify: each line of sample counts once, as the kind it is.
func TestClassify(t *testing.T) {
	c, err := classify("sample.go", []byte(sample))
	if err != nil {
		t.Fatal(err)
	}
	want := Counts{
		kindComment: 6,
		kindBlank:   10,
		kindGetter:  6,
		kindJSON:    3,
		kindClient:  6,
		kindFunc:    1,
		kindType:    4,
		kindConst:   3,
		kindPackage: 5,
	}
	if c != want {
		t.Errorf("classify = %v, want %v", c, want)
	}
	if got, want := c.Total(), strings.Count(sample, "\n"); got != want {
		t.Errorf("total %d lines, want %d (wc -l)", got, want)
	}
}

// TestLinesTable: lines over a directory skips tests, and the table has a
// ratio column for the second package.
func TestLinesTable(t *testing.T) {
	dir := t.TempDir()
	for name, src := range map[string]string{"a.go": sample, "a_test.go": "package p\n"} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(src), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	var out strings.Builder
	if err := run([]string{"lines", "-name", "dir", dir, "-name", "file", filepath.Join(dir, "a.go")}, &out); err != nil {
		t.Fatal(err)
	}
	total := strings.Count(sample, "\n")
	for _, want := range []string{"| dir | share | file | share | file / dir |", "| **total** | 44 | 100.0% | 44 | 100.0% | 1.00× |"} {
		if !strings.Contains(out.String(), want) {
			t.Errorf("table lacks %q (total %d):\n%s", want, total, out.String())
		}
	}
}
