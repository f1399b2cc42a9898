package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
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

// TestNeedRanges holds the runes of which every match holds one, which
// artefacts and regexp exceptions test before running their regexps: the
// sets expected of a few shapes, and for each of them that no text
// without a rune of the set matches (a set that is too small would lose
// an artefact or an exception).
func TestNeedRanges(t *testing.T) {
	for _, c := range []struct {
		expr string
		need string // the runes of the set, "" for none told
	}{
		{`[A-Za-z0-9]{1,5}(?:[\-/][A-Za-z0-9]{1,5}){1,3}|[A-Z]{1,3}[0-9]{1,3}`, "-/0123456789"},
		{`\d{3}-\d{4}|\d{7,9}`, "-0123456789"},
		{`[a-z]{1,9}\.(?:com|cn)`, "."},
		{`(?:您好|你好)呀`, "呀"},
		{`[Oo]?\(\^\)`, "("},
		{`好的|[a-z]?`, ""},    // a branch that can match empty tells of nothing
		{`(?:ab)*c?`, ""},    // nothing is needed
		{`(?:ab){2,3}`, "a"}, // a repetition needs what one time of it needs
		{`[A-Z]{1,3}x{0,2}`, "ABCDEFGHIJKLMNOPQRSTUVWXYZ"},
	} {
		re, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		ranges, ok := needRanges(re.Simplify())
		var got []rune
		for i := 0; ok && i+1 < len(ranges); i += 2 {
			for r := ranges[i]; r <= ranges[i+1]; r++ {
				got = append(got, r)
			}
		}
		slices.Sort(got)
		got = slices.Compact(got)
		if string(got) != c.need {
			t.Errorf("needRanges(%s) = %q, want %q", c.expr, string(got), c.need)
		}
		if !ok {
			continue
		}
		set := newRuneSet(ranges)
		whole := regexp.MustCompile(`^(?:` + c.expr + `)$`)
		for _, s := range []string{"AB12", "ab-12", "A1", "123-4567", "12345678", "jd.com", "您好呀", "(^)", "o(^)", "abab", "Q", "Qxx"} {
			if !whole.MatchString(s) {
				continue
			}
			if !slices.ContainsFunc([]rune(s), set.has) {
				t.Errorf("%s matches %q, which holds none of the runes it needs, %q", c.expr, s, string(got))
			}
		}
	}
}
