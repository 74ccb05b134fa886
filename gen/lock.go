package gen

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/url"
	"slices"
	"strings"
	"time"

	"github.com/altegio-go/altegio/openapi"
)

// LockPath is the path of the lock relative to the module root. Errors and
// hints name the lock by this path.
const LockPath = "openapi/" + openapi.LockFile

// LockEntry pins one upstream spec: where it comes from and the exact bytes
// the generated client was made from.
type LockEntry struct {
	// URL is the upstream address of the spec (http or https).
	URL string `json:"url"`
	// SHA256 is the lowercase hex sha256 of the spec's bytes.
	SHA256 string `json:"sha256"`
	// Size is the spec's length in bytes.
	Size int64 `json:"size"`
	// Retrieved is the date, as YYYY-MM-DD, the spec was pinned.
	Retrieved string `json:"retrieved"`
}

// Lock is the content of openapi/lock.json: one entry per API, keyed by the
// API's name.
type Lock struct {
	APIs map[string]LockEntry `json:"apis"`
}

// DefaultLock parses the lock embedded in package openapi.
func DefaultLock() (*Lock, error) {
	data, err := openapi.FS.ReadFile(openapi.LockFile)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", LockPath, err)
	}
	return ParseLock(data, LockPath)
}

// ParseLock decodes and validates a lock. Unknown fields, trailing data and
// invalid entries are errors; name is the file the data came from and
// prefixes every error.
func ParseLock(data []byte, name string) (*Lock, error) {
	dec := json.NewDecoder(bytes.NewReader(data))
	dec.DisallowUnknownFields()
	var l Lock
	if err := dec.Decode(&l); err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	if err := dec.Decode(new(json.RawMessage)); !errors.Is(err, io.EOF) {
		return nil, fmt.Errorf("%s: unexpected data after the JSON object", name)
	}
	if len(l.APIs) == 0 {
		return nil, fmt.Errorf("%s: \"apis\" is missing or empty", name)
	}
	for _, api := range l.names() {
		if err := l.APIs[api].validate(); err != nil {
			return nil, fmt.Errorf("%s: %s: %w", name, api, err)
		}
	}
	return &l, nil
}

// Entry returns the lock entry of api.
func (l *Lock) Entry(api string) (LockEntry, error) {
	if l == nil {
		return LockEntry{}, fmt.Errorf("%s: no lock loaded", api)
	}
	e, ok := l.APIs[api]
	if !ok {
		return LockEntry{}, fmt.Errorf("%s: no entry for %q (have: %s)", LockPath, api, strings.Join(l.names(), ", "))
	}
	return e, nil
}

// Marshal encodes the lock as it is stored: indented JSON, APIs sorted by
// name, ending in a newline. It is deterministic, so rewriting an unchanged
// lock changes nothing.
func (l *Lock) Marshal() []byte {
	out := Lock{APIs: l.APIs}
	if out.APIs == nil {
		out.APIs = map[string]LockEntry{}
	}
	var buf bytes.Buffer
	enc := json.NewEncoder(&buf)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if err := enc.Encode(out); err != nil {
		// Strings, ints and a string-keyed map always encode.
		panic("gen: encoding lock: " + err.Error())
	}
	return buf.Bytes()
}

// names returns the lock's API names, sorted.
func (l *Lock) names() []string {
	names := make([]string, 0, len(l.APIs))
	for name := range l.APIs {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// validate checks every field of e.
func (e LockEntry) validate() error {
	if u, err := url.Parse(e.URL); err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url %q is not an http(s) URL", e.URL)
	}
	if !isSHA256Hex(e.SHA256) {
		return fmt.Errorf("sha256 %q is not 64 lowercase hex digits", e.SHA256)
	}
	if e.Size <= 0 {
		return fmt.Errorf("size %d is not positive", e.Size)
	}
	if _, err := time.Parse(time.DateOnly, e.Retrieved); err != nil {
		return fmt.Errorf("retrieved %q is not a YYYY-MM-DD date", e.Retrieved)
	}
	return nil
}

// isSHA256Hex reports whether s is a sha256 digest in lowercase hex.
func isSHA256Hex(s string) bool {
	if len(s) != 64 {
		return false
	}
	for _, c := range []byte(s) {
		if (c < '0' || c > '9') && (c < 'a' || c > 'f') {
			return false
		}
	}
	return true
}
