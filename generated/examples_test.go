package generated_test

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strconv"
	"strings"
	"testing"

	"github.com/speakeasy-api/openapi/overlay"
	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
	"github.com/altegio-go/altegio/plumbing"
)

// responseBody is each generated package's registry of response types.
var responseBody = map[string]func(op, status string) (any, bool){
	"b2b-v1": b2bv1.ResponseBody,
	"b2b-v2": b2bv2.ResponseBody,
}

// clientType is each generated package's Client, whose methods return the
// bodies of non-JSON responses.
var clientType = map[string]reflect.Type{
	"b2b-v1": reflect.TypeFor[*b2bv1.API](),
	"b2b-v2": reflect.TypeFor[*b2bv2.API](),
}

// example is one response example of a spec.
type example struct {
	Key       string // where it is, e.g. "list_positions 200 (response example)"
	Line      int    // its line in the spec it was read from
	Op        string
	Status    string
	MediaType string
	JSON      []byte // the example as JSON; nil for a non-JSON media type
}

// isJSON reports whether a media type is JSON.
func isJSON(mediaType string) bool {
	mt, _, _ := strings.Cut(mediaType, ";")
	mt = strings.TrimSpace(strings.ToLower(mt))
	return mt == "application/json" || strings.HasSuffix(mt, "+json")
}

// specExamples lists the response examples of the spec document root:
// those on a response's media type (response-level, JSON or not) and those
// on the schema of a JSON response (schema-level, once per response that
// uses the schema).
func specExamples(t *testing.T, root *yaml.Node) (responseLevel, schemaLevel []example) {
	t.Helper()
	paths := spectest.MapGet(root, "paths")
	for i := 0; i+1 < len(paths.Content); i += 2 {
		item := paths.Content[i+1]
		for j := 0; j+1 < len(item.Content); j += 2 {
			op := item.Content[j+1]
			id := spectest.MapGet(op, "operationId")
			responses := spectest.MapGet(op, "responses")
			if id == nil || responses == nil {
				continue
			}
			for k := 0; k+1 < len(responses.Content); k += 2 {
				status := responses.Content[k].Value
				content := spectest.MapGet(spectest.Resolve(root, responses.Content[k+1]), "content")
				if content == nil {
					continue
				}
				for m := 0; m+1 < len(content.Content); m += 2 {
					mediaType, mt := content.Content[m].Value, content.Content[m+1]
					jsonBody := isJSON(mediaType)
					add := func(list *[]example, kind string, n *yaml.Node) {
						if n == nil {
							t.Fatalf("%s %s %s: no value", id.Value, status, kind)
						}
						ex := example{
							Key:       fmt.Sprintf("%s %s %s (%s)", id.Value, status, mediaType, kind),
							Line:      n.Line,
							Op:        id.Value,
							Status:    status,
							MediaType: mediaType,
						}
						if jsonBody {
							b, err := spectest.NodeJSON(n)
							if err != nil {
								t.Fatalf("%s: %v", ex.Key, err)
							}
							ex.JSON = b
						}
						*list = append(*list, ex)
					}
					if ex := spectest.MapGet(mt, "example"); ex != nil {
						add(&responseLevel, "response example", ex)
					}
					if exs := spectest.MapGet(mt, "examples"); exs != nil {
						for e := 0; e+1 < len(exs.Content); e += 2 {
							add(&responseLevel, "response example "+exs.Content[e].Value, spectest.MapGet(spectest.Resolve(root, exs.Content[e+1]), "value"))
						}
					}
					if !jsonBody {
						continue
					}
					schema := spectest.Resolve(root, spectest.MapGet(mt, "schema"))
					if ex := spectest.MapGet(schema, "example"); ex != nil {
						add(&schemaLevel, "schema example", ex)
					}
					if exs := spectest.MapGet(schema, "examples"); exs != nil && exs.Kind == yaml.SequenceNode {
						for e, ex := range exs.Content {
							add(&schemaLevel, fmt.Sprintf("schema examples item %d", e), ex)
						}
					}
				}
			}
		}
	}
	return responseLevel, schemaLevel
}

// specs returns the root node of the locked spec of api as published, and
// of the same spec with the API's overlay applied: the examples are counted
// in the first and decoded from the second, so that an example fixed by the
// overlay is decoded as fixed, and one the overlay dropped is noticed.
func specs(t *testing.T, api gen.API) (raw, patched *yaml.Node) {
	t.Helper()
	data := spectest.Spec(t, api).Data
	raw = publishedSpec(t, api)
	var patchedDoc yaml.Node
	if err := yaml.Unmarshal(data, &patchedDoc); err != nil {
		t.Fatal(err)
	}
	ovData, err := openapi.FS.ReadFile(openapi.OverlayFile(api.Name))
	if err != nil {
		t.Fatal(err)
	}
	ov, err := overlay.ParseReader(bytes.NewReader(ovData))
	if err != nil {
		t.Fatalf("%s: %v", openapi.OverlayFile(api.Name), err)
	}
	if len(ov.Actions) > 0 {
		if _, err := ov.ApplyToStrict(&patchedDoc); err != nil {
			t.Fatalf("%s: %v", openapi.OverlayFile(api.Name), err)
		}
	}
	return raw, patchedDoc.Content[0]
}

// publishedSpec returns the root node of the locked spec of api as
// published.
func publishedSpec(t *testing.T, api gen.API) *yaml.Node {
	t.Helper()
	var doc yaml.Node
	if err := yaml.Unmarshal(spectest.Spec(t, api).Data, &doc); err != nil {
		t.Fatal(err)
	}
	return doc.Content[0]
}

// TestResponseExamplesDecode checks every response example of both locked
// specs against the generated clients: a JSON example decodes, with the
// runtime's decoder as the client does, into the generated type of its
// response; a non-JSON one (a PDF) belongs to a method that returns the body
// as []byte. Examples are counted in the published spec and taken from the
// spec as patched by the overlay, where a few contradict their own schema.
func TestResponseExamplesDecode(t *testing.T) {
	// Response-level and schema-level examples.
	want := map[string][2]int{
		"b2b-v1": {200, 151},
		"b2b-v2": {25, 0},
	}
	for _, api := range gen.APIs {
		t.Run(api.Name, func(t *testing.T) {
			raw, patched := specs(t, api)
			responseLevel, schemaLevel := specExamples(t, raw)
			if got := [2]int{len(responseLevel), len(schemaLevel)}; got != want[api.Name] {
				t.Errorf("the published spec has %d response-level and %d schema-level response examples, want %d and %d", got[0], got[1], want[api.Name][0], want[api.Name][1])
			}
			patchedResponse, patchedSchema := specExamples(t, patched)
			fixed := map[string]example{}
			for _, ex := range append(patchedResponse, patchedSchema...) {
				if _, dup := fixed[ex.Key]; dup {
					t.Fatalf("two examples at %s", ex.Key)
				}
				fixed[ex.Key] = ex
			}
			if got, want := len(fixed), len(responseLevel)+len(schemaLevel); got != want {
				t.Errorf("the patched spec has %d response examples, the published one %d", got, want)
			}

			decoded, patchedN, nonJSON := 0, 0, 0
			for _, orig := range append(responseLevel, schemaLevel...) {
				where := fmt.Sprintf("%s, spec line %d", orig.Key, orig.Line)
				ex, ok := fixed[orig.Key]
				if !ok {
					t.Errorf("%s: gone from the spec as patched by the overlay", where)
					continue
				}
				if !bytes.Equal(ex.JSON, orig.JSON) {
					patchedN++
					where += " as patched by the overlay"
				}
				if ex.JSON == nil {
					if err := checkBytesResult(api.Name, ex); err != nil {
						t.Errorf("%s: %v", where, err)
						continue
					}
					nonJSON++
					decoded++
					continue
				}
				if !strings.HasPrefix(ex.Status, "2") {
					// No type per error body: every error reaches the caller
					// as an *altegio.APIError decoded by the runtime.
					if err := checkAPIError(t, ex); err != nil {
						t.Errorf("%s: %v", where, err)
						continue
					}
					decoded++
					continue
				}
				target, ok := responseBody[api.Name](ex.Op, ex.Status)
				if !ok {
					t.Errorf("%s: no generated type for this response", where)
					continue
				}
				if err := altegio.Unmarshal(ex.JSON, target); err != nil {
					t.Errorf("%s: does not decode into %T: %v", where, target, err)
					continue
				}
				decoded++
			}
			total := len(responseLevel) + len(schemaLevel)
			t.Logf("%s: %d/%d response examples decode (%d response-level, %d of them non-JSON; %d schema-level); %d patched by the overlay", api.Name, decoded, total, len(responseLevel), nonJSON, len(schemaLevel), patchedN)
			if decoded != total {
				t.Errorf("%d of %d response examples do not decode", total-decoded, total)
			}
		})
	}
}

// checkAPIError serves the error example ex with its status from a test
// server and checks that a call answered with it returns an
// *altegio.APIError with that status, and Altegio's message when the
// example has one.
func checkAPIError(t *testing.T, ex example) error {
	status, err := strconv.Atoi(ex.Status)
	if err != nil {
		return nil // "default" and the like: no status to serve
	}
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.WriteHeader(status)
		w.Write(ex.JSON)
	}))
	defer srv.Close()
	c := altegio.NewClient(srv.URL, altegio.WithTokens("partner", "user"), altegio.WithRetry(altegio.RetryPolicy{MaxAttempts: 1}), altegio.WithLimiter(nil))
	req, err := http.NewRequest(http.MethodGet, srv.URL+"/x", nil)
	if err != nil {
		return err
	}
	var out any
	err = plumbing.Do(c, t.Context(), req, plumbing.AuthPartnerUser, &out)
	var apiErr *altegio.APIError
	if !errors.As(err, &apiErr) {
		return fmt.Errorf("the %s body gives %v, not an *altegio.APIError", ex.Status, err)
	}
	if apiErr.StatusCode != status {
		return fmt.Errorf("APIError.StatusCode %d, want %d", apiErr.StatusCode, status)
	}
	var body struct {
		Meta struct {
			Message string `json:"message"`
		} `json:"meta"`
	}
	if json.Unmarshal(ex.JSON, &body) == nil && body.Meta.Message != "" && !strings.Contains(apiErr.Message, body.Meta.Message) {
		return fmt.Errorf("APIError.Message %q lacks the example's message %q", apiErr.Message, body.Meta.Message)
	}
	return nil
}

// checkBytesResult checks that the method of a non-JSON example's operation
// returns the body as []byte when the status is a success.
func checkBytesResult(api string, ex example) error {
	if !strings.HasPrefix(ex.Status, "2") {
		return fmt.Errorf("a %s example for a non-success status: its body is only ever seen in an error", ex.MediaType)
	}
	name := goName(api, ex.Op)
	m, ok := methodOf(clientType[api], api, ex.Op)
	if !ok {
		return fmt.Errorf("no method %q", name)
	}
	if m.Type.NumOut() != 2 || m.Type.Out(0) != reflect.TypeFor[[]byte]() {
		return fmt.Errorf("%s returns %v, want ([]byte, error) for a %s body", name, m.Type, ex.MediaType)
	}
	return nil
}
