package rules

import (
	"strings"
	"testing"
)

// TestFrameLooksBounded checks that the word predicates of a frame look
// back or ahead no further than LookWindow runes: within it they see what
// they always saw, beyond it a clause without a break stops the look, so
// that no candidate's work grows with its clause.
func TestFrameLooksBounded(t *testing.T) {
	words := func(ws ...string) [][]rune {
		out := make([][]rune, len(ws))
		for i, w := range ws {
			out[i] = []rune(w)
		}
		return out
	}
	gap := func(n int) string { return strings.Repeat("也", n) }
	for _, tc := range []struct {
		name, before, after string
		subject, person     bool
		question            bool
	}{
		{name: "near", before: "我" + gap(3), after: "登录吗", subject: true, person: true, question: true},
		{name: "at the window", before: "我" + gap(LookWindow-1), after: gap(LookWindow-1) + "吗", subject: true, person: true, question: true},
		{name: "past the window", before: "我" + gap(LookWindow), after: gap(LookWindow) + "吗"},
		{name: "a break first", before: "我，" + gap(2), after: "，" + gap(2) + "吗"},
		{name: "question mark after spaces", before: gap(2), after: "   ？", question: true},
		{name: "question mark past a run of spaces", before: gap(2), after: strings.Repeat(" ", LookWindow+1) + "？"},
	} {
		s := len([]rune(tc.before))
		tx := text(tc.before + "不能" + tc.after)
		if got := tx.HasSubject(s, words("我"), words("也")); got != tc.subject {
			t.Errorf("%s: HasSubject = %v, want %v", tc.name, got, tc.subject)
		}
		w, got := tx.NearestPerson(s, words("我"), words("您"))
		if got != tc.person || got && string(w) != "我" {
			t.Errorf("%s: NearestPerson = %q, %v, want 我, %v", tc.name, string(w), got, tc.person)
		}
		if got := tx.Question(s + 2); got != tc.question {
			t.Errorf("%s: Question = %v, want %v", tc.name, got, tc.question)
		}
	}
}
