package main

// The clients in teammembers/ and appointments/ are generated from the
// configs beside this file; regen compiles each before it replaces the
// directory, and writes nothing when the output is already up to date.

//go:generate go run github.com/altegio-go/altegio/cmd/regen -q -config teammembers.yaml
//go:generate go run github.com/altegio-go/altegio/cmd/regen -q -config appointments.yaml
