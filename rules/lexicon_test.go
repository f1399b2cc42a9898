package rules

import "testing"

// TestLexiconRootChild holds the root's child that rootChild finds from a
// rune's rank among the first runes to the one a search of the root's
// children finds, for every rune up to U+FFFF and for runes above it,
// some of which share their low 16 bits with a first rune below.
func TestLexiconRootChild(t *testing.T) {
	var terms []Term
	for _, w := range []string{"a", "ab", "你", "你好", "\U0001F600", "\U0002F80F好", "\u4e00", "\uffff", "\U00014E00"} {
		terms = append(terms, Term{Text: []rune(w)})
	}
	ls := NewLexiconSet([]*Lexicon{{Terms: terms}})
	check := func(r rune) {
		if got, want := ls.rootChild(r), ls.child(0, r); got != want {
			t.Fatalf("rootChild(%U) = %d, want %d", r, got, want)
		}
		if ls.child(0, r) >= 0 && !ls.mayStart(r) {
			t.Fatalf("mayStart(%U) = false, but a term begins with it", r)
		}
	}
	for r := rune(0); r <= 0xFFFF; r++ {
		check(r)
	}
	for _, r := range []rune{0x1F600, 0x2F80F, 0x14E00, 0x1FFFF, 0x10000, 0x10FFFF, -1} {
		check(r)
	}
}
