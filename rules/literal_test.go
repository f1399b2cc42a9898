package rules

import (
	"math/rand"
	"regexp"
	"regexp/syntax"
	"slices"
	"testing"
)

// The trie must find the match the regexp finds: the same offsets, and at
// an offset the string a backtracker prefers (a|ab takes a, (?:ab)?a? takes
// ab first, a lazy ?? takes the shorter), and a regexp alternative listed
// before a finite one must still win over it.
func TestLitTrieAsRegexp(t *testing.T) {
	res := []string{
		`a|ab|abc`,
		`abc|ab|a`,
		`(?:a|b)(?:c|cd)?|d`,
		`(?:ab)??c|a(?:b|bc)`,
		`x[ab]{2}|xa|b`,
		`a[^c]{0,2}?c|ab|b`,
		`ab|a[^c]{0,2}?c|ca`,
		`第(?:二|三|2)次|第二|次`,
		`(?:还|仍)(?:还|都)?(?:没|未)|还没有`,
	}
	rnd := rand.New(rand.NewSource(1))
	alphabet := []rune("abcdx第二三2次还仍都没未有")
	for _, src := range res {
		p := &Pattern{Meta: Meta{ID: "t"}, Re: regexp.MustCompile(src)}
		p.Init()
		for n := 0; n < 400; n++ {
			rs := make([]rune, rnd.Intn(12))
			for i := range rs {
				rs[i] = alphabet[rnd.Intn(len(alphabet))]
			}
			if !checkFastAsFull(t, p, src, string(rs)) {
				t.FailNow()
			}
		}
		if p.lits == nil {
			t.Errorf("%s: no alternative went to the trie", src)
		}
	}
}

func TestExpandLits(t *testing.T) {
	for src, want := range map[string][]string{
		`a(?:b|c)?`:  {"ab", "ac", "a"},
		`a(?:b|c)??`: {"a", "ab", "ac"},
		`(?:x|y)z`:   {"xz", "yz"},
	} {
		re, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		lits, ok := expandLits(re.Simplify())
		var got []string
		for _, s := range lits {
			got = append(got, string(s))
		}
		if !ok || !slices.Equal(got, want) {
			t.Errorf("%s: %q, %v; want %q", src, got, ok, want)
		}
	}
	for _, src := range []string{`a+`, `(?i)ab`, `[^a]b`, `a\s*b`, `a$`} {
		re, _ := syntax.Parse(src, syntax.Perl)
		if _, ok := expandLits(re.Simplify()); ok {
			t.Errorf("%s expanded", src)
		}
	}
}

// checkFastAsFull checks that p's fast path finds in s what its full path
// (the regexp run on the whole text) finds: the same hits, in order. It
// reports whether they agree, for a loop of many texts to stop at the first
// that does not.
func checkFastAsFull(t *testing.T, p *Pattern, src, s string) bool {
	t.Helper()
	fast, full := text(s), text(s)
	full.SetFull()
	var got, want [][2]int
	p.Check(fast, func(h Hit) { got = append(got, [2]int{h.Start, h.End}) })
	p.Check(full, func(h Hit) { want = append(want, [2]int{h.Start, h.End}) })
	if !slices.Equal(got, want) {
		t.Errorf("%s on %q: %v, want %v", src, s, got, want)
		return false
	}
	return true
}
