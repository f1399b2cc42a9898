package lint

import (
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"

	"github.com/replylint/replylint/lint/transcript"
	"github.com/replylint/replylint/rules"
)

// ExampleFailure is one of a rule's own examples that the rule gets wrong,
// or a rule without the examples it needs.
type ExampleFailure struct {
	// Kind is "hit", "non-hit", "fix" or "examples" (missing ones).
	Kind string
	// Example is the example as the rule's data writes it.
	Example string
	// Problem says what the linter did instead, for people.
	Problem string
}

func (f ExampleFailure) String() string {
	if f.Example == "" {
		return f.Problem
	}
	return fmt.Sprintf("%s %q: %s", f.Kind, f.Example, f.Problem)
}

// RunExamples checks a rule against its own examples, with everything else
// this linter runs: each hit must be found by the rule at exactly its ⟦…⟧
// spans (anywhere, when none is marked), no non-hit may be flagged by it,
// and each fix pair must come out of Fix as written. A rule needs at least
// one hit and one non-hit. Examples of conversation rules are transcripts,
// one turn a line (客户（10:00:00）：… / 客服：…), with the turns the rule
// should flag wrapped in ⟦…⟧ (the whole conversation when none is). The
// catalogue's test and `replylint test-rules` both use this, so a pack
// author sees exactly what the catalogue is held to.
func (l *Linter) RunExamples(r rules.Rule) []ExampleFailure {
	m := r.Info()
	var out []ExampleFailure
	if len(m.Examples.Hits) == 0 || len(m.Examples.NonHits) == 0 {
		out = append(out, ExampleFailure{Kind: "examples", Problem: fmt.Sprintf(
			"the rule has %d hits and %d non-hits in its data; it needs both", len(m.Examples.Hits), len(m.Examples.NonHits))})
	}
	if _, ok := r.(rules.ConversationRule); ok {
		return append(out, l.conversationExamples(m)...)
	}
	for _, ex := range m.Examples.Hits {
		text, want := rules.ParseMarked(ex)
		got := ruleSpans(l.CheckText(text), m.ID)
		switch {
		case len(got) == 0:
			out = append(out, ExampleFailure{"hit", ex, "the rule found nothing"})
		case len(want) > 0 && !slices.Equal(got, want):
			out = append(out, ExampleFailure{"hit", ex, fmt.Sprintf("want %s, got %s", showSpans(text, want), showSpans(text, got))})
		}
	}
	for _, ex := range m.Examples.NonHits {
		if got := ruleSpans(l.CheckText(ex), m.ID); len(got) > 0 {
			out = append(out, ExampleFailure{"non-hit", ex, "flagged " + showSpans(ex, got)})
		}
	}
	out = append(out, l.editExamples(m)...)
	for _, p := range m.Examples.Fixes {
		if fixed, _ := l.Fix(p[0]); fixed != p[1] {
			out = append(out, ExampleFailure{"fix", p[0], fmt.Sprintf("want %q, got %q", p[1], fixed)})
		}
	}
	return out
}

func (l *Linter) conversationExamples(m *rules.Meta) []ExampleFailure {
	var out []ExampleFailure
	for _, ex := range m.Examples.Hits {
		c, want, err := exampleConversation(ex)
		if err != nil {
			out = append(out, ExampleFailure{"hit", ex, err.Error()})
			continue
		}
		if len(want) == 0 {
			want = []int{-1}
		}
		if got := ruleTurns(l.CheckConversation(c), m.ID); !slices.Equal(got, want) {
			out = append(out, ExampleFailure{"hit", ex, fmt.Sprintf("want turns %s, got %s", showTurns(want), showTurns(got))})
		}
	}
	for _, ex := range m.Examples.NonHits {
		c, _, err := exampleConversation(ex)
		if err != nil {
			out = append(out, ExampleFailure{"non-hit", ex, err.Error()})
			continue
		}
		if got := ruleTurns(l.CheckConversation(c), m.ID); len(got) > 0 {
			out = append(out, ExampleFailure{"non-hit", ex, "flagged at turns " + showTurns(got)})
		}
	}
	return out
}

// exampleTurn is one line of a conversation example: a role, an optional
// time of day, and the text.
// It is read-only: a compiled pattern, safe for concurrent use and never reassigned.
var exampleTurn = regexp.MustCompile(`^([^（(：:]+?)\s*(?:[（(]\s*([0-9]{1,2}:[0-9]{2}(?::[0-9]{2})?)\s*[)）])?\s*[：:](.*)$`)

// exampleRole reads the role of an example's turn: one of the default role
// words of the chat input, standing alone.
func exampleRole(word string) (Role, bool) {
	agent, customer := transcript.DefaultRoleWords()
	switch {
	case slices.Contains(agent, word):
		return Agent, true
	case slices.Contains(customer, word):
		return Customer, true
	}
	return "", false
}

// exampleConversation reads a conversation example and the 0-based turns
// marked in it. Times have no date, as transcripts give them; the rules
// handle a reply after midnight.
func exampleConversation(ex string) (*Conversation, []int, error) {
	c := &Conversation{ID: "example"}
	var marked []int
	for i, line := range strings.Split(strings.TrimSpace(ex), "\n") {
		line = strings.TrimSpace(line)
		if s, ok := strings.CutPrefix(line, "⟦"); ok {
			if s, ok = strings.CutSuffix(s, "⟧"); ok {
				line = s
				marked = append(marked, i)
			}
		}
		m := exampleTurn.FindStringSubmatch(line)
		role, ok := Role(""), false
		if m != nil {
			role, ok = exampleRole(strings.ToLower(m[1]))
		}
		if !ok {
			return nil, nil, fmt.Errorf("line %d %q: want ROLE：text (客户 or 客服, with an optional time)", i+1, line)
		}
		msg := Message{ID: fmt.Sprintf("m%d", i+1), Role: role, Speaker: m[1], Text: m[3], Line: i + 1, Column: 1}
		if m[2] != "" {
			layout := "15:04:05"
			if strings.Count(m[2], ":") == 1 {
				layout = "15:04"
			}
			t, err := time.Parse(layout, m[2])
			if err != nil {
				return nil, nil, fmt.Errorf("line %d: %v", i+1, err)
			}
			msg.Time = t
		}
		c.Messages = append(c.Messages, msg)
	}
	return c, marked, nil
}

func ruleSpans(fs []Finding, rule string) []rules.Span {
	var out []rules.Span
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, rules.Span{Start: f.Start, End: f.End})
		}
	}
	return out
}

// ruleTurns lists the 0-based turns at which rule found something, -1 for
// the conversation as a whole.
func ruleTurns(fs []Finding, rule string) []int {
	var out []int
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, f.Turn-1)
		}
	}
	return out
}

// showSpans marks spans in text the way examples do, so that a failure
// reads like the example it is about.
func showSpans(text string, spans []rules.Span) string {
	rs := []rune(text)
	var b strings.Builder
	at := 0
	for _, s := range spans {
		if s.Start < at || s.End > len(rs) || s.Start > s.End {
			return fmt.Sprint(spans)
		}
		b.WriteString(string(rs[at:s.Start]) + "⟦" + string(rs[s.Start:s.End]) + "⟧")
		at = s.End
	}
	b.WriteString(string(rs[at:]))
	return b.String()
}

func showTurns(turns []int) string {
	if len(turns) == 0 {
		return "none"
	}
	var parts []string
	for _, t := range turns {
		if t < 0 {
			parts = append(parts, "the whole conversation")
		} else {
			parts = append(parts, fmt.Sprint(t+1))
		}
	}
	return strings.Join(parts, ", ")
}

// RunActExamples checks a speech act ([[act]]) against its own examples,
// which are single messages: each hit must hold the act (at each of its
// ⟦…⟧ spans, where some are marked), no non-hit may hold it, and each of
// the act's patterns must match one of the hits at least, so that every
// pattern is shown to earn its place. An act needs hits and non-hits.
func (l *Linter) RunActExamples(a *rules.Act) []ExampleFailure {
	var out []ExampleFailure
	ex := a.Examples
	if len(ex.Hits) == 0 || len(ex.NonHits) == 0 {
		out = append(out, ExampleFailure{Kind: "examples", Problem: fmt.Sprintf(
			"the act has %d hits and %d non-hits in its data; it needs both", len(ex.Hits), len(ex.NonHits))})
	}
	used := make([]bool, a.NumParts())
	for _, h := range ex.Hits {
		text, want := rules.ParseMarked(h)
		t := l.Prepare(text)
		got := a.Spans(t)
		switch {
		case len(got) == 0:
			out = append(out, ExampleFailure{"hit", h, "the act found nothing"})
		case !containsAll(got, want):
			out = append(out, ExampleFailure{"hit", h, fmt.Sprintf("want %s, got %s", showSpans(text, want), showSpans(text, got))})
		}
		for i := range a.NumParts() {
			used[i] = used[i] || len(a.PartSpans(t, i)) > 0
		}
	}
	for _, n := range ex.NonHits {
		if got := a.Spans(l.Prepare(n)); len(got) > 0 {
			out = append(out, ExampleFailure{"non-hit", n, "found " + showSpans(n, got)})
		}
	}
	for i, ok := range used {
		if !ok {
			out = append(out, ExampleFailure{Kind: "examples", Problem: fmt.Sprintf("pattern %q matches none of the act's hits", a.Sources[i])})
		}
	}
	return out
}

// containsAll reports whether every span of want is among got.
func containsAll(got, want []rules.Span) bool {
	for _, w := range want {
		if !slices.Contains(got, w) {
			return false
		}
	}
	return true
}
