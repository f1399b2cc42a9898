package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"strings"
	"sync"
	"unicode/utf8"
)

// Pattern is the rule kind for phrases with a shape rather than a fixed
// spelling: 我/我们 + 不能/不会/做不了, four capitals in a row, !!.
type Pattern struct {
	Meta
	Re   *regexp.Regexp
	Cond Cond
	// CaseSensitive runs Re on Fold (letter case kept) instead of Norm.
	CaseSensitive bool
	// Allow lists whole matches that are not hits (VIP, NFC for shouting),
	// compared as written in Fold.
	Allow map[string]bool

	// Set by Init when it can tell the runes a match begins with: those
	// runes as a Bloom filter for the message (nil when a branch is tried
	// at the start whatever the runes) and exactly, and Re's top-level
	// alternatives, each anchored and tried only where one of its own first
	// runes stands.
	first  *RuneBloom
	starts *runeSet
	alts   []*patternAlt
	// byRune gives, for each rune a match can begin with, the alternatives
	// with a regexp (indexes into alts, in order) that can begin with it,
	// so that a 50-way alternation costs one or two small programs at a
	// candidate rather than one large one, and the node of lits to walk on
	// from. startAlts are the alternatives tied to the start, tried at 0.
	byRune    *runeEntries
	startAlts []int
	// lits holds the strings of the alternatives that are a finite set.
	lits *litTrie
	// scan holds starts for checkAt's loop over every rune (see startScan).
	scan startScan
	// least is the fewest runes a match of the alternatives spans (at
	// least 1): checkAt tries no offset closer than that to the end.
	least int
	// prepared makes the alternatives on the first Check a message's runes
	// let through: a one-reply process then builds only what it reaches.
	prepared *sync.Once
}

// patternAlt is one top-level alternative of a Pattern's regexp. Leftmost-
// first, the match of an alternation at an offset is the match of its first
// alternative that matches there, so trying them in order finds Re's match.
type patternAlt struct {
	src string
	// run is the alternative's program, made on its first try; anchored its
	// regexp, compiled the first time the program gives up (see runeprog.go).
	made, compiled sync.Once
	run            *runeProg
	anchored       *regexp.Regexp
	// starts holds the runes a match can begin with (after the ^ of an
	// alternative tied to the start: nil there when they are too many).
	starts *runeSet
	// atStart: the alternative begins with ^ and is tried at offset 0 only.
	atStart bool
	// next[d] holds the runes the (d+1)th rune of any match is one of.
	next []*runeSet
	// last holds the runes a match can end with (for bounded alternatives).
	last *runeSet
	// head is X for an alternative that begins with X+, rest the program
	// of what follows when it cannot begin with X, tail the runes a match
	// ending with $ can end with (see altfilter.go).
	head, tail *runeSet
	rest       *runeProg
	// least is the fewest runes a match spans.
	least int
	// span is the most runes a match can span (0: no bound, or a $ that
	// needs the rest of the text). The anchored regexp is given only that
	// much text: Go's backtracker clears state in proportion to its input
	// at every call.
	span int
	// lits are the strings the alternative matches, in the order a
	// backtracker prefers them, when they are a small finite set: it is
	// then looked up in the Pattern's litTrie, not run (see literal.go).
	lits [][]rune
}

// Init prepares the prefilter: the runes a match of Re can begin with. A
// message holding none of them cannot match, and the regexp is not run.
// The engine calls it once, before any Check; without it Check runs the
// regexp on every message.
func (p *Pattern) Init() {
	p.Cond.Init(nil)
	p.first, p.starts, p.alts, p.byRune, p.startAlts, p.lits, p.prepared = nil, nil, nil, nil, nil, nil, nil
	re, err := syntax.Parse(p.Re.String(), syntax.Perl)
	if err != nil {
		return
	}
	p.prepared = new(sync.Once)
	ranges, nullable, ok := firstRunes(re.Simplify())
	if !ok || nullable {
		return
	}
	if rangeCount(ranges) > maxFirstRunes {
		return // too many to be worth a filter
	}
	var b RuneBloom
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			b.Add(r)
		}
	}
	p.first = &b
}

// maxFirstRunes is the most runes a pattern's matches may begin with for
// its first-rune filters to be worth building.
const maxFirstRunes = 1024

// rangeCount returns how many runes the pairs of range ends hold.
func rangeCount(ranges []rune) int {
	n := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		n += int(ranges[i+1]-ranges[i]) + 1
	}
	return n
}

// prepare splits Re into the alternatives checkAt tries.
func (p *Pattern) prepare() {
	if alts, all, ok := splitAlts(p.Re.String()); ok {
		p.alts, p.starts, p.lits = alts, newRuneSet(all), newLitTrie(alts)
		p.scan = newStartScan(p.starts, all)
		p.least = alts[0].least
		for _, a := range alts {
			p.least = min(p.least, a.least)
		}
		p.least = max(1, p.least)
		p.byRune = runeIndex(alts, all, p.lits)
		for j, a := range alts {
			if a.atStart && a.lits == nil {
				p.startAlts = append(p.startAlts, j)
			}
		}
	}
}

// prog returns the alternative's program, anchored at its start (nil if
// it has none: the regexp answers).
func (a *patternAlt) prog() *runeProg {
	a.made.Do(func() { a.run = newRuneProg(a.src) })
	return a.run
}

// re returns the alternative anchored at the start of its input.
func (a *patternAlt) re() *regexp.Regexp {
	a.compiled.Do(func() { a.anchored = regexp.MustCompile(`^(?:` + a.src + `)`) })
	return a.anchored
}

// splitAlts prepares re's top-level alternatives for checkAt, and returns
// the runes the ones not tied to the start can begin with. ok is false when
// an alternative cannot be tried at an offset on its own (see
// newPatternAlt) or when together they can begin with too many runes.
func splitAlts(src string) (alts []*patternAlt, all []rune, ok bool) {
	total := 0
	for _, part := range topAlternatives(src) {
		a, ranges, ok := newPatternAlt(part)
		if !ok {
			return nil, nil, false
		}
		if a.atStart {
			// Tried at offset 0 only, and only if the text's first rune can
			// begin it: an alternative without a bound runs on the whole text.
			if rangeCount(ranges) <= maxFirstRunes {
				a.starts = newRuneSet(ranges)
			}
		} else {
			// Counted before the set is built: a class such as [^x] would
			// fill every page of it.
			if total += rangeCount(ranges); total > maxFirstRunes {
				return nil, nil, false
			}
			a.starts = newRuneSet(ranges)
			all = append(all, ranges...)
		}
		alts = append(alts, a)
	}
	return alts, all, true
}

// newPatternAlt parses one top-level alternative and, unless it is tied to
// the start, its prefilters; ranges are the runes it can begin with. ok is
// false when it cannot be tried at an offset on its own: it can match the
// empty string, its first runes are unknown, or it holds an assertion that
// looks at the text before the offset (a ^ not at its start, \b, a
// multi-line ^ or $).
func newPatternAlt(part string) (a *patternAlt, ranges []rune, ok bool) {
	sub, err := syntax.Parse(part, syntax.Perl)
	if err != nil {
		return nil, nil, false
	}
	sub = sub.Simplify()
	a = &patternAlt{src: part}
	body := sub
	switch {
	case sub.Op == syntax.OpConcat && len(sub.Sub) > 0 && sub.Sub[0].Op == syntax.OpBeginText:
		a.atStart = true
		body = &syntax.Regexp{Op: syntax.OpConcat, Flags: sub.Flags, Sub: sub.Sub[1:]}
	case sub.Op == syntax.OpBeginText:
		return nil, nil, false // matches the empty string
	}
	if hasLookBehind(body) {
		return nil, nil, false
	}
	ranges, nullable, ok := firstRunes(body)
	if !ok || nullable {
		return nil, nil, false
	}
	if _, err := syntax.Compile(sub); err != nil {
		return nil, nil, false // compiled for real on first use
	}
	a.least, _ = spanRunes(body)
	a.follow(body)
	a.head, a.tail = runHead(body), tailRunes(body)
	a.rest = headRest(body, a.head)
	if !a.atStart && !hasAssertionBut(body, syntax.OpEndText) {
		a.bound(body)
		if !hasAssertion(body) {
			a.lits, _ = expandLits(body)
		}
	}
	return a, ranges, true
}

// follow sets the runes the second to fourth runes of a match must be. An
// assertion is taken to hold wherever it stands: the sets are those of a
// pattern that matches more, still a filter.
func (a *patternAlt) follow(body *syntax.Regexp) {
	if prog, err := syntax.Compile(body); err == nil {
		if d := runesAtDepth(prog, 4); len(d) > 1 {
			a.next = d[1:]
		}
	}
}

// bound sets the span and end runes of an alternative tried at any offset
// whose matches are bounded, which holds no assertion but $.
func (a *patternAlt) bound(body *syntax.Regexp) {
	if _, n := spanRunes(body); n > 0 {
		a.span = n
		if hasAssertion(body) {
			// A $: the window is one rune longer than any match, so that
			// $ holds at its end only when that is the end of the text
			// (no match reaches the end of a window cut short).
			a.span++
		}
		if ends, nullable, ok := edgeRunes(body, true); ok && !nullable {
			a.last = newRuneSet(ends)
		}
	}
}

// topAlternatives cuts a regular expression at its top-level |, outside
// groups and classes (the source, not the parsed tree: printing a parsed
// tree back costs more than compiling it). A flag group at the top, which
// would reach across the |, or a \Q…\E quote (not worth following) keeps
// the expression whole.
func topAlternatives(src string) []string {
	whole := []string{src}
	var out []string
	depth, from := 0, 0
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if strings.HasPrefix(src[i+1:], "Q") {
				return whole
			}
			i++
		case '[':
			if i = classEnd(src, i); i < 0 {
				return whole
			}
		case '(':
			if depth == 0 && isFlagGroup(src[i+1:]) {
				return whole
			}
			depth++
		case ')':
			depth--
		case '|':
			if depth == 0 {
				out = append(out, src[from:i])
				from = i + 1
			}
		}
	}
	return append(out, src[from:])
}

// classEnd returns the offset of the ] that closes the class opened at
// src[i] (len(src) if none does), or -1 for a \Q inside it.
func classEnd(src string, i int) int {
	switch {
	case strings.HasPrefix(src[i+1:], "^]"):
		i += 2 // a ] first in a class stands for itself
	case strings.HasPrefix(src[i+1:], "]"):
		i++
	}
	for i++; i < len(src); i++ {
		switch src[i] {
		case '\\':
			if strings.HasPrefix(src[i+1:], "Q") {
				return -1
			}
			i++
		case ']':
			return i
		case '[':
			if !strings.HasPrefix(src[i+1:], ":") {
				continue
			}
			if j := strings.Index(src[i:], ":]"); j >= 0 {
				i += j + 1 // a named class such as [:alpha:] inside
			}
		}
	}
	return len(src)
}

// isFlagGroup reports whether a group whose text after the ( is rest sets
// flags, (?i) or (?i:…), rather than only grouping or capturing.
func isFlagGroup(rest string) bool {
	return strings.HasPrefix(rest, "?") && !strings.HasPrefix(rest, "?:") &&
		!strings.HasPrefix(rest, "?P<") && !strings.HasPrefix(rest, "?<")
}

// runeIndex gives each rune of ranges its entry: the alternatives with a
// regexp, not tied to the start, that can begin with it, in order, and the
// node of lits along it.
func runeIndex(alts []*patternAlt, ranges []rune, lits *litTrie) *runeEntries {
	idx := newRuneEntries()
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1]; r++ {
			if idx.has(r) {
				continue
			}
			e := runeEntry{node: -1}
			for j, a := range alts {
				if !a.atStart && a.lits == nil && a.starts.has(r) {
					e.alts = append(e.alts, j)
				}
			}
			if lits != nil {
				e.node = lits.child(0, r)
			}
			e.second = secondRunes(alts, lits, e)
			idx.set(r, e)
		}
	}
	return idx
}

// secondRunes returns what can stand second in a match through e (see
// runeEntry): the labels out of its trie node and the runes each of its
// alternatives' second rune can be (patternAlt.next, which continues asks
// for); any rune when a match may be one rune long or an alternative does
// not say.
func secondRunes(alts []*patternAlt, lits *litTrie, e runeEntry) nextRunes {
	var n nextRunes
	if e.node >= 0 {
		nd := lits.nodes[e.node]
		if nd.rank != noRank {
			return nextRunes{any: true} // a string of one rune
		}
		for c := nd.kids; c < nd.kidsEnd; c++ {
			n.runes.add(lits.labels[c])
		}
	}
	for _, j := range e.alts {
		if len(alts[j].next) == 0 {
			return nextRunes{any: true}
		}
		n.addSet(alts[j].next[0])
	}
	return n
}

// hasLookBehind reports whether re holds an assertion whose truth at an
// offset depends on the text before it, or a multi-line $ (a lone $ is the
// end of the text, which the rest of the text from an offset still has).
func hasLookBehind(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasLookBehind(sub) {
			return true
		}
	}
	return false
}

// runesAtDepth returns, for d = 0, 1, … below the length of the shortest
// match and below limit, the runes that the dth rune of a match can be:
// the union over every path through prog. A text whose rune at i+d is in
// none of them has no match at i.
func runesAtDepth(prog *syntax.Prog, limit int) []*runeSet {
	var out []*runeSet
	states := map[uint32]bool{uint32(prog.Start): true}
	for len(out) < limit {
		pcs := make([]uint32, 0, len(states))
		for pc := range states {
			pcs = append(pcs, pc)
		}
		var ranges []rune
		next := map[uint32]bool{}
		certain := followEmpty(prog, pcs, true, func(in *syntax.Inst) bool {
			switch in.Op {
			case syntax.InstFail:
				return true
			case syntax.InstRune1:
				ranges = append(ranges, in.Rune[0], in.Rune[0])
			case syntax.InstRune:
				if syntax.Flags(in.Arg)&syntax.FoldCase != 0 || len(in.Rune)%2 != 0 {
					return false
				}
				ranges = append(ranges, in.Rune...)
			default: // a match may end here, or any rune: deeper runes are not certain
				return false
			}
			next[in.Out] = true
			return true
		})
		if !certain || len(ranges) == 0 {
			return out
		}
		out = append(out, newRuneSet(ranges))
		states = next
	}
	return out
}

// spanRunes returns the fewest and the most runes a match of re can span;
// most is -1 when there is no bound.
func spanRunes(re *syntax.Regexp) (fewest, most int) {
	switch re.Op {
	case syntax.OpLiteral:
		return len(re.Rune), len(re.Rune)
	case syntax.OpCharClass, syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return 1, 1
	case syntax.OpCapture:
		return spanRunes(re.Sub[0])
	case syntax.OpQuest:
		_, most = spanRunes(re.Sub[0])
		return 0, most
	case syntax.OpStar:
		return 0, -1
	case syntax.OpPlus:
		fewest, _ = spanRunes(re.Sub[0])
		return fewest, -1
	case syntax.OpRepeat:
		fewest, most = spanRunes(re.Sub[0])
		if re.Max < 0 || most < 0 {
			return re.Min * fewest, -1
		}
		return re.Min * fewest, re.Max * most
	case syntax.OpConcat, syntax.OpAlternate:
		for i, sub := range re.Sub {
			lo, hi := spanRunes(sub)
			switch {
			case re.Op == syntax.OpConcat:
				fewest += lo
			case i == 0 || lo < fewest:
				fewest = lo
			}
			switch {
			case most < 0 || hi < 0:
				most = -1
			case re.Op == syntax.OpConcat:
				most += hi
			default:
				most = max(most, hi)
			}
		}
		return fewest, most
	}
	return 0, 0 // empty matches and assertions
}

// hasAssertion reports whether re holds a zero-width assertion.
func hasAssertion(re *syntax.Regexp) bool {
	return hasAssertionBut(re, syntax.OpNoMatch)
}

// hasAssertionBut reports whether re holds a zero-width assertion other
// than one of kind but.
func hasAssertionBut(re *syntax.Regexp, but syntax.Op) bool {
	switch re.Op {
	case but:
	case syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return true
	}
	for _, sub := range re.Sub {
		if hasAssertionBut(sub, but) {
			return true
		}
	}
	return false
}

// runeSet is a set of runes: the Basic Multilingual Plane as 256-rune
// pages of a bitmap, nil where the set has none (two loads a look-up, and
// a set of a few Chinese characters takes 2 KB, not 8), the planes above
// as ranges.
type runeSet struct {
	pages  [256]*[4]uint64
	ranges []rune // pairs of range ends above U+FFFF
}

func newRuneSet(ranges []rune) *runeSet {
	s := &runeSet{}
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := ranges[i], ranges[i+1]
		for r, end := max(lo, 0), min(hi, 0xFFFF); r <= end; {
			pg := s.pages[r>>8]
			if pg == nil {
				pg = new([4]uint64)
				s.pages[r>>8] = pg
			}
			if r&63 == 0 && r+63 <= end {
				// A whole word at once: a class such as [^\p{Han}] covers
				// most of the plane.
				pg[(r>>6)&3] = ^uint64(0)
				r += 64
				continue
			}
			pg[(r>>6)&3] |= 1 << (r & 63)
			r++
		}
		if hi > 0xFFFF {
			s.ranges = append(s.ranges, max(lo, 0x10000), hi)
		}
	}
	return s
}

func (s *runeSet) has(r rune) bool {
	if uint32(r) <= 0xFFFF {
		pg := s.pages[r>>8]
		return pg != nil && pg[(r>>6)&3]&(1<<(r&63)) != 0
	}
	return s.above(r)
}

func (s *runeSet) above(r rune) bool {
	for i := 0; i+1 < len(s.ranges); i += 2 {
		if s.ranges[i] <= r && r <= s.ranges[i+1] {
			return true
		}
	}
	return false
}

// startScan is a set of the runes a match may begin with, as a loop over
// every rune of a text asks it: a Bloom filter first (exact for ASCII and,
// when few runes above ASCII are in the set, a few of its bits for them),
// then the bitmap, which only a rune the filter lets through reads. A
// bitmap of 8 KB costs a cache line for nearly every rune of a Chinese
// reply: in BenchmarkHandler/bench two patterns, one that begins with
// capitals and one with 不 or 我, read 22 lines so in a cold cache.
type startScan struct {
	quick runeBloom
	bits  *bmpSet  // the set up to U+FFFF
	set   *runeSet // the set, for the runes above
}

// newStartScan returns the scan of set, which holds the runes of ranges
// (pairs of range ends).
func newStartScan(set *runeSet, ranges []rune) startScan {
	sc := startScan{bits: set.bmp(), set: set}
	above := 0
	for i := 0; i+1 < len(ranges); i += 2 {
		lo, hi := max(ranges[i], utf8.RuneSelf), ranges[i+1]
		if above += max(0, int(hi-lo)+1); above > maxQuickRunes {
			break
		}
	}
	if above > maxQuickRunes {
		sc.quick[2], sc.quick[3] = ^uint64(0), ^uint64(0) // every rune above ASCII passes
	}
	for i := 0; i+1 < len(ranges); i += 2 {
		for r := ranges[i]; r <= ranges[i+1] && (r < utf8.RuneSelf || above <= maxQuickRunes); r++ {
			sc.quick.add(r)
		}
	}
	return sc
}

// maxQuickRunes is the most runes above ASCII a startScan's filter tells
// of: past a few dozen its 128 bits for them are mostly set.
const maxQuickRunes = 32

// next returns the first offset from i below end of a rune in the set, or
// end (i may be past it). The loop keeps its state in registers.
func (sc *startScan) next(src []rune, i, end int) int {
	if i >= end {
		return end
	}
	for k, r := range src[i:end] {
		// quick.has(r), written out with the test of ASCII first: the
		// loop's every instruction is paid at every rune.
		if uint32(r) < utf8.RuneSelf {
			if sc.quick[r>>6&1]&(1<<(r&63)) != 0 {
				return i + k
			}
			continue
		}
		if h := hashedBit(r); sc.quick[h>>6&3]&(1<<(h&63)) == 0 {
			continue
		}
		if uint32(r) <= 0xFFFF && sc.bits.has(r) || uint32(r) > 0xFFFF && sc.set.has(r) {
			return i + k
		}
	}
	return end
}

// bmpSet is a set of runes of the Basic Multilingual Plane as a bitmap of
// 8 KB: one load tells a rune. A loop over every rune of a text tests it
// where a runeSet's two loads and a nil test were most of the loop's cost;
// a rune above U+FFFF is the caller's to test.
type bmpSet [1 << 10]uint64

// bmpSetOf returns the runes of ranges (pairs of range ends) up to U+FFFF.
func bmpSetOf(ranges []rune) *bmpSet { return newRuneSet(ranges).bmp() }

// bmp returns the runes of s up to U+FFFF as a bmpSet: its pages side by
// side, the empty ones zero.
func (s *runeSet) bmp() *bmpSet {
	b := new(bmpSet)
	for i, pg := range s.pages {
		if pg != nil {
			copy(b[4*i:4*i+4], pg[:])
		}
	}
	return b
}

// add puts r in the set, or the rune of the plane with its low 16 bits
// (which has tells of too: a set of a plane's runes takes that as a filter).
func (b *bmpSet) add(r rune) {
	r &= 0xFFFF
	b[r>>6] |= 1 << (r & 63)
}

// has reports whether r, a rune up to U+FFFF, is in the set (of a rune
// above it, whether the rune of the plane with its low 16 bits is).
func (b *bmpSet) has(r rune) bool {
	r &= 0xFFFF
	return b[r>>6]&(1<<(r&63)) != 0
}

// firstRunes returns the runes a match of re can begin with, as pairs of
// range ends; nullable if it can match the empty string; ok false if it
// cannot tell (any rune, case folding).
func firstRunes(re *syntax.Regexp) (ranges []rune, nullable, ok bool) {
	return edgeRunes(re, false)
}

// edgeRunes is firstRunes, or with last the runes a match can end with.
func edgeRunes(re *syntax.Regexp, last bool) (ranges []rune, nullable, ok bool) {
	switch re.Op {
	case syntax.OpNoMatch:
		return nil, false, true
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText,
		syntax.OpEndText, syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return nil, true, true
	case syntax.OpLiteral:
		return literalEdge(re, last)
	case syntax.OpCharClass:
		return re.Rune, false, true
	case syntax.OpCapture:
		return edgeRunes(re.Sub[0], last)
	case syntax.OpStar, syntax.OpQuest:
		ranges, _, ok = edgeRunes(re.Sub[0], last)
		return ranges, true, ok
	case syntax.OpPlus:
		return edgeRunes(re.Sub[0], last)
	case syntax.OpRepeat:
		if re.Max == 0 {
			return nil, true, true
		}
		ranges, nullable, ok = edgeRunes(re.Sub[0], last)
		return ranges, nullable || re.Min == 0, ok
	case syntax.OpConcat:
		return concatEdge(re.Sub, last)
	case syntax.OpAlternate:
		return alternateEdge(re.Sub, last)
	}
	return nil, false, false
}

// literalEdge is edgeRunes for a literal: its first or last rune, unknown
// under case folding.
func literalEdge(re *syntax.Regexp, last bool) (ranges []rune, nullable, ok bool) {
	if re.Flags&syntax.FoldCase != 0 {
		return nil, false, false
	}
	if len(re.Rune) == 0 {
		return nil, true, true
	}
	r := re.Rune[0]
	if last {
		r = re.Rune[len(re.Rune)-1]
	}
	return []rune{r, r}, false, true
}

// concatEdge is edgeRunes for a concatenation: the edge runes of its parts
// from the edge inwards, up to and including the first that cannot be
// empty.
func concatEdge(subs []*syntax.Regexp, last bool) (ranges []rune, nullable, ok bool) {
	for k := range subs {
		sub := subs[k]
		if last {
			sub = subs[len(subs)-1-k]
		}
		rs, subNullable, subOK := edgeRunes(sub, last)
		if !subOK {
			return nil, false, false
		}
		ranges = append(ranges, rs...)
		if !subNullable {
			return ranges, false, true
		}
	}
	return ranges, true, true
}

// alternateEdge is edgeRunes for an alternation: the union of its
// branches' edge runes.
func alternateEdge(subs []*syntax.Regexp, last bool) (ranges []rune, nullable, ok bool) {
	for _, sub := range subs {
		rs, subNullable, subOK := edgeRunes(sub, last)
		if !subOK {
			return nil, false, false
		}
		ranges = append(ranges, rs...)
		nullable = nullable || subNullable
	}
	return ranges, nullable, true
}

// Check emits every accepted match.
func (p *Pattern) Check(t *Text, emit func(Hit)) {
	if p.first != nil && !t.MayHave(p.first, p.CaseSensitive) {
		return
	}
	if p.prepared != nil && !t.Full() {
		p.prepared.Do(p.prepare)
	}
	if p.alts != nil && !t.Full() {
		p.checkAt(t, emit)
		return
	}
	var s string
	if p.CaseSensitive {
		s = t.FoldString()
	} else {
		s = t.String()
	}
	eachMatch(p.Re, s, func(start, end int, match string) {
		if !p.Allow[match] && p.Cond.Accept(t, start, end) {
			emit(Hit{Start: start, End: end, Rule: &p.Meta})
		}
	})
}

// eachMatch calls fn for every match of re in s, with its offsets in runes:
// the regexp reports bytes, counted into runes as the matches go by.
func eachMatch(re *regexp.Regexp, s string, fn func(start, end int, match string)) {
	byteAt, runeAt := 0, 0
	for _, m := range re.FindAllStringIndex(s, -1) {
		runeAt += utf8.RuneCountInString(s[byteAt:m[0]])
		start := runeAt
		runeAt += utf8.RuneCountInString(s[m[0]:m[1]])
		byteAt = m[1]
		fn(start, runeAt, s[m[0]:m[1]])
	}
}

// checkAt finds what Check finds by trying the anchored alternatives only
// at the runes they can begin with: leftmost-first, the first offset with a
// match is where Re's leftmost match starts, and the first alternative
// matching there gives Re's match. Matches do not overlap: the next is
// looked for from where one ends.
func (p *Pattern) checkAt(t *Text, emit func(Hit)) {
	src := t.Norm
	if p.CaseSensitive {
		src = t.Fold
	}
	sc := altScan{p: p, t: t, src: src}
	next := 0 // no match may start before next
	// Offset 0 is tried whatever its rune (an alternative may be tied to
	// the start), the others where a match can begin, and none so late that
	// the shortest match would not fit.
	last := len(src) - p.least
	for i := 0; i <= last; i = p.nextStart(src, max(i+1, next), last) {
		end, allowed, ok := sc.matchAt(i, src[i], i > 0 && next <= i-1)
		if !ok {
			continue
		}
		next = end
		if !allowed && p.Cond.Accept(t, i, end) {
			emit(Hit{Start: i, End: end, Rule: &p.Meta})
		}
	}
}

// nextStart returns the first offset from i up to last whose rune a match
// can begin with, or last+1. Most runes begin none: they are passed over
// in this loop, which keeps its state in registers, not in checkAt's.
func (p *Pattern) nextStart(src []rune, i, last int) int {
	return p.scan.next(src, i, last+1)
}

// altScan is one pass of checkAt over a text: the runes it reads and, for
// alternatives without a bound on their span, the text as a string and a
// rune offset walked on to its byte offset there.
type altScan struct {
	p   *Pattern
	t   *Text
	src []rune // Norm, or Fold for a case-sensitive pattern
	// s is made on the first try of an unbounded alternative; byteAt is the
	// byte offset of rune runeAt in it.
	s              string
	runeAt, byteAt int
}

// matchAt returns the end of Re's match at offset i, whose rune is r, and
// whether that match is one of Allow's. At 0 every alternative is tried (the
// ^-led ones too); elsewhere only those that can begin with r. missed says
// that Re was tried at i-1 and had no match there: an alternative with a run
// head that holds src[i-1] has none at i either.
func (sc *altScan) matchAt(i int, r rune, missed bool) (end int, allowed, ok bool) {
	return sc.matchEntry(i, sc.p.byRune.get(r), missed)
}

// matchEntry is matchAt with the entry of src[i] in Pattern.byRune.
func (sc *altScan) matchEntry(i int, e *runeEntry, missed bool) (end int, allowed, ok bool) {
	if !e.second.admits(sc.src, i) && (i > 0 || len(sc.p.startAlts) == 0) {
		return 0, false, false // (at 0 the alternatives tied to the start are tried too)
	}
	// The best string of the finite alternatives, then the regexps of the
	// alternatives listed before it, which would win over it.
	lit, litEnd := -1, 0
	if e.node >= 0 {
		lit, litEnd = sc.p.lits.walk(sc.src, i, e.node)
	}
	before := len(sc.p.alts)
	if lit >= 0 {
		before = lit
	}
	if i == 0 && len(sc.p.startAlts) > 0 {
		end, allowed, ok = sc.tryFirst(e.alts, sc.src[0], before)
	} else {
		end, allowed, ok = sc.tryAlts(e.alts, i, before, missed)
	}
	if ok || lit < 0 {
		return end, allowed, ok
	}
	return litEnd, len(sc.p.Allow) > 0 && sc.p.Allow[string(sc.t.utf8(sc.src[i:litEnd]))], true
}

// tryAlts tries the alternatives alts (in order, those before before) at i
// and returns the first match.
func (sc *altScan) tryAlts(alts []int, i, before int, missed bool) (end int, allowed, ok bool) {
	for _, j := range alts {
		if j >= before {
			break
		}
		if a := sc.p.alts[j]; !(missed && a.head != nil && a.head.has(sc.src[i-1])) {
			if end, allowed, ok = sc.try(a, i); ok {
				return end, allowed, ok
			}
		}
	}
	return 0, false, false
}

// tryFirst is tryAlts at offset 0, whose rune is r: alts and the
// alternatives tied to the start that can begin with r, merged in order.
func (sc *altScan) tryFirst(alts []int, r rune, before int) (end int, allowed, ok bool) {
	k := 0
	for _, j := range sc.p.startAlts {
		if j >= before {
			break
		}
		if end, allowed, ok = sc.tryAlts(alts[k:], 0, j, false); ok {
			return end, allowed, ok
		}
		for k < len(alts) && alts[k] < j {
			k++
		}
		if a := sc.p.alts[j]; a.starts == nil || a.starts.has(r) {
			if end, allowed, ok = sc.try(a, 0); ok {
				return end, allowed, ok
			}
		}
	}
	return sc.tryAlts(alts[k:], 0, before, false)
}

// try runs alternative a anchored at i, once the runes after i can
// continue one of its matches.
func (sc *altScan) try(a *patternAlt, i int) (end int, allowed, ok bool) {
	if !a.continues(sc.src, i) || !a.mayEnd(sc.src, i) {
		return 0, false, false
	}
	if a.rest != nil {
		if end, ok, done := sc.tryHead(a, i); done {
			return end, ok && len(sc.p.Allow) > 0 && sc.p.Allow[string(sc.t.utf8(sc.src[i:end]))], ok
		}
	}
	if prog := a.prog(); prog != nil {
		if end, ok, done := prog.match(sc.src, i, sc.t.progMem()[:]); done {
			return end, ok && len(sc.p.Allow) > 0 && sc.p.Allow[string(sc.t.utf8(sc.src[i:end]))], ok
		}
	}
	if a.span > 0 {
		return sc.tryWindow(a, i)
	}
	return sc.tryRest(a, i)
}

// continues reports whether the runes after i are ones the second, third …
// runes of a match of a can be, and there are enough of them for its
// shortest match.
func (a *patternAlt) continues(src []rune, i int) bool {
	if i+len(a.next) >= len(src) {
		return false
	}
	for d, set := range a.next {
		if !set.has(src[i+1+d]) {
			return false
		}
	}
	return true
}

// tryWindow runs a bounded alternative on the most runes a match can span
// (try has seen that they may hold a match's end).
func (sc *altScan) tryWindow(a *patternAlt, i int) (end int, allowed, ok bool) {
	in := sc.t.utf8(sc.src[i:min(len(sc.src), i+a.span)])
	m := a.re().FindIndex(in)
	if m == nil {
		return 0, false, false
	}
	return i + utf8.RuneCount(in[:m[1]]), sc.p.Allow[string(in[:m[1]])], true
}

// tryRest runs an unbounded alternative on the rest of the text from i.
func (sc *altScan) tryRest(a *patternAlt, i int) (end int, allowed, ok bool) {
	if sc.s == "" {
		if sc.p.CaseSensitive {
			sc.s = sc.t.FoldString()
		} else {
			sc.s = sc.t.String()
		}
	}
	for ; sc.runeAt < i; sc.runeAt++ {
		sc.byteAt += runeSize(sc.src[sc.runeAt])
	}
	m := a.re().FindStringIndex(sc.s[sc.byteAt:])
	if m == nil {
		return 0, false, false
	}
	match := sc.s[sc.byteAt : sc.byteAt+m[1]]
	return i + utf8.RuneCountInString(match), sc.p.Allow[match], true
}

// runeSize is how many bytes string() writes for r.
func runeSize(r rune) int {
	if n := utf8.RuneLen(r); n > 0 {
		return n
	}
	return 3 // U+FFFD for an invalid rune
}

// Ratio is the rule kind for a reply that leans on one word much more than
// on others: 我 against 您/我们/咱们 (self-focus).
type Ratio struct {
	Meta
	Count   []string // counted words (我)
	NotIn   []string // longer words whose share of Count is taken back (我们, 我司)
	Against []string // words that balance Count (您, 我们, 咱们)
	Min     int      // at least this many counted words
	Factor  float64  // and more than Factor × the balancing ones

	// Set by Init: the words as runes, and the runes Count's words begin with.
	count, notIn, against [][]rune
	first                 *RuneBloom
}

// Init converts the words once and prepares the prefilter; the engine calls
// it once, before any Check.
func (r *Ratio) Init() {
	r.count, r.notIn, r.against = toRunes(r.Count), toRunes(r.NotIn), toRunes(r.Against)
	r.first = nil
	if r.Min > 0 && r.Factor >= 0 {
		// With no counted word the reply cannot be out of balance.
		var b RuneBloom
		for _, w := range r.count {
			if len(w) == 0 {
				return
			}
			b.Add(w[0])
		}
		r.first = &b
	}
}

// Check emits one span-less finding when the reply is out of balance.
func (r *Ratio) Check(t *Text, emit func(Hit)) {
	if r.first != nil && !t.MayHave(r.first, false) {
		return
	}
	count, notIn, against := r.count, r.notIn, r.against
	if count == nil {
		count, notIn, against = toRunes(r.Count), toRunes(r.NotIn), toRunes(r.Against)
	}
	n := countAll(t.Norm, count)
	if n < r.Min {
		return // taking back and balancing only lower the count
	}
	n -= countAll(t.Norm, notIn)
	if n < r.Min {
		return
	}
	a := countAll(t.Norm, against)
	if n >= r.Min && float64(n) > r.Factor*float64(a) {
		emit(Hit{Rule: &r.Meta, NoSpan: true})
	}
}

func toRunes(ws []string) [][]rune {
	out := make([][]rune, len(ws))
	for i, w := range ws {
		out[i] = []rune(w)
	}
	return out
}

func countAll(text []rune, words [][]rune) int {
	n := 0
	for _, wr := range words {
		if len(wr) == 0 {
			n += len(text) + 1
			continue
		}
		first := wr[0]
		if len(wr) > len(text) {
			continue
		}
		for i, r := range text[:len(text)-len(wr)+1] {
			if r == first && slices.Equal(text[i:i+len(wr)], wr) {
				n++
			}
		}
	}
	return n
}

// Length is the rule kind for an overlong reply.
type Length struct {
	Meta
	Max int // characters, not counting white space
}

// Check emits one span-less finding when the reply is longer than Max.
func (l *Length) Check(t *Text, emit func(Hit)) {
	if len(t.Norm) <= l.Max {
		return // not even counting white space is it too long
	}
	n := 0
	for _, r := range t.Norm {
		if r != ' ' && r != '\n' && r != '\t' && r != '\r' {
			n++
		}
	}
	if n > l.Max {
		emit(Hit{Rule: &l.Meta, NoSpan: true})
	}
}
