package gen

import (
	"bytes"
	"fmt"
	"strings"

	"gopkg.in/yaml.v3"

	"github.com/altegio-go/altegio/openapi"
)

// ModelTable is the model table, openapi/models.yaml: for each API, the
// entities many of its operations share (see Entity).
type ModelTable map[string][]Entity

// LoadModelTable reads the model table embedded in package openapi.
func LoadModelTable() (ModelTable, error) {
	data, err := openapi.FS.ReadFile(openapi.ModelsFile)
	if err != nil {
		return nil, fmt.Errorf("openapi/%s: %w", openapi.ModelsFile, err)
	}
	return ParseModelTable(data, "openapi/"+openapi.ModelsFile)
}

// ParseModelTable parses a model table; name names it in errors. Unknown
// keys, an entity without a name or without a way to recognise it, and a
// name given twice are errors.
func ParseModelTable(data []byte, name string) (ModelTable, error) {
	var t ModelTable
	dec := yaml.NewDecoder(bytes.NewReader(data))
	dec.KnownFields(true)
	if err := dec.Decode(&t); err != nil {
		return nil, fmt.Errorf("%s: %s", name, oneLine(err))
	}
	for api, entities := range t {
		seen := map[string]bool{}
		for i, e := range entities {
			switch {
			case e.Name == "" || !isGoIdentifier(e.Name):
				return nil, fmt.Errorf("%s: %s entity %d: name %q is no exported Go identifier", name, api, i+1, e.Name)
			case seen[e.Name]:
				return nil, fmt.Errorf("%s: %s: entity %s given twice", name, api, e.Name)
			case len(e.Members) == 0 && len(e.Components) == 0:
				return nil, fmt.Errorf("%s: %s: entity %s has neither members nor components", name, api, e.Name)
			}
			for _, m := range sortedKeys(e.Any) {
				if strings.TrimSpace(e.Any[m]) == "" {
					return nil, fmt.Errorf("%s: %s: entity %s: member %s takes any JSON value without evidence", name, api, e.Name, m)
				}
			}
			for _, op := range sortedKeys(e.DataOf) {
				if strings.TrimSpace(e.DataOf[op]) == "" {
					return nil, fmt.Errorf("%s: %s: entity %s: data_of %s without evidence", name, api, e.Name, op)
				}
			}
			for _, m := range sortedKeys(e.Scalar) {
				if strings.TrimSpace(e.Scalar[m]) == "" {
					return nil, fmt.Errorf("%s: %s: entity %s: member %s is a Scalar without evidence", name, api, e.Name, m)
				}
			}
			seen[e.Name] = true
		}
	}
	return t, nil
}

// isGoIdentifier reports whether s is an exported Go identifier.
func isGoIdentifier(s string) bool {
	for i, r := range s {
		switch {
		case r >= 'A' && r <= 'Z':
		case i > 0 && (r >= 'a' && r <= 'z' || r >= '0' && r <= '9'):
		default:
			return false
		}
	}
	return s != ""
}
