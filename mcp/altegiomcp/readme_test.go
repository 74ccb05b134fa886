package altegiomcp

import (
	"encoding/json"
	"os"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestREADMEMatchesServer checks the README's MCP section against the
// server: the number of tools listed by default, the curated operations it
// counts, and that its client configuration snippets are JSON.
func TestREADMEMatchesServer(t *testing.T) {
	b, err := os.ReadFile("../../README.md")
	if err != nil {
		t.Fatal(err)
	}
	readme := string(b)
	start := strings.Index(readme, "## An MCP server for AI agents")
	if start < 0 {
		t.Fatal("README.md has no MCP section")
	}
	section := readme[start:]
	section = section[:strings.Index(section[3:], "\n## ")+3]

	m := regexp.MustCompile("`tools/list` shows (\\d+) tools: (\\d+) for daily").FindStringSubmatch(section)
	if m == nil {
		t.Fatal("the MCP section does not say how many tools are listed")
	}
	cs, _ := connect(t, Options{})
	if n, _ := strconv.Atoi(m[1]); n != len(listTools(t, cs)) {
		t.Errorf("README says %s tools, the server lists %d", m[1], len(listTools(t, cs)))
	}
	if n, _ := strconv.Atoi(m[2]); n != len(curated) {
		t.Errorf("README says %s curated tools, there are %d", m[2], len(curated))
	}
	m = regexp.MustCompile(`the (\d+) that\s+read, or all (\d+) with`).FindStringSubmatch(section)
	if m == nil {
		t.Fatal("the MCP section does not say how many tools --tools=all lists")
	}
	reads := 0
	for _, op := range operationsForTest(t) {
		if op.readOnly {
			reads++
		}
	}
	if m[1] != strconv.Itoa(reads) || m[2] != "302" {
		t.Errorf("README says --tools=all lists %s that read and %s in all; the catalog has %d that read and 302", m[1], m[2], reads)
	}
	blocks := regexp.MustCompile("(?s)```json\n(.*?)```").FindAllStringSubmatch(section, -1)
	if len(blocks) < 2 {
		t.Fatalf("the MCP section has %d JSON snippets, want the Claude Desktop/Cursor and VS Code ones", len(blocks))
	}
	for _, blk := range blocks {
		var v map[string]any
		if err := json.Unmarshal([]byte(strings.ReplaceAll(blk[1], "…", "x")), &v); err != nil {
			t.Errorf("a config snippet is not JSON: %v\n%s", err, blk[1])
		}
	}
}
