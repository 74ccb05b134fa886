package gen

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"go/token"
	"io"
	"net/url"
	"os"
	"path/filepath"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// Config is a subset client to generate, as a downstream module writes it
// in a YAML file next to a //go:generate line:
//
//	api: b2b-v2
//	package: teammembers
//	output: teammembers
//	include-tags: [Team Members]
//
// The operations generated are those with an included tag or an included
// operationId (every operation if nothing is included), minus those with an
// excluded tag or an excluded operationId. Tags and operationIds are spelled
// as in the spec: see `regen -list-tags` and `regen -list-operations`. The
// generated package keeps only the types those operations use.
type Config struct {
	// API is the API the subset is taken from: "b2b-v1" or "b2b-v2".
	API string
	// Package is the Go package name of the generated client.
	Package string
	// Output is the directory the package is written to, relative to the
	// config file's directory (or absolute).
	Output string
	// IncludeTags and ExcludeTags are tag names, such as "Team Members".
	IncludeTags, ExcludeTags []string
	// IncludeOperations and ExcludeOperations are operationIds, such as
	// "get_team_member".
	IncludeOperations, ExcludeOperations []string
	// Spec, if set, is a file path (relative to the config file's directory,
	// or absolute) or an http(s) URL of the spec to use instead of the
	// locked upstream one. It is not checked against the lock; its sha256
	// is recorded in the generated files' headers instead.
	Spec string

	// Path is the file the config was read from; errors start with it.
	Path string
}

// configKeys are the keys of a config file, in the order they are listed.
var configKeys = []string{"api", "package", "output", "include-tags", "exclude-tags", "include-operations", "exclude-operations", "spec"}

// LoadConfig reads and checks the config file at path. Unknown keys, values
// of the wrong type, an unknown API, an invalid package name and a missing
// output are errors naming the file and line. Tags and operationIds are
// checked against the spec when the subset is generated.
func LoadConfig(path string) (*Config, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, fmt.Errorf("config: %w", err)
	}
	return ParseConfig(data, path)
}

// ParseConfig parses and checks a config file's content; path names it in
// errors and is the base of its relative paths.
func ParseConfig(data []byte, path string) (*Config, error) {
	c := &Config{Path: path}
	var doc yaml.Node
	dec := yaml.NewDecoder(bytes.NewReader(data))
	if err := dec.Decode(&doc); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: empty config; it needs at least api, package and output", path)
		}
		return nil, fmt.Errorf("%s: not valid YAML: %s", path, strings.TrimPrefix(oneLine(err), "yaml: "))
	}
	var extra yaml.Node
	if err := dec.Decode(&extra); err == nil {
		return nil, fmt.Errorf("%s:%d: more than one YAML document", path, extra.Line)
	}
	root := &doc
	if root.Kind == yaml.DocumentNode && len(root.Content) == 1 {
		root = root.Content[0]
	}
	if root.Kind != yaml.MappingNode {
		return nil, fmt.Errorf("%s:%d: the config must be a mapping of keys (%s) to values", path, root.Line, strings.Join(configKeys, ", "))
	}
	var problems []string
	seen := map[string]bool{}
	for i := 0; i+1 < len(root.Content); i += 2 {
		k, v := root.Content[i], root.Content[i+1]
		at := fmt.Sprintf("%s:%d", path, k.Line)
		if seen[k.Value] {
			problems = append(problems, fmt.Sprintf("%s: key %q given twice", at, k.Value))
			continue
		}
		seen[k.Value] = true
		switch k.Value {
		case "api", "package", "output", "spec":
			if v.Kind != yaml.ScalarNode || v.Tag == "!!null" {
				problems = append(problems, fmt.Sprintf("%s: %s must be a string", at, k.Value))
				continue
			}
			*map[string]*string{"api": &c.API, "package": &c.Package, "output": &c.Output, "spec": &c.Spec}[k.Value] = v.Value
		case "include-tags", "exclude-tags", "include-operations", "exclude-operations":
			list, ok := stringList(v)
			if !ok {
				problems = append(problems, fmt.Sprintf("%s: %s must be a list of strings, such as [%s]", at, k.Value, map[bool]string{true: "Team Members", false: "get_team_member"}[strings.HasSuffix(k.Value, "-tags")]))
				continue
			}
			*map[string]*[]string{"include-tags": &c.IncludeTags, "exclude-tags": &c.ExcludeTags, "include-operations": &c.IncludeOperations, "exclude-operations": &c.ExcludeOperations}[k.Value] = list
		default:
			msg := fmt.Sprintf("%s: unknown key %q", at, k.Value)
			if close := closest(k.Value, configKeys, 3); len(close) > 0 {
				msg += fmt.Sprintf("; did you mean %s?", quoteList(close, " or "))
			}
			problems = append(problems, msg+" (keys: "+strings.Join(configKeys, ", ")+")")
		}
	}
	if len(problems) > 0 {
		return nil, errors.New(strings.Join(problems, "; "))
	}
	if err := c.Validate(); err != nil {
		return nil, err
	}
	return c, nil
}

// stringList returns the strings of a YAML sequence of scalars.
func stringList(n *yaml.Node) ([]string, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make([]string, 0, len(n.Content))
	for _, e := range n.Content {
		if e.Kind != yaml.ScalarNode || e.Tag == "!!null" {
			return nil, false
		}
		out = append(out, e.Value)
	}
	return out, true
}

// Validate checks what can be checked without the spec: the API, the
// package name, the output directory, the spec location, and that no name
// is both included and excluded. Every problem is reported, on one line.
func (c *Config) Validate() error {
	var problems []string
	add := func(format string, args ...any) { problems = append(problems, fmt.Sprintf(format, args...)) }
	switch {
	case c.API == "":
		add("api is missing (one of %s)", strings.Join(apiNames(), ", "))
	default:
		if _, err := LookupAPI(c.API); err != nil {
			add("api: %v", err)
		}
	}
	switch {
	case c.Package == "":
		add("package is missing (the Go package name of the generated client, such as teammembers)")
	case !token.IsIdentifier(c.Package) || c.Package == "main" || c.Package == "_":
		add("package %q is not a valid name for a Go package (want an identifier such as teammembers)", c.Package)
	}
	if c.Output == "" {
		add("output is missing (the directory of the generated package, relative to the config file, such as %s)", orDefault(c.Package, "teammembers"))
	} else if out, dir := c.OutputDir(), c.dir(); out == dir || strings.HasPrefix(dir, out+string(filepath.Separator)) {
		add("output %q is the config file's directory or above it; it must be a directory of its own, which regen replaces", c.Output)
	}
	if c.Spec != "" {
		if scheme, _, ok := strings.Cut(c.Spec, "://"); ok && scheme != "http" && scheme != "https" {
			add("spec %q: unsupported scheme %q (want a file path or an http(s) URL)", c.Spec, scheme)
		}
	}
	for _, pair := range []struct {
		what     string
		inc, exc []string
	}{{"tag", c.IncludeTags, c.ExcludeTags}, {"operation", c.IncludeOperations, c.ExcludeOperations}} {
		for _, n := range pair.inc {
			if slices.Contains(pair.exc, n) {
				add("%s %q is both included and excluded", pair.what, n)
			}
		}
	}
	if len(problems) > 0 {
		return fmt.Errorf("%s: %s", c.name(), strings.Join(problems, "; "))
	}
	return nil
}

func orDefault(s, def string) string {
	if s != "" {
		return s
	}
	return def
}

func apiNames() []string {
	names := make([]string, len(APIs))
	for i, a := range APIs {
		names[i] = a.Name
	}
	return names
}

// name is how errors refer to the config file.
func (c *Config) name() string {
	if c.Path == "" {
		return "config"
	}
	return c.Path
}

// dir is the absolute directory relative paths in the config start from.
func (c *Config) dir() string {
	dir, err := filepath.Abs(filepath.Dir(orDefault(c.Path, "config.yaml")))
	if err != nil {
		return filepath.Dir(c.Path)
	}
	return dir
}

// OutputDir is the absolute directory the package is written to.
func (c *Config) OutputDir() string {
	if filepath.IsAbs(c.Output) {
		return filepath.Clean(c.Output)
	}
	return filepath.Join(c.dir(), c.Output)
}

// Target is the API and package the config generates.
func (c *Config) Target() API {
	return API{Name: c.API, Package: c.Package}
}

// Selection is the operations the config selects.
func (c *Config) Selection() Selection {
	return Selection{IncludeTags: c.IncludeTags, ExcludeTags: c.ExcludeTags, IncludeOperations: c.IncludeOperations, ExcludeOperations: c.ExcludeOperations}
}

// specIsURL reports whether c.Spec is an http(s) URL.
func (c *Config) specIsURL() bool {
	return strings.HasPrefix(c.Spec, "http://") || strings.HasPrefix(c.Spec, "https://")
}

// AcquireSpec returns the spec the config generates from: the locked one
// of its API, through acq, or the one its spec key names, whatever its
// sha256.
func (c *Config) AcquireSpec(ctx context.Context, acq *Acquirer) (*Spec, error) {
	api := c.Target()
	if c.Spec == "" {
		return acq.Acquire(ctx, api)
	}
	if c.specIsURL() {
		if _, err := url.Parse(c.Spec); err != nil {
			return nil, fmt.Errorf("%s: spec: %w", c.name(), err)
		}
		res, err := acq.Fetch(ctx, c.Spec, "")
		if err != nil {
			return nil, fmt.Errorf("%s: spec: %w", c.name(), err)
		}
		return &Spec{API: api, Data: res.Data, SHA256: sha256Hex(res.Data), Source: "spec " + c.Spec}, nil
	}
	path := c.Spec
	if !filepath.IsAbs(path) {
		path = filepath.Join(c.dir(), path)
	}
	data, err := readFileCapped(path, acq.maxBytes())
	if err == nil {
		err = CheckOpenAPIDocument(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: spec %s: %w", c.name(), path, err)
	}
	return &Spec{API: api, Data: data, SHA256: sha256Hex(data), Source: "spec " + path}, nil
}

// header is what the generated files' first line says about the spec.
func (c *Config) header(spec *Spec) Header {
	file := API{Name: c.API}.SpecFile()
	switch {
	case c.specIsURL():
		file = c.Spec
	case filepath.IsAbs(c.Spec):
		// Not the machine's path: the header would change with it.
		file = filepath.Base(c.Spec)
	case c.Spec != "":
		file = filepath.ToSlash(c.Spec)
	}
	return Header{SpecFile: file, SHA256: spec.SHA256}
}

// closest returns up to n of names nearest to name in edit distance,
// ignoring case, if they are near enough to be a likely misspelling (or
// contain it, or are contained in it): those at the smallest distance, in
// name order.
func closest(name string, names []string, n int) []string {
	type cand struct {
		name string
		d    int
	}
	lower := strings.ToLower(name)
	limit := max(2, len([]rune(name))/3)
	var cs []cand
	for _, c := range names {
		lc := strings.ToLower(c)
		d := editDistance(lower, lc)
		if d > limit && !strings.Contains(lc, lower) && !strings.Contains(lower, lc) {
			continue
		}
		cs = append(cs, cand{c, d})
	}
	slices.SortFunc(cs, func(a, b cand) int {
		if a.d != b.d {
			return a.d - b.d
		}
		return strings.Compare(a.name, b.name)
	})
	var out []string
	for i := 0; i < len(cs) && i < n && cs[i].d == cs[0].d; i++ {
		out = append(out, cs[i].name)
	}
	return out
}

// editDistance is the Levenshtein distance between a and b, in runes.
func editDistance(a, b string) int {
	ra, rb := []rune(a), []rune(b)
	prev := make([]int, len(rb)+1)
	cur := make([]int, len(rb)+1)
	for j := range prev {
		prev[j] = j
	}
	for i := 1; i <= len(ra); i++ {
		cur[0] = i
		for j := 1; j <= len(rb); j++ {
			cost := 1
			if ra[i-1] == rb[j-1] {
				cost = 0
			}
			cur[j] = min(prev[j]+1, cur[j-1]+1, prev[j-1]+cost)
		}
		prev, cur = cur, prev
	}
	return prev[len(rb)]
}

// quoteList quotes names and joins them, the last with sep.
func quoteList(names []string, sep string) string {
	q := make([]string, len(names))
	for i, n := range names {
		q[i] = fmt.Sprintf("%q", n)
	}
	if len(q) <= 1 {
		return strings.Join(q, "")
	}
	return strings.Join(q[:len(q)-1], ", ") + sep + q[len(q)-1]
}
