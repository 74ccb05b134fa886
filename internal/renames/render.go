package renames

import (
	"fmt"
	"sort"
	"strings"
)

// Heading is the heading of the section Render writes.
const Heading = "### Renamed: model-first types, methods grouped by service (issue 19)"

// isSection reports whether a line is the heading of the section Render
// writes (under any title, as long as it is the issue-19 rename map).
func isSection(line string) bool {
	return strings.HasPrefix(line, "### Renamed:") && strings.Contains(line, "(issue 19)")
}

// Render writes the markdown section for the results: a heading, an
// introduction naming the command and the old revision, and one table.
// Renamed names come first (by package, kind, old name), then the
// "removed (no counterpart)" group.
func Render(results []*Result, oldRev, oldCommit string) string {
	var rows, removed []Row
	counts := map[Kind]int{}
	for _, r := range results {
		for _, row := range r.Rows {
			if row.Removed != "" {
				removed = append(removed, row)
			} else {
				rows = append(rows, row)
				counts[row.Kind]++
			}
		}
	}
	sort.SliceStable(rows, func(i, j int) bool {
		a, b := rows[i], rows[j]
		if a.Package != b.Package {
			return a.Package < b.Package
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Old < b.Old
	})
	sort.SliceStable(removed, func(i, j int) bool {
		a, b := removed[i], removed[j]
		if a.Package != b.Package {
			return a.Package < b.Package
		}
		if a.Kind != b.Kind {
			return a.Kind < b.Kind
		}
		return a.Old < b.Old
	})

	var b strings.Builder
	fmt.Fprintf(&b, "%s\n\n", Heading)
	commit := ""
	if oldCommit != "" {
		commit = fmt.Sprintf(" (%s)", short(oldCommit))
	}
	fmt.Fprintf(&b, "Every exported name of the generated packages at `%s`%s that changed, and what it is now. "+
		"Generated, do not edit: `make changelog` (`go run ./internal/cmd/renames -old %s -write CHANGELOG.md`) "+
		"compares the packages at that revision with the working tree and rewrites this section.\n\n", oldRev, commit, oldRev)
	b.WriteString("Nothing is guessed from the names. A method is paired by its operationId (`OPERATIONS.txt`), " +
		"`Client.X` becoming `Service.Method`; a type by walking the two versions in parallel from each operation's " +
		"result, params struct and JSON body and from the `ResponseBody` table, then through each struct's fields by " +
		"JSON name (through pointers, lists, maps and `altegio.Object`); a type no operation reaches that is still declared " +
		"under its name is paired with itself. Old types merged into one entity have a row each; " +
		"an old type now spelled several ways lists them all. A field or a union's `As`/`From`/`Merge` method is listed " +
		"as `Type.Name` only when its own name changed (a field's `Get` getter follows it). Names not listed are unchanged. " +
		"Old names with no counterpart come last, with the reason.\n\n")
	var kinds []string
	for k, label := range [][2]string{
		{"method", "methods"}, {"type", "types"}, {"field or union method", "fields and union methods"},
		{"constant", "constants"}, {"function", "functions"}, {"variable", "variables"},
	} {
		switch n := counts[Kind(k)]; n {
		case 0:
		case 1:
			kinds = append(kinds, "1 "+label[0])
		default:
			kinds = append(kinds, fmt.Sprintf("%d %s", n, label[1]))
		}
	}
	if len(kinds) == 0 {
		kinds = []string{"nothing renamed"}
	}
	fmt.Fprintf(&b, "%d rows: %s renamed; %d removed.\n\n", len(rows)+len(removed), strings.Join(kinds, ", "), len(removed))
	b.WriteString("| package | old name | new name |\n|---|---|---|\n")
	for _, row := range rows {
		fmt.Fprintf(&b, "| %s | `%s` | %s |\n", row.Package, row.Old, strings.Join(backquote(row.New), ", "))
	}
	if len(removed) > 0 {
		b.WriteString("| | **removed (no counterpart)** | |\n")
		for _, row := range removed {
			fmt.Fprintf(&b, "| %s | `%s` | removed: %s |\n", row.Package, row.Old, row.Removed)
		}
	}
	return b.String()
}

func short(commit string) string {
	if len(commit) > 12 {
		return commit[:12]
	}
	return commit
}

// ReplaceSection puts section into a changelog: in place of the section
// Render wrote before (from its heading to the next "### " or "## "
// heading), or else at the top of "## Unreleased" (added under the title
// if missing). The rest is left as it is.
func ReplaceSection(changelog, section string) string {
	section = strings.TrimRight(section, "\n") + "\n\n"
	lines := strings.SplitAfter(changelog, "\n")
	for i, line := range lines {
		if !isSection(strings.TrimRight(line, "\n")) {
			continue
		}
		end := len(lines)
		for j := i + 1; j < len(lines); j++ {
			if strings.HasPrefix(lines[j], "### ") || strings.HasPrefix(lines[j], "## ") {
				end = j
				break
			}
		}
		if end == len(lines) {
			section = strings.TrimRight(section, "\n") + "\n"
		}
		return strings.Join(lines[:i], "") + section + strings.Join(lines[end:], "")
	}
	for i, line := range lines {
		if strings.TrimSpace(line) != "## Unreleased" {
			continue
		}
		j := i + 1
		for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
			j++
		}
		return strings.Join(lines[:i+1], "") + "\n" + section + strings.Join(lines[j:], "")
	}
	// No Unreleased section: add one under the title (the first "# " line).
	for i, line := range lines {
		if strings.HasPrefix(line, "# ") {
			j := i + 1
			for j < len(lines) && strings.TrimSpace(lines[j]) == "" {
				j++
			}
			return strings.Join(lines[:i+1], "") + "\n## Unreleased\n\n" + section + strings.Join(lines[j:], "")
		}
	}
	return "## Unreleased\n\n" + section + changelog
}
