package rules

import (
	"maps"
	"math"
	"regexp/syntax"
	"slices"
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
		return questLits(re)
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

// questLits returns the strings of an optional part: its own, and the
// empty string first when the part is lazy, last when it is greedy.
func questLits(re *syntax.Regexp) ([][]rune, bool) {
	sub, ok := expandLits(re.Sub[0])
	if !ok || len(sub) >= maxLits {
		return nil, false
	}
	if re.Flags&syntax.NonGreedy != 0 {
		return append([][]rune{nil}, sub...), true
	}
	return append(sub, nil), true
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
// alternatives, laid out flat as LexiconSet's is (a node's children
// contiguous, sorted by the rune on their edge), so that a walk looks runes
// up without maps; the root's children are found through the Pattern's
// rune entries. Node 0 is the root; a node's rank is the best rank of a
// string ending there (noRank if none): the alternative's index in the
// high half, the string's place among its alternative's strings in the low.
type litTrie struct {
	nodes  []litNode
	labels []rune // labels[c] is the rune on the edge into node c
}

type litNode struct {
	kids, kidsEnd int32 // the node's children are nodes kids … kidsEnd-1
	rank          uint64
}

const noRank = math.MaxUint64

// litBuild is a node of the trie while it is being built.
type litBuild struct {
	next map[rune]*litBuild
	rank uint64
}

// newLitTrie indexes the alternatives of alts that expanded to strings
// (patternAlt.lits); nil when none did.
func newLitTrie(alts []*patternAlt) *litTrie {
	root := &litBuild{rank: noRank}
	for j, a := range alts {
		for k, s := range a.lits {
			root.add(s, uint64(j)<<32|uint64(k))
		}
	}
	if root.next == nil {
		return nil
	}
	t := &litTrie{}
	t.layOut(root)
	return t
}

func (n *litBuild) add(s []rune, rank uint64) {
	for _, r := range s {
		if n.next == nil {
			n.next = map[rune]*litBuild{}
		}
		child := n.next[r]
		if child == nil {
			child = &litBuild{rank: noRank}
			n.next[r] = child
		}
		n = child
	}
	n.rank = min(n.rank, rank)
}

// layOut lays the trie out breadth first: a node's children get
// consecutive indexes.
func (t *litTrie) layOut(root *litBuild) {
	queue := []*litBuild{root}
	t.nodes, t.labels = []litNode{{}}, []rune{0}
	for at := 0; at < len(queue); at++ {
		b := queue[at]
		n := litNode{rank: b.rank, kids: int32(len(queue))}
		for _, r := range slices.Sorted(maps.Keys(b.next)) {
			queue = append(queue, b.next[r])
			t.labels = append(t.labels, r)
			t.nodes = append(t.nodes, litNode{})
		}
		n.kidsEnd = int32(len(queue))
		t.nodes[at] = n
	}
}

// child returns the child of node n along r, or -1.
func (t *litTrie) child(n int32, r rune) int32 {
	lo, end := t.nodes[n].kids, t.nodes[n].kidsEnd
	hi := end
	for hi-lo > 8 { // a binary search down to a few, then a short scan
		mid := int32(uint32(lo+hi) >> 1)
		if t.labels[mid] < r {
			lo = mid + 1
		} else {
			hi = mid
		}
	}
	for ; lo < end && t.labels[lo] <= r; lo++ {
		if t.labels[lo] == r {
			return lo
		}
	}
	return -1
}

// walk returns the alternative whose string src holds at i with the best
// rank, and where that string ends; alt is -1 when src holds none there. n
// is the root's child along src[i] (see runeEntry): no alternative's string
// is empty (an alternative never matches the empty string), so the root's
// rank is never read.
func (t *litTrie) walk(src []rune, i int, n int32) (alt, end int) {
	best := t.nodes[n].rank
	end = i + 1
	for k := i + 1; k < len(src); k++ {
		if n = t.child(n, src[k]); n < 0 {
			break
		}
		if rank := t.nodes[n].rank; rank < best {
			best, end = rank, k+1
		}
	}
	if best == noRank {
		return -1, 0
	}
	return int(best >> 32), end
}
