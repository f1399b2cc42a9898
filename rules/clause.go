package rules

import "slices"

// LookWindow bounds every look of the clause model to the left or right of
// an offset: a run of spaces or marks longer than this ends the look, as a
// clause break would. It keeps each question about a position constant in
// cost, whatever the input.
const LookWindow = 32

// ClauseMarks declares how text divides into clauses and sentences. All
// runes are in the normal form (half-width, so ， is written as ,).
type ClauseMarks struct {
	// Delimiters end a clause (, 。 ! ? ; : 、 ~ … and line breaks).
	Delimiters []rune
	// Points end a clause only when no Latin letter or digit follows
	// (. in 谢谢. but not in 4.5 or No.1).
	Points []rune
	// Soft runes (spaces) end a clause for the clause index and its mood,
	// but a position check looks through them: 好的 哦 keeps 哦 inside.
	Soft []rune
	// Sentence runes end a sentence as well as a clause.
	Sentence []rune
	// Openers are opening quotes and brackets: looking back for a clause
	// start passes over them (（哦， is still initial). Closers are their
	// closing marks: looking forward for a clause end passes over them.
	// Neither is a delimiter: 点击“+”哦。 is one clause, and 哦 ends it.
	Openers, Closers []rune
	// QuestionMarks make the clause they end a question; QuestionParticles
	// do when they are the clause's last word (还是没办法登录吗).
	QuestionMarks     []rune
	QuestionParticles [][]rune

	delim, point, soft, sentence, opener, closer, question *runeSet
}

func (c *ClauseMarks) init() {
	set := func(rs []rune) *runeSet {
		ranges := make([]rune, 0, 2*len(rs))
		for _, r := range rs {
			ranges = append(ranges, r, r)
		}
		return newRuneSet(ranges)
	}
	c.delim, c.point, c.soft, c.sentence = set(c.Delimiters), set(c.Points), set(c.Soft), set(c.Sentence)
	c.opener, c.closer, c.question = set(c.Openers), set(c.Closers), set(c.QuestionMarks)
}

// Clause is one clause of a text: its span (without the delimiters around
// it), its place, and its mood.
type Clause struct {
	Span
	Index, Sentence int
	// Question: the clause asks the customer something (ends in ? or 吗).
	Question bool
}

// Negation declares the words that negate what follows them in a clause.
type Negation struct {
	// Words negate (不, 没, 无法, 不能, 未, 别 …), where they begin a word.
	Words [][]rune
	// NotWords begin with a negator but do not negate (不错, 不好意思, 无论).
	NotWords [][]rune
	// Window is how many runes after a negator its scope reaches.
	Window int
	maxLen int
}

func (n *Negation) init() {
	for _, w := range n.Words {
		n.maxLen = max(n.maxLen, len(w))
	}
	if n.Window <= 0 || n.Window > LookWindow {
		n.Window = min(max(n.Window, 6), LookWindow)
	}
}

// isDelim reports whether the rune at i ends a clause; soft delimiters
// count only with soft.
func (t *Text) isDelim(i int, soft bool) bool {
	if t.model == nil {
		return IsBreak(t.Norm[i]) && (soft || !isSpace(t.Norm[i]))
	}
	c := &t.model.clauses
	r := t.Norm[i]
	switch {
	case c.delim.has(r):
		return true
	case c.soft.has(r):
		return soft
	case c.point.has(r):
		return i+1 >= len(t.Norm) || !isAlnum(t.Norm[i+1])
	}
	return false
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' }

// AtClauseStart reports whether s starts a clause: only spaces and opening
// marks stand between it and the start of the message or a delimiter.
// Closing marks, artefacts and @mentions are content (点击“+”哦: 哦 is not
// where a clause starts).
func (t *Text) AtClauseStart(s int) bool {
	for i := s - 1; i >= 0 && i >= s-LookWindow; i-- {
		r := t.Norm[i]
		if t.isDelim(i, false) {
			return true
		}
		if isSpace(r) || t.model != nil && (t.model.clauses.soft.has(r) || t.model.clauses.opener.has(r)) {
			continue
		}
		return false
	}
	return true // the start of the message, or a long run of marks
}

// AtClauseEnd reports whether e ends a clause: only spaces, closing marks
// and artefacts (a smiley after the last word) stand between it and the
// end of the message or a delimiter.
func (t *Text) AtClauseEnd(e int) bool {
	for i := e; i < len(t.Norm) && i < e+LookWindow; i++ {
		r := t.Norm[i]
		if t.isDelim(i, false) {
			return true
		}
		if isSpace(r) || t.model != nil && (t.model.clauses.soft.has(r) || t.model.clauses.closer.has(r)) {
			continue
		}
		if a, ok := t.ArtefactAt(i); ok && t.model != nil {
			i = a.End - 1
			continue
		}
		return false
	}
	return true
}

// Clauses returns the clauses of the text, in order, computing them on
// first use in one pass.
func (t *Text) Clauses() []Clause {
	if t.clausesDone {
		return t.clauses
	}
	t.clausesDone = true
	out := t.clauses[:0]
	sentence := 0
	for i := 0; i < len(t.Norm); {
		if t.isDelim(i, true) {
			if t.endsSentence(i) && len(out) > 0 && out[len(out)-1].Sentence == sentence {
				sentence++
			}
			i++
			continue
		}
		s := i
		for i < len(t.Norm) && !t.isDelim(i, true) {
			if a, ok := t.ArtefactAt(i); ok {
				i = a.End // a link's dots and slashes are no delimiters
				continue
			}
			i++
		}
		out = append(out, Clause{Span: Span{s, i}, Index: len(out), Sentence: sentence})
		out[len(out)-1].Question = t.question(s, i)
	}
	t.clauses = out
	return out
}

func (t *Text) endsSentence(i int) bool {
	if t.model == nil {
		return false
	}
	c := &t.model.clauses
	r := t.Norm[i]
	return c.sentence.has(r) || c.point.has(r) && t.isDelim(i, true)
}

// question reports whether the clause [s,e) is a question: a question mark
// follows it (past spaces), or its last word, before any artefact or
// closing mark, is a question particle.
func (t *Text) question(s, e int) bool {
	if t.model == nil {
		return false
	}
	c := &t.model.clauses
	for i := e; i < len(t.Norm) && i < e+LookWindow && t.isDelim(i, true); i++ {
		if c.question.has(t.Norm[i]) {
			return true
		}
		if !isSpace(t.Norm[i]) && !c.soft.has(t.Norm[i]) {
			break
		}
	}
	end := e
	for end > s && end > e-LookWindow {
		if a, ok := t.ArtefactAt(end - 1); ok {
			end = a.Start
			continue
		}
		if c.closer.has(t.Norm[end-1]) || c.question.has(t.Norm[end-1]) {
			end--
			continue
		}
		break
	}
	for _, p := range c.QuestionParticles {
		if end-len(p) >= s && t.HasAt(end-len(p), p) {
			return true
		}
	}
	return false
}

// ClauseOf returns the clause that holds offset i, and false for an offset
// on a delimiter.
func (t *Text) ClauseOf(i int) (Clause, bool) {
	cs := t.Clauses()
	k, _ := slices.BinarySearchFunc(cs, i, func(c Clause, i int) int {
		if c.End <= i {
			return -1
		}
		return 1
	})
	if k < len(cs) && cs[k].Start <= i {
		return cs[k], true
	}
	return Clause{}, false
}

// ClauseIsQuestion reports whether the clause that holds offset i asks
// the customer something (see Clause.Question).
func (t *Text) ClauseIsQuestion(i int) bool {
	c, ok := t.ClauseOf(i)
	return ok && c.Question
}

// Negated reports whether [s,e) lies in the scope of a negator: one of the
// declared negation words begins a word at most Window runes before s, in
// the same clause, and is not one of the words that only look negative.
func (t *Text) Negated(s, e int) bool {
	if t.model == nil || len(t.model.negation.Words) == 0 {
		return false
	}
	n := &t.model.negation
	c, ok := t.ClauseOf(s)
	if !ok {
		return false
	}
	for p := s - 1; p >= c.Start && p >= s-n.Window-n.maxLen; p-- {
		for _, w := range n.Words {
			if p+len(w) > s || !t.HasAt(p, w) || p+len(w) < s-n.Window {
				continue
			}
			if t.negatorAt(p) {
				return true
			}
		}
	}
	return false
}

// negatorAt reports whether the negator at p begins a word that is not
// one of the NotWords.
func (t *Text) negatorAt(p int) bool {
	tk, ok := t.TokenAt(p)
	if !ok || tk.Start != p {
		return false // 别 in 特别 begins no word
	}
	for _, w := range t.model.negation.NotWords {
		if t.HasAt(p, w) {
			return false
		}
	}
	return true
}
