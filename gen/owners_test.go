package gen

import (
	"reflect"
	"testing"
)

const ownersSpec = `openapi: 3.1.0
info: {title: t, version: "1"}
paths:
  /a:
    get:
      operationId: list_a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/a_response_data_types'}
    post:
      operationId: create_a
      requestBody:
        content:
          application/json:
            schema: {$ref: '#/components/schemas/a_request'}
      responses:
        "201":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/shared'}
  /b:
    get:
      operationId: get_b
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/shared'}
        "404":
          description: missing
          content:
            application/json:
              schema: {$ref: '#/components/schemas/error_only'}
components:
  schemas:
    a_response_data_types: {type: object, properties: {item: {$ref: '#/components/schemas/item'}}}
    a_request: {type: object, properties: {name: {type: string}}}
    shared: {type: object, properties: {id: {type: integer}}}
    item: {type: object}
    error_only: {type: object}
`

func TestSoleOwners(t *testing.T) {
	doc, err := LoadDocument([]byte(ownersSpec), "owners.yaml")
	if err != nil {
		t.Fatal(err)
	}
	got := SoleOwners(doc)
	want := map[string]Owner{
		"AResponseDataTypes": {Method: "ListA"},
		"ARequest":           {Method: "CreateA", Request: true},
		// shared: two operations; item: a property's type; error_only: a
		// non-2xx body. None of them is one operation's own body.
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("SoleOwners = %v, want %v", got, want)
	}
}
