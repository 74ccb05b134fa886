package altegio

import (
	"cmp"
	"encoding"
	"encoding/json"
	"reflect"
	"slices"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"
)

// A codec is how Unmarshal decodes into one Go type, compiled once per type
// (codecFor) and cached.
type codec struct {
	kind codecKind
	typ  reflect.Type
	elem *codec // of a pointer, slice, array or map, or Object's T

	// objectish: the type holds one JSON object (a struct, map or Object,
	// or a pointer to one), so [] is null for it and a list of one is its
	// element. nullable: a json.Unmarshaler struct or map type that
	// rejects [] but takes null. blankNull: a number or a bool (or a
	// pointer to one), for which a blank string is null. listOfObjects: a
	// slice or array of objects, which takes one object as a list of one.
	objectish, nullable, blankNull, listOfObjects bool

	key    mapKey       // a map's key
	st     *structCodec // a struct's fields
	bits   int          // a float's size
	strAny bool         // map[string]any, decoded without reflection
}

// codecKind is what a codec does.
type codecKind uint8

const (
	kindInvalid     codecKind = iota // chan, func, complex: only null
	kindBool                         // bool
	kindInt                          // signed integers
	kindUint                         // unsigned integers
	kindFloat                        // float32, float64
	kindString                       // string kinds
	kindNumber                       // json.Number
	kindPointer                      // pointers
	kindSlice                        // slices ([]byte also from base64)
	kindArray                        // arrays
	kindMap                          // maps with string, integer or text keys
	kindBadMap                       // maps with other keys: only null
	kindStruct                       // structs, field by field
	kindAny                          // interface{}
	kindInterface                    // interfaces with methods
	kindRaw                          // json.RawMessage
	kindObject                       // altegio.Object[T]
	kindUnmarshaler                  // json.Unmarshaler
	kindText                         // encoding.TextUnmarshaler
)

// mapKey is how a map key is read.
type mapKey uint8

const (
	keyString mapKey = iota
	keyInt
	keyUint
	keyText
)

// structCodec holds a struct type's JSON fields.
type structCodec struct {
	fields []*fieldCodec
	exact  map[string]*fieldCodec
	folded map[string]*fieldCodec // nil: keys match exactly only
	extra  int                    // index of the ExtraFields field, or -1
	name   string                 // the type's name, for errors
}

// fieldCodec is one JSON field of a struct, with encoding/json's rules.
type fieldCodec struct {
	name   string
	index  []int // the field, through embedded structs
	codec  *codec
	quoted bool // the ",string" option
	tagged bool
}

var (
	codecs sync.Map // reflect.Type → *codec

	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	numberType          = reflect.TypeFor[json.Number]()
	extraFieldsType     = reflect.TypeFor[ExtraFields]()
	mapStringAnyType    = reflect.TypeFor[map[string]any]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	objectAccessorType  = reflect.TypeFor[objectAccessor]()
)

// objectAccessor is implemented by *Object[T], to let Unmarshal decode
// into it directly.
type objectAccessor interface {
	altegioObjectElem() reflect.Type
	altegioObjectFields() (value any, valid *bool)
}

// codecFor returns the codec of t.
func codecFor(t reflect.Type) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	building := map[reflect.Type]*codec{}
	c := compile(t, building)
	for _, bc := range building {
		if bc.kind == kindPointer {
			e := bc.elem
			for e.kind == kindPointer {
				e = e.elem
			}
			bc.objectish, bc.blankNull = e.objectish, e.blankNull
		}
	}
	for bt, bc := range building {
		codecs.LoadOrStore(bt, bc)
	}
	return c
}

// compile builds the codec of t. Types being built are in building, so
// that a recursive type refers to its own codec.
func compile(t reflect.Type, building map[reflect.Type]*codec) *codec {
	if c, ok := codecs.Load(t); ok {
		return c.(*codec)
	}
	if c, ok := building[t]; ok {
		return c
	}
	c := &codec{typ: t}
	building[t] = c
	hasMethods := t.Name() != "" && t.Kind() != reflect.Pointer && t.Kind() != reflect.Interface
	pt := reflect.PointerTo(t)
	switch {
	case t == rawMessageType:
		c.kind = kindRaw
	case t.Kind() == reflect.Struct && extraFieldIndex(t) >= 0:
		// Decoded field by field even if it has UnmarshalJSON: the
		// generated UnmarshalJSON calls Unmarshal.
		c.kind, c.objectish = kindStruct, true
		c.st = compileStruct(t, building)
	case t.Kind() == reflect.Struct && pt.Implements(objectAccessorType):
		c.kind, c.objectish = kindObject, true
		c.elem = compile(reflect.New(t).Interface().(objectAccessor).altegioObjectElem(), building)
	case hasMethods && pt.Implements(jsonUnmarshalerType):
		c.kind = kindUnmarshaler
		if t.Kind() == reflect.Struct || t.Kind() == reflect.Map {
			c.nullable = nullNotEmptyArray(t)
			c.objectish = c.nullable
		}
	case hasMethods && pt.Implements(textUnmarshalerType):
		c.kind = kindText
	default:
		compileKind(c, building)
	}
	return c
}

// compileKind builds the codec of a type without decoding methods.
func compileKind(c *codec, building map[reflect.Type]*codec) {
	t := c.typ
	switch t.Kind() {
	case reflect.Bool:
		c.kind, c.blankNull = kindBool, true
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		c.kind, c.blankNull = kindInt, true
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		c.kind, c.blankNull = kindUint, true
	case reflect.Float32, reflect.Float64:
		c.kind, c.blankNull, c.bits = kindFloat, true, t.Bits()
	case reflect.String:
		c.kind = kindString
		if t == numberType {
			c.kind, c.blankNull = kindNumber, true
		}
	case reflect.Pointer:
		c.kind = kindPointer
		c.elem = compile(t.Elem(), building)
		// objectish and blankNull come from the pointed-to codec, which
		// may still be in the making: codecFor sets them when it is done.
	case reflect.Slice, reflect.Array:
		c.kind = kindSlice
		if t.Kind() == reflect.Array {
			c.kind = kindArray
		}
		c.elem = compile(t.Elem(), building)
		c.listOfObjects = holdsObject(t.Elem())
	case reflect.Map:
		c.kind, c.objectish = kindMap, true
		c.strAny = t == mapStringAnyType
		switch kt := t.Key(); {
		case reflect.PointerTo(kt).Implements(textUnmarshalerType):
			c.key = keyText
		case kt.Kind() == reflect.String:
			c.key = keyString
		case kt.Kind() >= reflect.Int && kt.Kind() <= reflect.Int64:
			c.key = keyInt
		case kt.Kind() >= reflect.Uint && kt.Kind() <= reflect.Uintptr:
			c.key = keyUint
		default:
			c.kind = kindBadMap
		}
		c.elem = compile(t.Elem(), building)
	case reflect.Struct:
		c.kind, c.objectish = kindStruct, true
		c.st = compileStruct(t, building)
	case reflect.Interface:
		c.kind = kindInterface
		if t.NumMethod() == 0 {
			c.kind = kindAny
		}
	default:
		c.kind = kindInvalid
	}
}

// holdsObject reports whether values of t hold one JSON object: t is a
// struct or a map, or a pointer to one.
func holdsObject(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
}

// extraFieldIndex returns the index of the first field of the struct type t
// whose type is ExtraFields, or -1.
func extraFieldIndex(t reflect.Type) int {
	for i := range t.NumField() {
		if f := t.Field(i); f.Type == extraFieldsType && f.IsExported() {
			return i
		}
	}
	return -1
}

// nullNotEmptyArray reports whether the json.Unmarshaler type t (a struct
// or map, such as oapi-codegen's types with additional properties, or
// time.Time) rejects [] but takes null, so that Unmarshal may turn an
// Altegio [] into null for it. It asks a fresh value of each, once per type.
func nullNotEmptyArray(t reflect.Type) (ok bool) {
	defer func() {
		if recover() != nil {
			ok = false
		}
	}()
	probe := func(in string) error {
		return reflect.New(t).Interface().(json.Unmarshaler).UnmarshalJSON([]byte(in))
	}
	return probe("[]") != nil && probe("null") == nil
}

// compileStruct lists the JSON fields of the struct type t as encoding/json
// does: embedded structs' fields promoted, the shallowest of a name winning,
// a tagged one among equals, none if still ambiguous. A struct with an
// ExtraFields field matches keys exactly; others, as encoding/json does,
// also case-insensitively.
func compileStruct(t reflect.Type, building map[reflect.Type]*codec) *structCodec {
	sc := &structCodec{extra: extraFieldIndex(t), name: t.Name()}
	type level struct {
		typ   reflect.Type
		index []int
	}
	var all []*fieldCodec
	visited := map[reflect.Type]bool{}
	count := map[reflect.Type]int{}
	for next := []level{{typ: t}}; len(next) > 0; {
		current := next
		next = nil
		nextCount := map[reflect.Type]int{}
		for _, lv := range current {
			if visited[lv.typ] {
				continue
			}
			visited[lv.typ] = true
			for i := range lv.typ.NumField() {
				sf := lv.typ.Field(i)
				if len(lv.index) == 0 && i == sc.extra {
					continue
				}
				ft := sf.Type
				if ft.Name() == "" && ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
				if sf.Anonymous {
					if !sf.IsExported() && ft.Kind() != reflect.Struct {
						continue
					}
				} else if !sf.IsExported() {
					continue
				}
				tag := sf.Tag.Get("json")
				if tag == "-" {
					continue
				}
				name, opts, _ := strings.Cut(tag, ",")
				if !isValidTag(name) {
					name = ""
				}
				index := append(slices.Clip(lv.index), i)
				if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
					nextCount[ft]++
					if nextCount[ft] == 1 {
						next = append(next, level{ft, index})
					}
					continue
				}
				f := &fieldCodec{name: name, index: index, tagged: name != ""}
				if name == "" {
					f.name = sf.Name
				}
				if slices.Contains(strings.Split(opts, ","), "string") {
					switch ft.Kind() {
					case reflect.Bool, reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64,
						reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr,
						reflect.Float32, reflect.Float64, reflect.String:
						f.quoted = true
					}
				}
				f.codec = compile(sf.Type, building)
				all = append(all, f)
				if count[lv.typ] > 1 {
					// Twice: the struct is embedded twice at this depth,
					// so the name is ambiguous.
					all = append(all, f)
				}
			}
		}
		count = nextCount
	}
	slices.SortStableFunc(all, func(a, b *fieldCodec) int {
		if c := strings.Compare(a.name, b.name); c != 0 {
			return c
		}
		if c := cmp.Compare(len(a.index), len(b.index)); c != 0 {
			return c
		}
		if a.tagged != b.tagged {
			if a.tagged {
				return -1
			}
			return 1
		}
		return slices.Compare(a.index, b.index)
	})
	for i := 0; i < len(all); {
		j := i + 1
		for j < len(all) && all[j].name == all[i].name {
			j++
		}
		// The first is dominant, unless the next is as shallow and as
		// tagged.
		if j == i+1 || len(all[i].index) != len(all[i+1].index) || all[i].tagged != all[i+1].tagged {
			sc.fields = append(sc.fields, all[i])
		}
		i = j
	}
	slices.SortFunc(sc.fields, func(a, b *fieldCodec) int { return slices.Compare(a.index, b.index) })
	sc.exact = make(map[string]*fieldCodec, len(sc.fields))
	if sc.extra < 0 {
		sc.folded = make(map[string]*fieldCodec, len(sc.fields))
	}
	for _, f := range sc.fields {
		sc.exact[f.name] = f
		if sc.folded != nil {
			if k := string(foldName(nil, []byte(f.name))); sc.folded[k] == nil {
				sc.folded[k] = f
			}
		}
	}
	return sc
}

// lookup returns the field for a JSON key.
func (sc *structCodec) lookup(key []byte, scratch *[]byte) *fieldCodec {
	if f := sc.exact[string(key)]; f != nil || sc.folded == nil {
		return f
	}
	*scratch = foldName((*scratch)[:0], key)
	return sc.folded[string(*scratch)]
}

// foldName appends the case-folded form of a name to dst, as encoding/json
// folds names: foldName(x) == foldName(y) iff bytes.EqualFold(x, y).
func foldName(dst, name []byte) []byte {
	for i := 0; i < len(name); {
		if c := name[i]; c < utf8.RuneSelf {
			if 'a' <= c && c <= 'z' {
				c -= 'a' - 'A'
			}
			dst = append(dst, c)
			i++
			continue
		}
		r, n := utf8.DecodeRune(name[i:])
		for {
			r2 := unicode.SimpleFold(r)
			if r2 <= r {
				r = r2
				break
			}
			r = r2
		}
		dst = utf8.AppendRune(dst, r)
		i += n
	}
	return dst
}

// isValidTag reports whether s may name a field, as encoding/json decides.
func isValidTag(s string) bool {
	if s == "" {
		return false
	}
	for _, c := range s {
		switch {
		case strings.ContainsRune("!#$%&()*+-./:;<=>?@[]^_{|}~ ", c):
		case !unicode.IsLetter(c) && !unicode.IsDigit(c):
			return false
		}
	}
	return true
}
