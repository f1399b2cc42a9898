package lint

import (
	"bufio"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
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
	var words []string
	sc := bufio.NewScanner(strings.NewReader(dict.Words))
	for sc.Scan() {
		words = append(words, strings.Fields(sc.Text())[0])
	}
	texts = append(texts, vocabulary(t)...)
	rng := rand.New(rand.NewPCG(11, 13))
	pieces := []string{"A", "b", "QQ", "Wifi", "ok", "5G", "123", "4S", "x", "！", "，", " ", "的", "了", "不"}
	n := 5000
	if testing.Short() {
		n = 500
	}
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
