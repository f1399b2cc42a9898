package rules_test

import (
	"encoding/json"
	"math/rand/v2"
	"os"
	"path/filepath"
	"regexp/syntax"
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// TestCatalogueActsAsRegexp holds the fast path of every speech act of the
// built-in catalogue (alternatives tried where their first runes stand, on
// windows, through the literal trie and the act matcher) to its regular
// expression run over the whole text, on texts made of the acts' own words,
// punctuation, white space and digits in random order: the same spans, and
// for one walk over all the acts, the same acts held and the same earliest
// act before a limit.
func TestCatalogueActsAsRegexp(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	acts := l.Acts()
	if len(acts) < 10 || len(acts) > 64 {
		t.Fatalf("%d acts: want the whole catalogue, at most 64 for one index", len(acts))
	}
	words := actWords(t, acts)
	fillers := []rune(" 　。.!?;,~@\"“”「」'了的我你您好天个小时周月12０3一二几半ok吗么")
	rng := rand.New(rand.NewPCG(14, 7))
	for n := 0; n < 4000; n++ {
		s := randomTurn(rng, words, fillers)
		fast := rules.NewText(s, s, s, nil)
		var held uint64
		for k, a := range acts {
			full := rules.NewText(s, s, s, nil)
			full.SetFull()
			got, want := a.Spans(fast), a.Spans(full)
			if !slices.Equal(got, want) {
				t.Fatalf("act %s on %q: %v, want %v", a.ID, string(s), got, want)
			}
			if len(want) > 0 {
				held |= 1 << k
			}
		}
		if got := rules.IndexHolds(acts, fast); got != held {
			t.Fatalf("%q: index holds %x, want %x", string(s), got, held)
		}
		for _, limit := range []int{-1, 1, len(s) / 2} {
			at, which, ok := rules.IndexFind(acts, fast, limit)
			wantAt, wantWhich, wantOK := rules.Acts(acts).Find(fast, limit)
			if at != wantAt || which != wantWhich || ok != wantOK {
				t.Fatalf("%q, limit %d: index find %d %v, want %d %v", string(s), limit, at, which, wantAt, wantWhich)
			}
		}
	}
}

// randomTurn strings together a few of the acts' words and single runes.
func randomTurn(rng *rand.Rand, words [][]rune, fillers []rune) []rune {
	var s []rune
	for range rng.IntN(16) {
		if rng.IntN(10) < 7 {
			s = append(s, words[rng.IntN(len(words))]...)
		} else {
			s = append(s, fillers[rng.IntN(len(fillers))])
		}
	}
	return s
}

// actWords returns the literal strings of the acts' regular expressions
// (with their prefixes, which a parser factors out of an alternation) and
// the runes of their small classes.
func actWords(t *testing.T, acts []*rules.Act) [][]rune {
	var out [][]rune
	var walk func(re *syntax.Regexp)
	walk = func(re *syntax.Regexp) {
		switch re.Op {
		case syntax.OpLiteral:
			for k := 1; k <= len(re.Rune); k++ {
				out = append(out, re.Rune[:k])
			}
		case syntax.OpCharClass:
			for i := 0; i+1 < len(re.Rune) && i < 16; i += 2 {
				out = append(out, []rune{re.Rune[i]}, []rune{re.Rune[i+1]})
			}
		}
		for _, sub := range re.Sub {
			walk(sub)
		}
	}
	for _, a := range acts {
		re, err := syntax.Parse(a.Expr, syntax.Perl)
		if err != nil {
			t.Fatalf("act %s: %v", a.ID, err)
		}
		walk(re)
	}
	return out
}

// BenchmarkCatalogueActs walks the turns of the real chats of
// ../shared/realworld (skipped when absent) for the catalogue's acts much as
// a batch does: each customer turn for the complaint cues at once (and for
// the acts that end a conversation), each agent turn for the earliest act of
// each conversation rule's phrases.
func BenchmarkCatalogueActs(b *testing.B) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		b.Fatal(err)
	}
	var cues, ends, phrases [][]*rules.Act
	for _, r := range l.Rules() {
		switch r := r.(type) {
		case *rules.ComplaintApology:
			var acts []*rules.Act
			for _, c := range r.Cues {
				acts = append(acts, c.Act)
			}
			cues = append(cues, acts)
			phrases = append(phrases, r.Phrases.Acts)
		case *rules.Greeting:
			phrases = append(phrases, r.Phrases.Acts, r.Offer.Acts)
		case *rules.Closing:
			phrases = append(phrases, r.Phrases.Acts)
			ends = append(ends, r.EndedBy.Acts)
		case *rules.WaitApology:
			phrases = append(phrases, r.Phrases.Acts)
		}
	}
	if len(cues) == 0 || len(phrases) == 0 {
		b.Fatal("no complaint cues or phrases in the catalogue")
	}
	customer, agent := realTurns(b)
	var size int64
	for _, t := range append(slices.Clip(customer), agent...) {
		size += int64(len(string(t.Norm)))
	}
	walk := walker(customer, agent, cues, ends, phrases)
	walk() // the regexps are compiled on their first use
	b.SetBytes(size)
	for b.Loop() {
		walk()
	}
}

// walker returns one pass of BenchmarkCatalogueActs over the turns.
func walker(customer, agent []*rules.Text, cues, ends, phrases [][]*rules.Act) func() {
	index := func(sets [][]*rules.Act) (out []interface {
		Holds(*rules.Text) uint64
		Find(*rules.Text, int) (int, *rules.Act, bool)
	}) {
		for _, acts := range sets {
			if len(acts) > 0 {
				out = append(out, rules.NewIndex(acts))
			}
		}
		return out
	}
	cueIdx, endIdx, phraseIdx := index(cues), index(ends), index(phrases)
	return func() {
		for _, t := range customer {
			for _, x := range cueIdx {
				x.Holds(t)
			}
			for _, x := range endIdx {
				x.Find(t, -1)
			}
		}
		for _, t := range agent {
			for _, x := range phraseIdx {
				x.Find(t, -1)
			}
		}
	}
}

// realTurns reads the real chats' turns, lower-cased (the rest of the
// linter's normalisation hardly changes what the acts cost).
func realTurns(b *testing.B) (customer, agent []*rules.Text) {
	files, _ := filepath.Glob("../../shared/realworld/*.jsonl")
	if len(files) == 0 {
		b.Skip("no real chats in ../shared/realworld")
	}
	for _, name := range files {
		data, err := os.ReadFile(name)
		if err != nil {
			b.Fatal(err)
		}
		for line := range strings.Lines(string(data)) {
			var m struct{ Role, Text string }
			if json.Unmarshal([]byte(line), &m) != nil || m.Text == "" {
				continue
			}
			rs := []rune(strings.ToLower(m.Text))
			t := rules.NewText(rs, rs, rs, nil)
			if m.Role == "agent" {
				agent = append(agent, t)
			} else {
				customer = append(customer, t)
			}
		}
	}
	return customer, agent
}
