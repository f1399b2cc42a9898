package rules

import (
	"maps"
	"math/bits"
	"slices"
)

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
	// Written matches the terms on the text as written, before spelling
	// variants (Text.Written): the slang rule bans 肿么 itself, which every
	// other rule reads as 怎么.
	Written bool
}

// Check runs the lexicon on its own. The engine normally runs every lexicon
// through one LexiconSet instead, which scans the text once.
func (l *Lexicon) Check(t *Text, emit func(Hit)) {
	NewLexiconSet([]*Lexicon{l}).Check(t, emit)
}

// LexiconSet scans a text once for the terms of many lexicon rules.
//
// The terms live in a trie laid out flat, children of a node contiguous and
// sorted by rune, so the scan looks runes up without maps or pointers. A
// bitset of the runes up to U+FFFF that begin a term lets the scan skip
// every other position with one load: most runes of a reply begin no term.
type LexiconSet struct {
	first bmpSet // the runes up to U+FFFF that begin a term
	// rank[w] counts the runes of first in its words before w. The root's
	// children along those runes come first among its children, in order,
	// so the child along a rune of first is found from its rank: a
	// table of the root's child for each of 65,536 runes (256 KB, built
	// at every start) cost a cache line at nearly every candidate, some
	// 14 a short reply in a cold cache.
	rank [len(bmpSet{})]uint16
	// above: some term begins with a rune above U+FFFF (searched for).
	above  bool
	nodes  []lexNode // nodes[0] is the root
	labels []rune    // edge labels; a node's edges are labels[kids:kidsEnd]
	refs   []termRef // terms ending at a node, refs[ends:endsEnd]
}

type lexNode struct {
	kids, kidsEnd int32 // children are nodes kids…kidsEnd-1, their edges labels[kids…]
	ends, endsEnd int32
}

// termRef is a term that ends at a node, with what emitEnds asks of
// every match before its condition: whether the term repeats and whether
// its rule reads the text as written (copied here, so that a match that
// fails reads neither the term's last line nor its rule's).
type termRef struct {
	rule            *Lexicon
	term            *Term
	repeat, written bool
}

// buildNode is the trie while it is being built.
type buildNode struct {
	next map[rune]*buildNode
	ends []termRef
}

// NewLexiconSet builds the shared matcher for the given rules.
func NewLexiconSet(ls []*Lexicon) *LexiconSet {
	root := &buildNode{}
	pf := NewPrefilters() // the terms of a rule share their conditions' regexps
	set := &LexiconSet{}
	for _, l := range ls {
		for i := range l.Terms {
			term := &l.Terms[i]
			term.Cond.Init(pf)
			root.insert(term.Text, termRef{l, term, term.Repeat, l.Written})
			switch {
			case len(term.Text) == 0:
			case uint32(term.Text[0]) <= 0xFFFF:
				set.first.add(term.Text[0])
			default:
				set.above = true
			}
		}
	}
	set.layOut(root)
	set.indexRoot()
	return set
}

// insert adds the term ref ends with along text.
func (n *buildNode) insert(text []rune, ref termRef) {
	for _, r := range text {
		if n.next == nil {
			n.next = make(map[rune]*buildNode)
		}
		child := n.next[r]
		if child == nil {
			child = &buildNode{}
			n.next[r] = child
		}
		n = child
	}
	n.ends = append(n.ends, ref)
}

// layOut lays the trie out breadth first: a node's children get
// consecutive indexes, and labels[c] is the edge into node c.
func (ls *LexiconSet) layOut(root *buildNode) {
	queue := []*buildNode{root}
	ls.nodes = []lexNode{{}}
	ls.labels = []rune{0}
	for at := 0; at < len(queue); at++ {
		b := queue[at]
		var n lexNode
		n.ends = int32(len(ls.refs))
		ls.refs = append(ls.refs, b.ends...)
		n.endsEnd = int32(len(ls.refs))
		keys := slices.Sorted(maps.Keys(b.next))
		n.kids = int32(len(queue))
		for _, r := range keys {
			queue = append(queue, b.next[r])
			ls.labels = append(ls.labels, r)
			ls.nodes = append(ls.nodes, lexNode{})
		}
		n.kidsEnd = int32(len(queue))
		ls.nodes[at] = n
	}
}

// indexRoot fills rank.
func (ls *LexiconSet) indexRoot() {
	n := 0
	for w, word := range ls.first {
		ls.rank[w] = uint16(n)
		n += bits.OnesCount64(word)
	}
}

// child returns the child of node n along r, or -1.
func (ls *LexiconSet) child(n int32, r rune) int32 {
	lo, end := ls.nodes[n].kids, ls.nodes[n].kidsEnd
	// Binary search down to a few candidates, then a short linear scan.
	hi := end
	for hi-lo > 8 {
		mid := int32(uint32(lo+hi) >> 1)
		if ls.labels[mid] < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for ; lo < end; lo++ {
		if ls.labels[lo] >= r {
			if ls.labels[lo] == r {
				return lo
			}
			return -1
		}
	}
	return -1
}

// mayStart reports whether some term may begin with r.
func (ls *LexiconSet) mayStart(r rune) bool {
	return uint32(r) <= 0xFFFF && ls.first.has(r) || uint32(r) > 0xFFFF && ls.above
}

// Check emits every accepted match of every term, in order of position.
// Where a spelling variant was written over the text, the rules that read
// the text as written match Text.Written there instead of Norm.
func (ls *LexiconSet) Check(t *Text, emit func(Hit)) {
	var runs, writtenRuns repeatRuns // see bounded.go
	if t.Written == nil && !t.full {
		// The common case: one view, the offsets where a term may begin.
		for i := ls.nextStart(t.Norm, 0); i < len(t.Norm); i = ls.nextStart(t.Norm, i+1) {
			ls.walk(t, t.Norm, false, i, &runs, emit)
		}
		return
	}
	// Both views, at each offset Norm's matches first; or on the full path
	// every offset.
	all := t.full
	for i, r := range t.Norm {
		if all || ls.mayStart(r) {
			ls.walk(t, t.Norm, false, i, &runs, emit)
		}
		if t.Written != nil && (all || ls.mayStart(t.Written[i])) {
			ls.walk(t, t.Written, true, i, &writtenRuns, emit)
		}
	}
}

// nextStart returns the first offset from i of a rune some term may begin
// with, or len(src). Most runes begin none: they are passed over here, on
// the bitset, in a loop that keeps its state in registers.
func (ls *LexiconSet) nextStart(src []rune, i int) int {
	for ; i < len(src); i++ {
		// mayStart, written out with the rare case apart: one test of the
		// bitset for the runes up to U+FFFF.
		if r := src[i]; uint32(r) <= 0xFFFF {
			if ls.first.has(r) {
				return i
			}
		} else if ls.above {
			return i
		}
	}
	return len(src)
}

// walk emits the matches of the terms that start at i in src, Norm or
// (written) Text.Written. A match over a respelt rune is kept only from
// the view its rule reads; elsewhere the views agree and Norm's is kept.
func (ls *LexiconSet) walk(t *Text, src []rune, written bool, i int, runs *repeatRuns, emit func(Hit)) {
	for j, n := i, ls.rootChild(src[i]); n >= 0; {
		node := &ls.nodes[n]
		if node.ends < node.endsEnd {
			ls.emitEnds(t, src, written, i, j+1, node, runs, emit)
		}
		// A leaf (most terms end in one) has no child to look for.
		if j++; j == len(src) || node.kids == node.kidsEnd {
			break
		}
		n = ls.child(n, src[j])
	}
}

// rootChild returns the root's child along r, or -1: for a rune up to
// U+FFFF from its rank in first, without a search.
func (ls *LexiconSet) rootChild(r rune) int32 {
	if uint32(r) > 0xFFFF {
		if !ls.above {
			return -1
		}
		return ls.child(0, r)
	}
	w, bit := r>>6, uint64(1)<<(r&63)
	word := ls.first[w]
	if word&bit == 0 {
		return -1
	}
	return ls.nodes[0].kids + int32(ls.rank[w]) + int32(bits.OnesCount64(word&(bit-1)))
}

// emitEnds emits the accepted matches [i,e) of the terms that end at node.
func (ls *LexiconSet) emitEnds(t *Text, src []rune, written bool, i, end int, node *lexNode, runs *repeatRuns, emit func(Hit)) {
	for k := node.ends; k < node.endsEnd; k++ {
		ref := &ls.refs[k]
		e := end
		if ref.repeat {
			// A run is judged as a whole: 喂喂 stands alone though 喂 does not.
			e = runs.extend(ref.term, src, i, e)
		}
		if respelt := t.respelt(i, e); written && (!ref.written || !respelt) || !written && ref.written && respelt {
			continue
		}
		c := &ref.term.Cond
		if !c.Accept(t, i, e) {
			continue
		}
		start := i
		if len(c.Need.Subject) > 0 {
			// A refusal is shown with who refuses: 我们这边暂时不能.
			start, _ = t.SubjectAt(i, c.Need.Subject, c.Need.SubjectGap)
		}
		emit(Hit{Start: start, End: e, Rule: &ref.rule.Meta, Fix: ref.term.Fix})
	}
}

// extendRepeat grows [s,e) over immediate repeats of the matched term, and
// over repeats of its last rune when the term is one rune said again (呵呵呵).
func extendRepeat(norm []rune, s, e int) int {
	unit := norm[s:e]
	for e+len(unit) <= len(norm) && slices.Equal(norm[e:e+len(unit)], unit) {
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
