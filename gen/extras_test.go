package gen

import (
	"go/parser"
	"go/token"
	"strings"
	"testing"
)

func TestAddExtraFields(t *testing.T) {
	src := `package p

import "github.com/altegio-go/altegio"

type Pet struct {
	Name *string ` + "`json:\"name,omitempty\"`" + `
}

type PetRequestBody Pet

type ListPetsParams struct {
	Page *int
}

type UploadMultipartBody struct{ File []byte }

type Union struct{ union []byte }

func (u *Union) UnmarshalJSON(b []byte) error { u.union = b; return nil }

func (u Union) MarshalJSON() ([]byte, error) { return u.union, nil }

var _ = altegio.Unmarshal
`
	out, n, err := AddExtraFields([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := parser.ParseFile(token.NewFileSet(), "out.go", out, 0); err != nil {
		t.Fatalf("output does not parse: %v\n%s", err, out)
	}
	got := string(out)
	if n != 1 {
		t.Errorf("%d lossless struct types, want 1 (Pet)", n)
	}
	for _, want := range []string{
		"ExtraFields altegio.ExtraFields `json:\"-\"`\n}\n\ntype PetRequestBody Pet",
		"func (v *Pet) UnmarshalJSON(data []byte) error {",
		"func (v Pet) MarshalJSON() ([]byte, error) {",
		// A defined type over Pet has Pet's fields but not its methods.
		"func (v PetRequestBody) MarshalJSON() ([]byte, error) {",
	} {
		if !strings.Contains(got, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	for _, name := range []string{"ListPetsParams", "UploadMultipartBody"} {
		if strings.Contains(got, "func (v "+name+")") {
			t.Errorf("%s got JSON methods: it is not JSON", name)
		}
	}
	if strings.Count(got, "func (v *Union)")+strings.Count(got, "func (u *Union) UnmarshalJSON") != 1 {
		t.Error("Union, which has its own JSON methods, got ours too")
	}

	clash := strings.Replace(src, "Name *string", "ExtraFields *string", 1)
	if _, _, err := AddExtraFields([]byte(clash)); err == nil || !strings.Contains(err.Error(), "type Pet") {
		t.Errorf("a property named ExtraFields: error %v, want one naming type Pet", err)
	}
}

// TestAddExtraFieldsAndGetters: one parse gives what the two passes give.
func TestAddExtraFieldsAndGetters(t *testing.T) {
	src := `package p

import "github.com/altegio-go/altegio"

type Inner struct{ N *int }

type Outer struct {
	In       *Inner ` + "`json:\"in,omitempty\"`" + `
	S        *[]string
	V        int
	Taken    *int
	GetTaken int
}

type OuterRequestBody Outer

type ListParams struct{ Page *int }

type Union struct{ union []byte }

func (u *Union) UnmarshalJSON(b []byte) error { u.union = b; return nil }

func (u Union) MarshalJSON() ([]byte, error) { return u.union, nil }

var _ = altegio.Unmarshal
`
	extra, wantLossless, err := AddExtraFields([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	want, wantGetters, err := AddGetters(extra)
	if err != nil {
		t.Fatal(err)
	}
	got, lossless, getters, err := AddExtraFieldsAndGetters([]byte(src))
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != string(want) || lossless != wantLossless || getters != wantGetters {
		t.Errorf("AddExtraFieldsAndGetters gives %d lossless types, %d getters:\n%s\nwant %d, %d:\n%s", lossless, getters, got, wantLossless, wantGetters, want)
	}
	if wantGetters == 0 || wantLossless == 0 {
		t.Errorf("%d lossless types, %d getters: the test source should have both", wantLossless, wantGetters)
	}
}
