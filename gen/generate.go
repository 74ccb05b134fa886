package gen

import (
	"fmt"
	"sync"

	"github.com/getkin/kin-openapi/openapi3"
	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"

	"github.com/altegio-go/altegio/templates"
)

// OapiCodegenVersion is the version of oapi-codegen this pipeline runs as a
// library. It is recorded in every generated file's header; a test keeps it
// equal to the version go.mod requires.
const OapiCodegenVersion = "v2.8.2"

// RuntimeImport is the import path of the hand-written runtime that
// generated code calls.
const RuntimeImport = "github.com/altegio-go/altegio"

// PlumbingImport is the import path of the runtime's helpers that only
// generated code calls (package plumbing), kept out of the runtime's own
// listing.
const PlumbingImport = RuntimeImport + "/plumbing"

// codegenMu serialises calls into oapi-codegen, which keeps its options and
// the spec being generated in package-level state.
var codegenMu sync.Mutex

// CodegenConfig returns the oapi-codegen configuration the pipeline uses for
// package pkg: client and models, our template overrides, float64 numbers and
// no remote references. Formatting is left to the format step.
func CodegenConfig(pkg string) (codegen.Configuration, error) {
	overrides, err := templates.Overrides()
	if err != nil {
		return codegen.Configuration{}, fmt.Errorf("loading templates: %w", err)
	}
	cfg := codegen.Configuration{
		PackageName: pkg,
		Generate: codegen.GenerateOptions{
			Client: true,
			Models: true,
		},
		// An enum's constants carry its type's name (StatusNew, not New):
		// unprefixed, one enum's value "new" would take the name of the
		// package's constructor New, and "Confirmed" alone says not of what.
		Compatibility: codegen.CompatibilityOptions{AlwaysPrefixEnumValues: true},
		OutputOptions: codegen.OutputOptions{
			SkipFmt:                          true,
			NameNormalizer:                   string(NameNormalizer),
			AdditionalInitialisms:            Initialisms,
			GenerateTypesForAnonymousSchemas: true,
			UserTemplates:                    overrides,
			// Optional slices and maps are values, not pointers: nil
			// is absent. Containers get omitzero rather than omitempty
			// (see the container-omitzero transform), so that an empty
			// non-nil list is sent as [] and a request can clear a list.
			PreferSkipOptionalPointerOnContainerTypes: true,
			TypeMapping: &codegen.TypeMapping{
				// Every JSON integer is int64, whatever its declared
				// format: Altegio's IDs outgrow int32 (b2b-v1 declares
				// format: int32 on 183 ID fields), and one integer type
				// means no conversions between fields that hold the same
				// thing.
				Integer: codegen.FormatMapping{Default: codegen.SimpleTypeSpec{Type: "int64"}, Formats: map[string]codegen.SimpleTypeSpec{
					"int32": {Type: "int64"},
					"int64": {Type: "int64"},
				}},
				// JSON numbers that are not integers are prices, amounts,
				// rates and coordinates: float32 would round them (1234.56
				// reads back as 1234.56005859375), so format: float, which
				// b2b-v1 declares 148 times, is float64 too.
				Number: codegen.FormatMapping{Default: codegen.SimpleTypeSpec{Type: "float64"}, Formats: map[string]codegen.SimpleTypeSpec{
					"float":  {Type: "float64"},
					"double": {Type: "float64"},
				}},
				// Altegio sends date-times in several layouts and zero dates
				// as "0000-00-00": the runtime's types decode them all.
				String: codegen.FormatMapping{Formats: map[string]codegen.SimpleTypeSpec{
					"date-time": {Type: "altegio.Time", Import: RuntimeImport},
					"date":      {Type: "altegio.Date", Import: RuntimeImport},
					// oapi-codegen maps these to types of its runtime
					// module (openapi_types.Email, which also validates on
					// decode, .UUID and .File); generated code imports
					// only our runtime and the standard library, so they
					// are the Go types those encode as in JSON.
					"email":  {Type: "string"},
					"uuid":   {Type: "string"},
					"binary": {Type: "[]byte"},
				}},
			},
		},
		AllowRemoteRefsFrom: []string{},
		// Every package the templates refer to is imported here or by
		// oapi-codegen: the format step keeps the imports a file uses
		// and adds none (importSet).
		AdditionalImports: []codegen.AdditionalImport{{Package: RuntimeImport}, {Package: PlumbingImport}, {Package: "iter"}},
	}
	return cfg.UpdateDefaults(), nil
}

// GenerateSource runs oapi-codegen on doc and returns the unformatted Go
// source of package pkg as one file. oapi-codegen filters and prunes doc in
// place. Operations that would share a Client method are an error before
// anything is generated (see checkOperationIDs).
func GenerateSource(doc *openapi3.T, pkg string) ([]byte, error) {
	if err := checkOperationIDs(doc); err != nil {
		return nil, err
	}
	if !servicesNamed(doc) {
		// Not named by the pipeline (a test, a caller of the library):
		// the default services, one per tag.
		if _, err := NameServices(doc, nil, true); err != nil {
			return nil, err
		}
	}
	cfg, err := CodegenConfig(pkg)
	if err != nil {
		return nil, err
	}
	if err := cfg.Validate(); err != nil {
		return nil, err
	}
	codegenMu.Lock()
	defer codegenMu.Unlock()
	for name, fn := range templateFuncs(doc) {
		codegen.TemplateFunctions[name] = fn
	}
	code, err := codegen.Generate(doc, cfg)
	if err != nil {
		return nil, fmt.Errorf("oapi-codegen: %s", oneLine(err))
	}
	return []byte(code), nil
}
