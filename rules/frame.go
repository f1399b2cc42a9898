package rules

import "slices"

// The predicates of a Frame that read words: parts of speech, the subject
// of a clause, the person it is about, its mood. They look no further
// than the clause (or, for the mood, the sentence) of the match.

// POSAt returns the part of speech of the word that starts at i (after) or
// ends at i (before), "" when the clause ends there and "?" when i falls
// inside a word.
func (t *Text) POSAt(i int, after bool) string {
	if after && (i >= len(t.Norm) || IsBreak(t.Norm[i])) || !after && (i <= 0 || IsBreak(t.Norm[i-1])) {
		return ""
	}
	at := i
	if !after {
		at = i - 1
	}
	for _, tk := range t.Tokens(at) {
		if after && tk.Start == i || !after && tk.End == i {
			return tk.POS
		}
	}
	return "?"
}

// subjectGapPOS are the parts of speech that may stand between a subject
// and its predicate without being either: adverbs (也, 还, 暂时) and time
// words (现在, 目前).
var subjectGapPOS = []string{"d", "t", "ad"}

// HasSubject reports whether one of subjects is the subject of the
// predicate at s: it stands before s in the clause, with only gap words,
// adverbs or time words between. A word after a preposition is its object,
// not a subject (在我们这里不能用).
func (t *Text) HasSubject(s int, subjects, gap [][]rune) bool {
	for p := s; p > 0; {
		if IsBreak(t.Norm[p-1]) {
			return false
		}
		if w := longestEnding(t, p, subjects); w > 0 {
			return t.POSAt(p-w, false) != "p"
		}
		if w := longestEnding(t, p, gap); w > 0 {
			p -= w
			continue
		}
		tk, ok := t.tokenEnding(p)
		if !ok || !slices.Contains(subjectGapPOS, tk.POS) {
			return false
		}
		p = tk.Start
	}
	return false
}

// tokenEnding returns the word of p's clause that ends at p.
func (t *Text) tokenEnding(p int) (Token, bool) {
	for _, tk := range t.Tokens(p - 1) {
		if tk.End == p {
			return tk, true
		}
	}
	return Token{}, false
}

// longestEnding returns the length of the longest of ws that ends at p, or 0.
func longestEnding(t *Text, p int, ws [][]rune) int {
	n := 0
	for _, w := range ws {
		if len(w) > n && t.HasAt(p-len(w), w) {
			n = len(w)
		}
	}
	return n
}

// NearestPerson returns the person word (of a or b) that stands nearest
// before s in its clause: who the clause is about.
func (t *Text) NearestPerson(s int, a, b [][]rune) ([]rune, bool) {
	for p := s; p > 0 && !IsBreak(t.Norm[p-1]); p-- {
		best := -1
		for _, w := range slices.Concat(a, b) {
			if t.HasAt(p-len(w), w) && (best < 0 || len(w) > best) {
				best = len(w)
			}
		}
		if best > 0 {
			return t.Norm[p-best : p], true
		}
	}
	return nil, false
}

// Question reports whether the sentence that holds offset e asks
// something: it ends in a question mark, or in 吗 before its end.
// Sentences end at 。！？；, a line break, the end of the message, or a
// space (chat exports join a run of messages with spaces).
func (t *Text) Question(e int) bool {
	i := e
	for i < len(t.Norm) && !sentenceEnd(t.Norm[i]) {
		i++
	}
	if i < len(t.Norm) && (t.Norm[i] == '？' || t.Norm[i] == '?') {
		return true
	}
	j := i - 1
	for j >= e && IsBreak(t.Norm[j]) {
		j--
	}
	return j >= e && t.Norm[j] == '吗'
}

func sentenceEnd(r rune) bool {
	switch r {
	case '。', '！', '!', '？', '?', '；', ';', '\n', ' ', '\t':
		return true
	}
	return false
}

// IsEmpty reports whether f sets no predicate.
func (f *Frame) IsEmpty() bool {
	return len(f.In)+len(f.Before)+len(f.After)+len(f.Earlier)+len(f.NextPOS)+len(f.PrevPOS)+len(f.Subject)+len(f.Person) == 0 &&
		f.BeforeRe == nil && f.AfterRe == nil && !f.Question
}
