package drift

import (
	"strings"

	"github.com/oasdiff/oasdiff/checker"
)

// Rules of our own, beside oasdiff's.
const (
	RuleOperationMoved       = "operation-moved"
	RulePathParameterRenamed = "path-parameter-renamed"
)

// skipRule reports whether changes of oasdiff rule id are left out of the
// report: operations added and removed are listed from the specs
// themselves, and the version number of the spec is not ours to judge.
func skipRule(id string) bool {
	switch {
	case id == "endpoint-added", id == "api-version-not-bumped",
		strings.HasPrefix(id, "api-removed-"), strings.HasPrefix(id, "api-path-removed-"):
		return true
	}
	return false
}

// newChange classifies a change found by oasdiff rule id at level.
func newChange(id string, level checker.Level, text string) Change {
	return Change{Kind: kindOf(id), Breaking: isBreaking(id, level), Rule: id, Text: text}
}

// kindOf says what part of an operation a rule is about.
func kindOf(id string) string {
	switch {
	case strings.Contains(id, "parameter"), strings.Contains(id, "request-header"):
		return KindParameter
	case strings.Contains(id, "request"):
		return KindRequestBody
	case strings.Contains(id, "response"):
		return KindResponse
	case strings.HasPrefix(id, "api-"):
		return KindOperation
	}
	return KindOther
}

// isBreaking classifies a change for users of the generated client; see
// the package documentation.
func isBreaking(id string, level checker.Level) bool {
	if breaksGoClient(id) {
		return true
	}
	return level >= checker.ERR && !policyOnly(id) && !looserResponse(id)
}

// breaksGoClient reports whether a change of rule id changes or removes
// something in the generated Go API, whatever oasdiff's level for it.
func breaksGoClient(id string) bool {
	for _, s := range []string{
		"enum-value-removed",     // a Go constant disappears
		"type-changed",           // a Go type changes
		"type-generalized",       // integer → number: int → float64
		"type-specialized",       // number → integer: float64 → int
		"list-of-types",          // a nullable or multi-type schema: pointer or RawMessage
		"media-type-removed",     // a typed body method or response field disappears
		"success-status-removed", // a JSONnnn response field disappears
	} {
		if strings.Contains(id, s) {
			return true
		}
	}
	switch {
	case strings.HasPrefix(id, "api-operation-id-"): // the method is renamed
		return true
	case strings.HasPrefix(id, "request-parameter-removed"): // an argument or Params field disappears
		return true
	case strings.HasPrefix(id, "request-property-removed"): // a request body field disappears
		return true
	case strings.HasPrefix(id, "response-") && strings.Contains(id, "property-removed"): // a response field disappears
		return true
	case strings.HasPrefix(id, "new-required-"), strings.HasPrefix(id, "new-request-path-parameter"):
		return true
	}
	return false
}

// policyOnly reports whether rule id is about deprecation, sunset or
// stability policy rather than the API's shape.
func policyOnly(id string) bool {
	return strings.Contains(id, "sunset") || strings.Contains(id, "deprecat") || strings.Contains(id, "stability")
}

// looserResponse reports whether rule id is about a response constraint
// (bounds, patterns, constant values and the like) that the generated
// client does not check.
func looserResponse(id string) bool {
	if !strings.HasPrefix(id, "response-") {
		return false
	}
	for _, s := range []string{
		"-max", "-min", "pattern", "multiple-of", "exclusive", "contains",
		"unique-items", "dependent-", "property-names", "unevaluated", "const-",
		"-if-", "-then-", "-else-",
	} {
		if strings.Contains(id, s) {
			return true
		}
	}
	return false
}
