//go:build tools

// This file pins the command-line tools this module builds with, so that
// `go run` of each resolves to the version recorded in go.mod. The tools
// build tag keeps it out of every build.
package altegio

import (
	_ "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen"
	_ "github.com/rhysd/actionlint/cmd/actionlint"
	_ "golang.org/x/tools/cmd/goimports"
	_ "honnef.co/go/tools/cmd/staticcheck"
)
