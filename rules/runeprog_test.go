package rules

import (
	"math/rand/v2"
	"regexp"
	"strings"
	"testing"
	"unicode/utf8"
)

// checkRuneProg compares a program's match from every offset of s with the
// anchored regexp's on the text from there (what tryWindow and tryRest
// run): the same end, or no match for both. A try that gives up is not an
// answer and is not compared: the regexp then answers for it.
func checkRuneProg(t *testing.T, src, s string) (gaveUp int) {
	t.Helper()
	// src must be an expression of its own: one that is not (掻)|0( ) could
	// close the wrapping group and leave an unanchored alternative behind
	// it. An alternative of a Pattern is always one (a top-level part of a
	// parsed expression).
	if _, err := regexp.Compile(src); err != nil {
		return 0
	}
	re, err := regexp.Compile(`^(?:` + src + `)`)
	if err != nil {
		return 0
	}
	p := newRuneProg(src)
	if p == nil {
		return 0
	}
	rs := []rune(s)
	var mem progStackMem
	for i := range rs {
		end, ok, done := p.match(rs, i, mem[:])
		if !done {
			gaveUp++
			continue
		}
		rest := string(rs[i:])
		m := re.FindStringIndex(rest)
		if (m != nil) != ok || ok && utf8.RuneCountInString(rest[:m[1]]) != end-i {
			t.Fatalf("%s on %q from %d: program %d %v, regexp %v", src, s, i, end-i, ok, m)
		}
	}
	return gaveUp
}

// TestRuneProgAsRegexp runs random expressions of the shapes the acts and
// pattern rules are written in (words, classes, the lazy gap, optional and
// repeated parts, ^ and $, nested repetitions) on random texts.
func TestRuneProgAsRegexp(t *testing.T) {
	pieces := []string{
		"甲", "乙丙", "(?:甲|乙)", "(?:乙|乙丙)", "[甲丁]", "[^。,\\s]{0,3}?", "[^。,\\s]{0,3}",
		`\s*`, "丙?", "丙??", "(?:丁)?", "[甲乙]+", "[0-9]+", "乙{2,}", "(?:甲乙)*", "(?:甲|甲甲)+",
		"^", "$", "(?:,|$)", "a", "(?i)b", ".", "\\S+",
	}
	alphabet := []rune("甲乙丙丁。, 0a7Bb\n\uFFFD")
	rng := rand.New(rand.NewPCG(3, 5))
	for n := 0; n < 3000; n++ {
		var b strings.Builder
		for range 1 + rng.IntN(4) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		src := b.String()
		if rng.IntN(4) == 0 {
			src += "|" + pieces[rng.IntN(len(pieces))]
		}
		for range 5 {
			rs := make([]rune, rng.IntN(14))
			for i := range rs {
				rs[i] = alphabet[rng.IntN(len(alphabet))]
			}
			checkRuneProg(t, src, string(rs))
		}
	}
	// (甲|甲甲)+乙 on a run of 甲 needs more steps than the budget: the regexp
	// answers, and the try says so.
	if checkRuneProg(t, "(?:甲|甲甲)+乙", strings.Repeat("甲", 40)) == 0 {
		t.Error("no try of (甲|甲甲)+乙 on 40 甲 gave up")
	}
}

// TestRuneProgInvalidRunes: a rune that is not valid UTF-8 reads as U+FFFD,
// as it does in the string the regexp is given.
func TestRuneProgInvalidRunes(t *testing.T) {
	p := newRuneProg("\uFFFD甲")
	var mem progStackMem
	for _, r := range []rune{0xD800, -1, utf8.MaxRune + 1} {
		if end, ok, done := p.match([]rune{r, '甲'}, 0, mem[:]); !ok || !done || end != 2 {
			t.Errorf("rune %#x: %d %v %v, want a match to 2", r, end, ok, done)
		}
	}
	if newRuneProg(`\b甲`) != nil || newRuneProg(`(?m)甲$`) != nil {
		t.Error("a program with \\b or a multi-line $ was made: the text before the offset or a line end is not seen")
	}
}

// FuzzRuneProg holds a program to its regexp on any expression and text.
func FuzzRuneProg(f *testing.F) {
	f.Add(`(?:都|已经)[^。.!?;,\s]{0,10}?了(?:,)?[^。.!?;,\s]{0,10}?(?:还是|还在)`, "都三天了,还是没到")
	f.Add(`^\s*(?:@\S+\s*)*(?:您|你)好`, " @甲 @乙 您好")
	f.Add(`[0-9一二两三]+(?:天|个?小时)了`, "订单123两个小时了")
	f.Add(`我去(?:[!,.\s~]|$)`, "我去")
	f.Add(`(?:a+)+$`, "aaaaaaaaaaaaaaaaaaaaaaaaaaaab")
	f.Fuzz(func(t *testing.T, src, s string) {
		if len(src) > 200 || len(s) > 200 {
			return
		}
		checkRuneProg(t, src, s)
	})
}
