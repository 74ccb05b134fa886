package drift

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

var v1, v2 = gen.APIs[0], gen.APIs[1]

// specDoc is a spec as a YAML tree, to derive drifted specs from the
// locked ones.
type specDoc struct {
	t    *testing.T
	root yaml.Node
}

// lockedDoc parses the locked spec of api, read through the mirror.
func lockedDoc(t *testing.T, api gen.API) *specDoc {
	t.Helper()
	d := &specDoc{t: t}
	if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &d.root); err != nil {
		t.Fatal(err)
	}
	return d
}

// get follows keys from the document's top-level mapping and fails the
// test if one is missing.
func (d *specDoc) get(keys ...string) *yaml.Node {
	d.t.Helper()
	n := d.root.Content[0]
	for _, k := range keys {
		v := spectest.MapGet(n, k)
		if v == nil {
			d.t.Fatalf("no %q under %s", k, strings.Join(keys, " / "))
		}
		n = v
	}
	return n
}

// op returns the operation at path and method (lower case).
func (d *specDoc) op(path, method string) *yaml.Node {
	d.t.Helper()
	return d.get("paths", path, method)
}

// param returns the parameter called name of the operation op.
func (d *specDoc) param(op *yaml.Node, name string) *yaml.Node {
	d.t.Helper()
	for _, p := range spectest.MapGet(op, "parameters").Content {
		if n := spectest.MapGet(p, "name"); n != nil && n.Value == name {
			return p
		}
	}
	d.t.Fatalf("no parameter %q", name)
	return nil
}

// find returns the value of the first key called key, depth first.
func (d *specDoc) find(key string) *yaml.Node {
	d.t.Helper()
	var walk func(n *yaml.Node) *yaml.Node
	walk = func(n *yaml.Node) *yaml.Node {
		if n.Kind == yaml.MappingNode {
			for i := 0; i+1 < len(n.Content); i += 2 {
				if n.Content[i].Value == key {
					return n.Content[i+1]
				}
			}
		}
		for _, c := range n.Content {
			if v := walk(c); v != nil {
				return v
			}
		}
		return nil
	}
	v := walk(&d.root)
	if v == nil {
		d.t.Fatalf("no key %q", key)
	}
	return v
}

// bytes encodes the document.
func (d *specDoc) bytes() []byte {
	d.t.Helper()
	b, err := yaml.Marshal(&d.root)
	if err != nil {
		d.t.Fatal(err)
	}
	return b
}

// deleteKey removes key from the mapping n.
func deleteKey(t *testing.T, n *yaml.Node, key string) {
	t.Helper()
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content = slices.Delete(n.Content, i, i+2)
			return
		}
	}
	t.Fatalf("no key %q to delete", key)
}

// setKey sets key of the mapping n to the YAML value src.
func setKey(t *testing.T, n *yaml.Node, key, src string) {
	t.Helper()
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	val := v.Content[0]
	for i := 0; i+1 < len(n.Content); i += 2 {
		if n.Content[i].Value == key {
			n.Content[i+1] = val
			return
		}
	}
	n.Content = append(n.Content, &yaml.Node{Kind: yaml.ScalarNode, Tag: "!!str", Value: key}, val)
}

// appendYAML appends the YAML value src to the sequence n.
func appendYAML(t *testing.T, n *yaml.Node, src string) {
	t.Helper()
	var v yaml.Node
	if err := yaml.Unmarshal([]byte(src), &v); err != nil {
		t.Fatal(err)
	}
	n.Content = append(n.Content, v.Content[0])
}

// env is a mirror and a cache in temporary directories.
type env struct {
	mirror, cache string
}

// newEnv makes a mirror holding specs (file name → content), and a cache
// primed with the locked spec of each API in cached.
func newEnv(t *testing.T, specs map[string][]byte, cached ...gen.API) env {
	t.Helper()
	e := env{mirror: t.TempDir(), cache: t.TempDir()}
	for name, data := range specs {
		if err := os.WriteFile(filepath.Join(e.mirror, name), data, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, api := range cached {
		if err := e.acquirer(t).CacheSpec(spectest.Spec(t, api)); err != nil {
			t.Fatal(err)
		}
	}
	return e
}

// acquirer reads the mirror and the cache of e, against the embedded lock.
func (e env) acquirer(t *testing.T) *gen.Acquirer {
	t.Helper()
	lock, err := gen.DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	return &gen.Acquirer{Lock: lock, Mirror: e.mirror, CacheDir: e.cache, Attempts: 1}
}
