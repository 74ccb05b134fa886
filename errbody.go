package altegio

import (
	"bytes"
	"encoding/json"
	"net/http"
)

// maxErrorBody is the most bytes of a non-2xx body that are read.
const maxErrorBody = 64 << 10

// newAPIError builds the error for a non-2xx response whose body (at most
// maxErrorBody bytes) has been read. Every text taken from the body is
// redacted of secrets and of anything that looks like a token.
func newAPIError(method, path string, resp *http.Response, body []byte, r redactor) *APIError {
	e := &APIError{StatusCode: resp.StatusCode, Method: method, Path: path, Response: resp}
	msg, fields := parseErrorBody(body)
	e.Message = r.all(msg)
	if len(fields) > 0 {
		e.FieldErrors = make(map[string][]string, len(fields))
		for k, msgs := range fields {
			k = r.all(k)
			for _, m := range msgs {
				e.FieldErrors[k] = append(e.FieldErrors[k], r.all(m))
			}
		}
	}
	if e.Message == "" && len(e.FieldErrors) == 0 && len(bytes.TrimSpace(body)) > 0 {
		e.Body = snippet(body, resp.Header.Get("Content-Type"), r)
	}
	return e
}

// Limits on what parseErrorBody collects from a hostile body.
const (
	maxErrorFields   = 100
	maxErrorMessages = 20
)

// parseErrorBody extracts the message and field errors from the error shapes
// Altegio uses:
//
//	{"success":false,"data":null,"meta":{"message":"..","errors":{"field":["..",..]}}}
//	{"success":false,"meta":{"message":"..","errors":[{"message":".."},..]}}
//	{"errors":{"code":401,"message":".."},"meta":{"message":".."}}   (v1 legacy)
//	{"message":"..","errors":{"field":".."}}
//
// It returns "" and nil for a body that is not a JSON object.
func parseErrorBody(body []byte) (string, map[string][]string) {
	dec := json.NewDecoder(bytes.NewReader(body))
	dec.UseNumber()
	var top map[string]any
	if err := dec.Decode(&top); err != nil || top == nil {
		return "", nil
	}
	fields := make(map[string][]string)
	var msg string
	if meta, ok := top["meta"].(map[string]any); ok {
		msg = text(meta["message"])
		collectFieldErrors(fields, "", meta["errors"], 0)
	}
	switch errs := top["errors"].(type) {
	case map[string]any:
		if isLegacyError(errs) {
			if msg == "" {
				msg = text(errs["message"])
			}
		} else {
			collectFieldErrors(fields, "", errs, 0)
		}
	case nil:
	default:
		collectFieldErrors(fields, "", errs, 0)
	}
	for _, k := range []string{"message", "error_description", "error"} {
		if msg != "" {
			break
		}
		switch v := top[k].(type) {
		case map[string]any:
			msg = text(v["message"])
		default:
			msg = text(v)
		}
	}
	if len(fields) == 0 {
		fields = nil
	}
	return msg, fields
}

// isLegacyError reports whether errs is v1's {"code":..,"message":..}.
func isLegacyError(errs map[string]any) bool {
	_, ok := errs["message"].(string)
	return ok && isMessageObject(errs) && errs["field"] == nil && errs["attribute"] == nil && errs["param"] == nil && errs["name"] == nil
}

// collectFieldErrors adds the messages in v to fields under name, for
// objects {field: msgs} (nested objects give "field.sub"), lists of strings
// or of {"field"?: .., "message": ..} objects, and plain strings.
func collectFieldErrors(fields map[string][]string, name string, v any, depth int) {
	if depth > 8 {
		return
	}
	add := func(key, msg string) {
		if msg == "" {
			return
		}
		if _, ok := fields[key]; !ok && len(fields) >= maxErrorFields {
			return
		}
		if len(fields[key]) < maxErrorMessages {
			fields[key] = append(fields[key], msg)
		}
	}
	switch v := v.(type) {
	case map[string]any:
		if m, ok := v["message"].(string); ok && isMessageObject(v) {
			key := name
			for _, k := range []string{"field", "attribute", "param", "name"} {
				if f, ok := v[k].(string); ok && f != "" {
					key = join(name, f)
					break
				}
			}
			add(key, m)
			return
		}
		for k, item := range v {
			collectFieldErrors(fields, join(name, k), item, depth+1)
		}
	case []any:
		for _, item := range v {
			collectFieldErrors(fields, name, item, depth+1)
		}
	default:
		add(name, text(v))
	}
}

// isMessageObject reports whether v is one error, {"message":..} with at
// most a field name and a code, rather than a map of fields.
func isMessageObject(v map[string]any) bool {
	for k, val := range v {
		switch k {
		case "message", "field", "attribute", "param", "name", "code", "status", "type":
		default:
			return false
		}
		switch val.(type) {
		case map[string]any, []any:
			return false
		}
	}
	return true
}

func join(prefix, name string) string {
	if prefix == "" {
		return name
	}
	return prefix + "." + name
}

// text returns a JSON scalar as text: strings as they are, numbers and
// booleans as their literal; "" for anything else.
func text(v any) string {
	switch v := v.(type) {
	case string:
		return v
	case json.Number:
		return v.String()
	case bool:
		if v {
			return "true"
		}
		return "false"
	}
	return ""
}
