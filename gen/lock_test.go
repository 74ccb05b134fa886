package gen

import (
	"bytes"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/openapi"
)

func TestDefaultLock(t *testing.T) {
	l, err := DefaultLock()
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range APIs {
		e, err := l.Entry(api.Name)
		if err != nil {
			t.Fatal(err)
		}
		if !strings.HasPrefix(e.URL, "https://") || !isSHA256Hex(e.SHA256) || e.Size <= 0 {
			t.Errorf("%s: implausible entry %+v", api.Name, e)
		}
	}
	// Marshal must reproduce the file, so that -update rewrites it cleanly.
	data, err := openapi.FS.ReadFile(openapi.LockFile)
	if err != nil {
		t.Fatal(err)
	}
	if got := l.Marshal(); !bytes.Equal(got, data) {
		t.Errorf("Marshal does not reproduce %s:\n%s", LockPath, got)
	}
}

func TestLockEntryMissing(t *testing.T) {
	l := &Lock{APIs: map[string]LockEntry{"b2b-v1": {}, "b2b-v2": {}}}
	_, err := l.Entry("b2b-v9")
	if err == nil || !strings.Contains(err.Error(), `"b2b-v9"`) || !strings.Contains(err.Error(), "b2b-v1, b2b-v2") {
		t.Errorf("Entry(b2b-v9) = %v; want an error naming the API and the known ones", err)
	}
	if _, err := (*Lock)(nil).Entry("b2b-v1"); err == nil {
		t.Error("Entry on a nil lock succeeded")
	}
}

func TestLockMarshalRoundTrip(t *testing.T) {
	l := &Lock{APIs: map[string]LockEntry{
		"b": {URL: "https://example.com/b?x=1&y=2", SHA256: strings.Repeat("b", 64), Size: 2, Retrieved: "2026-01-02"},
		"a": {URL: "http://example.com/a", SHA256: strings.Repeat("a", 64), Size: 1, Retrieved: "2026-01-01"},
	}}
	data := l.Marshal()
	if !bytes.HasSuffix(data, []byte("}\n")) || bytes.Contains(data, []byte(`\u0026`)) {
		t.Errorf("Marshal = %s; want a trailing newline and no HTML escaping", data)
	}
	if i, j := bytes.Index(data, []byte(`"a"`)), bytes.Index(data, []byte(`"b"`)); i < 0 || j < i {
		t.Errorf("Marshal does not sort APIs:\n%s", data)
	}
	back, err := ParseLock(data, "x.json")
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(back.Marshal(), data) {
		t.Errorf("round trip changed the lock:\n%s", back.Marshal())
	}
	if got := (&Lock{}).Marshal(); string(got) != "{\n  \"apis\": {}\n}\n" {
		t.Errorf("Marshal of an empty lock = %q", got)
	}
}

func TestParseLockErrors(t *testing.T) {
	const sum = "227a4747cc6753e26eab30634b8d466e2a7013a904213ce1f863c4f3a6d58f20"
	entry := func(url, sha, size, date string) string {
		return `{"apis": {"b2b-v1": {"url": "` + url + `", "sha256": "` + sha + `", "size": ` + size + `, "retrieved": "` + date + `"}}}`
	}
	const okURL = "https://developer.alteg.io/x.yaml"
	tests := []struct {
		name, data, want string
	}{
		{"syntax", `{"apis": `, "unexpected EOF"},
		{"unknown top field", `{"apis": {}, "extra": 1}`, `unknown field "extra"`},
		{"unknown entry field", `{"apis": {"b2b-v1": {"url": "` + okURL + `", "etag": "x"}}}`, `unknown field "etag"`},
		{"trailing data", entry(okURL, sum, "1", "2026-07-22") + ` {}`, "unexpected data after the JSON object"},
		{"no apis", `{}`, `"apis" is missing or empty`},
		{"short sha", entry(okURL, "abc", "1", "2026-07-22"), `b2b-v1: sha256 "abc" is not 64 lowercase hex digits`},
		{"upper sha", entry(okURL, strings.ToUpper(sum), "1", "2026-07-22"), "is not 64 lowercase hex digits"},
		{"non-hex sha", entry(okURL, strings.Repeat("g", 64), "1", "2026-07-22"), "is not 64 lowercase hex digits"},
		{"ftp url", entry("ftp://x/y", sum, "1", "2026-07-22"), `b2b-v1: url "ftp://x/y" is not an http(s) URL`},
		{"relative url", entry("/x/y", sum, "1", "2026-07-22"), "is not an http(s) URL"},
		{"zero size", entry(okURL, sum, "0", "2026-07-22"), "b2b-v1: size 0 is not positive"},
		{"bad date", entry(okURL, sum, "1", "22.07.2026"), `b2b-v1: retrieved "22.07.2026" is not a YYYY-MM-DD date`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := ParseLock([]byte(tt.data), LockPath)
			if err == nil {
				t.Fatal("ParseLock succeeded")
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, LockPath+": ") || !strings.Contains(msg, tt.want) || strings.Contains(msg, "\n") {
				t.Errorf("error %q; want one line starting %q and containing %q", msg, LockPath+": ", tt.want)
			}
		})
	}

	if _, err := ParseLock([]byte(entry(okURL, sum, "1", "2026-07-22")), LockPath); err != nil {
		t.Errorf("valid lock: %v", err)
	}
}
