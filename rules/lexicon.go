package rules

// Term is one banned word or phrase of a lexicon rule, already normalised
// (half-width, lower case, simplified).
type Term struct {
	Text []rune
	Cond Cond
	// Fix is this term's safe replacement (你好 → 您好); "" uses the rule's.
	Fix string
	// Repeat makes a run of the term one hit (呵呵呵呵, 哦哦).
	Repeat bool
}

// Lexicon is the rule kind for banned words: a list of terms, each with the
// exceptions that keep its innocent senses out.
type Lexicon struct {
	Meta
	Terms []Term
}

// Check runs the lexicon on its own. The engine normally runs every lexicon
// through one LexiconSet instead, which scans the text once.
func (l *Lexicon) Check(t *Text, emit func(Hit)) {
	NewLexiconSet([]*Lexicon{l}).Check(t, emit)
}

// LexiconSet scans a text once for the terms of many lexicon rules.
type LexiconSet struct {
	root *trieNode
}

type trieNode struct {
	next map[rune]*trieNode
	ends []termRef
}

type termRef struct {
	rule *Lexicon
	term *Term
}

// NewLexiconSet builds the shared matcher for the given rules.
func NewLexiconSet(ls []*Lexicon) *LexiconSet {
	root := &trieNode{}
	for _, l := range ls {
		for i := range l.Terms {
			term := &l.Terms[i]
			n := root
			for _, r := range term.Text {
				if n.next == nil {
					n.next = make(map[rune]*trieNode)
				}
				child := n.next[r]
				if child == nil {
					child = &trieNode{}
					n.next[r] = child
				}
				n = child
			}
			n.ends = append(n.ends, termRef{l, term})
		}
	}
	return &LexiconSet{root: root}
}

// Check emits every accepted match of every term, in order of position.
func (ls *LexiconSet) Check(t *Text, emit func(Hit)) {
	norm := t.Norm
	for i := range norm {
		n := ls.root
		for j := i; j < len(norm); j++ {
			n = n.next[norm[j]]
			if n == nil {
				break
			}
			for _, ref := range n.ends {
				e := j + 1
				if ref.term.Repeat {
					// A run is judged as a whole: 喂喂 stands alone though 喂 does not.
					e = extendRepeat(norm, i, e)
				}
				if !ref.term.Cond.Accept(t, i, e) {
					continue
				}
				emit(Hit{Start: i, End: e, Rule: &ref.rule.Meta, Fix: ref.term.Fix})
			}
		}
	}
}

// extendRepeat grows [s,e) over immediate repeats of the matched term, and
// over repeats of its last rune when the term is one rune said again (呵呵呵).
func extendRepeat(norm []rune, s, e int) int {
	unit := norm[s:e]
	for e+len(unit) <= len(norm) && equalRunes(norm[e:e+len(unit)], unit) {
		e += len(unit)
	}
	last := unit[len(unit)-1]
	single := true
	for _, r := range unit {
		single = single && r == last
	}
	for single && e < len(norm) && norm[e] == last {
		e++
	}
	return e
}

func equalRunes(a, b []rune) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
