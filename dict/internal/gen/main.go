// Command gen writes dict/words.txt and dict/words_total.go, the generated
// segmentation dictionary the linter embeds, dict/catalogue.bin, the
// catalogue and its text model parsed ahead (see dict/precompiled.go), and
// on request
// dict/t2s.txt.
// Run it with `go generate ./dict` after changing the catalogue's terms or
// dict/vocab/; TestGeneratedIsCurrent fails while the committed files are
// stale.
//
// Inputs: gse's full dictionary (data/dict/zh/s_1.txt of the gse module in
// go.mod, from the module cache: `go mod download` fetches it), the
// catalogue, and the word lists in dict/vocab/. Nothing else, so it runs on
// a fresh machine.
//
// words.txt: gse's full dictionary costs a second and 400 MB to load, and a
// pre-send hook cannot pay that per draft. What the linter needs from
// segmentation is that the words of a reply come out as words: whether a
// catalogue term stands as a word of its own or inside a longer one
// (保证 / 保证金), and that the everyday words of service (配送, 客服) are
// not cut in two. So the list keeps every dictionary word that contains a
// term or overlaps one at either end (老铁 | 铁路), every word of the domain
// lists in dict/vocab/, and the most frequent general words so that the
// words around a term are cut sensibly. Words are written as gse looks them
// up (ASCII lowercased, one line per spelling) and sorted by that key, so
// the linter can find the words of one clause by binary search in the
// embedded text without parsing the rest (lint/segment.go).
//
// words_total.go: the sum of the frequencies gse counts when it loads
// words.txt, which scales every word's cost; a segmenter loaded with only
// the words of one clause needs it to cut exactly as the whole list does.
//
// t2s.txt: traditional→simplified, one character for one character (so
// offsets into the user's text stay valid), from Unicode's Unihan
// kSimplifiedVariant field. The committed table is the source; -unihan
// regenerates it from a Unihan_Variants.txt (for example Debian's
// unicode-data package, /usr/share/unicode/Unihan_Variants.txt.bz2).
package main

import (
	"bufio"
	"cmp"
	"compress/bzip2"
	"flag"
	"fmt"
	"io"
	"log"
	"maps"
	"os"
	"os/exec"
	"path/filepath"
	"slices"
	"strconv"
	"strings"

	"github.com/go-ego/gse"

	"github.com/replylint/replylint/dict"
)

func main() {
	gseDict := flag.String("gse-dict", "", "gse's s_1.txt (default: from the module cache)")
	vocab := flag.String("vocab", "vocab", "folder of domain word lists (*.txt) always kept")
	unihan := flag.String("unihan", "", "Unihan_Variants.txt or .txt.bz2 to regenerate t2s.txt from (default: keep the committed t2s.txt)")
	top := flag.Int("top", 12000, "how many of the most frequent general words to keep")
	overlapMin := flag.Float64("overlap-min", 100, "least frequency of a word kept only because it overlaps a term")
	out := flag.String("out", ".", "folder to write words.txt, words_total.go (and t2s.txt) into")
	flag.Parse()
	o := options{gseDict: *gseDict, vocab: *vocab, unihan: *unihan, top: *top, overlapMin: *overlapMin, out: *out}
	if err := run(o); err != nil {
		log.Fatal(err)
	}
}

type options struct {
	gseDict, vocab, unihan, out string
	top                         int
	overlapMin                  float64
}

func run(o options) error {
	if o.gseDict == "" {
		path, err := gseDictPath()
		if err != nil {
			return err
		}
		o.gseDict = path
	}
	if o.unihan != "" {
		t2s, err := readT2S(o.unihan)
		if err != nil {
			return fmt.Errorf("%s: %w", o.unihan, err)
		}
		if err := os.WriteFile(filepath.Join(o.out, "t2s.txt"), []byte(t2s), 0o644); err != nil {
			return err
		}
	}
	terms, err := catalogueTerms()
	if err != nil {
		return err
	}
	domain, err := readVocab(o.vocab)
	if err != nil {
		return err
	}
	words, err := selectWords(o.gseDict, terms, domain, o.top, o.overlapMin)
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.out, "words.txt"), []byte(words), 0o644); err != nil {
		return err
	}
	packs, err := dict.Precompile()
	if err != nil {
		return err
	}
	if err := os.WriteFile(filepath.Join(o.out, "catalogue.bin"), packs, 0o644); err != nil {
		return err
	}
	return os.WriteFile(filepath.Join(o.out, "words_total.go"), []byte(totalSource(words)), 0o644)
}

// gseDictPath finds s_1.txt in the module cache, downloading the gse module
// of go.mod first when the cache lacks it.
func gseDictPath() (string, error) {
	const mod = "github.com/go-ego/gse"
	dir, err := exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
	if err == nil && strings.TrimSpace(string(dir)) == "" {
		if out, err := exec.Command("go", "mod", "download", mod).CombinedOutput(); err != nil {
			return "", fmt.Errorf("go mod download %s: %v: %s", mod, err, out)
		}
		dir, err = exec.Command("go", "list", "-m", "-f", "{{.Dir}}", mod).Output()
	}
	if err != nil {
		return "", fmt.Errorf("finding gse in the module cache: %w", err)
	}
	return filepath.Join(strings.TrimSpace(string(dir)), "data", "dict", "zh", "s_1.txt"), nil
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
	word, pos string
	freq      float64
}

func (e entry) line() string {
	s := e.word + " " + strconv.FormatFloat(e.freq, 'f', -1, 64)
	if e.pos != "" {
		s += " " + e.pos
	}
	return s
}

// readVocab reads the domain lists: `word` (gse's frequency and part of
// speech) or `word freq pos`, # comments.
func readVocab(dir string) (map[string]entry, error) {
	files, err := filepath.Glob(filepath.Join(dir, "*.txt"))
	if err != nil {
		return nil, err
	}
	slices.Sort(files)
	words := map[string]entry{}
	for _, file := range files {
		data, err := os.ReadFile(file)
		if err != nil {
			return nil, err
		}
		for n, line := range strings.Split(string(data), "\n") {
			f := strings.Fields(line)
			if len(f) == 0 || strings.HasPrefix(f[0], "#") {
				continue
			}
			e := entry{word: key(f[0])}
			switch len(f) {
			case 1:
			case 3:
				e.freq, err = strconv.ParseFloat(f[1], 64)
				if err != nil || e.freq < 2 || e.freq != float64(int64(e.freq)) {
					return nil, fmt.Errorf("%s:%d: frequency %q: want a whole number ≥ 2", file, n+1, f[1])
				}
				e.pos = f[2]
			default:
				return nil, fmt.Errorf("%s:%d: want `word` or `word freq pos`, got %d fields", file, n+1, len(f))
			}
			words[e.word] = e
		}
	}
	return words, nil
}

// key is the spelling gse looks a word up by: it lowercases ASCII letters
// (gse.ToLower) and nothing else.
func key(w string) string {
	b := []byte(w)
	for i, c := range b {
		if 'A' <= c && c <= 'Z' {
			b[i] = c - 'A' + 'a'
		}
	}
	return string(b)
}

func selectWords(path string, terms []string, domain map[string]entry, top int, overlapMin float64) (string, error) {
	all, err := readGSEDict(path)
	if err != nil {
		return "", err
	}
	keep := termWords(all, terms, domain, overlapMin)
	if err := addDomain(keep, domain); err != nil {
		return "", err
	}
	addCommonest(keep, all, top)
	return wordList(keep), nil
}

// readGSEDict reads gse's dictionary as gse loads it: words rarer than 2
// or with a fractional frequency left out, and of two spellings that
// differ in case only the first.
func readGSEDict(path string) ([]entry, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	var all []entry
	known := map[string]bool{}
	sc := bufio.NewScanner(f)
	for sc.Scan() {
		e, ok := dictEntry(sc.Text())
		// gse keeps the first of two spellings that differ in case only.
		if !ok || known[e.word] {
			continue
		}
		known[e.word] = true
		all = append(all, e)
	}
	return all, sc.Err()
}

// dictEntry reads a line of gse's dictionary, `word freq [pos]`; false
// for a line gse would skip.
func dictEntry(line string) (entry, bool) {
	fields := strings.Fields(line)
	if len(fields) < 2 {
		return entry{}, false
	}
	freq, err := strconv.ParseFloat(fields[1], 64)
	// gse skips words rarer than 2; its own list has whole numbers only,
	// which keeps the sum of frequencies exact (see words_total.go).
	if err != nil || freq < 2 || freq != float64(int64(freq)) {
		return entry{}, false
	}
	e := entry{word: key(fields[0]), freq: freq}
	if len(fields) > 2 {
		e.pos = fields[2]
	}
	return e, true
}

// termWords keeps the words of gse's dictionary that hold a term, or
// overlap one and are common enough, and the domain words it has (with
// the domain's frequency and part of speech where the domain gives them).
func termWords(all []entry, terms []string, domain map[string]entry, overlapMin float64) map[string]entry {
	keep := map[string]entry{}
	edges := termEdges(terms)
	for _, e := range all {
		// A rare word that only overlaps a term almost never wins a segmentation
		// against the common words around it; it would only cost load time.
		if contains(e.word, terms) || e.freq >= overlapMin && edges.overlaps(e.word) {
			keep[e.word] = e
		}
		if d, ok := domain[e.word]; ok {
			if d.freq == 0 {
				d = e
			}
			keep[e.word] = d
		}
	}
	return keep
}

// addDomain adds the domain words gse's dictionary lacks; those must give
// their own frequency.
func addDomain(keep, domain map[string]entry) error {
	for w, d := range domain {
		if _, ok := keep[w]; !ok {
			if d.freq == 0 {
				return fmt.Errorf("vocabulary word %s is not in gse's dictionary: give it as `word freq pos`", w)
			}
			keep[w] = d
		}
	}
	return nil
}

// addCommonest adds the top commonest words of gse's dictionary (the
// first listed of equally common ones), sorting all by frequency.
func addCommonest(keep map[string]entry, all []entry, top int) {
	slices.SortStableFunc(all, func(a, b entry) int { return cmp.Compare(b.freq, a.freq) })
	for _, e := range all[:min(top, len(all))] {
		if _, ok := keep[e.word]; !ok {
			keep[e.word] = e
		}
	}
}

// wordList is the words kept, one `word freq pos` line each, in byte order.
func wordList(keep map[string]entry) string {
	entries := slices.SortedFunc(maps.Values(keep), func(a, b entry) int { return strings.Compare(a.word, b.word) })
	var b strings.Builder
	for _, e := range entries {
		b.WriteString(e.line())
		b.WriteByte('\n')
	}
	return b.String()
}

// totalSource is words_total.go: the total frequency as gse itself counts
// it when it loads the list (single characters count 2, whatever the list
// says), so that it cannot drift from gse's rules.
func totalSource(words string) string {
	var seg gse.Segmenter
	seg.SkipLog, seg.NotLoadHMM = true, true
	_ = seg.LoadDictStr(words) // fails on I/O only
	return fmt.Sprintf(`// Code generated by dict/internal/gen; DO NOT EDIT.

package dict

// WordsTotalFreq is the sum of the frequencies gse counts when it loads
// Words. A word's cost in a segmentation is log2(WordsTotalFreq/freq).
const WordsTotalFreq = %s
`, strconv.FormatFloat(seg.Dict.TotalFreq(), 'f', -1, 64))
}

func contains(w string, terms []string) bool {
	return slices.ContainsFunc(terms, func(t string) bool { return strings.Contains(w, t) })
}

// edges holds the proper heads and tails of the terms (for 保证: 保 and 证).
type edges struct{ heads, tails map[string]bool }

func termEdges(terms []string) edges {
	e := edges{heads: map[string]bool{}, tails: map[string]bool{}}
	for _, t := range terms {
		tr := []rune(t)
		for k := 1; k < len(tr); k++ {
			e.heads[string(tr[:k])] = true
			e.tails[string(tr[len(tr)-k:])] = true
		}
	}
	return e
}

// overlaps reports whether w overlaps a term by at least one character at
// either end (w's tail is a term's head, or w's head a term's tail).
func (e edges) overlaps(w string) bool {
	wr := []rune(w)
	for k := 1; k < len(wr); k++ {
		if e.heads[string(wr[len(wr)-k:])] || e.tails[string(wr[:k])] {
			return true
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
