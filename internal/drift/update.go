package drift

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"time"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/gen"
)

// ChangelogFile is the changelog Update prepends to, relative to the
// module root.
const ChangelogFile = "CHANGELOG.md"

// changelogTitle starts a new changelog.
const changelogTitle = "# Changelog\n\nChanges to the Altegio API specs the clients are generated from, newest first. `go run ./cmd/regen -update` writes each entry.\n"

// UpdateOptions configures Update.
type UpdateOptions struct {
	Options
	// ModuleDir is the root of the module: it holds openapi/lock.json,
	// generated/ and CHANGELOG.md. The lock is read from there, not from
	// the copy embedded in package openapi, and Options.Acquirer's Lock is
	// ignored.
	ModuleDir string
	// Progress, if not nil, receives one line per step.
	Progress *gen.Progress
	// Now gives the date of the new lock entries and the changelog entry;
	// nil means time.Now.
	Now func() time.Time
	// AllowRemovals takes a spec that loses operations or schemas
	// compared with the locked one. Without it such a spec is refused
	// (*gen.RemovalError), as a cut-off download would be, and nothing
	// changes.
	AllowRemovals bool

	// beforeCommit, if not nil, runs after the lock is written and before
	// the changelog is: tests use it to fail at the last moment.
	beforeCommit func() error
}

// UpdateResult is what Update did.
type UpdateResult struct {
	// Report compares the locked specs with the ones taken.
	Report *Report
	// Updated lists the APIs whose spec changed, and so were regenerated.
	Updated []string
	// Changelog is the entry prepended to CHANGELOG.md ("" if none).
	Changelog string
}

// Update takes the current spec of each API that drifted: it refreshes the
// lock (sha256, size, date) and caches the specs, regenerates the clients
// with gen.Run, checks the result (the golden check: generating again
// gives exactly what was written; the coverage check: every operation of
// the new spec has a Client method), and prepends the changes to
// CHANGELOG.md.
//
// A spec that loses operations or schemas compared with the locked one
// (read from the cache, else the generated package's inventory) is refused
// unless opts.AllowRemovals is set, and removed from the cache.
//
// It is all or nothing: if any step fails, openapi/lock.json, generated/
// and CHANGELOG.md are left as they were. If no spec drifted it changes
// nothing.
func Update(ctx context.Context, opts UpdateOptions) (*UpdateResult, error) {
	if opts.Acquirer == nil {
		return nil, errors.New("update: no Acquirer")
	}
	lockPath := filepath.Join(opts.ModuleDir, filepath.FromSlash(gen.LockPath))
	lockData, err := os.ReadFile(lockPath)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	lock, err := gen.ParseLock(lockData, gen.LockPath)
	if err != nil {
		return nil, fmt.Errorf("update: %w", err)
	}
	acq := *opts.Acquirer
	acq.Lock = lock
	checkOpts := opts.Options
	checkOpts.Acquirer = &acq

	start := time.Now()
	report, current := check(ctx, checkOpts)
	res := &UpdateResult{Report: report}
	for _, a := range report.APIs {
		if a.Status == StatusError {
			return res, fmt.Errorf("update: %s: %s", a.API, a.Error)
		}
	}
	var apis []gen.API
	newLock := &gen.Lock{APIs: maps.Clone(lock.APIs)}
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	date := now().UTC().Format(time.DateOnly)
	for _, api := range checkOpts.apis() {
		spec := current[api.Name]
		entry := newLock.APIs[api.Name]
		if spec == nil || spec.SHA256 == entry.SHA256 {
			continue
		}
		if !opts.AllowRemovals {
			if err := acq.CheckRemovals(spec, entry.SHA256, opts.ModuleDir); err != nil {
				acq.ForgetSpec(spec)
				return res, fmt.Errorf("update: %w; %s, generated/ and %s are unchanged", err, gen.LockPath, ChangelogFile)
			}
		}
		entry.SHA256, entry.Size, entry.Retrieved = spec.SHA256, int64(len(spec.Data)), date
		newLock.APIs[api.Name] = entry
		apis = append(apis, api)
		res.Updated = append(res.Updated, api.Name)
	}
	step(opts.Progress, "all", "check", start, fmt.Sprintf("%d of %d specs drifted", len(apis), len(checkOpts.apis())))
	if len(apis) == 0 {
		return res, nil
	}
	if err := updateAll(ctx, opts, report, current, apis, lockPath, lockData, newLock, date, res); err != nil {
		return res, fmt.Errorf("update: %w; openapi/lock.json, generated/ and %s are unchanged", err, ChangelogFile)
	}
	// The new specs go into the cache only now, so that regen finds them.
	for _, api := range apis {
		if err := opts.Acquirer.CacheSpec(current[api.Name]); err != nil && opts.Acquirer.Logf != nil {
			opts.Acquirer.Logf("%s: not caching the spec: %v", api.Name, err)
		}
	}
	return res, nil
}

// updateAll regenerates apis from the current specs and commits the lock
// and the changelog, restoring everything if a step fails.
func updateAll(ctx context.Context, opts UpdateOptions, report *Report, current map[string]*gen.Spec,
	apis []gen.API, lockPath string, lockData []byte, newLock *gen.Lock, date string, res *UpdateResult) (err error) {
	// The exact bytes checked are the ones generated from: a temporary
	// mirror holds them, and the new lock pins them.
	mirror, err := os.MkdirTemp("", "altegio-regen-update-")
	if err != nil {
		return err
	}
	defer os.RemoveAll(mirror)
	for _, api := range apis {
		if err := os.WriteFile(filepath.Join(mirror, api.SpecFile()), current[api.Name].Data, 0o644); err != nil {
			return err
		}
	}
	acq := &gen.Acquirer{Lock: newLock, Mirror: mirror, NoCache: true, MaxBytes: opts.Acquirer.MaxBytes}

	changelogPath := filepath.Join(opts.ModuleDir, ChangelogFile)
	oldChangelog, err := os.ReadFile(changelogPath)
	hadChangelog := err == nil
	if err != nil && !errors.Is(err, fs.ErrNotExist) {
		return err
	}

	// Snapshot what Run will replace.
	var backups []*dirBackup
	defer func() {
		if err == nil {
			for _, bk := range backups {
				bk.discard()
			}
			return
		}
		for _, bk := range backups {
			if rerr := bk.restore(); rerr != nil {
				err = fmt.Errorf("%w (and restoring %s failed: %v; its old content is in %s)", err, bk.dir, rerr, bk.backup)
			}
		}
		if werr := gen.WriteFileAtomic(lockPath, lockData); werr != nil {
			err = fmt.Errorf("%w (and restoring %s failed: %v)", err, gen.LockPath, werr)
		}
		if hadChangelog {
			if werr := gen.WriteFileAtomic(changelogPath, oldChangelog); werr != nil {
				err = fmt.Errorf("%w (and restoring %s failed: %v)", err, ChangelogFile, werr)
			}
		} else if rerr := os.Remove(changelogPath); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			err = fmt.Errorf("%w (and removing %s failed: %v)", err, ChangelogFile, rerr)
		}
	}()
	for _, api := range apis {
		// gen.Run writes the client, altegiotest's operation table and
		// the MCP server's tool catalog.
		for _, out := range []string{api.OutputDir(), api.FakeDir(), api.ToolCatalogDir()} {
			bk, err := backupDir(filepath.Join(opts.ModuleDir, out))
			if err != nil {
				return err
			}
			backups = append(backups, bk)
		}
	}

	if err := gen.Run(ctx, gen.Options{ModuleDir: opts.ModuleDir, APIs: apis, Acquirer: acq, Progress: opts.Progress}); err != nil {
		return err
	}

	start := time.Now()
	for _, api := range apis {
		if err := checkGolden(ctx, opts.ModuleDir, api, acq); err != nil {
			return err
		}
		if err := checkCoverage(opts.ModuleDir, api, current[api.Name].Data); err != nil {
			return err
		}
	}
	step(opts.Progress, "all", "checks", start, "golden and coverage of "+strings.Join(apiNames(apis), ", "))

	start = time.Now()
	if err := gen.WriteFileAtomic(lockPath, newLock.Marshal()); err != nil {
		return err
	}
	if opts.beforeCommit != nil {
		if err := opts.beforeCommit(); err != nil {
			return err
		}
	}
	res.Changelog = changelogEntry(report, date)
	if err := gen.WriteFileAtomic(changelogPath, prependChangelog(oldChangelog, res.Changelog)); err != nil {
		return err
	}
	step(opts.Progress, "all", "commit", start, fmt.Sprintf("%s and %s", gen.LockPath, ChangelogFile))
	return nil
}

// checkGolden builds api again and requires the output directory, and the
// directories of its altegiotest table and its MCP tool catalog, to hold
// exactly the result.
func checkGolden(ctx context.Context, moduleDir string, api gen.API, acq *gen.Acquirer) error {
	b, err := gen.BuildAPI(ctx, api, acq, nil)
	if err != nil {
		return fmt.Errorf("golden check: %w", err)
	}
	dir := filepath.Join(moduleDir, api.OutputDir())
	same, err := gen.DirHolds(dir, b.Files)
	if err != nil {
		return fmt.Errorf("golden check: %w", err)
	}
	if !same {
		return fmt.Errorf("golden check: %s differs from a second generation from the same spec", api.OutputDir())
	}
	if same, err = gen.DirHolds(filepath.Join(moduleDir, api.FakeDir()), map[string][]byte{gen.FakeFile: b.Fake}); err != nil {
		return fmt.Errorf("golden check: %w", err)
	}
	if !same {
		return fmt.Errorf("golden check: %s differs from a second generation from the same spec", api.FakeDir())
	}
	if same, err = gen.DirHolds(filepath.Join(moduleDir, api.ToolCatalogDir()), map[string][]byte{gen.ToolCatalogFile: b.ToolCatalog}); err != nil {
		return fmt.Errorf("golden check: %w", err)
	}
	if !same {
		return fmt.Errorf("golden check: %s differs from a second generation from the same spec", api.ToolCatalogDir())
	}
	return nil
}

// checkCoverage requires a service method in the written package for
// every operation of the spec, read straight from its YAML so that nothing
// the pipeline does can hide one.
func checkCoverage(moduleDir string, api gen.API, spec []byte) error {
	var doc struct {
		Paths map[string]map[string]yaml.Node `yaml:"paths"`
	}
	if err := yaml.Unmarshal(spec, &doc); err != nil {
		return fmt.Errorf("coverage check: %s: %v", api.SpecFile(), err)
	}
	methods, err := gen.OperationMethodsInDir(filepath.Join(moduleDir, api.OutputDir()))
	if err != nil {
		return fmt.Errorf("coverage check: %w", err)
	}
	var missing []string
	n := 0
	for _, path := range slices.Sorted(maps.Keys(doc.Paths)) {
		item := doc.Paths[path]
		for _, method := range slices.Sorted(maps.Keys(item)) {
			switch method {
			case "get", "put", "post", "delete", "options", "head", "patch", "trace":
			default:
				continue
			}
			var op struct {
				OperationID string `yaml:"operationId"`
			}
			node := item[method]
			if err := node.Decode(&op); err != nil {
				return fmt.Errorf("coverage check: %s %s: %v", method, path, err)
			}
			n++
			if _, ok := methods[op.OperationID]; !ok || op.OperationID == "" {
				missing = append(missing, fmt.Sprintf("%s %s (%s): no service method calls it", strings.ToUpper(method), path, op.OperationID))
			}
		}
	}
	if len(missing) > 0 {
		return fmt.Errorf("coverage check: %d of %d operations of %s have no method: %s", len(missing), n, api.Name, strings.Join(missing, "; "))
	}
	return nil
}

// changelogEntry renders the changes of report as a CHANGELOG.md entry.
func changelogEntry(report *Report, date string) string {
	var b strings.Builder
	fmt.Fprintf(&b, "## %s\n\n", date)
	for _, a := range report.APIs {
		if !a.Status.Drifted() {
			continue
		}
		fmt.Fprintf(&b, "### %s: %s\n\n", a.API, escapeMarkdown(a.Summary()))
		fmt.Fprintf(&b, "Spec sha256 `%s` → `%s` (%d → %d bytes).\n\n", short(a.Locked.SHA256), short(a.Current.SHA256), a.Locked.Size, a.Current.Size)
		// The short hashes above name the specs; the full ones are in the
		// lock and the generated files' headers.
		a.markdownBody(&b, "####", false)
	}
	return strings.TrimRight(b.String(), "\n") + "\n"
}

// prependChangelog puts entry at the top of the changelog old, below its
// title and introduction (everything before the first "## " heading).
func prependChangelog(old []byte, entry string) []byte {
	if len(bytes.TrimSpace(old)) == 0 {
		return []byte(changelogTitle + "\n" + entry)
	}
	s := string(old)
	if strings.HasPrefix(s, "## ") {
		return []byte(entry + "\n" + s)
	}
	i := strings.Index(s, "\n## ")
	if i < 0 {
		return []byte(strings.TrimRight(s, "\n") + "\n\n" + entry)
	}
	return []byte(s[:i+1] + entry + "\n" + s[i+1:])
}

// step prints a progress line in gen's format.
func step(p *gen.Progress, scope, name string, start time.Time, detail string) {
	if p == nil || p.W == nil {
		return
	}
	d := time.Since(start).Round(time.Millisecond)
	fmt.Fprintf(p.W, "%-7s %-8s %7s  %s\n", scope, name, d, detail)
}

func apiNames(apis []gen.API) []string {
	names := make([]string, len(apis))
	for i, a := range apis {
		names[i] = a.Name
	}
	return names
}

// dirBackup is a copy of a directory, beside it, to restore it from.
type dirBackup struct {
	dir, backup string
	existed     bool
}

// backupDir copies the regular files of dir (flat, as generated
// directories are) into a new directory beside it.
func backupDir(dir string) (*dirBackup, error) {
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return &dirBackup{dir: dir}, nil
	}
	if err != nil {
		return nil, err
	}
	parent, base := filepath.Split(filepath.Clean(dir))
	backup, err := os.MkdirTemp(parent, "."+base+".regen-old-update-")
	if err != nil {
		return nil, err
	}
	bk := &dirBackup{dir: dir, backup: backup, existed: true}
	for _, e := range entries {
		if !e.Type().IsRegular() {
			bk.discard()
			return nil, fmt.Errorf("%s: %s is not a regular file", dir, e.Name())
		}
		data, err := os.ReadFile(filepath.Join(dir, e.Name()))
		if err == nil {
			err = os.WriteFile(filepath.Join(backup, e.Name()), data, 0o644)
		}
		if err != nil {
			bk.discard()
			return nil, err
		}
	}
	return bk, nil
}

// restore puts the backed-up directory back in place of dir.
func (bk *dirBackup) restore() error {
	if !bk.existed {
		return os.RemoveAll(bk.dir)
	}
	if err := os.RemoveAll(bk.dir); err != nil {
		return err
	}
	if err := os.Chmod(bk.backup, 0o755); err != nil {
		return err
	}
	if err := os.Rename(bk.backup, bk.dir); err != nil {
		return err
	}
	bk.backup = ""
	return nil
}

func (bk *dirBackup) discard() {
	if bk.backup != "" {
		os.RemoveAll(bk.backup)
	}
}
