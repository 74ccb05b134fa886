package main

import (
	"bytes"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
)

// useMirror points regen at the locked specs, with an empty cache.
func useMirror(t *testing.T) {
	t.Helper()
	t.Setenv(gen.MirrorEnv, spectest.Acquirer(t).Mirror)
	t.Setenv("XDG_CACHE_HOME", t.TempDir())
}

func TestListTags(t *testing.T) {
	useMirror(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-list-tags", "-api", "b2b-v2"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	want := `b2b-v2: 8 tags, 42 operations
    5  Appointments
    3  Booking Users
    1  Custom Fields
    8  Events
    8  Products
    6  Services
    5  Tags
    6  Team Members
`
	if stdout.String() != want {
		t.Errorf("-list-tags -api b2b-v2:\n%s\nwant:\n%s", stdout.String(), want)
	}

	// Every API, in a fixed order, the same twice.
	var all, again bytes.Buffer
	if code := run([]string{"-list-tags"}, &all, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	run([]string{"-list-tags"}, &again, &stderr)
	if all.String() != again.String() {
		t.Error("-list-tags differs between runs")
	}
	out := all.String()
	if !strings.HasPrefix(out, "b2b-v1: ") || !strings.Contains(out, "\n    9  Team Members\n") || !strings.Contains(out, "\n   15  Appointments\n") ||
		!strings.HasSuffix(out, "\n"+want) {
		t.Errorf("-list-tags:\n%s", out)
	}
}

func TestListOperations(t *testing.T) {
	useMirror(t)
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-list-operations", "-api", "b2b-v2"}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	out := stdout.String()
	for _, want := range []string{
		"b2b-v2: 42 operations, 8 tags\n\nAppointments (5)\n",
		"\nTeam Members (6)\n",
		"\n  list_team_members ",
		" GET    /locations/{location_id}/team_members\n",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output does not contain %q:\n%s", want, out)
		}
	}
	if n := strings.Count(out, "\n  "); n != 42 {
		t.Errorf("%d operation lines, want 42", n)
	}
}

// TestListWithConfig lists the tags of the spec a config names.
func TestListWithConfig(t *testing.T) {
	useMirror(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "altegio.yaml")
	if err := os.WriteFile(path, []byte("api: b2b-v1\npackage: x\noutput: x\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-list-tags", "-config", path}, &stdout, &stderr); code != 0 {
		t.Fatalf("exit %d: %s", code, stderr.String())
	}
	if !strings.HasPrefix(stdout.String(), "b2b-v1: 28 tags, 260 operations\n") {
		t.Errorf("output:\n%s", stdout.String())
	}
}

// TestConfigMisspelledTagCLI: through the command, a misspelled tag is
// exit status 2 and one line on stderr that names the file and the tag
// meant; nothing is written.
func TestConfigMisspelledTagCLI(t *testing.T) {
	useMirror(t)
	dir := t.TempDir()
	path := filepath.Join(dir, "altegio.yaml")
	if err := os.WriteFile(path, []byte("api: b2b-v2\npackage: tm\noutput: tm\ninclude-tags: [Team Membres]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	var stdout, stderr bytes.Buffer
	if code := run([]string{"-q", "-config", path}, &stdout, &stderr); code != 2 {
		t.Fatalf("exit %d, want 2", code)
	}
	msg := stderr.String()
	if strings.Count(msg, "\n") != 1 || !strings.HasPrefix(msg, "regen: "+path+": include-tags: unknown tag \"Team Membres\" in b2b-v2; did you mean \"Team Members\"?") {
		t.Errorf("stderr = %q", msg)
	}
	if _, err := os.Stat(filepath.Join(dir, "tm")); !os.IsNotExist(err) {
		t.Errorf("output written: %v", err)
	}
}

func TestSubsetFlagErrors(t *testing.T) {
	for _, c := range []struct {
		args []string
		want string
	}{
		{[]string{"-config", "a.yaml", "-api", "b2b-v1"}, "-config and -api exclude each other"},
		{[]string{"-list-tags", "-list-operations"}, "-list-tags and -list-operations exclude each other"},
		{[]string{"-config", "a.yaml", "-check"}, "do not go with -check or -update"},
		{[]string{"-config", "a.yaml", "-root", "."}, "-root does not go with"},
		{[]string{"-list-tags", "-api", "b2b-v9"}, `unknown API "b2b-v9"`},
		{[]string{"-config", filepath.Join(t.TempDir(), "none.yaml")}, "none.yaml"},
	} {
		var stdout, stderr bytes.Buffer
		if code := run(c.args, &stdout, &stderr); code != 2 {
			t.Errorf("regen %q: exit %d, want 2", c.args, code)
		}
		if msg := stderr.String(); strings.Count(msg, "\n") != 1 || !strings.Contains(msg, c.want) {
			t.Errorf("regen %q: stderr %q, want one line with %q", c.args, msg, c.want)
		}
	}
}
