// Package openapi holds the inputs the generator pins and patches: the lock
// of the upstream Altegio specs, one OpenAPI Overlay document per API and
// the table of fields that Altegio's published documentation lists.
//
// The files are embedded so that the pipeline in gen/ works from any module
// that imports it, without a checkout of this repository.
package openapi

import "embed"

// LockFile is the name of the lock inside FS.
const LockFile = "lock.json"

// ModelsFile is the name inside FS of the model table: the entities that
// many operations share, one Go type each.
const ModelsFile = "models.yaml"

// ServicesFile is the name inside FS of the service table: the service
// of each tag and the nouns its methods drop.
const ServicesFile = "services.yaml"

// DocFieldsFile is the name inside FS of the table of fields that
// published per-operation documentation lists, with their types and pages
// (see gen.ApplyDocFields).
const DocFieldsFile = "docfields.yaml"

// FS holds lock.json, the model and service tables, the overlays, named
// <api>.overlay.yaml, and the documented-fields table.
//
//go:embed lock.json models.yaml services.yaml *.overlay.yaml docfields.yaml
var FS embed.FS

// OverlayFile returns the name in FS of the overlay for api, such as
// "b2b-v1.overlay.yaml".
func OverlayFile(api string) string { return api + ".overlay.yaml" }
