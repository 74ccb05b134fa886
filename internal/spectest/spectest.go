// Package spectest gives tests the locked Altegio specs through the mirror.
//
// Tests that need the real specs call Acquirer. It finds them through
// ALTEGIO_SPEC_MIRROR, or beside the checkout (../shared/altegio-openapi)
// when that is unset; see Mirror for what happens when they are absent.
package spectest

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
)

// ModuleRoot returns the root directory of this module: the nearest
// directory at or above the working directory that holds go.mod.
func ModuleRoot(t testing.TB) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the working directory")
		}
		dir = parent
	}
}

// DefaultMirror is where the tests look for the locked specs when
// ALTEGIO_SPEC_MIRROR is not set, relative to the module root: the shared
// copy beside the checkout, as the Makefile and CI use it.
const DefaultMirror = "../shared/altegio-openapi"

// Mirror returns the mirror the tests read the locked specs from:
// ALTEGIO_SPEC_MIRROR if set (a relative directory taken relative to the
// module root when it does not exist relative to the working directory),
// else DefaultMirror beside the module. When neither is there, a plain
// `go test ./...` skips the test with a one-line reason, and a run with
// CI=true or with ALTEGIO_SPEC_MIRROR set fails it loudly.
func Mirror(t testing.TB) string {
	t.Helper()
	mirror := os.Getenv(gen.MirrorEnv)
	if mirror == "" {
		def := filepath.Join(ModuleRoot(t), DefaultMirror)
		if _, err := os.Stat(filepath.Join(def, "b2b-v1.openapi.yaml")); err == nil {
			return def
		}
		msg := fmt.Sprintf("needs the locked Altegio specs: %s is not set and %s is absent; set %s to a copy of them", gen.MirrorEnv, def, gen.MirrorEnv)
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	if !filepath.IsAbs(mirror) && !isURL(mirror) {
		if _, err := os.Stat(mirror); errors.Is(err, os.ErrNotExist) {
			mirror = filepath.Join(ModuleRoot(t), mirror)
		}
	}
	return mirror
}

// Acquirer returns an Acquirer that reads the locked specs from Mirror,
// without touching the user cache or the network.
func Acquirer(t testing.TB) *gen.Acquirer {
	t.Helper()
	mirror := Mirror(t)
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	return &gen.Acquirer{Lock: lock, Mirror: mirror, NoCache: true, Attempts: 1}
}

// Truncated cuts data at the line break nearest to half its length, as a
// download cut off mid-way and saved would be: still YAML, with fewer
// operations and schemas.
func Truncated(data []byte) []byte {
	return data[:bytes.LastIndexByte(data[:len(data)/2], '\n')+1]
}

// Spec returns the locked spec of api from the mirror.
func Spec(t testing.TB, api gen.API) *gen.Spec {
	t.Helper()
	spec, err := Acquirer(t).Acquire(context.Background(), api)
	if err != nil {
		t.Fatalf("the locked %s spec is not available through %s: %v", api.Name, gen.MirrorEnv, err)
	}
	return spec
}

func isURL(s string) bool {
	return len(s) > 7 && (s[:7] == "http://" || (len(s) > 8 && s[:8] == "https://"))
}

// NodeJSON encodes a YAML node as JSON, keeping every scalar as the spec
// wrote it: a timestamp-looking string stays that string, and numbers keep
// their digits (gen.NodeJSON).
func NodeJSON(n *yaml.Node) ([]byte, error) { return gen.NodeJSON(n) }

// Tree maps every file under dir to its content, so that a test can show a
// run left a directory byte-identical.
func Tree(t testing.TB, dir string) map[string]string {
	t.Helper()
	out := map[string]string{}
	err := filepath.WalkDir(dir, func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := os.ReadFile(path)
		out[path] = string(b)
		return err
	})
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// MapGet returns the value of key in a YAML mapping node, or nil.
func MapGet(n *yaml.Node, key string) *yaml.Node {
	if n == nil || n.Kind != yaml.MappingNode {
		return nil
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			return n.Content[i+1]
		}
	}
	return nil
}

// Resolve follows a local $ref ("#/components/...") in the document root,
// and returns n itself when it is no reference.
func Resolve(root, n *yaml.Node) *yaml.Node {
	for n != nil {
		ref := MapGet(n, "$ref")
		if ref == nil {
			return n
		}
		n = root
		for part := range strings.SplitSeq(strings.TrimPrefix(ref.Value, "#/"), "/") {
			n = MapGet(n, strings.ReplaceAll(strings.ReplaceAll(part, "~1", "/"), "~0", "~"))
		}
	}
	return nil
}

// ResponseExample returns the example of the 200 application/json response
// of the operation whose operationId is op, in the spec document root: the
// media type's example, else the first of its examples, else its schema's
// example. It returns nil when there is none, or no such operation.
func ResponseExample(root *yaml.Node, op string) *yaml.Node {
	paths := MapGet(root, "paths")
	if paths == nil {
		return nil
	}
	for i := 1; i < len(paths.Content); i += 2 {
		item := paths.Content[i]
		for j := 1; j < len(item.Content); j += 2 {
			o := item.Content[j]
			if id := MapGet(o, "operationId"); id == nil || id.Value != op {
				continue
			}
			mt := MapGet(MapGet(Resolve(root, MapGet(MapGet(o, "responses"), "200")), "content"), "application/json")
			if ex := MapGet(mt, "example"); ex != nil {
				return ex
			}
			if exs := MapGet(mt, "examples"); exs != nil && len(exs.Content) > 1 {
				return MapGet(Resolve(root, exs.Content[1]), "value")
			}
			return MapGet(Resolve(root, MapGet(mt, "schema")), "example")
		}
	}
	return nil
}
