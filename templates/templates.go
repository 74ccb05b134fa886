// Package templates holds the oapi-codegen templates this project overrides.
//
// Each file replaces the oapi-codegen template of the same name when the
// pipeline in gen/ runs the generator. They are embedded so that the pipeline
// works from any module that imports it.
package templates

import (
	"embed"
	"io/fs"
	"strings"
)

//go:embed *.tmpl
var files embed.FS

// Overrides returns the template texts keyed by the oapi-codegen template
// name they replace, such as "client.tmpl".
func Overrides() (map[string]string, error) {
	entries, err := fs.ReadDir(files, ".")
	if err != nil {
		return nil, err
	}
	out := make(map[string]string, len(entries))
	for _, e := range entries {
		if !strings.HasSuffix(e.Name(), ".tmpl") {
			continue
		}
		b, err := fs.ReadFile(files, e.Name())
		if err != nil {
			return nil, err
		}
		out[e.Name()] = string(b)
	}
	return out, nil
}
