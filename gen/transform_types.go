package gen

import (
	"regexp"
	"slices"
	"strings"
	"unicode"

	"github.com/getkin/kin-openapi/openapi3"
)

// This file holds the transforms that give each kind of value one Go
// representation: parameters typed by their schema (no alias types), money
// as float64, phone, card and barcode numbers as strings, and optional
// lists and maps as values with omitzero.

const componentParameterPrefix = "#/components/parameters/"

// inlineParameterComponents turns every reference to a component parameter
// into the parameter itself, so that oapi-codegen types it by its schema
// (int64, string) instead of by an alias named after the component. The
// components, referenced no more, are pruned by oapi-codegen.
func inlineParameterComponents(doc *openapi3.T) (int, error) {
	n := 0
	inline := func(params openapi3.Parameters) {
		for _, p := range params {
			if p != nil && p.Value != nil && strings.HasPrefix(p.Ref, componentParameterPrefix) {
				p.Ref = ""
				n++
			}
		}
	}
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		inline(item.Parameters)
		inline(op.Parameters)
	})
	return n, nil
}

// nameWords splits a property or parameter name into lower-case words:
// "all_sum" → [all sum], "totalSum" → [total sum], "filter[price_min]" →
// [price min].
func nameWords(name string) []string {
	name = innerKey(name)
	var words []string
	var cur []rune
	flush := func() {
		if len(cur) > 0 {
			words = append(words, strings.ToLower(string(cur)))
			cur = cur[:0]
		}
	}
	for _, r := range name {
		switch {
		case r == '_' || r == '-' || r == '.' || r == ' ':
			flush()
		case unicode.IsUpper(r):
			flush()
			cur = append(cur, r)
		default:
			cur = append(cur, r)
		}
	}
	flush()
	return words
}

// moneyWords are the nouns that name an amount of money when a name ends
// with them: all_sum, loyalty_amount, targets_paid, cost, balance.
var moneyWords = []string{
	"amount", "amounts", "balance", "balances", "cost", "costs", "debt",
	"discount", "discounts", "fee", "fees", "income", "paid", "price",
	"prices", "revenue", "salary", "spent", "sum", "sums",
}

// moneyQualifiers may follow the money noun: price_min, balance_after,
// cost_total.
var moneyQualifiers = []string{"min", "max", "from", "to", "before", "after", "total"}

// flagWords start the names of flags, not amounts: is_paid, has_discount.
var flagWords = []string{"is", "has", "can"}

// countDescription matches a description that says a value counts things,
// though its name ends with a money word: amount "Number of
// products/services", balance "Remaining visits" or "New visit count".
var countDescription = regexp.MustCompile(`(?i)\b(number|count|quantity|visits?|uses)\b`)

// IsMoneyName reports whether a property or parameter called name, described
// by description, holds an amount of money. The rule: the name's last word
// (or the word before a qualifier such as min, max, before, after, total)
// is a money noun — amount, balance, cost, debt, discount, fee, income,
// paid, price, revenue, salary, spent or sum — and the description does not
// say it counts things (number, count, quantity, visits, uses), and the name
// is not a flag's (is_paid, has_discount). So all_sum, loyalty_amount,
// targets_paid and price_min are money; is_paid, sum_type,
// balance_edit_type_id, salary_schemes_count, total_count and
// allowed_usages_amount ("the number of allowed uses") are not.
func IsMoneyName(name, description string) bool {
	words := nameWords(name)
	if len(words) == 0 || slices.Contains(flagWords, words[0]) {
		return false
	}
	last := words[len(words)-1]
	if len(words) > 1 && slices.Contains(moneyQualifiers, last) {
		last = words[len(words)-2]
	}
	return slices.Contains(moneyWords, last) && !countDescription.MatchString(description)
}

// onlyTypes reports whether s's type list holds want and otherwise at most
// null.
func onlyTypes(s *openapi3.Schema, want string) bool {
	if s.Type == nil || !s.Type.Includes(want) {
		return false
	}
	for _, t := range s.Type.Slice() {
		if t != want && t != openapi3.TypeNull {
			return false
		}
	}
	return true
}

// retype gives the inline schema s the type to (keeping null if s had it)
// and no format.
func retype(s *openapi3.Schema, to string) {
	types := openapi3.Types{to}
	if s.Type.Includes(openapi3.TypeNull) {
		types = append(types, openapi3.TypeNull)
	}
	s.Type = &types
	s.Format = ""
}

func moneyNumbers(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if site.Ref.Ref != "" || s.Extensions["x-go-type"] != nil || !onlyTypes(s, openapi3.TypeInteger) {
			return
		}
		if IsMoneyName(site.Name, s.Description) {
			retype(s, openapi3.TypeNumber)
			n++
		}
	})
	return n, nil
}

// IsIdentifierNumberName reports whether a property or parameter called
// name holds a phone, card or barcode number: an identifier made of digits,
// not a quantity. Its last word is phone(s), barcode(s) or card, or it ends
// with card_number: phone, referrer_phone, card, loyalty_card_number,
// barcode. card_id and phone_country_id are not (they are IDs).
func IsIdentifierNumberName(name string) bool {
	words := nameWords(name)
	if len(words) == 0 {
		return false
	}
	last := words[len(words)-1]
	switch last {
	case "phone", "phones", "barcode", "barcodes", "card":
		return true
	case "number":
		return len(words) > 1 && words[len(words)-2] == "card"
	}
	return false
}

func identifierNumbersAsStrings(doc *openapi3.T) (int, error) {
	n := 0
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if site.Ref.Ref != "" || s.Extensions["x-go-type"] != nil || !IsIdentifierNumberName(site.Name) {
			return
		}
		if onlyTypes(s, openapi3.TypeNumber) || onlyTypes(s, openapi3.TypeInteger) {
			retype(s, openapi3.TypeString)
			n++
		}
	})
	return n, nil
}

// isContainerSchema reports whether oapi-codegen generates a slice or a map
// for s: an array, or an object with no properties or compositions (a
// free-form object or one with additionalProperties only), possibly
// nullable, with no x-go-type of its own.
func isContainerSchema(s *openapi3.Schema) bool {
	if s == nil || s.Extensions["x-go-type"] != nil {
		return false
	}
	if onlyTypes(s, openapi3.TypeArray) {
		return true
	}
	return onlyTypes(s, openapi3.TypeObject) && len(s.Properties) == 0 &&
		len(s.AllOf) == 0 && len(s.AnyOf) == 0 && len(s.OneOf) == 0 &&
		(s.AdditionalProperties.Has == nil || *s.AdditionalProperties.Has)
}

// omitZeroExtensions are set next to every optional container property:
// no pointer, and omitzero instead of omitempty.
var omitZeroExtensions = map[string]any{
	"x-go-type-skip-optional-pointer": true,
	"x-omitempty":                     false,
	"x-omitzero":                      true,
}

func containerOmitZero(doc *openapi3.T) (int, error) {
	n := 0
	// Optional list parameters, whose schema may be a reference to a
	// named list type (b2b-v2's include), are no pointers either: nil is
	// not sent.
	params := map[*openapi3.Parameter]bool{}
	skip := func(list openapi3.Parameters) {
		for _, p := range list {
			if p == nil || p.Value == nil || params[p.Value] {
				continue
			}
			params[p.Value] = true
			if v := p.Value; !v.Required && v.Schema != nil && isContainerSchema(v.Schema.Value) && v.Extensions["x-go-type-skip-optional-pointer"] != true {
				if v.Extensions == nil {
					v.Extensions = map[string]any{}
				}
				v.Extensions["x-go-type-skip-optional-pointer"] = true
				n++
			}
		}
	}
	forEachOperation(doc, func(_, _ string, item *openapi3.PathItem, op *openapi3.Operation) {
		skip(item.Parameters)
		skip(op.Parameters)
	})
	seen := map[*openapi3.Schema]bool{}
	walkSchemas(doc, func(site schemaSite) {
		s := site.Ref.Value
		if seen[s] || len(s.Properties) == 0 {
			return
		}
		seen[s] = true
		for _, name := range sortedKeys(s.Properties) {
			p := s.Properties[name]
			if p == nil || slices.Contains(s.Required, name) || !isContainerSchema(p.Value) {
				continue
			}
			if p.Extensions == nil {
				p.Extensions = map[string]any{}
			}
			changed := false
			for k, v := range omitZeroExtensions {
				if p.Extensions[k] != v {
					p.Extensions[k] = v
					changed = true
				}
			}
			if changed {
				n++
			}
		}
	})
	return n, nil
}
