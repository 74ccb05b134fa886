package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io/fs"
	"os"
	"path/filepath"
	"strings"
)

// This file holds what spec drift detection (`regen -check`, `regen
// -update`) needs from acquisition: the spec a source serves now, whatever
// its sha256, and the locked spec from wherever a verified copy is kept.

// CurrentSource says where Acquirer.Current reads a spec from.
type CurrentSource int

const (
	// FromMirrorOrUpstream reads the mirror if one is set and holds the
	// spec, else the upstream URL in the lock: the order regen uses, minus
	// the cache.
	FromMirrorOrUpstream CurrentSource = iota
	// FromUpstream reads the upstream URL in the lock even if a mirror is
	// set; the mirror can then still serve the locked specs (see Locked).
	FromUpstream
)

// Current returns api's spec as its source serves it now, whatever its
// sha256: from the mirror (if src allows it and the mirror has the file),
// else from the upstream URL in the lock. Unlike Acquire it does not take
// a spec from the cache instead of asking the source, and does not compare
// the spec with the lock; the caller does. The document must still look like OpenAPI 3
// (CheckOpenAPIDocument), be no larger than a.MaxBytes and arrive within
// a.Timeout per attempt, with the retries of Fetch.
//
// Over HTTP it remembers the ETag of what it fetched, with the spec, in
// the cache (when there is one); the next call sends it as If-None-Match,
// and a 304 answer is served from the cache without a download. Cache
// files are written atomically: a failed or cut-off fetch leaves none.
func (a *Acquirer) Current(ctx context.Context, api API, src CurrentSource) (*Spec, error) {
	entry, err := a.Lock.Entry(api.Name)
	if err != nil {
		return nil, err
	}
	if err := ctx.Err(); err != nil {
		return nil, fmt.Errorf("%s: %w", api.Name, err)
	}
	if a.Mirror != "" && src == FromMirrorOrUpstream {
		loc, isURL, err := mirrorLocation(a.Mirror, api.SpecFile())
		if err != nil {
			return nil, fmt.Errorf("%s: mirror %q: %w", api.Name, a.Mirror, err)
		}
		var spec *Spec
		if isURL {
			spec, err = a.currentURL(ctx, api, loc, "mirror")
		} else {
			spec, err = currentFile(api, loc, a.maxBytes())
		}
		if err == nil {
			return spec, nil
		}
		if !errors.Is(err, fs.ErrNotExist) {
			return nil, withAPI(api, err)
		}
		a.logf("%s: %v; trying upstream", api.Name, err)
	}
	spec, err := a.currentURL(ctx, api, entry.URL, "upstream")
	if err != nil {
		return nil, withAPI(api, err)
	}
	return spec, nil
}

// currentFile reads api's spec from the file at path.
func currentFile(api API, path string, limit int64) (*Spec, error) {
	source := "mirror " + path
	data, err := readFileCapped(path, limit)
	if err == nil {
		err = CheckOpenAPIDocument(data)
	}
	if err != nil {
		return nil, fmt.Errorf("%s: %w", source, err)
	}
	return &Spec{API: api, Data: data, SHA256: sha256Hex(data), Source: source}, nil
}

// currentURL fetches api's spec from rawURL, conditionally if the cache
// remembers an ETag for it. kind ("mirror" or "upstream") starts Source.
func (a *Acquirer) currentURL(ctx context.Context, api API, rawURL, kind string) (*Spec, error) {
	var cached *Spec
	etag := ""
	if meta, ok := a.readETag(api); ok && meta.URL == rawURL {
		if data, err := readFileCapped(a.cachePath(api, meta.SHA256), a.maxBytes()); err == nil && sha256Hex(data) == meta.SHA256 {
			cached = &Spec{API: api, Data: data, SHA256: meta.SHA256}
			etag = meta.ETag
		}
	}
	res, err := a.Fetch(ctx, rawURL, etag)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", kind, err)
	}
	if res.NotModified {
		cached.Source = fmt.Sprintf("%s %s (304 Not Modified for ETag %s; cached copy %s)", kind, rawURL, etag, a.cachePath(api, cached.SHA256))
		return cached, nil
	}
	spec := &Spec{API: api, Data: res.Data, SHA256: sha256Hex(res.Data), Source: kind + " " + rawURL}
	if res.ETag != "" && a.cacheDir() != "" {
		if err := a.CacheSpec(spec); err != nil {
			a.logf("%s: not caching the spec: %v", api.Name, err)
		} else if err := a.writeETag(api, etagMeta{URL: rawURL, ETag: res.ETag, SHA256: spec.SHA256}); err != nil {
			a.logf("%s: not remembering the ETag: %v", api.Name, err)
		}
	}
	return spec, nil
}

// Locked returns api's locked spec, verified against the lock's sha256,
// from the cache or, if useMirror is set, the mirror. It does not go
// upstream: upstream serves only its current spec. If neither source has
// it, the error matches fs.ErrNotExist and names what was tried.
func (a *Acquirer) Locked(ctx context.Context, api API, useMirror bool) (*Spec, error) {
	entry, err := a.Lock.Entry(api.Name)
	if err != nil {
		return nil, err
	}
	var tried []string
	if a.cacheDir() != "" {
		spec, err := a.fromCache(api, entry)
		if err == nil {
			return spec, nil
		}
		tried = append(tried, err.Error())
	} else {
		tried = append(tried, "cache (disabled)")
	}
	if useMirror && a.Mirror != "" {
		spec, err := a.fromMirror(ctx, api, entry)
		if err == nil {
			a.store(spec)
			return spec, nil
		}
		tried = append(tried, err.Error())
	}
	return nil, fmt.Errorf("%s: the locked spec (sha256 %s) is not available (tried %s): %w",
		api.Name, entry.SHA256, strings.Join(tried, "; "), fs.ErrNotExist)
}

// CacheSpec writes spec to the cache under its sha256, atomically, unless
// the cache already holds that file or there is no cache.
func (a *Acquirer) CacheSpec(spec *Spec) error {
	if a.cacheDir() == "" {
		return nil
	}
	path := a.cachePath(spec.API, spec.SHA256)
	if data, err := os.ReadFile(path); err == nil && bytes.Equal(data, spec.Data) {
		return nil
	}
	return writeFileAtomic(path, spec.Data)
}

// etagMeta is what the cache remembers about the last conditional fetch
// of an API's spec: <api>.etag.json beside the specs.
type etagMeta struct {
	URL    string `json:"url"`
	ETag   string `json:"etag"`
	SHA256 string `json:"sha256"`
}

func (a *Acquirer) etagPath(api API) string {
	return filepath.Join(a.CacheDir, api.Name+".etag.json")
}

func (a *Acquirer) readETag(api API) (etagMeta, bool) {
	var m etagMeta
	if a.cacheDir() == "" {
		return m, false
	}
	data, err := os.ReadFile(a.etagPath(api))
	if err != nil || json.Unmarshal(data, &m) != nil || m.ETag == "" || !isSHA256Hex(m.SHA256) {
		return etagMeta{}, false
	}
	return m, true
}

func (a *Acquirer) writeETag(api API, m etagMeta) error {
	data, err := json.Marshal(m)
	if err != nil {
		return err
	}
	return writeFileAtomic(a.etagPath(api), append(data, '\n'))
}

// WriteFileAtomic writes data to path through a temporary file in the same
// directory and a rename, so that path never holds partial data.
func WriteFileAtomic(path string, data []byte) error { return writeFileAtomic(path, data) }

// DirHolds reports whether the generated files in dir (those regen wrote:
// Go files and the inventory, with its header) are exactly files, byte for
// byte.
func DirHolds(dir string, files map[string][]byte) (bool, error) { return dirUpToDate(dir, files) }
