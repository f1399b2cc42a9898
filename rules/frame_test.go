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

// TestFrameTests holds a frame after init, which asks only the predicates
// it sets and tells Before and After from the runes next to the match
// first, to the same frame before init, which asks every predicate in
// full: the same answer at every span of a few texts, with words at the
// text's edges and an empty word (which stands anywhere).
func TestFrameTests(t *testing.T) {
	ws := func(s string) [][]rune {
		var out [][]rune
		for _, w := range strings.Split(s, "|") {
			out = append(out, []rune(w))
		}
		return out
	}
	frames := []Frame{
		{},
		{Before: ws("尽最大|竭尽|如果|若")},
		{After: ws("的话|了")},
		{Before: ws("如果|"), After: ws("的话")},
		{After: ws("|吗")},
		{In: ws("可能性"), Later: ws("吗")},
		{Earlier: ws("我"), Question: true},
		{Before: ws("我"), BeforeRe: regexp.MustCompile(`我$`), AfterRe: regexp.MustCompile(`^吗`)},
		{NextPOS: []string{""}, Before: ws("大")},
	}
	texts := []string{"如果可能的话", "可能", "我们尽最大可能了", "可能性大吗？", "若可能吗", "我可能"}
	for k := range frames {
		plain := frames[k]
		inited := frames[k]
		inited.init(nil)
		for _, s := range texts {
			tx := text(s)
			for i := 0; i <= tx.Len(); i++ {
				for j := i; j <= tx.Len(); j++ {
					if got, want := inited.holds(tx, i, j, nil), plain.holds(tx, i, j, nil); got != want {
						t.Errorf("frame %d on %q [%d,%d): %v after init, %v before", k, s, i, j, got, want)
					}
				}
			}
		}
	}
}
