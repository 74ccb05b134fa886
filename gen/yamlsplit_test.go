package gen

import (
	"fmt"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// sameNodes reports where the trees a and b differ, comments aside.
func sameNodes(a, b *yaml.Node, path string) error {
	if a.Kind != b.Kind || a.Style != b.Style || a.Tag != b.Tag || a.Value != b.Value || a.Anchor != b.Anchor ||
		a.Line != b.Line || a.Column != b.Column || len(a.Content) != len(b.Content) || (a.Alias == nil) != (b.Alias == nil) {
		return fmt.Errorf("%s: %+v, want %+v", path, *b, *a)
	}
	for i := range a.Content {
		if err := sameNodes(a.Content[i], b.Content[i], fmt.Sprintf("%s/%d", path, i)); err != nil {
			return err
		}
	}
	return nil
}

// splitSpec is a spec long enough to split, with its paths in the middle.
func splitSpec() string {
	var b strings.Builder
	b.WriteString("openapi: 3.1.0\ninfo:\n  title: split\n  version: '1'\n  description: |\n    text: with a colon\n    more\npaths:\n")
	for i := range 1500 {
		fmt.Fprintf(&b, "  /p%d:\n    get:\n      description: \"line one\n        line two\"\n      responses:\n        '200': {description: ok, content: {application/json: {example: [%d, x]}}}\n", i, i)
	}
	b.WriteString("components:\n  schemas:\n    A: &a {type: object}\n    B: *a\n")
	return b.String()
}

func TestParseYAMLSplits(t *testing.T) {
	for name, spec := range map[string]string{
		"split":              splitSpec(),
		"alias across":       strings.Replace(splitSpec(), "paths:\n", "x-anchor: &top {a: 1}\npaths:\n", 1) + "x-alias: *top\n",
		"too short to split": "openapi: 3.1.0\npaths:\n  /a: {}\n",
	} {
		var want, got yaml.Node
		wantErr := yaml.Unmarshal([]byte(spec), &want)
		gotErr := parseYAML([]byte(spec), &got)
		if (gotErr == nil) != (wantErr == nil) {
			t.Errorf("%s: error %v, want %v", name, gotErr, wantErr)
			continue
		}
		if wantErr != nil {
			continue
		}
		if err := sameNodes(&want, &got, name); err != nil {
			t.Error(err)
		}
	}
	if _, _, parent, line, ok := splitYAML([]byte(splitSpec())); !ok || parent != "paths" || line < 3000 {
		t.Errorf("splitYAML: parent %q line %d ok %v, want a split in paths near the middle", parent, line, ok)
	}
}

// TestParseYAMLSplitInQuotes: a split that falls inside a quoted text,
// whose lines look like members of paths, parses whole.
func TestParseYAMLSplitInQuotes(t *testing.T) {
	var b strings.Builder
	b.WriteString("openapi: 3.1.0\ncomponents:\n  schemas:\n")
	for i := range 1200 {
		fmt.Fprintf(&b, "    S%d: {type: object}\n", i)
	}
	b.WriteString("paths:\n  /a:\n    description: \"starts here\n")
	for i := range 1200 {
		fmt.Fprintf(&b, "  /fake%d: still the description\n", i)
	}
	b.WriteString("      ends here\"\n  /b: {}\n")
	spec := []byte(b.String())
	var want, got yaml.Node
	if err := yaml.Unmarshal(spec, &want); err != nil {
		t.Skipf("not YAML that yaml.v3 reads: %v", err)
	}
	if _, _, _, _, ok := splitYAML(spec); !ok {
		t.Fatal("splitYAML found no split: the test does not test it")
	}
	if err := parseYAML(spec, &got); err != nil {
		t.Fatal(err)
	}
	if err := sameNodes(&want, &got, "quoted"); err != nil {
		t.Error(err)
	}
}
