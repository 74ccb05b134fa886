package altegio

import (
	"strconv"
	"strings"
)

// integral returns the JSON number n as an integer literal, if its value is
// an integer: "3.0" → "3", "1e2" → "100", "-0" → "0". It works on the
// decimal text, so large values keep every digit; values with more than 40
// digits (too large for any Go integer) are refused.
func integral(n string) (string, bool) {
	if n == "" {
		return "", false
	}
	neg := n[0] == '-'
	if neg {
		n = n[1:]
	}
	mant, exp := n, 0
	if i := strings.IndexAny(n, "eE"); i >= 0 {
		mant = n[:i]
		e, err := strconv.Atoi(n[i+1:])
		if err != nil || e > 1000 || e < -1000 {
			if strings.Trim(mant, "0.") == "" {
				return "0", true
			}
			return "", false
		}
		exp = e
	}
	intPart, frac := mant, ""
	if i := strings.IndexByte(mant, '.'); i >= 0 {
		intPart, frac = mant[:i], mant[i+1:]
	}
	digits := intPart + frac
	point := len(intPart) + exp
	lead := 0
	for lead < len(digits) && digits[lead] == '0' {
		lead++
	}
	if lead == len(digits) {
		return "0", true
	}
	digits, point = digits[lead:], point-lead
	digits = strings.TrimRight(digits, "0")
	if point < len(digits) || point > 40 {
		return "", false
	}
	s := digits + strings.Repeat("0", point-len(digits))
	if neg {
		s = "-" + s
	}
	return s, true
}

// isJSONNumber reports whether s is a JSON number literal (RFC 8259).
func isJSONNumber(s string) bool {
	if s == "" {
		return false
	}
	if s[0] == '-' {
		s = s[1:]
		if s == "" {
			return false
		}
	}
	switch {
	case s[0] == '0':
		s = s[1:]
	case '1' <= s[0] && s[0] <= '9':
		s = s[1:]
		for len(s) > 0 && isDigit(s[0]) {
			s = s[1:]
		}
	default:
		return false
	}
	if len(s) >= 2 && s[0] == '.' && isDigit(s[1]) {
		s = s[2:]
		for len(s) > 0 && isDigit(s[0]) {
			s = s[1:]
		}
	}
	if len(s) >= 2 && (s[0] == 'e' || s[0] == 'E') {
		s = s[1:]
		if s[0] == '+' || s[0] == '-' {
			s = s[1:]
			if s == "" {
				return false
			}
		}
		for len(s) > 0 && isDigit(s[0]) {
			s = s[1:]
		}
	}
	return s == ""
}

func isDigit(c byte) bool { return '0' <= c && c <= '9' }

// decimalKey returns the value of a PHP array key such as "0", "12" or "-3".
func decimalKey(k string) (int64, bool) {
	d := strings.TrimPrefix(k, "-")
	if d == "" || len(d) > 18 || (len(d) > 1 && d[0] == '0') || (d == "0" && k != d) {
		return 0, false
	}
	for i := 0; i < len(d); i++ {
		if !isDigit(d[i]) {
			return 0, false
		}
	}
	n, err := strconv.ParseInt(k, 10, 64)
	return n, err == nil
}
