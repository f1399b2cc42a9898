package rules

import (
	"math/rand/v2"
	"regexp"
	"regexp/syntax"
	"testing"
)

// TestBackwardsMatchesForwards checks that a regexp before a term, read
// backwards as one anchored match, answers as the regexp does forwards on
// the window: on literals, classes, repeats, alternations, captures, case
// folding and every assertion, over random windows of the runes involved.
func TestBackwardsMatchesForwards(t *testing.T) {
	res := []string{
		`(?:(号|是|为|[:：#＃]|第|码|价|共|计|约|金额|[a-zA-Z]|[.．,，]\d*)\s*)$`,
		`(?:[^好]的\s*|(员|工|师|嫂)\s*)$`,
		`(?:^|[，。！？；,.!?;\s])$`,
		`(?:为了|以便)$`,
		`(?:ab+c|a{2,3}?)$`,
		`(?i:Ok\s?)$`,
		`(?:\bok\s*)$`,
		`(?:\Bk)$`,
		`(?m:^a|b$)`,
		`(?:x*)$`,
		`(?s:a.b)$`,
		`(?:a.b)$`,
		`\Aab`,
		`ab\z`,
	}
	alphabet := []rune("ab cOkK号是为的好员，。,.5\n了为以便x")
	rng := rand.New(rand.NewPCG(1, 2))
	for _, src := range res {
		re := regexp.MustCompile(src)
		p, err := syntax.Parse(src, syntax.Perl)
		if err != nil {
			t.Fatal(err)
		}
		back := newBackwards(p.Simplify()).get()
		if back == nil {
			t.Fatalf("%s: no reversed form", src)
		}
		tx := text("")
		for range 3000 {
			w := make([]rune, rng.IntN(10))
			for i := range w {
				w[i] = alphabet[rng.IntN(len(alphabet))]
			}
			want := re.MatchString(string(w))
			if got := back.Match(tx.utf8Backwards(w)); got != want {
				t.Errorf("%s on %q: reversed %s says %v, want %v", src, string(w), back, got, want)
			}
		}
	}
}
