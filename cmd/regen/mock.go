package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/openapi"
)

// mockSpec returns the spec of api as a local mock server (Prism; make
// mock) should serve it, as JSON: the locked spec with our overlay and
// completed from its examples (as the contract test serves it), without
// the Go transforms, and with two changes that let the SDK's requests
// through:
//
//   - every application/json response is also declared as the media type
//     the client asks for (altegio.AcceptHeader), as Altegio documents it;
//     the published specs declare application/json only, so Prism, which
//     negotiates on the spec, answers 406 to the SDK's Accept header;
//   - query parameters whose names have brackets (filter[term]) and
//     Accept, Content-Type and Authorization declared outside the headers
//     are not required: Prism 5 never finds the former
//     (stoplightio/prism#2443), and the client sends the latter as
//     headers only.
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
	doc := p.Doc
	relax := func(params openapi3.Parameters) {
		for _, ref := range params {
			if ref == nil || ref.Value == nil || !ref.Value.Required {
				continue
			}
			q := ref.Value
			if q.In == openapi3.ParameterInQuery && strings.Contains(q.Name, "[") || q.In != openapi3.ParameterInHeader && gen.IsTransportHeader(q.Name) {
				q.Required = false
			}
		}
	}
	declare := func(resp *openapi3.ResponseRef) {
		if resp == nil || resp.Value == nil {
			return
		}
		c := resp.Value.Content
		if mt, ok := c["application/json"]; ok && c[altegio.AcceptHeader] == nil {
			c[altegio.AcceptHeader] = mt
		}
	}
	for _, item := range doc.Paths.Map() {
		relax(item.Parameters)
		for _, op := range item.Operations() {
			relax(op.Parameters)
			if op.Responses != nil {
				for _, r := range op.Responses.Map() {
					declare(r)
				}
			}
		}
	}
	if doc.Components != nil {
		for _, r := range doc.Components.Responses {
			declare(r)
		}
		for _, ref := range doc.Components.Parameters {
			relax(openapi3.Parameters{ref})
		}
	}
	data, err := doc.MarshalJSON()
	if err != nil {
		return nil, fmt.Errorf("%s: encoding the mock spec: %w", api.Name, err)
	}
	return append(data, '\n'), nil
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
