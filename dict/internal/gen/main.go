// Command gen writes dict/words.txt and dict/t2s.txt, the generated data the
// linter embeds. Run it with `go generate ./dict` after changing the
// catalogue's terms; see the README for the inputs it needs.
//
// words.txt: gse's full dictionary costs a second and 400 MB to load, and a
// pre-send hook cannot pay that per draft. What the linter needs from
// segmentation is one thing: whether a catalogue term stands as a word of
// its own or inside a longer one (保证 / 保证金). So the list keeps every
// dictionary word that contains a term or overlaps one at either end
// (老铁 | 铁路), plus the most frequent general words so that the words
// around a term are cut sensibly.
//
// t2s.txt: traditional→simplified, one character for one character (so
// offsets into the user's text stay valid), from Unicode's Unihan
// kSimplifiedVariant field.
package main

import (
	"bufio"
	"compress/bzip2"
	"flag"
	"fmt"
	"io"
	"log"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/replylint/replylint/dict"
)

func main() {
	gseDict := flag.String("gse-dict", "", "gse's s_1.txt (default: from the module cache)")
	unihan := flag.String("unihan", "", "Unihan_Variants.txt or .txt.bz2 (default: /usr/share/unicode, Debian's unicode-data)")
	top := flag.Int("top", 12000, "how many of the most frequent general words to keep")
	overlapMin := flag.Float64("overlap-min", 100, "least frequency of a word kept only because it overlaps a term")
	out := flag.String("out", ".", "folder to write words.txt and t2s.txt into")
	flag.Parse()
	if err := run(*gseDict, *unihan, *top, *overlapMin, *out); err != nil {
		log.Fatal(err)
	}
}

func run(gseDict, unihan string, top int, overlapMin float64, out string) error {
	if gseDict == "" {
		dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", "github.com/go-ego/gse").Output()
		if err != nil {
			return fmt.Errorf("finding gse in the module cache: %w", err)
		}
		gseDict = filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt")
	}
	if unihan == "" {
		unihan = "/usr/share/unicode/Unihan_Variants.txt.bz2"
		if _, err := os.Stat(unihan); err != nil {
			unihan = strings.TrimSuffix(unihan, ".bz2")
		}
	}
	t2s, err := readT2S(unihan)
	if err != nil {
		return fmt.Errorf("%s: %w (apt-get install unicode-data)", unihan, err)
	}
	terms, err := catalogueTerms()
	if err != nil {
		return err
	}
	words, err := selectWords(gseDict, terms, top, overlapMin)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(out, "t2s.txt"), []byte(t2s), 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(out, "words.txt"), []byte(words), 0o644)
}

// catalogueTerms lists the words of the built-in catalogue whose word
// boundaries matter: terms, and the longer words named as exceptions.
func catalogueTerms() ([]string, error) {
	packs, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	var terms []string
	for _, p := range packs {
		for _, r := range p.Rules {
			terms = append(terms, r.Terms...)
			terms = append(terms, r.NotIn...)
		}
	}
	for i, t := range terms {
		terms[i] = strings.ToLower(t)
	}
	slices.Sort(terms)
	return slices.Compact(terms), nil
}

type entry struct {
	line string
	word string
	freq float64
}

func selectWords(path string, terms []string, top int, overlapMin float64) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var all []entry
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		fields := strings.Fields(sc.Text())
		if len(fields) < 2 {
			continue
		}
		freq, err := strconv.ParseFloat(fields[1], 64)
		if err != nil {
			continue
		}
		all = append(all, entry{line: strings.Join(fields, " "), word: fields[0], freq: freq})
	}
	if err := sc.Err(); err != nil {
		return "", err
	}
	keep := map[string]entry{}
	for _, e := range all {
		// A rare word that only overlaps a term almost never wins a segmentation
		// against the common words around it; it would only cost load time.
		if contains(e.word, terms) || e.freq >= overlapMin && overlaps(e.word, terms) {
			keep[e.word] = e
		}
	}
	slices.SortStableFunc(all, func(a, b entry) int {
		switch {
		case a.freq > b.freq:
			return -1
		case a.freq < b.freq:
			return 1
		}
		return 0
	})
	for _, e := range all[:min(top, len(all))] {
		keep[e.word] = e
	}
	lines := make([]string, 0, len(keep))
	for _, e := range keep {
		lines = append(lines, e.line)
	}
	slices.Sort(lines)
	return strings.Join(lines, "\n") + "\n", nil
}

func contains(w string, terms []string) bool {
	w = strings.ToLower(w)
	return slices.ContainsFunc(terms, func(t string) bool { return strings.Contains(w, t) })
}

// overlaps reports whether w overlaps a term by at least one character at
// either end (w's tail is a term's head, or w's head a term's tail).
func overlaps(w string, terms []string) bool {
	wr := []rune(strings.ToLower(w))
	for _, t := range terms {
		tr := []rune(t)
		for k := 1; k < len(tr) && k < len(wr); k++ {
			if string(wr[len(wr)-k:]) == string(tr[:k]) || string(wr[:k]) == string(tr[len(tr)-k:]) {
				return true
			}
		}
	}
	return false
}

func readT2S(path string) (string, error) {
	f, err := os.Open(path)
	if err != nil {
		return "", err
	}
	defer f.Close()
	var r io.Reader = f
	if strings.HasSuffix(path, ".bz2") {
		r = bzip2.NewReader(f)
	}
	var b strings.Builder
	b.WriteString("# traditional simplified — from Unicode Unihan kSimplifiedVariant (generated by dict/internal/gen)\n")
	sc := bufio.NewScanner(r)
	for sc.Scan() {
		// U+4E7E	kSimplifiedVariant	U+5E72
		f := strings.Split(sc.Text(), "\t")
		if len(f) != 3 || f[1] != "kSimplifiedVariant" {
			continue
		}
		from := codepoint(f[0])
		to := codepoint(strings.Fields(f[2])[0])
		if from == 0 || to == 0 || from == to {
			continue
		}
		fmt.Fprintf(&b, "%c %c\n", from, to)
	}
	return b.String(), sc.Err()
}

func codepoint(s string) rune {
	n, err := strconv.ParseUint(strings.TrimPrefix(s, "U+"), 16, 32)
	if err != nil {
		return 0
	}
	return rune(n)
}
