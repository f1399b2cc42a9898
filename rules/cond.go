package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"unicode"
)

// Boundary says how a match must sit among the words around it.
type Boundary string

const (
	// AnyBoundary matches the string wherever it stands.
	AnyBoundary Boundary = ""
	// TokenBoundary needs the match to start and end on gse word boundaries:
	// 保证 in 保证金 or 可能 in 尽可能 sit inside a longer word and do not count.
	TokenBoundary Boundary = "token"
	// WordBoundary needs no Latin letter or digit on either side: OK in OK的,
	// not in OKR, book or Okta.
	WordBoundary Boundary = "word"
)

// Position says where in its clause a match must stand.
type Position string

const (
	// Anywhere is no constraint.
	Anywhere Position = ""
	// Initial: at the start of a clause (哦，这样啊 but not 放心哦).
	Initial Position = "initial"
	// Standalone: a clause of its own (喂，您好; 那个，…).
	Standalone Position = "standalone"
	// Final: at the end of a clause.
	Final Position = "final"
	// NotInitial: anywhere but the start of a clause.
	NotInitial Position = "not-initial"
)

// Cond holds the exceptions that separate a term's banned sense from its
// innocent ones. Every field is data in the catalogue; no rule has Go code
// of its own for a particular word.
type Cond struct {
	Boundary Boundary
	// InsidePOS: with TokenBoundary, a longer word of one of these parts of
	// speech still counts (你家 and 你俩 are pronouns: still 你).
	InsidePOS []string
	// NotIn lists longer words in which the match is not a hit (保证金).
	NotIn [][]rune
	// NotBefore / NotAfter: text that must not stand right before / after.
	NotBefore, NotAfter [][]rune
	// Before / After: when set, one of these must stand right before / after.
	Before, After [][]rune
	// NotBeforeRe / NotAfterRe are tried on the text before / after the match
	// (the former anchored at the end with $, the latter at the start with ^).
	NotBeforeRe, NotAfterRe *regexp.Regexp
	Position                Position
	// Quoted lets a match inside quotation marks count; by default words the
	// agent quotes are not the agent's own.
	Quoted bool

	// Set by Init: the runes a match of NotBeforeRe must end with and a
	// match of NotAfterRe must begin with, when it can tell. The regexps
	// are run only when the rune next to the match is one of them.
	beforeLast, afterFirst *runeSet
}

// Init prepares the prefilters of the regexp exceptions; the engine calls
// it once, before any Accept. Without it Accept runs them every time.
func (c *Cond) Init() {
	c.beforeLast, c.afterFirst = nil, nil
	// The terms of a rule share their conditions' regexps: so do the sets.
	condSets.Lock()
	defer condSets.Unlock()
	if sets, ok := condSets.m[c.NotBeforeRe]; ok && c.NotBeforeRe != nil {
		c.beforeLast = sets[0]
	} else {
		c.beforeLast = beforeSet(c.NotBeforeRe)
	}
	if sets, ok := condSets.m[c.NotAfterRe]; ok && c.NotAfterRe != nil {
		c.afterFirst = sets[1]
	} else {
		c.afterFirst = afterSet(c.NotAfterRe)
	}
	if condSets.m == nil || len(condSets.m) > 1024 {
		condSets.m = map[*regexp.Regexp][2]*runeSet{}
	}
	if c.NotBeforeRe != nil {
		e := condSets.m[c.NotBeforeRe]
		e[0] = c.beforeLast
		condSets.m[c.NotBeforeRe] = e
	}
	if c.NotAfterRe != nil {
		e := condSets.m[c.NotAfterRe]
		e[1] = c.afterFirst
		condSets.m[c.NotAfterRe] = e
	}
}

// condSets remembers the sets made for a regexp: [0] as a NotBeforeRe, [1]
// as a NotAfterRe.
var condSets struct {
	sync.Mutex
	m map[*regexp.Regexp][2]*runeSet
}

func beforeSet(before *regexp.Regexp) *runeSet {
	if re := parseSimple(before); re != nil && re.Op == syntax.OpConcat && len(re.Sub) > 1 && re.Sub[len(re.Sub)-1].Op == syntax.OpEndText {
		// (?:X)$: a match ends with the rune right before the term.
		body := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[:len(re.Sub)-1]}
		if ranges, nullable, ok := edgeRunes(body, true); ok && !nullable {
			return newRuneSet(ranges)
		}
	}
	return nil
}

func afterSet(after *regexp.Regexp) *runeSet {
	if re := parseSimple(after); re != nil && re.Op == syntax.OpConcat && len(re.Sub) > 1 && re.Sub[0].Op == syntax.OpBeginText {
		// ^(?:X): a match begins with the rune right after the term.
		body := &syntax.Regexp{Op: syntax.OpConcat, Sub: re.Sub[1:]}
		if ranges, nullable, ok := edgeRunes(body, false); ok && !nullable {
			return newRuneSet(ranges)
		}
	}
	return nil
}

func parseSimple(re *regexp.Regexp) *syntax.Regexp {
	if re == nil {
		return nil
	}
	p, err := syntax.Parse(re.String(), syntax.Perl)
	if err != nil {
		return nil
	}
	return p.Simplify()
}

// Accept reports whether the span [s,e) of t is a hit under c.
func (c *Cond) Accept(t *Text, s, e int) bool {
	if !c.Quoted && t.Quoted(s, e) {
		return false
	}
	switch c.Position {
	case Initial:
		if !t.AtClauseStart(s) {
			return false
		}
	case Standalone:
		if !t.AtClauseStart(s) || !t.AtClauseEnd(e) {
			return false
		}
	case Final:
		if !t.AtClauseEnd(e) {
			return false
		}
	case NotInitial:
		if t.AtClauseStart(s) {
			return false
		}
	}
	for _, w := range c.NotIn {
		if within(t, s, e, w) {
			return false
		}
	}
	for _, w := range c.NotBefore {
		if t.HasAt(s-len(w), w) {
			return false
		}
	}
	for _, w := range c.NotAfter {
		if t.HasAt(e, w) {
			return false
		}
	}
	if len(c.Before) > 0 && !slices.ContainsFunc(c.Before, func(w []rune) bool { return t.HasAt(s-len(w), w) }) {
		return false
	}
	if len(c.After) > 0 && !slices.ContainsFunc(c.After, func(w []rune) bool { return t.HasAt(e, w) }) {
		return false
	}
	if c.NotBeforeRe != nil && (c.beforeLast == nil || t.full || s > 0 && c.beforeLast.has(t.Norm[s-1])) &&
		c.NotBeforeRe.Match(t.utf8(t.Norm[max(0, s-16):s])) {
		return false
	}
	if c.NotAfterRe != nil && (c.afterFirst == nil || t.full || e < len(t.Norm) && c.afterFirst.has(t.Norm[e])) &&
		c.NotAfterRe.Match(t.utf8(t.Norm[e:min(len(t.Norm), e+16)])) {
		return false
	}
	switch c.Boundary {
	case WordBoundary:
		if s > 0 && isAlnum(t.Norm[s-1]) || e < len(t.Norm) && isAlnum(t.Norm[e]) {
			return false
		}
	case TokenBoundary:
		if ok, outer := t.Aligned(s, e); !ok && !slices.Contains(c.InsidePOS, outer.POS) {
			return false
		}
	}
	return true
}

// within reports whether an occurrence of w in t covers all of [s,e).
func within(t *Text, s, e int, w []rune) bool {
	if len(w) < e-s {
		return false
	}
	for p := max(0, e-len(w)); p <= s; p++ {
		if t.HasAt(p, w) {
			return true
		}
	}
	return false
}

func isAlnum(r rune) bool {
	return r < unicode.MaxLatin1 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
