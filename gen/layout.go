package gen

import (
	"go/ast"
	"go/token"
	"regexp"
	"sort"
	"strings"

	"github.com/getkin/kin-openapi/openapi3"
)

// FileShared is the file of a package split by tag (FormatByTag) that holds
// the types no tag or several tags use.
const FileShared = FileModels

// RequestsSuffix ends the name of a tag's file of request builders
// (New<Method>Request), such as "positions_requests.go".
const RequestsSuffix = "_requests.go"

// OperationTags maps to the file of each tag of doc, without ".go" ("Team
// Members" → "team_members"), the service type of the tag
// ("TeamMembersService", as NameServices named it) and the request
// builders of its operations, under builderKey of the operation's Go name.
// Operations without a tag are in "other".
func OperationTags(doc *openapi3.T) map[string]string {
	out := map[string]string{}
	forEachOperation(doc, func(_, _ string, _ *openapi3.PathItem, op *openapi3.Operation) {
		tag := "other"
		if len(op.Tags) > 0 {
			tag = tagFileBase(op.Tags[0])
		}
		out[builderKey(GoMethodName(op.OperationID))] = tag
		if svc, ok := op.Extensions[ServiceExtension].(string); ok {
			out[svc+"Service"] = tag
		}
	})
	return out
}

// builderKey is the key of OperationTags for the request builders of the
// operation whose Go name is method.
func builderKey(method string) string { return "new " + method }

var nonWord = regexp.MustCompile(`[^a-z0-9]+`)

// reservedFiles are the base names a tag's file may not take.
var reservedFiles = map[string]bool{"client": true, "models": true, "responses": true, "iterators": true, "params": true, "requests": true, "doc": true}

// tagFileBase is the file name, without ".go", of the tag named tag.
func tagFileBase(tag string) string {
	s := strings.Trim(nonWord.ReplaceAllString(strings.ToLower(tag), "_"), "_")
	switch {
	case s == "":
		s = "other"
	case strings.HasSuffix(s, "_test"), strings.HasSuffix(s, "_requests"), reservedFiles[s]:
		s += "_api"
	}
	return s
}

// FormatByTag is Format with one file per tag, as go-github has one per
// service: <tag>.go holds the Client methods of the tag's operations and
// the types only they use (their params, request and response types),
// <tag>_requests.go their request builders. Types several tags use, or
// none, are in models.go; the Client in client.go, the response-type
// registry in responses.go. tags maps Client methods to tag file names
// (OperationTags).
func FormatByTag(src []byte, pkg, pkgDoc string, h Header, tags map[string]string) (map[string][]byte, error) {
	files, _, err := formatByTag([][]byte{src}, pkg, pkgDoc, h, tags)
	return files, err
}

// formatByTag is FormatByTag for a source in parts (formatParts), and also
// returns the service methods of the files and their results
// (clientResults), read from the source it parses to split.
func formatByTag(src [][]byte, pkg, pkgDoc string, h Header, tags map[string]string) (map[string][]byte, map[string]string, error) {
	var methods map[string]string
	files, err := formatParts(src, pkg, pkgDoc, h, func(f *ast.File) func(ast.Decl) string {
		methods = serviceMethods(f)
		return tagLayout(f, tags)
	})
	return files, methods, err
}

// tagLayout returns the file of each declaration of f.
func tagLayout(f *ast.File, tags map[string]string) func(ast.Decl) string {
	// Which types each type, and each operation, refers to.
	typeNames := map[string]bool{}
	for _, d := range f.Decls {
		if gd, ok := d.(*ast.GenDecl); ok && gd.Tok == token.TYPE {
			for _, s := range gd.Specs {
				typeNames[s.(*ast.TypeSpec).Name.Name] = true
			}
		}
	}
	refs := func(n ast.Node) []string {
		var out []string
		ast.Inspect(n, func(n ast.Node) bool {
			if id, ok := n.(*ast.Ident); ok && typeNames[id.Name] {
				out = append(out, id.Name)
			}
			return true
		})
		return out
	}
	typeRefs := map[string][]string{}
	opRefs := map[string][]string{} // tag → types
	for _, d := range f.Decls {
		switch d := d.(type) {
		case *ast.GenDecl:
			if d.Tok != token.TYPE {
				continue
			}
			for _, s := range d.Specs {
				ts := s.(*ast.TypeSpec)
				typeRefs[ts.Name.Name] = append(typeRefs[ts.Name.Name], refs(ts.Type)...)
			}
		case *ast.FuncDecl:
			if d.Recv == nil {
				continue
			}
			recv := receiverName(d.Recv)
			if tag, ok := tags[recv]; ok {
				opRefs[tag] = append(opRefs[tag], refs(d)...)
				continue
			}
			// A union's As/From methods refer to its variants.
			typeRefs[recv] = append(typeRefs[recv], refs(d.Type)...)
		}
	}
	usedBy := map[string]map[string]bool{} // type → tags
	tagNames := make([]string, 0, len(opRefs))
	for tag := range opRefs {
		tagNames = append(tagNames, tag)
	}
	sort.Strings(tagNames)
	for _, tag := range tagNames {
		seen := map[string]bool{}
		stack := append([]string(nil), opRefs[tag]...)
		for len(stack) > 0 {
			t := stack[len(stack)-1]
			stack = stack[:len(stack)-1]
			if seen[t] {
				continue
			}
			seen[t] = true
			if usedBy[t] == nil {
				usedBy[t] = map[string]bool{}
			}
			usedBy[t][tag] = true
			stack = append(stack, typeRefs[t]...)
		}
	}
	typeFile := func(t string) string {
		if clientDecls[t] {
			return FileClient
		}
		if len(usedBy[t]) == 1 {
			for tag := range usedBy[t] {
				return tag + ".go"
			}
		}
		return FileShared
	}
	// Request builders: new<Method>Request, new<Method>RequestWithBody.
	builderTag := func(name string) (string, bool) {
		rest, ok := strings.CutPrefix(name, "new")
		if !ok {
			return "", false
		}
		best := ""
		for k := range tags {
			m, ok := strings.CutPrefix(k, builderKey(""))
			if ok && strings.HasPrefix(rest, m+"Request") && len(m) > len(best) {
				best = m
			}
		}
		return tags[builderKey(best)], best != ""
	}
	return func(d ast.Decl) string {
		if file, ok := fixedFile(d); ok {
			return file
		}
		switch d := d.(type) {
		case *ast.FuncDecl:
			if d.Recv != nil {
				recv := receiverName(d.Recv)
				if tag, ok := tags[recv]; ok {
					return tag + ".go"
				}
				return typeFile(recv)
			}
			if tag, ok := builderTag(d.Name.Name); ok {
				return tag + RequestsSuffix
			}
		case *ast.GenDecl:
			if len(d.Specs) != 1 {
				return FileShared
			}
			switch spec := d.Specs[0].(type) {
			case *ast.TypeSpec:
				if tag, ok := tags[spec.Name.Name]; ok {
					return tag + ".go"
				}
				return typeFile(spec.Name.Name)
			case *ast.ValueSpec:
				if id, ok := spec.Type.(*ast.Ident); ok && typeNames[id.Name] {
					return typeFile(id.Name)
				}
			}
		}
		return FileShared
	}
}
