// Package plumbing is what the generated clients call and their users do
// not: helpers that the code generated from Altegio's specs (in this module,
// or by a downstream go generate) is written against. Its API follows the
// generator, not the users of the SDK; use the altegio package and the
// generated packages instead.
package plumbing

// Value returns *f(), the value of an optional field, or the zero V when
// ok is false (the field's holder is nil) or the field is nil: the body of
// a generated nil-safe getter,
//
//	func (v *T) GetX() int64 { return plumbing.Value(v != nil, func() *int64 { return v.X }) }
//
// f is called only when ok. V, not the holder's type, is the only type
// parameter, so that the getters of a package share few instantiations
// (one per shape of V) and compile fast.
func Value[V any](ok bool, f func() *V) (z V) {
	if !ok {
		return z
	}
	if p := f(); p != nil {
		return *p
	}
	return z
}

// Field returns f(), an optional object field, or nil when ok is false
// (the field's holder is nil): the body of a generated nil-safe getter that
// chains. P is a pointer type, so that every such getter shares one
// instantiation.
func Field[P any](ok bool, f func() P) (z P) {
	if !ok {
		return z
	}
	return f()
}
