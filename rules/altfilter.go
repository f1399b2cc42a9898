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
