package altegio

import (
	"encoding/base64"
	"fmt"
	"html"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// redacted replaces a secret in error strings.
const redacted = "[REDACTED]"

var (
	// reBearer matches a Bearer credential, optionally followed by Altegio's
	// ", User <token>" part.
	reBearer = regexp.MustCompile(`(?i)\b(bearer\s+)([^\s,;"'<>]+)(?:(\s*,\s*user\s+)([^\s,;"'<>]+))?`)
	// reUser matches "User <word>"; the word is redacted only if it looks
	// like a token, so "User not found" stays readable.
	reUser = regexp.MustCompile(`(?i)\b(user\s+)([A-Za-z0-9._~+/=-]{16,})`)
	// reJSONSecret matches "user_token": "...", "password": "..." and the like.
	reJSONSecret = regexp.MustCompile(`(?i)("[a-z_]*(?:token|password)"\s*:\s*")((?:[^"\\]|\\.)*)`)
	// reFormSecret matches user_token=..., password=... in query strings.
	reFormSecret = regexp.MustCompile(`(?i)\b([a-z_]*(?:token|password)=)([^&\s"']+)`)
)

// Redact returns s with credentials replaced by [REDACTED]: the token after
// "Bearer" (and after ", User" in Altegio's "Bearer <partner>, User <user>"),
// a token-like word after "User", and the values of JSON members and query
// parameters named like *token or *password. The SDK applies it to every
// text it puts in an error, on top of removing the tokens it sent (and
// Login's password) in any encoding; use it to scrub your own logs.
func Redact(s string) string {
	if s == "" {
		return s
	}
	s = replaceGroups(s, reBearer, 2, 4)
	s = replaceGroupsIf(s, reUser, 2, looksLikeToken)
	s = replaceGroups(s, reJSONSecret, 2)
	s = replaceGroups(s, reFormSecret, 2)
	return s
}

// minSecretLen is the shortest secret a redactor removes: shorter ones
// would garble ordinary text.
const minSecretLen = 4

// A redactor removes a call's secrets (tokens, a password) from a text, in
// every form a server or a library could give them: raw, URL-escaped
// (query or path escaping, either case of hex, escaped twice, a '+' read
// as a space), JSON-escaped (\uXXXX, "\/", "\""), as an HTML character
// reference, and in base64 (standard or URL alphabet, at any alignment).
//
// It is a func so that the secrets it holds are out of reach of fmt (%#v
// prints a func as its address), encoders and reflection-based dumpers.
// Even so, errors never keep one: they are redacted when they are made.
// A nil redactor removes nothing.
type redactor func(s string) string

// newRedactor returns a redactor of secrets; the empty and short ones are
// ignored.
func newRedactor(secrets ...string) redactor {
	secrets = slices.Clone(secrets)
	// Longest first: when one secret contains another, the longer wins.
	slices.SortStableFunc(secrets, func(a, b string) int { return len(b) - len(a) })
	var ms []*secretMatcher
	for _, sec := range secrets {
		if len(sec) < minSecretLen || slices.ContainsFunc(ms, func(m *secretMatcher) bool { return m.secret == sec }) {
			continue
		}
		ms = append(ms, &secretMatcher{secret: sec, anchor: longestAlnumRun(sec), base64: base64Forms(sec)})
	}
	if len(ms) == 0 {
		return nil
	}
	return func(s string) string {
		for _, m := range ms {
			s = m.redact(s)
		}
		return s
	}
}

// secretMatcher finds one secret in its forms.
type secretMatcher struct {
	secret string
	// anchor is the longest run of ASCII letters and digits of the secret,
	// which every escaped form shows as it is: the expression runs only on
	// texts that contain it.
	anchor string
	once   sync.Once
	re     *regexp.Regexp // the escaped forms, compiled on first use
	base64 []string
}

func (m *secretMatcher) redact(s string) string {
	if m.anchor == "" || strings.Contains(s, m.anchor) {
		m.once.Do(func() { m.re = regexp.MustCompile(escapedPattern(m.secret)) })
		s = m.re.ReplaceAllLiteralString(s, redacted)
	}
	for _, f := range m.base64 {
		if strings.Contains(s, f) {
			s = strings.ReplaceAll(s, f, redacted)
		}
	}
	return s
}

// longestAlnumRun returns the longest run of ASCII letters and digits in s.
func longestAlnumRun(s string) string {
	best, start := "", -1
	for i := 0; i <= len(s); i++ {
		if i < len(s) && isAlnumASCII(s[i]) {
			if start < 0 {
				start = i
			}
			continue
		}
		if start >= 0 && i-start > len(best) {
			best = s[start:i]
		}
		start = -1
	}
	return best
}

// secrets returns s without r's secrets.
func (r redactor) secrets(s string) string {
	if r == nil || s == "" {
		return s
	}
	return r(s)
}

// all returns s without r's secrets, and with [Redact] applied.
func (r redactor) all(s string) string { return Redact(r.secrets(s)) }

// escapedPattern returns a regular expression matching sec raw,
// URL-escaped, JSON-escaped or as HTML character references, character by
// character (so mixed forms match too).
func escapedPattern(sec string) string {
	var b strings.Builder
	for _, r := range sec {
		if r < utf8.RuneSelf && isAlnumASCII(byte(r)) {
			b.WriteRune(r)
			continue
		}
		b.WriteString("(?:")
		b.WriteString(regexp.QuoteMeta(string(r)))
		// Percent-escaped UTF-8, once or twice (%2F, %2f, %252F).
		b.WriteString("|")
		var buf [utf8.UTFMax]byte
		for _, c := range buf[:utf8.EncodeRune(buf[:], r)] {
			b.WriteString("%(?:25)?" + hexPattern(uint64(c), 2))
		}
		// JSON's \uXXXX (a surrogate pair beyond the BMP).
		b.WriteString("|")
		for _, u := range utf16.Encode([]rune{r}) {
			b.WriteString(`\\u` + hexPattern(uint64(u), 4))
		}
		// HTML character references: &#47; &#x2F;
		fmt.Fprintf(&b, "|&#0*%d;|&#[xX]0*%s;", r, hexPattern(uint64(r), 0))
		switch r {
		case '/', '"', '\\':
			b.WriteString(`|\\` + regexp.QuoteMeta(string(r)))
		case '+':
			b.WriteString("| ") // a '+' decoded from a query string
		case ' ':
			b.WriteString(`|\+|%(?:25)?2[bB]`) // a space form-encoded, then escaped
		case '\n':
			b.WriteString(`|\\n`)
		case '\t':
			b.WriteString(`|\\t`)
		case '\r':
			b.WriteString(`|\\r`)
		}
		b.WriteString(")")
	}
	return b.String()
}

// hexPattern returns a pattern matching v in hexadecimal in either case,
// with at least width digits.
func hexPattern(v uint64, width int) string {
	var b strings.Builder
	for _, c := range fmt.Sprintf("%0*x", width, v) {
		if c >= 'a' {
			b.WriteString("[" + string(c) + string(c-'a'+'A') + "]")
		} else {
			b.WriteRune(c)
		}
	}
	return b.String()
}

// base64Forms returns the base64 forms of sec, in the standard and URL
// alphabets, at the three byte alignments sec can have in an encoded
// text: for each, the characters that depend on sec alone (all but one or
// two at either end).
func base64Forms(sec string) []string {
	var out []string
	for _, enc := range []*base64.Encoding{base64.StdEncoding, base64.URLEncoding} {
		for a := 0; a < 3; a++ {
			e := enc.EncodeToString(append(make([]byte, a, a+len(sec)), sec...))
			// Character i holds bits 6i to 6i+6: keep those within sec's.
			if mid := e[(8*a+5)/6 : (8*a+8*len(sec))/6]; len(mid) >= 6 && !slices.Contains(out, mid) {
				out = append(out, mid)
			}
		}
	}
	return out
}

func isAlnumASCII(c byte) bool {
	return '0' <= c && c <= '9' || 'a' <= c && c <= 'z' || 'A' <= c && c <= 'Z'
}

// replaceGroups replaces the given submatch groups of every match of re.
func replaceGroups(s string, re *regexp.Regexp, groups ...int) string {
	return replaceGroupsIf(s, re, groups[0], nil, groups[1:]...)
}

// replaceGroupsIf replaces submatch group g (and the extra groups) of every
// match of re for which keep is nil or returns true.
func replaceGroupsIf(s string, re *regexp.Regexp, g int, keep func(string) bool, extra ...int) string {
	matches := re.FindAllStringSubmatchIndex(s, -1)
	if matches == nil {
		return s
	}
	var b strings.Builder
	last := 0
	for _, m := range matches {
		for _, grp := range append([]int{g}, extra...) {
			start, end := m[2*grp], m[2*grp+1]
			if start < 0 || start < last || (keep != nil && !keep(s[start:end])) {
				continue
			}
			b.WriteString(s[last:start])
			b.WriteString(redacted)
			last = end
		}
	}
	b.WriteString(s[last:])
	return b.String()
}

// looksLikeToken reports whether w mixes letters and digits, as tokens do.
func looksLikeToken(w string) bool {
	return strings.ContainsAny(w, "0123456789") && strings.IndexFunc(w, unicode.IsLetter) >= 0
}

// oneLine makes s printable on one line: invalid UTF-8 and bidi controls are
// dropped, other control characters and line separators become spaces, and
// runs of white space are collapsed.
func oneLine(s string) string {
	s = strings.ToValidUTF8(s, "")
	var b strings.Builder
	b.Grow(len(s))
	space := false
	for _, r := range s {
		switch {
		case isBidiControl(r):
			continue
		case unicode.IsControl(r) || unicode.IsSpace(r) || unicode.In(r, unicode.Zl, unicode.Zp):
			space = b.Len() > 0
			continue
		}
		if space {
			b.WriteByte(' ')
			space = false
		}
		b.WriteRune(r)
	}
	return b.String()
}

func isBidiControl(r rune) bool {
	return r == 0x200e || r == 0x200f || (r >= 0x202a && r <= 0x202e) || (r >= 0x2066 && r <= 0x2069) || r == 0xfeff
}

// maxSnippet is the most bytes of a response body kept in an error.
const maxSnippet = 256

// snippet returns the start of a response body for an error: the text of an
// HTML page without its tags, on one line, redacted, at most maxSnippet
// bytes of valid UTF-8.
func snippet(body []byte, contentType string, r redactor) string {
	s := string(body)
	if len(s) > 64<<10 {
		s = s[:64<<10]
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(strings.TrimSpace(s), "<") {
		s = htmlText(s)
	}
	return truncate(r.all(oneLine(s)), maxSnippet)
}

// truncate shortens s to at most n bytes at a rune boundary, marking the cut
// with an ellipsis.
func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	const ellipsis = "…"
	cut := n - len(ellipsis)
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return strings.TrimRight(s[:cut], " ") + ellipsis
}

// htmlText returns the text of an HTML document: tags, comments, scripts
// and styles removed, entities decoded.
func htmlText(s string) string {
	var b strings.Builder
	for len(s) > 0 {
		i := strings.IndexByte(s, '<')
		if i < 0 {
			b.WriteString(s)
			break
		}
		b.WriteString(s[:i])
		s = s[i:]
		switch {
		case strings.HasPrefix(s, "<!--"):
			s = skipPast(s, "-->")
		case hasPrefixFold(s, "<script"):
			s = skipPast(s, "</script>")
		case hasPrefixFold(s, "<style"):
			s = skipPast(s, "</style>")
		default:
			s = skipPast(s, ">")
		}
		b.WriteByte(' ')
	}
	return html.UnescapeString(b.String())
}

// skipPast returns s after the first end (an ASCII string, matched
// case-insensitively), or "" if there is none.
func skipPast(s, end string) string {
	for i := 0; i+len(end) <= len(s); i++ {
		if hasPrefixFold(s[i:], end) {
			return s[i+len(end):]
		}
	}
	return ""
}

// hasPrefixFold reports whether s starts with the ASCII string prefix,
// ignoring ASCII case.
func hasPrefixFold(s, prefix string) bool {
	if len(s) < len(prefix) {
		return false
	}
	for i := 0; i < len(prefix); i++ {
		if lowerASCII(s[i]) != lowerASCII(prefix[i]) {
			return false
		}
	}
	return true
}

func lowerASCII(c byte) byte {
	if 'A' <= c && c <= 'Z' {
		return c + 'a' - 'A'
	}
	return c
}
