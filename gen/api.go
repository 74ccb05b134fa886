package gen

import (
	"fmt"
	"strings"
)

// API describes one of Altegio's OpenAPI descriptions and where its client
// is generated.
type API struct {
	// Name is the API's name in the lock and on the command line, such as
	// "b2b-v1".
	Name string
	// Package is the Go package name of the generated client, such as "b2bv1".
	Package string
}

// SpecFile is the file name of the API's spec in a mirror and in the cache,
// such as "b2b-v1.openapi.yaml".
func (a API) SpecFile() string { return a.Name + ".openapi.yaml" }

// OutputDir is the directory, relative to the module root, that holds the
// API's generated client, such as "generated/b2bv1".
func (a API) OutputDir() string { return "generated/" + a.Package }

// APIs lists every API this repository generates, in a fixed order.
var APIs = []API{
	{Name: "b2b-v1", Package: "b2bv1"},
	{Name: "b2b-v2", Package: "b2bv2"},
}

// LookupAPI returns the API called name, or an error listing the known names.
func LookupAPI(name string) (API, error) {
	var names []string
	for _, a := range APIs {
		if a.Name == name {
			return a, nil
		}
		names = append(names, a.Name)
	}
	return API{}, fmt.Errorf("unknown API %q (known: %s)", name, strings.Join(names, ", "))
}
