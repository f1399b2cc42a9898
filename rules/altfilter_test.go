package rules

import (
	"math/rand/v2"
	"regexp"
	"slices"
	"testing"
)

// TestRunHeadAndTail holds the run-head and tail filters to the regexp:
// alternatives beginning with X+ after runs of X that failed, after a match
// that ends inside a run, after an earlier alternative's match; and
// alternatives ending with $, on random texts, through a Pattern's check and
// through one walk of an index over acts.
func TestRunHeadAndTail(t *testing.T) {
	res := []string{
		`[0-9二]+(?:天|个?小时)了`,
		`a+b|ab`,
		`1|[12]+天`,
		`12|[0-9]+x|2+y`,
		`x|[ab]+c|b+d`,
		`^(?:好|嗯+)[,!]*$|嗯嗯`,
		`嗯+$|好`,
		`(?:好|嗯)+[!]?$`,
		// X+ followed by X (no rest program) and a lazy X+?.
		`[ab]+b|[ab]+?c`,
	}
	// Few runes, so that runs, matches ending inside them and their
	// neighbours come up often.
	alphabet := []rune("012二天个时了abcdxy好嗯,!")
	rng := rand.New(rand.NewPCG(8, 13))
	// A match of 12 ends inside a run of digits: [0-9]+x must still be
	// tried at the 1 after it.
	fixed := []string{"121x", "1212x", "122x", "11天", "aabac", "二二天了 12天了", "嗯嗯嗯", "好嗯!"}
	var acts []*Act
	rests := 0
	for k, src := range res {
		p := &Pattern{Meta: Meta{ID: "t"}, Re: regexp.MustCompile(src)}
		p.Init()
		p.prepared.Do(p.prepare)
		if !slices.ContainsFunc(p.alts, func(a *patternAlt) bool { return a.head != nil || a.tail != nil }) {
			t.Errorf("%s: no alternative has a run head or a tail", src)
		}
		for _, a := range p.alts {
			if a.rest != nil {
				rests++
			}
		}
		// Exceptions reject some first matches, so that the walk must find
		// the act's next match, after them.
		a := &Act{ID: string(rune('a' + k)), Expr: src, Cond: Cond{NotIn: [][]rune{
			[]rune("122"), []rune("11"), []rune("二二天"), []rune("aab"), []rune("嗯嗯嗯"), []rune("好嗯"),
		}}}
		a.Init()
		acts = append(acts, a)
		for n := range 4000 {
			var rs []rune
			if n < len(fixed) {
				rs = []rune(fixed[n])
			} else {
				rs = make([]rune, rng.IntN(12))
				for i := range rs {
					rs[i] = alphabet[rng.IntN(len(alphabet))]
				}
			}
			if !checkFastAsFull(t, p, src, string(rs)) {
				t.FailNow()
			}
		}
	}
	if rests < 4 {
		t.Errorf("%d alternatives have a rest program, want at least 4", rests)
	}
	x := newActIndex(acts)
	for n := range 5000 {
		var rs []rune
		if n < len(fixed) {
			rs = []rune(fixed[n])
		} else {
			rs = make([]rune, 1+rng.IntN(12))
			for i := range rs {
				rs[i] = alphabet[rng.IntN(len(alphabet))]
			}
		}
		tx, full := text(string(rs)), text(string(rs))
		full.SetFull()
		var want actMask
		for k, a := range acts {
			if _, ok := a.Find(full, -1); ok {
				want |= 1 << k
			}
		}
		if got := x.holds(tx, 1<<len(acts)-1); got != want {
			t.Fatalf("%q: holds %b, want %b", string(rs), got, want)
		}
		wantAt, wantAct, _ := Acts(acts).Find(full, -1)
		if at, a, _ := x.find(tx, -1); at != wantAt || a != wantAct {
			t.Fatalf("%q: find %d %v, want %d %v", string(rs), at, a, wantAt, wantAct)
		}
	}
	if !x.walk {
		t.Fatal("the acts were looked for one by one: the walk was not tested")
	}
}
