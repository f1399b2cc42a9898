package rules_test

import (
	"math/rand/v2"
	"regexp"
	"testing"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// TestCatalogueEditsAsRegexp holds Offered, for every declared edit of the
// built-in catalogue with a context regexp, to the same edit unprepared
// (its regexps run on the window as a string): on the rules' example texts
// and on random texts made of pieces of them, the regexps' own runes, line
// breaks and invalid runes, for matches of every short span and for those
// that reach the text's ends, so that windows are empty, cut by a line or
// by editContext, or reach offset 0 and the end.
func TestCatalogueEditsAsRegexp(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	type spec struct {
		id        string
		fast      *rules.EditSpec
		plain     rules.EditSpec
		yes, nots int
	}
	var specs []*spec
	var texts [][]rune
	for _, r := range l.Rules() {
		m := r.Info()
		for _, ex := range append(append([]string{}, m.Examples.Hits...), m.Examples.NonHits...) {
			s, _ := rules.ParseMarked(ex)
			texts = append(texts, []rune(s))
		}
		for _, f := range m.Examples.Fixes {
			texts = append(texts, []rune(f[0]), []rune(f[1]))
		}
		for i := range m.Edits {
			e := &m.Edits[i]
			if e.BeforeRe == nil && e.AfterRe == nil {
				continue
			}
			if !rules.EditPrepared(e) {
				t.Fatalf("%s: edit %q is not prepared", m.ID, e.Text)
			}
			specs = append(specs, &spec{id: m.ID, fast: e, plain: rules.EditSpec{Text: e.Text, BeforeRe: e.BeforeRe, AfterRe: e.AfterRe}})
		}
	}
	if len(specs) < 5 {
		t.Fatalf("%d edits with a context regexp: want the catalogue's", len(specs))
	}
	fillers := []rune("们的，,。！？；;.!? \t\n\n今天明天后天下周本周一二两三几半0９您先生女士\uFFFD\U0001F600")
	fillers = append(fillers, 0xD800, -1, 0x110000) // invalid: read as U+FFFD
	rng := rand.New(rand.NewPCG(14, 16))
	for range 3000 {
		texts = append(texts, randomPieces(rng, texts, fillers))
	}
	for _, s := range texts {
		for start := 0; start <= len(s); start++ {
			for end := start; end <= len(s); end++ {
				if end-start > 3 && start > 0 && end < len(s) {
					continue
				}
				for _, sp := range specs {
					got, want := sp.fast.Offered(s, start, end), sp.plain.Offered(s, start, end)
					if got != want {
						t.Fatalf("%s: edit %q for [%d,%d) of %q: offered %v, the regexps say %v", sp.id, sp.fast.Text, start, end, string(s), got, want)
					}
					if want {
						sp.yes++
					} else {
						sp.nots++
					}
				}
			}
		}
	}
	for _, sp := range specs {
		if sp.yes == 0 || sp.nots == 0 {
			t.Errorf("%s: edit %q offered %d times, refused %d: the texts do not try both answers", sp.id, sp.fast.Text, sp.yes, sp.nots)
		}
	}
}

// randomPieces strings together pieces of texts and single fillers, up to
// about three edit contexts long.
func randomPieces(rng *rand.Rand, texts [][]rune, fillers []rune) []rune {
	var s []rune
	for range rng.IntN(12) {
		if rng.IntN(10) < 6 {
			t := texts[rng.IntN(len(texts))]
			i := rng.IntN(len(t) + 1)
			s = append(s, t[i:min(len(t), i+1+rng.IntN(8))]...)
		} else {
			s = append(s, fillers[rng.IntN(len(fillers))])
		}
	}
	return s
}

// TestEditOfferedUnanchored: a pack's regexp that already starts with ^ or
// ends with $ is taken as written (dict's anchorExpr), so one branch of it
// may match anywhere in the window; Offered still answers as the regexp.
func TestEditOfferedUnanchored(t *testing.T) {
	for _, c := range []struct {
		e    rules.EditSpec
		text string
		want bool
	}{
		{rules.EditSpec{AfterRe: regexp.MustCompile(`^a|b`)}, "Mxxb", true},
		{rules.EditSpec{AfterRe: regexp.MustCompile(`^a|b`)}, "Mxx", false},
		{rules.EditSpec{BeforeRe: regexp.MustCompile(`a$|b`)}, "bxxM", true},
		{rules.EditSpec{BeforeRe: regexp.MustCompile(`a$|b`)}, "axxM", false},
	} {
		c.e.Init()
		s := []rune(c.text)
		at := len(s) - 1
		if c.e.AfterRe != nil {
			at = 0
		}
		if got := c.e.Offered(s, at, at+1); got != c.want {
			t.Errorf("%v / %v on %q: offered %v, want %v", c.e.BeforeRe, c.e.AfterRe, c.text, got, c.want)
		}
	}
}
