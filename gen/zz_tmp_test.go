package gen

import (
	"fmt"
	"os"
	"testing"
)

func TestTmpListServices(t *testing.T) {
	table, err := LoadServiceTable()
	if err != nil {
		t.Fatal(err)
	}
	for _, api := range []string{"b2b-v1", "b2b-v2"} {
		data, err := os.ReadFile("/work/shared/altegio-openapi/" + api + ".openapi.yaml")
		if err != nil {
			t.Fatal(err)
		}
		doc, err := LoadDocument(data, api)
		if err != nil {
			t.Fatal(err)
		}
		svcs, err := NameServices(doc, table[api], false)
		if err != nil {
			t.Fatal(err)
		}
		for _, s := range svcs {
			fmt.Printf("%s %s (%s)\n", api, s.Name, s.Tag)
			for _, id := range sortedKeys(s.Methods) {
				fmt.Printf("    %-50s %s\n", id, s.Methods[id])
			}
		}
	}
}
