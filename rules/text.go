package rules

import (
	"slices"
	"unicode"
	"unicode/utf8"
)

// Token is one word from segmentation, in rune offsets of the message.
type Token struct {
	Start, End int
	POS        string
}

// Segmenter splits a clause into words. Offsets in the result are relative
// to the clause passed in.
type Segmenter interface {
	Segment(clause []rune) []Token
}

// A BreakTeller is a Segmenter that can tell of some offsets of a clause,
// without segmenting it, that its words break there: KnownBreak reports
// true only when Segment(clause) has a word boundary at offset b for
// certain. Text asks it before it segments a clause for one boundary.
type BreakTeller interface {
	KnownBreak(clause []rune, b int) bool
}

// Span is a half-open range of rune offsets.
type Span struct{ Start, End int }

// Text is one message prepared for matching. Norm and Fold have exactly one
// rune for every rune of Orig, so an offset found in either is an offset
// into what the user wrote.
type Text struct {
	Orig []rune
	// Norm is what lexicon rules match: half-width, lower case, simplified.
	Norm []rune
	// Fold keeps letter case (shouting needs it) but is otherwise Norm.
	Fold []rune
	// Written is Norm before spelling variants (肿么 where Norm has 怎么),
	// for the rules that ban the variant itself; nil when none applied.
	Written []rune

	seg Segmenter
	// What Reset clears and what it keeps, apart: it writes over the one
	// in place and reslices the other, where a literal of the whole Text
	// was built on the stack (650 bytes) and copied over it, 1.6 KB of
	// code and 900 instructions in BenchmarkHandler/bench.
	textState
	textMem
}

// textState is what a Text learns of its message: Reset clears it all.
type textState struct {
	model *TextModel
	// unitsDone and the others say that the memory of that name holds
	// this message's (see textMem).
	unitsDone, quotedDone, artDone, clausesDone bool
	// bloom and foldBloom record which runes occur in Norm and Fold, so a
	// rule can tell cheaply that none of the runes it needs is there.
	bloom, foldBloom runeBloom
	// str and foldStr cache string(Norm) and string(Fold) for the regexps;
	// where foldIsNorm (no capital letter) they are one string.
	str, foldStr       string
	hasStr, hasFoldStr bool
	foldIsNorm         bool
	// full turns every shortcut off (see SetFull).
	full bool
}

// textMem is the memory a Text keeps from message to message.
type textMem struct {
	// units are the stretches segmented one at a time (see units), and
	// unitToks[2k], unitToks[2k+1] where unit k's tokens lie in toks
	// (-1: not segmented yet).
	units    []Span
	unitToks []int32
	toks     []Token
	// quoted are the quotations (see Quoted), found on first use: a
	// message no rule has a candidate in never needs them.
	quoted []Span
	// art are the artefacts (see Artefacts), clauses the clause index.
	art      []Span
	artWhich []uint16 // the index in model.artefacts of each of art
	clauses  []Clause
	// buf is scratch space for utf8, win for the artefact matcher's
	// windows (see artefactMatcher.window), which a Follows test reads
	// with utf8 while the window is still in use.
	buf, win []byte
	// prog is the memory of a Pattern's program tries (see progMem).
	prog *progStackMem
}

// empty empties the memory for the next message (see reuse). The common
// case, no slice grown past reuse's bound, is told from the caps at once
// (their bits together are below it) and costs a store a slice: reuse at
// each slice was 640 bytes of code, ten cache lines for a cold request.
func (m *textMem) empty() {
	if cap(m.units)|cap(m.unitToks)|cap(m.toks)|cap(m.quoted)|cap(m.art)|cap(m.artWhich)|cap(m.clauses)|cap(m.buf)|cap(m.win) <= maxReused {
		m.units, m.unitToks, m.toks = m.units[:0], m.unitToks[:0], m.toks[:0]
		m.quoted, m.art, m.artWhich, m.clauses = m.quoted[:0], m.art[:0], m.artWhich[:0], m.clauses[:0]
		m.buf, m.win = m.buf[:0], m.win[:0]
		return
	}
	m.units, m.unitToks, m.toks = reuse(m.units), reuse(m.unitToks), reuse(m.toks)
	m.quoted, m.art, m.artWhich, m.clauses = reuse(m.quoted), reuse(m.art), reuse(m.artWhich), reuse(m.clauses)
	m.buf, m.win = reuse(m.buf), reuse(m.win)
}

// NewText prepares a message. norm and fold must be as long as orig.
// seg may be nil when no rule needs word boundaries (the tokens are then
// one per rune).
func NewText(orig, norm, fold []rune, seg Segmenter) *Text {
	t := &Text{}
	t.Reset(orig, norm, fold, seg)
	return t
}

// Reset makes t the text NewText would make, reusing its memory: an engine
// checking many messages keeps a few Texts instead of allocating one each.
func (t *Text) Reset(orig, norm, fold []rune, seg Segmenter) {
	t.Orig, t.Norm, t.Fold, t.Written, t.seg = orig, norm, fold, nil, seg
	t.textState = textState{}
	t.textMem.empty()
	t.foldIsNorm = true
	fold = fold[:len(norm)] // as long (see NewText): one bounds check, not one a rune
	for i, r := range norm {
		t.bloom.add(r)
		if f := fold[i]; f != r {
			t.foldBloom.add(f) // Fold differs from Norm only in letter case
			t.foldIsNorm = false
		}
	}
	for k := range t.foldBloom {
		t.foldBloom[k] |= t.bloom[k] // a superset of Fold's runes: still a Bloom filter
	}
}

// maxReused is the largest cap of a slice reuse keeps.
const maxReused = 1 << 14

// reuse empties s for the next message, keeping its memory unless one long
// message grew it: a pooled Text should not hold a megabyte for good.
func reuse[T any](s []T) []T {
	if cap(s) > maxReused {
		return nil
	}
	return s[:0]
}

// SetFull makes t the reference for the fast path: the whole message is
// segmented at once, up front, and rules skip none of their work on the
// strength of a prefilter. It is slow; the equivalence tests compare its
// findings with the fast path's.
func (t *Text) SetFull() {
	t.full = true
	t.quoted, t.quotedDone = quotedSpans(t.quoted[:0], t.Norm), true
	t.Artefacts()
	t.Clauses()
	for k := range t.unitList() {
		t.unitTokens(k)
	}
}

// SetModel gives t the text model: artefacts, clause marks, negators,
// spelling variants (written over Norm and Fold here). A
// Text without one has no artefacts and takes every break as a delimiter.
// Call it right after Reset, before any rule reads t.
func (t *Text) SetModel(m *TextModel) {
	t.model = m
	t.applyVariants()
}

// Full reports whether SetFull was called: rules must then run without
// their shortcuts.
func (t *Text) Full() bool { return t.full }

// String returns Norm as a string, converted once per message.
func (t *Text) String() string {
	if !t.hasStr {
		if t.foldIsNorm && t.hasFoldStr {
			t.str = t.foldStr
		} else {
			t.str = string(t.Norm)
		}
		t.hasStr = true
	}
	return t.str
}

// SetString gives t string(Norm) where the caller has it at hand (the
// message as written, when normalising changed no rune of it), so that
// String and, without capitals, FoldString need not convert. It is
// ignored once a spelling variant was written over Norm.
func (t *Text) SetString(s string) {
	if t.Written != nil {
		return
	}
	t.str, t.hasStr = s, true
	if t.foldIsNorm {
		t.foldStr, t.hasFoldStr = s, true
	}
}

// utf8 returns rs as UTF-8 (as string(rs) would write it) in a buffer
// that the next call overwrites.
func (t *Text) utf8(rs []rune) []byte {
	t.buf = t.buf[:0]
	for _, r := range rs {
		t.buf = utf8.AppendRune(t.buf, r)
	}
	return t.buf
}

// FoldString returns Fold as a string, converted once per message.
func (t *Text) FoldString() string {
	if !t.hasFoldStr {
		if t.foldIsNorm && t.hasStr {
			t.foldStr = t.str
		} else {
			t.foldStr = string(t.Fold)
		}
		t.hasFoldStr = true
	}
	return t.foldStr
}

// MayHave reports whether Norm (or Fold, with fold) may hold a rune of the
// set. False is certain: no such rune is there.
func (t *Text) MayHave(set *RuneBloom, fold bool) bool {
	if t.full || set == nil {
		return true
	}
	if fold {
		return t.foldBloom.any(&set.b)
	}
	return t.bloom.any(&set.b)
}

// RuneBloom is a set of runes kept as a 256-bit Bloom filter: ASCII
// exactly, other runes hashed onto 128 bits.
type RuneBloom struct{ b runeBloom }

// Add puts r in the set.
func (s *RuneBloom) Add(r rune) { s.b.add(r) }

// Has reports whether r may be in the set; false is certain.
func (s *RuneBloom) Has(r rune) bool { return s.b.has(r) }

type runeBloom [4]uint64

func bloomBit(r rune) uint32 {
	if r < 128 {
		return uint32(r)
	}
	return hashedBit(r)
}

// hashedBit is bloomBit of a rune above ASCII.
func hashedBit(r rune) uint32 { return 128 + uint32(r)*2654435761>>25 }

func (b *runeBloom) add(r rune) {
	bit := bloomBit(r)
	b[bit>>6] |= 1 << (bit & 63)
}

func (b *runeBloom) has(r rune) bool {
	bit := bloomBit(r)
	return b[bit>>6]&(1<<(bit&63)) != 0
}

func (b *runeBloom) any(o *runeBloom) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// openMarks holds the marks that open a quotation.
// It is read-only: a fixed table, never written after package initialisation.
var openMarks = func() (b runeBloom) {
	for _, r := range []rune{'“', '「', '『', '《', '‘', '"', '〈'} {
		b.add(r)
	}
	return b
}()

// Len is the message length in runes.
func (t *Text) Len() int { return len(t.Norm) }

// Quoted reports whether [s,e) lies inside quotation or title marks: words
// the agent quotes (the customer's, a product's name) are not the agent's own.
func (t *Text) Quoted(s, e int) bool {
	quoted := t.quotations()
	// Quotations do not overlap: only the last one starting at or before s can hold [s,e).
	k, _ := slices.BinarySearchFunc(quoted, s, func(q Span, s int) int {
		if q.Start <= s {
			return -1
		}
		return 1
	})
	return k > 0 && e <= quoted[k-1].End
}

// quotations returns the quotations of Norm, finding them on first use.
func (t *Text) quotations() []Span {
	if !t.quotedDone {
		t.quotedDone = true
		if t.bloom.any(&openMarks) {
			t.quoted = quotedSpans(t.quoted, t.Norm)
		}
	}
	return t.quoted
}

// closing returns the mark that closes a quotation opened by r: words
// the agent quotes are not the speaker's own. (openMarks lists the same.)
func closing(r rune) (rune, bool) {
	switch r {
	case '“':
		return '”', true
	case '「':
		return '」', true
	case '『':
		return '』', true
	case '《':
		return '》', true
	case '‘':
		return '’', true
	case '"':
		return '"', true
	case '〈':
		return '〉', true
	}
	return 0, false
}

// quotedSpans finds the quotations of rs: from an opening mark to the
// first closing mark of its kind after it. An opening mark with no closing
// one is passed over; noClose remembers that, so that a text of unclosed
// marks is read once, not once per mark.
func quotedSpans(spans []Span, rs []rune) []Span {
	var noClose []rune
	for i := 0; i < len(rs); i++ {
		closeMark, ok := closing(rs[i])
		if !ok || slices.Contains(noClose, closeMark) {
			continue
		}
		j := i + 1
		for j < len(rs) && rs[j] != closeMark {
			j++
		}
		if j == len(rs) {
			noClose = append(noClose, closeMark)
			continue
		}
		spans = append(spans, Span{i + 1, j})
		i = j
	}
	return spans
}

// IsBreak reports whether r ends a clause: punctuation, symbols and spaces.
// Letters, digits and CJK characters never do.
func IsBreak(r rune) bool {
	// CJK Unified Ideographs and letters: the common case, quickly (each
	// range one unsigned comparison, small enough to be inlined).
	if uint32(r-0x4E00) <= 0x9FFF-0x4E00 || uint32(r-'a') <= 'z'-'a' {
		return false
	}
	return isBreakElse(r)
}

// isBreakElse is IsBreak past its common case, apart so that the common
// case is inlined into the loops over every rune of a text (unitList).
// ASCII and the blocks of Chinese punctuation are looked up in breakBlocks;
// the rest asks the Unicode tables, whose searches for the marks of a
// Chinese reply (。，！) were some 300 instructions a short reply.
func isBreakElse(r rune) bool {
	for i := range breakBlocks {
		b := &breakBlocks[i]
		if k := uint32(r - b.first); k < uint32(len(b.bits))*64 {
			return b.bits[k>>6]&(1<<(k&63)) != 0
		}
	}
	return isBreakRune(r)
}

// isBreakRune is IsBreak, asking the Unicode tables.
func isBreakRune(r rune) bool {
	if r >= '0' && r <= '9' {
		return false
	}
	switch r {
	case '%', '％', '-', '_', '\'', '.', '·':
		// Parts of numbers and names (100%, USB-C, No.1, 4.5).
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
}

// breakBlock holds isBreakRune of the 256 runes from first on.
type breakBlock struct {
	first rune
	bits  [4]uint64
}

// breakBlocks are the blocks isBreakElse looks up: ASCII, CJK Symbols and
// Punctuation, General Punctuation and the Halfwidth and Fullwidth Forms.
// It is read-only: a fixed table, never written after package
// initialisation (some 1,000 runes asked once).
var breakBlocks = func() (bs [4]breakBlock) {
	for i, first := range []rune{0, 0x3000, 0x2000, 0xFF00} {
		bs[i].first = first
		for k := range rune(256) {
			if isBreakRune(first + k) {
				bs[i].bits[k>>6] |= 1 << (k & 63)
			}
		}
	}
	return bs
}()

// MaxUnit is the most runes segmented at once: a longer run without a
// break is cut into pieces of this length, so that segmenting and every
// question about a word cost a constant per rune.
const MaxUnit = 128

// unitList returns the units of the text, computing them on first use in
// one pass: each artefact is a unit, and so is each run of runes between
// breaks and artefacts, cut every MaxUnit runes.
func (t *Text) unitList() []Span {
	if t.unitsDone {
		return t.units
	}
	t.unitsDone = true
	art := t.Artefacts()
	units := t.units[:0]
	norm := t.Norm // not t.Norm at every rune: IsBreak's call may write *t, to the compiler
	k := 0
	for i := 0; i < len(norm); {
		if k < len(art) && art[k].Start == i {
			units = append(units, art[k])
			i = art[k].End
			k++
			continue
		}
		if IsBreak(norm[i]) {
			i++
			continue
		}
		end := len(norm)
		if k < len(art) {
			end = art[k].Start
		}
		s := i
		for i < end && !IsBreak(norm[i]) {
			if i++; i-s == MaxUnit {
				units = append(units, Span{s, i})
				s = i
			}
		}
		if i > s {
			units = append(units, Span{s, i})
		}
	}
	t.units = units
	t.unitToks = slices.Grow(t.unitToks[:0], 2*len(units))[:2*len(units)]
	for j := range t.unitToks {
		t.unitToks[j] = -1
	}
	return units
}

// unitOf returns the index of the unit that holds offset i, or -1.
func (t *Text) unitOf(i int) int {
	units := t.unitList()
	if k := endingAfter(units, i); k < len(units) && units[k].Start <= i {
		return k
	}
	return -1
}

// endingAfter returns the index of the first of spans, sorted and not
// overlapping, that ends after i, or len(spans): a binary search written
// out, where slices.BinarySearchFunc's call of a closure at each step was
// most of the cost of the few steps a text's units or artefacts take.
func endingAfter(spans []Span, i int) int {
	lo, hi := 0, len(spans)
	for lo < hi {
		m := int(uint(lo+hi) >> 1)
		if spans[m].End <= i {
			lo = m + 1
		} else {
			hi = m
		}
	}
	return lo
}

// ClauseAt returns the stretch of text segmented together with offset i:
// the run of non-break runes around it (at most MaxUnit of them), or the
// artefact that holds it. On a break outside artefacts it is empty.
func (t *Text) ClauseAt(i int) Span {
	if k := t.unitOf(i); k >= 0 {
		return t.units[k]
	}
	return Span{i, i}
}

// Tokens returns the words of the stretch that holds offset i (see
// ClauseAt), segmenting it on first use; nil on a break. Segmenting only
// where a candidate needs it keeps clean replies and long transcripts
// cheap. An artefact is one word, of part of speech "artefact".
func (t *Text) Tokens(i int) []Token {
	k := t.unitOf(i)
	if k < 0 {
		return nil
	}
	return t.unitTokens(k)
}

// ArtefactPOS is the part of speech of an artefact's token.
const ArtefactPOS = "artefact"

func (t *Text) unitTokens(k int) []Token {
	if off := t.unitToks[2*k]; off >= 0 {
		return t.toks[off:t.unitToks[2*k+1]:t.unitToks[2*k+1]]
	}
	u := t.units[k]
	off := len(t.toks)
	switch {
	case t.isArtefact(u):
		t.toks = append(t.toks, Token{Start: u.Start, End: u.End, POS: ArtefactPOS})
	case t.seg != nil:
		for _, tk := range t.seg.Segment(t.Norm[u.Start:u.End]) {
			t.toks = append(t.toks, Token{Start: tk.Start + u.Start, End: tk.End + u.Start, POS: tk.POS})
		}
	default:
		for p := u.Start; p < u.End; p++ {
			t.toks = append(t.toks, Token{Start: p, End: p + 1})
		}
	}
	t.unitToks[2*k], t.unitToks[2*k+1] = int32(off), int32(len(t.toks))
	return t.toks[off:len(t.toks):len(t.toks)]
}

func (t *Text) isArtefact(u Span) bool {
	a, ok := t.ArtefactAt(u.Start)
	return ok && a == u
}

// TokenAt returns the word that holds offset i.
func (t *Text) TokenAt(i int) (Token, bool) {
	toks := t.Tokens(i)
	k, _ := slices.BinarySearchFunc(toks, i, func(tk Token, i int) int {
		if tk.End <= i {
			return -1
		}
		return 1
	})
	if k < len(toks) && toks[k].Start <= i {
		return toks[k], true
	}
	return Token{}, false
}

// Aligned reports whether [s,e) starts and ends on word boundaries. If not,
// outer is the word that straddles the start or the end of the span (the
// longer word the match sits inside).
//
// An edge that is an edge of its unit is a word boundary without
// segmenting: gse cuts a unit into words that tile it from its first rune
// to its last, so its first word starts where it starts and its last ends
// where it ends. A match that is a whole clause (亲, 好的) needs no words.
func (t *Text) Aligned(s, e int) (ok bool, outer Token) {
	startOK, endOK := false, false
	if t.unitStarts(s) || t.knownBreak(s) {
		startOK = true
	} else if tk, found := t.TokenAt(s); found {
		startOK = tk.Start == s
		if tk.Start < s {
			outer = tk
		}
	}
	if e > s {
		if t.unitEnds(e) || t.knownBreak(e) {
			endOK = true
		} else if tk, found := t.TokenAt(e - 1); found {
			endOK = tk.End == e
			if tk.End > e && outer.End == 0 {
				outer = tk
			}
		}
	}
	return startOK && endOK, outer
}

// unitStarts reports whether a unit starts at offset i; never on the full
// path, which asks the words.
func (t *Text) unitStarts(i int) bool {
	k := t.unitOf(i)
	return !t.full && k >= 0 && t.units[k].Start == i
}

// knownBreak reports whether the segmenter can tell, without segmenting,
// that a word boundary falls at offset i inside its unit; never on the
// full path, nor where the unit is cut already (its words say it then).
func (t *Text) knownBreak(i int) bool {
	bt, ok := t.seg.(BreakTeller)
	if !ok || t.full {
		return false
	}
	k := t.unitOf(i)
	if k < 0 || t.unitToks[2*k] >= 0 {
		return false
	}
	u := t.units[k]
	return u.Start < i && !t.isArtefact(u) && bt.KnownBreak(t.Norm[u.Start:u.End], i-u.Start)
}

// unitEnds reports whether the unit that holds offset e-1 ends at e;
// never on the full path.
func (t *Text) unitEnds(e int) bool {
	k := t.unitOf(e - 1)
	return !t.full && k >= 0 && t.units[k].End == e
}

// AlignedRun reports whether [s,e) is a run of whole words: it starts
// where a word (or the text, or a break) starts and ends where one ends.
// An exception written as a longer word (not_in 亲自) holds only for such
// a run: in 需要亲自己购买 the words are 亲|自己, and 亲自 is no run.
func (t *Text) AlignedRun(s, e int) bool {
	return t.boundary(s) && t.boundary(e)
}

// boundary reports whether offset i lies between two words: no word
// straddles it.
func (t *Text) boundary(i int) bool {
	if i <= 0 || i >= len(t.Norm) || t.unitStarts(i) || t.knownBreak(i) {
		return true
	}
	tk, ok := t.TokenAt(i)
	return !ok || tk.Start == i
}

// HasAt reports whether Norm holds w at offset i.
func (t *Text) HasAt(i int, w []rune) bool {
	if i < 0 || i+len(w) > len(t.Norm) {
		return false
	}
	for k, r := range w {
		if t.Norm[i+k] != r {
			return false
		}
	}
	return true
}
