package gen

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
)

// Verify compiles the generated packages as they would be after writing,
// without writing them: it lays the new files over the module in moduleDir
// with `go build -overlay`, so the output directories stay untouched.
// outputs maps directories relative to moduleDir to their new files. Files
// already in those directories that regen generated, but that the new output
// no longer has, are hidden from the build, as writing will remove them.
func Verify(ctx context.Context, moduleDir string, outputs map[string]map[string][]byte) error {
	tmp, err := os.MkdirTemp("", "altegio-regen-verify-")
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	defer os.RemoveAll(tmp)
	// go build runs in moduleDir: a relative $TMPDIR must not be read
	// relative to it.
	if tmp, err = filepath.Abs(tmp); err != nil {
		return fmt.Errorf("verify: %w", err)
	}

	replace := map[string]string{}
	// The packages to build, by the directory of their module: an output
	// directory in a nested module (mcp/) is built in that module.
	pkgs := map[string][]string{}
	root, err := filepath.Abs(moduleDir)
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	for _, rel := range sortedKeys(outputs) {
		dir, err := filepath.Abs(filepath.Join(moduleDir, rel))
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		stale, err := generatedFiles(dir)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		for _, name := range stale {
			replace[filepath.Join(dir, name)] = ""
		}
		for _, name := range sortedKeys(outputs[rel]) {
			staged := filepath.Join(tmp, rel, name)
			if err := os.MkdirAll(filepath.Dir(staged), 0o755); err != nil {
				return fmt.Errorf("verify: %w", err)
			}
			if err := os.WriteFile(staged, outputs[rel][name], 0o644); err != nil {
				return fmt.Errorf("verify: %w", err)
			}
			replace[filepath.Join(dir, name)] = staged
		}
		mod, err := moduleOf(root, dir)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		pkg, err := filepath.Rel(mod, dir)
		if err != nil {
			return fmt.Errorf("verify: %w", err)
		}
		pkgs[mod] = append(pkgs[mod], "./"+filepath.ToSlash(pkg))
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	env, err := absoluteTempEnv(os.Environ())
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	for _, mod := range sortedKeys(pkgs) {
		cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-overlay=" + overlayFile}, pkgs[mod]...)...)
		cmd.Dir = mod
		cmd.Env = env
		var out bytes.Buffer
		cmd.Stdout = &out
		cmd.Stderr = &out
		if err := cmd.Run(); err != nil {
			msg := firstCompileError(out.String(), mod, tmp)
			if msg == "" {
				return fmt.Errorf("verify: go build in %s: %w: %s", mod, err, oneLine(errors.New(strings.TrimSpace(out.String()))))
			}
			if rel, err := filepath.Rel(root, mod); err == nil && rel != "." {
				// Paths are the nested module's: say which it is.
				msg = "in module " + filepath.ToSlash(rel) + "/: " + msg
			}
			return fmt.Errorf("verify: generated code does not compile: %s", msg)
		}
	}
	return nil
}

// moduleOf returns the directory of the module that holds dir: the
// nearest directory from dir up to root (the main module's) with a go.mod.
func moduleOf(root, dir string) (string, error) {
	for d := dir; ; d = filepath.Dir(d) {
		if _, err := os.Stat(filepath.Join(d, "go.mod")); err == nil {
			return d, nil
		}
		if d == root || d == filepath.Dir(d) {
			return root, nil
		}
	}
}

// absoluteTempEnv returns env with TMPDIR and GOTMPDIR made absolute
// against this process's working directory. The go command Verify starts
// runs in the module directory, where a relative temporary directory would
// name another place, or none ("go: creating work dir: stat …: no such file
// or directory").
func absoluteTempEnv(env []string) ([]string, error) {
	out := make([]string, 0, len(env))
	for _, kv := range env {
		name, value, _ := strings.Cut(kv, "=")
		if (name == "TMPDIR" || name == "GOTMPDIR") && value != "" && !filepath.IsAbs(value) {
			abs, err := filepath.Abs(value)
			if err != nil {
				return nil, err
			}
			kv = name + "=" + abs
		}
		out = append(out, kv)
	}
	return out, nil
}

// firstCompileError picks the first message out of go build's output, with
// its indented continuation lines, as one line, or returns "" if there is
// none. Files are named by their paths in the module
// (generated/b2bv1/models.go:12:3), never by their staged copies in tmp,
// however go build spells those (absolute, through a symbolic link, or
// relative to moduleDir when that is shorter).
func firstCompileError(out, moduleDir, tmp string) string {
	var first []string
	for _, line := range strings.Split(out, "\n") {
		if strings.TrimSpace(line) == "" {
			continue
		}
		if len(first) > 0 {
			if line[0] != ' ' && line[0] != '\t' {
				break
			}
			first = append(first, strings.TrimSpace(line))
			continue
		}
		if strings.HasPrefix(line, "#") || strings.HasPrefix(line, "go: downloading ") {
			continue
		}
		first = append(first, strings.TrimSpace(line))
	}
	if len(first) == 0 {
		return ""
	}
	msg := first[0]
	for _, l := range first[1:] {
		if strings.HasSuffix(msg, ":") {
			msg += " " + l
		} else {
			msg += "; " + l
		}
	}
	return modulePaths(moduleDir, tmp).Replace(msg)
}

// modulePaths rewrites the paths go build may print, under tmp (the staged
// files, laid out as in the module) or under moduleDir, into paths relative
// to moduleDir. Staged paths come first: tmp may be inside moduleDir.
func modulePaths(moduleDir, tmp string) *strings.Replacer {
	var pairs []string
	add := func(dir string) {
		for _, d := range []string{dir, resolved(dir)} {
			pairs = append(pairs, d+string(filepath.Separator), "")
		}
	}
	add(tmp)
	if mod, err := filepath.Abs(moduleDir); err == nil {
		for _, m := range []string{mod, resolved(mod)} {
			// go build prints a path relative to its working directory
			// when that is shorter, even one that starts with "..".
			if rel, err := filepath.Rel(m, tmp); err == nil {
				pairs = append(pairs, "."+string(filepath.Separator)+rel+string(filepath.Separator), "", rel+string(filepath.Separator), "")
			}
		}
		add(mod)
	}
	return strings.NewReplacer(pairs...)
}

// resolved returns path with its symbolic links resolved, or path itself if
// that fails.
func resolved(path string) string {
	if r, err := filepath.EvalSymlinks(path); err == nil {
		return r
	}
	return path
}
