package rules

import (
	"regexp/syntax"
	"unicode/utf8"
)

// A Pattern's alternative is tried at many offsets of a text, and most
// tries fail within a rune or two. Through package regexp each try costs a
// call that converts the window to UTF-8, takes a machine from its cache
// and clears a visited set in proportion to the input before the first
// step: on a batch of chats that was most of the speech acts' time. runeProg
// runs the same compiled program (syntax.Compile of the same parsed,
// simplified expression regexp.Compile makes) on the runes themselves, as a
// backtracker does: depth first, an alternation's preferred branch first,
// the first match reached being the leftmost-first match (Go's engines all
// return the match a backtracker would). It keeps no visited set, so a
// program that would need one (nested repetitions such as (a+)+ on a long
// run) stops at a step budget and the caller runs the regexp instead: the
// answer is the regexp's either way, and a try costs at most the budget
// more than before.

// runeProg is an alternative's anchored program.
type runeProg struct {
	prog *syntax.Prog
	// first[pc], for the branches of the program's alternations, holds the
	// runes a path from pc can read first, when every path from there must
	// read one before it can match: a branch that cannot take the rune at
	// hand fails on it, so it is neither followed nor left pending. A gap
	// before a list of words, …(不便|困扰|麻烦|…), then costs one test at
	// each rune of the gap instead of a try of every word.
	first []progFirst
}

// progFirst is what a path from one instruction can read first: known, a
// Bloom filter of the runes (a rune it lacks cannot be read there).
type progFirst struct {
	runes runeBloom
	known bool
}

// progBudget is the most instructions one try runs before it gives up;
// progStack the most choices it keeps pending. The acts' alternatives need
// a few dozen of each at worst (two gaps of ten runes).
const (
	progBudget = 4096
	progStack  = 64
)

// progChoice is a pending choice of a try: an instruction and the offset at
// which to run it.
type progChoice struct {
	pc  uint32
	pos int32
}

// progStackMem is the memory of one try's pending choices.
type progStackMem [progStack]progChoice

// progMem returns the memory for the pending choices of a program's try on
// t, made on the first try of the text's life and kept by Reset. On a scan's
// stack frame it cost a clear of its 512 bytes at every scan, most of which
// try no program; a try leaves nothing in it that the next one reads.
func (t *Text) progMem() *progStackMem {
	if t.prog == nil {
		t.prog = new(progStackMem)
	}
	return t.prog
}

// newRuneProg compiles the alternative src anchored at its start; nil when
// its program holds an assertion other than ^ and $ of the whole text
// (which hasLookBehind already keeps out of the alternatives tried at an
// offset) or it does not parse.
func newRuneProg(src string) *runeProg {
	re, err := syntax.Parse(`^(?:`+src+`)`, syntax.Perl)
	if err != nil {
		return nil
	}
	return treeProg(re.Simplify())
}

// treeProg compiles a simplified tree as newRuneProg does an expression
// (the program is anchored where it is run).
func treeProg(re *syntax.Regexp) *runeProg {
	prog, err := syntax.Compile(re)
	if err != nil {
		return nil
	}
	for _, in := range prog.Inst {
		if in.Op == syntax.InstEmptyWidth && syntax.EmptyOp(in.Arg)&^(syntax.EmptyBeginText|syntax.EmptyEndText) != 0 {
			return nil
		}
	}
	p := &runeProg{prog: prog, first: make([]progFirst, len(prog.Inst))}
	for _, in := range prog.Inst {
		if in.Op == syntax.InstAlt || in.Op == syntax.InstAltMatch {
			p.first[in.Out] = firstRead(prog, in.Out)
			p.first[in.Arg] = firstRead(prog, in.Arg)
		}
	}
	return p
}

// firstRead works out what the paths from pc read first (see runeProg):
// unknown when one of them can match, assert or read any rune before it
// reads a rune of a known set, or when the sets are too large to tell.
func firstRead(prog *syntax.Prog, pc uint32) progFirst {
	f := progFirst{known: true}
	known := followEmpty(prog, []uint32{pc}, false, func(in *syntax.Inst) bool {
		switch in.Op {
		case syntax.InstFail:
		case syntax.InstRune1:
			f.runes.add(in.Rune[0])
		case syntax.InstRune:
			if syntax.Flags(in.Arg)&syntax.FoldCase != 0 || len(in.Rune)%2 != 0 || rangeCount(in.Rune) > maxFirstRunes {
				return false
			}
			for i := 0; i < len(in.Rune); i += 2 {
				for r := in.Rune[i]; r <= in.Rune[i+1]; r++ {
					f.runes.add(r)
				}
			}
		default: // a match, an assertion, any rune
			return false
		}
		return true
	})
	if !known {
		return progFirst{}
	}
	return f
}

// followEmpty walks the instructions of prog that the paths from pcs reach
// without reading a rune — through alternations, captures, no-ops and, if
// asserts, empty-width assertions — and calls visit once on each other
// instruction it comes to (one that reads, matches, fails or, without
// asserts, asserts). It stops at the first visit that returns false and
// reports whether none did. pcs is its stack: the caller gives it up.
func followEmpty(prog *syntax.Prog, pcs []uint32, asserts bool, visit func(*syntax.Inst) bool) bool {
	seen := make(map[uint32]bool, len(pcs))
	for stack := pcs; len(stack) > 0; {
		pc := stack[len(stack)-1]
		stack = stack[:len(stack)-1]
		if seen[pc] {
			continue
		}
		seen[pc] = true
		in := &prog.Inst[pc]
		switch {
		case in.Op == syntax.InstAlt || in.Op == syntax.InstAltMatch:
			stack = append(stack, in.Out, in.Arg)
		case in.Op == syntax.InstCapture || in.Op == syntax.InstNop || asserts && in.Op == syntax.InstEmptyWidth:
			stack = append(stack, in.Out)
		case !visit(in):
			return false
		}
	}
	return true
}

// readBit returns the bit of the rune at pos of src in a progFirst's
// filter, and false at the end of src, where there is no rune to read.
func readBit(src []rune, pos int) (bit uint32, ok bool) {
	if pos >= len(src) {
		return 0, false
	}
	return bloomBit(validRune(src[pos])), true
}

// admits reports whether a path whose first reads f describes can go on
// at a rune with the filter's bit bit (ok false: at the end of the text);
// false is certain. Small enough to inline: the branches of every
// alternation ask it, on one bit readBit works out once for both.
func (f *progFirst) admits(bit uint32, ok bool) bool {
	return !f.known || ok && f.runes[bit>>6]&(1<<(bit&63)) != 0
}

// match runs the program on src from offset i (the text before i unseen, as
// for the anchored regexp run on the text from i): the end of its match, ok
// false if there is none, and done false when the try gave up (the budget,
// or more pending choices than mem has room for) and the regexp must answer.
func (p *runeProg) match(src []rune, i int, mem []progChoice) (end int, ok, done bool) {
	r := progRun{src: src, from: i, stack: mem[:1]}
	r.stack[0] = progChoice{uint32(p.prog.Start), int32(i)}
	for len(r.stack) > 0 {
		c := r.stack[len(r.stack)-1]
		r.stack = r.stack[:len(r.stack)-1]
		switch end, how := p.path(&r, c); how {
		case pathMatched:
			return end, true, true
		case pathGaveUp:
			return 0, false, false
		}
	}
	return 0, false, true
}

// progRun is the state of one try: the text, where the try began, the
// pending choices and the instructions run so far.
type progRun struct {
	src   []rune
	from  int
	stack []progChoice
	steps int
}

// How a path of a try ends.
const (
	pathFailed = iota
	pathMatched
	pathGaveUp
)

// path follows the program from choice c, taking the preferred branch of
// each alternation and leaving the other pending, until it matches (the
// end of the match), fails, or the try gives up.
func (p *runeProg) path(r *progRun, c progChoice) (end, how int) {
	pc, pos := c.pc, int(c.pos)
	for {
		if r.steps++; r.steps > progBudget {
			return 0, pathGaveUp
		}
		in := &p.prog.Inst[pc]
		switch in.Op {
		case syntax.InstAlt, syntax.InstAltMatch:
			// A branch that cannot read the rune at pos fails on it: the
			// preferred one is skipped for the other, and the other is not
			// left pending (what a path that fails would come back to).
			bit, ok := readBit(r.src, pos)
			if !p.first[in.Out].admits(bit, ok) {
				pc = in.Arg
				continue
			}
			if !p.first[in.Arg].admits(bit, ok) {
				break
			}
			n := len(r.stack)
			if n == cap(r.stack) {
				return 0, pathGaveUp
			}
			// The other branch, if this one fails. Not an append: the
			// stack never grows out of mem, so the scan's memory stays on
			// its stack frame.
			r.stack = r.stack[:n+1]
			r.stack[n] = progChoice{in.Arg, int32(pos)}
		case syntax.InstCapture, syntax.InstNop:
		case syntax.InstEmptyWidth:
			if !emptyHolds(syntax.EmptyOp(in.Arg), r.src, r.from, pos) {
				return 0, pathFailed
			}
		case syntax.InstMatch:
			return pos, pathMatched
		default:
			if !consumes(in, r.src, pos) {
				return 0, pathFailed
			}
			pos++
		}
		pc = in.Out
	}
}

// consumes reports whether instruction in, one that reads a rune (or
// InstFail, which reads none), takes src[pos].
func consumes(in *syntax.Inst, src []rune, pos int) bool {
	if pos >= len(src) {
		return false
	}
	switch r := validRune(src[pos]); in.Op {
	case syntax.InstRune1:
		return r == in.Rune[0]
	case syntax.InstRune:
		return in.MatchRune(r)
	case syntax.InstRuneAny:
		return true
	case syntax.InstRuneAnyNotNL:
		return r != '\n'
	}
	return false // InstFail
}

// emptyHolds reports whether the assertions of op hold at pos of src read
// from i: ^ at i (where the text the regexp sees begins), $ at the end.
func emptyHolds(op syntax.EmptyOp, src []rune, i, pos int) bool {
	if op&syntax.EmptyBeginText != 0 && pos != i {
		return false
	}
	return op&syntax.EmptyEndText == 0 || pos == len(src)
}

// validRune is r as the regexp reads it from string(r): an invalid rune is
// written as U+FFFD.
func validRune(r rune) rune {
	if utf8.ValidRune(r) {
		return r
	}
	return utf8.RuneError
}
