package gen

import (
	"testing"

	"github.com/getkin/kin-openapi/openapi3"
)

func TestInlineParameterComponents(t *testing.T) {
	doc := trDoc(t, `
  /shops/{shop_id}/things:
    parameters:
      - $ref: '#/components/parameters/shop_id'
    get:
      parameters:
        - $ref: '#/components/parameters/page'
        - name: q
          in: query
          schema: {type: string}
      responses:
        '204': {description: ok}
  /shops/{shop_id}:
    get:
      parameters:
        - $ref: '#/components/parameters/shop_id'
      responses:
        '204': {description: ok}
`, `  parameters:
    shop_id:
      name: shop_id
      in: path
      required: true
      schema: {type: integer}
    page:
      name: page
      in: query
      schema: {type: integer}
`)
	trApply(t, "inline-parameter-components", doc, 3)
	forEachOperation(doc, func(path, method string, item *openapi3.PathItem, op *openapi3.Operation) {
		for _, p := range append(append(openapi3.Parameters{}, item.Parameters...), op.Parameters...) {
			if p.Ref != "" || p.Value == nil {
				t.Errorf("%s %s: parameter %q still a reference (%q)", method, path, p.Value.Name, p.Ref)
			}
		}
	})
	if p := trParam(t, trOp(t, doc, "GET", "/shops/{shop_id}").Parameters, "path", "shop_id"); trTypes(p.Schema) != "integer" {
		t.Errorf("shop_id schema %s, want integer", trTypes(p.Schema))
	}
}

func TestMoneyNumbers(t *testing.T) {
	doc := trDoc(t, `
  /report:
    get:
      parameters:
        - name: filter[price_min]
          in: query
          schema: {type: integer}
        - name: filter[is_paid]
          in: query
          schema: {type: integer}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Report'}
`, `  schemas:
    Report:
      type: object
      properties:
        all_sum: {type: integer, format: int32, description: Revenue for all customers}
        targets_paid: {type: [integer, 'null'], description: Payment for services}
        amount: {type: integer, format: int32, description: Number of products/services}
        balance: {type: integer, description: Remaining visits}
        sum_type: {type: integer}
        total_count: {type: integer}
        cost: {type: number, format: float}
        prices:
          type: array
          items: {type: integer}
`)
	// all_sum, targets_paid, the prices' items, filter[price_min].
	trApply(t, "money-numbers", doc, 4)
	props := doc.Components.Schemas["Report"].Value.Properties
	for name, want := range map[string]string{
		"all_sum": "number", "targets_paid": "number,null", "amount": "integer/int32", "balance": "integer",
		"sum_type": "integer", "total_count": "integer", "cost": "number/float",
	} {
		if got := trTypes(props[name]); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if got := trTypes(props["prices"].Value.Items); got != "number" {
		t.Errorf("prices items: %s, want number", got)
	}
	params := trOp(t, doc, "GET", "/report").Parameters
	if got := trTypes(trParam(t, params, "query", "filter[price_min]").Schema); got != "number" {
		t.Errorf("filter[price_min]: %s, want number", got)
	}
	if got := trTypes(trParam(t, params, "query", "filter[is_paid]").Schema); got != "integer" {
		t.Errorf("filter[is_paid]: %s, want integer", got)
	}
}

func TestIdentifierNumbersAsStrings(t *testing.T) {
	doc := trDoc(t, `
  /cards:
    get:
      parameters:
        - name: phone
          in: query
          schema: {type: number}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema:
                type: object
                properties:
                  card: {type: number, description: Client card number}
                  referrer_phone: {type: [integer, 'null']}
                  barcode: {type: string}
                  card_id: {type: integer}
                  phone_country_id: {type: integer}
                  phones:
                    type: array
                    items: {type: number}
`, "")
	// phone, card, referrer_phone, the phones' items.
	trApply(t, "identifier-numbers-as-strings", doc, 4)
	op := trOp(t, doc, "GET", "/cards")
	if got := trTypes(trParam(t, op.Parameters, "query", "phone").Schema); got != "string" {
		t.Errorf("phone parameter: %s, want string", got)
	}
	props := op.Responses.Value("200").Value.Content["application/json"].Schema.Value.Properties
	for name, want := range map[string]string{
		"card": "string", "referrer_phone": "string,null", "barcode": "string", "card_id": "integer", "phone_country_id": "integer",
	} {
		if got := trTypes(props[name]); got != want {
			t.Errorf("%s: %s, want %s", name, got, want)
		}
	}
	if got := trTypes(props["phones"].Value.Items); got != "string" {
		t.Errorf("phones items: %s, want string", got)
	}
}

func TestContainerOmitZero(t *testing.T) {
	doc := trDoc(t, `
  /things:
    get:
      parameters:
        - name: include
          in: query
          schema: {$ref: '#/components/schemas/Include'}
        - name: ids
          in: query
          required: true
          schema: {type: array, items: {type: integer}}
      responses:
        '200':
          description: ok
          content:
            application/json:
              schema: {$ref: '#/components/schemas/Thing'}
`, `  schemas:
    Include:
      type: array
      items: {type: string}
    Thing:
      type: object
      required: [tags]
      properties:
        labels: {type: array, items: {type: integer}}
        tags: {type: array, items: {type: string}}
        meta: {type: object}
        settings: {type: object, additionalProperties: {type: string}}
        owner: {type: object, properties: {name: {type: string}}}
        includes: {$ref: '#/components/schemas/Include'}
        raw: {type: [object, array], x-go-type: json.RawMessage}
        name: {type: string}
`)
	// The include parameter; labels, meta, settings, includes.
	trApply(t, "container-omitzero", doc, 5)
	props := doc.Components.Schemas["Thing"].Value.Properties
	for name, want := range map[string]bool{
		"labels": true, "meta": true, "settings": true, "includes": true,
		"tags": false, "owner": false, "raw": false, "name": false,
	} {
		ext := props[name].Extensions
		if got := ext["x-omitzero"] == true && ext["x-omitempty"] == false && ext["x-go-type-skip-optional-pointer"] == true; got != want {
			t.Errorf("%s: omitzero extensions %v, want them %v", name, ext, want)
		}
	}
	// Set next to the reference, not on the shared Include schema.
	if ext := doc.Components.Schemas["Include"].Value.Extensions; ext["x-omitzero"] != nil {
		t.Errorf("Include schema got %v", ext)
	}
	params := trOp(t, doc, "GET", "/things").Parameters
	if p := trParam(t, params, "query", "include"); p.Extensions["x-go-type-skip-optional-pointer"] != true {
		t.Errorf("include parameter: %v, want x-go-type-skip-optional-pointer", p.Extensions)
	}
	if p := trParam(t, params, "query", "ids"); p.Extensions["x-go-type-skip-optional-pointer"] != nil {
		t.Errorf("required ids parameter: %v, want no extension", p.Extensions)
	}
}

func TestOpenObjects(t *testing.T) {
	doc := trDoc(t, `  /a:
    get:
      operationId: a
      responses:
        "200":
          description: ok
          content:
            application/json:
              schema:
                type: object
                additionalProperties: true
                properties:
                  open: {type: object, additionalProperties: {}, properties: {id: {type: integer}}}
                  typed: {type: object, additionalProperties: {type: string}, properties: {id: {type: integer}}}
                  bare: {type: object, additionalProperties: true}
`, "")
	trApply(t, "open-objects", doc, 2)
	s := doc.Paths.Value("/a").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value
	if s.AdditionalProperties.Has != nil || s.AdditionalProperties.Schema != nil {
		t.Errorf("the body keeps additionalProperties: %+v", s.AdditionalProperties)
	}
	if p := s.Properties["open"].Value; p.AdditionalProperties.Schema != nil {
		t.Errorf("an empty additionalProperties schema is kept")
	}
	if p := s.Properties["typed"].Value; p.AdditionalProperties.Schema == nil {
		t.Errorf("a typed additionalProperties (a map's values) was dropped")
	}
	if p := s.Properties["bare"].Value; p.AdditionalProperties.Has == nil {
		t.Errorf("a free-form object without members lost its additionalProperties")
	}
}
