package gen_test

import (
	"context"
	"os"
	"os/exec"
	"path/filepath"
	"testing"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
)

// BenchmarkRegen times, for each API, our in-memory pipeline (acquire from
// the mirror, patch, generate, format) against the oapi-codegen CLI
// generating the same patched spec with the same options, so that the two
// can be compared as a ratio within one run.
func BenchmarkRegen(b *testing.B) {
	acq := spectest.Acquirer(b)
	tmp := b.TempDir()
	cli := filepath.Join(tmp, "oapi-codegen")
	build := exec.Command("go", "build", "-o", cli, "github.com/oapi-codegen/oapi-codegen/v2/cmd/oapi-codegen")
	if out, err := build.CombinedOutput(); err != nil {
		b.Fatalf("building the oapi-codegen CLI: %v\n%s", err, out)
	}
	for _, api := range gen.APIs {
		spec, err := acq.Acquire(context.Background(), api)
		if err != nil {
			b.Fatal(err)
		}
		overlay, err := openapi.FS.ReadFile(openapi.OverlayFile(api.Name))
		if err != nil {
			b.Fatal(err)
		}
		patched, err := gen.Patch(api, spec.Data, overlay, api.Name, gen.Transforms)
		if err != nil {
			b.Fatal(err)
		}
		doc, err := patched.Doc.MarshalJSON()
		if err != nil {
			b.Fatal(err)
		}
		specFile := filepath.Join(tmp, api.Name+".json")
		cfgFile := filepath.Join(tmp, api.Name+".cfg.yaml")
		cfg := "package: " + api.Package + "\ngenerate:\n  client: true\n  models: true\n" +
			"output-options:\n  generate-types-for-anonymous-schemas: true\n  type-mapping:\n    number:\n      default:\n        type: float64\n" +
			"allow-remote-refs-from: []\noutput: " + filepath.Join(tmp, api.Package+".go") + "\n"
		if err := os.WriteFile(specFile, doc, 0o644); err != nil {
			b.Fatal(err)
		}
		if err := os.WriteFile(cfgFile, []byte(cfg), 0o644); err != nil {
			b.Fatal(err)
		}

		b.Run(api.Name+"/pipeline", func(b *testing.B) {
			for b.Loop() {
				if _, err := gen.BuildAPI(context.Background(), api, acq, nil); err != nil {
					b.Fatal(err)
				}
			}
		})
		b.Run(api.Name+"/oapi-codegen-cli", func(b *testing.B) {
			for b.Loop() {
				if out, err := exec.Command(cli, "-config", cfgFile, specFile).CombinedOutput(); err != nil {
					b.Fatalf("%v\n%s", err, out)
				}
			}
		})
	}
}
