// Package gen is the pipeline that turns Altegio's published OpenAPI
// descriptions into the Go clients under generated/.
//
// It runs in steps, each a function of its own so that callers (cmd/regen,
// go generate in other modules, tests) can compose them:
//
//   - acquire: fetch the spec from the mirror, the cache or upstream, and
//     verify its sha256 against the lock (Acquirer).
//   - patch: apply the API's Overlay document, then the Go transforms that
//     fix systematic upstream defects (Patch).
//   - generate: run oapi-codegen as a library with our templates (Generate).
//   - name: rename oapi-codegen's types (NameTypes: <Method>Response,
//     <Method>Request, components without noise, no underscores) and path
//     parameters (NameParameters: locationID).
//   - format: split the output into one file per tag (FormatByTag: the
//     tag's methods and the types only it uses in <tag>.go, its request
//     builders in <tag>_requests.go, shared types in models.go), keep in
//     each file the imports it uses and gofmt them.
//   - verify: compile the new package in place of the old one, through a
//     go build overlay, without touching the output directory (Verify).
//   - write: replace the output directory atomically (WriteDir).
//
// Run strings the steps together for one or more APIs and writes nothing
// unless every API got through every step.
//
// RunConfig does the same for a subset client described by a Config (a
// YAML file in a downstream module, run by `regen -config` from a
// //go:generate line): after patching, a select step keeps the operations
// the config names (Selection) and oapi-codegen prunes the types nothing
// uses any more; the package is compiled in the module that holds its
// output directory. Every generated package imports only the runtime
// (RuntimeImport) and the standard library (CheckImports).
package gen
