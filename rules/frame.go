package rules

import "slices"

// The predicates of a Frame that read words: parts of speech, the subject
// of a clause, the person it is about, its mood. They look no further
// than the clause (or, for the mood, the sentence) of the match, and no
// further than LookWindow runes from it: a clause without a break could
// otherwise make every candidate in it walk the whole clause.

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
// It is read-only: a fixed table, never written after package initialisation.
var subjectGapPOS = []string{"d", "t", "ad"}

// HasSubject reports whether one of subjects is the subject of the
// predicate at s: it stands before s in the clause, with only gap words,
// adverbs or time words between, and ends within LookWindow runes of s. A
// word after a preposition is its object, not a subject (在我们这里不能用).
func (t *Text) HasSubject(s int, subjects, gap [][]rune) bool {
	_, ok := t.SubjectAt(s, subjects, gap)
	return ok
}

// SubjectAt is HasSubject, with the offset at which the subject starts.
func (t *Text) SubjectAt(s int, subjects, gap [][]rune) (int, bool) {
	for p := s; p > 0 && p > s-LookWindow; {
		if IsBreak(t.Norm[p-1]) {
			return 0, false
		}
		if w := longestEnding(t, p, subjects); w > 0 {
			return p - w, t.POSAt(p-w, false) != "p"
		}
		if w := longestEnding(t, p, gap); w > 0 {
			p -= w
			continue
		}
		tk, ok := t.tokenEnding(p)
		if !ok || !slices.Contains(subjectGapPOS, tk.POS) {
			return 0, false
		}
		p = tk.Start
	}
	return 0, false
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
// before s in its clause, ending within LookWindow runes of it: whom the
// clause is about. A person word before 的 is a possessor (您的订单), not the
// one the clause is about.
func (t *Text) NearestPerson(s int, a, b [][]rune) ([]rune, bool) {
	for p := s; p > 0 && p > s-LookWindow && !IsBreak(t.Norm[p-1]); p-- {
		best := max(longestEnding(t, p, a), longestEnding(t, p, b))
		if best > 0 && !(p < len(t.Norm) && t.Norm[p] == '的') {
			return t.Norm[p-best : p], true
		}
	}
	return nil, false
}

// Question reports whether the clause that holds offset e asks something:
// it ends in a question mark, or its last word is 吗. A half-width full
// stop ends the clause here though it does not end a word (4.5, No.1):
// chats write 好的.请问 as often as 好的。请问. A clause that runs on for
// LookWindow runes past e, or is followed by as many spaces, is not read
// as a question.
func (t *Text) Question(e int) bool {
	end := e
	for end < len(t.Norm) && !IsBreak(t.Norm[end]) && !t.fullStop(end) {
		if end-e == LookWindow {
			return false
		}
		end++
	}
	for i, stop := end, min(len(t.Norm), end+LookWindow); i < stop && t.Norm[i] == ' '; i++ {
		end = i + 1
	}
	if end < len(t.Norm) && (t.Norm[end] == '？' || t.Norm[end] == '?') {
		return true
	}
	return end > e && t.Norm[end-1] == '吗'
}

// IsEmpty reports whether f sets no predicate.
func (f *Frame) IsEmpty() bool {
	return len(f.In)+len(f.Before)+len(f.After)+len(f.Earlier)+len(f.Later)+len(f.NextPOS)+len(f.PrevPOS)+len(f.Subject)+len(f.Person) == 0 &&
		f.BeforeRe == nil && f.AfterRe == nil && !f.Question
}

// fullStop reports whether the '.' at i ends a sentence: not between
// digits or Latin letters.
func (t *Text) fullStop(i int) bool {
	if t.Norm[i] != '.' {
		return false
	}
	return !(i > 0 && isAlnum(t.Norm[i-1]) && i+1 < len(t.Norm) && isAlnum(t.Norm[i+1]))
}
