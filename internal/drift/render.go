package drift

import (
	"encoding/json"
	"fmt"
	"io"
	"strings"
)

// Formats of a report.
const (
	FormatText     = "text"
	FormatMarkdown = "markdown"
	FormatJSON     = "json"
)

// Formats lists the formats Write accepts.
var Formats = []string{FormatText, FormatMarkdown, FormatJSON}

// Write renders r in format to w.
func (r *Report) Write(w io.Writer, format string) error {
	var s string
	switch format {
	case FormatText:
		s = r.Text()
	case FormatMarkdown:
		s = r.Markdown()
	case FormatJSON:
		b, err := json.MarshalIndent(r, "", "  ")
		if err != nil {
			return err
		}
		s = string(b) + "\n"
	default:
		return fmt.Errorf("unknown format %q (want %s)", format, strings.Join(Formats, ", "))
	}
	_, err := io.WriteString(w, s)
	return err
}

// Summary is a one-line description of a's result.
func (a *APIReport) Summary() string {
	switch a.Status {
	case StatusUnchanged:
		return "no drift"
	case StatusDocsOnly:
		return "drift by checksum only: descriptions, summaries, titles or examples changed; no API change"
	case StatusChanged:
		return fmt.Sprintf("API changed: %d breaking, %d non-breaking", a.Breaking, a.NonBreaking)
	case StatusUnknown:
		return "drift by checksum; what changed is unknown (the locked spec is not at hand)"
	case StatusError:
		return "error: " + a.Error
	}
	return string(a.Status)
}

// label is "BREAKING" or "non-breaking".
func label(breaking bool) string {
	if breaking {
		return "BREAKING"
	}
	return "non-breaking"
}

func short(sum string) string {
	if len(sum) > 12 {
		return sum[:12]
	}
	return sum
}

// Text renders r for a terminal: Details and a verdict line.
func (r *Report) Text() string {
	return r.Details() + r.verdict() + "\n"
}

// Details renders each API's result for a terminal.
func (r *Report) Details() string {
	var b strings.Builder
	for _, a := range r.APIs {
		fmt.Fprintf(&b, "%s: %s\n", a.API, a.Summary())
		if a.Status == StatusError && a.Current == nil {
			continue
		}
		fmt.Fprintf(&b, "  locked   sha256 %s (%d bytes, retrieved %s)\n", a.Locked.SHA256, a.Locked.Size, a.Locked.Retrieved)
		if a.Current != nil {
			fmt.Fprintf(&b, "  current  sha256 %s (%d bytes) from %s\n", a.Current.SHA256, a.Current.Size, a.Current.Source)
		}
		for _, n := range a.Notes {
			fmt.Fprintf(&b, "  note: %s\n", n)
		}
		for _, op := range a.Removed {
			fmt.Fprintf(&b, "  removed  %-12s  %s %s %s → %s\n", label(op.Breaking), op.Method, op.Path, op.OperationID, op.GoMethod)
		}
		for _, op := range a.Added {
			fmt.Fprintf(&b, "  added    %-12s  %s %s %s → %s\n", label(op.Breaking), op.Method, op.Path, op.OperationID, op.GoMethod)
		}
		for _, oc := range a.Changed {
			fmt.Fprintf(&b, "  changed  %s %s %s → %s\n", oc.Method, oc.Path, oc.OperationID, oc.GoMethod)
			for _, ch := range oc.Changes {
				fmt.Fprintf(&b, "             %-12s  %s: %s\n", label(ch.Breaking), ch.Kind, ch.Text)
			}
		}
		for _, ch := range a.Other {
			fmt.Fprintf(&b, "  other    %-12s  %s\n", label(ch.Breaking), ch.Text)
		}
		for _, c := range a.Completion {
			fmt.Fprintf(&b, "  completion  %s\n", c)
		}
	}
	return b.String()
}

// verdict is the report's last line.
func (r *Report) verdict() string {
	var drifted, failed []string
	for _, a := range r.APIs {
		if a.Status.Drifted() {
			drifted = append(drifted, a.API)
		}
		if a.Status == StatusError {
			failed = append(failed, a.API)
		}
	}
	var parts []string
	if len(drifted) > 0 {
		parts = append(parts, "drift in "+strings.Join(drifted, ", ")+"; take it with `go run ./cmd/regen -update`")
	} else if len(failed) == 0 {
		parts = append(parts, "no drift: every spec is the locked one")
	}
	if len(failed) > 0 {
		parts = append(parts, "check failed for "+strings.Join(failed, ", "))
	}
	return fmt.Sprintf("%s (exit %d)", strings.Join(parts, "; "), r.ExitCode)
}

// Markdown renders r for an issue or a pull request.
func (r *Report) Markdown() string {
	var b strings.Builder
	b.WriteString("## Altegio API spec drift\n\n")
	b.WriteString("| API | result | breaking | non-breaking | locked sha256 | current sha256 |\n|---|---|---|---|---|---|\n")
	for _, a := range r.APIs {
		cur := "n/a"
		if a.Current != nil {
			cur = "`" + short(a.Current.SHA256) + "`"
		}
		result := string(a.Status)
		if a.Status == StatusUnchanged {
			result = "no drift"
		}
		fmt.Fprintf(&b, "| %s | %s | %d | %d | `%s` | %s |\n", a.API, result, a.Breaking, a.NonBreaking, short(a.Locked.SHA256), cur)
	}
	b.WriteString("\n")
	for _, a := range r.APIs {
		if a.Status == StatusUnchanged {
			continue
		}
		fmt.Fprintf(&b, "### %s: %s\n\n", a.API, escapeMarkdown(a.Summary()))
		a.markdownBody(&b, "####", true)
	}
	fmt.Fprintf(&b, "%s\n", escapeMarkdown(r.verdict()))
	return b.String()
}

// markdownBody writes the details of a, with headings at level h; specs
// says whether to start with the two specs' hashes and sizes.
func (a *APIReport) markdownBody(b *strings.Builder, h string, specs bool) {
	var head []string
	if specs {
		head = append(head, fmt.Sprintf("- Locked: `%s` (%d bytes, retrieved %s)", a.Locked.SHA256, a.Locked.Size, a.Locked.Retrieved))
		if a.Current != nil {
			head = append(head, fmt.Sprintf("- Current: `%s` (%d bytes) from %s", a.Current.SHA256, a.Current.Size, escapeMarkdown(a.Current.Source)))
		}
	}
	for _, n := range a.Notes {
		head = append(head, "- Note: "+n)
	}
	if len(head) > 0 {
		b.WriteString(strings.Join(head, "\n") + "\n\n")
	}
	opLine := func(op Operation) string {
		return fmt.Sprintf("`%s %s` (`%s` → `%s`)", op.Method, op.Path, op.OperationID, op.GoMethod)
	}
	if len(a.Removed) > 0 {
		fmt.Fprintf(b, "%s Removed operations\n\n", h)
		for _, op := range a.Removed {
			fmt.Fprintf(b, "- %s: %s\n", mdLabel(op.Breaking), opLine(op))
		}
		b.WriteString("\n")
	}
	if len(a.Added) > 0 {
		fmt.Fprintf(b, "%s Added operations\n\n", h)
		for _, op := range a.Added {
			fmt.Fprintf(b, "- %s: %s\n", mdLabel(op.Breaking), opLine(op))
		}
		b.WriteString("\n")
	}
	if len(a.Changed) > 0 {
		fmt.Fprintf(b, "%s Changed operations\n\n", h)
		for _, oc := range a.Changed {
			fmt.Fprintf(b, "- %s\n", opLine(oc.Operation))
			for _, ch := range oc.Changes {
				fmt.Fprintf(b, "  - %s (%s): %s\n", mdLabel(ch.Breaking), ch.Kind, ch.Text)
			}
		}
		b.WriteString("\n")
	}
	if len(a.Other) > 0 {
		fmt.Fprintf(b, "%s Other changes\n\n", h)
		for _, ch := range a.Other {
			fmt.Fprintf(b, "- %s (%s): %s\n", mdLabel(ch.Breaking), ch.Kind, ch.Text)
		}
		b.WriteString("\n")
	}
	if len(a.Completion) > 0 {
		fmt.Fprintf(b, "%s Completion's effect on the generated client\n\n", h)
		b.WriteString("The changes above compare the specs as published. regen also completes each spec from its examples, and adds to the current one what the locked one did not need:\n\n")
		for _, c := range a.Completion {
			fmt.Fprintf(b, "- %s\n", escapeMarkdown(c))
		}
		b.WriteString("\n")
	}
}

func mdLabel(breaking bool) string {
	if breaking {
		return "**breaking**"
	}
	return "non-breaking"
}

// escapeMarkdown keeps text that is not ours from starting markup.
func escapeMarkdown(s string) string {
	return strings.NewReplacer("|", `\|`, "<", "&lt;", ">", "&gt;").Replace(s)
}
