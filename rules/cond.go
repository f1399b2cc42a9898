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

	// Set by Init: what the text before and after the term must hold for
	// NotBeforeRe and NotAfterRe to match; they are run only when it does.
	before, after *reSets
}

// Init prepares the prefilters of the regexp exceptions; the engine calls
// it once, before any Accept. Without it Accept runs them every time.
func (c *Cond) Init() {
	condSets.Lock()
	defer condSets.Unlock()
	if condSets.m == nil || len(condSets.m) > 1024 {
		condSets.m = map[condKey]*reSets{}
	}
	// The terms of a rule share their conditions' regexps: so do the sets.
	get := func(re *regexp.Regexp, after bool) *reSets {
		if re == nil {
			return nil
		}
		k := condKey{re, after}
		if r, ok := condSets.m[k]; ok {
			return r
		}
		r := newReSets(re, after)
		condSets.m[k] = r
		return r
	}
	c.before, c.after = get(c.NotBeforeRe, false), get(c.NotAfterRe, true)
}

type condKey struct {
	re    *regexp.Regexp
	after bool
}

var condSets struct {
	sync.Mutex
	m map[condKey]*reSets
}

// reSets are what a regexp exception's text must hold to match: the rune
// next to the term (edge: the last rune before it, or the first after it),
// and one of the runes every match holds (need). nil sets say nothing.
type reSets struct {
	edge, need *runeSet
}

func newReSets(re *regexp.Regexp, after bool) *reSets {
	p := parseSimple(re)
	if p == nil {
		return nil
	}
	r := &reSets{}
	if p.Op == syntax.OpConcat && len(p.Sub) > 1 {
		if !after && p.Sub[len(p.Sub)-1].Op == syntax.OpEndText {
			// (?:X)$: a match ends with the rune right before the term.
			body := &syntax.Regexp{Op: syntax.OpConcat, Sub: p.Sub[:len(p.Sub)-1]}
			if ranges, nullable, ok := edgeRunes(body, true); ok && !nullable {
				r.edge = newRuneSet(ranges)
			}
		}
		if after && p.Sub[0].Op == syntax.OpBeginText {
			// ^(?:X): a match begins with the rune right after the term.
			body := &syntax.Regexp{Op: syntax.OpConcat, Sub: p.Sub[1:]}
			if ranges, nullable, ok := edgeRunes(body, false); ok && !nullable {
				r.edge = newRuneSet(ranges)
			}
		}
	}
	// The part of a concatenation that cannot be empty and may begin with
	// the fewest runes: one of them is in every match.
	parts := []*syntax.Regexp{p}
	if p.Op == syntax.OpConcat {
		parts = p.Sub
	}
	best := -1
	for _, part := range parts {
		ranges, nullable, ok := edgeRunes(part, false)
		if !ok || nullable {
			continue
		}
		n := 0
		for i := 0; i+1 < len(ranges); i += 2 {
			n += int(ranges[i+1]-ranges[i]) + 1
		}
		if n < 4096 && (best < 0 || n < best) {
			best, r.need = n, newRuneSet(ranges)
		}
	}
	return r
}

// may reports whether the regexp can match w, the text before (last) or
// after the term; false is certain.
func (r *reSets) may(w []rune, last bool) bool {
	if r == nil {
		return true
	}
	if r.edge != nil {
		if len(w) == 0 {
			return false
		}
		x := w[0]
		if last {
			x = w[len(w)-1]
		}
		if !r.edge.has(x) {
			return false
		}
	}
	return r.need == nil || slices.ContainsFunc(w, r.need.has)
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
	if c.NotBeforeRe != nil {
		if w := t.Norm[max(0, s-16):s]; (t.full || c.before.may(w, true)) && c.NotBeforeRe.Match(t.utf8(w)) {
			return false
		}
	}
	if c.NotAfterRe != nil {
		if w := t.Norm[e:min(len(t.Norm), e+16)]; (t.full || c.after.may(w, false)) && c.NotAfterRe.Match(t.utf8(w)) {
			return false
		}
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
