package gen

import (
	"bytes"
	"reflect"
	"strings"
	"testing"

	"gopkg.in/yaml.v3"
)

// loadNodeSpec has what YAML writes in more ways than JSON: integer keys,
// other bases, floats, timestamps, booleans, nulls, an alias, block text,
// and extensions at every level.
const loadNodeSpec = `openapi: 3.0.3
info:
  title: Pets
  version: 1.0.0
  x-released: 2021-03-04
x-top: {a: 1}
paths:
  x-paths: [1, 2.50, 0x1F, 0o17, 1_000, 1e3, true, ~]
  /pets/{id}:
    parameters:
      - name: id
        in: path
        required: true
        schema: {type: integer, minimum: 1, maximum: 9007199254740993}
    get:
      operationId: getPet
      description: |
        Multi-line "quoted" text,
        with a tab	and unicode: é ✓ and <html> & more.
      responses:
        200:
          description: OK
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Pet'}
              example: &pet {id: 1, born: 2020-01-02T03:04:05Z, weight: 1.0, tags: [], extra: null, yes: no}
        '404': {$ref: '#/components/responses/NotFound'}
  /pets:
    post:
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/Pet'}
            example: *pet
      responses:
        '201': {description: Created}
  /owners/{id}:
    summary: every field the fast path decoder reads
    description: an owner
    x-item: 1
    parameters:
      - $ref: '#/components/parameters/ID'
    get:
      tags: [Owners, People]
      summary: Get an owner
      description: null
      operationId: getOwner
      deprecated: true
      security: [{bearer: []}, {}, {oauth: [read, write]}]
      x-op: {a: [1]}
      parameters:
        - {name: fields, in: query, style: form, explode: false, allowEmptyValue: true, allowReserved: false, deprecated: true, required: false, example: [a, b], schema: {type: array, items: {type: string}}}
        - {name: filter, in: query, content: {application/json: {schema: {type: object}}}, x-param: true}
      responses:
        x-responses: ok
        '200':
          description: OK
          x-resp: 2
          content:
            application/json: {schema: {$ref: '#/components/schemas/Owner'}, example: {name: Bob}, x-mt: 3}
            text/plain: null
        '404': {$ref: '#/components/responses/NotFound'}
    put:
      requestBody: {$ref: '#/components/requestBodies/Owner'}
      responses:
        '204': {description: null}
  /owners:
    get:
      callbacks: {}
      responses:
        '200': {description: a callback makes kin-openapi decode the path item}
  /owners/search:
    post:
      requestBody:
        description: a body
        required: true
        x-body: [true]
        content:
          application/json:
            schema: {type: object, properties: {q: {type: string}}}
            examples: {one: {value: {q: x}}}
      responses:
        '200':
          description: OK
          headers: {X-Rate: {schema: {type: integer}}}
          content: {application/json: {schema: {type: array, items: {$ref: '#/components/schemas/Owner'}}}}
components:
  x-components: true
  parameters:
    ID: {name: id, in: path, required: true, schema: {type: integer, format: int64}}
  requestBodies:
    Owner:
      content:
        application/json:
          schema: {$ref: '#/components/schemas/Owner'}
  responses:
    NotFound:
      description: Not found
      content:
        application/json:
          schema: {type: object, properties: {message: {type: string, maxLength: 10.0}}}
  schemas:
    Pet:
      type: object
      required: [id]
      properties:
        id: {type: integer, format: int64, example: 12345678901234567890}
        born: {type: string, format: date-time, default: 2020-01-02}
        weight: {type: number, multipleOf: 0.5, enum: [1.5, 2, -3e-2]}
        owner: {$ref: '#/components/schemas/Owner'}
    Owner:
      type: object
      nullable: true
      properties:
        name: {type: string, pattern: '^\w+$'}
    Everything:
      title: every keyword decodeSchemaRef reads
      description: null
      type: [object, "null"]
      format: custom
      required: [a, b]
      minProperties: 1
      maxProperties: 9
      readOnly: true
      writeOnly: false
      deprecated: true
      x-go-type-name: Everything
      x-list: [1, 2.5, null, {a: b}]
      properties:
        a: {type: string, minLength: 1, maxLength: 10, enum: [x, "y", ~], default: x, const: x}
        b: {type: integer, minimum: -5, maximum: 1e3, multipleOf: 2, examples: [1, 2]}
        c: {type: array, items: {$ref: '#/components/schemas/Owner'}, minItems: 0, maxItems: 3, uniqueItems: true}
        d: {oneOf: [{type: string}, {type: integer}], allowEmptyValue: false}
        e: {anyOf: [{$ref: '#/components/schemas/Owner'}, {type: "null"}]}
        f: {allOf: [{$ref: '#/components/schemas/Owner'}], not: {type: boolean}}
        g: {type: object, additionalProperties: {type: string}}
        h: {type: object, additionalProperties: false}
        i: {type: object, additionalProperties: {}}
        j: {prefixItems: [{type: string}], items: false}
        k: true
        m: {$ref: '#/components/schemas/Owner', description: a sibling}
        n: {Type: string}
        o: {type: number, exclusiveMinimum: 0}
        p: {discriminator: {propertyName: kind}, oneOf: [{$ref: '#/components/schemas/Owner'}]}
        q: {unknown-keyword: [1, {two: 2}], nullable: null, example: {nested: [true, false, 0x10]}}
        "200": {type: string}
`

func TestLoadNodeMatchesLoadDocument(t *testing.T) {
	want, err := LoadDocument([]byte(loadNodeSpec), "pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(loadNodeSpec), &root); err != nil {
		t.Fatal(err)
	}
	got, err := loadNode(&root, "pets.yaml")
	if err != nil {
		t.Fatal(err)
	}
	wj, err := want.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	gj, err := got.MarshalJSON()
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.Equal(gj, wj) {
		t.Errorf("loadNode gives\n%s\nLoadDocument gives\n%s", gj, wj)
	}
	if !reflect.DeepEqual(got, want) {
		t.Error("loadNode's document differs from LoadDocument's beyond its JSON")
	}
	// References are resolved.
	owner := got.Components.Schemas["Pet"].Value.Properties["owner"]
	if owner.Value == nil || owner.Value != got.Components.Schemas["Owner"].Value {
		t.Error("Pet.owner is not resolved to the Owner schema")
	}
	if r := got.Paths.Value("/pets/{id}").Get.Responses.Value("404"); r.Value == nil || r.Value.Description == nil {
		t.Error("the 404 response is not resolved")
	}
}

func TestLoadNodeErrors(t *testing.T) {
	for name, c := range map[string]struct{ spec, want string }{
		"no paths":    {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths: {}\n", "has no paths"},
		"not a map":   {"- a\n- b\n", "not a mapping"},
		"bad ref":     {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x:\n    get:\n      responses:\n        '200': {$ref: '#/components/responses/missing'}\n", "not a loadable OpenAPI document"},
		"bad schema":  {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x: {}\ncomponents:\n  schemas:\n    A: {type: object, properties: 3}\n", "components/schemas A"},
		"merge key":   {"openapi: 3.0.3\ninfo: {<<: {title: x}, version: '1'}\npaths:\n  /x: {}\n", "scalar mapping keys"},
		"infinite":    {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\nx-n: .inf\npaths:\n  /x: {}\n", "no JSON form"},
		"null schema": {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x: {}\ncomponents:\n  schemas:\n    A: null\n", "not a loadable OpenAPI document"},
		"bad path op": {"openapi: 3.0.3\ninfo: {title: x, version: '1'}\npaths:\n  /x: {get: 3}\n", "paths /x"},
	} {
		var root yaml.Node
		if err := yaml.Unmarshal([]byte(c.spec), &root); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		_, err := loadNode(&root, "s.yaml")
		if err == nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "s.yaml: ") {
			t.Errorf("%s: err %v, want one starting s.yaml: and containing %q", name, err, c.want)
		}
	}
}

// TestFastPathItem: the fast decoder reads the path items of loadNodeSpec
// that have only the fields it knows, and leaves the others.
func TestFastPathItem(t *testing.T) {
	var root yaml.Node
	if err := yaml.Unmarshal([]byte(loadNodeSpec), &root); err != nil {
		t.Fatal(err)
	}
	var paths *yaml.Node
	top := root.Content[0]
	for i := 0; i+1 < len(top.Content); i += 2 {
		if top.Content[i].Value == "paths" {
			paths = top.Content[i+1]
		}
	}
	want := map[string]bool{"/pets/{id}": true, "/pets": true, "/owners/{id}": true, "/owners": false, "/owners/search": false}
	for i := 0; i+1 < len(paths.Content); i += 2 {
		path := paths.Content[i].Value
		if strings.HasPrefix(path, "x-") {
			continue
		}
		if _, ok := fastPathItem(paths.Content[i+1]); ok != want[path] {
			t.Errorf("fastPathItem(%s): ok %v, want %v", path, ok, want[path])
		}
	}
}
