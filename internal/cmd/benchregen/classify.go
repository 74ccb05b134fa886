package main

import (
	"go/ast"
	"go/parser"
	"go/token"
	"strings"
)

// kind is what a line of generated Go is part of.
type kind int

const (
	kindComment kind = iota // a line holding only a // comment: doc and field comments
	kindBlank
	kindGetter  // func (v *T) GetX() X: a method Get… with no parameters
	kindJSON    // MarshalJSON and UnmarshalJSON methods
	kindClient  // methods of Client and ClientWithResponses, New…Request, Parse…Response, and the response types' Status/StatusCode
	kindFunc    // any other function or method (enum Valid, union As/From/Merge, iterators, additional-properties Get/Set, …)
	kindType    // type declarations, struct fields included
	kindConst   // const and var declarations
	kindPackage // the header, package clause and imports
	numKinds
)

var kindLabels = [numKinds]string{
	kindComment: "comment lines (doc and field comments)",
	kindBlank:   "blank lines",
	kindGetter:  "getters `func (v *T) GetX()`",
	kindJSON:    "MarshalJSON / UnmarshalJSON",
	kindClient:  "client methods, New…Request, Parse…Response",
	kindFunc:    "other funcs and methods",
	kindType:    "type declarations (code lines)",
	kindConst:   "const / var (code lines)",
	kindPackage: "header, package, imports",
}

// Counts holds a number of lines per kind.
type Counts [numKinds]int

// Add adds o to c.
func (c *Counts) Add(o Counts) {
	for k := range numKinds {
		c[k] += o[k]
	}
}

// Total is the number of lines, as wc -l counts them.
func (c Counts) Total() int {
	n := 0
	for _, v := range c {
		n += v
	}
	return n
}

// classify counts the lines of the Go source src by kind. A blank line or
// a line holding only a // comment counts as such wherever it is; any other
// line counts as the top-level declaration it is part of.
func classify(name string, src []byte) (Counts, error) {
	var c Counts
	fset := token.NewFileSet()
	f, err := parser.ParseFile(fset, name, src, parser.SkipObjectResolution)
	if err != nil {
		return c, err
	}
	lines := strings.SplitAfter(string(src), "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	kinds := make([]kind, len(lines)+1) // by line number; kindPackage unless a declaration covers it
	for i := range kinds {
		kinds[i] = kindPackage
	}
	for _, d := range f.Decls {
		k := declKind(d)
		if g, ok := d.(*ast.GenDecl); ok && g.Tok == token.IMPORT {
			continue
		}
		for l := fset.Position(d.Pos()).Line; l <= fset.Position(d.End()).Line && l < len(kinds); l++ {
			kinds[l] = k
		}
	}
	for i, line := range lines {
		t := strings.TrimSpace(line)
		switch {
		case t == "":
			c[kindBlank]++
		case strings.HasPrefix(t, "//"):
			c[kindComment]++
		default:
			c[kinds[i+1]]++
		}
	}
	return c, nil
}

// declKind is the kind of the declaration d.
func declKind(d ast.Decl) kind {
	g, ok := d.(*ast.GenDecl)
	if ok {
		switch g.Tok {
		case token.TYPE:
			return kindType
		case token.CONST, token.VAR:
			return kindConst
		}
		return kindPackage
	}
	fn := d.(*ast.FuncDecl)
	name := fn.Name.Name
	recv := ""
	if fn.Recv != nil && len(fn.Recv.List) > 0 {
		recv = typeName(fn.Recv.List[0].Type)
	}
	switch {
	case name == "MarshalJSON" || name == "UnmarshalJSON":
		return kindJSON
	case recv != "" && strings.HasPrefix(name, "Get") && fn.Type.Params.NumFields() == 0:
		return kindGetter
	case recv == "Client" || recv == "ClientWithResponses",
		recv == "" && strings.HasPrefix(name, "New") && strings.Contains(name, "Request"),
		recv == "" && strings.HasPrefix(name, "Parse") && strings.HasSuffix(name, "Response"),
		strings.HasSuffix(recv, "Response") && (name == "Status" || name == "StatusCode"):
		return kindClient
	}
	return kindFunc
}

// typeName is the name of the receiver type t (T, *T, T[P]).
func typeName(t ast.Expr) string {
	switch t := t.(type) {
	case *ast.StarExpr:
		return typeName(t.X)
	case *ast.IndexExpr:
		return typeName(t.X)
	case *ast.IndexListExpr:
		return typeName(t.X)
	case *ast.Ident:
		return t.Name
	}
	return ""
}
