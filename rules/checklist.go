package rules

import (
	"cmp"
	"fmt"
	"regexp"
	"slices"
)

// Side says whose turns a checklist matcher looks at.
type Side string

// The sides a checklist item can name.
const (
	AgentSide    Side = "agent"
	CustomerSide Side = "customer"
	AnySide      Side = "any"
)

// ParseSide reads a role name from a pack; "" gives def.
func ParseSide(s string, def Side) (Side, error) {
	switch Side(s) {
	case "":
		return def, nil
	case AgentSide, CustomerSide, AnySide:
		return Side(s), nil
	}
	return def, fmt.Errorf("role %q: want agent, customer or any", s)
}

func (s Side) has(t Turn) bool {
	return s == AnySide || (s == AgentSide) == t.Agent
}

// Matcher finds a checklist item's keywords or pattern in the turns of one
// side. Keywords and the pattern are matched on the normalised text, so
// 退款, 退款 and 退款 written in traditional characters are one.
type Matcher struct {
	Side  Side
	Terms [][]rune       // normalised keywords
	Re    *regexp.Regexp // or a pattern; either may be nil
	Acts  Acts           // or speech acts (the item's own closing, say)
	// Negate makes a turn of Side match when it holds none of them.
	Negate bool
	// Quoted counts matches inside quotation marks. Words an agent quotes
	// (您提到“别家更便宜”) are not the agent's own, so by default a must-not
	// item does not hold them against the agent.
	Quoted bool
}

// Spans returns where the keywords or pattern occur in t, earliest first.
func (m *Matcher) Spans(t *Text) []Span {
	if t == nil {
		return nil
	}
	out := m.termSpans(t, nil)
	if m.Re != nil {
		eachMatch(m.Re, string(t.Norm), func(start, end int, _ string) {
			if m.counts(t, start, end) {
				out = append(out, Span{start, end})
			}
		})
	}
	for _, a := range m.Acts {
		for _, s := range a.Spans(t) {
			if m.counts(t, s.Start, s.End) {
				out = append(out, s)
			}
		}
	}
	if len(m.Acts) > 0 || m.Re != nil {
		slices.SortFunc(out, func(a, b Span) int { return cmp.Or(a.Start-b.Start, a.End-b.End) })
	}
	return out
}

// termSpans appends to out, at each offset of t in order, the first of the
// keywords that stands there and counts.
func (m *Matcher) termSpans(t *Text, out []Span) []Span {
	for i := range t.Norm {
		for _, w := range m.Terms {
			if t.HasAt(i, w) && m.counts(t, i, i+len(w)) {
				out = append(out, Span{i, i + len(w)})
				break
			}
		}
	}
	return out
}

// counts reports whether a match at [s,e) counts: outside quotation marks,
// unless the matcher counts quoted words too.
func (m *Matcher) counts(t *Text, s, e int) bool {
	return m.Quoted || !t.Quoted(s, e)
}

// Match reports whether turn t is one this matcher is looking for: of its
// side, and holding a keyword (or, negated, none).
func (m *Matcher) Match(t Turn) bool {
	if !m.Side.has(t) {
		return false
	}
	return (len(m.Spans(t.Text)) > 0) != m.Negate
}

// Checklist is the rule kind for a QA checklist item, written as data:
// "when the customer mentions 退款, the agent must say 原路退回 within two
// turns"; "the agent must never mention a competitor".
type Checklist struct {
	Meta
	// Trigger starts a window each time it matches a turn; nil means the
	// requirement holds over the whole conversation.
	Trigger *Matcher
	Require Matcher
	// Within is the window: the next Within turns of Require.Side after the
	// trigger (the trigger's own turn counts too when it is of that side);
	// without a trigger, the first Within such turns. 0: to the end.
	Within int
	// MustNot turns the item round: every match of Require in the window is
	// a breach, pointing at the words.
	MustNot bool
	// Weight is the score points one breach deducts (0: the severity's);
	// Fatal makes one breach score the conversation 0.
	Weight float64
	Fatal  bool
}

// Deduction tells the scorecard what a breach costs.
func (c *Checklist) Deduction() (float64, bool) { return c.Weight, c.Fatal }

// CheckConversation emits every breach. A missing requirement points at
// the last turn of the window where there is one (the turn that should have
// said it), otherwise at the conversation.
func (c *Checklist) CheckConversation(turns []Turn, emit func(int, Hit)) {
	seen := map[[3]int]bool{}
	once := func(turn int, h Hit) {
		key := [3]int{turn, h.Start, h.End}
		if !seen[key] {
			seen[key] = true
			emit(turn, h)
		}
	}
	if c.Trigger == nil {
		c.window(turns, -1, once)
		return
	}
	for i, t := range turns {
		if c.Trigger.Match(t) {
			c.window(turns, i, once)
		}
	}
}

// window checks the requirement over the turns that follow turn from (from
// itself included when it is of the required side; -1: from the start).
func (c *Checklist) window(turns []Turn, from int, emit func(int, Hit)) {
	last, n := -1, 0
	start := max(from, 0)
	for j := start; j < len(turns); j++ {
		if !c.Require.Side.has(turns[j]) {
			continue
		}
		if j > from {
			if c.Within > 0 && n == c.Within {
				break
			}
			n++
		}
		last = j
		spans := c.Require.Spans(turns[j].Text)
		if c.MustNot {
			for _, s := range spans {
				emit(j, Hit{Start: s.Start, End: s.End, Rule: &c.Meta})
			}
			continue
		}
		if len(spans) > 0 {
			return
		}
	}
	if !c.MustNot {
		emit(last, Hit{Rule: &c.Meta, NoSpan: true})
	}
}
