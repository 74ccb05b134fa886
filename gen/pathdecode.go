package gen

import (
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
	"gopkg.in/yaml.v3"
)

// fastPathItem decodes the path item n as PathItem.UnmarshalJSON decodes
// nodeJSON(n), its schemas with childSchemaRef, reading the fields
// Altegio's specs use; ok is false for a path item with any other
// (loadNode then leaves it to kin-openapi).
func fastPathItem(n *yaml.Node) (*openapi3.PathItem, bool) {
	item := &openapi3.PathItem{}
	ok := eachMember(n, &item.Extensions, pathItemKeys, func(key string, v *yaml.Node) bool {
		var ok bool
		switch key {
		case "summary":
			item.Summary, ok = text(v)
		case "description":
			item.Description, ok = text(v)
		case "parameters":
			item.Parameters, ok = fastParameters(v)
		case "get":
			item.Get, ok = fastOperation(v)
		case "put":
			item.Put, ok = fastOperation(v)
		case "post":
			item.Post, ok = fastOperation(v)
		case "delete":
			item.Delete, ok = fastOperation(v)
		case "options":
			item.Options, ok = fastOperation(v)
		case "head":
			item.Head, ok = fastOperation(v)
		case "patch":
			item.Patch, ok = fastOperation(v)
		case "trace":
			item.Trace, ok = fastOperation(v)
		}
		return ok
	})
	return item, ok
}

// The fields of kin-openapi's objects, which their UnmarshalJSON keeps
// out of Extensions, with whether the fast decoders read them.
var (
	pathItemKeys = map[string]bool{
		"$ref": false, "summary": true, "description": true, "connect": false, "delete": true, "get": true,
		"head": true, "options": true, "patch": true, "post": true, "put": true, "trace": true, "query": false,
		"additionalOperations": false, "servers": false, "parameters": true,
	}
	operationKeys = map[string]bool{
		"tags": true, "summary": true, "description": true, "operationId": true, "parameters": true,
		"requestBody": true, "responses": true, "callbacks": false, "deprecated": true, "security": true,
		"servers": false, "externalDocs": false,
	}
	parameterKeys = map[string]bool{
		"name": true, "in": true, "description": true, "style": true, "explode": true, "allowEmptyValue": true,
		"allowReserved": true, "deprecated": true, "required": true, "schema": true, "example": true,
		"examples": false, "content": true,
	}
	requestBodyKeys = map[string]bool{"description": true, "required": true, "content": true}
	responseKeys    = map[string]bool{"description": true, "headers": false, "content": true, "links": false}
	mediaTypeKeys   = map[string]bool{"schema": true, "itemSchema": false, "example": true, "examples": false, "encoding": false}
)

// eachMember calls member for each key of the mapping n that keys says the
// fast decoders read, with its value unless that is null (JSON null leaves
// a field as it is), and puts each key keys does not have in *extensions,
// as encoding/json would leave them in a map of the object's members. ok
// is false if member is, or for a key keys has and does not read, or one
// that differs from one of them only in case (encoding/json would match
// it to the field), or a "$ref" (a reference object).
func eachMember(n *yaml.Node, extensions *map[string]any, keys map[string]bool, member func(key string, v *yaml.Node) bool) bool {
	if n.Kind != yaml.MappingNode {
		return false
	}
	for i := 0; i+1 < len(n.Content); i += 2 {
		k, v := n.Content[i], n.Content[i+1]
		if k.Kind != yaml.ScalarNode || k.ShortTag() != "!!str" || !isText(k) || k.Value == slotExtension {
			return false
		}
		key := k.Value
		fast, known := keys[key]
		if !known {
			if key == "$ref" || foldedKey(keys, key) {
				return false
			}
			val, ok := jsonValue(v, 1)
			if !ok {
				return false
			}
			if *extensions == nil {
				*extensions = map[string]any{}
			}
			(*extensions)[key] = val
			continue
		}
		if !fast {
			return false
		}
		for hops := 0; v.Kind == yaml.AliasNode; hops++ {
			if hops > maxNodeDepth {
				return false
			}
			v = v.Alias
		}
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			continue
		}
		if !member(key, v) {
			return false
		}
	}
	return true
}

// foldedKey reports whether key is one of keys in another case.
func foldedKey(keys map[string]bool, key string) bool {
	for k := range keys {
		if strings.EqualFold(k, key) {
			return true
		}
	}
	return false
}

func fastOperation(n *yaml.Node) (*openapi3.Operation, bool) {
	op := &openapi3.Operation{}
	ok := eachMember(n, &op.Extensions, operationKeys, func(key string, v *yaml.Node) bool {
		var ok bool
		switch key {
		case "tags":
			op.Tags, ok = texts(v)
		case "summary":
			op.Summary, ok = text(v)
		case "description":
			op.Description, ok = text(v)
		case "operationId":
			op.OperationID, ok = text(v)
		case "parameters":
			op.Parameters, ok = fastParameters(v)
		case "requestBody":
			op.RequestBody, ok = fastRequestBody(v)
		case "responses":
			op.Responses, ok = fastResponses(v)
		case "deprecated":
			op.Deprecated, ok = boolean(v)
		case "security":
			op.Security, ok = fastSecurity(v)
		}
		return ok
	})
	if n.Kind == yaml.MappingNode && hasKey(n, "responses") && op.Responses == nil {
		return nil, false // responses: null, which kin-openapi marks
	}
	return op, ok
}

// fastSecurity decodes security requirements: a list of maps of scheme
// names to scopes.
func fastSecurity(n *yaml.Node) (*openapi3.SecurityRequirements, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make(openapi3.SecurityRequirements, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" {
			out = append(out, nil)
			continue
		}
		if c.Kind != yaml.MappingNode {
			return nil, false
		}
		req := make(openapi3.SecurityRequirement, len(c.Content)/2)
		for i := 0; i+1 < len(c.Content); i += 2 {
			name, ok := memberName(c.Content[i])
			if !ok {
				return nil, false
			}
			v := c.Content[i+1]
			if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
				req[name] = nil
				continue
			}
			if req[name], ok = texts(v); !ok {
				return nil, false
			}
		}
		out = append(out, req)
	}
	return &out, true
}

func fastParameters(n *yaml.Node) (openapi3.Parameters, bool) {
	if n.Kind != yaml.SequenceNode {
		return nil, false
	}
	out := make(openapi3.Parameters, 0, len(n.Content))
	for _, c := range n.Content {
		if c.Kind == yaml.ScalarNode && c.ShortTag() == "!!null" {
			out = append(out, nil)
			continue
		}
		if ref, ok := pureRef(c); ok {
			out = append(out, &openapi3.ParameterRef{Ref: ref})
			continue
		}
		p := &openapi3.Parameter{}
		ok := eachMember(c, &p.Extensions, parameterKeys, func(key string, v *yaml.Node) bool {
			var ok bool
			switch key {
			case "name":
				p.Name, ok = text(v)
			case "in":
				p.In, ok = text(v)
			case "description":
				p.Description, ok = text(v)
			case "style":
				p.Style, ok = text(v)
			case "explode":
				var b bool
				b, ok = boolean(v)
				p.Explode = &b
			case "allowEmptyValue":
				p.AllowEmptyValue, ok = boolean(v)
			case "allowReserved":
				p.AllowReserved, ok = boolean(v)
			case "deprecated":
				p.Deprecated, ok = boolean(v)
			case "required":
				p.Required, ok = boolean(v)
			case "schema":
				p.Schema, ok = childSchemaRef(v, 1)
			case "example":
				p.Example, ok = jsonValue(v, 1)
			case "content":
				p.Content, ok = fastContent(v)
			}
			return ok
		})
		if !ok {
			return nil, false
		}
		out = append(out, &openapi3.ParameterRef{Value: p})
	}
	return out, true
}

func fastRequestBody(n *yaml.Node) (*openapi3.RequestBodyRef, bool) {
	if ref, ok := pureRef(n); ok {
		return &openapi3.RequestBodyRef{Ref: ref}, true
	}
	b := &openapi3.RequestBody{}
	ok := eachMember(n, &b.Extensions, requestBodyKeys, func(key string, v *yaml.Node) bool {
		var ok bool
		switch key {
		case "description":
			b.Description, ok = text(v)
		case "required":
			b.Required, ok = boolean(v)
		case "content":
			b.Content, ok = fastContent(v)
		}
		return ok
	})
	return &openapi3.RequestBodyRef{Value: b}, ok
}

// fastResponses decodes responses as Responses.UnmarshalJSON does: the x-
// members as its extensions (always a map), the others as responses.
func fastResponses(n *yaml.Node) (*openapi3.Responses, bool) {
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	rs := openapi3.NewResponsesWithCapacity(len(n.Content) / 2)
	rs.Extensions = map[string]any{}
	for i := 0; i+1 < len(n.Content); i += 2 {
		code, ok := memberName(n.Content[i])
		if !ok || code == slotExtension {
			return nil, false
		}
		v := n.Content[i+1]
		if strings.HasPrefix(code, "x-") {
			val, ok := jsonValue(v, 1)
			if !ok {
				return nil, false
			}
			rs.Extensions[code] = val
			continue
		}
		if ref, ok := pureRef(v); ok {
			rs.Set(code, &openapi3.ResponseRef{Ref: ref})
			continue
		}
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			rs.Set(code, &openapi3.ResponseRef{})
			continue
		}
		r := &openapi3.Response{}
		ok = eachMember(v, &r.Extensions, responseKeys, func(key string, v *yaml.Node) bool {
			var ok bool
			switch key {
			case "description":
				var d string
				d, ok = text(v)
				r.Description = &d
			case "content":
				r.Content, ok = fastContent(v)
			}
			return ok
		})
		if !ok {
			return nil, false
		}
		rs.Set(code, &openapi3.ResponseRef{Value: r})
	}
	return rs, true
}

func fastContent(n *yaml.Node) (openapi3.Content, bool) {
	if n.Kind != yaml.MappingNode {
		return nil, false
	}
	c := make(openapi3.Content, len(n.Content)/2)
	for i := 0; i+1 < len(n.Content); i += 2 {
		name, ok := memberName(n.Content[i])
		if !ok {
			return nil, false
		}
		v := n.Content[i+1]
		if v.Kind == yaml.ScalarNode && v.ShortTag() == "!!null" {
			c[name] = nil
			continue
		}
		mt := &openapi3.MediaType{}
		ok = eachMember(v, &mt.Extensions, mediaTypeKeys, func(key string, v *yaml.Node) bool {
			var ok bool
			switch key {
			case "schema":
				mt.Schema, ok = childSchemaRef(v, 1)
			case "example":
				mt.Example, ok = jsonValue(v, 1)
			}
			return ok
		})
		if !ok {
			return nil, false
		}
		c[name] = mt
	}
	return c, true
}

// pureRef returns the reference of a reference object with no other
// member.
func pureRef(n *yaml.Node) (string, bool) {
	if n.Kind != yaml.MappingNode || len(n.Content) != 2 || n.Content[0].Value != "$ref" || n.Content[0].Kind != yaml.ScalarNode || !isText(n.Content[1]) {
		return "", false
	}
	return n.Content[1].Value, true
}
