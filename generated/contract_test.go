//go:build unix

package generated_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"maps"
	"net/http"
	"net/url"
	"os"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio"
	"github.com/altegio-go/altegio/gen"
	"github.com/altegio-go/altegio/generated/b2bv1"
	"github.com/altegio-go/altegio/generated/b2bv2"
	"github.com/altegio-go/altegio/internal/spectest"
	"github.com/altegio-go/altegio/openapi"
	"github.com/altegio-go/altegio/plumbing"
)

// The contract test calls every operation of both APIs through the
// generated clients against Prism, an independent mock server that
// validates each request (path, query, headers, security, body) against
// the spec and answers with the spec's examples.
//
// What Prism serves is Altegio's published spec with our overlay applied
// (openapi/<api>.overlay.yaml), not the spec the generator emits:
//
//   - Requests are checked against Altegio's own declarations. The Go
//     transforms (gen.Transforms) only change how types are generated —
//     integer IDs, transport headers left to the runtime, */* bodies typed
//     as JSON, unions — so checking against them would check the client
//     against itself. Served as published, the header parameters Altegio
//     declares required (Accept, Content-Type, Authorization) are checked
//     on what the runtime really sends, and an ID the client narrowed to an
//     integer must still satisfy Altegio's type.
//   - The overlay stays: each action fixes a place where the published spec
//     contradicts itself, with its evidence (a path parameter typed number
//     that carries a phone number with a leading +, dates typed number in
//     one operation and date in its sibling, response examples that break
//     their own schema). Without it Prism would flag requests that are right
//     and serve examples that no correct type decodes.
//
// Both halves are asserted: Prism reports no violation of the request, and
// its response decodes into the generated type (the method returns nil).

// contractWorkers bounds the calls in flight against one Prism: it answers
// from one Node.js thread, and CI has two cores for both APIs.
const contractWorkers = 4

// contractClient builds each API's generated client against a base URL,
// without a rate limit: Prism is local, and the test calls every operation.
var contractClient = map[string]func(baseURL string, hc *http.Client) reflect.Value{
	"b2b-v1": func(u string, hc *http.Client) reflect.Value {
		return reflect.ValueOf(b2bv1.New(altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(u), altegio.WithHTTPClient(hc), altegio.WithLimiter(nil)))
	},
	"b2b-v2": func(u string, hc *http.Client) reflect.Value {
		return reflect.ValueOf(b2bv2.New(altegio.WithTokens(wirePartner, wireUser), altegio.WithBaseURL(u), altegio.WithHTTPClient(hc), altegio.WithLimiter(nil)))
	},
}

func TestContract(t *testing.T) {
	start := time.Now()
	for _, api := range gen.APIs {
		t.Run(api.Name, func(t *testing.T) {
			t.Parallel()
			runContract(t, api)
		})
	}
	t.Cleanup(func() {
		fmt.Printf("contract: wall time %.1f s (both APIs, Prism start-up included)\n", time.Since(start).Seconds())
	})
}

// servedSpec returns the spec of api with the overlay applied, as YAML
// (see the comment at the top): spec, from which arguments are derived and
// against which the test checks what Prism cannot, and forPrism, the same
// with these differences:
//
//   - Query parameters whose names have brackets (filter[term]) are not
//     required. Prism 5 never finds such a parameter, however the request
//     spells it (stoplightio/prism#2443, open), so it would answer 422 to
//     every call of an operation that requires one; it checks none of
//     them, and checkBracketQuery does, required ones included.
//   - Nor are Accept, Content-Type and Authorization declared outside the
//     headers (get_resource_list and get_product_category_list want them in
//     the query, an upstream defect): the client sends them as headers only,
//     never the token in the URL.
//   - Every application/json response is also declared as
//     application/vnd.api.v2+json, the media type the SDK asks for, as
//     Altegio documents it (plumbing.AcceptHeader). The published specs
//     declare their responses as application/json only, so Prism, which
//     negotiates on the spec, would answer 406 to the documented Accept
//     header; the real API answers it with JSON.
func servedSpec(t *testing.T, api gen.API) (spec, forPrism []byte) {
	t.Helper()
	// The published spec with our overlay and the completion from its own
	// examples (gen.Complete, which settles examples that contradict their
	// schema), without the Go transforms.
	ovData, err := openapi.FS.ReadFile(openapi.OverlayFile(api.Name))
	if err != nil {
		t.Fatal(err)
	}
	p, err := gen.Patch(api, spectest.Spec(t, api).Data, ovData, openapi.OverlayFile(api.Name), nil)
	if err != nil {
		t.Fatal(err)
	}
	completed, err := p.Doc.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal(completed, &root); err != nil {
		t.Fatal(err)
	}
	patched := root.Content[0]
	spec, err = yaml.Marshal(patched)
	if err != nil {
		t.Fatal(err)
	}
	// What Prism serves: the same spec with the SDK's media type declared
	// and the parameters Prism cannot match relaxed, as make mock serves it.
	if forPrism, err = gen.MockSpec(p.Doc); err != nil {
		t.Fatal(err)
	}
	return spec, forPrism
}

// vendorType is the media type Altegio's responses are asked for.
const vendorType = "application/vnd.api.v2+json"

// contractOp is one operation of the served spec.
type contractOp struct {
	ID, Method, Path string
	Op               *openapi3.Operation
	Params           []*openapi3.Parameter // path-level and operation-level, merged
}

func contractOps(doc *openapi3.T) []contractOp {
	var ops []contractOp
	for _, path := range slices.Sorted(maps.Keys(doc.Paths.Map())) {
		item := doc.Paths.Value(path)
		for _, method := range slices.Sorted(maps.Keys(item.Operations())) {
			op := item.Operations()[method]
			var params []*openapi3.Parameter
			idx := map[string]int{}
			for _, list := range []openapi3.Parameters{item.Parameters, op.Parameters} {
				for _, ref := range list {
					if ref == nil || ref.Value == nil {
						continue
					}
					p := ref.Value
					key := p.In + "\x00" + strings.ToLower(p.Name)
					if i, ok := idx[key]; ok {
						params[i] = p
						continue
					}
					idx[key] = len(params)
					params = append(params, p)
				}
			}
			ops = append(ops, contractOp{ID: op.OperationID, Method: method, Path: path, Op: op, Params: params})
		}
	}
	return ops
}

// contractResult is the outcome of one operation.
type contractResult struct {
	Op      contractOp
	Failure string // empty when the operation passed
	// RespViolations are Prism's findings about the response it served, of
	// an operation that passed otherwise: the mocked response (a spec
	// example) breaks the spec's own response schema.
	RespViolations []prismViolation
	Status         int
	Body           []byte
	Sent           string
}

func runContract(t *testing.T, api gen.API) {
	start := time.Now()
	data, forPrism := servedSpec(t, api)
	specFile := filepath.Join(t.TempDir(), api.SpecFile())
	if err := os.WriteFile(specFile, forPrism, 0o644); err != nil {
		t.Fatal(err)
	}
	doc, err := gen.LoadDocument(data, api.SpecFile())
	if err != nil {
		t.Fatal(err)
	}
	ops := contractOps(doc)
	prism := startPrism(t, specFile)
	started := time.Since(start)

	rec := &requestRecorder{}
	hc := &http.Client{Transport: rec, Timeout: 30 * time.Second}
	client := contractClient[api.Name](prism.URL, hc)

	t.Run("accept", func(t *testing.T) { checkAccept(t, prism, api) })

	results := make([]contractResult, len(ops))
	jobs := make(chan int)
	var wg sync.WaitGroup
	for range contractWorkers {
		wg.Go(func() {
			for i := range jobs {
				results[i] = callContractOp(prism, client, rec, ops[i])
			}
		})
	}
	for i := range ops {
		jobs <- i
	}
	close(jobs)
	wg.Wait()

	// A response Prism served with violations passes only as a proven
	// self-contradiction of the published spec: it is one of the spec's own
	// examples, unpatched, that breaks the published schema of its response.
	judge := newExampleJudge(t, api)
	var contradictions []string
	for i := range results {
		r := &results[i]
		if r.Failure != "" || len(r.RespViolations) == 0 {
			continue
		}
		evidence, err := judge.selfContradiction(r)
		if err != nil {
			r.Failure = fmt.Sprintf("Prism served a response that violates the spec, and it is not a published example that breaks its own schema (%v):\n\t%s\n\trequest: %s", err, strings.Join(violationStrings(r.RespViolations), "\n\t"), r.Sent)
			continue
		}
		contradictions = append(contradictions, fmt.Sprintf("%s %d: %s; Prism: %s", r.Op.ID, r.Status, evidence, strings.Join(slices.Compact(violationStrings(r.RespViolations)), "; ")))
	}

	passed := 0
	for _, r := range results {
		if r.Failure == "" {
			passed++
			continue
		}
		t.Errorf("%s (%s %s): %s", r.Op.ID, strings.ToUpper(r.Op.Method), r.Op.Path, r.Failure)
	}
	for _, c := range contradictions {
		t.Logf("response violation that is not the client's: %s", c)
	}
	fmt.Printf("contract %s: %d/%d operations passed (%d of them with a response that breaks its schema: a published example contradicting its own schema, or Prism's placeholder for a pattern; listed with -v; Prism ready in %.1f s, %.1f s in all)\n", api.Name, passed, len(ops), len(contradictions), started.Seconds(), time.Since(start).Seconds())
	if err := prism.alive(context.Background()); err != nil {
		t.Error(err)
	}
}

var pathParamRE = regexp.MustCompile(`\{([^}]+)\}`)

// callContractOp calls one operation through the generated client with
// arguments derived from the spec and judges the outcome.
func callContractOp(prism *prismServer, client reflect.Value, rec *requestRecorder, op contractOp) contractResult {
	res := contractResult{Op: op}
	fail := func(format string, args ...any) contractResult {
		res.Failure = fmt.Sprintf(format, args...)
		return res
	}
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	m, args, problems, failure := contractArgs(ctx, client, op)
	if failure != "" {
		return fail("%s", failure)
	}

	var resp *http.Response
	args = append(args, reflect.ValueOf(altegio.WithResponse(&resp)))
	out := m.Call(args)
	callErr, _ := out[len(out)-1].Interface().(error)

	var sent string
	if resp != nil && resp.Request != nil {
		sent = rec.describe(resp.Request)
	}
	reqViolations, respViolations := prismViolations(resp)
	if resp != nil && resp.Request != nil {
		reqViolations = append(dropPrismBracketBug(reqViolations), checkBracketQuery(op, resp.Request.URL.Query())...)
	}
	res.Sent = sent
	switch {
	case callErr == nil && len(reqViolations) == 0:
		if len(respViolations) > 0 {
			res.RespViolations = respViolations
			res.Status = resp.StatusCode
			res.Body, _ = io.ReadAll(resp.Body)
		}
		return res
	case callErr == nil:
		res.Failure = "Prism answered " + resp.Status + " with violations of the request:\n\t" + strings.Join(reqViolations, "\n\t")
	default:
		var apiErr *altegio.APIError
		var decErr *altegio.DecodeError
		switch {
		case errors.As(callErr, &decErr):
			res.Failure = fmt.Sprintf("the response does not decode into the generated type: %v", callErr)
		case errors.As(callErr, &apiErr) && len(reqViolations) > 0:
			res.Failure = fmt.Sprintf("Prism answered %d with violations of the request:\n\t%s", apiErr.StatusCode, strings.Join(reqViolations, "\n\t"))
		default:
			res.Failure = callErr.Error()
			if err := prism.alive(ctx); err != nil {
				res.Failure += " (" + err.Error() + ")"
			}
		}
	}
	if len(respViolations) > 0 {
		res.Failure += "\n\tand of the response:\n\t" + strings.Join(violationStrings(respViolations), "\n\t")
	}
	if sent != "" {
		res.Failure += "\n\trequest: " + sent
	}
	if len(problems) > 0 {
		res.Failure += "\n\tnotes: " + strings.Join(problems, "; ")
	}
	return res
}

// contractArgs returns the method of client that calls op and the
// arguments of a call, derived from the spec: path arguments, the Params
// struct and the body, each a value that satisfies its schema where one
// can be made (problems notes where none could), without call options; or
// why no call can be made.
func contractArgs(ctx context.Context, client reflect.Value, op contractOp) (m reflect.Value, args []reflect.Value, problems []string, failure string) {
	api := apiOf(client.Type())
	name := goName(api, op.ID)
	m = methodValue(client, api, op.ID)
	if !m.IsValid() {
		return m, nil, nil, fmt.Sprintf("no method %q", name)
	}
	mt := m.Type()
	last := mt.NumIn() - 1 // the variadic call options
	vm := newValueMaker()

	args = []reflect.Value{reflect.ValueOf(ctx)}

	// Path arguments, in path order.
	byName := map[string]*openapi3.Parameter{}
	for _, p := range op.Params {
		if p.In == openapi3.ParameterInPath {
			byName[p.Name] = p
		}
	}
	names := pathParamRE.FindAllStringSubmatch(op.Path, -1)
	if last < 1+len(names) {
		return m, nil, nil, fmt.Sprintf("Client.%s takes %d arguments for %d path parameters", name, mt.NumIn(), len(names))
	}
	for i, nm := range names {
		p := byName[nm[1]]
		if p == nil {
			return m, nil, nil, fmt.Sprintf("path parameter {%s} is not declared", nm[1])
		}
		vals, ok := vm.paramCandidates(p)
		if !ok {
			problems = append(problems, fmt.Sprintf("no value satisfies path parameter %s's schema", p.Name))
		}
		v, _, err := fitFirst(mt.In(1+i), vals)
		if err != nil {
			return m, nil, nil, fmt.Sprintf("path parameter %s: no valid value (%s) fits the argument's type %v: %v", p.Name, shortJSON(vals[0], 80), mt.In(1+i), err)
		}
		args = append(args, v)
	}

	// Then the Params struct, then the body: a typed JSON value, or a
	// content type and a reader.
	raw := last >= 2 && mt.In(last-1) == reflect.TypeFor[io.Reader]()
	for i := 1 + len(names); i < last; i++ {
		in := mt.In(i)
		switch {
		case raw && i == last-2:
			ct, body, err := rawBody(vm, op)
			if err != nil {
				return m, nil, nil, fmt.Sprintf("request body: %v", err)
			}
			args = append(args, reflect.ValueOf(ct), reflect.ValueOf(io.Reader(bytes.NewReader(body))))
			i++
		case in.Kind() == reflect.Struct && strings.HasSuffix(in.Name(), "Params"):
			pv := reflect.New(in)
			for _, p := range op.Params {
				if p.In == openapi3.ParameterInPath || gen.IsTransportHeader(p.Name) {
					continue
				}
				f, ok := paramField(in, p.Name)
				if !ok {
					return m, nil, nil, fmt.Sprintf("%s has no field for the %s parameter %q", in.Name(), p.In, p.Name)
				}
				vals, ok := vm.paramCandidates(p)
				if !ok {
					problems = append(problems, fmt.Sprintf("no value satisfies %s parameter %s's schema", p.In, p.Name))
				}
				v, _, err := fitFirst(f.Type, vals)
				if err != nil {
					if p.Required {
						return m, nil, nil, fmt.Sprintf("required %s parameter %s: no valid value (%s) fits the field %s %v: %v", p.In, p.Name, shortJSON(vals[0], 80), f.Name, f.Type, err)
					}
					problems = append(problems, fmt.Sprintf("%s parameter %s left out: no valid value (%s) fits %s %v: %v", p.In, p.Name, shortJSON(vals[0], 80), f.Name, f.Type, err))
					continue
				}
				pv.Elem().FieldByIndex(f.Index).Set(v)
			}
			args = append(args, pv.Elem())
		default:
			mtype, media := jsonMedia(op)
			if media == nil {
				return m, nil, nil, fmt.Sprintf("Client.%s takes a body %v, but the operation declares no JSON request body", name, in)
			}
			vals, ok := vm.mediaCandidates(media)
			if !ok {
				problems = append(problems, fmt.Sprintf("no value satisfies the %s request body schema", mtype))
			}
			v, _, err := fitFirst(in, vals)
			if err != nil {
				return m, nil, nil, fmt.Sprintf("no valid request body (%s) fits %v: %v", shortJSON(vals[0], 200), in, err)
			}
			args = append(args, v)
		}
	}

	return m, args, problems, ""
}

// prismBracketBug matches what Prism 5 reports for a required query
// parameter whose name has brackets (filter[term]): it looks the name up
// percent-encoded and lower-cased, so it never finds it, however the
// request spells it (stoplightio/prism#2443, open). It checks no bracketed
// parameter at all; checkBracketQuery does instead.
var prismBracketBug = regexp.MustCompile(`^(request\.)?query \[Error\] required: Request query must have required property '[^']*%5b[^']*'$`)

func dropPrismBracketBug(vs []string) []string {
	return slices.DeleteFunc(vs, prismBracketBug.MatchString)
}

// checkBracketQuery does Prism's work for the query parameters whose names
// have brackets: a required one is present, and every one present has a
// value that satisfies its schema.
func checkBracketQuery(op contractOp, q url.Values) []string {
	var out []string
	for _, p := range op.Params {
		if p.In != openapi3.ParameterInQuery || !strings.Contains(p.Name, "[") || p.Schema == nil || p.Schema.Value == nil {
			continue
		}
		vals, ok := q[p.Name]
		if !ok {
			if p.Required {
				out = append(out, fmt.Sprintf("query.%s [Error] required: the required query parameter is missing (checked by the test: Prism checks no bracketed name)", p.Name))
			}
			continue
		}
		s := p.Schema.Value
		var v any
		if s.Type.Is(openapi3.TypeArray) {
			if len(vals) == 1 && p.Explode != nil && !*p.Explode {
				vals = strings.Split(vals[0], ",")
			}
			var items *openapi3.Schema
			if s.Items != nil {
				items = s.Items.Value
			}
			list := []any{}
			for _, x := range vals {
				list = append(list, queryScalar(items, x))
			}
			v = list
		} else {
			if len(vals) != 1 {
				out = append(out, fmt.Sprintf("query.%s [Error] the parameter is sent %d times (checked by the test)", p.Name, len(vals)))
				continue
			}
			v = queryScalar(s, vals[0])
		}
		if err := validate(s, v); err != nil {
			out = append(out, fmt.Sprintf("query.%s [Error] %q does not satisfy the parameter's schema (checked by the test): %s", p.Name, vals, strings.Join(strings.Fields(err.Error()), " ")))
		}
	}
	return out
}

// queryScalar reads a query value as the JSON value its schema types it.
func queryScalar(s *openapi3.Schema, x string) any {
	if s == nil || s.Type == nil {
		return x
	}
	switch {
	case s.Type.Includes(openapi3.TypeInteger) || s.Type.Includes(openapi3.TypeNumber):
		if f, err := strconv.ParseFloat(x, 64); err == nil {
			return f
		}
	case s.Type.Includes(openapi3.TypeBoolean):
		if b, err := strconv.ParseBool(x); err == nil {
			return b
		}
	}
	return x
}

// jsonMedia returns the request body media type that the generated typed
// body method sends as JSON: application/json, or */* (sent as JSON).
func jsonMedia(op contractOp) (string, *openapi3.MediaType) {
	if op.Op.RequestBody == nil || op.Op.RequestBody.Value == nil {
		return "", nil
	}
	c := op.Op.RequestBody.Value.Content
	for _, mt := range []string{"application/json", "*/*"} {
		if m := c[mt]; m != nil {
			return mt, m
		}
	}
	for _, mt := range slices.Sorted(maps.Keys(c)) {
		if isJSON(mt) {
			return mt, c[mt]
		}
	}
	return "", nil
}

// rawBody builds the body of an operation whose method takes a content
// type and a reader: a multipart/form-data form from the schema.
func rawBody(vm *valueMaker, op contractOp) (string, []byte, error) {
	if op.Op.RequestBody == nil || op.Op.RequestBody.Value == nil {
		return "", nil, errors.New("the method takes a body, the operation declares none")
	}
	media := op.Op.RequestBody.Value.Content["multipart/form-data"]
	if media == nil || media.Schema == nil || media.Schema.Value == nil {
		return "", nil, fmt.Errorf("no multipart/form-data schema among %v", slices.Sorted(maps.Keys(op.Op.RequestBody.Value.Content)))
	}
	vals, _ := vm.mediaCandidates(media)
	return multipartBody(media.Schema.Value, vals[0])
}

// prismViolation is one entry of Prism's sl-violations header, or of the
// validation list of its own 422 problem document.
type prismViolation struct {
	Location []string `json:"location"`
	Severity string   `json:"severity"`
	Code     any      `json:"code"`
	Message  string   `json:"message"`
}

func (v prismViolation) String() string {
	return fmt.Sprintf("%s [%s] %s: %s", strings.Join(v.Location, "."), v.Severity, fmt.Sprint(v.Code), v.Message)
}

// prismViolations lists what Prism reported about a request and about
// the response it mocked: its sl-violations header, the validation list of
// its own problem document (application/problem+json) and, for its other
// errors (406, a path matching no operation), the problem's title and
// detail.
func prismViolations(resp *http.Response) (request []string, response []prismViolation) {
	if resp == nil {
		return nil, nil
	}
	add := func(v prismViolation) {
		if len(v.Location) > 0 && v.Location[0] == "response" {
			response = append(response, v)
		} else {
			request = append(request, v.String())
		}
	}
	if h := resp.Header.Get("sl-violations"); h != "" {
		var vs []prismViolation
		if err := json.Unmarshal([]byte(h), &vs); err != nil {
			request = append(request, "sl-violations: "+h)
		}
		for _, v := range vs {
			add(v)
		}
	}
	if resp.StatusCode >= 400 && resp.Body != nil {
		body, _ := io.ReadAll(resp.Body)
		resp.Body = io.NopCloser(bytes.NewReader(body))
		var problem struct {
			Type       string           `json:"type"`
			Title      string           `json:"title"`
			Detail     string           `json:"detail"`
			Validation []prismViolation `json:"validation"`
		}
		if json.Unmarshal(body, &problem) == nil && strings.Contains(problem.Type, "stoplight.io/prism/errors") {
			if len(problem.Validation) == 0 {
				request = append(request, problem.Title+": "+problem.Detail)
			}
			for _, v := range problem.Validation {
				add(v)
			}
		}
	}
	return request, response
}

// requestRecorder is an http.RoundTripper that keeps each request's body,
// so that a failure can show what was sent.
type requestRecorder struct {
	bodies sync.Map // *http.Request → []byte
}

func (rr *requestRecorder) RoundTrip(req *http.Request) (*http.Response, error) {
	if req.Body != nil && req.Body != http.NoBody {
		body, err := io.ReadAll(req.Body)
		req.Body.Close()
		if err != nil {
			return nil, err
		}
		rr.bodies.Store(req, body)
		req.Body = io.NopCloser(bytes.NewReader(body))
	}
	return http.DefaultTransport.RoundTrip(req)
}

// describe shows a request sent through rr: method, target, the headers
// Prism checks and the body, cut short.
func (rr *requestRecorder) describe(req *http.Request) string {
	var b strings.Builder
	fmt.Fprintf(&b, "%s %s", req.Method, req.URL.RequestURI())
	if ct := req.Header.Get("Content-Type"); ct != "" {
		fmt.Fprintf(&b, " (Content-Type: %s)", ct)
	}
	if body, ok := rr.bodies.Load(req); ok {
		s := string(body.([]byte))
		if len(s) > 600 {
			s = s[:600] + "…"
		}
		b.WriteString(" " + s)
	}
	return b.String()
}

// checkAccept checks that Prism, serving the spec with the vendor media
// type declared (see servedSpec), answers the SDK's Accept header, the one
// Altegio documents, with JSON under that type, with or without a charset.
func checkAccept(t *testing.T, prism *prismServer, api gen.API) {
	target := map[string]string{
		"b2b-v1": "/company/123456",          // get_location
		"b2b-v2": "/locations/123/positions", // list_positions
	}[api.Name]
	get := func(accept string) (int, string) {
		req, err := http.NewRequest(http.MethodGet, prism.URL+target, nil)
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Authorization", authBoth)
		req.Header.Set("Accept", accept)
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, resp.Body)
		resp.Body.Close()
		return resp.StatusCode, resp.Header.Get("Content-Type")
	}
	if plumbing.AcceptHeader != vendorType {
		t.Errorf("plumbing.AcceptHeader = %q, want %q", plumbing.AcceptHeader, vendorType)
	}
	for _, accept := range []string{plumbing.AcceptHeader, vendorType + "; charset=utf-8"} {
		if status, ctype := get(accept); status != http.StatusOK || !strings.HasPrefix(ctype, vendorType) {
			t.Errorf("Accept: %s: Prism answered %d with %q, want 200 with %s", accept, status, ctype, vendorType)
		}
	}
}

// exampleJudge tells a response example that breaks its own schema in the
// published spec (Altegio's contradiction) from anything else.
type exampleJudge struct {
	served  map[string][]example // by "op status", from the served spec
	rawByID map[string]example   // by Key, from the published spec
	rawDoc  *openapi3.T
}

func newExampleJudge(t *testing.T, api gen.API) *exampleJudge {
	t.Helper()
	raw, patched := specs(t, api)
	j := &exampleJudge{served: map[string][]example{}, rawByID: map[string]example{}}
	rl, sl := specExamples(t, raw)
	for _, ex := range append(rl, sl...) {
		j.rawByID[ex.Key] = ex
	}
	pl, ps := specExamples(t, patched)
	for _, ex := range append(pl, ps...) {
		j.served[ex.Op+" "+ex.Status] = append(j.served[ex.Op+" "+ex.Status], ex)
	}
	doc, err := gen.LoadDocument(spectest.Spec(t, api).Data, api.SpecFile())
	if err != nil {
		t.Fatal(err)
	}
	j.rawDoc = doc
	return j
}

// selfContradiction returns the evidence that r's response is a published
// example that breaks the published schema of its response, or why not.
func (j *exampleJudge) selfContradiction(r *contractResult) (string, error) {
	var body any
	if err := json.Unmarshal(r.Body, &body); err != nil {
		return "", fmt.Errorf("the body is not JSON: %v", err)
	}
	status := strconv.Itoa(r.Status)
	for _, ex := range j.served[r.Op.ID+" "+status] {
		var v any
		if json.Unmarshal(ex.JSON, &v) != nil || !reflect.DeepEqual(v, body) {
			continue
		}
		rawEx, ok := j.rawByID[ex.Key]
		if !ok || !bytes.Equal(rawEx.JSON, ex.JSON) {
			return "", fmt.Errorf("the example %s is patched by the overlay", ex.Key)
		}
		item := j.rawDoc.Paths.Find(r.Op.Path)
		var op *openapi3.Operation
		if item != nil {
			op = item.GetOperation(strings.ToUpper(r.Op.Method))
		}
		if op == nil || op.Responses == nil || op.Responses.Value(status) == nil || op.Responses.Value(status).Value == nil {
			return "", fmt.Errorf("no %s response in the published spec", status)
		}
		media := op.Responses.Value(status).Value.Content[ex.MediaType]
		if media == nil || media.Schema == nil || media.Schema.Value == nil {
			return "", fmt.Errorf("no %s schema in the published spec", ex.MediaType)
		}
		var rawV any
		json.Unmarshal(rawEx.JSON, &rawV)
		verr := media.Schema.Value.VisitJSON(rawV, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation())
		if verr == nil {
			return "", fmt.Errorf("kin-openapi finds the published example %s (spec line %d) valid against its published schema", ex.Key, rawEx.Line)
		}
		msg := strings.Join(strings.Fields(verr.Error()), " ")
		if len(msg) > 300 {
			msg = msg[:300] + "…"
		}
		return fmt.Sprintf("the published example %s (spec line %d) breaks its published schema (kin-openapi agrees: %s)", ex.Key, rawEx.Line, msg), nil
	}
	return j.propertyExamples(r, body, status)
}

// propertyExamples proves a self-contradiction in a body Prism built from
// the schema and the examples of its properties: every violation is at, or
// above, a value that is a property's own published example and breaks
// that property's published schema.
func (j *exampleJudge) propertyExamples(r *contractResult, body any, status string) (string, error) {
	item := j.rawDoc.Paths.Find(r.Op.Path)
	var op *openapi3.Operation
	if item != nil {
		op = item.GetOperation(strings.ToUpper(r.Op.Method))
	}
	if op == nil || op.Responses == nil || op.Responses.Value(status) == nil || op.Responses.Value(status).Value == nil {
		return "", fmt.Errorf("no %s response in the published spec", status)
	}
	var root *openapi3.Schema
	for _, ct := range slices.Sorted(maps.Keys(op.Responses.Value(status).Value.Content)) {
		if m := op.Responses.Value(status).Value.Content[ct]; isJSON(ct) && m.Schema != nil && m.Schema.Value != nil {
			root = m.Schema.Value
			break
		}
	}
	if root == nil {
		return "", fmt.Errorf("no JSON schema for %s in the published spec", status)
	}
	var proven [][]string
	var evidence []string
	for _, v := range r.RespViolations {
		if len(v.Location) < 2 || v.Location[1] != "body" {
			continue
		}
		path := v.Location[2:]
		val, ok := valueAt(body, path)
		if !ok {
			continue
		}
		// A string with a pattern or format and no example anywhere gets
		// Prism's placeholder "string": its static generator ignores
		// pattern and most formats. Neither the spec's fault nor the
		// client's.
		if code := fmt.Sprint(v.Code); val == "string" && (code == "pattern" || code == "format") {
			proven = append(proven, path)
			evidence = append(evidence, fmt.Sprintf("%s is Prism's placeholder \"string\" (no example; Prism's static generator ignores %s)", strings.Join(path, "."), code))
			continue
		}
		// The value comes from the example of the schema at path, or of
		// one above it (json-schema-sampler takes the nearest example).
	prefixes:
		for k := len(path); k >= 0; k-- {
			for _, n := range schemasAt(root, path[:k], 0) {
				for _, ex := range append([]any{n.Example}, n.Examples...) {
					if ex == nil {
						continue
					}
					exv := normalizeJSON(ex)
					if at, ok := valueAt(exv, path[k:]); !ok || !reflect.DeepEqual(at, val) {
						continue
					}
					if n.VisitJSON(exv, openapi3.EnableJSONSchema2020(), openapi3.VisitAsResponse(), openapi3.EnableFormatValidation()) != nil {
						proven = append(proven, path)
						where := strings.Join(path[:k], ".")
						if where == "" {
							where = "the response schema"
						}
						evidence = append(evidence, fmt.Sprintf("the example of %s (giving %s = %s) breaks its own published schema (kin-openapi agrees)", where, strings.Join(path, "."), shortJSON(val, 60)))
						break prefixes
					}
				}
			}
		}
	}
	for _, v := range r.RespViolations {
		path := v.Location[min(2, len(v.Location)):]
		covered := slices.ContainsFunc(proven, func(p []string) bool {
			return len(p) >= len(path) && slices.Equal(p[:len(path)], path)
		})
		if !covered {
			return "", fmt.Errorf("%s is not at or above a property example that breaks its own published schema", v)
		}
	}
	slices.Sort(evidence)
	return "Prism built the body from the published schema: " + strings.Join(slices.Compact(evidence), "; "), nil
}

// valueAt returns the value at path (object keys, array indexes) in v.
func valueAt(v any, path []string) (any, bool) {
	for _, seg := range path {
		switch x := v.(type) {
		case map[string]any:
			var ok bool
			if v, ok = x[seg]; !ok {
				return nil, false
			}
		case []any:
			i, err := strconv.Atoi(seg)
			if err != nil || i < 0 || i >= len(x) {
				return nil, false
			}
			v = x[i]
		default:
			return nil, false
		}
	}
	return v, true
}

// schemasAt returns the schemas that may describe the value at path below
// s, through properties, items and the alternatives of allOf, oneOf and
// anyOf.
func schemasAt(s *openapi3.Schema, path []string, depth int) []*openapi3.Schema {
	if s == nil || depth > 64 {
		return nil
	}
	var out []*openapi3.Schema
	for _, alts := range []openapi3.SchemaRefs{s.AllOf, s.OneOf, s.AnyOf} {
		for _, a := range alts {
			if a != nil {
				out = append(out, schemasAt(a.Value, path, depth+1)...)
			}
		}
	}
	if len(path) == 0 {
		return append(out, s)
	}
	if p := s.Properties[path[0]]; p != nil {
		out = append(out, schemasAt(p.Value, path[1:], depth+1)...)
	} else if s.AdditionalProperties.Schema != nil {
		out = append(out, schemasAt(s.AdditionalProperties.Schema.Value, path[1:], depth+1)...)
	}
	if _, err := strconv.Atoi(path[0]); err == nil && s.Items != nil {
		out = append(out, schemasAt(s.Items.Value, path[1:], depth+1)...)
	}
	return out
}

// violationStrings shows violations one per string.
func violationStrings(vs []prismViolation) []string {
	out := make([]string, len(vs))
	for i, v := range vs {
		out[i] = v.String()
	}
	return out
}
