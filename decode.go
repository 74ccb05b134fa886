package altegio

import (
	"bytes"
	"cmp"
	"encoding"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strconv"
	"strings"
)

// Unmarshal decodes JSON data into v like json.Unmarshal, but accepts the
// shapes Altegio's PHP backend really sends where v's Go types expect
// something else, and keeps what v's types do not declare:
//
//   - [] (an empty PHP array) for an object, a map, a pointer to those, or an
//     [Object]: treated as null;
//   - a list of one element for an object, a map, a pointer to those, or an
//     [Object]: that element (a longer list is an error naming the field,
//     e.g. "altegio: data: want one object, got a list of 3");
//   - numbers sent as strings ("42", " 7 ", "+3") for integer and float
//     fields, "" for a number (treated as null, i.e. zero), integral floats
//     (3.0, 1e2) for integers, and true/false (1/0) for integers and floats;
//     a fraction for an integer, or a negative number for an unsigned one,
//     is an error;
//   - 0/1 and "0"/"1"/"true"/"false" (in any case, with white space around)
//     for booleans ("" is null, i.e. false);
//   - numbers and booleans for strings (their literal text);
//   - objects with decimal integer keys (PHP sparse arrays) for slices and
//     arrays, ordered by key; {} for an empty slice; and one object where a
//     list of objects is declared, as a list of one.
//
// Nothing is lost: a struct type with a field of type [ExtraFields] (every
// generated type has one) keeps in it each member of the object that it
// does not declare, under its name, as a copy of the raw JSON value, so
// that encoding it again with [MarshalWithExtra] gives every member back.
// For such a type names match exactly (case-sensitively), so that no name
// changes on the way back; other structs match names as encoding/json does,
// falling back to a case-insensitive match. A struct with an ExtraFields
// field is decoded field by field even if it implements json.Unmarshaler,
// so its UnmarshalJSON may call Unmarshal on itself, as the generated ones
// do (so that json.Unmarshal is lenient and lossless too); any other type
// whose UnmarshalJSON did that would recurse forever.
//
// Values whose Go type is interface{} or json.RawMessage, or implements
// json.Unmarshaler or encoding.TextUnmarshaler, are given the value as
// encoding/json gives it ([Time] and [Date] are lenient themselves; an
// [Object] is decoded by the rules above), with one exception: a [] for a struct or map type whose
// UnmarshalJSON rejects [] but takes null (such as time.Time, or
// oapi-codegen's types with additional properties) becomes null, and a list
// of one object becomes that object. Such a type's UnmarshalJSON should
// itself call Unmarshal for the values it decodes, to be lenient inside.
//
// Otherwise Unmarshal behaves as json.Unmarshal: null sets pointers, maps,
// slices and interfaces to nil and leaves other values as they are; the
// last of duplicate names wins; decoding merges into v. A type mismatch is
// a *json.UnmarshalTypeError whose Field is the dotted path to the value
// (list indices and map keys included), possibly wrapped; after one,
// Unmarshal decodes the rest and returns the first. Malformed JSON, or data
// after the value, is encoding/json's *json.SyntaxError; v may then be
// partly set. Unmarshal does not panic, whatever data holds.
//
// Unmarshal reads data once, applying the rules value by value as it meets
// them, with a decoder compiled once per Go type and cached. Well-formed
// data decodes at least as fast as with json.Unmarshal, with less memory,
// and data that needs the rules as fast as well-formed data: see
// BENCHMARKS.md.
func Unmarshal(data []byte, v any) error {
	rv := reflect.ValueOf(v)
	if rv.Kind() != reflect.Pointer || rv.IsNil() {
		if !json.Valid(data) {
			return syntaxError(data)
		}
		return &json.InvalidUnmarshalError{Type: reflect.TypeOf(v)}
	}
	d := decodeState{data: data}
	d.skipSpace()
	err := d.value(codecFor(rv.Type().Elem()), rv.Elem())
	if err == nil {
		d.skipSpace()
		if d.off < len(d.data) {
			err = errSyntax
		}
	}
	if err != nil {
		return syntaxError(data)
	}
	return d.finish()
}

// syntaxError returns encoding/json's error for the malformed JSON data.
func syntaxError(data []byte) error {
	var se *json.SyntaxError
	if err := json.Unmarshal(data, new(any)); errors.As(err, &se) {
		return se
	}
	return errSyntax // not reached: the scanner rejects what encoding/json does
}

// decodeState is one Unmarshal call's progress through data.
type decodeState struct {
	data  []byte
	off   int // the next byte to read
	depth int // nesting of arrays and objects

	buf, keyBuf, foldBuf []byte // scratch space

	names map[string]string // undeclared member names, see intern
	slab  []byte            // copies of their values, see keep

	counted bool // inside a list decodeArray counted first

	err       error    // the first decoding error
	errPath   []string // where err happened, innermost first
	errStruct string   // the innermost struct type on errPath
}

// saveError records err if it is the first decoding error.
func (d *decodeState) saveError(err error) {
	if d.err == nil {
		d.err = err
	}
}

// typeError records a mismatch between a JSON value (what) and a Go type.
func (d *decodeState) typeError(what string, t reflect.Type) {
	d.saveError(&json.UnmarshalTypeError{Value: what, Type: t, Offset: int64(d.off)})
}

// mismatch moves past the value at d.off, recording that t cannot hold it.
func (d *decodeState) mismatch(t reflect.Type) error {
	what := kindName(d.peek())
	if err := d.skip(); err != nil {
		return err
	}
	d.typeError(what, t)
	return nil
}

// addPath notes that the first error happened inside the member or element
// name (of the struct type structName, if any), when the error has just
// been recorded: call it when hadErr (d.err != nil before decoding the
// value) is false.
func (d *decodeState) addPath(hadErr bool, name, structName string) {
	if hadErr || d.err == nil {
		return
	}
	d.errPath = append(d.errPath, name)
	if d.errStruct == "" {
		d.errStruct = structName
	}
}

// finish returns the first decoding error, with its path.
func (d *decodeState) finish() error {
	if d.err == nil {
		return nil
	}
	slices.Reverse(d.errPath)
	path := strings.Join(d.errPath, ".")
	switch e := d.err.(type) {
	case *json.UnmarshalTypeError:
		if path != "" {
			if e.Field != "" {
				path += "." + e.Field
			}
			e.Field, e.Struct = path, d.errStruct
		}
		return e
	case *listError:
		e.te.Field, e.te.Struct = path, d.errStruct
	}
	if path == "" {
		return d.err
	}
	return &pathError{path: path, err: d.err}
}

// pathError is a decoding error with where it happened.
type pathError struct {
	path string
	err  error
}

func (e *pathError) Error() string {
	return "altegio: " + e.path + ": " + strings.TrimPrefix(e.err.Error(), "altegio: ")
}

func (e *pathError) Unwrap() error { return e.err }

// listError is a list of more than one value where one object is declared.
type listError struct {
	n  int
	te *json.UnmarshalTypeError
}

func (e *listError) Error() string {
	return fmt.Sprintf("altegio: want one object, got a list of %d", e.n)
}

func (e *listError) Unwrap() error { return e.te }

// value decodes the value at d.off into v, with c, the codec of v's type.
// It returns only errSyntax; other errors are recorded and decoding goes on.
func (d *decodeState) value(c *codec, v reflect.Value) error {
	if d.off >= len(d.data) {
		return errSyntax
	}
	switch c.kind {
	case kindString:
		return d.decodeString(c, v)
	case kindInt, kindUint, kindFloat, kindNumber:
		return d.decodeNumber(c, v)
	case kindBool:
		return d.decodeBool(c, v)
	case kindPointer:
		return d.decodePointer(c, v)
	case kindStruct:
		switch d.data[d.off] {
		case '{':
			return d.decodeStruct(c.st, v)
		case '[':
			return d.single(c, v)
		case 'n':
			return d.literal("null")
		}
	case kindSlice, kindArray:
		return d.decodeList(c, v)
	case kindMap, kindBadMap:
		switch d.data[d.off] {
		case '{':
			if c.kind == kindBadMap {
				break
			}
			return d.decodeMap(c, v)
		case '[':
			return d.single(c, v)
		case 'n':
			v.SetZero()
			return d.literal("null")
		}
	case kindAny, kindInterface:
		return d.decodeInterface(c, v)
	case kindRaw:
		raw, err := d.rawValue()
		if err == nil {
			p := v.Addr().Interface().(*json.RawMessage)
			*p = append((*p)[:0], raw...)
		}
		return err
	case kindObject:
		return d.decodeObject(c, v)
	case kindUnmarshaler:
		return d.decodeUnmarshaler(c, v)
	case kindText:
		switch d.data[d.off] {
		case '"':
			s, err := d.stringValue()
			if err == nil {
				if uerr := v.Addr().Interface().(encoding.TextUnmarshaler).UnmarshalText(s); uerr != nil {
					d.saveError(uerr)
				}
			}
			return err
		case 'n':
			return d.literal("null")
		}
	case kindInvalid:
		if d.data[d.off] == 'n' {
			return d.literal("null")
		}
	}
	return d.mismatch(c.typ)
}

// setNull stores null in v, of an objectish type.
func (d *decodeState) setNull(c *codec, v reflect.Value) {
	switch c.kind {
	case kindMap, kindBadMap, kindObject, kindPointer:
		v.SetZero()
	case kindUnmarshaler:
		if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON([]byte("null")); err != nil {
			d.saveError(err)
		}
	}
}

// single decodes the array at d.off into v, of an objectish type: [] is
// null, and a list of one its element. A longer list is an error (after
// its first element has been decoded into v).
func (d *decodeState) single(c *codec, v reflect.Value) error {
	start := d.off
	if err := d.enter(); err != nil {
		return err
	}
	if !d.first(']') {
		d.setNull(c, v)
		return nil
	}
	if d.peek() == '[' {
		// Not a list of lists: that would make decoding quadratic.
		d.off, d.depth = start, d.depth-1
		return d.mismatch(c.typ)
	}
	if err := d.value(c, v); err != nil {
		return err
	}
	n := 1
	for {
		more, err := d.next(']')
		if err != nil || !more {
			if err == nil && n > 1 {
				d.saveError(&listError{n: n, te: &json.UnmarshalTypeError{Value: "array", Type: c.typ, Offset: int64(start)}})
			}
			return err
		}
		if err := d.skip(); err != nil {
			return err
		}
		n++
	}
}

// isBlankString reports whether the value at d.off is a string of white
// space only, and if so moves past it.
func (d *decodeState) isBlankString() bool {
	if d.data[d.off] != '"' {
		return false
	}
	start := d.off
	s, err := d.stringValue()
	if err != nil || len(bytes.TrimSpace(s)) > 0 {
		d.off = start
		return false
	}
	return true
}

func (d *decodeState) decodePointer(c *codec, v reflect.Value) error {
	switch d.data[d.off] {
	case 'n':
		v.SetZero()
		return d.literal("null")
	case '[':
		if c.objectish {
			start := d.off
			d.off++
			d.skipSpace()
			if d.peek() == ']' {
				d.off++
				v.SetZero()
				return nil
			}
			d.off = start
		}
	case '"':
		if c.blankNull && d.isBlankString() {
			v.SetZero()
			return nil
		}
	}
	if v.IsNil() {
		v.Set(reflect.New(c.typ.Elem()))
	}
	return d.value(c.elem, v.Elem())
}

func (d *decodeState) decodeString(c *codec, v reflect.Value) error {
	switch d.data[d.off] {
	case '"':
		s, err := d.stringValue()
		if err == nil {
			v.SetString(string(s))
		}
		return err
	case 'n':
		return d.literal("null")
	case 't', 'f':
		b, err := d.boolLit()
		v.SetString(strconv.FormatBool(b))
		return err
	case '{', '[':
		return d.mismatch(c.typ)
	}
	num, _, err := d.numberLit()
	if err == nil {
		v.SetString(string(num))
	}
	return err
}

// decodeNumber decodes into an integer, a float or a json.Number.
func (d *decodeState) decodeNumber(c *codec, v reflect.Value) error {
	var num []byte
	what := "number"
	switch d.data[d.off] {
	case '"':
		s, err := d.stringValue()
		if err != nil {
			return err
		}
		s = bytes.TrimSpace(s)
		if len(s) == 0 {
			return nil // null
		}
		what = "string"
		if s[0] == '+' && len(s) > 1 && s[1] != '-' {
			s = s[1:]
		}
		if !isJSONNumber(string(s)) {
			d.typeError(what, c.typ)
			return nil
		}
		num = s
	case 'n':
		return d.literal("null")
	case 't', 'f':
		b, err := d.boolLit()
		num = []byte("0")
		if b {
			num = []byte("1")
		}
		if err != nil {
			return err
		}
	case '{', '[':
		return d.mismatch(c.typ)
	default:
		var err error
		if num, _, err = d.numberLit(); err != nil {
			return err
		}
	}
	if !setNumber(c, v, num) {
		if what == "number" {
			what = "number " + string(num)
		}
		d.typeError(what, c.typ)
	}
	return nil
}

// setNumber stores the JSON number num in v, of an integer, float or
// json.Number type, and reports whether it fits.
func setNumber(c *codec, v reflect.Value, num []byte) bool {
	switch c.kind {
	case kindInt:
		n, ok := parseInt(num)
		if !ok || v.OverflowInt(n) {
			return false
		}
		v.SetInt(n)
	case kindUint:
		n, ok := parseUint(num)
		if !ok || v.OverflowUint(n) {
			return false
		}
		v.SetUint(n)
	case kindFloat:
		f, err := strconv.ParseFloat(string(num), c.bits)
		if err != nil {
			return false
		}
		v.SetFloat(f)
	default:
		v.SetString(string(num))
	}
	return true
}

// parseInt returns the integer value of the JSON number num.
func parseInt(num []byte) (int64, bool) {
	if n, ok := smallInt(num); ok {
		return n, true
	}
	n, err := strconv.ParseInt(integralText(num), 10, 64)
	return n, err == nil
}

// parseUint returns the unsigned integer value of the JSON number num.
func parseUint(num []byte) (uint64, bool) {
	if n, ok := smallInt(num); ok && n >= 0 {
		return uint64(n), true
	}
	n, err := strconv.ParseUint(integralText(num), 10, 64)
	return n, err == nil
}

// integralText returns the JSON number num as an integer literal ("3.0"
// → "3"), or "", which no parser takes, if its value is no integer.
func integralText(num []byte) string {
	s, _ := integral(string(num))
	return s
}

// smallInt returns the value of num if it is an integer literal of at most
// 18 digits (so that it cannot overflow), such as most IDs.
func smallInt(num []byte) (int64, bool) {
	neg := len(num) > 0 && num[0] == '-'
	digits := num
	if neg {
		digits = num[1:]
	}
	if len(digits) == 0 || len(digits) > 18 {
		return 0, false
	}
	var n int64
	for _, c := range digits {
		if !isDigit(c) {
			return 0, false
		}
		n = n*10 + int64(c-'0')
	}
	if neg {
		n = -n
	}
	return n, true
}

func (d *decodeState) decodeBool(c *codec, v reflect.Value) error {
	switch d.data[d.off] {
	case 't', 'f':
		b, err := d.boolLit()
		v.SetBool(b)
		return err
	case '"':
		s, err := d.stringValue()
		if err != nil {
			return err
		}
		switch s = bytes.TrimSpace(s); {
		case len(s) == 0: // null
		case string(s) == "1" || bytes.EqualFold(s, []byte("true")):
			v.SetBool(true)
		case string(s) == "0" || bytes.EqualFold(s, []byte("false")):
			v.SetBool(false)
		default:
			d.typeError("string", c.typ)
		}
		return nil
	case 'n':
		return d.literal("null")
	case '{', '[':
		return d.mismatch(c.typ)
	}
	num, _, err := d.numberLit()
	if err != nil {
		return err
	}
	switch n, _ := integral(string(num)); n {
	case "0":
		v.SetBool(false)
	case "1":
		v.SetBool(true)
	default:
		d.typeError("number "+string(num), c.typ)
	}
	return nil
}

// key scans the object key at d.off (which must be a string) and the colon
// after it, and returns its value, valid until the next key.
func (d *decodeState) key() ([]byte, error) {
	if d.peek() != '"' {
		return nil, errSyntax
	}
	content, plain, err := d.stringLit()
	if err != nil {
		return nil, err
	}
	if !plain {
		d.keyBuf = unquote(d.keyBuf[:0], content)
		content = d.keyBuf
	}
	if err := d.consume(':'); err != nil {
		return nil, err
	}
	d.skipSpace()
	return content, nil
}

// decodeStruct decodes the object at d.off into the struct v.
func (d *decodeState) decodeStruct(sc *structCodec, v reflect.Value) error {
	if err := d.enter(); err != nil {
		return err
	}
	var extra *ExtraFields
	for more := d.first('}'); more; {
		key, err := d.key()
		if err != nil {
			return err
		}
		switch f := sc.lookup(key, &d.foldBuf); {
		case f != nil:
			hadErr := d.err != nil
			if err := d.field(f, v); err != nil {
				return err
			}
			d.addPath(hadErr, f.name, sc.name)
		case sc.extra >= 0:
			name := d.intern(key)
			raw, err := d.rawValue()
			if err != nil {
				return err
			}
			if extra == nil {
				extra = v.Field(sc.extra).Addr().Interface().(*ExtraFields)
				if *extra == nil {
					*extra = ExtraFields{}
				}
			}
			(*extra)[name] = d.keep(raw)
		default:
			if err := d.skip(); err != nil {
				return err
			}
		}
		if more, err = d.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// intern returns key as a string, the same string for the same key within
// one Unmarshal call: lists of records repeat their undeclared members.
func (d *decodeState) intern(key []byte) string {
	if s, ok := d.names[string(key)]; ok {
		return s
	}
	if d.names == nil {
		d.names = map[string]string{}
	}
	s := string(key)
	d.names[s] = s
	return s
}

// slabSize is the size of the blocks keep copies raw values into.
const slabSize = 4096

// keep returns a copy of raw. Small values share blocks of slabSize bytes,
// so that keeping many members costs few allocations.
func (d *decodeState) keep(raw []byte) json.RawMessage {
	if len(raw) > slabSize/4 {
		return bytes.Clone(raw)
	}
	if cap(d.slab)-len(d.slab) < len(raw) {
		d.slab = make([]byte, 0, slabSize)
	}
	n := len(d.slab)
	d.slab = append(d.slab, raw...)
	return d.slab[n:len(d.slab):len(d.slab)]
}

// field decodes the value at d.off into the field f of the struct v.
func (d *decodeState) field(f *fieldCodec, v reflect.Value) error {
	for _, i := range f.index {
		if v.Kind() == reflect.Pointer {
			if v.IsNil() {
				if !v.CanSet() {
					d.saveError(fmt.Errorf("json: cannot set embedded pointer to unexported struct: %v", v.Type().Elem()))
					return d.skip()
				}
				v.Set(reflect.New(v.Type().Elem()))
			}
			v = v.Elem()
		}
		v = v.Field(i)
	}
	if !f.quoted || d.peek() != '"' {
		return d.value(f.codec, v)
	}
	// ",string": the string holds the JSON value.
	s, err := d.stringValue()
	if err != nil {
		return err
	}
	sub := decodeState{data: s}
	sub.skipSpace()
	err = sub.value(f.codec, v)
	sub.skipSpace()
	if err != nil || sub.off < len(s) {
		d.saveError(fmt.Errorf("json: invalid use of ,string struct tag, trying to unmarshal %q into %v", s, v.Type()))
	} else if sub.err != nil {
		d.saveError(sub.finish())
	}
	return nil
}

// decodeMap decodes the object at d.off into the map v.
func (d *decodeState) decodeMap(c *codec, v reflect.Value) error {
	if c.strAny {
		m := v.Addr().Interface().(*map[string]any)
		if *m == nil {
			*m = map[string]any{}
		}
		return d.objectAny(*m)
	}
	if err := d.enter(); err != nil {
		return err
	}
	if v.IsNil() {
		v.Set(reflect.MakeMap(c.typ))
	}
	elem := reflect.New(c.typ.Elem()).Elem()
	for more := d.first('}'); more; {
		key, err := d.key()
		if err != nil {
			return err
		}
		hadErr := d.err != nil
		kv := d.mapKey(c, key)
		name := "" // for the path of an error
		if !kv.IsValid() {
			name = string(key)
		}
		elem.SetZero()
		if err := d.value(c.elem, elem); err != nil {
			return err
		}
		if !hadErr && d.err != nil {
			if kv.IsValid() {
				name = fmt.Sprint(kv.Interface())
			}
			d.addPath(false, name, "")
		}
		if kv.IsValid() {
			v.SetMapIndex(kv, elem)
		}
		if more, err = d.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// mapKey returns the key of the map type of c named key, or the zero Value
// after recording why there is none.
func (d *decodeState) mapKey(c *codec, key []byte) reflect.Value {
	kt := c.typ.Key()
	var kv reflect.Value
	switch c.key {
	case keyText:
		kv = reflect.New(kt)
		if err := kv.Interface().(encoding.TextUnmarshaler).UnmarshalText(key); err != nil {
			d.saveError(err)
			return reflect.Value{}
		}
		return kv.Elem()
	case keyString:
		kv = reflect.New(kt).Elem()
		kv.SetString(string(key))
	case keyInt:
		n, err := strconv.ParseInt(string(key), 10, 64)
		kv = reflect.New(kt).Elem()
		if err != nil || kv.OverflowInt(n) {
			d.typeError("number "+string(key), kt)
			return reflect.Value{}
		}
		kv.SetInt(n)
	case keyUint:
		n, err := strconv.ParseUint(string(key), 10, 64)
		kv = reflect.New(kt).Elem()
		if err != nil || kv.OverflowUint(n) {
			d.typeError("number "+string(key), kt)
			return reflect.Value{}
		}
		kv.SetUint(n)
	}
	return kv
}

// decodeList decodes into a slice or an array.
func (d *decodeState) decodeList(c *codec, v reflect.Value) error {
	switch d.data[d.off] {
	case '[':
		return d.decodeArray(c, v)
	case '{':
		return d.decodeSparse(c, v)
	case 'n':
		if c.kind == kindSlice {
			v.SetZero()
		}
		return d.literal("null")
	case '"':
		if c.kind == kindSlice && c.typ.Elem().Kind() == reflect.Uint8 {
			s, err := d.stringValue()
			if err != nil {
				return err
			}
			b := make([]byte, base64.StdEncoding.DecodedLen(len(s)))
			n, err := base64.StdEncoding.Decode(b, s)
			if err != nil {
				d.saveError(err)
				return nil
			}
			v.SetBytes(b[:n])
			return nil
		}
	}
	return d.mismatch(c.typ)
}

// element decodes the value at d.off into element i of the slice or array
// v, growing a slice as needed, skipping it past an array's end.
func (d *decodeState) element(c *codec, v reflect.Value, i int) error {
	if c.kind == kindSlice {
		if i >= v.Cap() {
			v.Grow(1)
		}
		if i >= v.Len() {
			v.SetLen(i + 1)
		}
	}
	if i >= v.Len() {
		return d.skip()
	}
	hadErr := d.err != nil
	if err := d.value(c.elem, v.Index(i)); err != nil {
		return err
	}
	if !hadErr && d.err != nil {
		d.addPath(false, strconv.Itoa(i), "")
	}
	return nil
}

// endList truncates the slice, or zeroes the rest of the array, v after n
// elements.
func endList(c *codec, v reflect.Value, n int) {
	if c.kind == kindArray {
		for ; n < v.Len(); n++ {
			v.Index(n).SetZero()
		}
		return
	}
	if n < v.Len() {
		v.SetLen(n)
	}
	if n == 0 {
		v.Set(reflect.MakeSlice(c.typ, 0, 0))
	}
}

// presizeElem is the element size from which decodeArray counts a list's
// elements before decoding it.
const presizeElem = 128

// decodeArray decodes the array at d.off into a slice or an array.
func (d *decodeState) decodeArray(c *codec, v reflect.Value) error {
	if c.kind == kindSlice && v.Cap() == 0 && c.typ.Elem().Size() >= presizeElem && !d.counted {
		// Count first, rather than grow a slice of large elements (such
		// as the records of a list) by copying them again and again; not
		// again inside, so that no byte is scanned more than twice.
		start := d.off
		n, err := d.skipArray()
		if err != nil {
			return err
		}
		v.Grow(n)
		d.off, d.counted = start, true
		defer func() { d.counted = false }()
	}
	if err := d.enter(); err != nil {
		return err
	}
	i := 0
	for more := d.first(']'); more; i++ {
		if err := d.element(c, v, i); err != nil {
			return err
		}
		var err error
		if more, err = d.next(']'); err != nil {
			return err
		}
	}
	endList(c, v, i)
	return nil
}

// decodeSparse decodes the object at d.off into a slice or an array: a PHP
// array, whose keys are decimal integers, in key order; else, if the
// elements are objects, the object as a list of one. The first key
// decides which.
func (d *decodeState) decodeSparse(c *codec, v reflect.Value) error {
	start, depth := d.off, d.depth
	if err := d.enter(); err != nil {
		return err
	}
	if !d.first('}') {
		endList(c, v, 0)
		return nil
	}
	key, err := d.key()
	if err != nil {
		return err
	}
	if _, ok := decimalKey(string(key)); !ok {
		d.off, d.depth = start, depth
		if !c.listOfObjects {
			return d.mismatch(c.typ)
		}
		if err := d.element(c, v, 0); err != nil {
			return err
		}
		endList(c, v, 1)
		return nil
	}
	// Each value is decoded as it comes, into a new element; then the
	// elements are put in key order, the last of equal keys winning.
	type entry struct {
		key  int64
		elem reflect.Value
	}
	var entries []entry
	for {
		n, ok := decimalKey(string(key))
		if !ok {
			d.typeError("object", c.typ)
			return d.skipMembers()
		}
		hadErr := d.err != nil
		elem := reflect.New(c.typ.Elem()).Elem()
		if err := d.value(c.elem, elem); err != nil {
			return err
		}
		if !hadErr && d.err != nil {
			d.addPath(false, strconv.FormatInt(n, 10), "")
		}
		entries = append(entries, entry{n, elem})
		more, err := d.next('}')
		if err != nil || !more {
			break
		}
		if key, err = d.key(); err != nil {
			return err
		}
	}
	slices.SortStableFunc(entries, func(a, b entry) int { return cmp.Compare(a.key, b.key) })
	kept := entries[:0]
	for i, e := range entries {
		if i+1 == len(entries) || entries[i+1].key != e.key {
			kept = append(kept, e)
		}
	}
	if c.kind == kindSlice && v.Cap() < len(kept) {
		v.Set(reflect.MakeSlice(c.typ, len(kept), len(kept)))
	} else if c.kind == kindSlice {
		v.SetLen(len(kept))
	}
	for i, e := range kept {
		if i < v.Len() {
			v.Index(i).Set(e.elem)
		}
	}
	endList(c, v, len(kept))
	return nil
}

// skipMembers moves past the rest of an object, from a member's value.
func (d *decodeState) skipMembers() error {
	for {
		if err := d.skip(); err != nil {
			return err
		}
		if more, err := d.next('}'); err != nil || !more {
			return err
		}
		if _, err := d.key(); err != nil {
			return err
		}
	}
}

// decodeInterface decodes into an interface. A non-nil pointer in it is
// decoded into, as encoding/json does; an empty interface otherwise gets
// what encoding/json gives it (map[string]any, []any, float64, string,
// bool or nil), and other interfaces take only null.
func (d *decodeState) decodeInterface(c *codec, v reflect.Value) error {
	if !v.IsNil() && d.data[d.off] != 'n' {
		if e := v.Elem(); e.Kind() == reflect.Pointer && !e.IsNil() && e.Elem().Kind() != reflect.Interface {
			return d.value(codecFor(e.Type().Elem()), e.Elem())
		}
	}
	switch {
	case d.data[d.off] == 'n':
		v.SetZero()
		return d.literal("null")
	case c.kind == kindInterface:
		return d.mismatch(c.typ)
	}
	x, err := d.anyValue()
	if err == nil {
		if x == nil {
			v.SetZero()
		} else {
			v.Set(reflect.ValueOf(x))
		}
	}
	return err
}

var float64Type = reflect.TypeFor[float64]()

// anyValue decodes the value at d.off as encoding/json does into an empty
// interface.
func (d *decodeState) anyValue() (any, error) {
	switch d.peek() {
	case '{':
		m := map[string]any{}
		return m, d.objectAny(m)
	case '[':
		if err := d.enter(); err != nil {
			return nil, err
		}
		list := make([]any, 0)
		for more := d.first(']'); more; {
			hadErr := d.err != nil
			x, err := d.anyValue()
			if err != nil {
				return nil, err
			}
			if !hadErr && d.err != nil {
				d.addPath(false, strconv.Itoa(len(list)), "")
			}
			list = append(list, x)
			if more, err = d.next(']'); err != nil {
				return nil, err
			}
		}
		return list, nil
	case '"':
		s, err := d.stringValue()
		return string(s), err
	case 't', 'f':
		return d.boolLit()
	case 'n':
		return nil, d.literal("null")
	}
	num, _, err := d.numberLit()
	if err != nil {
		return nil, err
	}
	f, perr := strconv.ParseFloat(string(num), 64)
	if perr != nil {
		d.typeError("number "+string(num), float64Type)
		return nil, nil
	}
	return f, nil
}

// objectAny decodes the object at d.off into m, as encoding/json does into
// a map[string]any.
func (d *decodeState) objectAny(m map[string]any) error {
	if err := d.enter(); err != nil {
		return err
	}
	for more := d.first('}'); more; {
		key, err := d.key()
		if err != nil {
			return err
		}
		name := string(key)
		hadErr := d.err != nil
		x, err := d.anyValue()
		if err != nil {
			return err
		}
		d.addPath(hadErr, name, "")
		m[name] = x
		if more, err = d.next('}'); err != nil {
			return err
		}
	}
	return nil
}

// decodeObject decodes into an Object[T]: an object (or a list of one) is
// its value, decoded afresh; null and [] leave it without one.
func (d *decodeState) decodeObject(c *codec, v reflect.Value) error {
	switch d.data[d.off] {
	case '{':
		v.SetZero()
		value, valid := v.Addr().Interface().(objectAccessor).altegioObjectFields()
		*valid = true
		return d.value(c.elem, reflect.ValueOf(value).Elem())
	case '[':
		return d.single(c, v)
	case 'n':
		v.SetZero()
		return d.literal("null")
	}
	return d.mismatch(c.typ)
}

// decodeUnmarshaler gives the value at d.off to v's UnmarshalJSON. For a
// nullable type, [] is null and a list of one object that object.
func (d *decodeState) decodeUnmarshaler(c *codec, v reflect.Value) error {
	start := d.off
	raw, err := d.rawValue()
	if err != nil {
		return err
	}
	if c.nullable && raw[0] == '[' {
		raw = d.soleObject(start, raw)
	}
	if err := v.Addr().Interface().(json.Unmarshaler).UnmarshalJSON(raw); err != nil {
		d.saveError(err)
	}
	return nil
}

// soleObject returns, for the array raw that starts at start and has been
// scanned, null if it is empty, its element if that is its only one and an
// object, or else raw.
func (d *decodeState) soleObject(start int, raw []byte) []byte {
	end := d.off
	d.off = start + 1
	d.skipSpace()
	out := raw
	switch d.peek() {
	case ']':
		out = []byte("null")
	case '{':
		elem, err := d.rawValue()
		d.skipSpace()
		if err == nil && d.peek() == ']' {
			out = elem
		}
	}
	d.off = end
	return out
}

// valueError is what Object, Time and Date return for a JSON value they
// cannot take.
type valueError struct {
	what  string // e.g. `altegio.Time`
	value string // the JSON value, shortened
	why   string // optional detail
	err   error  // optional cause
}

func (e *valueError) Error() string {
	s := "altegio: cannot decode " + e.value + " into " + e.what
	if e.why != "" {
		s += ": " + e.why
	}
	if e.err != nil {
		s += ": " + e.err.Error()
	}
	return s
}

func (e *valueError) Unwrap() error { return e.err }

// shortJSON returns a JSON value for an error message: one line, at most 40
// bytes.
func shortJSON(b []byte) string {
	return truncate(oneLine(string(b)), 40)
}
