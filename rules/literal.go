package rules

import (
	"math"
	"regexp/syntax"
)

// Most of a speech act's alternatives are a handful of words (投诉, 举报,
// (骗子|骗人|…), 第(二|三|…)次): a finite set of strings. Running a small
// anchored regexp for each at every rune they can begin with was most of a
// batch's cue walk. For such an alternative the anchored match is known
// without a regexp: leftmost-first, a backtracker tries the choices of an
// alternation in order and those of a concatenation left to right, so the
// match at an offset is the first string, in that order, that the text
// holds there. litTrie holds the strings of every such alternative of a
// Pattern with their rank, and one walk down it from an offset finds the
// best-ranked string the text holds there.

// maxLits is the most strings an alternative may expand to for the trie to
// hold it; beyond that it keeps its regexp.
const maxLits = 512

// expandLits returns the strings re matches, in the order a backtracker
// prefers them, or ok false when re is not a small finite set of strings
// (a repetition, a class of many runes, case folding, an assertion).
func expandLits(re *syntax.Regexp) (out [][]rune, ok bool) {
	switch re.Op {
	case syntax.OpEmptyMatch:
		return [][]rune{nil}, true
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return nil, false
		}
		return [][]rune{re.Rune}, true
	case syntax.OpCharClass:
		return classLits(re.Rune)
	case syntax.OpCapture:
		return expandLits(re.Sub[0])
	case syntax.OpQuest:
		sub, ok := expandLits(re.Sub[0])
		if !ok || len(sub) >= maxLits {
			return nil, false
		}
		if re.Flags&syntax.NonGreedy != 0 {
			return append([][]rune{nil}, sub...), true
		}
		return append(sub, nil), true
	case syntax.OpAlternate:
		for _, s := range re.Sub {
			sub, ok := expandLits(s)
			if !ok || len(out)+len(sub) > maxLits {
				return nil, false
			}
			out = append(out, sub...)
		}
		return out, true
	case syntax.OpConcat:
		out = [][]rune{nil}
		for _, s := range re.Sub {
			sub, ok := expandLits(s)
			if !ok || len(out)*len(sub) > maxLits {
				return nil, false
			}
			out = concatLits(out, sub)
		}
		return out, true
	}
	return nil, false
}

// classLits returns the runes of a small class, one string each. Their
// order does not matter: each is one rune long, so at most one of them
// stands at an offset.
func classLits(ranges []rune) ([][]rune, bool) {
	if rangeCount(ranges) > 16 {
		return nil, false
	}
	var out [][]rune
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			out = append(out, []rune{r})
		}
	}
	return out, true
}

// concatLits returns every string of a followed by one of b, a's choice
// first, as a backtracker tries them.
func concatLits(a, b [][]rune) [][]rune {
	out := make([][]rune, 0, len(a)*len(b))
	for _, x := range a {
		for _, y := range b {
			s := make([]rune, 0, len(x)+len(y))
			out = append(out, append(append(s, x...), y...))
		}
	}
	return out
}

// litTrie is a rune trie of the strings of a Pattern's finite
// alternatives. Node 0 is the root; rank[n] is the best rank of a string
// ending at node n (noRank if none): the alternative's index in the high
// half, the string's place among its alternative's strings in the low.
type litTrie struct {
	edges map[litEdge]int32
	rank  []uint64
	// first holds the runes the strings begin with: most candidate offsets
	// of a walk are there for a regexp alternative, and a bit test turns
	// them away before a map look-up.
	first *runeSet
}

type litEdge struct {
	node int32
	r    rune
}

const noRank = math.MaxUint64

// newLitTrie indexes the alternatives of alts that expanded to strings
// (patternAlt.lits); nil when none did.
func newLitTrie(alts []*patternAlt) *litTrie {
	var t *litTrie
	var first []rune
	for j, a := range alts {
		for k, s := range a.lits {
			if t == nil {
				t = &litTrie{edges: map[litEdge]int32{}, rank: []uint64{noRank}}
			}
			t.add(s, uint64(j)<<32|uint64(k))
			first = append(first, s[0], s[0])
		}
	}
	if t != nil {
		t.first = newRuneSet(first)
	}
	return t
}

func (t *litTrie) add(s []rune, rank uint64) {
	n := int32(0)
	for _, r := range s {
		next, ok := t.edges[litEdge{n, r}]
		if !ok {
			next = int32(len(t.rank))
			t.rank = append(t.rank, noRank)
			t.edges[litEdge{n, r}] = next
		}
		n = next
	}
	t.rank[n] = min(t.rank[n], rank)
}

// match returns the alternative whose string src holds at i with the best
// rank, and where that string ends; alt is -1 when src holds none there.
// No alternative's string is empty (an alternative never matches the empty
// string), so the root's rank is never read.
func (t *litTrie) match(src []rune, i int) (alt, end int) {
	if t == nil || !t.first.has(src[i]) {
		return -1, 0
	}
	best := uint64(noRank)
	n := int32(0)
	for k := i; k < len(src); k++ {
		next, ok := t.edges[litEdge{n, src[k]}]
		if !ok {
			break
		}
		if n = next; t.rank[n] < best {
			best, end = t.rank[n], k+1
		}
	}
	if best == noRank {
		return -1, 0
	}
	return int(best >> 32), end
}
