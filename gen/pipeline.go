package gen

import (
	"context"
	"fmt"
	"io"
	"path/filepath"
	"strings"
	"time"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio/openapi"
)

// Build is one API's generated package, held in memory.
type Build struct {
	API     API
	Spec    *Spec
	Patched *Patched
	// Files maps file names in the package directory to their contents.
	Files map[string][]byte
	// Renames maps the type names oapi-codegen gave to the names the
	// naming pass gave them (NameTypes).
	Renames Renames
	// Model is what the model stage decided: names, merges, entities.
	Model *Model
	// Fake is the operation table package altegiotest serves the API
	// from (FakeFile in API.FakeDir); nil for a subset.
	Fake []byte
	// ToolCatalog is the operation table the MCP server serves the API
	// from (ToolCatalogFile in API.ToolCatalogDir); nil for a subset.
	ToolCatalog []byte
}

// Progress reports each finished step of the pipeline. A nil Progress
// reports nothing.
type Progress struct {
	W io.Writer
}

// step prints one progress line for a finished step.
func (p *Progress) step(scope, name string, start time.Time, detail string) {
	if p == nil || p.W == nil {
		return
	}
	d := time.Since(start).Round(time.Millisecond)
	fmt.Fprintf(p.W, "%-7s %-8s %7s  %s\n", scope, name, d, detail)
}

// BuildAPI runs the in-memory steps for api: acquire, patch, generate and
// format.
func BuildAPI(ctx context.Context, api API, acq *Acquirer, progress *Progress) (*Build, error) {
	start := time.Now()
	spec, err := acq.Acquire(ctx, api)
	if err != nil {
		return nil, err
	}
	progress.step(api.Name, "acquire", start, spec.Source)
	return build(target{
		api:    api,
		spec:   spec,
		header: Header{SpecFile: api.SpecFile(), SHA256: spec.SHA256},
		what:   api.Name,
		doc:    func(p *Patched, _ int) string { return packageDoc(api, p) },
		scope:  api.Name,
	}, progress)
}

// target is what build generates.
type target struct {
	api    API // the spec's API and the Go package
	spec   *Spec
	header Header
	// sel, if not nil, is the subset of operations to generate, and config
	// names the file it comes from, for errors.
	sel    *Selection
	config string
	// what names the operations in the inventory, such as "b2b-v1".
	what string
	// doc returns the package comment, given the patched spec and the
	// number of operations generated.
	doc   func(p *Patched, operations int) string
	scope string // of the progress lines
}

// build runs patch, select, generate and format for t.
func build(t target, progress *Progress) (*Build, error) {
	api := t.api
	start := time.Now()
	patched, err := PatchSpec(api, t.spec)
	if err != nil {
		return nil, err
	}
	progress.step(t.scope, "patch", start, patchSummary(patched))

	var fake []byte
	var tools map[string]toolOperation
	if t.sel == nil {
		if fake, err = BuildFakeTable(api, t.header, patched); err != nil {
			return nil, err
		}
		if tools, err = toolOperations(patched.Doc); err != nil {
			return nil, fmt.Errorf("%s: tool catalog: %w", api.Name, err)
		}
	}

	if t.sel != nil {
		start = time.Now()
		all := countOperations(patched)
		n, err := t.sel.Apply(patched.Doc, api.Name)
		if err != nil {
			return nil, fmt.Errorf("%s: %w", t.config, err)
		}
		progress.step(t.scope, "select", start, fmt.Sprintf("%d of %d operations", n, all))
	}

	start = time.Now()
	serviceTable, err := LoadServiceTable()
	if err != nil {
		return nil, err
	}
	if patched.Doc.Extensions == nil {
		patched.Doc.Extensions = map[string]any{}
	}
	patched.Doc.Extensions[APIExtension] = api.Name
	if _, err := NameServices(patched.Doc, serviceTable[api.Name], t.sel != nil); err != nil {
		return nil, fmt.Errorf("%s: openapi/%s: %w", api.Name, openapi.ServicesFile, err)
	}
	// Read operationIds before GenerateSource, which renames them in place.
	ops := inventoryOperations(patched.Doc)
	pkgDoc := t.doc(patched, len(ops))
	tags := OperationTags(patched.Doc)
	NameParameters(patched.Doc)
	NameParamsTypes(patched.Doc)
	table, err := LoadModelTable()
	if err != nil {
		return nil, err
	}
	model, err := BuildModel(patched.Doc, table[api.Name], t.sel != nil)
	if err != nil {
		return nil, fmt.Errorf("%s: openapi/%s: %w", api.Name, openapi.ModelsFile, err)
	}
	progress.step(t.scope, "model", start, model.Summary())
	// Each step's time is its own: generate starts after the model.
	start = time.Now()
	src, err := GenerateSource(patched.Doc, api.Package)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	var renames Renames
	// The methods added come apart, for the format step to parse at the
	// same time as the rest.
	src, added, lossless, getters, err := addExtraFieldsAndGetters(src)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	progress.step(t.scope, "generate", start, fmt.Sprintf("%d operations, %d bytes, %d lossless types, %d getters", len(ops), len(src)+len(added), lossless, getters))

	start = time.Now()
	files, methods, err := formatByTag([][]byte{src, added}, api.Package, pkgDoc, t.header, tags)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	if files[InventoryFile], err = renderInventory(t.what, t.header, ops, methods); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	var catalog []byte
	if t.sel == nil {
		if catalog, err = BuildToolCatalog(api, t.header, ops, methods, tools); err != nil {
			return nil, err
		}
	}
	files[CompletionFile] = buildCompletionReport(t.what, t.header, patched.Inferences)
	files[ModelFile] = model.Report(t.what, t.header)
	if err := CheckImports(files); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	progress.step(t.scope, "format", start, fmt.Sprintf("%d files", len(files)))
	return &Build{API: api, Spec: t.spec, Patched: patched, Files: files, Renames: renames, Model: model, Fake: fake, ToolCatalog: catalog}, nil
}

// Options configures Run.
type Options struct {
	// ModuleDir is the root of the module that holds generated/.
	ModuleDir string
	// APIs are the APIs to regenerate; empty means all of them.
	APIs []API
	// Acquirer fetches and verifies the specs.
	Acquirer *Acquirer
	// Progress, if not nil, receives one line per finished step.
	Progress *Progress
}

// Run regenerates the clients of opts.APIs. It builds every API in memory,
// compiles the result, and only then replaces the output directories, so a
// failure at any step leaves them byte-identical.
func Run(ctx context.Context, opts Options) error {
	apis := opts.APIs
	if len(apis) == 0 {
		apis = APIs
	}
	outputs := map[string]map[string][]byte{}
	for _, api := range apis {
		b, err := BuildAPI(ctx, api, opts.Acquirer, opts.Progress)
		if err != nil {
			return err
		}
		outputs[api.OutputDir()] = b.Files
		outputs[api.FakeDir()] = map[string][]byte{FakeFile: b.Fake}
		outputs[api.ToolCatalogDir()] = map[string][]byte{ToolCatalogFile: b.ToolCatalog}
	}

	start := time.Now()
	abs := map[string]map[string][]byte{}
	for rel, files := range outputs {
		abs[filepath.Join(opts.ModuleDir, rel)] = files
	}
	staged, err := verifyStaging(ctx, opts.ModuleDir, outputs, abs)
	if err != nil {
		return err
	}
	opts.Progress.step("all", "verify", start, "go build of "+strings.Join(sortedKeys(outputs), ", ")+", the files staged meanwhile")

	start = time.Now()
	changed, err := staged.Commit()
	if err != nil {
		return err
	}
	detail := "unchanged"
	if len(changed) > 0 {
		for i, c := range changed {
			if r, err := filepath.Rel(opts.ModuleDir, c); err == nil {
				changed[i] = r
			}
		}
		detail = "replaced " + strings.Join(changed, ", ")
	}
	opts.Progress.step("all", "write", start, detail)
	return nil
}

// verifyStaging runs Verify on outputs (directories relative to
// moduleDir) while StageDirs writes dirs (the same outputs, by the paths
// WriteDirs takes) beside their directories: Verify only reads the output
// directories, and staging only adds directories beside them, so writing
// is left only the swap. Nothing is left staged if either fails; a failed
// Verify is the error reported.
func verifyStaging(ctx context.Context, moduleDir string, outputs, dirs map[string]map[string][]byte) (*Staged, error) {
	var staged *Staged
	var stageErr error
	done := make(chan struct{})
	go func() {
		defer close(done)
		staged, stageErr = StageDirs(dirs)
	}()
	err := Verify(ctx, moduleDir, outputs)
	<-done
	if err == nil {
		err = stageErr
	}
	if err != nil {
		if staged != nil {
			staged.Discard()
		}
		return nil, err
	}
	return staged, nil
}

func countOperations(p *Patched) int {
	n := 0
	forEachOperation(p.Doc, func(string, string, *openapi3.PathItem, *openapi3.Operation) { n++ })
	return n
}

func patchSummary(p *Patched) string {
	parts := []string{fmt.Sprintf("%d overlay actions", len(p.Overlay)), fmt.Sprintf("%d inferences", len(p.Inferences))}
	for _, t := range p.Transforms {
		parts = append(parts, fmt.Sprintf("%s %d", t.Name, t.Changed))
	}
	return strings.Join(parts, ", ")
}

// docTitle is how a package comment names the API of p: its title and
// version (or name, when it has no title) and " at <server>".
func docTitle(name string, p *Patched) (title, server string) {
	title = name
	if p.Doc.Info != nil && p.Doc.Info.Title != "" {
		title = fmt.Sprintf("%s %s", p.Doc.Info.Title, p.Doc.Info.Version)
	}
	if len(p.Doc.Servers) > 0 {
		server = " at " + p.Doc.Servers[0].URL
	}
	return title, server
}

// packageDoc is the package comment of a generated package.
func packageDoc(api API, p *Patched) string {
	title, server := docTitle(api.Name, p)
	return fmt.Sprintf("// Package %s is the generated client of Altegio's %s API (%s)%s.\n%s//\n// Do not edit it: regenerate it with go run ./cmd/regen.\n", api.Package, api.Name, title, server, UsageExample(api.Package, p.Doc, pageableIDs(p.Doc)))
}

// pageableIDs is the set of the operationIds of PageableOperations.
func pageableIDs(doc *openapi3.T) map[string]bool {
	out := map[string]bool{}
	for _, p := range PageableOperations(doc) {
		out[p.OperationID] = true
	}
	return out
}
