package rules

import (
	"regexp"
	"unicode/utf8"
)

// Pattern is the rule kind for phrases with a shape rather than a fixed
// spelling: 我/我们 + 不能/不会/做不了, four capitals in a row, !!.
type Pattern struct {
	Meta
	Re   *regexp.Regexp
	Cond Cond
	// CaseSensitive runs Re on Fold (letter case kept) instead of Norm.
	CaseSensitive bool
	// Allow lists whole matches that are not hits (VIP, NFC for shouting),
	// compared as written in Fold.
	Allow map[string]bool
}

// Check emits every accepted match.
func (p *Pattern) Check(t *Text, emit func(Hit)) {
	src := t.Norm
	if p.CaseSensitive {
		src = t.Fold
	}
	s := string(src)
	// Byte offsets from the regexp become rune offsets by counting as we go.
	byteAt, runeAt := 0, 0
	for _, m := range p.Re.FindAllStringIndex(s, -1) {
		runeAt += utf8.RuneCountInString(s[byteAt:m[0]])
		start := runeAt
		runeAt += utf8.RuneCountInString(s[m[0]:m[1]])
		byteAt = m[1]
		if p.Allow[s[m[0]:m[1]]] || !p.Cond.Accept(t, start, runeAt) {
			continue
		}
		emit(Hit{Start: start, End: runeAt, Rule: &p.Meta})
	}
}

// Ratio is the rule kind for a reply that leans on one word much more than
// on others: 我 against 您/我们/咱们 (self-focus).
type Ratio struct {
	Meta
	Count   []string // counted words (我)
	NotIn   []string // longer words whose share of Count is taken back (我们, 我司)
	Against []string // words that balance Count (您, 我们, 咱们)
	Min     int      // at least this many counted words
	Factor  float64  // and more than Factor × the balancing ones
}

// Check emits one span-less finding when the reply is out of balance.
func (r *Ratio) Check(t *Text, emit func(Hit)) {
	n := countAll(t.Norm, r.Count) - countAll(t.Norm, r.NotIn)
	against := countAll(t.Norm, r.Against)
	if n >= r.Min && float64(n) > r.Factor*float64(against) {
		emit(Hit{Rule: &r.Meta, NoSpan: true})
	}
}

func countAll(text []rune, words []string) int {
	n := 0
	for _, w := range words {
		wr := []rune(w)
		for i := 0; i+len(wr) <= len(text); i++ {
			if equalRunes(text[i:i+len(wr)], wr) {
				n++
			}
		}
	}
	return n
}

// Length is the rule kind for an overlong reply.
type Length struct {
	Meta
	Max int // characters, not counting white space
}

// Check emits one span-less finding when the reply is longer than Max.
func (l *Length) Check(t *Text, emit func(Hit)) {
	n := 0
	for _, r := range t.Norm {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' {
			n++
		}
	}
	if n > l.Max {
		emit(Hit{Rule: &l.Meta, NoSpan: true})
	}
}
