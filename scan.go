package altegio

import (
	"errors"
	"unicode"
	"unicode/utf16"
	"unicode/utf8"
)

// The byte scanner under Unmarshal. It reads JSON (RFC 8259) as
// encoding/json does, and reports any input encoding/json would reject as
// errSyntax; Unmarshal then asks encoding/json for its *json.SyntaxError.

// errSyntax stops decoding at malformed JSON.
var errSyntax = errors.New("altegio: malformed JSON")

// maxDepth is how deeply arrays and objects may nest, as in encoding/json.
const maxDepth = 10000

// plainByte[c] is true for the bytes that need no attention inside a JSON
// string: not a quote, a backslash, a control character or non-ASCII.
var plainByte = func() (t [256]bool) {
	for c := ' '; c < utf8.RuneSelf; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

func isSpace(c byte) bool { return c == ' ' || c == '\n' || c == '\r' || c == '\t' }

// skipSpace moves past white space.
func (d *decodeState) skipSpace() {
	for d.off < len(d.data) && isSpace(d.data[d.off]) {
		d.off++
	}
}

// peek returns the byte at d.off, or 0 at the end of the data.
func (d *decodeState) peek() byte {
	if d.off < len(d.data) {
		return d.data[d.off]
	}
	return 0
}

// consume moves past c, after white space, or reports errSyntax.
func (d *decodeState) consume(c byte) error {
	d.skipSpace()
	if d.peek() != c {
		return errSyntax
	}
	d.off++
	return nil
}

// enter counts one more level of nesting at an opening bracket.
func (d *decodeState) enter() error {
	d.off++
	d.depth++
	if d.depth > maxDepth {
		return errSyntax
	}
	return nil
}

// next moves past the comma or the closing bracket after an element of an
// array (close ']') or object (close '}'), and reports whether another
// element follows.
func (d *decodeState) next(close byte) (bool, error) {
	d.skipSpace()
	switch d.peek() {
	case ',':
		d.off++
		d.skipSpace()
		return true, nil
	case close:
		d.off++
		d.depth--
		return false, nil
	}
	return false, errSyntax
}

// first moves past white space after an opening bracket and reports
// whether an element follows, or moves past the closing bracket.
func (d *decodeState) first(close byte) bool {
	d.skipSpace()
	if d.peek() == close {
		d.off++
		d.depth--
		return false
	}
	return true
}

// stringLit scans the string literal at d.off and returns its content
// (between the quotes) as written. plain reports that the content is its
// own value: no escapes, valid UTF-8.
func (d *decodeState) stringLit() (content []byte, plain bool, err error) {
	data := d.data
	start := d.off + 1
	escaped, ascii := false, true
	for i := start; i < len(data); {
		c := data[i]
		if plainByte[c] {
			i++
			continue
		}
		switch {
		case c == '"':
			d.off = i + 1
			content = data[start:i]
			return content, !escaped && (ascii || utf8.Valid(content)), nil
		case c == '\\':
			escaped = true
			if i+1 >= len(data) {
				return nil, false, errSyntax
			}
			switch data[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(data) || !isHex(data[i+2]) || !isHex(data[i+3]) || !isHex(data[i+4]) || !isHex(data[i+5]) {
					return nil, false, errSyntax
				}
				i += 6
			default:
				return nil, false, errSyntax
			}
		case c < ' ':
			return nil, false, errSyntax
		default:
			ascii = false
			i++
		}
	}
	return nil, false, errSyntax
}

func isHex(c byte) bool { return isDigit(c) || 'a' <= c|0x20 && c|0x20 <= 'f' }

// stringValue scans the string literal at d.off and returns its value. The
// result may alias the data or d.buf: use it before the next call.
func (d *decodeState) stringValue() ([]byte, error) {
	content, plain, err := d.stringLit()
	if err != nil || plain {
		return content, err
	}
	d.buf = unquote(d.buf[:0], content)
	return d.buf, nil
}

// unquote appends the value of the string content s, whose escapes are
// valid, to dst, as encoding/json reads it: invalid UTF-8 and unpaired
// surrogates become U+FFFD.
func unquote(dst, s []byte) []byte {
	for i := 0; i < len(s); {
		c := s[i]
		switch {
		case c == '\\':
			switch e := s[i+1]; e {
			case 'b':
				dst = append(dst, '\b')
			case 'f':
				dst = append(dst, '\f')
			case 'n':
				dst = append(dst, '\n')
			case 'r':
				dst = append(dst, '\r')
			case 't':
				dst = append(dst, '\t')
			case 'u':
				r := hex4(s[i+2:])
				i += 6
				if utf16.IsSurrogate(r) {
					if i+6 <= len(s) && s[i] == '\\' && s[i+1] == 'u' {
						if dec := utf16.DecodeRune(r, hex4(s[i+2:])); dec != unicode.ReplacementChar {
							dst = utf8.AppendRune(dst, dec)
							i += 6
							continue
						}
					}
					r = unicode.ReplacementChar
				}
				dst = utf8.AppendRune(dst, r)
				continue
			default: // '"', '\\', '/'
				dst = append(dst, e)
			}
			i += 2
		case c < utf8.RuneSelf:
			dst = append(dst, c)
			i++
		default:
			r, size := utf8.DecodeRune(s[i:])
			dst = utf8.AppendRune(dst, r)
			i += size
		}
	}
	return dst
}

// hex4 returns the value of the four hex digits that start s.
func hex4(s []byte) rune {
	var r rune
	for _, c := range s[:4] {
		switch {
		case isDigit(c):
			c -= '0'
		case 'a' <= c && c <= 'f':
			c -= 'a' - 10
		default:
			c -= 'A' - 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// numberLit scans the number literal at d.off and returns it; integer
// reports that it has no fraction and no exponent.
func (d *decodeState) numberLit() (num []byte, integer bool, err error) {
	data := d.data
	i := d.off
	if i < len(data) && data[i] == '-' {
		i++
	}
	switch {
	case i < len(data) && data[i] == '0':
		i++
	case i < len(data) && '1' <= data[i] && data[i] <= '9':
		i++
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	default:
		return nil, false, errSyntax
	}
	integer = true
	if i < len(data) && data[i] == '.' {
		integer = false
		i++
		if i >= len(data) || !isDigit(data[i]) {
			return nil, false, errSyntax
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	if i < len(data) && (data[i] == 'e' || data[i] == 'E') {
		integer = false
		i++
		if i < len(data) && (data[i] == '+' || data[i] == '-') {
			i++
		}
		if i >= len(data) || !isDigit(data[i]) {
			return nil, false, errSyntax
		}
		for i < len(data) && isDigit(data[i]) {
			i++
		}
	}
	num = data[d.off:i]
	d.off = i
	return num, integer, nil
}

// literal moves past the literal word (true, false or null) at d.off.
func (d *decodeState) literal(word string) error {
	if len(d.data)-d.off < len(word) || string(d.data[d.off:d.off+len(word)]) != word {
		return errSyntax
	}
	d.off += len(word)
	return nil
}

// boolLit moves past true or false at d.off and returns its value.
func (d *decodeState) boolLit() (bool, error) {
	if d.peek() == 't' {
		return true, d.literal("true")
	}
	return false, d.literal("false")
}

// skip moves past the value at d.off, checking its syntax.
func (d *decodeState) skip() error {
	switch d.peek() {
	case '{':
		if err := d.enter(); err != nil {
			return err
		}
		for more := d.first('}'); more; {
			if d.peek() != '"' {
				return errSyntax
			}
			if _, _, err := d.stringLit(); err != nil {
				return err
			}
			if err := d.consume(':'); err != nil {
				return err
			}
			d.skipSpace()
			if err := d.skip(); err != nil {
				return err
			}
			var err error
			if more, err = d.next('}'); err != nil {
				return err
			}
		}
		return nil
	case '[':
		_, err := d.skipArray()
		return err
	case '"':
		_, _, err := d.stringLit()
		return err
	case 't':
		return d.literal("true")
	case 'f':
		return d.literal("false")
	case 'n':
		return d.literal("null")
	}
	_, _, err := d.numberLit()
	return err
}

// skipArray moves past the array at d.off and returns its length.
func (d *decodeState) skipArray() (int, error) {
	if err := d.enter(); err != nil {
		return 0, err
	}
	n := 0
	for more := d.first(']'); more; n++ {
		if err := d.skip(); err != nil {
			return 0, err
		}
		var err error
		if more, err = d.next(']'); err != nil {
			return 0, err
		}
	}
	return n, nil
}

// rawValue moves past the value at d.off and returns it as written.
func (d *decodeState) rawValue() ([]byte, error) {
	start := d.off
	if err := d.skip(); err != nil {
		return nil, err
	}
	return d.data[start:d.off:d.off], nil
}

// kindName names the kind of the JSON value that starts with c, as
// *json.UnmarshalTypeError's Value does.
func kindName(c byte) string {
	switch c {
	case '{':
		return "object"
	case '[':
		return "array"
	case '"':
		return "string"
	case 't', 'f':
		return "bool"
	case 'n':
		return "null"
	}
	return "number"
}
