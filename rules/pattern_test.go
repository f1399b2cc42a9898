package rules

import (
	"regexp"
	"regexp/syntax"
	"slices"
	"testing"
)

// TestPatternAlternatives checks that trying a pattern's top-level
// alternatives one by one, anchored where their first runes stand, finds
// what the regexp finds over the whole text: leftmost-first order between
// alternatives, ^ and $, | inside groups, classes and escapes.
func TestPatternAlternatives(t *testing.T) {
	res := []string{
		`(?:太|很)差|差劲|太差劲了`,
		`差|差劲`,
		`^\s*(?:您|你)好|请问|谢谢`,
		`我去(?:[!,.\s~]|$)|啊{3,}|唉`,
		`[|]{2}|a\|b|(?:x|y)z`,
		`[]a]+!|[^]b]{2}c`,
		`[[:digit:]|]+天了|等了[^。,]{0,3}?天`,
		`(?i)ab|cd`,
		`\Qa|b\E|c`,
		`[!?]{2,}`,
		`^好的$|^嗯+$`,
		// At 0 the alternatives tied to the start are tried in their
		// place among the others.
		`好+|^好的吗?|的+`,
		`^好的|好+|^的|的`,
	}
	texts := []string{
		"", "差", "太差劲了吧，很差劲", "您好，请问在吗", "  你好 谢谢", "请问 您好",
		"我去", "我去,怎么办 我去营业厅", "啊啊啊啊 唉", "||a|b xz yz |", "]]a! bbc xxc ]]!",
		"3|4天了 等了两三天 等了很久很久天", "AB cd Ab", "a|b c", "？！!! ?", "好的", "嗯嗯嗯", "好的吗", "好好的", "的好",
	}
	for _, src := range res {
		p := &Pattern{Meta: Meta{ID: "t"}, Re: regexp.MustCompile(src)}
		p.Init()
		for _, s := range texts {
			checkFastAsFull(t, p, src, s)
		}
	}
	if got := topAlternatives(`a|(b|c)|[|]|\||(?:d)`); !slices.Equal(got, []string{"a", "(b|c)", "[|]", `\|`, "(?:d)"}) {
		t.Errorf("topAlternatives = %q", got)
	}
}

// TestSpanRunes holds the bounds of a match's length that artefacts (their
// shortest match and window) and patterns (an alternative's span) read.
func TestSpanRunes(t *testing.T) {
	for _, c := range []struct {
		expr         string
		fewest, most int
	}{
		{`您好`, 2, 2},
		{`[0-9]{3,5}`, 3, 5},
		{`a?b`, 1, 2},
		{`ab*`, 1, -1},
		{`(?:ab)+c`, 3, -1},
		{`好的|没问题|OK`, 2, 3},
		{`x(?:yz|w)?$`, 1, 3},
		{`[a-z]{2,}`, 2, -1},
		{`(?:请|麻烦)您(?:稍等){1,2}`, 4, 7},
	} {
		re, err := syntax.Parse(c.expr, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		if fewest, most := spanRunes(re.Simplify()); fewest != c.fewest || most != c.most {
			t.Errorf("spanRunes(%s) = %d, %d; want %d, %d", c.expr, fewest, most, c.fewest, c.most)
		}
	}
}

// TestStartScan holds a start scan, which reads its Bloom filter before
// its bitmap, to the set it was made of: for sets of ASCII, of a few runes
// above it, of too many for the filter to tell, and above U+FFFF, the
// scan stops at exactly the runes of the set.
func TestStartScan(t *testing.T) {
	for _, ranges := range [][]rune{
		{'A', 'Z'},
		{'!', '!', '不', '不', '我', '我'},
		{'0', '9', 0x4E00, 0x9FFF},
		{'（', '（', 0x1F600, 0x1F64F},
		{0, 0x10FFFF},
	} {
		set := newRuneSet(ranges)
		sc := newStartScan(set, ranges)
		var text []rune
		for r := rune(0); r < 0x20000; r += 7 {
			text = append(text, r)
		}
		text = append(text, '不', '我', '（', 'A', 'Z', '[', 0x1F600, 0x10FFFF)
		for i := 0; i < len(text); {
			j := sc.next(text, i, len(text))
			for k := i; k < j; k++ {
				if set.has(text[k]) {
					t.Fatalf("%U: the scan passed over %U", ranges, text[k])
				}
			}
			if j < len(text) && !set.has(text[j]) {
				t.Fatalf("%U: the scan stopped at %U, not in the set", ranges, text[j])
			}
			i = j + 1
		}
	}
}
