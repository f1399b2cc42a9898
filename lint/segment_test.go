package lint

import (
	"bufio"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"testing"

	"github.com/go-ego/gse"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint/transcript"
	"github.com/replylint/replylint/rules"
)

// TestClauseDictionary checks that a gse loaded with only the words of one
// clause cuts it exactly as gse with the whole list does, on every example
// sentence of the catalogue, the filler, the service vocabulary and random
// mixtures of dictionary words, characters, Latin letters in both cases and
// digits (gse's lookup units).
func TestClauseDictionary(t *testing.T) {
	s := newSegmenter(dict.Words, dict.WordsTotalFreq)
	whole := s.loadFull()
	hits, nonHits := corpusSentences()
	texts := append(append(append([]string{}, hits...), nonHits...), corpusFiller...)
	texts = append(texts, vocabulary(t)...)
	n := 5000
	if testing.Short() {
		n = 500
	}
	texts = append(texts, mixtures(rand.New(rand.NewPCG(11, 13)), n)...)
	diffs := 0
	for _, text := range texts {
		b := []byte(text)
		want := tokens(b, whole.Segment(b))
		cd := s.clauseDict(b)
		if cd == nil {
			t.Fatalf("%q: no clause dictionary", text)
		}
		got := tokens(b, cd.Segment(b))
		if !reflect.DeepEqual(got, want) {
			if diffs++; diffs <= 5 {
				t.Errorf("%q: clause dictionary cuts %s, the whole list %s", text, cuts(text, got), cuts(text, want))
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d texts cut differently", diffs, len(texts))
	}
}

// mixtures returns n random runs of 1 to 10 pieces: mostly words of the
// list, else characters, Latin letters in both cases, digits, punctuation
// and spaces (gse's lookup units).
func mixtures(rng *rand.Rand, n int) []string {
	var words []string
	sc := bufio.NewScanner(strings.NewReader(dict.Words))
	for sc.Scan() {
		words = append(words, strings.Fields(sc.Text())[0])
	}
	pieces := []string{"A", "b", "QQ", "Wifi", "ok", "5G", "123", "4S", "x", "！", "，", " ", "的", "了", "不"}
	texts := make([]string, 0, n)
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(10) {
			if rng.IntN(4) == 0 {
				b.WriteString(pieces[rng.IntN(len(pieces))])
			} else {
				b.WriteString(words[rng.IntN(len(words))])
			}
		}
		texts = append(texts, b.String())
	}
	return texts
}

// TestKnownBreak checks KnownBreak at every offset of many clauses against
// gse's cut with the whole list: it never tells of a break the cut does not
// have; it tells of every offset no word of the list spans where the
// stretch a word could span is all single lookup units (what it told
// before it had rune pairs); and of nearly every offset between two single
// units that no word holds side by side (the others are its filter's false
// positives, which it walks gse's trie for). The clauses are those the linter hands
// the segmenter (Text.ClauseAt) from the catalogue's examples and, when
// present, the real chats of ../shared/realworld (read here, never
// copied), and random mixtures of words, characters and Latin.
func TestKnownBreak(t *testing.T) {
	l := linterWith(t, Config{})
	s := l.seg
	whole := s.loadFull()
	hits, nonHits := corpusSentences()
	texts := append(append(append([]string{}, hits...), nonHits...), corpusFiller...)
	clauses := segmentedClauses(l, append(texts, realMessages(t)...))
	for _, m := range mixtures(rand.New(rand.NewPCG(5, 8)), 5000) {
		clauses = append(clauses, []rune(m))
	}
	pairs := wordPairs(whole)
	maxLen := whole.Dict.MaxTokenLen()
	var offsets, breaks, known, wrong, missed, unpaired, passed int
	for _, clause := range clauses {
		text := []byte(string(clause))
		cut := map[int]bool{}
		for _, tk := range tokens(text, whole.Segment(text)) {
			cut[tk.Start] = true
		}
		for b := 1; b < len(clause); b++ {
			got := s.KnownBreak(clause, b)
			offsets++
			if cut[b] {
				breaks++
			}
			if got {
				known++
			}
			switch {
			case got && !cut[b]:
				if wrong++; wrong <= 5 {
					t.Errorf("%q at %d: KnownBreak true, the cut is %s", string(clause), b, cuts(string(clause), tokens(text, whole.Segment(text))))
				}
			case !got && allSingle(clause[max(0, b+1-maxLen):min(len(clause), b-1+maxLen)]) && !spanned(whole, clause, b):
				if missed++; missed <= 5 {
					t.Errorf("%q at %d: KnownBreak false, but no word of the list spans it", string(clause), b)
				}
			}
			if singleUnit(clause[b-1]) && singleUnit(clause[b]) && !pairs[[2]rune{clause[b-1], clause[b]}] {
				unpaired++
				if !got {
					passed++ // the filter's false positive, and Latin or a word further on
				}
			}
		}
	}
	t.Logf("%d clauses, %d offsets: %d breaks in gse's cut, %d told by KnownBreak; %d between runes no word holds side by side, %d of them not told", len(clauses), offsets, breaks, known, unpaired, passed)
	if known == 0 || passed*50 > unpaired {
		t.Errorf("KnownBreak told of %d breaks, and not of %d of the %d offsets between runes no word holds side by side (the filter should pass under 2 %%)", known, passed, unpaired)
	}
}

// segmentedClauses returns the clauses the linter hands its segmenter from
// texts: their units (Text.ClauseAt), in Norm.
func segmentedClauses(l *Linter, texts []string) [][]rune {
	var clauses [][]rune
	for _, text := range texts {
		tx := l.Prepare(text)
		for i := 0; i < tx.Len(); {
			c := tx.ClauseAt(i)
			if c.End <= i {
				i++
				continue
			}
			clauses = append(clauses, tx.Norm[c.Start:c.End])
			i = c.End
		}
	}
	return clauses
}

// wordPairs returns the pairs of runes side by side in the words of seg's
// trie, as it holds them.
func wordPairs(seg *gse.Segmenter) map[[2]rune]bool {
	pairs := map[[2]rune]bool{}
	for i := range seg.Dict.Tokens {
		rs := []rune(seg.Dict.Tokens[i].Text())
		for k := 1; k < len(rs); k++ {
			pairs[[2]rune{rs[k-1], rs[k]}] = true
		}
	}
	return pairs
}

func allSingle(rs []rune) bool {
	for _, r := range rs {
		if !singleUnit(r) {
			return false
		}
	}
	return true
}

// spanned reports whether a word of seg's dictionary is clause[p:q] for
// some p < b < q, each rune one lookup unit.
func spanned(seg *gse.Segmenter, clause []rune, b int) bool {
	for p := max(0, b+1-seg.Dict.MaxTokenLen()); p < b; p++ {
		for q := b + 1; q <= min(len(clause), p+seg.Dict.MaxTokenLen()); q++ {
			freq, _, prefix := seg.Dict.Find([]byte(string(clause[p:q])))
			if freq > 0 {
				return true
			}
			if !prefix {
				break
			}
		}
	}
	return false
}

// realMessages returns the texts of the messages of the real chats in
// ../shared/realworld, none when it is absent. Tests read them, never copy
// them.
func realMessages(t *testing.T) []string {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "realworld", "*.jsonl"))
	var texts []string
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			t.Fatal(err)
		}
		err = transcript.Read(name, f, transcript.Options{}, func(c *Conversation) error {
			for _, m := range c.Messages {
				texts = append(texts, m.Text)
			}
			return nil
		})
		f.Close()
		if err != nil {
			t.Fatal(err)
		}
	}
	if len(texts) == 0 {
		t.Log("no real chats in ../shared/realworld")
	}
	return texts
}

// TestLoadInBackground cuts more clauses than fullAfter from several
// goroutines with a fresh segmenter, which loads the whole list in the
// background meanwhile: every cut is the whole list's.
func TestLoadInBackground(t *testing.T) {
	whole := newSegmenter(dict.Words, dict.WordsTotalFreq).loadFull()
	texts := mixtures(rand.New(rand.NewPCG(3, 4)), 3*fullAfter)
	s := newSegmenter(dict.Words, dict.WordsTotalFreq)
	const workers = 4
	var wg sync.WaitGroup
	errs := make(chan string, workers)
	for w := range workers {
		wg.Go(func() {
			for i := w; i < len(texts); i += workers {
				b := []byte(texts[i])
				if got, want := s.Segment([]rune(texts[i])), tokens(b, whole.Segment(b)); !reflect.DeepEqual(got, want) {
					errs <- fmt.Sprintf("%q: cut %s, the whole list %s", texts[i], cuts(texts[i], got), cuts(texts[i], want))
					return
				}
			}
		})
	}
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
}

// TestServiceWords checks what dict/vocab is for: each word of the service
// vocabulary, on its own, is one word to the segmenter (配送, not 配|送).
func TestServiceWords(t *testing.T) {
	s := newSegmenter(dict.Words, dict.WordsTotalFreq)
	for _, w := range vocabulary(t) {
		toks := s.Segment([]rune(w))
		if len(toks) != 1 {
			t.Errorf("%s is cut %s", w, cuts(w, toks))
		}
	}
}

func vocabulary(t *testing.T) []string {
	t.Helper()
	files, err := filepath.Glob(filepath.Join("..", "dict", "vocab", "*.txt"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no vocabulary in dict/vocab: %v", err)
	}
	var words []string
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		for _, line := range strings.Split(string(data), "\n") {
			if f := strings.Fields(line); len(f) > 0 && !strings.HasPrefix(f[0], "#") {
				words = append(words, f[0])
			}
		}
	}
	return words
}

func cuts(text string, toks []rules.Token) string {
	rs := []rune(text)
	parts := make([]string, len(toks))
	for i, tk := range toks {
		parts[i] = string(rs[tk.Start:tk.End])
	}
	return strings.Join(parts, "|")
}

// TestWarm: a warmed Linter has its whole list loaded, so that no clause
// is cut with a dictionary of its own words, and it finds what a cold one
// finds.
func TestWarm(t *testing.T) {
	warm, cold := linterWith(t, Config{}), linterWith(t, Config{})
	warm.Warm()
	if warm.seg.full.Load() == nil {
		t.Fatal("Warm returned before the whole list was loaded")
	}
	for _, text := range mixtures(rand.New(rand.NewPCG(5, 6)), 300) {
		got, want := warm.CheckText(text), cold.CheckText(text)
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%q: warmed %v, cold %v", text, got, want)
		}
	}
	if n := warm.seg.clauses.Load(); n != 0 {
		t.Errorf("a warmed Linter cut %d clauses with clause dictionaries", n)
	}
}
