package rules

import (
	"fmt"
	"math/bits"
	"regexp"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Act is a speech act written as data (a greeting, a closing, an apology,
// a complaint cue): patterns with optional words and small gaps, matched
// on the normalised text, so that one definition serves every rule and
// checklist item that looks for the act, in simplified or traditional,
// full- or half-width writing.
type Act struct {
	ID          string
	Description string
	// Expr is every pattern of the act as one regular expression, an
	// alternation; PartExprs are the same patterns one by one, as written
	// in Sources, so that the examples can show that each of them earns its
	// place. Whoever builds the act checks them (lint.New reports a bad one
	// with its file and line); they are compiled on first use (Re, Part),
	// so that a check that never looks for the act never compiles it.
	Expr      string
	PartExprs []string
	Sources   []string
	// Cond keeps innocent senses out: not_in lists longer words in which a
	// match does not count (清理垃圾 is junk files, not a complaint).
	Cond     Cond
	Examples Examples

	// compiled makes re and match on the act's first use, parts those of
	// PartExprs on the first use of one of them (only the examples' check
	// asks for them).
	compiled, partsCompiled sync.Once
	re                      *regexp.Regexp
	parts                   []*regexp.Regexp
	// match runs re the way a Pattern rule runs its regexp: only where a
	// rune a match can begin with stands, anchored there, on a bounded
	// window.
	match *Pattern
}

// Init prepares the act once Expr and Cond are set. Acts are looked for in
// every turn of every conversation, so running the regexp from every
// offset of every message would be most of a batch's time: the first use
// builds a prefilter (see compile).
func (a *Act) Init() {
	a.Cond.Init(nil)
}

// compile makes the act's regexp and its prefilter.
func (a *Act) compile() {
	a.compiled.Do(func() {
		if a.Expr == "" {
			return
		}
		a.re = regexp.MustCompile(a.Expr) // checked by whoever built the act
		a.match = &Pattern{Re: a.re, Cond: a.Cond}
		a.match.Init()
	})
}

// prefilter returns the Pattern that runs the act's regexp, or nil for an
// act without patterns.
func (a *Act) prefilter() *Pattern {
	a.compile()
	return a.match
}

// Re returns the act's regular expression (every pattern), or nil for an
// act without patterns.
func (a *Act) Re() *regexp.Regexp {
	a.compile()
	return a.re
}

// NumParts is the number of the act's patterns, PartExprs.
func (a *Act) NumParts() int { return len(a.PartExprs) }

// part returns the regular expression of the act's ith pattern.
func (a *Act) part(i int) *regexp.Regexp {
	a.partsCompiled.Do(func() {
		a.parts = make([]*regexp.Regexp, len(a.PartExprs))
		for k, p := range a.PartExprs {
			a.parts[k] = regexp.MustCompile(p) // checked by whoever built the act
		}
	})
	return a.parts[i]
}

// Find returns the earliest accepted match of the act in t that starts
// before limit (limit < 0: anywhere).
func (a *Act) Find(t *Text, limit int) (Span, bool) {
	var out Span
	found := false
	a.each(t, nil, func(s Span) bool {
		if limit >= 0 && s.Start >= limit {
			return false
		}
		out, found = s, true
		return false
	})
	return out, found
}

// Spans returns every accepted match of the act in t, earliest first.
func (a *Act) Spans(t *Text) []Span {
	var out []Span
	a.each(t, nil, func(s Span) bool {
		out = append(out, s)
		return true
	})
	return out
}

// PartSpans returns the accepted matches of the act's ith pattern alone.
func (a *Act) PartSpans(t *Text, i int) []Span {
	var out []Span
	a.each(t, a.part(i), func(s Span) bool {
		out = append(out, s)
		return true
	})
	return out
}

// each calls fn with every match of re in t that the act's conditions
// accept, in rune offsets, until fn returns false. A nil re is the act's
// own, run through its prefilter.
func (a *Act) each(t *Text, re *regexp.Regexp, fn func(Span) bool) {
	if t == nil || len(t.Norm) == 0 {
		return
	}
	if re == nil {
		p := a.prefilter()
		if p == nil {
			return
		}
		stop := false
		p.Check(t, func(h Hit) {
			stop = stop || !fn(Span{h.Start, h.End})
		})
		return
	}
	s := t.String()
	byteAt, runeAt := 0, 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		if m[0] == m[1] {
			continue // an act is never the empty string
		}
		runeAt += utf8.RuneCountInString(s[byteAt:m[0]])
		start := runeAt
		runeAt += utf8.RuneCountInString(s[m[0]:m[1]])
		byteAt = m[1]
		if a.Cond.Accept(t, start, runeAt) && !fn(Span{start, runeAt}) {
			return
		}
	}
}

// ActGap is the most characters a gap (…) in an act's pattern spans. A gap
// holds the polite fillers and self-reference people put inside a set
// phrase (请问还有⟨什么妹子⟩可以帮到您的吗) and never crosses a comma, the end
// of a sentence or white space (chat exports join a side's messages with
// spaces).
const ActGap = 10

// actGapRe is what a gap compiles to: a few characters, none of them a
// sentence end or white space (after normalisation ！ and ？ are ! and ?).
// It is read-only: a fixed table, never written after package initialisation.
var actGapRe = fmt.Sprintf(`[^。.!?;,\s]{0,%d}?`, ActGap)

// CompileActPattern turns an act's pattern, already normalised, into a
// regular expression:
//
//	(a|b)    one of the words
//	[a|b]    optionally one of them ([亲] alone: an optional word)
//	…        a small gap (also written ...)
//	{id}     another act, by id (a team's own self-reference, say)
//	space    optional white space
//	\x       x itself
//
// Everything else stands for itself. ref returns the regular expression of
// the act an {id} names.
func CompileActPattern(src string, ref func(id string) (string, error)) (string, error) {
	var b strings.Builder
	var stack []rune // open brackets, to check that they close
	rs := []rune(src)
	for i := 0; i < len(rs); i++ {
		r := rs[i]
		switch {
		case r == '\\' && i+1 < len(rs):
			i++
			b.WriteString(regexp.QuoteMeta(string(rs[i])))
		case r == '(' || r == '[':
			stack = append(stack, r)
			b.WriteString("(?:")
		case r == ')' || r == ']':
			var err error
			if stack, err = closeGroup(src, stack, r, i); err != nil {
				return "", err
			}
			b.WriteString(map[rune]string{')': ")", ']': ")?"}[r])
		case r == '|':
			if len(stack) == 0 {
				return "", fmt.Errorf("pattern %q: | outside (…) or […]: write each alternative as its own pattern", src)
			}
			b.WriteString("|")
		case r == '…':
			b.WriteString(actGapRe)
		case r == '.' && i+2 < len(rs) && rs[i+1] == '.' && rs[i+2] == '.':
			b.WriteString(actGapRe)
			i += 2
		case r == '{':
			re, end, err := actRef(src, rs, i, ref)
			if err != nil {
				return "", err
			}
			b.WriteString("(?:" + re + ")")
			i = end
		case r == ' ':
			b.WriteString(`\s*`)
		default:
			b.WriteString(regexp.QuoteMeta(string(r)))
		}
	}
	if len(stack) > 0 {
		return "", fmt.Errorf("pattern %q: %q is not closed", src, stack[len(stack)-1])
	}
	return b.String(), nil
}

// closeGroup pops the bracket that r at i closes off stack.
func closeGroup(src string, stack []rune, r rune, i int) ([]rune, error) {
	want := map[rune]rune{')': '(', ']': '['}[r]
	if len(stack) == 0 || stack[len(stack)-1] != want {
		return stack, fmt.Errorf("pattern %q: %q at %d closes nothing", src, r, i+1)
	}
	return stack[:len(stack)-1], nil
}

// actRef reads the {id} that starts at i and returns the regular
// expression of the act it names and the index of its }.
func actRef(src string, rs []rune, i int, ref func(string) (string, error)) (string, int, error) {
	j := i + 1
	for j < len(rs) && rs[j] != '}' {
		j++
	}
	if j == len(rs) {
		return "", 0, fmt.Errorf("pattern %q: { without }", src)
	}
	re, err := ref(string(rs[i+1 : j]))
	if err != nil {
		return "", 0, fmt.Errorf("pattern %q: %v", src, err)
	}
	return re, j, nil
}

// Acts is a set of speech acts a rule looks for: a turn holds the set when
// it holds any of them.
type Acts []*Act

// Find returns where the earliest of the acts starts in t before limit
// (limit < 0: anywhere), and which act it is.
func (as Acts) Find(t *Text, limit int) (int, *Act, bool) {
	best, which := -1, (*Act)(nil)
	for _, a := range as {
		end := limit
		if best >= 0 && (end < 0 || best < end) {
			end = best // only an earlier match can win now
		}
		if s, ok := a.Find(t, end); ok {
			best, which = s.Start, a
		}
	}
	return best, which, best >= 0
}

// actMask is a set of acts of an actIndex, bit k for its kth act.
type actMask uint64

// maxIndexed is the most acts one index walks together (the bits of a mask).
const maxIndexed = 64

// actIndex looks for a few acts in one walk over a text instead of one walk
// each: a rune of the text is looked up once, in a table of the acts that
// can begin with it, and only those acts are tried there. A customer's turn
// is scored against a dozen complaint cues, and an agent's against the
// apology acts, in every conversation of a batch: one walk each, not
// twelve. Each act keeps its own state (where its last match ended), so an
// act's matches are exactly those Act.Find would find.
type actIndex struct {
	acts []*Act
	once sync.Once
	// Set on first use (build), so that a process that never reaches the
	// acts never splits their alternatives.
	walk bool // every act can be tried offset by offset
	// begins numbers each rune that begins an act: starts[n] are the acts
	// it begins and their entries for it (Pattern.byRune), in the acts'
	// order, so that one look-up serves every act at an offset.
	begins runeTable
	starts [][]actStart
	// follow[n] is what can follow rune n in a match of any of its acts
	// (their entries' second runes together), so that a rune whose next
	// rune none of them admits is passed over without going through its
	// acts.
	follow []nextRunes
	// anyBegins holds the runes begins numbers: a bitset a few kilobytes
	// large that stays in the cache, where most runes of a text begin no
	// act.
	anyBegins *runeSet
	atStart   actMask // acts with a ^-led alternative, tried at offset 0 whatever the rune
	// first[k] is act k's first-rune filter (nil: none), for live.
	first []*RuneBloom
}

// actStart is an act that a rune begins, and the act's entry for the rune.
type actStart struct {
	k int
	e *runeEntry
}

// newActIndex indexes acts; nil when there are none.
func newActIndex(acts []*Act) *actIndex {
	if len(acts) == 0 {
		return nil
	}
	return &actIndex{acts: acts}
}

// build prepares each act's alternatives and the table of the runes they
// begin with. An act that cannot be tried offset by offset (its regexp was
// not split, or it matches on Fold) turns the walk off: the acts are then
// looked for one by one, as Act.Find does.
func (x *actIndex) build() {
	if len(x.acts) > maxIndexed {
		return
	}
	for _, a := range x.acts {
		p := a.prefilter()
		if p == nil || p.prepared == nil || p.CaseSensitive {
			return
		}
		p.prepared.Do(p.prepare)
		if p.alts == nil {
			return
		}
	}
	var all []rune
	starts := map[rune][]actStart{}
	for k, a := range x.acts {
		p := a.match
		if slices.ContainsFunc(p.alts, func(a *patternAlt) bool { return a.atStart }) {
			x.atStart |= 1 << k
		}
		for _, r := range p.byRune.runes {
			if starts[r] == nil {
				all = append(all, r, r)
			}
			starts[r] = append(starts[r], actStart{k, p.byRune.get(r)})
		}
	}
	if len(starts) >= maxTableIDs {
		return // maxFirstRunes an act keeps this far away
	}
	x.starts, x.follow = [][]actStart{nil}, []nextRunes{{}}
	for i := 0; i < len(all); i += 2 {
		x.begins.set(all[i], uint16(len(x.starts)))
		x.starts = append(x.starts, starts[all[i]])
		x.follow = append(x.follow, followUnion(starts[all[i]]))
	}
	x.anyBegins = newRuneSet(all)
	for _, a := range x.acts {
		x.first = append(x.first, a.match.first)
	}
	x.walk = true
}

// followUnion returns what can follow a rune in a match of any act of list
// (see actIndex.follow).
func followUnion(list []actStart) nextRunes {
	var n nextRunes
	for _, s := range list {
		n.union(s.e.second)
	}
	return n
}

// ready reports whether t can be walked: the index is built and usable,
// and t is not the reference text, whose rules take no shortcut.
func (x *actIndex) ready(t *Text) bool {
	x.once.Do(x.build)
	return x.walk && !t.Full()
}

// live returns the acts of want that t may hold, by their first-rune
// filters.
func (x *actIndex) live(t *Text, want actMask) actMask {
	// Only a text off the full path is walked (ready): its Bloom filter is
	// read as MayHave would, without a call for each act.
	for k := range x.first {
		if want&(1<<k) != 0 && x.first[k] != nil && !t.bloom.any(&x.first[k].b) {
			want &^= 1 << k
		}
	}
	return want
}

// scan walks t once for the acts of want, offsets below limit (limit < 0:
// anywhere). It returns the acts with an accepted match; with earliest it
// stops at the first accepted match and returns its start and act (the
// earliest start, and among acts starting there the first listed: what
// Acts.Find returns), else at is -1.
func (x *actIndex) scan(t *Text, want actMask, limit int, earliest bool) (held actMask, at, which int) {
	live := x.live(t, want)
	src := t.Norm
	end := len(src)
	if limit >= 0 {
		end = min(end, limit)
	}
	var next [maxIndexed]int // act k has no match starting before next[k]
	// One scan serves every act: what it keeps (the text as a string, a
	// rune offset and its byte offset) is the text's, and offsets only rise.
	sc := altScan{t: t, src: src}
	i := 0
	if x.atStart != 0 && end > 0 {
		if held, at, which = x.scanFirst(&sc, x.candidates(src, 0), live, next[:], earliest); at >= 0 {
			return held, at, which
		}
		live &^= held
		i = 1
	}
	for ; i < end && live != 0; i++ {
		if !x.anyBegins.has(src[i]) {
			continue // most runes: one test, not a call of candidates
		}
		for _, s := range x.candidates(src, i) {
			k := s.k
			if live&(1<<k) == 0 || i < next[k] || !s.e.second.admits(src, i) || !x.accepted(&sc, k, i, s.e, next[:]) {
				continue
			}
			held |= 1 << k
			live &^= 1 << k
			if earliest {
				return held, i, k
			}
		}
	}
	return held, -1, -1
}

// candidates returns the acts src[i] begins that the rune after it can
// continue (at 0 scanFirst tries the acts with a ^-led alternative
// whatever this says).
func (x *actIndex) candidates(src []rune, i int) []actStart {
	if !x.anyBegins.has(src[i]) {
		return nil
	}
	n := x.begins.get(src[i])
	if !x.follow[n].admits(src, i) {
		return nil
	}
	return x.starts[n]
}

// accepted tries act k at i, where its last match ended at next[k] or
// before, through its entry e for src[i] (nil: look it up, and at 0 try the
// ^-led alternatives too). It moves next[k] past a match and reports whether
// the act's conditions accept it.
func (x *actIndex) accepted(sc *altScan, k, i int, e *runeEntry, next []int) bool {
	p := x.acts[k].match
	sc.p = p
	var end int
	var allowed, found bool
	if e == nil {
		end, allowed, found = sc.matchAt(i, sc.src[i], false)
	} else {
		// Act k was missed at i-1 if its last match ended before and
		// src[i-1] begins one of its alternatives (which a run head's
		// rune does).
		end, allowed, found = sc.matchEntry(i, e, i > 0 && next[k] <= i-1)
	}
	if !found {
		return false
	}
	next[k] = end
	return !allowed && p.Cond.Accept(sc.t, i, end)
}

// scanFirst is scan's step at offset 0, where the acts with a ^-led
// alternative are tried as well as those list holds.
func (x *actIndex) scanFirst(sc *altScan, list []actStart, live actMask, next []int, earliest bool) (held actMask, at, which int) {
	cand := x.atStart
	for _, s := range list {
		cand |= 1 << s.k
	}
	for cand &= live; cand != 0; cand &= cand - 1 {
		k := bits.TrailingZeros64(uint64(cand))
		if !x.accepted(sc, k, 0, nil, next) {
			continue
		}
		held |= 1 << k
		if earliest {
			return held, 0, k
		}
	}
	return held, -1, -1
}

// holds returns the acts of want that t holds anywhere.
func (x *actIndex) holds(t *Text, want actMask) actMask {
	if !x.ready(t) {
		var held actMask
		for k, a := range x.acts {
			if want&(1<<k) != 0 {
				if _, ok := a.Find(t, -1); ok {
					held |= 1 << k
				}
			}
		}
		return held
	}
	held, _, _ := x.scan(t, want, -1, false)
	return held
}

// find is Acts.Find over the index's acts.
func (x *actIndex) find(t *Text, limit int) (int, *Act, bool) {
	if t == nil || len(t.Norm) == 0 || !x.ready(t) {
		return Acts(x.acts).Find(t, limit)
	}
	_, at, k := x.scan(t, 1<<len(x.acts)-1, limit, true)
	if at < 0 {
		return -1, nil, false
	}
	return at, x.acts[k], true
}
