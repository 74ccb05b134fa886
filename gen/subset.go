package gen

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio/openapi"
)

// Selection is a subset of an API's operations. An operation is selected
// if it has one of IncludeTags or its operationId is one of
// IncludeOperations (every operation is, when both are empty), unless it
// has one of ExcludeTags or its operationId is one of ExcludeOperations.
type Selection struct {
	IncludeTags, ExcludeTags             []string
	IncludeOperations, ExcludeOperations []string
}

// IsZero reports whether s selects every operation.
func (s Selection) IsZero() bool {
	return len(s.IncludeTags)+len(s.ExcludeTags)+len(s.IncludeOperations)+len(s.ExcludeOperations) == 0
}

// selects reports whether s selects op.
func (s Selection) selects(op *openapi3.Operation) bool {
	if slices.Contains(s.ExcludeOperations, op.OperationID) || slices.ContainsFunc(op.Tags, func(t string) bool { return slices.Contains(s.ExcludeTags, t) }) {
		return false
	}
	if len(s.IncludeTags) == 0 && len(s.IncludeOperations) == 0 {
		return true
	}
	return slices.Contains(s.IncludeOperations, op.OperationID) || slices.ContainsFunc(op.Tags, func(t string) bool { return slices.Contains(s.IncludeTags, t) })
}

// Check reports the names in s that doc (the spec of the API called api)
// does not have, each with the nearest valid names, on one line.
func (s Selection) Check(doc *openapi3.T, api string) error {
	tags := TagCounts(doc)
	tagNames := make([]string, len(tags))
	for i, t := range tags {
		tagNames[i] = t.Tag
	}
	var ids []string
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		if op.OperationID != "" {
			ids = append(ids, op.OperationID)
		}
	})
	slices.Sort(ids)
	var problems []string
	for _, key := range []struct {
		key, what string
		names     []string
		valid     []string
	}{
		{"include-tags", "tag", s.IncludeTags, tagNames},
		{"exclude-tags", "tag", s.ExcludeTags, tagNames},
		{"include-operations", "operationId", s.IncludeOperations, ids},
		{"exclude-operations", "operationId", s.ExcludeOperations, ids},
	} {
		for _, n := range key.names {
			if slices.Contains(key.valid, n) {
				continue
			}
			msg := fmt.Sprintf("%s: unknown %s %q in %s", key.key, key.what, n, api)
			if close := closest(n, key.valid, 3); len(close) > 0 {
				msg += fmt.Sprintf("; did you mean %s?", quoteList(close, " or "))
			}
			if key.what == "tag" {
				msg += " (tags: " + strings.Join(key.valid, ", ") + ")"
			} else {
				msg += fmt.Sprintf(" (see its %d operationIds with: regen -list-operations -api %s)", len(key.valid), api)
			}
			problems = append(problems, msg)
		}
	}
	if len(problems) > 0 {
		return errors.New(strings.Join(problems, "; "))
	}
	return nil
}

// Apply checks s against doc (see Check) and removes from doc the
// operations s does not select, and the paths left without operations. It
// returns how many operations are left, which must be at least one.
// oapi-codegen then prunes the components nothing uses any more.
func (s Selection) Apply(doc *openapi3.T, api string) (int, error) {
	if err := s.Check(doc, api); err != nil {
		return 0, err
	}
	kept := 0
	for _, path := range sortedKeys(doc.Paths.Map()) {
		item := doc.Paths.Value(path)
		for method, op := range item.Operations() {
			if s.selects(op) {
				kept++
			} else {
				item.SetOperation(method, nil)
			}
		}
		if len(item.Operations()) == 0 {
			doc.Paths.Delete(path)
		}
	}
	if kept == 0 {
		return 0, fmt.Errorf("the selection leaves no operation of %s", api)
	}
	return kept, nil
}

// TagCount is a tag of a spec and how many operations have it.
type TagCount struct {
	Tag        string
	Operations int
}

// TagCounts lists the tags of doc, declared or used by an operation, in
// name order, with the number of operations that have each.
func TagCounts(doc *openapi3.T) []TagCount {
	counts := map[string]int{}
	for _, t := range doc.Tags {
		if t != nil {
			counts[t.Name] += 0
		}
	}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		for _, t := range op.Tags {
			counts[t]++
		}
	})
	out := make([]TagCount, 0, len(counts))
	for _, t := range sortedKeys(counts) {
		out = append(out, TagCount{Tag: t, Operations: counts[t]})
	}
	return out
}

// Operation is one operation of a spec, for listing.
type Operation struct {
	OperationID string
	Method      string // upper case
	Path        string
	Tags        []string
}

// Operations lists the operations of doc in operationId order.
func Operations(doc *openapi3.T) []Operation {
	var out []Operation
	forEachOperation(doc, func(path, method string, _ *openapi3.PathItem, op *openapi3.Operation) {
		out = append(out, Operation{OperationID: op.OperationID, Method: strings.ToUpper(method), Path: path, Tags: op.Tags})
	})
	slices.SortFunc(out, func(a, b Operation) int {
		return cmp.Or(cmp.Compare(a.OperationID, b.OperationID), cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
	})
	return out
}

// untagged is the heading of the operations that have no tag.
const untagged = "(no tag)"

// WriteTagList writes the tags of doc, the spec of api, one per line with
// its operation count, under a line with the totals.
func WriteTagList(w io.Writer, api string, doc *openapi3.T) error {
	tags := TagCounts(doc)
	ops := Operations(doc)
	if _, err := fmt.Fprintf(w, "%s: %d tags, %d operations\n", api, len(tags), len(ops)); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := fmt.Fprintf(w, "%5d  %s\n", t.Operations, t.Tag); err != nil {
			return err
		}
	}
	n := 0
	for _, op := range ops {
		if len(op.Tags) == 0 {
			n++
		}
	}
	if n > 0 {
		_, err := fmt.Fprintf(w, "%5d  %s\n", n, untagged)
		return err
	}
	return nil
}

// WriteOperationList writes the operations of doc, the spec of api, grouped
// by tag (an operation with several tags is under each), one per line:
// operationId, method and path.
func WriteOperationList(w io.Writer, api string, doc *openapi3.T) error {
	ops := Operations(doc)
	byTag := map[string][]Operation{}
	for _, op := range ops {
		if len(op.Tags) == 0 {
			byTag[untagged] = append(byTag[untagged], op)
		}
		for _, t := range op.Tags {
			byTag[t] = append(byTag[t], op)
		}
	}
	width := 0
	for _, op := range ops {
		width = max(width, len(op.OperationID))
	}
	tags := sortedKeys(byTag)
	if _, err := fmt.Fprintf(w, "%s: %d operations, %d tags\n", api, len(ops), len(tags)); err != nil {
		return err
	}
	for _, t := range tags {
		if _, err := fmt.Fprintf(w, "\n%s (%d)\n", t, len(byTag[t])); err != nil {
			return err
		}
		for _, op := range byTag[t] {
			if _, err := fmt.Fprintf(w, "  %-*s  %-6s %s\n", width, op.OperationID, op.Method, op.Path); err != nil {
				return err
			}
		}
	}
	return nil
}

// PatchSpec applies api's embedded overlay and the transforms to spec.
func PatchSpec(api API, spec *Spec) (*Patched, error) {
	overlayName := openapi.OverlayFile(api.Name)
	overlayDoc, err := openapi.FS.ReadFile(overlayName)
	if err != nil {
		return nil, fmt.Errorf("%s: no overlay openapi/%s: %w", api.Name, overlayName, err)
	}
	return Patch(api, spec.Data, overlayDoc, "openapi/"+overlayName, Transforms)
}

// BuildConfig generates, in memory, the subset client c describes: it
// acquires the spec (see Config.AcquireSpec), patches it as for the full
// client, keeps the selected operations, generates and formats.
func BuildConfig(ctx context.Context, c *Config, acq *Acquirer, progress *Progress) (*Build, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	scope := c.Package
	start := time.Now()
	spec, err := c.AcquireSpec(ctx, acq)
	if err != nil {
		return nil, err
	}
	progress.step(scope, "acquire", start, spec.Source)
	// The package comment names the config by its path in the module.
	configRef := filepath.Base(c.name())
	if abs, err := filepath.Abs(c.name()); err == nil {
		if mod, err := FindModuleDir(c.OutputDir()); err == nil {
			if rel, err := filepath.Rel(mod, abs); err == nil && !strings.HasPrefix(rel, "..") {
				configRef = filepath.ToSlash(rel)
			}
		}
	}
	sel := c.Selection()
	return build(target{
		api:    c.Target(),
		spec:   spec,
		header: c.header(spec),
		sel:    &sel,
		what:   fmt.Sprintf("%s selected by %s", c.API, configRef),
		doc: func(p *Patched, n int) string {
			return subsetDoc(c, p, n, configRef)
		},
		scope:  scope,
		config: c.name(),
	}, progress)
}

// RunConfig generates the subset client c describes, compiles it in the
// module that holds its output directory (the nearest go.mod above it),
// and only then replaces the output directory. It reports whether the
// directory changed.
func RunConfig(ctx context.Context, c *Config, acq *Acquirer, progress *Progress) (bool, error) {
	b, err := BuildConfig(ctx, c, acq, progress)
	if err != nil {
		return false, err
	}
	out := c.OutputDir()
	mod, err := FindModuleDir(out)
	if err != nil {
		return false, fmt.Errorf("%s: output %s: %w", c.name(), c.Output, err)
	}
	rel, err := filepath.Rel(mod, out)
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.name(), err)
	}
	start := time.Now()
	staged, err := verifyStaging(ctx, mod, map[string]map[string][]byte{rel: b.Files}, map[string]map[string][]byte{out: b.Files})
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.name(), err)
	}
	progress.step(c.Package, "verify", start, "go build ./"+filepath.ToSlash(rel)+" in "+mod+", the files staged meanwhile")
	start = time.Now()
	changed, err := staged.Commit()
	if err != nil {
		return false, fmt.Errorf("%s: %w", c.name(), err)
	}
	detail := "unchanged"
	if len(changed) > 0 {
		detail = "replaced " + c.Output
	}
	progress.step(c.Package, "write", start, detail)
	return len(changed) > 0, nil
}

// FindModuleDir returns the nearest directory at or above dir (which need
// not exist) that holds a go.mod.
func FindModuleDir(dir string) (string, error) {
	d, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		} else if !errors.Is(err, os.ErrNotExist) {
			return "", err
		}
		parent := filepath.Dir(d)
		if parent == d {
			return "", fmt.Errorf("no go.mod in %s or above it: the output must be inside a Go module", dir)
		}
		d = parent
	}
}

// subsetDoc is the package comment of a subset client.
func subsetDoc(c *Config, p *Patched, n int, configRef string) string {
	title, server := docTitle(c.API, p)
	var sel []string
	for _, part := range []struct {
		key   string
		names []string
	}{{"include-tags", c.IncludeTags}, {"exclude-tags", c.ExcludeTags}, {"include-operations", c.IncludeOperations}, {"exclude-operations", c.ExcludeOperations}} {
		if len(part.names) > 0 {
			sel = append(sel, part.key+": "+strings.Join(part.names, ", "))
		}
	}
	what := "all operations"
	if len(sel) > 0 {
		what = strings.Join(sel, "; ")
	}
	return fmt.Sprintf("// Package %s is a generated client of part of Altegio's %s API (%s)%s:\n// %d %s, selected by %s (%s).\n"+UsageExample(c.Package, p.Doc, pageableIDs(p.Doc))+"//\n// Do not edit it: regenerate it with\n// go run github.com/altegio-go/altegio/cmd/regen -config %s\n",
		c.Package, c.API, title, server, n, plural(n, "operation"), configRef, what, configRef)
}

func plural(n int, word string) string {
	if n == 1 {
		return word
	}
	return word + "s"
}
