package gen

import (
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"fmt"
	"io/fs"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"time"
)

// MirrorEnv is the environment variable NewAcquirer takes the mirror from.
const MirrorEnv = "ALTEGIO_SPEC_MIRROR"

// Defaults for the zero fields of an Acquirer.
const (
	DefaultTimeout          = 60 * time.Second
	DefaultTotalTimeout     = 90 * time.Second
	DefaultProgressInterval = 10 * time.Second
	DefaultMaxBytes         = 32 << 20
	DefaultAttempts         = 3
	DefaultBackoff          = 500 * time.Millisecond
)

// Spec is an API's spec as acquired, verified against the lock.
type Spec struct {
	API API
	// Data is the spec's bytes.
	Data []byte
	// SHA256 is the lowercase hex sha256 of Data, equal to the lock's.
	SHA256 string
	// Source says where Data came from, such as
	// "mirror /src/shared/b2b-v1.openapi.yaml", "cache /home/x/.cache/..."
	// or "upstream https://...".
	Source string
}

// Acquirer gets specs from, in order, a mirror, a local cache and the
// upstream URL in the lock, and checks each against the lock's sha256. Zero
// fields take the documented defaults; NewAcquirer sets Mirror and CacheDir
// from the environment.
type Acquirer struct {
	// Lock pins the specs. Required.
	Lock *Lock
	// Mirror is a directory, relative to the working directory or absolute,
	// or an http(s) base URL, that holds specs named API.SpecFile. Empty
	// means no mirror.
	Mirror string
	// CacheDir holds specs named <api>-<sha256>.openapi.yaml. Empty means
	// no cache.
	CacheDir string
	// NoCache disables reading and writing the cache.
	NoCache bool
	// HTTPClient makes the requests; nil means http.DefaultClient.
	HTTPClient *http.Client
	// Timeout bounds each attempt of a request, body included; 0 means
	// DefaultTimeout.
	Timeout time.Duration
	// MaxBytes bounds the size of a spec; 0 means DefaultMaxBytes.
	MaxBytes int64
	// Attempts is how many times a request is tried; 0 means
	// DefaultAttempts.
	Attempts int
	// Backoff is the wait before the first retry, doubled before each
	// further one; 0 means DefaultBackoff.
	Backoff time.Duration
	// Sleep waits between attempts; nil means a timer that ctx can cut
	// short. Tests replace it to avoid real delays.
	Sleep func(ctx context.Context, d time.Duration) error
	// TotalTimeout bounds a whole fetch, every attempt and wait included;
	// 0 means DefaultTotalTimeout.
	TotalTimeout time.Duration
	// ProgressInterval is how often a fetch still under way says so
	// through Logf; 0 means DefaultProgressInterval.
	ProgressInterval time.Duration
	// Guard, if not nil, checks every spec that matches the lock before
	// Acquire returns it or writes it to the cache: an error refuses the
	// spec, and nothing is cached. RemovalGuard makes the one regen uses.
	Guard func(spec *Spec) error
	// CacheLater, if not nil, receives each spec Acquire would write to
	// the cache, instead of the cache: the caller writes it with CacheSpec
	// once the spec has proved good (regen: once the generated code
	// compiled), so that a spec that fails is never cached.
	CacheLater func(spec *Spec)
	// Logf, if not nil, is told about problems that do not stop
	// acquisition, such as failing to write the cache, and about a fetch
	// that is taking long.
	Logf func(format string, args ...any)
}

// NewAcquirer returns an Acquirer for lock whose mirror is $ALTEGIO_SPEC_MIRROR
// and whose cache is altegio-go/specs in the user's cache directory (no
// cache if there is none).
func NewAcquirer(lock *Lock) *Acquirer {
	a := &Acquirer{Lock: lock, Mirror: os.Getenv(MirrorEnv)}
	if dir, err := os.UserCacheDir(); err == nil {
		a.CacheDir = filepath.Join(dir, "altegio-go", "specs")
	}
	return a
}

// ChecksumError reports a spec whose sha256 differs from the lock's.
type ChecksumError struct {
	API      string // such as "b2b-v1"
	Source   string // such as "mirror /x/b2b-v1.openapi.yaml"
	Want     string // the lock's sha256
	Got      string // the spec's sha256
	WantSize int64  // the lock's size in bytes
	GotSize  int64  // the spec's size in bytes
}

// Error gives both hashes and both sizes on one line, and asks whether the
// spec was truncated when it is shorter than the locked one.
func (e *ChecksumError) Error() string {
	truncated := ""
	if e.GotSize < e.WantSize {
		truncated = fmt.Sprintf("; it is %d bytes shorter than the locked spec (truncated?)", e.WantSize-e.GotSize)
	}
	return fmt.Sprintf("%s: spec from %s has sha256 %s (%d bytes), but %s pins %s (%d bytes)%s; "+
		"if the new spec is intended, update the %s entry of %s (sha256, size, retrieved) and regenerate",
		e.API, e.Source, e.Got, e.GotSize, LockPath, e.Want, e.WantSize, truncated, e.API, LockPath)
}

// UnavailableError reports that no source had an API's spec. It unwraps to
// the failure of each source tried.
type UnavailableError struct {
	API    string // such as "b2b-v1"
	File   string // such as "b2b-v1.openapi.yaml"
	URL    string // the upstream URL in the lock
	Mirror string // the mirror tried, or "" if none
	// Failures holds one error per source tried, in order, each naming its
	// source.
	Failures []error
}

func (e *UnavailableError) Error() string {
	msgs := make([]string, len(e.Failures))
	for i, err := range e.Failures {
		msgs[i] = err.Error()
	}
	// The hint must make sense wherever regen runs, a downstream module
	// included: it names the file and where a copy comes from, not a
	// directory of this repository.
	hint := fmt.Sprintf("to work offline, save %s as %s in a directory and set %s to that directory "+
		"(absolute, e.g. %s=$HOME/altegio-specs) or to an http(s) URL serving it", e.URL, e.File, MirrorEnv, MirrorEnv)
	if e.Mirror != "" {
		hint = fmt.Sprintf("check that the mirror %q holds %s (a copy of %s)", e.Mirror, e.File, e.URL)
	}
	return fmt.Sprintf("%s: could not get the spec from any source (tried %s); %s",
		e.API, strings.Join(msgs, "; "), hint)
}

func (e *UnavailableError) Unwrap() []error { return e.Failures }

// Acquire returns api's spec from the first source that has it: the mirror,
// the cache, then the upstream URL in the lock. A source without the file
// is skipped; any other failure of the mirror, or a spec from the mirror or
// upstream whose sha256 differs from the lock (*ChecksumError), is an
// error. A corrupt cache file is removed and skipped. A spec from any
// source must then pass a.Guard, if set; one read from the mirror or
// upstream is written to the cache only after that, and failing to write
// it is not an error. If no source has the spec, the error is an
// *UnavailableError.
func (a *Acquirer) Acquire(ctx context.Context, api API) (*Spec, error) {
	entry, err := a.Lock.Entry(api.Name)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	var failures []error

	if a.Mirror != "" {
		spec, err := a.fromMirror(ctx, api, entry)
		if err == nil {
			return a.accept(spec)
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, withAPI(api, err)
		}
		failures = append(failures, err)
	}

	if a.cacheDir() == "" {
		failures = append(failures, errors.New("cache (disabled)"))
	} else {
		spec, err := a.fromCache(api, entry)
		if err == nil {
			if err := a.guard(spec); err != nil {
				return nil, err
			}
			return spec, nil
		}
		failures = append(failures, err)
	}

	spec, err := a.fromUpstream(ctx, api, entry)
	if err == nil {
		return a.accept(spec)
	}
	if _, ok := errors.AsType[*ChecksumError](err); ok {
		return nil, err
	}
	failures = append(failures, err)
	return nil, &UnavailableError{API: api.Name, File: api.SpecFile(), URL: entry.URL, Mirror: a.Mirror, Failures: failures}
}

// accept passes spec, read from the mirror or upstream, through the Guard
// and only then writes it to the cache.
func (a *Acquirer) accept(spec *Spec) (*Spec, error) {
	if err := a.guard(spec); err != nil {
		return nil, err
	}
	if a.CacheLater != nil && a.cacheDir() != "" {
		a.CacheLater(spec)
	} else {
		a.store(spec)
	}
	return spec, nil
}

func (a *Acquirer) guard(spec *Spec) error {
	if a.Guard == nil {
		return nil
	}
	return a.Guard(spec)
}

// withAPI prefixes err with api's name, unless it is a *ChecksumError,
// which names the API itself.
func withAPI(api API, err error) error {
	if _, ok := err.(*ChecksumError); ok {
		return err
	}
	return fmt.Errorf("%s: %w", api.Name, err)
}

// fromMirror reads api's spec from a.Mirror.
func (a *Acquirer) fromMirror(ctx context.Context, api API, entry LockEntry) (*Spec, error) {
	loc, isURL, err := mirrorLocation(a.Mirror, api.SpecFile())
	if err != nil {
		return nil, fmt.Errorf("mirror %q: %w", a.Mirror, err)
	}
	source := "mirror " + loc
	if isURL {
		res, err := a.Fetch(ctx, loc, "")
		if err != nil {
			return nil, fmt.Errorf("mirror: %w", err)
		}
		return verify(api, entry, source, res.Data)
	}
	data, err := readFileCapped(loc, a.maxBytes())
	if err == nil {
		err = CheckOpenAPIDocument(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return verify(api, entry, source, data)
}

// mirrorLocation returns where file is in mirror: a URL if mirror is an
// http(s) URL, else an absolute path.
func mirrorLocation(mirror, file string) (loc string, isURL bool, err error) {
	if scheme, _, ok := strings.Cut(mirror, "://"); ok {
		if s := strings.ToLower(scheme); s != "http" && s != "https" {
			return "", false, fmt.Errorf("unsupported scheme %q (want a directory or an http(s) URL)", scheme)
		}
		loc, err := url.JoinPath(mirror, file)
		return loc, true, err
	}
	loc, err = filepath.Abs(filepath.Join(mirror, file))
	return loc, false, err
}

// fromCache reads api's spec from the cache, removing the file if its
// sha256 is not the lock's.
func (a *Acquirer) fromCache(api API, entry LockEntry) (*Spec, error) {
	path := a.cachePath(api, entry.SHA256)
	source := "cache " + path
	data, err := readFileCapped(path, a.maxBytes())
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	spec, err := verify(api, entry, source, data)
	if err != nil {
		if rerr := os.Remove(path); rerr != nil && !errors.Is(rerr, fs.ErrNotExist) {
			a.logf("%s: removing corrupt cache file: %v", api.Name, rerr)
		}
		return nil, fmt.Errorf("%s: corrupt (sha256 %s), removed", source, sha256Hex(data))
	}
	return spec, nil
}

// fromUpstream fetches api's spec from the URL in the lock.
func (a *Acquirer) fromUpstream(ctx context.Context, api API, entry LockEntry) (*Spec, error) {
	res, err := a.Fetch(ctx, entry.URL, "")
	if err != nil {
		return nil, fmt.Errorf("upstream: %w", err)
	}
	return verify(api, entry, "upstream "+entry.URL, res.Data)
}

// verify returns data as api's spec if its sha256 is the one entry pins.
func verify(api API, entry LockEntry, source string, data []byte) (*Spec, error) {
	got := sha256Hex(data)
	if got != entry.SHA256 {
		return nil, &ChecksumError{API: api.Name, Source: source, Want: entry.SHA256, Got: got, WantSize: entry.Size, GotSize: int64(len(data))}
	}
	return &Spec{API: api, Data: data, SHA256: got, Source: source}, nil
}

// store writes spec to the cache, if there is one, logging any failure.
func (a *Acquirer) store(spec *Spec) {
	if a.cacheDir() == "" {
		return
	}
	path := a.cachePath(spec.API, spec.SHA256)
	if err := writeFileAtomic(path, spec.Data); err != nil {
		a.logf("%s: not caching the spec: %v", spec.API.Name, err)
	}
}

// cachePath is the cache file of api's spec with the given sha256.
func (a *Acquirer) cachePath(api API, sum string) string {
	return filepath.Join(a.CacheDir, api.Name+"-"+sum+".openapi.yaml")
}

// writeFileAtomic writes data to path through a temporary file in the same
// directory, so that path never holds partial data. It creates the
// directory if needed and removes the temporary file on failure.
func writeFileAtomic(path string, data []byte) (err error) {
	dir := filepath.Dir(path)
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	f, err := os.CreateTemp(dir, "."+filepath.Base(path)+".tmp-*")
	if err != nil {
		return err
	}
	defer func() {
		if err != nil {
			_ = f.Close()
			_ = os.Remove(f.Name())
		}
	}()
	if _, err := f.Write(data); err != nil {
		return err
	}
	if err := f.Sync(); err != nil {
		return err
	}
	if err := f.Close(); err != nil {
		return err
	}
	return os.Rename(f.Name(), path)
}

// readFileCapped reads the file at path, failing if it is longer than
// limit. Errors do not repeat the path.
func readFileCapped(path string, limit int64) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, unwrapPathError(err)
	}
	defer f.Close()
	data, err := readCapped(f, limit)
	if err != nil {
		if tl, ok := errors.AsType[*tooLargeError](err); ok {
			return nil, &tooLargeError{limit: tl.limit, what: "file"}
		}
		return nil, unwrapPathError(err)
	}
	return data, nil
}

// unwrapPathError strips an *fs.PathError, whose message repeats the path.
func unwrapPathError(err error) error {
	if pe, ok := errors.AsType[*fs.PathError](err); ok {
		return pe.Err
	}
	return err
}

// sha256Hex returns the lowercase hex sha256 of data.
func sha256Hex(data []byte) string {
	sum := sha256.Sum256(data)
	return hex.EncodeToString(sum[:])
}

func (a *Acquirer) cacheDir() string {
	if a.NoCache {
		return ""
	}
	return a.CacheDir
}

func (a *Acquirer) client() *http.Client {
	if a.HTTPClient != nil {
		return a.HTTPClient
	}
	return http.DefaultClient
}

func (a *Acquirer) totalTimeout() time.Duration {
	if a.TotalTimeout > 0 {
		return a.TotalTimeout
	}
	return DefaultTotalTimeout
}

func (a *Acquirer) progressInterval() time.Duration {
	if a.ProgressInterval > 0 {
		return a.ProgressInterval
	}
	return DefaultProgressInterval
}

func (a *Acquirer) timeout() time.Duration {
	if a.Timeout > 0 {
		return a.Timeout
	}
	return DefaultTimeout
}

func (a *Acquirer) maxBytes() int64 {
	if a.MaxBytes > 0 {
		return a.MaxBytes
	}
	return DefaultMaxBytes
}

func (a *Acquirer) attempts() int {
	if a.Attempts > 0 {
		return a.Attempts
	}
	return DefaultAttempts
}

func (a *Acquirer) backoff() time.Duration {
	if a.Backoff > 0 {
		return a.Backoff
	}
	return DefaultBackoff
}

func (a *Acquirer) sleep(ctx context.Context, d time.Duration) error {
	if a.Sleep != nil {
		return a.Sleep(ctx, d)
	}
	return sleepContext(ctx, d)
}

func (a *Acquirer) logf(format string, args ...any) {
	if a.Logf != nil {
		a.Logf(format, args...)
	}
}

// sleepContext waits for d, or until ctx is done.
func sleepContext(ctx context.Context, d time.Duration) error {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
		return nil
	}
}
