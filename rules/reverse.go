package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"sync"
	"unicode/utf8"
)

// A regexp exception before a term is anchored at the term, (?:X)$, and
// is asked only whether it matches the runes before it. Run forwards,
// Go's matcher tries X at every offset of that window; run on the window
// read backwards, the same question is one match anchored at the term:
// reversed X at offset 0. The answer is the same for every regexp (a
// match of re in w, read backwards, is a match of re reversed in w read
// backwards, and ^ and $ trade places), so the reversed form is an
// exact, cheaper way to ask it.

// backwards is the reversed form of a regexp, compiled on first use (a
// one-reply check reaches few of them).
type backwards struct {
	once sync.Once
	tree *syntax.Regexp // the parsed regexp; nil after compiling
	re   *regexp.Regexp // nil when it does not compile
}

func newBackwards(p *syntax.Regexp) *backwards {
	if p == nil {
		return nil
	}
	return &backwards{tree: p}
}

// get returns the reversed regexp, or nil.
func (b *backwards) get() *regexp.Regexp {
	if b == nil {
		return nil
	}
	b.once.Do(func() {
		if rev := reversed(b.tree); rev != nil {
			b.re, _ = regexp.Compile(rev.String())
		}
		b.tree = nil
	})
	return b.re
}

// reversed returns a regexp that matches exactly the reversals of what re
// matches, or nil for an operator it does not know.
func reversed(re *syntax.Regexp) *syntax.Regexp {
	out := *re
	out.Sub = nil
	switch re.Op {
	case syntax.OpLiteral:
		out.Rune = slices.Clone(re.Rune)
		slices.Reverse(out.Rune)
		return &out
	case syntax.OpBeginText, syntax.OpEndText:
		out.Op = syntax.OpBeginText + syntax.OpEndText - re.Op
		out.Flags &^= syntax.WasDollar // printed as \A or \z, which mean the same here
		return &out
	case syntax.OpBeginLine, syntax.OpEndLine:
		out.Op = syntax.OpBeginLine + syntax.OpEndLine - re.Op
		return &out
	case syntax.OpNoMatch, syntax.OpEmptyMatch, syntax.OpCharClass, syntax.OpAnyCharNotNL, syntax.OpAnyChar,
		syntax.OpWordBoundary, syntax.OpNoWordBoundary:
		return &out // the same read either way (a word boundary looks at both sides)
	case syntax.OpCapture, syntax.OpStar, syntax.OpPlus, syntax.OpQuest, syntax.OpRepeat,
		syntax.OpConcat, syntax.OpAlternate:
		for _, sub := range re.Sub {
			rs := reversed(sub)
			if rs == nil {
				return nil
			}
			out.Sub = append(out.Sub, rs)
		}
		if re.Op == syntax.OpConcat {
			slices.Reverse(out.Sub)
		}
		return &out
	}
	return nil
}

// utf8Backwards returns rs read from the last rune to the first as UTF-8
// (each rune as string(rs) would write it), in the buffer utf8 uses.
func (t *Text) utf8Backwards(rs []rune) []byte {
	t.buf = t.buf[:0]
	for i := len(rs) - 1; i >= 0; i-- {
		t.buf = utf8.AppendRune(t.buf, rs[i])
	}
	return t.buf
}
