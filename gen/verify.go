package gen

import (
	"bytes"
	"context"
	"encoding/json"
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

	replace := map[string]string{}
	var pkgs []string
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
		pkgs = append(pkgs, "./"+filepath.ToSlash(rel))
	}
	overlay, err := json.Marshal(map[string]any{"Replace": replace})
	if err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	overlayFile := filepath.Join(tmp, "overlay.json")
	if err := os.WriteFile(overlayFile, overlay, 0o644); err != nil {
		return fmt.Errorf("verify: %w", err)
	}
	cmd := exec.CommandContext(ctx, "go", append([]string{"build", "-overlay=" + overlayFile}, pkgs...)...)
	cmd.Dir = moduleDir
	var out bytes.Buffer
	cmd.Stdout = &out
	cmd.Stderr = &out
	if err := cmd.Run(); err != nil {
		return fmt.Errorf("verify: generated code does not compile: %s", firstCompileError(out.String(), tmp))
	}
	return nil
}

// firstCompileError picks the first compiler message out of go build's
// output, with staged file names left as they are (they name the package and
// file).
func firstCompileError(out, tmp string) string {
	for _, line := range strings.Split(out, "\n") {
		line = strings.TrimSpace(line)
		if line == "" || strings.HasPrefix(line, "#") {
			continue
		}
		return strings.ReplaceAll(line, tmp+string(filepath.Separator), "")
	}
	return "go build failed with no output"
}
