package lint

import (
	"cmp"
	"slices"
	"unicode"
)

// maxFixPasses bounds how often Fix re-checks its own output. One pass is
// normally enough; a second catches a rewrite that only becomes visible once
// a neighbour is fixed. The bound keeps a pack whose fix re-creates its own
// match (fix = the term itself) from looping forever.
const maxFixPasses = 4

// Fix applies every safe rewrite to a draft reply (你→您, 你好→您好, OK→好的 …)
// and returns the corrected text with the findings that remain in it.
// Findings whose rewrite needs judgement (可能 → a concrete time) are never
// guessed: they come back in remaining, their offsets pointing into fixed.
// Fixing fixed again changes nothing.
func (l *Linter) Fix(text string) (fixed string, remaining []Finding) {
	// The passes see every finding, not the first MaxMessageFindings, so
	// that fixing is done in one call and fixing again changes nothing.
	c := draft(text)
	remaining = l.check(c, 0)
	for range maxFixPasses {
		next, _ := ApplyFixes(c.Messages[0].Text, remaining)
		if next == c.Messages[0].Text {
			break
		}
		c = draft(next)
		remaining = l.check(c, 0)
	}
	if len(remaining) > MaxMessageFindings {
		remaining = append(remaining[:MaxMessageFindings], l.capFinding(c, 0))
	}
	return c.Messages[0].Text, remaining
}

// FixConversation applies the safe rewrites to every agent message of c and
// returns a copy of c with the corrected texts, and the findings that remain
// in the copy. Customer messages are never changed. Positions of the copy's
// messages in the original file no longer hold once a message has changed,
// so such a message loses its line and column.
func (l *Linter) FixConversation(c *Conversation) (*Conversation, []Finding) {
	out := *c
	out.Messages = slices.Clone(c.Messages)
	for i := range out.Messages {
		m := &out.Messages[i]
		if m.Role == Customer {
			continue
		}
		fixed, _ := l.Fix(m.Text)
		if fixed != m.Text {
			m.Text = fixed
			m.Line, m.Column, m.Verbatim = 0, 0, false
		}
	}
	return &out, l.CheckConversation(&out)
}

// ApplyFixes rewrites text with the safe fixes among fs, which must be
// findings in text itself (one message: CheckText's findings, or one
// message's findings of CheckConversation). Where fixable findings overlap,
// the one starting first wins, and of those the longer (你好 over 你). It
// returns the new text and how many rewrites it made.
//
// A Chinese rewrite of a Latin word that ends with what already follows
// the match absorbs it, so that OK的 becomes 好的 and not 好的的, YES的
// becomes 是的. A Chinese match never absorbs: 你好好休息 is 您好好休息.
func ApplyFixes(text string, fs []Finding) (string, int) {
	var todo []Finding
	for _, f := range fs {
		if f.HasSpan && f.Fix != "" && f.Start < f.End {
			todo = append(todo, f)
		}
	}
	if len(todo) == 0 {
		return text, 0
	}
	slices.SortFunc(todo, func(a, b Finding) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	rs := []rune(text)
	type edit struct {
		start, end int
		with       []rune
	}
	var edits []edit
	for _, f := range todo {
		if f.End > len(rs) || len(edits) > 0 && f.Start < edits[len(edits)-1].end {
			continue
		}
		edits = append(edits, edit{f.Start, f.End, []rune(f.Fix)})
	}
	for i := range edits {
		e := &edits[i]
		limit := len(rs)
		if i+1 < len(edits) {
			limit = edits[i+1].start
		}
		if !slices.ContainsFunc(rs[e.start:e.end], isHan) {
			e.end += overlap(e.with, rs[e.end:limit])
		}
	}
	// One pass left to right into a new slice: replacing in place would
	// shift the tail once per edit that changes the length (quadratic).
	out := make([]rune, 0, len(rs)+len(rs)/8)
	at := 0
	for _, e := range edits {
		out = append(append(out, rs[at:e.start]...), e.with...)
		at = e.end
	}
	return string(append(out, rs[at:]...)), len(edits)
}

func isHan(r rune) bool { return unicode.Is(unicode.Han, r) }

// overlap returns the length of the longest proper suffix of with that
// next begins with.
func overlap(with, next []rune) int {
	for k := min(len(with)-1, len(next)); k > 0; k-- {
		if slices.Equal(with[len(with)-k:], next[:k]) {
			return k
		}
	}
	return 0
}
