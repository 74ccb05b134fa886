// Package plumbing is what the generated clients call and their users do
// not: helpers that the code generated from Altegio's specs (in this module,
// or by a downstream go generate) is written against. Its API follows the
// generator, not the users of the SDK; use the altegio package and the
// generated packages instead.
package plumbing

// Value returns *f(v), the value of an optional field of *v, or the zero V
// when v or the field is nil: the body of a generated nil-safe getter.
func Value[T, V any](v *T, f func(*T) *V) (z V) {
	if v == nil {
		return z
	}
	if p := f(v); p != nil {
		return *p
	}
	return z
}

// Field returns f(v), an optional object field of *v, or nil when v is
// nil: the body of a generated nil-safe getter that chains.
func Field[T, V any](v *T, f func(*T) *V) *V {
	if v == nil {
		return nil
	}
	return f(v)
}
