package rules

import "regexp/syntax"

// Two more exact filters of an alternative's tries (see patternAlt), for
// alternatives that are not bounded and so cost the most when tried:
//
// A run head: an alternative that begins with X+ (a class or a rune,
// repeated), [0-9一二…]+(?:天|个?小时…)了, has a match at i, where X stands,
// only if it has one at i-1 when X stands there too (X^(m+1)… matches at i-1
// whenever X^m… matches at i). Once it has failed at i-1 it fails all along
// the run: an order number is tried once, not at each of its digits.
//
// When what follows X+ cannot begin with X, the only match at i is X over
// the whole run and then the rest at the run's end, whether X+ is greedy or
// lazy: a shorter X+ leaves the rest to begin with X. The rest's program is
// then run there, once, instead of the alternative's backing off along the
// run (headRest).
//
// A tail: an alternative that ends with $ ends at the end of the text, so
// the text's last rune must be one its matches can end with
// (customer-done's ^…(好的|嗯+|…)…+$ against a turn that ends in a question).

// runHead returns the runes of the X of an alternative beginning with X+,
// or nil.
func runHead(body *syntax.Regexp) *runeSet {
	head := body
	if body.Op == syntax.OpConcat && len(body.Sub) > 0 {
		head = body.Sub[0]
	}
	if head.Op != syntax.OpPlus {
		return nil
	}
	switch x := head.Sub[0]; {
	case x.Op == syntax.OpCharClass && rangeCount(x.Rune) <= maxFirstRunes:
		return newRuneSet(x.Rune)
	case x.Op == syntax.OpLiteral && len(x.Rune) == 1 && x.Flags&syntax.FoldCase == 0:
		return newRuneSet([]rune{x.Rune[0], x.Rune[0]})
	}
	return nil
}

// headRest returns the program of what follows X+ in an alternative
// beginning with X+ (head) when it cannot be empty and cannot begin with X,
// or nil.
func headRest(body *syntax.Regexp, head *runeSet) *runeProg {
	if head == nil || body.Op != syntax.OpConcat || len(body.Sub) < 2 {
		return nil
	}
	rest := body.Sub[1]
	if len(body.Sub) > 2 {
		rest = &syntax.Regexp{Op: syntax.OpConcat, Flags: body.Flags, Sub: body.Sub[1:]}
	}
	ranges, nullable, ok := firstRunes(rest)
	if !ok || nullable || rangeCount(ranges) > maxFirstRunes {
		return nil
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if head.has(r) {
				return nil
			}
		}
	}
	return treeProg(rest)
}

// tryHead runs an alternative with a rest program at i: the rest at the
// end of the run of its head from i. done is false when the rest's try gave
// up.
func (sc *altScan) tryHead(a *patternAlt, i int) (end int, ok, done bool) {
	e := i + 1
	for e < len(sc.src) && a.head.has(sc.src[e]) {
		e++
	}
	return a.rest.match(sc.src, e, sc.t.progMem()[:])
}

// tailRunes returns the runes a match of an alternative that ends with $
// can end with, or nil when it does not end with $ or they are not known.
func tailRunes(body *syntax.Regexp) *runeSet {
	if body.Op != syntax.OpConcat || len(body.Sub) < 2 || body.Sub[len(body.Sub)-1].Op != syntax.OpEndText {
		return nil
	}
	ranges, nullable, ok := edgeRunes(body, true)
	if !ok || nullable || rangeCount(ranges) > maxFirstRunes {
		return nil
	}
	return newRuneSet(ranges)
}

// mayEnd reports whether a match of a from i may end where it must: a
// bounded alternative within the most runes a match can span from i, one
// that ends with $ at the text's last rune.
func (a *patternAlt) mayEnd(src []rune, i int) bool {
	if a.tail != nil && !a.tail.has(src[len(src)-1]) {
		return false
	}
	return a.span == 0 || a.last == nil || containsAny(src[i:min(len(src), i+a.span)], a.last)
}

// containsAny reports whether rs holds a rune of set.
func containsAny(rs []rune, set *runeSet) bool {
	for _, r := range rs {
		if set.has(r) {
			return true
		}
	}
	return false
}
