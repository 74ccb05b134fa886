// Package drift compares the Altegio specs upstream (or in a mirror) with
// the ones openapi/lock.json pins, and classifies every difference by what
// it does to users of the generated Go clients. It backs `regen -check`
// and `regen -update`.
//
// The diff engine is oasdiff (github.com/oasdiff/oasdiff): its diff of the
// two documents and its backward-compatibility rules find the changes.
// Both documents are first patched with regen's overlay and transforms, so
// that an upstream fix that a transform already made is not reported, and
// a change a transform hides (such as a new Authorization header
// parameter) does not count. They are not completed from their examples
// (gen.Complete) before the diff: a drift check must see the published
// spec's changes as published, and completion would put back, say, an
// enum value upstream removed while an example still uses it. What
// completion changes about the result is reported apart
// (APIReport.Completion).
//
// # Classification
//
// A change is breaking when code that uses the generated client can stop
// compiling, or calls that worked can start failing, after regenerating:
//
//   - a removed operation (its method disappears);
//   - a changed operationId (its method is renamed);
//   - a removed or renamed parameter, a new required parameter, request
//     body or request property;
//   - a type change of a parameter, a request or response property or a
//     body (the Go type changes);
//   - a removed enum value, in a request or a response (its Go constant
//     disappears);
//   - a removed response property (its struct field disappears);
//   - a removed media type or success status (a typed body or a JSONnnn
//     field disappears);
//   - anything else oasdiff rates as an error (for example a tighter
//     request constraint the server now enforces), except rules about
//     deprecation, sunset and stability policy, and looser constraints on
//     responses, which do not affect a client.
//
// Everything else (added operations, optional parameters and response
// properties, new enum values, deprecations, ...) is non-breaking. A
// renamed path parameter is non-breaking: it is a positional argument of
// the Go method, whose name alone changes. An operation that moved to a
// new path under the same operationId keeps its method, and is reported as
// moved rather than removed and added.
//
// A spec whose bytes changed but whose API did not (descriptions,
// summaries, titles or examples only) is drift all the same, since the
// lock pins bytes, and is reported as "documentation only".
package drift

import (
	"context"
	"errors"
	"fmt"
	"io/fs"

	"github.com/altegio-go/altegio/gen"
)

// Exit codes of `regen -check`.
const (
	ExitNoDrift = 0
	ExitDrift   = 1
	ExitError   = 2
)

// Status is the outcome of checking one API.
type Status string

const (
	// StatusUnchanged: the current spec is the locked one, byte for byte.
	StatusUnchanged Status = "unchanged"
	// StatusDocsOnly: the bytes changed, but only descriptions, summaries,
	// titles or examples did.
	StatusDocsOnly Status = "documentation-only"
	// StatusChanged: the API changed; see the lists of changes.
	StatusChanged Status = "changed"
	// StatusUnknown: the bytes changed, but the locked spec is not at hand
	// (not in the cache or the mirror), so what changed is unknown.
	StatusUnknown Status = "changed-diff-unavailable"
	// StatusError: the check failed, for example because the current spec
	// could not be fetched or is not a valid document.
	StatusError Status = "error"
)

// Drifted reports whether s means the current spec is not the locked one.
func (s Status) Drifted() bool {
	return s == StatusDocsOnly || s == StatusChanged || s == StatusUnknown
}

// Change kinds: what part of an operation a change is in.
const (
	KindOperation   = "operation"
	KindParameter   = "parameter"
	KindRequestBody = "request-body"
	KindResponse    = "response"
	KindOther       = "other"
)

// Report is the result of a check of every API.
type Report struct {
	// Drift reports whether any API's current spec differs from the lock.
	Drift bool `json:"drift"`
	// ExitCode is the exit status of `regen -check` for this report.
	ExitCode int          `json:"exit_code"`
	APIs     []*APIReport `json:"apis"`
}

// APIReport is the result of checking one API.
type APIReport struct {
	API    string `json:"api"`
	Status Status `json:"status"`
	// Locked is the spec the lock pins.
	Locked SpecInfo `json:"locked"`
	// Current is the spec the source serves now; nil if it could not be
	// read.
	Current *SpecInfo `json:"current,omitempty"`
	// Error says why the check failed (StatusError).
	Error string `json:"error,omitempty"`
	// Notes qualify the result: why the diff is unavailable, or that regen
	// cannot use the current spec as it is.
	Notes       []string `json:"notes,omitempty"`
	Breaking    int      `json:"breaking"`
	NonBreaking int      `json:"non_breaking"`
	// Added and Removed are the operations only in the current spec and
	// only in the locked one.
	Added   []Operation `json:"added"`
	Removed []Operation `json:"removed"`
	// Changed are the operations in both (or moved) that changed.
	Changed []OperationChanges `json:"changed"`
	// Other are changes not tied to one operation.
	Other []Change `json:"other"`
	// Completion lists what gen.Complete, which regen runs on a spec
	// before generating, adds to the current spec and did not add to the
	// locked one: what its examples show but its schemas do not declare.
	// The changes above compare the specs as published; an entry here can
	// put back, in the generated client, something they report removed
	// (an enum value upstream dropped but an example still sends).
	Completion []string `json:"completion,omitempty"`
}

// SpecInfo identifies a spec.
type SpecInfo struct {
	SHA256    string `json:"sha256"`
	Size      int64  `json:"size"`
	Retrieved string `json:"retrieved,omitempty"` // the lock's date, for the locked spec
	Source    string `json:"source,omitempty"`    // where the current spec came from
}

// Operation is an operation and the Go method generated for it.
type Operation struct {
	Method      string `json:"method"`
	Path        string `json:"path"`
	OperationID string `json:"operation_id"`
	GoMethod    string `json:"go_method"`
	Breaking    bool   `json:"breaking"`
}

// OperationChanges are the changes of one operation present in both specs.
type OperationChanges struct {
	Operation
	// MovedFrom is the operation's path in the locked spec, when it moved.
	MovedFrom string   `json:"moved_from,omitempty"`
	Changes   []Change `json:"changes"`
}

// Change is one classified change.
type Change struct {
	Kind     string `json:"kind"`
	Breaking bool   `json:"breaking"`
	// Rule names the kind of change: an oasdiff rule id, or one of ours
	// (operation-moved, path-parameter-renamed).
	Rule string `json:"rule"`
	Text string `json:"text"`
}

// Options configures Check and Update.
type Options struct {
	// APIs are the APIs to check; empty means all of them.
	APIs []gen.API
	// Acquirer reads the specs: its Lock is what the current specs are
	// compared with, its Mirror and upstream URLs serve the current specs,
	// and its cache (and, with FromUpstream, its mirror) the locked ones.
	Acquirer *gen.Acquirer
	// Source says where the current specs come from.
	Source gen.CurrentSource
}

func (o Options) apis() []gen.API {
	if len(o.APIs) == 0 {
		return gen.APIs
	}
	return o.APIs
}

// Check compares the current spec of each API with the locked one. It does
// not fail: an API that could not be checked has StatusError, and the
// report's ExitCode is then ExitError.
func Check(ctx context.Context, opts Options) *Report {
	r, _ := check(ctx, opts)
	return r
}

// check is Check, also returning the current specs it read, by API name.
func check(ctx context.Context, opts Options) (*Report, map[string]*gen.Spec) {
	r := &Report{}
	current := map[string]*gen.Spec{}
	for _, api := range opts.apis() {
		ar, spec := checkAPI(ctx, opts, api)
		r.APIs = append(r.APIs, ar)
		if spec != nil {
			current[api.Name] = spec
		}
	}
	r.finish()
	return r, current
}

// finish sets the report's totals from its APIs.
func (r *Report) finish() {
	r.Drift, r.ExitCode = false, ExitNoDrift
	for _, a := range r.APIs {
		if a.Status.Drifted() {
			r.Drift = true
		}
	}
	if r.Drift {
		r.ExitCode = ExitDrift
	}
	for _, a := range r.APIs {
		if a.Status == StatusError {
			r.ExitCode = ExitError
		}
	}
}

func checkAPI(ctx context.Context, opts Options, api gen.API) (*APIReport, *gen.Spec) {
	acq := opts.Acquirer
	ar := &APIReport{API: api.Name, Added: []Operation{}, Removed: []Operation{}, Changed: []OperationChanges{}, Other: []Change{}}
	entry, err := acq.Lock.Entry(api.Name)
	if err != nil {
		ar.Status, ar.Error = StatusError, err.Error()
		return ar, nil
	}
	ar.Locked = SpecInfo{SHA256: entry.SHA256, Size: entry.Size, Retrieved: entry.Retrieved}
	cur, err := acq.Current(ctx, api, opts.Source)
	if err != nil {
		ar.Status, ar.Error = StatusError, err.Error()
		return ar, nil
	}
	ar.Current = &SpecInfo{SHA256: cur.SHA256, Size: int64(len(cur.Data)), Source: cur.Source}
	if cur.SHA256 == entry.SHA256 {
		ar.Status = StatusUnchanged
		// Keep the locked spec at hand for the diff of a later drift.
		_ = acq.CacheSpec(cur)
		return ar, cur
	}

	useMirror := opts.Source == gen.FromUpstream
	locked, err := acq.Locked(ctx, api, useMirror)
	if err != nil {
		if !errors.Is(err, fs.ErrNotExist) {
			ar.Status, ar.Error = StatusError, err.Error()
			return ar, cur
		}
		// Still make sure the current spec is a usable document.
		if _, lerr := gen.LoadDocument(cur.Data, api.SpecFile()); lerr != nil {
			ar.Status, ar.Error = StatusError, lerr.Error()
			return ar, cur
		}
		ar.Status = StatusUnknown
		ar.Notes = append(ar.Notes, fmt.Sprintf("The operation-level diff is unavailable: %v. "+
			"Prime the cache by running regen (or this check) while the source still serves the locked spec, "+
			"or point %s at a copy of the locked spec and pass -upstream.", err, gen.MirrorEnv))
		return ar, cur
	}
	c, err := compare(api, locked.Data, cur.Data)
	if err != nil {
		ar.Status, ar.Error = StatusError, err.Error()
		return ar, cur
	}
	c.fill(ar)
	return ar, cur
}
