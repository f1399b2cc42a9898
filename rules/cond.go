package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
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

// Cond says where a term is used in the sense its rule bans. Every field is
// data in the catalogue; no rule has Go code of its own for a particular
// word.
//
// The fields Accept reads of every candidate stand first, Need (a frame
// that is mostly empty) last: a candidate that fails reads a line or two
// of its condition, not the eight it spans.
type Cond struct {
	Boundary Boundary
	// InsidePOS: with TokenBoundary, a longer word of one of these parts of
	// speech still counts (你家 and 你俩 are pronouns: still 你).
	InsidePOS []string
	Position  Position
	// Quoted lets a match inside quotation marks count; by default words the
	// agent quotes are not the agent's own.
	Quoted bool
	// Artefacts lets a match inside an artefact count; by default a smiley
	// code, a mask or a number is not the agent's words (see Text.Opaque).
	Artefacts bool
	// NotIn lists longer words in which the match is not a hit (保证金).
	NotIn [][]rune
	// Except are the frames of the innocent senses: a match that stands in
	// any of them is not a hit (保证 after 为了 is "ensure").
	Except []Frame
	// Persons are the words that name a person, for Frame.Person: the
	// nearest of them before the match says who the clause is about.
	Persons [][]rune
	// Need is the frame the banned sense stands in: every predicate it sets
	// must hold (一定 before a predicate; 我不能 with the agent as subject).
	Need Frame
}

// Frame is a conjunction of predicates over the words around a match. An
// empty frame holds everywhere.
type Frame struct {
	// Set by init, and first so that a frame that fails tells so from its
	// first cache line: which predicates the frame sets (0 before init:
	// every one is asked), and 64-bit filters of the last runes of the
	// Before words and the first runes of the After words, which the rune
	// before or after a match must be in for them to stand there (one bit
	// a rune; all set when a word is empty). In BenchmarkHandler/bench
	// the frames of two candidates read some 23 lines and ran 700
	// instructions, the words of Before one by one.
	tests                  frameTests
	beforeLast, afterFirst uint64

	// In: the match lies inside one of these longer words.
	In [][]rune
	// Before / After: one of these stands right before / after the match.
	Before, After [][]rune
	// Earlier / Later: one of these stands before / after the match in its
	// clause (我们不会向您收取: 收取 later than 不会).
	Earlier, Later [][]rune
	// BeforeRe / AfterRe are tried on the text before / after the match
	// (the former anchored at the end with $, the latter at the start with ^).
	BeforeRe, AfterRe *regexp.Regexp
	// NextPOS / PrevPOS: the word right after / before the match has one of
	// these parts of speech ("" stands for no word: the clause ends there).
	NextPOS, PrevPOS []string
	// Subject: one of these is the subject of the match, standing before it
	// in its clause with only adverbs, time words or SubjectGap words
	// between (小妹暂时不能, 我们这边还不能).
	Subject, SubjectGap [][]rune
	// Person: the nearest person word before the match in its clause (of
	// Cond.Persons and these) is one of these (您大概什么时候方便).
	Person [][]rune
	// Question: the sentence of the match asks something (还是没办法登录吗？).
	Question bool
	// Why says, for the catalogue's readers, what the frame keeps out.
	Why string

	// Set by init: what the text before and after the term must hold for
	// BeforeRe and AfterRe to match; they are run only when it does.
	before, after *reSets
}

// Prefilters shares the prefilters of regexp predicates among the terms
// of the rules one engine builds: a rule's terms share its conditions'
// regexps. It belongs to that build; nothing is kept between builds.
type Prefilters struct {
	m map[condKey]*reSets
}

// NewPrefilters returns an empty cache.
func NewPrefilters() *Prefilters { return &Prefilters{m: map[condKey]*reSets{}} }

func (p *Prefilters) get(re *regexp.Regexp, after bool) *reSets {
	if re == nil {
		return nil
	}
	k := condKey{re, after}
	if p != nil {
		if r, ok := p.m[k]; ok {
			return r
		}
	}
	r := newReSets(re, after)
	if p != nil {
		p.m[k] = r
	}
	return r
}

// Init prepares the prefilters of the regexp predicates, sharing them
// through pf (which may be nil); the engine calls it once, before any
// Accept. Without it Accept runs the regexps every time.
func (c *Cond) Init(pf *Prefilters) {
	c.Need.init(pf)
	for i := range c.Except {
		c.Except[i].init(pf)
	}
}

func (f *Frame) init(pf *Prefilters) {
	f.before, f.after = pf.get(f.BeforeRe, false), pf.get(f.AfterRe, true)
	f.tests = testReady
	if len(f.In)+len(f.Before)+len(f.After)+len(f.Earlier)+len(f.Later) > 0 {
		f.tests |= testNear
	}
	if len(f.Before) > 0 {
		f.tests |= testBefore
		f.beforeLast = edgeFilter(f.Before, true)
	}
	if len(f.After) > 0 {
		f.tests |= testAfter
		f.afterFirst = edgeFilter(f.After, false)
	}
	if f.BeforeRe != nil || f.AfterRe != nil {
		f.tests |= testRe
	}
	if f.Question {
		f.tests |= testQuestion
	}
	if len(f.NextPOS)+len(f.PrevPOS)+len(f.Subject)+len(f.Person) > 0 {
		f.tests |= testWords
	}
}

// frameTests are the predicates a Frame sets, by kind.
type frameTests uint8

const (
	testReady    frameTests = 1 << iota // init ran: the other bits tell
	testNear                            // In, Before, After, Earlier or Later
	testBefore                          // Before, with beforeLast
	testAfter                           // After, with afterFirst
	testRe                              // BeforeRe or AfterRe
	testQuestion                        // Question
	testWords                           // NextPOS, PrevPOS, Subject or Person
)

// edgeFilter returns the 64-bit filter of the last (or first) runes of ws;
// all bits when one of them is empty, which stands anywhere.
func edgeFilter(ws [][]rune, last bool) uint64 {
	var f uint64
	for _, w := range ws {
		if len(w) == 0 {
			return ^uint64(0)
		}
		r := w[0]
		if last {
			r = w[len(w)-1]
		}
		f |= edgeBit(r)
	}
	return f
}

// edgeBit is r's bit in an edge filter.
func edgeBit(r rune) uint64 { return 1 << (uint32(r) * 2654435761 >> 26) }

// edgeMay reports whether a word of the filter's may end (before) or
// begin (after) at rs[i]; false is certain.
func edgeMay(filter uint64, rs []rune, i int) bool {
	return filter == ^uint64(0) || i >= 0 && i < len(rs) && filter&edgeBit(rs[i]) != 0
}

type condKey struct {
	re    *regexp.Regexp
	after bool
}

// reSets are what a regexp exception's text must hold to match: the rune
// next to the term (edge: the last rune before it, or the first after it),
// and one of the runes every match holds (need). nil sets say nothing.
type reSets struct {
	edge, need *runeSet
	// back is the regexp before a term read backwards (see backwards).
	back *backwards
}

func newReSets(re *regexp.Regexp, after bool) *reSets {
	p := parseSimple(re)
	if p == nil {
		return nil
	}
	r := &reSets{edge: edgeSet(p, after), need: needSet(p)}
	if !after {
		r.back = newBackwards(p)
	}
	return r
}

// edgeSet returns the runes the rune next to the term must be for p to
// match: for (?:X)$ before the term, the runes X ends with; for ^(?:X)
// after it, the runes X begins with. nil when p is not anchored there.
func edgeSet(p *syntax.Regexp, after bool) *runeSet {
	if p.Op != syntax.OpConcat || len(p.Sub) < 2 {
		return nil
	}
	var body *syntax.Regexp
	switch {
	case !after && p.Sub[len(p.Sub)-1].Op == syntax.OpEndText:
		body = &syntax.Regexp{Op: syntax.OpConcat, Sub: p.Sub[:len(p.Sub)-1]}
	case after && p.Sub[0].Op == syntax.OpBeginText:
		body = &syntax.Regexp{Op: syntax.OpConcat, Sub: p.Sub[1:]}
	default:
		return nil
	}
	if ranges, nullable, ok := edgeRunes(body, !after); ok && !nullable {
		return newRuneSet(ranges)
	}
	return nil
}

// needSet returns a set of runes of which every match of p holds one (see
// needRanges); nil when p tells of none, or of too many to be worth a test.
func needSet(p *syntax.Regexp) *runeSet {
	ranges, ok := needRanges(p)
	if !ok || rangeCount(ranges) >= 4096 {
		return nil
	}
	return newRuneSet(ranges)
}

// needRanges returns runes of which every match of p holds one: of a
// concatenation, those of the part that tells of the fewest; of an
// alternation, the union of every branch's (so each branch must tell);
// of anything else that cannot match empty, the runes it begins with.
// False when p tells of none.
func needRanges(p *syntax.Regexp) ([]rune, bool) {
	switch p.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return needRanges(p.Sub[0])
	case syntax.OpRepeat:
		if p.Min == 0 {
			return nil, false
		}
		return needRanges(p.Sub[0])
	case syntax.OpConcat:
		var best []rune
		n := -1
		for _, part := range p.Sub {
			if ranges, ok := needRanges(part); ok {
				if k := rangeCount(ranges); n < 0 || k < n {
					best, n = ranges, k
				}
			}
		}
		return best, n >= 0
	case syntax.OpAlternate:
		var all []rune
		for _, branch := range p.Sub {
			ranges, ok := needRanges(branch)
			if !ok {
				return nil, false
			}
			all = append(all, ranges...)
		}
		return all, true
	}
	ranges, nullable, ok := edgeRunes(p, false)
	return ranges, ok && !nullable
}

// matchEnd reports whether re, the regexp of these sets, matches w, the
// text before a term: read backwards where it can be (as one anchored
// match), as written on the full path.
func (r *reSets) matchEnd(t *Text, w []rune, re *regexp.Regexp) bool {
	if r != nil && !t.full {
		if back := r.back.get(); back != nil {
			return back.Match(t.utf8Backwards(w))
		}
	}
	return re.Match(t.utf8(w))
}

// may reports whether the regexp can match w, the text before (last) or
// after the term; false is certain. An invalid rune is read as the regexp
// reads it from the string: U+FFFD.
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
		if !r.edge.has(validRune(x)) {
			return false
		}
	}
	if r.need == nil {
		return true
	}
	for _, x := range w {
		if r.need.has(validRune(x)) {
			return true
		}
	}
	return false
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

// Accept reports whether the span [s,e) of t is a hit under c. Its tests
// are a conjunction, each free of effects but the text's caches, so their
// order is only a matter of cost: quotation marks and the clause position
// (the runes around the span) go before the artefacts, which the first
// question of a text finds in all of it with their regexps; a third of a
// batch's lexicon candidates (interjections out of place) fail there.
func (c *Cond) Accept(t *Text, s, e int) bool {
	if !c.Quoted && t.Quoted(s, e) || !c.positioned(t, s, e) {
		return false
	}
	if !c.Artefacts && t.Opaque(s, e) {
		return false // an artefact ([呵呵], 400-830-6666) is never a hit, nor part of one
	}
	for _, w := range c.NotIn {
		if within(t, s, e, w) {
			return false
		}
	}
	if !c.Need.holds(t, s, e, c.Persons) {
		return false
	}
	for i := range c.Except {
		if c.Except[i].holds(t, s, e, c.Persons) {
			return false
		}
	}
	switch c.Boundary {
	case WordBoundary:
		return !(s > 0 && isAlnum(t.Norm[s-1]) || e < len(t.Norm) && isAlnum(t.Norm[e]))
	case TokenBoundary:
		ok, outer := t.Aligned(s, e)
		return ok || slices.Contains(c.InsidePOS, outer.POS)
	}
	return true
}

// positioned reports whether [s,e) stands where c.Position wants it.
func (c *Cond) positioned(t *Text, s, e int) bool {
	switch c.Position {
	case Initial:
		return t.AtClauseStart(s)
	case Standalone:
		return t.AtClauseStart(s) && t.AtClauseEnd(e)
	case Final:
		return t.AtClauseEnd(e)
	case NotInitial:
		return !t.AtClauseStart(s)
	}
	return true
}

// holds reports whether every predicate f sets holds of [s,e). The cheap
// predicates on the runes around the match go first; the ones that need
// words (and so segmentation) last.
//
// After init only the predicates the frame sets are asked, and Before and
// After not where their edge filters say they cannot hold (off the full
// path).
func (f *Frame) holds(t *Text, s, e int, persons [][]rune) bool {
	ts := f.tests
	if ts == 0 {
		return f.holdsText(t, s, e) && f.holdsWords(t, s, e, persons)
	}
	if !t.full && (ts&testBefore != 0 && !edgeMay(f.beforeLast, t.Norm, s-1) || ts&testAfter != 0 && !edgeMay(f.afterFirst, t.Norm, e)) {
		return false
	}
	return (ts&testNear == 0 || f.holdsNear(t, s, e)) && (ts&testRe == 0 || f.holdsRe(t, s, e)) &&
		(ts&testQuestion == 0 || t.Question(e)) && (ts&testWords == 0 || f.holdsWords(t, s, e, persons))
}

func (f *Frame) holdsText(t *Text, s, e int) bool {
	return f.holdsNear(t, s, e) && f.holdsRe(t, s, e) && (!f.Question || t.Question(e))
}

// holdsNear reports whether the words f wants around [s,e) are there: the
// longer word it sits in, the words right before and after it, and the
// ones earlier and later in its clause.
func (f *Frame) holdsNear(t *Text, s, e int) bool {
	if len(f.In) > 0 && !slices.ContainsFunc(f.In, func(w []rune) bool { return within(t, s, e, w) }) {
		return false
	}
	if len(f.Before) > 0 && !slices.ContainsFunc(f.Before, func(w []rune) bool { return t.HasAt(s-len(w), w) }) {
		return false
	}
	if len(f.After) > 0 && !slices.ContainsFunc(f.After, func(w []rune) bool { return t.HasAt(e, w) }) {
		return false
	}
	return (len(f.Earlier) == 0 || earlier(t, s, f.Earlier)) && (len(f.Later) == 0 || later(t, e, f.Later))
}

// holdsRe reports whether BeforeRe matches the 16 runes before [s,e) and
// AfterRe the 16 after it, each run only when its prefilter lets the text
// through.
func (f *Frame) holdsRe(t *Text, s, e int) bool {
	if f.BeforeRe != nil {
		w := t.Norm[max(0, s-16):s]
		if !(t.full || f.before.may(w, true)) || !f.before.matchEnd(t, w, f.BeforeRe) {
			return false
		}
	}
	if f.AfterRe != nil {
		w := t.Norm[e:min(len(t.Norm), e+16)]
		if !(t.full || f.after.may(w, false)) || !f.AfterRe.Match(t.utf8(w)) {
			return false
		}
	}
	return true
}

func (f *Frame) holdsWords(t *Text, s, e int, persons [][]rune) bool {
	if len(f.NextPOS) > 0 && !slices.Contains(f.NextPOS, t.POSAt(e, true)) {
		return false
	}
	if len(f.PrevPOS) > 0 && !slices.Contains(f.PrevPOS, t.POSAt(s, false)) {
		return false
	}
	if len(f.Subject) > 0 && !t.HasSubject(s, f.Subject, f.SubjectGap) {
		return false
	}
	if len(f.Person) > 0 {
		w, ok := t.NearestPerson(s, persons, f.Person)
		if !ok || !slices.ContainsFunc(f.Person, func(p []rune) bool { return slices.Equal(p, w) }) {
			return false
		}
	}
	return true
}

// later reports whether one of ws stands after e in the clause of e.
func later(t *Text, e int, ws [][]rune) bool {
	if e >= len(t.Norm) || IsBreak(t.Norm[e]) {
		return false
	}
	end := t.ClauseAt(e).End
	for _, w := range ws {
		for p := e; p+len(w) <= end; p++ {
			if t.HasAt(p, w) {
				return true
			}
		}
	}
	return false
}

// earlier reports whether one of ws stands before s in the clause of s.
func earlier(t *Text, s int, ws [][]rune) bool {
	start := t.ClauseAt(max(0, s-1)).Start
	if s > 0 && IsBreak(t.Norm[s-1]) {
		return false
	}
	for _, w := range ws {
		for p := start; p+len(w) <= s; p++ {
			if t.HasAt(p, w) {
				return true
			}
		}
	}
	return false
}

// within reports whether an occurrence of w in t covers all of [s,e).
func within(t *Text, s, e int, w []rune) bool {
	if len(w) < e-s {
		return false
	}
	for p := max(0, e-len(w)); p <= s; p++ {
		// Only a run of whole words counts: in 需要亲自己购买 the words are
		// 亲|自己, and not_in 亲自 must not hide the 亲 (see Text.AlignedRun).
		if t.HasAt(p, w) && t.AlignedRun(p, p+len(w)) {
			return true
		}
	}
	return false
}

func isAlnum(r rune) bool {
	return r < unicode.MaxLatin1 && (unicode.IsLetter(r) || unicode.IsDigit(r))
}
