package rules

import (
	"fmt"
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"unicode"
	"unicode/utf8"
)

// ArtefactWindow is the most runes an artefact may span, and how far back
// a Follows condition looks: every look of the text model is bounded, so
// no input costs more than a constant per rune.
const ArtefactWindow = 256

// Artefact is one declared kind of platform text that is not the agent's
// words: a smiley code, a mask an export put in place of data, a link, a
// mention, a number, a model code. Artefacts are found before any rule
// runs; no rule matches inside one, and each is a word boundary for the
// text around it.
type Artefact struct {
	ID   string
	Kind string // emoticon, mask, link, mention, topic, number, identifier, brand, kaomoji …
	// Pattern matches the artefact in Fold (letter case kept, half-width,
	// simplified). A submatch named "span" narrows the artefact to it (the
	// brand in 派克(PARKER) is the parenthesis, not the 克).
	Pattern string
	// Except: a whole match that Except matches is no artefact (6666 is a
	// number but also slang).
	Except string
	// Follows, when set, must match the text right before the match, up to
	// its end (write the $), looking back at most ArtefactWindow runes.
	Follows string
}

// Emoticon is the kind of the artefacts that TextModel.EmoticonWords
// turns into words.
const Emoticon = "emoticon"

type artefactMatcher struct {
	Artefact
	starts *runeSet
	span   int // submatch index of the "span" group, or 0 for the whole match
	// bytes is the window a match is looked for in: the most runes a match
	// can span (at most ArtefactWindow), one byte each for a pattern of
	// ASCII only, else three (the Basic Multilingual Plane).
	bytes int
	// re holds the regexps, compiled on the artefact's first try: most
	// messages hold none of the runes a given artefact begins with, and a
	// one-reply check should not compile what it never tries.
	re *artefactRegexps
	// least is the fewest runes a match spans: a window of holdable runes
	// shorter than that is passed over without running the regexp, whose
	// every call costs more than the test.
	least int
}

// artefactRegexps are an artefact's compiled patterns: Pattern anchored at
// the start of its input, Except and Follows (nil when not set).
type artefactRegexps struct {
	once                      sync.Once
	anchored, except, follows *regexp.Regexp
	// runes are the runes a match can hold, as sorted ranges (nil: any
	// rune). A match without assertions ends before the first rune it
	// cannot hold, so the window ends there too: the regexp is given the
	// "OK" of "OK的话", not 256 runes, and the backtracker, which clears
	// its state in proportion to its input, little to clear. Worked out
	// on the first try with the regexps: a New should not pay for them.
	runes []rune
	// holdable holds the runes of runes up to U+FFFF (see holds).
	holdable *bmpSet
	// need holds runes of which every match holds one (see needRanges):
	// the identifier of KFR-35GW needs a digit or a separator, so the
	// "OK" of "OK的话" is passed over without running the regexp.
	need *runeSet
}

// regexps returns a's compiled patterns, compiling them first.
func (a *artefactMatcher) regexps() *artefactRegexps {
	a.re.once.Do(func() {
		// Checked by compileArtefact: they parse, so they compile.
		a.re.anchored = regexp.MustCompile(`^(?:` + a.Pattern + `)`)
		if a.Except != "" {
			a.re.except = regexp.MustCompile(a.Except)
		}
		if a.Follows != "" {
			a.re.follows = regexp.MustCompile(a.Follows)
		}
		if re, err := syntax.Parse(a.Pattern, syntax.Perl); err == nil {
			re = unfold(re.Simplify())
			if all, ok := matchRunes(re, nil); ok {
				a.re.runes = mergeRanges(all)
				a.re.holdable = bmpSetOf(a.re.runes)
			}
			a.re.need = needSet(re)
		}
	})
	return a.re
}

// holds reports whether a match can hold r, for runes non-nil: one load for
// a rune of the Basic Multilingual Plane, a search of the ranges for one
// above it (a class such as [^\p{L}] has hundreds there).
func (re *artefactRegexps) holds(r rune) bool {
	if uint32(r) <= 0xFFFF {
		return re.holdable.has(r)
	}
	return inRanges(re.runes, r)
}

// TextModel is what the text is prepared with before any rule looks at
// it: the artefacts, the clause marks, the negators. It is built once and
// only read, so every Text of every goroutine shares it.
type TextModel struct {
	artefacts []artefactMatcher
	starts    *runeSet // the runes any artefact may begin with
	// scan holds starts for the loop over every rune (see startScan).
	scan startScan
	// byASCII lists for each ASCII rune the artefacts (indexes into
	// artefacts, in declared order) that can begin with it, and others
	// those that can begin with some rune above ASCII: an offset is tried
	// against those only, not against every artefact.
	byASCII [utf8.RuneSelf][]uint16
	others  []uint16
	// needs are the artefacts' need filters side by side (see
	// artefactNeed): a text is told from all of them in a few cache
	// lines. The search of a reply that holds no artefact (no digit,
	// bracket, @ or #: most replies) read its every rune against the
	// starts and ran the may tests of the artefacts a Latin letter begins:
	// in BenchmarkHandler/bench some 1,700 instructions and, in a cold
	// cache, 75 lines of code and data, against 600 and a few here.
	needs    []artefactNeed
	clauses  ClauseMarks
	negation Negation
	// variants are the spelling variants by their first rune; variantFirst
	// holds those runes, so that a message with none of them is passed
	// over in one test of its bloom, and variantStarts holds them exactly,
	// so that the runes of one that may hold them are tested without a map
	// look-up each.
	variants      map[rune][]*Variant
	variantFirst  runeBloom
	variantStarts *runeSet
}

// TextSpec is the data a TextModel is built from (dict/catalogue/text.toml
// and a team's config).
type TextSpec struct {
	Artefacts []Artefact
	// EmoticonWords makes an emoticon code count as the word it names
	// ([呵呵] as laughter); by default it is a code, not typed words.
	EmoticonWords bool
	Clauses       ClauseMarks
	Negation      Negation
	// Variants are internet spellings written over with their standard
	// words (see Variant).
	Variants []Variant
}

// NewTextModel checks and compiles spec. Every artefact pattern must be
// bounded (no * or + without a limit); a match is cut at ArtefactWindow runes.
func NewTextModel(spec TextSpec) (*TextModel, error) {
	m := &TextModel{clauses: spec.Clauses, negation: spec.Negation}
	var all []rune
	for _, a := range spec.Artefacts {
		if spec.EmoticonWords && a.Kind == Emoticon {
			continue
		}
		if len(m.artefacts) == 1<<16 {
			return nil, fmt.Errorf("more than %d artefacts", 1<<16)
		}
		am, ranges, needs, err := compileArtefact(a)
		if err != nil {
			return nil, fmt.Errorf("artefact %q: %w", a.ID, err)
		}
		for _, b := range needs {
			n := artefactNeed{runes: b}
			if k := len(m.artefacts); k < 256 {
				n.word, n.bit = uint8(k>>6), 1<<(k&63)
			}
			m.needs = append(m.needs, n)
		}
		m.indexStarts(uint16(len(m.artefacts)), am.starts, ranges)
		m.artefacts = append(m.artefacts, am)
		all = append(all, ranges...)
	}
	m.starts = newRuneSet(all)
	m.scan = newStartScan(m.starts, all)
	var firsts []rune // ranges of one rune each
	for i := range spec.Variants {
		v := &spec.Variants[i]
		if len(v.From) == 0 || len(v.From) != len(v.To) || slices.Equal(v.From, v.To) {
			return nil, fmt.Errorf("variant %q → %q: must be a different word of as many runes", string(v.From), string(v.To))
		}
		if m.variants == nil {
			m.variants = map[rune][]*Variant{}
		}
		m.variants[v.From[0]] = append(m.variants[v.From[0]], v)
		m.variantFirst.add(v.From[0])
		firsts = append(firsts, v.From[0], v.From[0])
	}
	m.variantStarts = newRuneSet(firsts)
	m.clauses.init()
	m.negation.init()
	return m, nil
}

// indexStarts adds artefact k, whose matches begin with the runes of
// starts (ranges as pairs of ends), to byASCII and others.
func (m *TextModel) indexStarts(k uint16, starts *runeSet, ranges []rune) {
	for r := range rune(utf8.RuneSelf) {
		if starts.has(r) {
			m.byASCII[r] = append(m.byASCII[r], k)
		}
	}
	for i := 1; i < len(ranges); i += 2 {
		if ranges[i] >= utf8.RuneSelf {
			m.others = append(m.others, k)
			break
		}
	}
}

// compileArtefact checks a and works out what its matcher needs before any
// text comes: the runes a match begins with (the second result), the
// filters of the runes a text must hold for a match (the third), its
// window, its span group. Its regexps are only parsed here, compiled on
// first use.
func compileArtefact(a Artefact) (artefactMatcher, []rune, []runeBloom, error) {
	am := artefactMatcher{Artefact: a, re: &artefactRegexps{}}
	fail := func(err error) (artefactMatcher, []rune, []runeBloom, error) { return am, nil, nil, err }
	if a.Pattern == "" {
		return fail(fmt.Errorf("no pattern"))
	}
	re, err := syntax.Parse(a.Pattern, syntax.Perl)
	if err != nil {
		return fail(fmt.Errorf("bad pattern %q: %v", a.Pattern, err))
	}
	if err := parses("except", a.Except); err != nil {
		return fail(err)
	}
	if err := parses("follows", a.Follows); err != nil {
		return fail(err)
	}
	am.span = max(0, slices.Index(re.CapNames(), "span"))
	re = re.Simplify()
	least, most := spanRunes(re)
	window := min(most, ArtefactWindow)
	am.bytes = window
	if !asciiOnly(re) {
		am.bytes *= 3
	}
	if window <= 0 {
		// Matches are tried on ArtefactWindow runes at most in any case;
		// a bound says the author knows how long the artefact can be.
		return fail(fmt.Errorf("pattern %q: bound every repetition ({0,40}, not * or +)", a.Pattern))
	}
	if hasAssertion(re) {
		return fail(fmt.Errorf("pattern %q: no ^, $ or \\b (use follows for what must stand before)", a.Pattern))
	}
	unfolded := unfold(re)
	ranges, nullable, ok := firstRunes(unfolded)
	if !ok || nullable {
		return fail(fmt.Errorf("pattern %q: cannot tell which runes it begins with (no case folding, no empty match)", a.Pattern))
	}
	am.starts = newRuneSet(ranges)
	am.least = least
	return am, ranges, needFilters(unfolded), nil
}

// artefactNeed is a Bloom filter of a set of runes of which every match
// of artefact of holds one (see matchNeeds): a text holding none of them
// holds no such match, and is not searched for it.
type artefactNeed struct {
	runes runeBloom
	// word and bit are of's place in an artefactSkip (bit 0 past the
	// first 256 artefacts: those are never skipped).
	word uint8
	bit  uint64
}

// needFilters returns Bloom filters of some of the sets of runes of which
// every match of re holds one each (matchNeeds): of the sets a filter
// tells of (none holding U+FFFD, as which the window reads an invalid rune
// or one its end cuts whatever the text holds, and none so large that the
// filter would pass every rune above ASCII), the maxNeeds smallest. Each
// is a test of every text, and a few tell most texts apart.
func needFilters(re *syntax.Regexp) []runeBloom {
	var sets [][]rune
	for _, ranges := range matchNeeds(re, nil) {
		if !inRanges(mergeRanges(ranges), utf8.RuneError) && rangeCount(ranges) <= maxNeedRunes {
			sets = append(sets, ranges)
		}
	}
	slices.SortStableFunc(sets, func(a, b []rune) int { return rangeCount(a) - rangeCount(b) })
	out := make([]runeBloom, min(len(sets), maxNeeds))
	for k := range out {
		for i := 0; i+1 < len(sets[k]); i += 2 {
			for r := sets[k][i]; r <= sets[k][i+1]; r++ {
				out[k].add(r)
			}
		}
	}
	return out
}

// maxNeedRunes is the most runes a need filter is made of: past some
// hundred runes above ASCII it holds every bit. maxNeeds is the most
// filters an artefact has.
const (
	maxNeedRunes = 256
	maxNeeds     = 3
)

// matchNeeds appends to out sets of runes (as pairs of range ends) of
// which every match of re holds a rune of each: of a concatenation, its
// parts' sets; of a literal, each of its runes; of anything else that
// tells, the set needRanges gives.
func matchNeeds(re *syntax.Regexp, out [][]rune) [][]rune {
	switch re.Op {
	case syntax.OpCapture, syntax.OpPlus:
		return matchNeeds(re.Sub[0], out)
	case syntax.OpRepeat:
		if re.Min == 0 {
			return out
		}
		return matchNeeds(re.Sub[0], out)
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			out = matchNeeds(sub, out)
		}
		return out
	case syntax.OpLiteral:
		if re.Flags&syntax.FoldCase != 0 {
			return out
		}
		for _, r := range re.Rune {
			out = append(out, []rune{r, r})
		}
		return out
	}
	if ranges, ok := needRanges(re); ok {
		out = append(out, ranges)
	}
	return out
}

// matchRunes appends to out the ranges of runes a match of re can hold;
// false when it can hold any rune (a dot).
func matchRunes(re *syntax.Regexp, out []rune) ([]rune, bool) {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return nil, false
	case syntax.OpLiteral:
		for _, r := range re.Rune {
			out = append(out, r, r)
		}
	case syntax.OpCharClass:
		out = append(out, re.Rune...)
	}
	for _, sub := range re.Sub {
		var ok bool
		if out, ok = matchRunes(sub, out); !ok {
			return nil, false
		}
	}
	return out, true
}

// mergeRanges sorts range pairs and joins those that overlap or touch.
func mergeRanges(rs []rune) []rune {
	pairs := make([][2]rune, 0, len(rs)/2)
	for i := 0; i+1 < len(rs); i += 2 {
		pairs = append(pairs, [2]rune{rs[i], rs[i+1]})
	}
	slices.SortFunc(pairs, func(a, b [2]rune) int { return int(a[0] - b[0]) })
	out := make([]rune, 0, len(rs))
	for _, p := range pairs {
		if n := len(out); n > 0 && p[0] <= out[n-1]+1 {
			out[n-1] = max(out[n-1], p[1])
			continue
		}
		out = append(out, p[0], p[1])
	}
	return out
}

// window appends to buf what the regexp of a is given at rune offset i
// of Fold: the first a.bytes bytes of string(Fold[i:]) (a rune the cut
// splits leaves its first bytes, which the regexp reads as U+FFFD each),
// encoded from the runes themselves, so that a message need not be
// converted whole for the few offsets an artefact may begin at. Off the
// full path it stops before the first rune a match cannot hold (see
// artefactRegexps.runes).
func (a *artefactMatcher) window(buf []byte, t *Text, re *artefactRegexps, i int) []byte {
	cut := !t.full && re.runes != nil
	var enc [utf8.UTFMax]byte
	for _, r := range t.Fold[i:] {
		if !utf8.ValidRune(r) {
			r = utf8.RuneError // as string(Fold) writes it
		}
		k := utf8.EncodeRune(enc[:], r)
		if len(buf)+k > a.bytes {
			if part := a.bytes - len(buf); part > 0 && (!cut || re.holds(utf8.RuneError)) {
				buf = append(buf, enc[:part]...)
			}
			break
		}
		if cut && !re.holds(r) {
			break
		}
		buf = append(buf, enc[:k]...)
	}
	return buf
}

// may reports whether a match of a can begin at offset i, from the runes
// there before any window is encoded or regexp run: the run of runes a
// match can hold must be as long as the shortest match (which is never
// empty) and hold one of the runes every match needs. The OK of OK的话 is
// passed over so: the identifier pattern needs a digit or a separator.
// Where the run reaches past the window's bytes the regexp decides.
func (a *artefactMatcher) may(t *Text, re *artefactRegexps, i int) bool {
	n, size, needed := 0, 0, re.need == nil
	for _, r := range t.Fold[i:] {
		r = validRune(r) // as string(Fold) writes it
		if size += utf8.RuneLen(r); size > a.bytes {
			return true
		}
		// holds, written out: this loop is hot and holds too large to inline.
		if re.runes != nil && !(uint32(r) <= 0xFFFF && re.holdable.has(r) || uint32(r) > 0xFFFF && inRanges(re.runes, r)) {
			break
		}
		n++
		needed = needed || re.need.has(r)
		if needed && n >= max(1, a.least) {
			return true
		}
	}
	return false
}

// inRanges reports whether r lies in one of the sorted ranges rs.
func inRanges(rs []rune, r rune) bool {
	// The first pair whose end is at or past r is the only one that can hold it.
	lo, hi := 0, len(rs)/2
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if rs[2*m+1] < r {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo < len(rs)/2 && rs[2*lo] <= r
}

// parses checks that expr, the artefact's key of that name, is a regular
// expression, if set.
func parses(key, expr string) error {
	if expr == "" {
		return nil
	}
	if _, err := syntax.Parse(expr, syntax.Perl); err != nil {
		return fmt.Errorf("%s: %v", key, err)
	}
	return nil
}

// asciiOnly reports whether every rune a match of re can hold is ASCII.
func asciiOnly(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpAnyChar, syntax.OpAnyCharNotNL:
		return false
	case syntax.OpLiteral:
		return re.Flags&syntax.FoldCase == 0 && !slices.ContainsFunc(re.Rune, func(r rune) bool { return r >= utf8.RuneSelf })
	case syntax.OpCharClass:
		return len(re.Rune) == 0 || re.Rune[len(re.Rune)-1] < utf8.RuneSelf
	}
	for _, sub := range re.Sub {
		if !asciiOnly(sub) {
			return false
		}
	}
	return true
}

// unfold rewrites the case-folded literals of re ([Oo] parses as a folded
// O) as classes of every case, so that firstRunes can tell its first runes.
// Only the nodes on the way to a folded literal are copied.
func unfold(re *syntax.Regexp) *syntax.Regexp {
	if re.Op == syntax.OpLiteral && re.Flags&syntax.FoldCase != 0 {
		cat := &syntax.Regexp{Op: syntax.OpConcat}
		for _, r := range re.Rune {
			class := &syntax.Regexp{Op: syntax.OpCharClass}
			for f := r; ; {
				class.Rune = append(class.Rune, f, f)
				if f = unicode.SimpleFold(f); f == r {
					break
				}
			}
			cat.Sub = append(cat.Sub, class)
		}
		return cat
	}
	var out *syntax.Regexp
	for i, sub := range re.Sub {
		u := unfold(sub)
		if u == sub {
			continue
		}
		if out == nil {
			cp := *re
			cp.Sub = slices.Clone(re.Sub)
			out = &cp
		}
		out.Sub[i] = u
	}
	if out == nil {
		return re
	}
	return out
}

// findArtefacts appends the artefacts of t to out, in order, without
// overlaps: at each offset the first declared artefact that matches wins,
// and the scan goes on after it. An artefact starts only where the rune
// before cannot begin the same artefact (a code is not found inside a
// longer run of its own runes), which also keeps the work linear.
//
// Off the full path the artefacts the text cannot hold (see mayHold) are
// not tried, and a text that can hold none is not read at all.
func (m *TextModel) findArtefacts(t *Text, out []Span, which []uint16) ([]Span, []uint16) {
	var skip artefactSkip
	if !t.full && !m.skipFor(t, &skip) {
		return out, which
	}
	fold := t.Fold
	for i := m.nextStart(fold, 0); i < len(fold); i = m.nextStart(fold, i+1) {
		if sp, k, ok := m.artefactAt(t, i, &skip); ok {
			out, which = append(out, sp), append(which, k)
			i = sp.End - 1
		}
	}
	return out, which
}

// nextStart returns the first offset from i of a rune an artefact may
// begin with, or len(fold). Most runes of a message begin none: they are
// passed over in this loop, which keeps its state in registers.
func (m *TextModel) nextStart(fold []rune, i int) int {
	return m.scan.next(fold, i, len(fold))
}

// artefactSkip marks the artefacts, of the first 256 declared, that a
// text cannot hold; the others are tried wherever they may begin.
type artefactSkip [4]uint64

func (s *artefactSkip) has(k uint16) bool {
	return k < 256 && s[k>>6]&(1<<(k&63)) != 0
}

// skipFor marks in skip the artefacts t cannot hold, those of which its
// Fold holds no rune of a need filter, and reports whether it may hold any.
func (m *TextModel) skipFor(t *Text, skip *artefactSkip) bool {
	b0, b1, b2, b3 := t.foldBloom[0], t.foldBloom[1], t.foldBloom[2], t.foldBloom[3]
	var sk artefactSkip // here, not through the pointer: the loop keeps it in registers
	needs := m.needs
	for i := range needs {
		n := &needs[i]
		if b0&n.runes[0]|b1&n.runes[1]|b2&n.runes[2]|b3&n.runes[3] == 0 {
			sk[n.word&3] |= n.bit
		}
	}
	*skip = sk
	if len(m.artefacts) > 256 {
		return true
	}
	for w, bits := range sk {
		// The artefacts of word w: all 64, fewer in the last, none past it.
		if n := len(m.artefacts) - 64*w; n > 0 && bits != ^uint64(0)>>(64-min(n, 64)) {
			return true
		}
	}
	return false
}

// artefactAt returns the first declared artefact that matches at i, an
// offset nextStart gave, and its index; the artefacts skip marks are not
// tried.
func (m *TextModel) artefactAt(t *Text, i int, skip *artefactSkip) (Span, uint16, bool) {
	r := t.Fold[i]
	ks := m.others // each to be asked: some rune above ASCII begins each
	if r < utf8.RuneSelf {
		ks = m.byASCII[r]
	}
	for _, k := range ks {
		a := &m.artefacts[k]
		if skip.has(k) || !a.starts.has(r) || i > 0 && a.starts.has(t.Fold[i-1]) {
			continue
		}
		if sp, ok := a.matchAt(t, i); ok {
			return sp, k, true
		}
	}
	return Span{}, 0, false
}

// matchAt tries a at rune offset i of t's Fold, on the window of it that
// a.window encodes (up to a.bytes bytes).
func (a *artefactMatcher) matchAt(t *Text, i int) (Span, bool) {
	re := a.regexps()
	if !t.full && !a.may(t, re, i) {
		return Span{}, false
	}
	in := a.window(t.win[:0], t, re, i)
	t.win = in
	m := re.anchored.FindSubmatchIndex(in)
	if m == nil || m[1] == 0 {
		return Span{}, false
	}
	if re.except != nil && re.except.Match(in[:m[1]]) {
		return Span{}, false
	}
	// t.utf8 writes t.buf, not t.win: in stays as it is.
	if re.follows != nil && !re.follows.Match(t.utf8(t.Fold[max(0, i-ArtefactWindow):i])) {
		return Span{}, false
	}
	from, to := 0, m[1]
	if a.span > 0 && m[2*a.span] >= 0 {
		from, to = m[2*a.span], m[2*a.span+1]
	}
	start := i + utf8.RuneCount(in[:from])
	end := start + utf8.RuneCount(in[from:to])
	if end <= start {
		return Span{}, false
	}
	return Span{start, end}, true
}

// Artefacts returns the artefacts of the text, in order. The text model
// finds them on first use.
func (t *Text) Artefacts() []Span {
	if !t.artDone {
		t.artDone = true
		if t.model != nil {
			t.art, t.artWhich = t.model.findArtefacts(t, t.art[:0], t.artWhich[:0])
		}
	}
	return t.art
}

// Opaque reports whether [s,e) overlaps an artefact: no rule's match may.
func (t *Text) Opaque(s, e int) bool {
	art := t.Artefacts()
	if len(art) == 0 {
		return false
	}
	// The first artefact that ends after s is the only one that can overlap.
	k := endingAfter(art, s)
	return k < len(art) && art[k].Start < max(e, s+1)
}

// ArtefactAt returns the artefact that holds offset i, if any.
func (t *Text) ArtefactAt(i int) (Span, bool) {
	sp, _, ok := t.ArtefactOf(i)
	return sp, ok
}

// ArtefactOf returns the artefact that holds offset i and its declaration.
func (t *Text) ArtefactOf(i int) (Span, *Artefact, bool) {
	art := t.Artefacts()
	if k := endingAfter(art, i); k < len(art) && art[k].Start <= i {
		return art[k], &t.model.artefacts[t.artWhich[k]].Artefact, true
	}
	return Span{}, nil, false
}
