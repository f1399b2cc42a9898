package rules

import (
	"regexp"
	"regexp/syntax"
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

	// Set by Init: BeforeRe and AfterRe made cheap to ask, as a Frame's
	// are (editsFor asks them for every hit). nil asks the regexp.
	before, after *contextRe
}

// Init prepares the prefilters and rune programs of the edit's regexps;
// the catalogue's builder calls it once, before the edit is shared.
// Without it Offered runs the regexps every time.
func (e *EditSpec) Init() {
	e.before, e.after = newContextRe(e.BeforeRe, false), newContextRe(e.AfterRe, true)
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

// contextStack is the most choices a contextRe's try keeps pending; past
// it the regexp answers.
const contextStack = 16

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
		if !e.before.match(e.BeforeRe, text[from:start]) {
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
	return e.after.match(e.AfterRe, text[end:to])
}

// contextRe is a regexp asked of the text before a match, anchored there
// with $, or after it, anchored with ^: a window of at most editContext
// runes. A window its prefilter refuses cannot match; the others go to
// the regexp's own program run on the runes (for the text before, read
// backwards from the match, as the reversed regexp: one anchored try
// instead of one at every offset), which needs no string. Both are built
// once and only read after.
type contextRe struct {
	sets  *reSets
	prog  *runeProg // nil when it has an assertion it cannot run or is not anchored
	after bool
}

func newContextRe(re *regexp.Regexp, after bool) *contextRe {
	p := parseSimple(re)
	if p == nil {
		return nil
	}
	c := &contextRe{sets: newReSets(re, after), after: after}
	if !after {
		p = reversed(p)
	}
	if p != nil {
		c.prog = treeProg(p)
	}
	if c.prog != nil && c.prog.prog.StartCond()&syntax.EmptyBeginText == 0 {
		c.prog = nil // tried at one offset, it must be anchored there (^a|b is not)
	}
	return c
}

// match reports whether re, the regexp c was made of, matches w, a
// window of at most editContext runes.
func (c *contextRe) match(re *regexp.Regexp, w []rune) bool {
	if c == nil || len(w) > editContext {
		return re.MatchString(string(w))
	}
	if !c.sets.may(w, !c.after) {
		return false
	}
	if c.prog != nil {
		src := w
		var back [editContext]rune
		if !c.after {
			src = back[:len(w)]
			for i, r := range w {
				src[len(w)-1-i] = r
			}
		}
		// Room for a window's choices, not progStack's: the frame's memory
		// is cleared at every call (512 bytes, 8 lines written, where a
		// context's program keeps a few pending).
		var mem [contextStack]progChoice
		if _, ok, done := c.prog.match(src, 0, mem[:]); done {
			return ok
		}
	}
	return re.MatchString(string(w))
}
