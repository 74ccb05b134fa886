package gen

import (
	"bufio"
	"bytes"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"

	"gopkg.in/yaml.v3"
)

// AllowRemovalsFlag is the regen flag that lets a spec lose operations or
// schemas; RemovalError names it.
const AllowRemovalsFlag = "-allow-removals"

// Surface is what a published spec offers its clients: its operations and
// its schemas.
type Surface struct {
	// Operations maps "METHOD /path/{}" (path parameters unnamed) to the
	// operation's operationId ("" if it has none).
	Operations map[string]string
	// Schemas holds the names under components/schemas.
	Schemas map[string]bool
	// names maps an Operations key to the operation's "METHOD path" as
	// written, for messages.
	names map[string]string
}

// httpMethods are the keys of a path item that are operations.
var httpMethods = []string{"get", "put", "post", "delete", "options", "head", "patch", "trace"}

// ReadSurface reads the operations and schemas of the spec in data, as
// published (no overlay, completion or transforms). name prefixes errors.
func ReadSurface(data []byte, name string) (*Surface, error) {
	var doc struct {
		Paths      map[string]map[string]yaml.Node `yaml:"paths"`
		Components struct {
			Schemas map[string]yaml.Node `yaml:"schemas"`
		} `yaml:"components"`
	}
	if err := yaml.Unmarshal(data, &doc); err != nil {
		return nil, fmt.Errorf("%s: not valid YAML: %s", name, oneLine(err))
	}
	s := &Surface{Operations: map[string]string{}, Schemas: map[string]bool{}, names: map[string]string{}}
	for path, item := range doc.Paths {
		for _, method := range httpMethods {
			node, ok := item[method]
			if !ok {
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
			}
			_ = node.Decode(&op) // a malformed operation still counts
			key := surfaceKey(method, path)
			s.Operations[key] = op.OperationID
			s.names[key] = strings.ToUpper(method) + " " + path
		}
	}
	for name := range doc.Components.Schemas {
		s.Schemas[name] = true
	}
	return s, nil
}

var surfaceParam = regexp.MustCompile(`\{[^}]*\}`)

// surfaceKey identifies an operation across specs by method and path,
// whatever its path parameters are called.
func surfaceKey(method, path string) string {
	return strings.ToUpper(method) + " " + surfaceParam.ReplaceAllString(path, "{}")
}

// Lost returns, sorted, the operations and schemas of s that cur lacks. An
// operation is kept if cur has its method and path, or its operationId
// (an operation that moved to a new path keeps its Go method).
func (s *Surface) Lost(cur *Surface) (ops, schemas []string) {
	ids := map[string]bool{}
	for _, id := range cur.Operations {
		if id != "" {
			ids[id] = true
		}
	}
	for key, id := range s.Operations {
		if _, ok := cur.Operations[key]; ok || (id != "" && ids[id]) {
			continue
		}
		if name, ok := s.names[key]; ok {
			key = name
		}
		ops = append(ops, key)
	}
	for name := range s.Schemas {
		if !cur.Schemas[name] {
			schemas = append(schemas, name)
		}
	}
	slices.Sort(ops)
	slices.Sort(schemas)
	return ops, schemas
}

// RemovalError reports a spec that has fewer operations or schemas than
// the one before it, such as a truncated download that the lock was made
// to pin.
type RemovalError struct {
	API    string // such as "b2b-v2"
	Source string // where the new spec came from, naming its file or URL
	// Baseline names what the spec was compared with: the previously
	// locked spec, or the generated package's inventory.
	Baseline string
	// LostOperations and LostSchemas are what the new spec lacks;
	// Operations and Schemas how many the baseline has (Schemas is -1 when
	// the baseline lists operations only).
	LostOperations, LostSchemas []string
	Operations, Schemas         int
}

// Error gives the counts, the first few losses and the way out on one
// line.
func (e *RemovalError) Error() string {
	counts := fmt.Sprintf("%d of %d operations", len(e.LostOperations), e.Operations)
	if e.Schemas >= 0 {
		counts += fmt.Sprintf(" and %d of %d schemas", len(e.LostSchemas), e.Schemas)
	}
	var sample []string
	for _, list := range [][]string{e.LostOperations, e.LostSchemas} {
		for _, x := range list {
			if len(sample) < 3 {
				sample = append(sample, x)
			}
		}
	}
	more := ""
	if n := len(e.LostOperations) + len(e.LostSchemas); n > len(sample) {
		more = fmt.Sprintf(", and %d more", n-len(sample))
	}
	return fmt.Sprintf("%s: spec from %s loses %s compared with %s (%s%s): refusing it, since a cut-off download "+
		"looks like this; if the removal is intended, pass %s",
		e.API, e.Source, counts, e.Baseline, strings.Join(sample, ", "), more, AllowRemovalsFlag)
}

// CheckRemovals refuses spec if it loses operations or schemas compared
// with the spec of its API whose sha256 is prevSHA. That spec is read from
// the cache (every spec regen used is kept there); failing that, spec's operations are compared with the inventory of
// the package generated in moduleDir (when moduleDir is not ""). If no
// baseline is found, or prevSHA is spec's own, it returns nil. A refusal is
// a *RemovalError.
func (a *Acquirer) CheckRemovals(spec *Spec, prevSHA, moduleDir string) error {
	if prevSHA == "" || prevSHA == spec.SHA256 {
		return nil
	}
	api := spec.API
	var prev *Surface
	var baseline string
	if data, ok := a.cachedSpec(api, prevSHA); ok {
		s, err := ReadSurface(data, "cached "+api.SpecFile())
		if err == nil {
			prev, baseline = s, fmt.Sprintf("the spec it replaces (sha256 %s)", prevSHA)
		}
	}
	if prev == nil && moduleDir != "" {
		path := filepath.Join(moduleDir, api.OutputDir(), InventoryFile)
		ops, err := readInventoryOps(path)
		switch {
		case errors.Is(err, fs.ErrNotExist):
		case err != nil:
			return fmt.Errorf("%s: %w", path, err)
		default:
			prev = ops
			rel := filepath.ToSlash(filepath.Join(api.OutputDir(), InventoryFile))
			baseline = fmt.Sprintf("%s (generated from sha256 %s)", rel, prevSHA)
		}
	}
	if prev == nil {
		return nil
	}
	cur, err := ReadSurface(spec.Data, spec.Source)
	if err != nil {
		return fmt.Errorf("%s: %w", api.Name, err)
	}
	if prev.Schemas == nil {
		// The inventory lists operations only.
		cur.Schemas = nil
	}
	ops, schemas := prev.Lost(cur)
	if len(ops)+len(schemas) == 0 {
		return nil
	}
	e := &RemovalError{API: api.Name, Source: spec.Source, Baseline: baseline,
		LostOperations: ops, LostSchemas: schemas, Operations: len(prev.Operations), Schemas: len(prev.Schemas)}
	if prev.Schemas == nil {
		e.Schemas = -1
	}
	return e
}

// RemovalGuard returns a Guard for an Acquirer that regenerates the
// packages in moduleDir: it refuses a spec that loses operations or
// schemas compared with the spec the API's package there was generated
// from (named by the sha256 in its inventory's header), as CheckRemovals
// does. A package not generated yet has nothing to lose.
func (a *Acquirer) RemovalGuard(moduleDir string) func(*Spec) error {
	return func(spec *Spec) error {
		prev, err := GeneratedFrom(filepath.Join(moduleDir, spec.API.OutputDir()))
		if err != nil {
			return fmt.Errorf("%s: %w", spec.API.Name, err)
		}
		return a.CheckRemovals(spec, prev, moduleDir)
	}
}

// GeneratedFrom returns the sha256 of the spec the package in dir was
// generated from, read from its inventory's header, or "" if dir holds no
// inventory.
func GeneratedFrom(dir string) (string, error) {
	f, err := os.Open(filepath.Join(dir, InventoryFile))
	if errors.Is(err, fs.ErrNotExist) {
		return "", nil
	}
	if err != nil {
		return "", err
	}
	defer f.Close()
	line, err := bufio.NewReader(f).ReadString('\n')
	if err != nil && line == "" {
		return "", fmt.Errorf("%s: %w", f.Name(), err)
	}
	h, ok := ParseHeader(line)
	if !ok {
		return "", fmt.Errorf("%s: no \"Code generated ... (sha256 ...)\" header", f.Name())
	}
	return h.SHA256, nil
}

// readInventoryOps reads the operations of an inventory file: the lines
// "METHOD path operationId → ...".
func readInventoryOps(path string) (*Surface, error) {
	data, err := os.ReadFile(path)
	if err != nil {
		return nil, err
	}
	ops := &Surface{Operations: map[string]string{}, names: map[string]string{}}
	for line := range bytes.Lines(data) {
		fields := strings.Fields(string(line))
		if len(fields) < 4 || fields[3] != "→" || !slices.Contains(httpMethods, strings.ToLower(fields[0])) {
			continue
		}
		key := surfaceKey(fields[0], fields[1])
		ops.Operations[key] = fields[2]
		ops.names[key] = fields[0] + " " + fields[1]
	}
	return ops, nil
}

// cachedSpec returns the spec of api with sha256 sum from the cache.
func (a *Acquirer) cachedSpec(api API, sum string) ([]byte, bool) {
	if a.cacheDir() != "" {
		if data, err := readFileCapped(a.cachePath(api, sum), a.maxBytes()); err == nil && sha256Hex(data) == sum {
			return data, true
		}
	}
	return nil, false
}

// ForgetSpec removes spec from the cache, and the remembered ETag that
// points at it, unless the lock pins it. Callers use it for a spec they
// refused, so that the cache keeps only specs that passed.
func (a *Acquirer) ForgetSpec(spec *Spec) {
	if a.cacheDir() == "" {
		return
	}
	if e, err := a.Lock.Entry(spec.API.Name); err == nil && e.SHA256 == spec.SHA256 {
		return
	}
	if m, ok := a.readETag(spec.API); ok && m.SHA256 == spec.SHA256 {
		_ = os.Remove(a.etagPath(spec.API))
	}
	_ = os.Remove(a.cachePath(spec.API, spec.SHA256))
}
