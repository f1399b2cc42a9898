package lint

import (
	"strings"
	"unicode"

	"golang.org/x/text/width"
)

// Normalizer maps each rune of a message to the form rules match against,
// one rune for one rune, so offsets found in the normal form are offsets in
// what the user wrote.
type Normalizer struct {
	t2s map[rune]rune
}

// NewNormalizer reads the traditional→simplified table ("繁 简" lines).
func NewNormalizer(t2sTable string) *Normalizer {
	n := &Normalizer{t2s: make(map[rune]rune, 4096)}
	for line := range strings.Lines(t2sTable) {
		f := []rune(strings.TrimSpace(line))
		if len(f) == 3 && f[1] == ' ' {
			n.t2s[f[0]] = f[2]
		}
	}
	return n
}

// Fold returns the half-width, simplified form of s with letter case kept,
// and the same with letters lowered.
func (n *Normalizer) Fold(orig []rune) (fold, lower []rune) {
	fold = make([]rune, len(orig))
	lower = make([]rune, len(orig))
	for i, r := range orig {
		f := n.rune(r)
		fold[i] = f
		lower[i] = unicode.ToLower(f)
	}
	return fold, lower
}

func (n *Normalizer) rune(r rune) rune {
	if r >= 0xFF00 || r == 0x3000 {
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
	}
	if s, ok := n.t2s[r]; ok {
		return s
	}
	return r
}

// Term normalises a word from the catalogue or a config the way message
// text is normalised (lower case).
func (n *Normalizer) Term(s string) []rune {
	_, lower := n.Fold([]rune(s))
	return lower
}
