package gen

import (
	"regexp"
	"strings"
	"sync"

	"github.com/oapi-codegen/oapi-codegen/v2/pkg/codegen"
)

// NameNormalizer is the oapi-codegen name normalizer the pipeline runs
// with: words are split as ToCamelCaseWithDigits splits them and every
// word that is an initialism is written as Go writes it (Id → ID,
// LocationId → LocationID, SalonIds → SalonIDs).
const NameNormalizer = codegen.NameNormalizerFunctionToCamelCaseWithInitialisms

// codegenInitialisms are the initialisms oapi-codegen v2.8.2 knows (its
// unexported initialismsList, which is also staticcheck's ST1003 default).
var codegenInitialisms = []string{
	"ACL", "API", "ASCII", "CPU", "CSS", "DNS", "EOF", "GUID", "HTML", "HTTP", "HTTPS", "ID", "IP", "JSON",
	"QPS", "RAM", "RPC", "SLA", "SMTP", "SQL", "SSH", "TCP", "TLS", "TTL", "UDP", "UI", "GID", "UID", "UUID",
	"URI", "URL", "UTF8", "VM", "XML", "XMPP", "XSRF", "XSS", "SIP", "RTP", "AMQP", "DB", "TS",
}

// Initialisms are the words the pipeline adds to oapi-codegen's list
// (OutputOptions.AdditionalInitialisms): the acronyms of Altegio's
// domain, and the plurals Go writes with a lower-case s.
var Initialisms = []string{
	"SMS", "VAT", "PDF", "SKU", "OTP", "UTC", "ISO", "QR", "KKM",
	"IDs", "URLs", "UUIDs", "APIs", "SMSs",
}

var initialismWords = func() map[string]string {
	m := map[string]string{}
	for _, w := range append(append([]string{}, codegenInitialisms...), Initialisms...) {
		m[strings.ToLower(w)] = w
	}
	return m
}()

var camelCaseParts = regexp.MustCompile(`[\p{Lu}\d]+([\p{Ll}\d]+|$)`)

// GoName turns a name from the spec (an operationId, a property, a
// parameter) into the exported Go name oapi-codegen gives it under
// NameNormalizer and Initialisms: list_positions → ListPositions,
// get_membership_type_list_by_id → GetMembershipTypeListByID. It does
// what codegen.ToCamelCaseWithInitialisms does during a run, without
// depending on the generator's package state.
func GoName(s string) string {
	if n, ok := goNames.Load(s); ok {
		return n.(string)
	}
	n := goName(s)
	goNames.Store(s, n)
	return n
}

// goNames holds the GoName of every string it was asked for: the model
// asks for the same few thousand many times, and a regular expression
// splits each.
var goNames sync.Map

func goName(s string) string {
	parts := camelCaseParts.FindAllString(codegen.ToCamelCaseWithDigits(s), -1)
	for i, p := range parts {
		if v, ok := initialismWords[strings.ToLower(p)]; ok {
			parts[i] = v
		}
	}
	return strings.Join(parts, "")
}
