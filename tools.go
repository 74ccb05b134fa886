//go:build tools

// Package tools pins the command-line tools this module builds with, so that
// `go run` of each resolves to the version recorded in go.mod.
package tools

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "golang.org/x/tools/cmd/goimports"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
