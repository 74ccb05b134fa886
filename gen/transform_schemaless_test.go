package gen

import "testing"

func TestSchemalessJSONResponses(t *testing.T) {
	doc := trDoc(t, `
  /a:
    get:
      responses:
        '200':
          description: neither schema nor example
          content:
            application/json: {}
        '204':
          description: a 204 that declares a JSON body
          content:
            application/json: {}
        '205':
          description: a 205 with a schema, which it cannot carry either
          content:
            application/json:
              schema: {type: object}
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
        '304':
          description: no body
        '409':
          description: problem
          content:
            application/problem+json; charset=utf-8: {}
        '422':
          $ref: '#/components/responses/shared'
`, `
  responses:
    shared:
      description: shared, used twice, fixed once
      content:
        application/json: {}
`)
	// a 200, a 204, a 205, the shared response (once) and b 409.
	trApply(t, "schemaless-json-responses", doc, 5)
	resp := func(path, code, ct string) string {
		r := doc.Paths.Value(path).Get.Responses.Value(code).Value
		if len(r.Content) == 0 {
			return "no content"
		}
		mt := r.Content[ct]
		if mt.Schema == nil {
			return "<nil>"
		}
		if s := mt.Schema.Value; s.Properties["success"] != nil && s.Properties["data"] != nil && s.Properties["meta"] != nil {
			return "envelope"
		}
		return "typed"
	}
	for _, c := range []struct{ path, code, ct, want string }{
		{"/a", "200", "application/json", "envelope"},
		{"/a", "204", "application/json", "no content"},
		{"/a", "205", "application/json", "no content"},
		{"/a", "400", "application/json", "envelope"},
		{"/a", "404", "application/json", "typed"},
		{"/b", "200", "application/pdf", "<nil>"},
		{"/b", "304", "", "no content"},
		{"/b", "409", "application/problem+json; charset=utf-8", "envelope"},
		{"/b", "422", "application/json", "envelope"},
	} {
		if got := resp(c.path, c.code, c.ct); got != c.want {
			t.Errorf("%s %s %s: %s, want %s", c.path, c.code, c.ct, got, c.want)
		}
	}
	// The envelope's data and meta take any value; success is a boolean.
	env := doc.Paths.Value("/a").Get.Responses.Value("200").Value.Content["application/json"].Schema.Value
	if !env.Properties["success"].Value.Type.Is("boolean") || !env.Properties["data"].Value.Type.IsEmpty() || !env.Properties["meta"].Value.Type.IsEmpty() {
		t.Errorf("envelope: success %v, data %v, meta %v; want boolean, any, any", env.Properties["success"].Value.Type, env.Properties["data"].Value.Type, env.Properties["meta"].Value.Type)
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
