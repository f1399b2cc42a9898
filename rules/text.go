package rules

import (
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

	seg    Segmenter
	clause map[int][]Token // tokens of a clause, by the clause's start
	quoted []Span

	// bloom and foldBloom record which runes occur in Norm and Fold, so a
	// rule can tell cheaply that none of the runes it needs is there.
	bloom, foldBloom runeBloom
	// str and foldStr cache string(Norm) and string(Fold) for the regexps.
	str, foldStr       string
	hasStr, hasFoldStr bool
	// buf is scratch space for utf8.
	buf []byte
	// full turns every shortcut off (see SetFull).
	full bool
	all  []Token // with full: the tokens of the whole message
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
	clause := t.clause
	clear(clause)
	*t = Text{Orig: orig, Norm: norm, Fold: fold, seg: seg, clause: clause, quoted: t.quoted[:0], buf: t.buf[:0]}
	for i, r := range norm {
		t.bloom.add(r)
		if f := fold[i]; f != r {
			t.foldBloom.add(f) // Fold differs from Norm only in letter case
		}
	}
	for k := range t.foldBloom {
		t.foldBloom[k] |= t.bloom[k] // a superset of Fold's runes: still a Bloom filter
	}
	if t.bloom.any(&openMarks) {
		t.quoted = quotedSpans(t.quoted, norm)
	}
}

// SetFull makes t the reference for the fast path: the whole message is
// segmented at once, up front, and rules skip none of their work on the
// strength of a prefilter. It is slow; the equivalence tests compare its
// findings with the fast path's.
func (t *Text) SetFull() {
	t.full = true
	t.quoted = quotedSpans(t.quoted[:0], t.Norm)
	if t.seg != nil {
		t.all = t.seg.Segment(t.Norm)
	} else {
		for k := range t.Norm {
			t.all = append(t.all, Token{Start: k, End: k + 1})
		}
	}
}

// Full reports whether SetFull was called: rules must then run without
// their shortcuts.
func (t *Text) Full() bool { return t.full }

// String returns Norm as a string, converted once per message.
func (t *Text) String() string {
	if !t.hasStr {
		t.str, t.hasStr = string(t.Norm), true
	}
	return t.str
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
		t.foldStr, t.hasFoldStr = string(t.Fold), true
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
func (s *RuneBloom) Has(r rune) bool {
	bit := bloomBit(r)
	return s.b[bit>>6]&(1<<(bit&63)) != 0
}

type runeBloom [4]uint64

func bloomBit(r rune) uint32 {
	if r < 128 {
		return uint32(r)
	}
	return 128 + uint32(r)*2654435761>>25
}

func (b *runeBloom) add(r rune) {
	bit := bloomBit(r)
	b[bit>>6] |= 1 << (bit & 63)
}

func (b *runeBloom) any(o *runeBloom) bool {
	return b[0]&o[0]|b[1]&o[1]|b[2]&o[2]|b[3]&o[3] != 0
}

// openMarks holds the marks that open a quotation.
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
	for _, q := range t.quoted {
		if s >= q.Start && e <= q.End {
			return true
		}
	}
	return false
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

func quotedSpans(spans []Span, rs []rune) []Span {
	for i := 0; i < len(rs); i++ {
		closeMark, ok := closing(rs[i])
		if !ok {
			continue
		}
		for j := i + 1; j < len(rs); j++ {
			if rs[j] == closeMark {
				spans = append(spans, Span{i + 1, j})
				i = j
				break
			}
		}
	}
	return spans
}

// IsBreak reports whether r ends a clause: punctuation, symbols and spaces.
// Letters, digits and CJK characters never do.
func IsBreak(r rune) bool {
	if r >= 0x4E00 && r <= 0x9FFF || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' {
		return false // CJK Unified Ideographs, letters and digits: the common case, quickly
	}
	switch r {
	case '%', '％', '-', '_', '\'', '.', '·':
		// Parts of numbers and names (100%, USB-C, No.1, 4.5).
		return false
	}
	return unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
}

// ClauseAt returns the clause that holds offset i: the run of non-break
// runes around it.
func (t *Text) ClauseAt(i int) Span {
	s, e := i, i
	for s > 0 && !IsBreak(t.Norm[s-1]) {
		s--
	}
	for e < len(t.Norm) && !IsBreak(t.Norm[e]) {
		e++
	}
	return Span{s, e}
}

// Tokens returns the words of the clause that holds offset i, segmenting it
// on first use. Segmenting clause by clause, only where a candidate needs
// it, keeps clean replies and long transcripts cheap.
func (t *Text) Tokens(i int) []Token {
	if t.full {
		return t.all
	}
	c := t.ClauseAt(i)
	if toks, ok := t.clause[c.Start]; ok {
		return toks
	}
	var toks []Token
	if t.seg != nil && c.End > c.Start {
		toks = t.seg.Segment(t.Norm[c.Start:c.End])
		for k := range toks {
			toks[k].Start += c.Start
			toks[k].End += c.Start
		}
	} else {
		for k := c.Start; k < c.End; k++ {
			toks = append(toks, Token{Start: k, End: k + 1})
		}
	}
	if t.clause == nil {
		t.clause = make(map[int][]Token)
	}
	t.clause[c.Start] = toks
	return toks
}

// Aligned reports whether [s,e) starts and ends on word boundaries. If not,
// outer is the word that straddles the start or the end of the span (the
// longer word the match sits inside).
func (t *Text) Aligned(s, e int) (ok bool, outer Token) {
	startOK, endOK := false, false
	for _, tk := range t.Tokens(s) {
		if tk.Start == s {
			startOK = true
		}
		if tk.Start < s && tk.End > s {
			outer = tk
		}
	}
	if e > s {
		for _, tk := range t.Tokens(e - 1) {
			if tk.End == e {
				endOK = true
			}
			if tk.Start < e && tk.End > e && outer.End == 0 {
				outer = tk
			}
		}
	}
	return startOK && endOK, outer
}

// AtClauseStart reports whether only spaces stand between the start of the
// message or a clause break and offset s.
func (t *Text) AtClauseStart(s int) bool {
	for i := s - 1; i >= 0; i-- {
		r := t.Norm[i]
		if r == ' ' || r == '\t' {
			continue
		}
		return IsBreak(r)
	}
	return true
}

// AtClauseEnd reports whether only spaces stand between offset e and the
// end of the message or a clause break.
func (t *Text) AtClauseEnd(e int) bool {
	for i := e; i < len(t.Norm); i++ {
		r := t.Norm[i]
		if r == ' ' || r == '\t' {
			continue
		}
		return IsBreak(r)
	}
	return true
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
