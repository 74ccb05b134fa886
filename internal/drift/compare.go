package drift

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oasdiff/oasdiff/checker"
	"github.com/oasdiff/oasdiff/diff"
	"github.com/oasdiff/oasdiff/load"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/openapi"
)

// docsElements are what a documentation-only change may touch.
var docsElements = []string{
	diff.ExcludeDescriptionOption,
	diff.ExcludeSummaryOption,
	diff.ExcludeTitleOption,
	diff.ExcludeExamplesOption,
}

// comparison is what compare found.
type comparison struct {
	docsOnly bool
	notes    []string
	added    []Operation
	removed  []Operation
	changed  []OperationChanges
	other    []Change
	// completion is what gen.Complete changes about the result.
	completion []string
}

// fill copies c into ar and counts its changes.
func (c *comparison) fill(ar *APIReport) {
	ar.Status = StatusChanged
	if c.docsOnly {
		ar.Status = StatusDocsOnly
	}
	ar.Notes = append(ar.Notes, c.notes...)
	ar.Added = append(ar.Added, c.added...)
	ar.Removed = append(ar.Removed, c.removed...)
	ar.Changed = append(ar.Changed, c.changed...)
	ar.Other = append(ar.Other, c.other...)
	ar.Completion = append(ar.Completion, c.completion...)
	count := func(breaking bool) {
		if breaking {
			ar.Breaking++
		} else {
			ar.NonBreaking++
		}
	}
	for _, op := range ar.Added {
		count(op.Breaking)
	}
	for _, op := range ar.Removed {
		count(op.Breaking)
	}
	for _, oc := range ar.Changed {
		for _, ch := range oc.Changes {
			count(ch.Breaking)
		}
	}
	for _, ch := range ar.Other {
		count(ch.Breaking)
	}
}

// patchSpec patches data with the overlay and transforms regen applies,
// and returns it as published (no gen.Complete) and as completed.
func patchSpec(api gen.API, data []byte) (published *openapi3.T, completed *gen.Patched, err error) {
	name := openapi.OverlayFile(api.Name)
	overlay, err := openapi.FS.ReadFile(name)
	if err != nil {
		return nil, nil, fmt.Errorf("%s: no overlay openapi/%s: %w", api.Name, name, err)
	}
	p, completed, err := gen.PatchBoth(api, data, overlay, "openapi/"+name, gen.Transforms)
	if err != nil {
		return nil, nil, err
	}
	return p.Doc, completed, nil
}

// patchedPair is the two specs of a comparison, as published and as
// completed; the completed ones are nil when a spec could not be patched.
type patchedPair struct {
	oldDoc, newDoc *openapi3.T
	oldP, newP     *gen.Patched
}

// loadBoth returns the two specs patched as regen patches them or, if
// either cannot be patched, as they are, with a note saying why. It fails
// only if a spec is not a loadable document.
func loadBoth(api gen.API, oldData, newData []byte) (pair patchedPair, notes []string, err error) {
	var oldErr, newErr error
	var wg sync.WaitGroup
	wg.Go(func() { pair.oldDoc, pair.oldP, oldErr = patchSpec(api, oldData) })
	pair.newDoc, pair.newP, newErr = patchSpec(api, newData)
	wg.Wait()
	if oldErr == nil && newErr == nil {
		return pair, nil, nil
	}
	if newErr != nil {
		notes = append(notes, fmt.Sprintf("regen cannot use the current spec as it is: %s. "+
			"It is compared as published, without the overlay and transforms.", oneLine(newErr)))
	} else {
		notes = append(notes, fmt.Sprintf("the locked spec no longer patches (%s); the specs are compared as published.", oneLine(oldErr)))
	}
	pair = patchedPair{}
	if pair.oldDoc, err = gen.LoadDocument(oldData, "locked "+api.SpecFile()); err != nil {
		return pair, nil, err
	}
	if pair.newDoc, err = gen.LoadDocument(newData, "current "+api.SpecFile()); err != nil {
		return pair, nil, err
	}
	return pair, notes, nil
}

// compare diffs two specs of api with oasdiff and classifies the result.
// The specs are compared as published, with the overlay and transforms
// but without gen.Complete: completion adds to a schema what the spec's
// examples show, and so would put back an enum value or a property that
// upstream removed while an example still uses it, hiding the change. What
// completion does to the result is reported apart (comparison.completion).
func compare(api gen.API, oldData, newData []byte) (*comparison, error) {
	pair, notes, err := loadBoth(api, oldData, newData)
	if err != nil {
		return nil, err
	}
	oldDoc, newDoc := pair.oldDoc, pair.newDoc
	c := &comparison{notes: notes}
	cfg := diff.NewConfig(diff.WithExcludeElements(docsElements))
	d, sources, err := diff.GetWithOperationsSourcesMap(cfg,
		&load.SpecInfo{Url: "locked", Spec: oldDoc}, &load.SpecInfo{Url: "current", Spec: newDoc})
	if err != nil {
		return nil, fmt.Errorf("%s: oasdiff: %s", api.Name, oneLine(err))
	}
	if d.Empty() {
		c.docsOnly = true
		return c, nil
	}

	oldOps, newOps := operations(oldDoc), operations(newDoc)
	for k, op := range oldOps {
		if _, ok := newOps[k]; !ok {
			c.removed = append(c.removed, op.Operation(true))
		}
	}
	for k, op := range newOps {
		if _, ok := oldOps[k]; !ok {
			c.added = append(c.added, op.Operation(false))
		}
	}

	byOp := map[string]*OperationChanges{}
	opChanges := func(op docOp) *OperationChanges {
		k := op.key()
		oc := byOp[k]
		if oc == nil {
			oc = &OperationChanges{Operation: op.Operation(false)}
			byOp[k] = oc
		}
		return oc
	}

	// Operations that moved: removed and added under one method and
	// operationId. Their method stays; diff the two operations as one.
	c.removed = slices.DeleteFunc(c.removed, func(rm Operation) bool {
		i := slices.IndexFunc(c.added, func(ad Operation) bool {
			return rm.OperationID != "" && ad.OperationID == rm.OperationID && ad.Method == rm.Method
		})
		if i < 0 {
			return false
		}
		ad := c.added[i]
		c.added = slices.Delete(c.added, i, i+1)
		o, n := oldOps[opKey(rm.Method, rm.Path)], newOps[opKey(ad.Method, ad.Path)]
		oc := opChanges(n)
		oc.MovedFrom = rm.Path
		oc.Changes = append(oc.Changes, Change{
			Kind: KindOperation, Rule: RuleOperationMoved,
			Text: fmt.Sprintf("moved from `%s %s` to `%s %s`; %s keeps its name and now calls the new path", rm.Method, rm.Path, ad.Method, ad.Path, ad.GoMethod),
		})
		moved, err := diffOne(o, n)
		if err != nil {
			c.notes = append(c.notes, fmt.Sprintf("%s %s: %v", ad.Method, ad.Path, err))
		}
		oc.Changes = append(oc.Changes, moved...)
		return true
	})

	// Operations whose path only renamed a path parameter.
	for k, n := range newOps {
		if o, ok := oldOps[k]; ok && o.path != n.path {
			oc := opChanges(n)
			oc.Changes = append(oc.Changes, Change{
				Kind: KindParameter, Rule: RulePathParameterRenamed,
				Text: fmt.Sprintf("path parameter renamed: `%s` is now `%s` (a positional argument of %s: callers are unaffected)", o.path, n.path, n.GoMethod()),
			})
		}
	}

	loc := checker.NewDefaultLocalizer()
	for _, ch := range checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO) {
		id := ch.GetId()
		if skipRule(id) {
			continue
		}
		change := newChange(id, ch.GetLevel(), ch.GetUncolorizedText(loc))
		if ch.GetOperation() == "" || ch.GetPath() == "" {
			c.other = append(c.other, change)
			continue
		}
		k := opKey(ch.GetOperation(), ch.GetPath())
		n, inNew := newOps[k]
		if _, inOld := oldOps[k]; !inOld || !inNew {
			continue // an added or removed operation, listed as such
		}
		oc := opChanges(n)
		oc.Changes = append(oc.Changes, change)
	}

	for _, oc := range byOp {
		slices.SortStableFunc(oc.Changes, func(a, b Change) int { return compareBool(b.Breaking, a.Breaking) })
		c.changed = append(c.changed, *oc)
	}
	sortOps(c.added)
	sortOps(c.removed)
	slices.SortFunc(c.changed, func(a, b OperationChanges) int { return compareOp(a.Operation, b.Operation) })

	if len(c.added)+len(c.removed)+len(c.changed)+len(c.other) == 0 {
		c.notes = append(c.notes, fmt.Sprintf("The documents differ (in: %s), but in nothing that changes the generated client's operations.", strings.Join(diffAreas(d), ", ")))
	}
	if len(notes) == 0 {
		c.completionEffect(api, pair.oldP, pair.newP)
	}
	return c, nil
}

// completionEffect records in c.completion what gen.Complete, which regen
// runs on a spec before generating, adds to the current spec and did not
// need to add to the locked one: what the current spec's examples show but
// its schemas no longer (or do not yet) declare. Such an inference puts
// back, in the generated client, something the changes above report as
// removed. It then checks that regen can generate a client from the
// completed current spec.
func (c *comparison) completionEffect(api gen.API, oldP, newP *gen.Patched) {
	key := func(i gen.Inference) string {
		return i.Schema + "\x00" + i.Property + "\x00" + i.Change + "\x00" + i.Type
	}
	had := map[string]bool{}
	for _, i := range oldP.Inferences {
		had[key(i)] = true
	}
	for _, i := range newP.Inferences {
		if !had[key(i)] {
			c.completion = append(c.completion, "added from the current spec's examples, not from its schemas: "+i.String())
		}
	}
	// Generation checks more than loading does (such as path parameters
	// that match the path): say now if `regen -update` would fail. It
	// rewrites newP.Doc, which is no longer needed.
	if _, err := gen.GenerateSource(newP.Doc, api.Package); err != nil {
		c.notes = append(c.notes, fmt.Sprintf("regen cannot generate a client from the current spec: %s. `regen -update` will fail until an overlay or transform fixes it.", oneLine(err)))
	}
}

// diffOne diffs one operation of each spec, as if both were at the new
// operation's path.
func diffOne(o, n docOp) ([]Change, error) {
	single := func(op docOp, doc *openapi3.T) *openapi3.T {
		item := &openapi3.PathItem{Parameters: op.item.Parameters}
		item.SetOperation(op.method, op.op)
		return &openapi3.T{OpenAPI: doc.OpenAPI, Info: doc.Info, Paths: openapi3.NewPaths(openapi3.WithPath(n.path, item))}
	}
	cfg := diff.NewConfig(diff.WithExcludeElements(docsElements))
	d, sources, err := diff.GetWithOperationsSourcesMap(cfg,
		&load.SpecInfo{Url: "locked", Spec: single(o, o.doc)}, &load.SpecInfo{Url: "current", Spec: single(n, n.doc)})
	if err != nil {
		return nil, fmt.Errorf("oasdiff: %s", oneLine(err))
	}
	var out []Change
	loc := checker.NewDefaultLocalizer()
	for _, ch := range checker.CheckBackwardCompatibilityUntilLevel(checker.NewConfig(checker.GetAllChecks()), d, sources, checker.INFO) {
		if id := ch.GetId(); !skipRule(id) && ch.GetOperation() != "" {
			out = append(out, newChange(id, ch.GetLevel(), ch.GetUncolorizedText(loc)))
		}
	}
	return out, nil
}

// docOp is an operation of a loaded spec.
type docOp struct {
	doc    *openapi3.T
	path   string
	method string // upper case
	item   *openapi3.PathItem
	op     *openapi3.Operation
}

func (o docOp) key() string { return opKey(o.method, o.path) }

func (o docOp) GoMethod() string { return gen.GoMethodName(o.op.OperationID) }

// Operation describes o; breaking is its classification if removed.
func (o docOp) Operation(breaking bool) Operation {
	return Operation{Method: o.method, Path: o.path, OperationID: o.op.OperationID, GoMethod: o.GoMethod(), Breaking: breaking}
}

// operations maps the operations of doc by opKey.
func operations(doc *openapi3.T) map[string]docOp {
	ops := map[string]docOp{}
	if doc.Paths == nil {
		return ops
	}
	for path, item := range doc.Paths.Map() {
		for method, op := range item.Operations() {
			o := docOp{doc: doc, path: path, method: strings.ToUpper(method), item: item, op: op}
			ops[o.key()] = o
		}
	}
	return ops
}

var pathParam = regexp.MustCompile(`\{[^}]*\}`)

// opKey identifies an operation across specs, as oasdiff does: by method
// and path, whatever its path parameters are called.
func opKey(method, path string) string {
	return strings.ToUpper(method) + " " + pathParam.ReplaceAllString(path, "{}")
}

// diffAreas names the top-level parts of the documents that d says differ.
func diffAreas(d *diff.Diff) []string {
	var areas []string
	add := func(changed bool, name string) {
		if changed {
			areas = append(areas, name)
		}
	}
	add(d.OpenAPIDiff != nil, "openapi version")
	add(d.InfoDiff != nil, "info")
	add(d.ServersDiff != nil, "servers")
	add(d.SecurityDiff != nil, "security")
	add(d.TagsDiff != nil, "tags")
	add(d.ExternalDocsDiff != nil, "externalDocs")
	add(d.PathsDiff != nil || d.EndpointsDiff != nil, "paths")
	add(d.WebhooksDiff != nil, "webhooks")
	add(d.ComponentsDiff != nil, "components")
	add(d.ExtensionsDiff != nil, "extensions")
	add(d.JSONSchemaDialectDiff != nil, "jsonSchemaDialect")
	if len(areas) == 0 {
		areas = append(areas, "unknown")
	}
	return areas
}

func sortOps(ops []Operation) { slices.SortFunc(ops, compareOp) }

func compareOp(a, b Operation) int {
	return cmp.Or(cmp.Compare(a.Path, b.Path), cmp.Compare(a.Method, b.Method))
}

func compareBool(a, b bool) int {
	switch {
	case a == b:
		return 0
	case a:
		return 1
	}
	return -1
}

// oneLine folds a multi-line error message onto one line.
func oneLine(err error) string {
	return strings.Join(strings.Fields(err.Error()), " ")
}
