package altegio

import (
	"html"
	"regexp"
	"strings"
	"unicode"
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
// server-provided text it puts in an error, on top of removing the exact
// tokens it sent; use it to scrub your own logs.
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

// redactAll applies Redact and removes each secret (tokens, passwords) that
// is long enough not to garble ordinary text.
func redactAll(s string, secrets []string) string {
	for _, sec := range secrets {
		if len(sec) >= 4 {
			s = strings.ReplaceAll(s, sec, redacted)
		}
	}
	return Redact(s)
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
func snippet(body []byte, contentType string, secrets []string) string {
	s := string(body)
	if len(s) > 64<<10 {
		s = s[:64<<10]
	}
	if strings.Contains(strings.ToLower(contentType), "html") || strings.HasPrefix(strings.TrimSpace(s), "<") {
		s = htmlText(s)
	}
	return truncate(redactAll(oneLine(s), secrets), maxSnippet)
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
