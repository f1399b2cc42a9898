package rules

import (
	"regexp"
	"strings"
)

// Meta is what every rule declares about itself: identity, how serious it
// is, what to tell the user, and the examples that prove it.
type Meta struct {
	ID          string
	Category    string
	Severity    Severity
	Description string   // one line, for `replylint rules`
	Rationale   string   // why the rule exists, for `replylint explain`
	Seeds       []string // where in the guidelines it comes from
	Message     string   // shown with each finding; "{match}" is replaced
	Suggestions []string // approved phrasing, or an instruction
	Fix         string   // safe replacement for the whole match; "" when a rewrite needs judgement
	// Edits are the replacements offered for a person or an agent to
	// choose (data: edits); Fix is the safe one and is not repeated here.
	Edits    []EditSpec
	Examples Examples
}

// EditSpec is a replacement a rule offers for its match. Text replaces the
// match ("" deletes it). BeforeRe / AfterRe, when set, must match the text
// right before / after the match for the edit to be offered there: a
// rewrite that reads right only in some clauses (可能一到两天 → 预计一到两天,
// but not 可能是 → 预计是).
type EditSpec struct {
	Text              string
	BeforeRe, AfterRe *regexp.Regexp
}

// Examples are a rule's own test cases. A hit marks the expected span with
// ⟦…⟧ (markers that never occur in real replies, unlike 【】 or 「」).
type Examples struct {
	Hits    []string
	NonHits []string
	// Fixes pairs a reply with what `replylint fix` makes of it: [before, after].
	Fixes [][2]string
}

// Rule is anything the engine can run. Concrete kinds implement one of
// MessageRule or ConversationRule as well.
type Rule interface {
	Info() *Meta
}

// Info returns the rule's metadata; embedding Meta makes a kind a Rule.
func (m *Meta) Info() *Meta { return m }

// MessageText renders the finding message for one match.
func (m *Meta) MessageText(match string) string {
	return strings.ReplaceAll(m.Message, "{match}", match)
}

// Hit is one finding of a message rule, in rune offsets of the message.
type Hit struct {
	Start, End int
	Rule       *Meta
	// Fix overrides Rule.Fix for this hit (a term of its own); "" means use the rule's.
	Fix string
	// NoSpan marks a whole-reply finding (length, self-focus) without a span.
	NoSpan bool
}

// Replacement returns the safe rewrite for the hit, or "" if none.
func (h Hit) Replacement() string {
	if h.Fix != "" {
		return h.Fix
	}
	return h.Rule.Fix
}

// MessageRule checks one message.
type MessageRule interface {
	Rule
	Check(t *Text, emit func(Hit))
}

// editContext is how far, in code points, BeforeRe and AfterRe look from
// the match: the words around it in its clause, never the whole message
// (which would make the edits of a long message quadratic).
const editContext = 16

// Offered reports whether the edit reads right for the match text[start:end]
// in its context: the editContext code points before and after it on its
// line ($ and ^ also match where that context is cut off).
func (e *EditSpec) Offered(text []rune, start, end int) bool {
	if e.BeforeRe != nil {
		from := start
		for from > 0 && start-from < editContext && text[from-1] != '\n' {
			from--
		}
		if !e.BeforeRe.MatchString(string(text[from:start])) {
			return false
		}
	}
	if e.AfterRe == nil {
		return true
	}
	to := end
	for to < len(text) && to-end < editContext && text[to] != '\n' {
		to++
	}
	return e.AfterRe.MatchString(string(text[end:to]))
}
