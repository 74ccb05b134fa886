package gen

import (
	"bytes"
	"context"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// TestVerifyErrorNamesModulePaths breaks the mini package two ways and
// checks that Verify's error quotes the compiler's first message with the
// file's path in the module (gen/testdata/mini/golden/models.go:L:C), never
// the staged copy in the temporary directory, wherever that is: go build
// prints it absolute, through a symbolic link, or relative to the module
// when that is shorter (a $TMPDIR inside the module, or a relative one).
func TestVerifyErrorNamesModulePaths(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	out := miniBuild(t)
	root := moduleRoot(t)

	// models.go with a type error on its last line, column 18.
	models := append(bytes.Clone(out.files[FileModels]), "\nvar broken int = \"not an int\"\n"...)
	badLine := bytes.Count(models, []byte("\n"))
	// A second declaration of a generated method, in a new file.
	redeclared := []byte(Header{SpecFile: "mini.openapi.yaml", SHA256: out.sha}.String() +
		"\npackage mini\n\nfunc (s *VisitsService) Get() {}\n")

	cases := []struct {
		name  string
		files map[string][]byte
		want  string
	}{
		{
			name:  "type error",
			files: map[string][]byte{FileModels: models},
			want:  fmt.Sprintf("verify: generated code does not compile: %s/%s:%d:18: cannot use \"not an int\"", miniGoldenRel, FileModels, badLine),
		},
		{
			name:  "redeclared",
			files: map[string][]byte{"broken.go": redeclared},
			want:  fmt.Sprintf("already declared at %s/broken.go:5:25", miniGoldenRel),
		},
	}

	cwd, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	inModule, err := os.MkdirTemp(filepath.Join(root, "gen", "testdata"), "verify-tmpdir-")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { os.RemoveAll(inModule) })
	link := filepath.Join(t.TempDir(), "link")
	if err := os.Symlink(t.TempDir(), link); err != nil {
		t.Fatal(err)
	}
	relative, err := filepath.Rel(cwd, t.TempDir())
	if err != nil {
		t.Fatal(err)
	}
	// A working directory outside the module, deeper than the module is
	// from the root, with relative temporary directories under it: read
	// from the module (where go build runs), "tmp" names nothing, and
	// "../../.." names another place, wherever the clone lives.
	elsewhere := filepath.Join(t.TempDir(), "a", "b", "c", "d", "e", "f")
	if err := os.MkdirAll(filepath.Join(elsewhere, "tmp", "go"), 0o755); err != nil {
		t.Fatal(err)
	}
	tmpdirs := []struct{ name, dir, gotmp, cwd string }{
		{name: "default", dir: os.Getenv("TMPDIR")},
		{name: "inside the module", dir: inModule},
		{name: "through a symlink", dir: link},
		{name: "relative", dir: relative},
		{name: "relative, working directory outside the module", dir: "tmp", gotmp: filepath.Join("tmp", "go"), cwd: elsewhere},
	}

	dir := filepath.Join(root, miniGoldenRel)
	before := snapshotTree(t, dir)
	for _, td := range tmpdirs {
		t.Run(td.name, func(t *testing.T) {
			if td.cwd != "" {
				t.Chdir(td.cwd)
			}
			t.Setenv("TMPDIR", td.dir)
			if td.gotmp != "" {
				t.Setenv("GOTMPDIR", td.gotmp)
			}
			for _, tc := range cases {
				files := map[string][]byte{}
				for name, b := range out.files {
					files[name] = b
				}
				for name, b := range tc.files {
					files[name] = b
				}
				err := Verify(context.Background(), root, map[string]map[string][]byte{miniGoldenRel: files})
				if err == nil {
					t.Fatalf("%s: Verify accepted a broken package", tc.name)
				}
				msg := err.Error()
				if !strings.Contains(msg, tc.want) {
					t.Errorf("%s: error\n %s\ndoes not contain\n %s", tc.name, msg, tc.want)
				}
				if strings.Contains(msg, "\n") || strings.Contains(msg, "altegio-regen-verify-") || strings.Contains(msg, root) {
					t.Errorf("%s: error is not one line with module-relative paths: %q", tc.name, msg)
				}
			}
		})
	}
	if after := snapshotTree(t, dir); !snapshotsEqual(before, after) {
		t.Errorf("Verify changed %s on disk", dir)
	}
}

// TestFirstCompileError covers the output shapes of go build: a "#
// package" header, indented continuation lines, messages that are not
// about a file, and no message at all.
func TestFirstCompileError(t *testing.T) {
	const mod, tmp = "/src/mod", "/tmp/altegio-regen-verify-1"
	for _, tc := range []struct{ out, want string }{
		{
			"# example.com/mod/generated/b2bv1\n" + tmp + "/generated/b2bv1/models.go:12:3: undefined: Foo\n" + tmp + "/generated/b2bv1/models.go:13:3: undefined: Bar\n",
			"generated/b2bv1/models.go:12:3: undefined: Foo",
		},
		{
			"# example.com/mod/x\n" + tmp + "/x/a.go:6:6: F redeclared in this block\n\t" + tmp + "/x/a.go:5:6: other declaration of F\n",
			"x/a.go:6:6: F redeclared in this block; x/a.go:5:6: other declaration of F",
		},
		{
			"go: downloading example.com/dep v1.0.0\nx/a.go:5:8: no required module provides package example.com/nope; to add it:\n\tgo get example.com/nope\n",
			"x/a.go:5:8: no required module provides package example.com/nope; to add it: go get example.com/nope",
		},
		{
			"found packages a (a.go) and b (b.go) in " + mod + "/x\n",
			"found packages a (a.go) and b (b.go) in x",
		},
		{"", ""},
		{"\n# example.com/mod/x\n\n", ""},
	} {
		if got := firstCompileError(tc.out, mod, tmp); got != tc.want {
			t.Errorf("firstCompileError(%q)\n got  %q\n want %q", tc.out, got, tc.want)
		}
	}
}

// TestVerifyBuildsNestedModules: an output directory inside a nested
// module (as mcp/ is) is built in that module, and a compile error there
// names the module and the file in it.
func TestVerifyBuildsNestedModules(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	root := t.TempDir()
	write := func(rel, content string) {
		p := filepath.Join(root, rel)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("go.mod", "module example.com/root\n\ngo 1.26\n")
	write("nested/go.mod", "module example.com/root/nested\n\ngo 1.26\n")
	write("nested/kind/kind.go", "package kind\n\n// T is the table's row type.\ntype T struct{ N int }\n")
	table := func(v string) map[string]map[string][]byte {
		src := Header{SpecFile: "x.yaml", SHA256: "00"}.String() + "\npackage table\n\nimport \"example.com/root/nested/kind\"\n\nvar Rows = []kind.T{{N: " + v + "}}\n"
		return map[string]map[string][]byte{"nested/table": {"table.go": []byte(src)}}
	}
	if err := Verify(context.Background(), root, table("1")); err != nil {
		t.Fatalf("a good table in the nested module: %v", err)
	}
	err := Verify(context.Background(), root, table(`"one"`))
	if err == nil || !strings.Contains(err.Error(), "in module nested/") || !strings.Contains(err.Error(), "table/table.go:") || strings.Contains(err.Error(), "\n") {
		t.Fatalf("a bad table: %v", err)
	}
}
