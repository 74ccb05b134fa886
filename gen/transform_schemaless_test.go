package gen

import "testing"

func TestSchemalessJSONResponses(t *testing.T) {
	doc := trDoc(t, `
  /a:
    get:
      responses:
        '200':
          description: example only
          content:
            application/json:
              example: {success: true, data: [1, 2]}
        '202':
          description: neither schema nor example
          content:
            application/json: {}
        '204':
          description: no body
          content:
            application/json: {}
        '400':
          $ref: '#/components/responses/shared'
        '404':
          description: typed
          content:
            application/json:
              schema: {type: object}
  /b:
    get:
      responses:
        '200':
          description: a PDF
          content:
            application/pdf:
              example: ''
        '409':
          description: problem
          content:
            application/problem+json; charset=utf-8:
              example: {title: conflict}
        '422':
          $ref: '#/components/responses/shared'
`, `
  responses:
    shared:
      description: shared, used twice, fixed once
      content:
        application/json:
          example: {success: false}
`)
	// a 200, a 202, the shared response (once) and b 409.
	trApply(t, "schemaless-json-responses", doc, 4)
	resp := func(path, code, ct string) string {
		mt := doc.Paths.Value(path).Get.Responses.Value(code).Value.Content[ct]
		if mt.Schema == nil {
			return "<nil>"
		}
		if got, ok := mt.Schema.Value.Extensions["x-go-type"].(string); ok {
			return got
		}
		return "typed"
	}
	for _, c := range []struct{ path, code, ct, want string }{
		{"/a", "200", "application/json", "json.RawMessage"},
		{"/a", "202", "application/json", "json.RawMessage"},
		{"/a", "204", "application/json", "<nil>"},
		{"/a", "400", "application/json", "json.RawMessage"},
		{"/a", "404", "application/json", "typed"},
		{"/b", "200", "application/pdf", "<nil>"},
		{"/b", "409", "application/problem+json; charset=utf-8", "json.RawMessage"},
		{"/b", "422", "application/json", "json.RawMessage"},
	} {
		if got := resp(c.path, c.code, c.ct); got != c.want {
			t.Errorf("%s %s %s: schema %s, want %s", c.path, c.code, c.ct, got, c.want)
		}
	}
}

func TestIsJSONMediaType(t *testing.T) {
	for ct, want := range map[string]bool{
		"application/json":                true,
		"Application/JSON; charset=utf-8": true,
		"application/vnd.api+json":        true,
		"application/pdf":                 false,
		"text/plain":                      false,
		"*/*":                             false,
	} {
		if got := isJSONMediaType(ct); got != want {
			t.Errorf("isJSONMediaType(%q) = %v, want %v", ct, got, want)
		}
	}
}
