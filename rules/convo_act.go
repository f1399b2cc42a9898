package rules

import (
	"fmt"
	"regexp"
	"strings"
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
	// Re is every pattern of the act as one alternation; Parts the same
	// patterns one by one, as written in Sources, so that the examples can
	// show that each of them earns its place.
	Re      *regexp.Regexp
	Parts   []*regexp.Regexp
	Sources []string
	// Cond keeps innocent senses out: not_in lists longer words in which a
	// match does not count (清理垃圾 is junk files, not a complaint).
	Cond     Cond
	Examples Examples

	// match runs Re the way a Pattern rule runs its regexp: only where a
	// rune a match can begin with stands, anchored there, on a bounded
	// window. Set by Init; without it Re runs over the whole text.
	match *Pattern
}

// Init prepares the act's prefilter once Re and Cond are set. Acts are
// looked for in every turn of every conversation, so running Re from every
// offset of every message would be most of a batch's time.
func (a *Act) Init() {
	a.Cond.Init(nil)
	if a.Re == nil {
		return
	}
	a.match = &Pattern{Re: a.Re, Cond: a.Cond}
	a.match.Init()
}

// Find returns the earliest accepted match of the act in t that starts
// before limit (limit < 0: anywhere).
func (a *Act) Find(t *Text, limit int) (Span, bool) {
	var out Span
	found := false
	a.each(t, a.Re, func(s Span) bool {
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
	a.each(t, a.Re, func(s Span) bool {
		out = append(out, s)
		return true
	})
	return out
}

// PartSpans returns the accepted matches of the act's ith pattern alone.
func (a *Act) PartSpans(t *Text, i int) []Span {
	var out []Span
	a.each(t, a.Parts[i], func(s Span) bool {
		out = append(out, s)
		return true
	})
	return out
}

// each calls fn with every match of re in t that the act's conditions
// accept, in rune offsets, until fn returns false.
func (a *Act) each(t *Text, re *regexp.Regexp, fn func(Span) bool) {
	if t == nil || re == nil || len(t.Norm) == 0 {
		return
	}
	if re == a.Re && a.match != nil {
		stop := false
		a.match.Check(t, func(h Hit) {
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
