package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"

	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/openapi"
)

// mockSpec returns the spec of api as a local mock server (Prism; make
// mock) should serve it: the locked spec with our overlay and completed
// from its examples, without the Go transforms, changed by gen.MockSpec to
// let the SDK's requests through.
func mockSpec(spec *gen.Spec) ([]byte, error) {
	api := spec.API
	name := openapi.OverlayFile(api.Name)
	overlay, err := openapi.FS.ReadFile(name)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", name, err)
	}
	p, err := gen.Patch(api, spec.Data, overlay, "openapi/"+name, nil)
	if err != nil {
		return nil, err
	}
	data, err := gen.MockSpec(p.Doc)
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the mock spec: %w", api.Name, err)
	}
	return data, nil
}

// writeMockSpec writes the mock spec of the API called apiName to out, or
// to stdout if out is "".
func writeMockSpec(apiName, out string, f driftFlags, stdout, stderr io.Writer) error {
	if apiName == "" {
		return errors.New("-mock-spec needs -api (b2b-v1 or b2b-v2)")
	}
	api, err := gen.LookupAPI(apiName)
	if err != nil {
		return err
	}
	lock, err := gen.DefaultLock()
	if err != nil {
		return err
	}
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt)
	defer stop()
	spec, err := newAcquirer(lock, f, stderr).Acquire(ctx, api)
	if err != nil {
		return err
	}
	data, err := mockSpec(spec)
	if err != nil {
		return err
	}
	if out == "" {
		_, err = stdout.Write(data)
		return err
	}
	return gen.WriteFileAtomic(out, data)
}
