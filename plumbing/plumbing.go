// Package plumbing is what the generated clients call and their users do
// not: helpers that the code generated from Altegio's specs (in this module,
// or by a downstream go generate) is written against. Its API follows the
// generator, not the users of the SDK; use the altegio package and the
// generated packages instead.
package plumbing
