package rules

import "unicode"

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
}

// NewText prepares a message. norm and fold must be as long as orig.
// seg may be nil when no rule needs word boundaries (the tokens are then
// one per rune).
func NewText(orig, norm, fold []rune, seg Segmenter) *Text {
	t := &Text{Orig: orig, Norm: norm, Fold: fold, seg: seg}
	t.quoted = quotedSpans(norm)
	return t
}

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

// quotePairs are the marks whose contents are quoted words, not the
// speaker's own.
var quotePairs = map[rune]rune{'“': '”', '「': '」', '『': '』', '《': '》', '‘': '’', '"': '"', '〈': '〉'}

func quotedSpans(rs []rune) []Span {
	var spans []Span
	for i := 0; i < len(rs); i++ {
		closeMark, ok := quotePairs[rs[i]]
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
