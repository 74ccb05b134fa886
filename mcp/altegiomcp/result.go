package altegiomcp

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"slices"
	"strings"

	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// bytesPerToken is how many bytes of JSON the budget counts as a token.
const bytesPerToken = 4

// member is one member of a JSON object, in the order the object has it.
type member struct {
	name  string
	value json.RawMessage
}

// objectMembers splits a JSON object into its members, in order; ok is
// false when raw is not an object.
func objectMembers(raw json.RawMessage) (members []member, ok bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	dec := json.NewDecoder(bytes.NewReader(raw))
	if _, err := dec.Token(); err != nil {
		return nil, false
	}
	for dec.More() {
		t, err := dec.Token()
		if err != nil {
			return nil, false
		}
		name, _ := t.(string)
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, false
		}
		members = append(members, member{name, v})
	}
	return members, true
}

// joinObject writes members back as a JSON object.
func joinObject(members []member) json.RawMessage {
	var b bytes.Buffer
	b.WriteByte('{')
	for i, m := range members {
		if i > 0 {
			b.WriteByte(',')
		}
		name, _ := json.Marshal(m.name)
		b.Write(name)
		b.WriteByte(':')
		b.Write(m.value)
	}
	b.WriteByte('}')
	return b.Bytes()
}

// project keeps the members of raw that fields name ("id", or
// "client.name" for a member of a member), in raw's order; a value that
// is not an object is kept whole.
func project(raw json.RawMessage, fields []string) json.RawMessage {
	if len(fields) == 0 {
		return raw
	}
	members, ok := objectMembers(raw)
	if !ok {
		return raw
	}
	var kept []member
	for _, m := range members {
		whole := false
		var sub []string
		for _, f := range fields {
			top, rest, nested := strings.Cut(f, ".")
			if top != m.name {
				continue
			}
			if !nested {
				whole = true
				break
			}
			sub = append(sub, rest)
		}
		switch {
		case whole:
			kept = append(kept, m)
		case len(sub) > 0:
			kept = append(kept, member{m.name, projectValue(m.value, sub)})
		}
	}
	return joinObject(kept)
}

// projectValue projects an object, or each object of an array.
func projectValue(raw json.RawMessage, fields []string) json.RawMessage {
	t := bytes.TrimSpace(raw)
	if len(t) > 0 && t[0] == '[' {
		var items []json.RawMessage
		if json.Unmarshal(t, &items) != nil {
			return raw
		}
		for i := range items {
			items[i] = project(items[i], fields)
		}
		b, _ := json.Marshal(items)
		return b
	}
	return project(raw, fields)
}

// render turns an operation's result into the tool's result: the data as
// JSON text (projected to fields), cut to the budget (in tokens) with a
// note saying what was left out and how to get it.
func render(op *operation, res *result, fields []string, budget int) *mcp.CallToolResult {
	max := budget * bytesPerToken
	text := func(s ...string) *mcp.CallToolResult {
		r := &mcp.CallToolResult{}
		for _, t := range s {
			if t != "" {
				r.Content = append(r.Content, &mcp.TextContent{Text: t})
			}
		}
		return r
	}
	switch {
	case res.items != nil || res.kind == "list":
		var b bytes.Buffer
		b.WriteByte('[')
		shown := 0
		for _, item := range res.items {
			item = project(item, fields)
			if shown > 0 && b.Len()+len(item)+2 > max {
				break
			}
			if shown > 0 {
				b.WriteByte(',')
			}
			b.Write(item)
			shown++
		}
		b.WriteByte(']')
		var notes []string
		if shown < len(res.items) {
			notes = append(notes, fmt.Sprintf("Showing %d of the %d items read: the rest would pass the budget of about %d tokens. Pass fields to keep fewer members, or limit and a later page to read the rest.", shown, len(res.items), budget))
		}
		if res.more {
			hint := "pass a later page"
			if slices.Contains(op.controls, "pages") {
				hint = fmt.Sprintf("pass pages (up to %d) or a later page", maxPages)
			}
			notes = append(notes, fmt.Sprintf("More items may exist: the call stopped at the limit or at the last page it was allowed to read; %s to get them.", hint))
		}
		return text(b.String(), strings.Join(notes, " "))
	case res.kind == "document" && res.value != nil:
		if r, ok := renderDocument(res.value, fields, res.limit, max, budget); ok {
			return text(r...)
		}
		fallthrough
	case res.value != nil:
		v := project(res.value, fields)
		if len(v) <= max {
			return text(string(v))
		}
		members, ok := objectMembers(v)
		if !ok {
			return text(fmt.Sprintf("The result is %d bytes of JSON, over the budget of about %d tokens, and not an object that fields could cut.", len(v), budget))
		}
		var kept []member
		var left []string
		size := 2
		for _, m := range members {
			if size+len(m.name)+len(m.value)+4 > max {
				left = append(left, m.name)
				continue
			}
			kept = append(kept, m)
			size += len(m.name) + len(m.value) + 4
		}
		if len(left) == 0 {
			return text(string(v))
		}
		return text(string(joinObject(kept)), fmt.Sprintf("Left out to keep within the budget of about %d tokens: the members %s. Pass fields, such as [%q], to get them.", budget, strings.Join(left, ", "), left[0]))
	case res.bytes != nil:
		note := fmt.Sprintf("The response is %d bytes that are not JSON (a file, such as a PDF).", len(res.bytes))
		if enc := base64.StdEncoding.EncodeToString(res.bytes); len(enc) <= max {
			return text(note+" Base64:", enc)
		}
		return text(note + " It is over the budget and is not shown.")
	}
	return text("Done: Altegio answered with success and no data.")
}

// renderDocument renders an object whose data member is a list (a JSON:API
// document): fields and limit apply to the data's items, and the budget
// keeps the other members (included, meta) first, dropping the largest of
// them when they alone would take more than half of it, then as many
// items as fit. It returns the JSON and the notes, or false when doc has
// no data list.
func renderDocument(doc json.RawMessage, fields []string, limit, max, budget int) ([]string, bool) {
	members, ok := objectMembers(doc)
	if !ok {
		return nil, false
	}
	dataAt := -1
	var items []json.RawMessage
	for i, m := range members {
		if m.name == "data" && json.Unmarshal(m.value, &items) == nil && items != nil {
			dataAt = i
		}
	}
	if dataAt < 0 {
		return nil, false
	}
	var notes []string
	if limit > 0 && len(items) > limit {
		notes = append(notes, fmt.Sprintf("Showing the first %d of the page's %d items (limit).", limit, len(items)))
		items = items[:limit]
	}
	others := 0
	for i, m := range members {
		if i != dataAt {
			others += len(m.name) + len(m.value) + 4
		}
	}
	var dropped []string
	for others > max/2 {
		big := -1
		for i, m := range members {
			if i != dataAt && m.value != nil && (big < 0 || len(m.value) > len(members[big].value)) {
				big = i
			}
		}
		if big < 0 {
			break
		}
		others -= len(members[big].name) + len(members[big].value) + 4
		dropped = append(dropped, members[big].name)
		members[big].value = nil
	}
	var b bytes.Buffer
	b.WriteByte('[')
	shown := 0
	for _, item := range items {
		item = project(item, fields)
		if shown > 0 && others+b.Len()+len(item)+2 > max {
			break
		}
		if shown > 0 {
			b.WriteByte(',')
		}
		b.Write(item)
		shown++
	}
	b.WriteByte(']')
	if shown < len(items) {
		notes = append(notes, fmt.Sprintf("Showing %d of the %d items: the rest would pass the budget of about %d tokens. Pass fields to keep fewer members, or limit and a later page to read the rest.", shown, len(items), budget))
	}
	if len(dropped) > 0 {
		notes = append(notes, fmt.Sprintf("Left out to keep within the budget: the members %s. Pass a smaller limit or fields to make room for them.", strings.Join(dropped, ", ")))
	}
	var kept []member
	for i, m := range members {
		switch {
		case i == dataAt:
			kept = append(kept, member{m.name, b.Bytes()})
		case m.value != nil:
			kept = append(kept, m)
		}
	}
	return []string{string(joinObject(kept)), strings.Join(notes, " ")}, true
}
