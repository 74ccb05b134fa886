package gen

import (
	"bytes"
	"context"
	"crypto/sha256"
	"encoding/hex"
	"errors"
	"flag"
	"fmt"
	"io/fs"
	"maps"
	"os"
	"path/filepath"
	"regexp"
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// The mini API is a small spec of our own under testdata/mini, with one
// instance of every defect the overlay and the transforms fix and one
// operation per template feature, so that the whole pipeline is tested
// without Altegio's specs.

var updateGolden = flag.Bool("update", false, "rewrite the golden files under testdata/mini/golden")

const (
	miniSpecPath    = "testdata/mini/mini.openapi.yaml"
	miniOverlayPath = "testdata/mini/mini.overlay.yaml"
	miniGoldenDir   = "testdata/mini/golden"
	// miniGoldenRel is miniGoldenDir relative to the module root.
	miniGoldenRel = "gen/testdata/mini/golden"
)

var miniAPI = API{Name: "mini", Package: "mini"}

// miniOutput is one run of the in-memory pipeline on the mini API.
type miniOutput struct {
	patched *Patched
	sha     string
	files   map[string][]byte
}

// miniBuild runs patch, generate and format on the mini API.
func miniBuild(t *testing.T) miniOutput {
	t.Helper()
	spec, err := os.ReadFile(miniSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := os.ReadFile(miniOverlayPath)
	if err != nil {
		t.Fatal(err)
	}
	sum := sha256.Sum256(spec)
	sha := hex.EncodeToString(sum[:])
	patched, err := Patch(miniAPI, spec, overlay, miniOverlayPath, Transforms)
	if err != nil {
		t.Fatalf("Patch: %v", err)
	}
	pkgDoc := packageDoc(miniAPI, patched)
	// As the pipeline does: services, parameter names and the model, all
	// decided on the spec before anything is rendered.
	if _, err := NameServices(patched.Doc, nil, false); err != nil {
		t.Fatalf("NameServices: %v", err)
	}
	NameParameters(patched.Doc)
	if _, err := BuildModel(patched.Doc, nil, false); err != nil {
		t.Fatalf("BuildModel: %v", err)
	}
	src, err := GenerateSource(patched.Doc, miniAPI.Package)
	if err != nil {
		t.Fatalf("GenerateSource: %v", err)
	}
	files, err := Format(src, miniAPI.Package, pkgDoc, Header{SpecFile: miniAPI.SpecFile(), SHA256: sha})
	if err != nil {
		t.Fatalf("Format: %v", err)
	}
	return miniOutput{patched: patched, sha: sha, files: files}
}

// moduleRoot walks up from the test's working directory to the directory
// holding go.mod.
func moduleRoot(t *testing.T) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Fatal("no go.mod above the test's working directory")
		}
		dir = parent
	}
}

// readGolden reads every .go file in dir.
func readGolden(t *testing.T, dir string) map[string][]byte {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if errors.Is(err, fs.ErrNotExist) {
		return map[string][]byte{}
	}
	if err != nil {
		t.Fatal(err)
	}
	out := map[string][]byte{}
	for _, e := range entries {
		if e.Type().IsRegular() && strings.HasSuffix(e.Name(), ".go") {
			b, err := os.ReadFile(filepath.Join(dir, e.Name()))
			if err != nil {
				t.Fatal(err)
			}
			out[e.Name()] = b
		}
	}
	return out
}

// miniFirstDiff returns the 1-based line number of the first line where a and b
// differ, with both lines.
func miniFirstDiff(a, b []byte) (int, string, string) {
	al := strings.Split(string(a), "\n")
	bl := strings.Split(string(b), "\n")
	for i := 0; i < len(al) || i < len(bl); i++ {
		var x, y string
		if i < len(al) {
			x = al[i]
		} else {
			x = "<end of file>"
		}
		if i < len(bl) {
			y = bl[i]
		} else {
			y = "<end of file>"
		}
		if x != y {
			return i + 1, x, y
		}
	}
	return 0, "", ""
}

func TestMiniGolden(t *testing.T) {
	out := miniBuild(t)
	if *updateGolden {
		if err := os.RemoveAll(miniGoldenDir); err != nil {
			t.Fatal(err)
		}
		if err := os.MkdirAll(miniGoldenDir, 0o755); err != nil {
			t.Fatal(err)
		}
		for name, b := range out.files {
			if err := os.WriteFile(filepath.Join(miniGoldenDir, name), b, 0o644); err != nil {
				t.Fatal(err)
			}
		}
		t.Logf("rewrote %d golden files in %s", len(out.files), miniGoldenDir)
	}
	golden := readGolden(t, miniGoldenDir)
	const hint = "run go test ./gen -run TestMiniGolden -update"
	for _, name := range sortedKeys(out.files) {
		want, ok := golden[name]
		if !ok {
			t.Fatalf("%s/%s: no golden file for generated %s; %s", miniGoldenDir, name, name, hint)
		}
		if !bytes.Equal(out.files[name], want) {
			line, got, exp := miniFirstDiff(out.files[name], want)
			t.Fatalf("%s/%s differs from the generated file at line %d:\n got:    %q\n golden: %q\n%s", miniGoldenDir, name, line, got, exp, hint)
		}
	}
	for _, name := range sortedKeys(golden) {
		if _, ok := out.files[name]; !ok {
			t.Fatalf("%s/%s: golden file the pipeline no longer generates; %s", miniGoldenDir, name, hint)
		}
	}
}

func TestMiniFiles(t *testing.T) {
	out := miniBuild(t)
	want := []string{FileClient, FileModels, FileParams, FileRequests, FileResponses}
	if got := sortedKeys(out.files); !slices.Equal(got, want) {
		t.Fatalf("files = %v, want %v", got, want)
	}
	header := Header{SpecFile: "mini.openapi.yaml", SHA256: out.sha}.String()
	for name, b := range out.files {
		first, _, _ := strings.Cut(string(b), "\n")
		if !strings.HasPrefix(first, generatedMarker) || !strings.HasPrefix(first, "// Code generated by altegio-go regen") {
			t.Errorf("%s: first line %q does not start with the generated marker", name, first)
		}
		if !strings.Contains(first, "DO NOT EDIT.") {
			t.Errorf("%s: first line %q lacks DO NOT EDIT.", name, first)
		}
		if !strings.Contains(first, out.sha) {
			t.Errorf("%s: first line %q lacks the spec's sha256 %s", name, first, out.sha)
		}
		if first+"\n" != header {
			t.Errorf("%s: first line %q, want %q", name, first, header)
		}
		if !isGenerated(b) {
			t.Errorf("%s: isGenerated is false", name)
		}
		if !bytes.Contains(b, []byte("\npackage mini\n")) {
			t.Errorf("%s: not in package mini", name)
		}
	}
	if !bytes.Contains(out.files[FileClient], []byte("// Package mini is the generated client")) {
		t.Errorf("%s lacks the package comment", FileClient)
	}
	for name, b := range out.files {
		if name != FileClient && bytes.Contains(b, []byte("// Package mini")) {
			t.Errorf("%s has the package comment; only %s should", name, FileClient)
		}
	}
}

func TestMiniDeterministic(t *testing.T) {
	a := miniBuild(t)
	b := miniBuild(t)
	if got, want := sortedKeys(a.files), sortedKeys(b.files); !slices.Equal(got, want) {
		t.Fatalf("two runs made different files: %v and %v", got, want)
	}
	for name := range a.files {
		if !bytes.Equal(a.files[name], b.files[name]) {
			line, x, y := miniFirstDiff(a.files[name], b.files[name])
			t.Errorf("%s differs between two runs at line %d: %q vs %q", name, line, x, y)
		}
	}
}

func TestMiniPatch(t *testing.T) {
	// The spec as Patch leaves it, before the model names its types.
	spec, err := os.ReadFile(miniSpecPath)
	if err != nil {
		t.Fatal(err)
	}
	overlay, err := os.ReadFile(miniOverlayPath)
	if err != nil {
		t.Fatal(err)
	}
	patched, err := Patch(miniAPI, spec, overlay, miniOverlayPath, Transforms)
	if err != nil {
		t.Fatalf("Patch: %v", err)
	}
	out := miniOutput{patched: patched}
	wantOverlay := []string{
		"$.paths['/internal/reindex']",
		"$.components.schemas.Visit.properties.legacy_status",
		"$.components.schemas[*].properties.starts_at",
	}
	var gotOverlay []string
	for _, a := range out.patched.Overlay {
		gotOverlay = append(gotOverlay, a.Target)
		if a.Description == "" || strings.Contains(a.Description, "\n") {
			t.Errorf("overlay action %s: description %q is not one line", a.Target, a.Description)
		}
	}
	if !slices.Equal(gotOverlay, wantOverlay) {
		t.Errorf("overlay targets = %q, want %q", gotOverlay, wantOverlay)
	}

	// Each count is worked out by hand from mini.openapi.yaml.
	want := []TransformResult{
		// listVisits: Accept inline + Authorization path-level $ref;
		// createVisit: Content-Type inline; getVisit: Accept and
		// Authorization $refs; updateVisit: Content-Type $ref; cancelVisit:
		// lower-case authorization inline; updateClient: Content-Type $ref.
		{Name: "drop-transport-headers", Changed: 8},
		// updateVisit's */* body.
		{Name: "json-request-bodies", Changed: 1},
		// Parameters: shop_id inline in listVisits and createVisit, the
		// shared components/parameters/shop_id, visit_id in getVisit,
		// updateVisit, cancelVisit and getReceipt, visit_ids items,
		// clientId, ownerId (query) = 10. Properties: Visit id, shop_id, client_id
		// ([number, null]), service_ids items; NewVisit client_id,
		// service_ids items; Service id; Customer id, ownerId; Summary
		// busiest_staff_id ([number, null]); uploadPhoto 200 photo_id;
		// Groomer id = 12. Integer ids without a format widened to int64:
		// Service category_id = 1. (createNote's visit_id, which Complete
		// inferred from its example, is int64 already.)
		{Name: "integer-ids", Changed: 23},
		// listVisits page and count, the shared components/parameters/page
		// (once), listServices limit, listClients per_page.
		// shop_id in getVisit, updateVisit, cancelVisit, uploadPhoto,
		// listServices, listClients, getSummary and getShopStatus, and page
		// in listServices and listClients: 10 references to
		// components/parameters made inline; and shop_id in createNote and
		// getReceipt.
		{Name: "inline-parameter-components", Changed: 12},
		{Name: "integer-pagination", Changed: 5},
		{Name: "integer-page-properties", Changed: 0},
		// Customer.balance (integer/int32, "Money on the customer's
		// deposit"); Customer.discount is "Number of discounted visits".
		{Name: "money-numbers", Changed: 1},
		// Customer.phone (number); getShopStatus's phone, which Complete
		// inferred from its example (13155550179) as an integer.
		{Name: "identifier-numbers-as-strings", Changed: 2},
		// Customer.gender.
		{Name: "nullable-enums", Changed: 1},
		// cancelVisit 204, which declares a JSON body (getShopStatus 200
		// and createNote's bodies, examples without a schema, are typed by
		// Complete).
		{Name: "schemaless-json-responses", Changed: 1},
		// Visit.groomer (oneOf $ref, null, maxItems: 0 array), uploadPhoto
		// 200 album (anyOf inline object, array with example []),
		// Customer.address ([object, array] with properties),
		// VisitList.meta ([object, array] without) and getShopStatus 200
		// meta (the empty meta Complete inferred from its example's []).
		{Name: "object-unions", Changed: 5},
		// Customer.category ([object, null, string]), Summary.revenue
		// ([string, number]).
		{Name: "multi-type-raw", Changed: 2},
		// Visit.service_ids, NewVisit.service_ids, VisitList.data and the
		// listVisits visit_ids parameter; and getShopStatus's meta (an
		// empty list in its example, inferred by Complete).
		{Name: "container-omitzero", Changed: 5},
		{Name: "open-objects", Changed: 0},
	}
	if !slices.Equal(out.patched.Transforms, want) {
		t.Errorf("transform counts:\n got  %+v\n want %+v", out.patched.Transforms, want)
	}

	// The overlay removed the internal operation and the duplicate field.
	if out.patched.Doc.Paths.Value("/internal/reindex") != nil {
		t.Error("overlay did not remove /internal/reindex")
	}
	visit := out.patched.Doc.Components.Schemas["Visit"].Value
	if _, ok := visit.Properties["legacy_status"]; ok {
		t.Error("overlay did not remove Visit.legacy_status")
	}
	for _, name := range []string{"Visit", "NewVisit"} {
		if f := out.patched.Doc.Components.Schemas[name].Value.Properties["starts_at"].Value.Format; f != "date-time" {
			t.Errorf("%s.starts_at format = %q, want date-time from the overlay", name, f)
		}
	}
	// The transport header components are gone, and the others are
	// inlined where they were used (oapi-codegen prunes them then).
	forEachOperation(out.patched.Doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		for _, p := range slices.Concat(item.Parameters, op.Parameters) {
			if p.Ref != "" {
				t.Errorf("%s %s: parameter %s is still the reference %s", method, path, p.Value.Name, p.Ref)
			}
		}
	})

	// object-unions typed each union as altegio.Object of its object
	// schema; inline object schemas were moved into components/schemas
	// under names made from their place, and the Groomer $ref was reused.
	schemas := out.patched.Doc.Components.Schemas
	for _, n := range []string{"Customer_address", "VisitList_meta", "uploadPhoto_200_album"} {
		s := schemas[n]
		if s == nil || s.Value == nil || !s.Value.Type.Is("object") {
			t.Errorf("components/schemas/%s: not a hoisted object schema", n)
		}
	}
	album := out.patched.Doc.Paths.Value("/shops/{shop_id}/photos").Post.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties["album"].Value
	for _, u := range []struct {
		what   string
		s      map[string]any
		goType string
	}{
		{"Visit.groomer", visit.Properties["groomer"].Value.Extensions, "altegio.Object[Groomer]"},
		{"Customer.address", schemas["Customer"].Value.Properties["address"].Value.Extensions, "altegio.Object[CustomerAddress]"},
		{"VisitList.meta", schemas["VisitList"].Value.Properties["meta"].Value.Extensions, "altegio.Object[VisitListMeta]"},
		{"uploadPhoto 200 album", album.Extensions, "altegio.Object[UploadPhoto200Album]"},
	} {
		if got := u.s["x-go-type"]; got != u.goType {
			t.Errorf("%s: x-go-type = %v, want %s", u.what, got, u.goType)
		}
		if u.s["x-omitzero"] != true {
			t.Errorf("%s: x-omitzero = %v, want true (an unset Object is left out of request bodies)", u.what, u.s["x-omitzero"])
		}
	}
	// A type list with a scalar besides object is no union: it stays raw.
	if got := schemas["Customer"].Value.Properties["category"].Value.Extensions["x-go-type"]; got != "json.RawMessage" {
		t.Errorf("Customer.category ([object, null, string]): x-go-type = %v, want json.RawMessage", got)
	}
}

// miniHasDecl reports whether src matches pat, a regexp with %s standing
// for name, quoted.
func miniHasDecl(src []byte, pat, name string) bool {
	return regexp.MustCompile(fmt.Sprintf(pat, regexp.QuoteMeta(name))).Match(src)
}

func TestMiniFeatures(t *testing.T) {
	out := miniBuild(t)
	client := out.files[FileClient]
	models := out.files[FileModels]
	params := out.files[FileParams]
	requests := out.files[FileRequests]
	responses := out.files[FileResponses]

	// One method per operation, on the service of its tag, with the whole
	// signature: ctx, path parameters, params, body, options; the data of
	// the success body (or the body, or nothing for a 204) and an error.
	sigs := map[string]string{
		// {data, meta}: the data, in one step; its iterator is ListAll.
		"Visits.List":    "(ctx context.Context, shopID int64, params ListVisitsParams, opts ...altegio.CallOption) ([]Visit, error)",
		"Visits.ListAll": "(ctx context.Context, shopID int64, params ListVisitsParams, opts ...altegio.CallOption) iter.Seq2[Visit, error]",
		"Visits.Create":  "(ctx context.Context, shopID int64, body NewVisit, opts ...altegio.CallOption) (*Visit, error)",
		"Visits.Get":     "(ctx context.Context, shopID int64, visitID int64, opts ...altegio.CallOption) (*Visit, error)",
		// The */* body made JSON by json-request-bodies.
		"Visits.Update": "(ctx context.Context, shopID int64, visitID int64, body NewVisit, opts ...altegio.CallOption) (*Visit, error)",
		"Visits.Cancel": "(ctx context.Context, shopID int64, visitID int64, opts ...altegio.CallOption) error",
		// A body that is not JSON (a PDF) is returned as bytes.
		"Visits.GetReceipt": "(ctx context.Context, shopID int64, visitID int64, opts ...altegio.CallOption) ([]byte, error)",
		// The multipart-only operation takes a content type and a reader.
		"Shops.UploadPhoto":  "(ctx context.Context, shopID int64, contentType string, body io.Reader, opts ...altegio.CallOption) (*UploadPhotoResponse, error)",
		"Shops.ListServices": "(ctx context.Context, shopID int64, params ListServicesParams, opts ...altegio.CallOption) ([]Service, error)",
		// No envelope: the body itself.
		"Shops.GetSummary": "(ctx context.Context, shopID int64, opts ...altegio.CallOption) (*GetSummaryResponse, error)",
		// A JSON body documented by example alone is typed from it, and its
		// data returned.
		"Shops.GetStatus": "(ctx context.Context, shopID int64, opts ...altegio.CallOption) (*GetShopStatusResponseData, error)",
		// A request body documented by example alone is typed from it; a
		// response that holds nothing but success returns only an error.
		"Shops.CreateNote": "(ctx context.Context, shopID int64, body CreateNoteRequest, opts ...altegio.CallOption) error",
		"Clients.List":     "(ctx context.Context, shopID int64, params ListClientsParams, opts ...altegio.CallOption) ([]Customer, error)",
		"Clients.Update":   "(ctx context.Context, clientID int64, body Customer, opts ...altegio.CallOption) (*Customer, error)",
	}
	methodRE := regexp.MustCompile(`(?m)^func \(s \*(\w+)Service\) (\w+)(\(.*?) \{`)
	gotSigs := map[string]string{}
	for _, m := range methodRE.FindAllSubmatch(client, -1) {
		name := string(m[1]) + "." + string(m[2])
		if _, dup := gotSigs[name]; dup {
			t.Errorf("%s is declared twice", name)
		}
		gotSigs[name] = string(m[3])
	}
	if got, want := sortedKeys(gotSigs), sortedKeys(sigs); !slices.Equal(got, want) {
		t.Errorf("service methods = %v, want %v", got, want)
	}
	for name, want := range sigs {
		if got, ok := gotSigs[name]; ok && got != want {
			t.Errorf("%s signature:\n got  %s\n want %s", name, got, want)
		}
	}
	for _, decl := range []string{
		"\nconst DefaultBaseURL = \"https://mini.example.test/api\"\n",
		"\nfunc New(opts ...altegio.Option) *API {\n",
		"\nfunc NewWithRuntime(rt *altegio.Client) *API {\n",
		"\nfunc (a *API) Runtime() *altegio.Client { return a.rt }\n",
		"\ttype VisitsService service\n"[1:],
		"\tVisits *VisitsService\n",
	} {
		if !bytes.Contains(client, []byte(decl)) {
			t.Errorf("client.go lacks %q", strings.TrimSpace(decl))
		}
	}
	// vanilla oapi-codegen's client API is gone: no WithBody or
	// WithResponse methods, no ClientWithResponses, no interfaces, no
	// request editors; the request builders are unexported.
	for name, b := range out.files {
		for _, old := range []string{"ClientWithResponses", "ClientInterface", "WithResponse(", "RequestEditorFn", "HttpRequestDoer", "UploadPhotoWithBody(ctx", "*http.Response", "func New" + "UploadPhoto"} {
			if bytes.Contains(b, []byte(old)) {
				t.Errorf("%s still has %q", name, old)
			}
		}
	}
	if !bytes.Contains(client, []byte("req, err := newUploadPhotoRequestWithBody(s.api.server, shopID, contentType, body)")) {
		t.Error("Shops.UploadPhoto does not build its request with newUploadPhotoRequestWithBody")
	}
	if !bytes.Contains(client, []byte("req, err := newCreateVisitRequest(s.api.server, shopID, body)")) {
		t.Error("Visits.Create does not build its request with the JSON newCreateVisitRequest")
	}
	// Each method sends the tokens its security asks for: both by default,
	// the partner token alone for getSummary, none for the public
	// listServices.
	for name := range sigs {
		if strings.HasSuffix(name, "All") {
			continue
		}
		svc, method, _ := strings.Cut(name, ".")
		body := regexp.MustCompile(`(?s)\nfunc \(s \*` + svc + `Service\) ` + method + `\(.*?\n}\n`).Find(client)
		want := "plumbing.AuthPartnerUser,"
		switch name {
		case "Shops.GetSummary":
			want = "plumbing.AuthPartner,"
		case "Shops.ListServices":
			want = "plumbing.AuthNone,"
		}
		// DoEnvelope for an envelope with a meta, whose method hands
		// the meta to altegio.WithMeta.
		if !bytes.Contains(body, []byte("plumbing.Do(s.api.rt, ctx, req, "+want)) && !bytes.Contains(body, []byte("plumbing.DoEnvelope(s.api.rt, ctx, req, "+want)) {
			t.Errorf("%s does not call plumbing.Do or DoEnvelope with %s", name, strings.TrimSuffix(want, ","))
		}
	}
	// The deprecated operation's method doc ends in a Deprecated: paragraph
	// of its own, so that tools warn callers; nothing else is deprecated.
	if !regexp.MustCompile(`(?m)^// Cancels the visit; use updateVisit with a cancelled status instead\.\n//\n// Deprecated: .+\nfunc \(s \*VisitsService\) Cancel\(`).Match(client) {
		t.Error("Visits.Cancel's doc has no // Deprecated: paragraph right above the func")
	}
	if n := bytes.Count(client, []byte("// Deprecated:")); n != 1 {
		t.Errorf("client.go has %d // Deprecated: lines, want 1 (Visits.Cancel)", n)
	}
	// The response registry has one entry per JSON success response, none
	// for the bodiless 204; error bodies are the runtime's *altegio.APIError
	// (the model drops them).
	entryRE := regexp.MustCompile(`(?m)^\t"(\w+ \d+)": +func\(\) any \{ return new\((.+)\) \},$`)
	entries := map[string]string{}
	for _, m := range entryRE.FindAllSubmatch(responses, -1) {
		entries[string(m[1])] = string(m[2])
	}
	wantEntries := map[string]string{
		"listVisits 200":    "ListVisitsResponse",
		"createVisit 201":   "Visit",
		"getVisit 200":      "Visit",
		"updateVisit 200":   "Visit",
		"uploadPhoto 200":   "UploadPhotoResponse",
		"listServices 200":  "[]Service",
		"listClients 200":   "[]Customer",
		"updateClient 200":  "Customer",
		"getSummary 200":    "GetSummaryResponse",
		"getShopStatus 200": "GetShopStatusResponse",
		"createNote 202":    "CreateNoteResponse",
	}
	if !maps.Equal(entries, wantEntries) {
		t.Errorf("responseBodies:\n got  %v\n want %v", entries, wantEntries)
	}
	if !bytes.Contains(responses, []byte("\nfunc ResponseBody(operationID, status string) (any, bool) {\n")) {
		t.Error("responses.go lacks func ResponseBody(operationID, status string) (any, bool)")
	}
	// Transport headers are gone from every params type and request (the
	// PDF's method sets the Accept header its media type needs).
	for name, b := range out.files {
		b = bytes.ReplaceAll(b, []byte(`altegio.WithRequestHeader("Accept", plumbing.AcceptHeader+", application/pdf;q=0.8")`), nil)
		for _, h := range []string{`"Accept"`, `"Authorization"`, `"authorization"`, "Accept string", "Authorization string"} {
			if bytes.Contains(b, []byte(h)) {
				t.Errorf("%s still mentions transport header %s", name, h)
			}
		}
	}
	// Two integer path parameters, one of them through the shared
	// components/parameters/shop_id, inlined: a plain int64, no alias.
	if !bytes.Contains(client, []byte("Get(ctx context.Context, shopID int64, visitID int64,")) {
		t.Error("Visits.Get does not take shopID int64 and visitID int64")
	}
	for _, alias := range []string{"ShopID", "Page"} {
		if miniHasDecl(models, `(?m)^type %s `, alias) {
			t.Errorf("models.go declares type %s for a parameter component", alias)
		}
	}
	if !bytes.Contains(client, []byte("Create(ctx context.Context, shopID int64,")) {
		t.Error("Visits.Create's inline shop_id is not int64")
	}
	if !bytes.Contains(client, []byte("Update(ctx context.Context, clientID int64,")) {
		t.Error("Clients.Update's clientID is not int64")
	}
	// Query parameters: pagination and an array of ids. Fields are matched
	// as "<type>.<field> <Go type>", gofmt's alignment aside.
	field := func(src []byte, typ, name, goType string) bool {
		re := fmt.Sprintf(`(?s)\ntype %s struct \{[^}]*\n\t+%s +%s +`+"`", regexp.QuoteMeta(typ), regexp.QuoteMeta(name), regexp.QuoteMeta(goType))
		return regexp.MustCompile(re).Match(src)
	}
	for _, f := range [][3]string{
		{"ListVisitsParams", "Page", "*int64"},
		{"ListVisitsParams", "Count", "*int64"},
		{"ListVisitsParams", "VisitIDs", "[]int64"},
		{"ListServicesParams", "Page", "*int64"},
		{"ListServicesParams", "Limit", "*int64"},
		{"ListClientsParams", "PerPage", "*int64"},
		{"ListClientsParams", "OwnerID", "*int64"},
	} {
		if !field(params, f[0], f[1], f[2]) {
			t.Errorf("params.go: no field %s.%s %s", f[0], f[1], f[2])
		}
	}
	if !bytes.Contains(requests, []byte(`"visit_ids"`)) {
		t.Error("requests.go does not encode visit_ids")
	}
	// Models: ids are integers, prices stay floats, nullable ids and
	// enums stay nullable, multi-type schemas are raw JSON, the overlay's
	// date-time is an altegio.Time, a date an altegio.Date, and the
	// object-or-null-or-[] unions are altegio.Object of their object type.
	for _, f := range [][3]string{
		{"Visit", "ID", "int64"},
		{"Visit", "ShopID", "int64"},
		{"Visit", "ClientID", "*int64"},
		{"Visit", "ServiceIDs", "[]int64"},
		{"Visit", "Price", "*float64"},
		{"Visit", "StartsAt", "*altegio.Time"},
		{"Visit", "Groomer", "altegio.Object[Groomer]"},
		{"NewVisit", "ClientID", "int64"},
		{"NewVisit", "StartsAt", "*altegio.Time"},
		{"Service", "Price", "*float64"},
		{"Service", "Duration", "*int64"},
		{"Service", "CategoryID", "*int64"},
		{"Customer", "OwnerID", "*int64"},
		{"Customer", "Gender", "*CustomerGender"},
		{"Customer", "Phone", "*string"},
		{"Customer", "Balance", "*float64"},
		{"Customer", "Discount", "*int64"},
		{"Customer", "Category", "json.RawMessage"},
		{"Customer", "Address", "altegio.Object[CustomerAddress]"},
		{"CustomerAddress", "City", "*string"},
		{"Groomer", "ID", "*int64"},
		{"GetSummaryResponse", "BusiestStaffID", "*int64"},
		{"GetSummaryResponse", "Revenue", "json.RawMessage"},
		{"GetSummaryResponse", "Day", "*altegio.Date"},
		{"ListVisitsResponse", "Meta", "altegio.Object[VisitListMeta]"},
		{"UploadPhotoResponse", "PhotoID", "*int64"},
		{"UploadPhotoResponse", "Album", "altegio.Object[UploadPhoto200Album]"},
		{"UploadPhoto200Album", "Title", "*string"},
	} {
		if !field(models, f[0], f[1], f[2]) {
			t.Errorf("models.go: no field %s.%s %s", f[0], f[1], f[2])
		}
	}
	// An optional list is omitzero alone: nil is left out, [] is sent.
	if !bytes.Contains(models, []byte(`json:"service_ids,omitzero"`)) {
		t.Error(`models.go lacks the tag json:"service_ids,omitzero"`)
	}
	// An unset Object is left out of a request body, not sent as null.
	for _, tag := range []string{`json:"groomer,omitempty,omitzero"`, `json:"address,omitempty,omitzero"`, `json:"meta,omitempty,omitzero"`, `json:"album,omitempty,omitzero"`} {
		if !bytes.Contains(models, []byte(tag)) {
			t.Errorf("models.go lacks the tag %s", tag)
		}
	}
	if !miniHasDecl(models, `(?m)^type %s = map\[string\]interface\{\}$`, "VisitListMeta") {
		t.Error("models.go lacks type VisitListMeta = map[string]interface{} for the property-less [object, array] meta")
	}
	// No time.Time is left: every date and date-time is the runtime's.
	for name, b := range out.files {
		if bytes.Contains(b, []byte("time.Time")) || bytes.Contains(b, []byte(`"time"`)) {
			t.Errorf("%s still uses package time", name)
		}
	}
	if !miniHasDecl(models, `(?m)^type %s int64$`, "CustomerGender") {
		t.Error("models.go lacks type CustomerGender int64")
	}
	for _, c := range []string{"N0 CustomerGender = 0", "N1 CustomerGender = 1", "N2 CustomerGender = 2"} {
		if !bytes.Contains(models, []byte(c)) {
			t.Errorf("models.go lacks enum constant %q", c)
		}
	}
	if bytes.Contains(models, []byte("LegacyStatus")) {
		t.Error("the overlay-removed Visit.legacy_status was generated")
	}
	if bytes.Contains(client, []byte("Reindex")) {
		t.Error("the overlay-removed reindex operation was generated")
	}
}

func TestMiniGoldenCompiles(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	out := miniBuild(t)
	root := moduleRoot(t)
	if err := Verify(context.Background(), root, map[string]map[string][]byte{miniGoldenRel: out.files}); err != nil {
		t.Fatalf("Verify of the mini package: %v", err)
	}
}

func TestMiniVerifyFailure(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	out := miniBuild(t)
	root := moduleRoot(t)
	dir := filepath.Join(root, miniGoldenRel)
	before := snapshotTree(t, dir)

	files := map[string][]byte{}
	for name, b := range out.files {
		files[name] = b
	}
	files["broken.go"] = []byte(Header{SpecFile: "mini.openapi.yaml", SHA256: out.sha}.String() +
		"\npackage mini\n\nvar broken int = \"not an int\"\n")
	err := Verify(context.Background(), root, map[string]map[string][]byte{miniGoldenRel: files})
	if err == nil {
		t.Fatal("Verify accepted a package with a type error")
	}
	msg := err.Error()
	if strings.Contains(msg, "\n") {
		t.Errorf("Verify error is not one line: %q", msg)
	}
	if !strings.Contains(msg, "golden/broken.go") {
		t.Errorf("Verify error %q does not name golden/broken.go", msg)
	}
	if !strings.Contains(msg, "does not compile") {
		t.Errorf("Verify error %q does not say the code does not compile", msg)
	}
	if after := snapshotTree(t, dir); !snapshotsEqual(before, after) {
		t.Errorf("Verify changed %s on disk", dir)
	}
	if _, err := os.Stat(filepath.Join(dir, "broken.go")); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("Verify wrote broken.go into %s", dir)
	}
}

// TestMiniVerifyHidesStale leaves models.go out of the new output: the
// models.go already on disk was generated, so writing would remove it, and
// Verify must build without it.
func TestMiniVerifyHidesStale(t *testing.T) {
	if testing.Short() {
		t.Skip("runs go build")
	}
	out := miniBuild(t)
	root := moduleRoot(t)
	if _, err := os.Stat(filepath.Join(root, miniGoldenRel, FileModels)); err != nil {
		t.Fatalf("golden %s missing: %v", FileModels, err)
	}
	files := map[string][]byte{}
	for name, b := range out.files {
		if name != FileModels {
			files[name] = b
		}
	}
	err := Verify(context.Background(), root, map[string]map[string][]byte{miniGoldenRel: files})
	if err == nil {
		t.Fatal("Verify built the package from the stale models.go on disk")
	}
	if !strings.Contains(err.Error(), "undefined") {
		t.Errorf("Verify error %q, want an undefined name", err)
	}
}
