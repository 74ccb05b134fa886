package altegio

import (
	"encoding"
	"encoding/json"
	"reflect"
	"sort"
	"strings"
	"sync"
)

// normalize rewrites the JSON tree x (as decoded with UseNumber) so that
// json.Unmarshal can decode it into a value of type t; see [Unmarshal] for
// the rules. It changes maps and slices in place and returns the new value.
// Values it cannot fix are returned unchanged, for json.Unmarshal to report.
func normalize(x any, t reflect.Type) any {
	if x == nil {
		return nil
	}
	ti := typeInfoOf(t)
	switch ti.kind {
	case kindStruct:
		switch v := x.(type) {
		case []any:
			if len(v) == 0 {
				return nil
			}
		case map[string]any:
			for k, val := range v {
				if f := ti.fields.lookup(k); f != nil && !f.quoted {
					v[k] = normalize(val, f.typ)
				}
			}
		}
	case kindMap, kindObject:
		switch v := x.(type) {
		case []any:
			if len(v) == 0 {
				return nil
			}
		case map[string]any:
			if ti.kind == kindObject {
				return normalize(v, ti.elem)
			}
			for k, val := range v {
				v[k] = normalize(val, ti.elem)
			}
		}
	case kindSlice:
		switch v := x.(type) {
		case []any:
			for i := range v {
				v[i] = normalize(v[i], ti.elem)
			}
		case map[string]any:
			if list, ok := phpList(v); ok {
				for i := range list {
					list[i] = normalize(list[i], ti.elem)
				}
				return list
			}
			// One object where a list of objects is declared: some
			// single-item endpoints answer with the item, others with a
			// list of one; take the object as that list.
			if isObjectType(ti.elem) {
				return []any{normalize(v, ti.elem)}
			}
		}
	case kindInt, kindUint:
		var num string
		switch v := x.(type) {
		case json.Number:
			num = string(v)
		case string:
			if strings.TrimSpace(v) == "" {
				return nil
			}
			n, ok := numberText(v)
			if !ok {
				return x
			}
			num = n
		case bool:
			if v {
				return json.Number("1")
			}
			return json.Number("0")
		}
		if n, ok := integral(num); ok && num != "" && !(ti.kind == kindUint && strings.HasPrefix(n, "-")) {
			return json.Number(n)
		}
	case kindFloat:
		switch v := x.(type) {
		case string:
			if strings.TrimSpace(v) == "" {
				return nil
			}
			if n, ok := numberText(v); ok {
				return json.Number(n)
			}
		case bool:
			if v {
				return json.Number("1")
			}
			return json.Number("0")
		}
	case kindNullable:
		if v, ok := x.([]any); ok && len(v) == 0 {
			return nil
		}
	case kindBool:
		switch v := x.(type) {
		case json.Number:
			switch n, _ := integral(string(v)); n {
			case "0":
				return false
			case "1":
				return true
			}
		case string:
			switch strings.ToLower(strings.TrimSpace(v)) {
			case "1", "true":
				return true
			case "0", "false":
				return false
			case "":
				return nil
			}
		}
	case kindString:
		switch v := x.(type) {
		case json.Number:
			return string(v)
		case bool:
			if v {
				return "true"
			}
			return "false"
		}
	}
	return x
}

// nullNotEmptyArray reports whether the json.Unmarshaler type t (a struct
// or map, such as oapi-codegen's types with additional properties, or
// time.Time) rejects [] but takes null, so that normalize may turn an
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

// phpList returns the values of a PHP array sent as an object, ordered by
// key, if every key is a decimal integer. An empty object is an empty list.
func phpList(m map[string]any) ([]any, bool) {
	type entry struct {
		key int64
		val any
	}
	entries := make([]entry, 0, len(m))
	for k, v := range m {
		n, ok := decimalKey(k)
		if !ok {
			return nil, false
		}
		entries = append(entries, entry{n, v})
	}
	sort.Slice(entries, func(i, j int) bool { return entries[i].key < entries[j].key })
	list := make([]any, len(entries))
	for i, e := range entries {
		list[i] = e.val
	}
	return list, true
}

// typeKind is how normalize treats a Go type.
type typeKind uint8

const (
	kindLeave  typeKind = iota // left to json.Unmarshal
	kindStruct                 // fields by JSON name
	kindMap                    // values of elem
	kindSlice                  // slices and arrays of elem
	kindObject                 // altegio.Object[elem]
	kindInt
	kindUint
	kindFloat
	kindBool
	kindString
	kindNullable // a json.Unmarshaler that takes null but not []: [] → null
)

// typeInfo is what normalize needs to know about a Go type.
type typeInfo struct {
	kind   typeKind
	elem   reflect.Type
	fields *structFields
}

// typeInfos caches typeInfo by reflect.Type.
var typeInfos sync.Map

var (
	rawMessageType      = reflect.TypeFor[json.RawMessage]()
	jsonUnmarshalerType = reflect.TypeFor[json.Unmarshaler]()
	textUnmarshalerType = reflect.TypeFor[encoding.TextUnmarshaler]()
	objectType          = reflect.TypeFor[objectElemer]()
)

// objectElemer is implemented by every Object[T], to give T.
type objectElemer interface{ altegioObjectElem() reflect.Type }

func typeInfoOf(t reflect.Type) *typeInfo {
	if ti, ok := typeInfos.Load(t); ok {
		return ti.(*typeInfo)
	}
	ti, _ := typeInfos.LoadOrStore(t, newTypeInfo(t))
	return ti.(*typeInfo)
}

func newTypeInfo(t reflect.Type) *typeInfo {
	for i := 0; t.Kind() == reflect.Pointer; i++ {
		if i == 16 {
			return &typeInfo{kind: kindLeave}
		}
		t = t.Elem()
	}
	switch {
	case t.Implements(objectType):
		return &typeInfo{kind: kindObject, elem: reflect.Zero(t).Interface().(objectElemer).altegioObjectElem()}
	case t == rawMessageType:
		return &typeInfo{kind: kindLeave}
	case reflect.PointerTo(t).Implements(jsonUnmarshalerType):
		if (t.Kind() == reflect.Struct || t.Kind() == reflect.Map) && nullNotEmptyArray(t) {
			return &typeInfo{kind: kindNullable}
		}
		return &typeInfo{kind: kindLeave}
	case reflect.PointerTo(t).Implements(textUnmarshalerType):
		return &typeInfo{kind: kindLeave}
	}
	switch t.Kind() {
	case reflect.Struct:
		return &typeInfo{kind: kindStruct, fields: newStructFields(t)}
	case reflect.Map:
		return &typeInfo{kind: kindMap, elem: t.Elem()}
	case reflect.Slice, reflect.Array:
		return &typeInfo{kind: kindSlice, elem: t.Elem()}
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return &typeInfo{kind: kindInt}
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return &typeInfo{kind: kindUint}
	case reflect.Float32, reflect.Float64:
		return &typeInfo{kind: kindFloat}
	case reflect.Bool:
		return &typeInfo{kind: kindBool}
	case reflect.String:
		return &typeInfo{kind: kindString}
	}
	return &typeInfo{kind: kindLeave}
}

// structField is a struct field as encoding/json sees it.
type structField struct {
	name   string
	typ    reflect.Type
	depth  int  // embedding depth
	tagged bool // name comes from a json tag
	quoted bool // ",string" option: left alone
}

// structFields are the JSON fields of a struct type, embedded structs'
// promoted fields included, with encoding/json's precedence rules.
type structFields struct {
	byName map[string]*structField
	list   []*structField
}

// lookup returns the field for a JSON key: the exact name, else (as
// encoding/json does) a case-insensitive match.
func (fs *structFields) lookup(key string) *structField {
	if f, ok := fs.byName[key]; ok {
		return f
	}
	for _, f := range fs.list {
		if strings.EqualFold(f.name, key) {
			return f
		}
	}
	return nil
}

func newStructFields(t reflect.Type) *structFields {
	type queued struct {
		typ   reflect.Type
		depth int
	}
	var all []*structField
	visited := map[reflect.Type]bool{}
	for queue := []queued{{t, 0}}; len(queue) > 0; queue = queue[1:] {
		q := queue[0]
		if visited[q.typ] {
			continue
		}
		visited[q.typ] = true
		for i := 0; i < q.typ.NumField(); i++ {
			sf := q.typ.Field(i)
			ft := sf.Type
			if sf.Anonymous {
				if ft.Kind() == reflect.Pointer {
					ft = ft.Elem()
				}
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
			if name == "" && sf.Anonymous && ft.Kind() == reflect.Struct {
				queue = append(queue, queued{ft, q.depth + 1})
				continue
			}
			f := &structField{name: name, typ: sf.Type, depth: q.depth, tagged: name != ""}
			if !f.tagged {
				f.name = sf.Name
			}
			for _, o := range strings.Split(opts, ",") {
				f.quoted = f.quoted || o == "string"
			}
			all = append(all, f)
		}
	}
	// Keep, for each name, the shallowest field; at equal depth the tagged
	// one; drop names that stay ambiguous.
	fs := &structFields{byName: map[string]*structField{}}
	groups := map[string][]*structField{}
	var names []string
	for _, f := range all {
		if groups[f.name] == nil {
			names = append(names, f.name)
		}
		groups[f.name] = append(groups[f.name], f)
	}
	for _, name := range names {
		if f := dominant(groups[name]); f != nil {
			fs.byName[name] = f
			fs.list = append(fs.list, f)
		}
	}
	return fs
}

// dominant picks the field encoding/json uses among fields of one name.
func dominant(fields []*structField) *structField {
	minDepth := fields[0].depth
	for _, f := range fields {
		minDepth = min(minDepth, f.depth)
	}
	var best *structField
	n, tagged := 0, 0
	for _, f := range fields {
		if f.depth != minDepth {
			continue
		}
		n++
		if f.tagged {
			tagged++
			best = f
		} else if tagged == 0 {
			best = f
		}
	}
	switch {
	case n == 1:
		return best
	case tagged == 1:
		return best
	}
	return nil
}

// isObjectType reports whether values of t decode from JSON objects: a
// struct or a map, or a pointer to one.
func isObjectType(t reflect.Type) bool {
	for t.Kind() == reflect.Pointer {
		t = t.Elem()
	}
	return t.Kind() == reflect.Struct || t.Kind() == reflect.Map
}
