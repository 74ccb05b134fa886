package gen

import (
	"regexp"
	"strings"
)

// The naming pass renames the types oapi-codegen declares so that they
// read like a hand-written SDK's (see NameTypes). Every new name is a
// function of the old one and of the operation it belongs to, never of the
// other types of the spec, except where two types would get the same name:
// then both keep the old name without its underscores. So adding an
// operation upstream renames no unrelated type.

// pathEntities are the nouns whose ids the v1 schema keys spell in
// (company_companyid_staff_staffid_...): the key's "<entity>id" word is
// a path parameter, noise in a type name.
var pathEntities = map[string]bool{
	"company": true, "staff": true, "document": true, "salon": true, "visit": true, "service": true,
	"group": true, "client": true, "record": true, "chain": true, "good": true, "goods": true, "user": true,
	"category": true, "transaction": true, "storage": true, "account": true, "event": true,
}

// dataTypesStatus matches the word after "Data" in a key such as
// clients_response_data_types_400.
var dataTypesStatus = regexp.MustCompile(`^Types?(\d+)$`)

// Renames is the old → new name map of one naming pass: types, enum
// constants and union methods.
type Renames map[string]string

// cleanComponentName is the Go name a spec component keeps: its name
// without the path placeholders the v1 keys spell ("Companyid",
// "Staffid"), the "DataTypes"/"DataType" suffix words, the "N" oapi-codegen
// puts before a leading digit and the status after "Response" when it is
// 200. Misspelt "Ressponse"/"Reaponse" read "Response".
func cleanComponentName(name string) string { return cleanName(name, false) }

var (
	// digitPrefixed is a name oapi-codegen prefixed with N for its
	// leading digit.
	digitPrefixed = regexp.MustCompile(`^N\d+([A-Z].*)$`)
	// responseWord is "Response", as spelt in the v1 keys, and a status.
	responseWord = regexp.MustCompile(`^(Response|Ressponse|Reaponse)(\d*)$`)
)

// cleanName is cleanComponentName; lenient keeps the leading path words
// ("Company" "Companyid") and every status after "Response", for the
// components whose clean names clash.
func cleanName(name string, lenient bool) string {
	if m := digitPrefixed.FindStringSubmatch(name); m != nil {
		name = m[1]
	}
	words := splitWords(name)
	var out []string
	for i := 0; i < len(words); i++ {
		w := words[i]
		lw := strings.ToLower(w)
		next := ""
		if i+1 < len(words) {
			next = words[i+1]
		}
		switch {
		// "Company" "Companyid" / "Company" "ID" at the start: the path
		// /company/{company_id}/...
		case lenient && i == 0:
		case i == 0 && pathEntities[lw] && (strings.EqualFold(next, w+"id") || (next == "ID" && i+2 < len(words))):
			i++
			continue
		case i == 0 && w == "Company" && i+2 < len(words) && pathEntities[strings.ToLower(next)] && words[i+2] == "ID":
			continue // Company Salon ID ...: /company/{salon_id}/...
		case strings.HasSuffix(lw, "id") && pathEntities[strings.TrimSuffix(lw, "id")]:
			stem := w[:len(w)-2]
			if len(out) > 0 && strings.EqualFold(strings.TrimSuffix(out[len(out)-1], "s"), stem) {
				continue // Staff Staffid
			}
			out = append(out, stem)
			continue
		case w == "ID" && i+1 < len(words) && len(out) > 0 && pathEntities[strings.ToLower(out[len(out)-1])]:
			continue // Salon ID Sale...: a path parameter
		case w == "Data" && (next == "Types" || next == "Type"):
			i++
			continue
		case w == "Data" && dataTypesStatus.MatchString(next):
			out = append(out, dataTypesStatus.FindStringSubmatch(next)[1])
			i++
			continue
		}
		if r := responseWord.FindStringSubmatch(w); r != nil {
			w = "Response"
			if r[2] != "" && (r[2] != "200" || lenient) {
				w += r[2]
			}
		}
		out = append(out, w)
	}
	if len(out) == 0 {
		return name
	}
	s := strings.Join(out, "")
	if s[0] >= '0' && s[0] <= '9' {
		return name
	}
	return s
}

// splitWords splits a Go name into its words: "CompanySalonIDSaleDocumentid"
// → Company Salon ID Sale Documentid. Digits stay with the word before them.
func splitWords(name string) []string {
	var words []string
	start := 0
	rs := []rune(name)
	isUpper := func(r rune) bool { return r >= 'A' && r <= 'Z' }
	isLower := func(r rune) bool { return r >= 'a' && r <= 'z' }
	for i := 1; i < len(rs); i++ {
		if isUpper(rs[i]) && (isLower(rs[i-1]) || rs[i-1] >= '0' && rs[i-1] <= '9' || i+1 < len(rs) && isLower(rs[i+1]) && isUpper(rs[i-1])) {
			words = append(words, string(rs[start:i]))
			start = i
		}
	}
	return append(words, string(rs[start:]))
}

// MaxNameLen is the length a nested type's name is shortened to, when it
// can be, so that the names of its union methods (As<Name>, Merge<Name>)
// stay within the style gate's 60 characters.
const MaxNameLen = 55
