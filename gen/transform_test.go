package gen

import (
	"slices"
	"strings"
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

// trDoc loads an OpenAPI 3.1 document whose paths and components are given
// as YAML, indented as top-level keys' values (two spaces).
func trDoc(t *testing.T, paths, components string) *openapi3.T {
	t.Helper()
	src := "openapi: 3.1.1\ninfo:\n  title: transform test\n  version: 1.0.0\npaths:\n" + paths
	if components != "" {
		src += "components:\n" + components
	}
	doc, err := LoadDocument([]byte(src), "transform-test.yaml")
	if err != nil {
		t.Fatalf("LoadDocument: %v\n%s", err, src)
	}
	return doc
}

// trApply runs the transform called name on doc and checks its count.
func trApply(t *testing.T, name string, doc *openapi3.T, want int) {
	t.Helper()
	for _, tr := range Transforms {
		if tr.Name == name {
			n, err := tr.Apply(doc)
			if err != nil {
				t.Fatalf("%s: %v", name, err)
			}
			if n != want {
				t.Errorf("%s changed %d places, want %d", name, n, want)
			}
			// A second run finds nothing left to fix.
			n, err = tr.Apply(doc)
			if err != nil {
				t.Fatalf("%s, second run: %v", name, err)
			}
			if n != 0 {
				t.Errorf("%s, second run, changed %d places, want 0", name, n)
			}
			return
		}
	}
	t.Fatalf("no transform %s", name)
}

// trTypes returns a schema's type list and format as "type1,type2/format".
func trTypes(s *openapi3.SchemaRef) string {
	if s == nil || s.Value == nil {
		return "<nil>"
	}
	var types []string
	if s.Value.Type != nil {
		types = s.Value.Type.Slice()
	}
	out := strings.Join(types, ",")
	if s.Value.Format != "" {
		out += "/" + s.Value.Format
	}
	return out
}

// trOp returns the operation at method and path.
func trOp(t *testing.T, doc *openapi3.T, method, path string) *openapi3.Operation {
	t.Helper()
	item := doc.Paths.Value(path)
	if item == nil {
		t.Fatalf("no path %s", path)
	}
	op := item.GetOperation(method)
	if op == nil {
		t.Fatalf("no %s %s", method, path)
	}
	return op
}

// trParamNames lists parameters as "in:name".
func trParamNames(params openapi3.Parameters) []string {
	var out []string
	for _, p := range params {
		out = append(out, p.Value.In+":"+p.Value.Name)
	}
	return out
}

// trParam finds the parameter in:name among params.
func trParam(t *testing.T, params openapi3.Parameters, in, name string) *openapi3.Parameter {
	t.Helper()
	for _, p := range params {
		if p.Value.In == in && p.Value.Name == name {
			return p.Value
		}
	}
	t.Fatalf("no parameter %s:%s among %v", in, name, trParamNames(params))
	return nil
}

func TestTransformsDocumented(t *testing.T) {
	if len(Transforms) == 0 {
		t.Fatal("no transforms")
	}
	seen := map[string]bool{}
	for i, tr := range Transforms {
		for field, v := range map[string]string{"Name": tr.Name, "Reason": tr.Reason, "Evidence": tr.Evidence} {
			if strings.TrimSpace(v) == "" {
				t.Errorf("transform %d (%s): empty %s", i, tr.Name, field)
			}
			if strings.ContainsAny(v, "\r\n") {
				t.Errorf("transform %d (%s): %s is not one line: %q", i, tr.Name, field, v)
			}
			if v != strings.TrimSpace(v) {
				t.Errorf("transform %d (%s): %s has surrounding space: %q", i, tr.Name, field, v)
			}
		}
		if strings.ContainsAny(tr.Name, " \t") {
			t.Errorf("transform %d: name %q has spaces", i, tr.Name)
		}
		if tr.Apply == nil {
			t.Errorf("transform %s: no Apply", tr.Name)
		}
		if seen[tr.Name] {
			t.Errorf("transform %s listed twice", tr.Name)
		}
		seen[tr.Name] = true
	}
}

func TestDropTransportHeaders(t *testing.T) {
	doc := trDoc(t, `
  /a:
    parameters:
      - $ref: '#/components/parameters/auth'
      - name: X-Trace
        in: header
        schema: {type: string}
    get:
      parameters:
        - name: Accept
          in: header
          required: true
          schema: {type: string}
        - name: accept
          in: query
          schema: {type: string}
        - name: CONTENT-TYPE
          in: header
          schema: {type: string}
        - name: X-Partner
          in: header
          schema: {type: string}
      responses:
        '204': {description: ok}
    post:
      parameters:
        - $ref: '#/components/parameters/content_type'
        - $ref: '#/components/parameters/accept'
        - name: authorization
          in: header
          schema: {type: string}
      responses:
        '204': {description: ok}
  /b:
    get:
      parameters:
        - $ref: '#/components/parameters/page'
        - name: Authorization
          in: cookie
          schema: {type: string}
      responses:
        '204': {description: ok}
  /resources/{location_id}:
    parameters:
      - name: Authorization
        in: query
        required: true
        schema: {type: string}
    get:
      parameters:
        - name: location_id
          in: path
          required: true
          schema: {type: number}
        - name: Accept
          in: query
          required: true
          schema: {type: string}
        - name: Content-Type
          in: query
          required: true
          schema: {type: string}
        - $ref: '#/components/parameters/auth_query'
        - name: Accept-Language
          in: query
          schema: {type: string}
      responses:
        '204': {description: ok}
`, `
  parameters:
    auth:
      name: Authorization
      in: header
      required: true
      schema: {type: string}
    content_type:
      name: Content-Type
      in: header
      schema: {type: string}
    accept:
      name: Accept
      in: header
      schema: {type: string}
    auth_query:
      name: authorization
      in: query
      schema: {type: string}
    page:
      name: page
      in: query
      schema: {type: number}
`)
	// /a: path-level auth once; get: Accept, accept (query), CONTENT-TYPE;
	// post: the two refs and authorization. /b: Authorization (cookie).
	// /resources: path-level Authorization (query); get: Accept and
	// Content-Type (query) and the auth_query ref.
	trApply(t, "drop-transport-headers", doc, 12)
	item := doc.Paths.Value("/a")
	if got, want := trParamNames(item.Parameters), []string{"header:X-Trace"}; !slices.Equal(got, want) {
		t.Errorf("/a parameters = %v, want %v", got, want)
	}
	if got, want := trParamNames(item.Get.Parameters), []string{"header:X-Partner"}; !slices.Equal(got, want) {
		t.Errorf("GET /a parameters = %v, want %v", got, want)
	}
	if got := trParamNames(item.Post.Parameters); len(got) != 0 {
		t.Errorf("POST /a parameters = %v, want none", got)
	}
	if got, want := trParamNames(trOp(t, doc, "GET", "/b").Parameters), []string{"query:page"}; !slices.Equal(got, want) {
		t.Errorf("GET /b parameters = %v, want %v", got, want)
	}
	res := doc.Paths.Value("/resources/{location_id}")
	if got := trParamNames(res.Parameters); len(got) != 0 {
		t.Errorf("/resources/{location_id} parameters = %v, want none", got)
	}
	if got, want := trParamNames(res.Get.Parameters), []string{"path:location_id", "query:Accept-Language"}; !slices.Equal(got, want) {
		t.Errorf("GET /resources/{location_id} parameters = %v, want %v", got, want)
	}
	if got, want := sortedKeys(doc.Components.Parameters), []string{"page"}; !slices.Equal(got, want) {
		t.Errorf("components/parameters = %v, want %v", got, want)
	}
}

// TestDropTransportHeadersPathParameter: a path parameter cannot be dropped
// without leaving its {name} in the path unfilled, so it is an error naming
// the operation and the parameter.
func TestDropTransportHeadersPathParameter(t *testing.T) {
	doc := trDoc(t, `
  /tokens/{Authorization}:
    get:
      parameters:
        - name: Authorization
          in: path
          required: true
          schema: {type: string}
      responses:
        '204': {description: ok}
`, "")
	_, err := dropTransportHeaders(doc)
	if err == nil {
		t.Fatal("dropTransportHeaders accepted a path parameter named Authorization")
	}
	if want := `GET /tokens/{Authorization}: path parameter "Authorization" has a transport header's name`; !strings.Contains(err.Error(), want) {
		t.Errorf("error %q does not contain %q", err, want)
	}
	if got := trParamNames(trOp(t, doc, "GET", "/tokens/{Authorization}").Parameters); !slices.Equal(got, []string{"path:Authorization"}) {
		t.Errorf("parameters = %v, want the path parameter kept", got)
	}
}

func TestJSONRequestBodies(t *testing.T) {
	doc := trDoc(t, `
  /a:
    put:
      requestBody:
        content:
          '*/*':
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: ok}
    post:
      requestBody:
        content:
          '*/*':
            schema: {type: string}
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '204': {description: ok}
    patch:
      requestBody:
        content:
          multipart/form-data:
            schema: {type: object}
      responses:
        '204': {description: ok}
    get:
      responses:
        '200':
          description: ok
          content:
            '*/*':
              schema: {type: string}
`, `
  schemas:
    Thing:
      type: object
      properties:
        name: {type: string}
`)
	put := trOp(t, doc, "PUT", "/a").RequestBody.Value.Content
	wantSchema := put["*/*"].Schema
	trApply(t, "json-request-bodies", doc, 1)
	if got := sortedKeys(put); !slices.Equal(got, []string{"application/json"}) {
		t.Errorf("PUT body media types = %v, want [application/json]", got)
	}
	if put["application/json"].Schema != wantSchema {
		t.Error("PUT body schema changed in the move")
	}
	if got := sortedKeys(trOp(t, doc, "POST", "/a").RequestBody.Value.Content); !slices.Equal(got, []string{"*/*", "application/json"}) {
		t.Errorf("POST body media types = %v, want both kept", got)
	}
	if got := sortedKeys(trOp(t, doc, "PATCH", "/a").RequestBody.Value.Content); !slices.Equal(got, []string{"multipart/form-data"}) {
		t.Errorf("PATCH body media types = %v", got)
	}
	if got := sortedKeys(trOp(t, doc, "GET", "/a").Responses.Value("200").Value.Content); !slices.Equal(got, []string{"*/*"}) {
		t.Errorf("a */* response was changed: %v", got)
	}
}

func TestIntegerIDs(t *testing.T) {
	doc := trDoc(t, `
  /shops/{shop_id}/things/{thingId}:
    get:
      parameters:
        - name: shop_id
          in: path
          required: true
          schema: {type: number}
        - name: thingId
          in: path
          required: true
          schema: {type: number}
        - name: location_id
          in: query
          schema: {$ref: '#/components/schemas/location_id'}
        - name: staff_ids
          in: query
          schema:
            type: array
            items: {type: number}
        - name: rate
          in: query
          schema: {type: number}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
    put:
      parameters:
        - name: shop_id
          in: path
          required: true
          schema: {type: number}
        - name: thingId
          in: path
          required: true
          schema: {type: number}
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Thing'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
`, `
  schemas:
    location_id:
      type: number
    Thing:
      type: object
      properties:
        id: {type: number}
        parent_id: {type: [number, 'null']}
        ownerId: {type: number}
        tag_ids:
          type: array
          items: {type: number}
        location_id: {$ref: '#/components/schemas/location_id'}
        price: {type: number}
        weight_id: {type: number, format: double}
        ratio_id: {type: number, format: float}
        legacy_id: {type: integer}
        small_id: {type: integer, format: int32}
        name_id: {type: string}
        mixed_id: {type: [number, string]}
        valid: {type: number}
        Id: {type: number}
        ids: {type: array, items: {type: number}}
        nested:
          type: object
          properties:
            id: {type: number}
        list:
          type: array
          items:
            type: object
            properties:
              visit_id: {type: number}
`)
	// Parameters: shop_id and thingId on both operations (4), staff_ids
	// items. Thing (walked once, though used three times): id, parent_id,
	// ownerId, tag_ids items, legacy_id widened, ids items, nested.id,
	// list items' visit_id.
	trApply(t, "integer-ids", doc, 13)

	get := trOp(t, doc, "GET", "/shops/{shop_id}/things/{thingId}")
	for name, want := range map[string]string{"shop_id": "integer/int64", "thingId": "integer/int64"} {
		if got := trTypes(trParam(t, get.Parameters, "path", name).Schema); got != want {
			t.Errorf("path parameter %s: %s, want %s", name, got, want)
		}
	}
	if got := trTypes(trParam(t, get.Parameters, "query", "staff_ids").Schema.Value.Items); got != "integer/int64" {
		t.Errorf("query staff_ids items: %s, want integer/int64", got)
	}
	if got := trTypes(trParam(t, get.Parameters, "query", "staff_ids").Schema); got != "array" {
		t.Errorf("query staff_ids: %s, want array", got)
	}
	if got := trTypes(trParam(t, get.Parameters, "query", "rate").Schema); got != "number" {
		t.Errorf("query rate: %s, want number", got)
	}

	c := doc.Components.Schemas
	// A component schema named like an id is changed neither as a
	// component (no name) nor through the property and parameter that
	// reference it.
	if got := trTypes(c["location_id"]); got != "number" {
		t.Errorf("components/schemas/location_id: %s, want number unchanged", got)
	}
	props := c["Thing"].Value.Properties
	for name, want := range map[string]string{
		"id":          "integer/int64",
		"parent_id":   "integer,null/int64",
		"ownerId":     "integer/int64",
		"tag_ids":     "array",
		"location_id": "number",
		"price":       "number",
		"weight_id":   "number/double",
		"ratio_id":    "number/float",
		"legacy_id":   "integer/int64",
		"small_id":    "integer/int32",
		"name_id":     "string",
		"mixed_id":    "number,string",
		"valid":       "number",
		"Id":          "number",
		"ids":         "array",
	} {
		if got := trTypes(props[name]); got != want {
			t.Errorf("Thing.%s: %s, want %s", name, got, want)
		}
	}
	if props["location_id"].Ref != "#/components/schemas/location_id" {
		t.Errorf("Thing.location_id lost its $ref: %q", props["location_id"].Ref)
	}
	for _, name := range []string{"tag_ids", "ids"} {
		if got := trTypes(props[name].Value.Items); got != "integer/int64" {
			t.Errorf("Thing.%s items: %s, want integer/int64", name, got)
		}
	}
	if got := trTypes(props["nested"].Value.Properties["id"]); got != "integer/int64" {
		t.Errorf("Thing.nested.id: %s, want integer/int64", got)
	}
	if got := trTypes(props["list"].Value.Items.Value.Properties["visit_id"]); got != "integer/int64" {
		t.Errorf("Thing.list[].visit_id: %s, want integer/int64", got)
	}
}

func TestIsIDName(t *testing.T) {
	for name, want := range map[string]bool{
		"id": true, "shop_id": true, "clientId": true, "_id": true,
		"Id": false, "ids": false, "valid": false, "idea": false, "shop_ids": false, "": false,
	} {
		if got := isIDName(name); got != want {
			t.Errorf("isIDName(%q) = %v, want %v", name, got, want)
		}
	}
	for name, want := range map[string]bool{"ids": true, "shop_ids": true, "id": false, "shopIds": false, "bids": false} {
		if got := isIDListName(name); got != want {
			t.Errorf("isIDListName(%q) = %v, want %v", name, got, want)
		}
	}
}

func TestIntegerPagination(t *testing.T) {
	doc := trDoc(t, `
  /a/{page}:
    get:
      parameters:
        - name: page
          in: path
          required: true
          schema: {type: number}
        - name: count
          in: query
          schema: {type: number}
        - name: limit
          in: query
          schema: {type: [number, 'null']}
        - name: per_page
          in: header
          schema: {type: number}
        - name: offset
          in: query
          schema: {type: number}
      responses:
        '204': {description: ok}
  /b:
    get:
      parameters:
        - $ref: '#/components/parameters/page'
        - name: count
          in: query
          schema: {type: number, format: double}
        - name: per_page
          in: query
          schema: {type: integer}
      responses:
        '204': {description: ok}
    post:
      parameters:
        - $ref: '#/components/parameters/page'
      responses:
        '204': {description: ok}
`, `
  parameters:
    page:
      name: page
      in: query
      schema: {type: number}
`)
	// count and limit on /a/{page}, the shared page parameter once.
	trApply(t, "integer-pagination", doc, 3)
	a := trOp(t, doc, "GET", "/a/{page}").Parameters
	for _, c := range []struct{ in, name, want string }{
		{"path", "page", "number"},
		{"query", "count", "integer"},
		{"query", "limit", "integer,null"},
		{"header", "per_page", "number"},
		{"query", "offset", "number"},
	} {
		if got := trTypes(trParam(t, a, c.in, c.name).Schema); got != c.want {
			t.Errorf("/a/{page} %s %s: %s, want %s", c.in, c.name, got, c.want)
		}
	}
	b := trOp(t, doc, "GET", "/b").Parameters
	for _, c := range []struct{ in, name, want string }{
		{"query", "page", "integer"},
		{"query", "count", "number/double"},
		{"query", "per_page", "integer"},
	} {
		if got := trTypes(trParam(t, b, c.in, c.name).Schema); got != c.want {
			t.Errorf("/b %s %s: %s, want %s", c.in, c.name, got, c.want)
		}
	}
	if got := trTypes(doc.Components.Parameters["page"].Value.Schema); got != "integer" {
		t.Errorf("components/parameters/page: %s, want integer", got)
	}
}

func TestNullableEnums(t *testing.T) {
	doc := trDoc(t, `
  /a:
    get:
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Person'}
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Person'}
      responses:
        '204': {description: ok}
`, `
  schemas:
    Person:
      type: object
      properties:
        gender:
          type: [integer, 'null']
          enum: [0, 1, 2, null]
        kind:
          type: string
          enum: [a, b, null]
        status:
          type: string
          enum: [on, off]
        shared: {$ref: '#/components/schemas/Level'}
        also: {$ref: '#/components/schemas/Level'}
    Level:
      type: [integer, 'null']
      enum: [1, null, 3]
`)
	// gender, kind and Level, which is walked once for its three uses.
	trApply(t, "nullable-enums", doc, 3)
	p := doc.Components.Schemas["Person"].Value.Properties
	for name, want := range map[string]struct {
		types string
		enum  []any
	}{
		"gender": {"integer,null", []any{0.0, 1.0, 2.0}},
		"kind":   {"string,null", []any{"a", "b"}},
		"status": {"string", []any{"on", "off"}},
		"shared": {"integer,null", []any{1.0, 3.0}},
	} {
		if got := trTypes(p[name]); got != want.types {
			t.Errorf("Person.%s type %s, want %s", name, got, want.types)
		}
		if got := p[name].Value.Enum; !slices.Equal(got, want.enum) {
			t.Errorf("Person.%s enum %v, want %v", name, got, want.enum)
		}
	}
}

func TestMultiTypeRaw(t *testing.T) {
	doc := trDoc(t, `
  /a:
    get:
      parameters:
        - name: q
          in: query
          schema: {type: [string, number]}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
`, `
  schemas:
    Thing:
      type: object
      properties:
        meta: {type: [object, array]}
        amount: {type: [string, number]}
        category: {type: [object, 'null', string]}
        note: {type: [string, 'null']}
        plain: {type: string}
        custom:
          type: [string, number]
          x-go-type: string
        items:
          type: array
          items: {type: [integer, boolean]}
`)
	// meta, amount, category, items' items, and the query parameter q.
	trApply(t, "multi-type-raw", doc, 5)
	raw := func(s *openapi3.SchemaRef) bool {
		return s.Value.Extensions["x-go-type"] == "json.RawMessage" && s.Value.Extensions["x-go-type-skip-optional-pointer"] == true
	}
	p := doc.Components.Schemas["Thing"].Value.Properties
	for name, want := range map[string]bool{"meta": true, "amount": true, "category": true, "note": false, "plain": false, "custom": false} {
		if got := raw(p[name]); got != want {
			t.Errorf("Thing.%s raw = %v, want %v", name, got, want)
		}
	}
	if got := p["custom"].Value.Extensions["x-go-type"]; got != "string" {
		t.Errorf("Thing.custom x-go-type = %v, want string kept", got)
	}
	if _, ok := p["custom"].Value.Extensions["x-go-type-skip-optional-pointer"]; ok {
		t.Error("Thing.custom got x-go-type-skip-optional-pointer")
	}
	if !raw(p["items"].Value.Items) {
		t.Error("Thing.items items are not raw")
	}
	if raw(p["items"]) {
		t.Error("Thing.items itself was made raw")
	}
	if !raw(trParam(t, trOp(t, doc, "GET", "/a").Parameters, "query", "q").Schema) {
		t.Error("query parameter q is not raw")
	}
	// The type list itself is left as it was.
	if got := trTypes(p["category"]); got != "object,null,string" {
		t.Errorf("Thing.category type %s", got)
	}
}

func TestWalkSchemasSharedOnce(t *testing.T) {
	doc := trDoc(t, `
  /a:
    get:
      parameters:
        - name: filter
          in: query
          schema: {$ref: '#/components/schemas/Shared'}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Shared'}
    post:
      requestBody:
        content:
          application/json:
            schema:
              type: object
              properties:
                first: {$ref: '#/components/schemas/Shared'}
                second: {$ref: '#/components/schemas/Shared'}
      responses:
        '204': {description: ok}
`, `
  schemas:
    Shared:
      type: object
      properties:
        id: {type: number}
        self: {$ref: '#/components/schemas/Shared'}
`)
	shared := doc.Components.Schemas["Shared"].Value
	sites := map[string]int{}
	walkSchemas(doc, func(site schemaSite) {
		if site.Ref.Value == shared {
			sites["Shared as "+site.Name]++
		}
		if site.Name == "id" {
			sites["id"]++
		}
	})
	want := map[string]int{
		// Every site is seen: the component, the parameter, the response,
		// the two body properties and the self reference.
		"Shared as ":       2,
		"Shared as filter": 1,
		"Shared as first":  1,
		"Shared as second": 1,
		"Shared as self":   1,
		// The shared schema's own properties are walked once.
		"id": 1,
	}
	for k, v := range want {
		if sites[k] != v {
			t.Errorf("sites[%q] = %d, want %d (all: %v)", k, sites[k], v, sites)
		}
	}
	if len(sites) != len(want) {
		t.Errorf("sites = %v, want %v", sites, want)
	}
	// And a transform counts the shared id once.
	trApply(t, "integer-ids", doc, 1)
}

// TestTransformsDeterministic checks that walking, and so every
// transform's count, is the same on every run: Go randomises map order.
func TestTransformsDeterministic(t *testing.T) {
	spec := `
  /a/{a_id}:
    get:
      parameters:
        - name: a_id
          in: path
          required: true
          schema: {type: number}
        - name: page
          in: query
          schema: {type: number}
        - name: Accept
          in: header
          schema: {type: string}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  x_id: {type: number}
                  y_id: {type: number}
                  z: {type: [string, number]}
                  e: {type: [integer, 'null'], enum: [1, null]}
`
	var first []TransformResult
	for i := range 20 {
		doc := trDoc(t, spec, "")
		var got []TransformResult
		for _, tr := range Transforms {
			n, err := tr.Apply(doc)
			if err != nil {
				t.Fatal(err)
			}
			got = append(got, TransformResult{Name: tr.Name, Changed: n})
		}
		if i == 0 {
			first = got
		} else if !slices.Equal(got, first) {
			t.Fatalf("run %d: %v, first run %v", i, got, first)
		}
	}
}
