package gen

import "testing"

// opIDDoc is a small spec with GET /foo and POST /bar, whose operationIds
// are a and b.
func opIDDoc(a, b string) string {
	return `
  /foo:
    get:
      operationId: ` + a + `
      responses:
        '204': {description: ok}
  /bar:
    post:
      operationId: ` + b + `
      responses:
        '204': {description: ok}
`
}

// TestOperationIDClash: two operations that would get the same Client
// method are an error from GenerateSource, before oapi-codegen runs (it
// would generate both, and only the compiler would notice), naming both
// operationIds with their methods and paths, on one line.
func TestOperationIDClash(t *testing.T) {
	for _, tc := range []struct {
		name, a, b, want string
	}{
		{
			name: "Go-casing",
			a:    "getFoo", b: "get_foo",
			// Paths in order: /bar before /foo.
			want: `operationIds "get_foo" (POST /bar) and "getFoo" (GET /foo) both become the Go method GetFoo; rename one`,
		},
		{
			name: "duplicate",
			a:    "list_visits", b: "list_visits",
			want: `operationId "list_visits" is declared twice, by POST /bar and GET /foo; operationIds must be unique (rename one)`,
		},
	} {
		t.Run(tc.name, func(t *testing.T) {
			doc := trDoc(t, opIDDoc(tc.a, tc.b), "")
			src, err := GenerateSource(doc, "x")
			if err == nil {
				t.Fatalf("GenerateSource accepted operationIds %q and %q", tc.a, tc.b)
			}
			if err.Error() != tc.want {
				t.Errorf("error:\n got  %s\n want %s", err, tc.want)
			}
			if src != nil {
				t.Errorf("GenerateSource returned %d bytes of source with the error", len(src))
			}
		})
	}

	// Distinct Go names generate.
	doc := trDoc(t, opIDDoc("get_foo", "get_foo_bar"), "")
	if _, err := GenerateSource(doc, "x"); err != nil {
		t.Errorf("get_foo and get_foo_bar: %v", err)
	}
}
