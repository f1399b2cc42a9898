package lint

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"github.com/replylint/replylint/rules"
)

// editsFor appends to dst the edits a hit offers in orig, the message
// text: the safe rewrite first (the rule's or the term's fix), then the
// rule's declared edits whose context conditions hold there. Their ids are
// the finding's to give (Finding.setStrings).
func editsFor(dst []Edit, h rules.Hit, orig []rune) []Edit {
	if fix := h.Replacement(); fix != "" && h.Start < h.End {
		dst = append(dst, safeEdit(h.Start, h.End, fix, orig))
	}
	for _, d := range h.Rule.Edits {
		if !d.Offered(orig, h.Start, h.End) {
			continue
		}
		e := Edit{Start: h.Start, End: h.End, Text: d.Text}
		if d.Text == "" {
			e.Start, e.End = deletionSpan(orig, h.Start, h.End)
		}
		dst = append(dst, e)
	}
	return dst
}

// safeEdit is the rewrite `fix` makes of orig[start:end]. A Chinese
// rewrite of a Latin word that ends with what already follows the match
// absorbs it, so that OK的 becomes 好的 and not 好的的, YES的 becomes 是的. A
// Chinese match never absorbs: 你好好休息 is 您好好休息.
func safeEdit(start, end int, fix string, orig []rune) Edit {
	e := Edit{Start: start, End: end, Text: fix, Safe: true}
	if end <= len(orig) && !slices.ContainsFunc(orig[start:end], isHan) {
		e.End += overlap([]rune(fix), orig[end:])
	}
	return e
}

// softStop is punctuation that joins clauses; deleting the words before it
// at the start of a clause takes it along (呵呵，您好 → 您好).
func softStop(r rune) bool { return strings.ContainsRune("，,、～~ 　", r) }

// hardStop ends a sentence.
func hardStop(r rune) bool { return strings.ContainsRune("。！？!?.…；;\n", r) }

// deletionSpan widens the deletion of orig[start:end] over the punctuation
// it leaves dangling: a comma after words that opened a clause, or a comma
// before words that closed one (好的，呵呵。→ 好的。).
func deletionSpan(orig []rune, start, end int) (int, int) {
	opens := start == 0 || softStop(orig[start-1]) || hardStop(orig[start-1])
	if opens && end < len(orig) && softStop(orig[end]) {
		for end < len(orig) && softStop(orig[end]) {
			end++
		}
		return start, end
	}
	if end == len(orig) || hardStop(orig[end]) {
		for start > 0 && softStop(orig[start-1]) {
			start--
		}
	}
	return start, end
}

// ApplyEdits applies edits to text, whose code points their offsets count.
// Where edits overlap, the one starting first wins, and of those the
// longer; an edit out of range is left out. It returns the new text and how
// many edits it made.
func ApplyEdits(text string, edits []Edit) (string, int) {
	if len(edits) == 0 {
		return text, 0
	}
	todo := slices.Clone(edits)
	slices.SortFunc(todo, func(a, b Edit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	rs := []rune(text)
	kept := todo[:0]
	for _, e := range todo {
		if e.Start < 0 || e.Start > e.End || e.End > len(rs) || len(kept) > 0 && e.Start < kept[len(kept)-1].End {
			continue
		}
		kept = append(kept, e)
	}
	// One pass left to right into a new slice: replacing in place would
	// shift the tail once per edit that changes the length (quadratic).
	out := make([]rune, 0, len(rs)+len(rs)/8)
	at := 0
	for _, e := range kept {
		out = append(append(out, rs[at:e.Start]...), []rune(e.Text)...)
		at = e.End
	}
	return string(append(out, rs[at:]...)), len(kept)
}

// SelectEdits picks from fs the edits to apply: every safe one, and those
// whose ids are in ids. It returns the ids not found among fs, so that a
// caller can say which were stale.
func SelectEdits(fs []Finding, ids []string) (edits []Edit, unknown []string) {
	want := map[string]bool{}
	for _, id := range ids {
		want[id] = true
	}
	for _, f := range fs {
		for _, e := range f.Edits {
			if e.Safe || want[e.ID] {
				edits = append(edits, e)
				delete(want, e.ID)
			}
		}
	}
	for _, id := range ids {
		if want[id] {
			unknown = append(unknown, id)
		}
	}
	return edits, unknown
}

// editExamples applies every edit the rule offers on each of its hit
// examples, one at a time, and checks the outcome: the rule no longer
// flags the edited words, and no finding appears that was not there.
func (l *Linter) editExamples(m *rules.Meta) []ExampleFailure {
	var out []ExampleFailure
	for _, ex := range m.Examples.Hits {
		text, _ := rules.ParseMarked(ex)
		before := l.CheckText(text)
		for _, f := range before {
			if f.Rule != m.ID {
				continue
			}
			for _, e := range f.Edits {
				if p := l.editProblem(text, before, f, e); p != "" {
					out = append(out, ExampleFailure{"edit", ex, fmt.Sprintf("edit %s (“%s”→“%s”): %s", e.ID, f.Match, e.Text, p)})
				}
			}
		}
	}
	return out
}

// editProblem says what is wrong with applying e of f to text, or "".
func (l *Linter) editProblem(text string, before []Finding, f Finding, e Edit) string {
	edited, n := ApplyEdits(text, []Edit{e})
	if n != 1 {
		return "the edit does not apply"
	}
	left := findingCounts(before)
	left[findingKey{f.Rule, f.Match}]--
	for _, g := range l.CheckText(edited) {
		k := findingKey{g.Rule, g.Match}
		if left[k] <= 0 {
			return fmt.Sprintf("%q is flagged by %s at “%s”", edited, g.Rule, g.Match)
		}
		left[k]--
	}
	return ""
}

type findingKey struct{ rule, match string }

func findingCounts(fs []Finding) map[findingKey]int {
	m := map[findingKey]int{}
	for _, f := range fs {
		m[findingKey{f.Rule, f.Match}]++
	}
	return m
}
