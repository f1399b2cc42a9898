package lint

import (
	"slices"
	"strconv"
	"strings"
	"sync"
	"sync/atomic"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/replylint/replylint/rules"
)

// segmenter cuts clauses into words with gse and the generated dictionary
// (dict.Words). Each Linter owns one; nothing is shared between Linters.
//
// Loading the whole list into gse takes 20 ms and 15 MB, most of a one-reply
// check. But gse's cut of a clause depends only on the dictionary words that
// occur in it and on the list's frequency total (a word costs
// log2(total/freq)). So the first clauses a Linter meets are each cut by a
// gse loaded with just their words — found by binary search in the sorted,
// embedded list, nothing parsed — plus one filler entry that no text can
// match, carrying the rest of the total. That is some tens of
// microseconds a clause, about a thousandth of the whole load
// (BenchmarkClauseSegment, BenchmarkSegmenterLoad); at fullAfter clauses (a batch run, a server) the whole list is
// loaded once, in the background, and used from then on. Both cut alike
// (the words a cut can use and their costs, to the last bit, are the
// same), so which one cuts a clause changes no finding:
// TestClauseDictionary compares them.
type segmenter struct {
	words string  // "word freq pos" lines sorted by word, as gse looks words up
	total float64 // gse's frequency total of words (dict.WordsTotalFreq)

	clauses atomic.Int64 // clauses cut with a clause dictionary so far
	once    sync.Once
	full    atomic.Pointer[fullList] // the whole list, once loaded
}

// fullList is gse loaded with the whole list, and the rune pairs of the
// list's words, which tell KnownBreak of most offsets without a walk of
// gse's trie.
type fullList struct {
	seg   *gse.Segmenter
	pairs runePairs
}

// fullAfter is how many clauses are cut with clause dictionaries before the
// whole list starts loading: about the load's cost over a clause
// dictionary's.
const fullAfter = 1000

func newSegmenter(words string, total float64) *segmenter {
	return &segmenter{words: words, total: total}
}

// loadFull loads the whole list (once per segmenter) and returns it.
func (s *segmenter) loadFull() *gse.Segmenter {
	s.once.Do(func() {
		seg := new(gse.Segmenter)
		seg.SkipLog = true
		seg.NotLoadHMM = true // replylint never uses the HMM; its model costs 20 MB
		// LoadDictStr only fails on I/O; the embedded list has none.
		_ = seg.LoadDictStr(s.words)
		full := &fullList{seg: seg}
		full.pairs.addWords(s.words)
		s.full.Store(full)
	})
	return s.full.Load().seg
}

// Segment implements rules.Segmenter. gse is safe for concurrent reads once
// loaded, and a clause dictionary belongs to one call.
func (s *segmenter) Segment(clause []rune) []rules.Token {
	text := make([]byte, 0, 3*len(clause))
	for _, r := range clause {
		text = utf8.AppendRune(text, r)
	}
	var seg *gse.Segmenter
	if full := s.full.Load(); full != nil {
		seg = full.seg
	}
	if fullPath { // the straightforward path cuts with the whole list from the start
		seg = s.loadFull()
	}
	if seg == nil {
		if s.clauses.Add(1) == fullAfter {
			// In the background: a request that waited on the load
			// would hold up every other one waiting on the Once, and a
			// clause dictionary cuts as the whole list does meanwhile.
			go s.loadFull()
		}
		if seg = s.clauseDict(text); seg == nil {
			seg = s.loadFull()
		}
	}
	return tokens(text, seg.Segment(text))
}

// tokens converts gse's byte offsets into rune offsets.
func tokens(text []byte, segs []gse.Segment) []rules.Token {
	toks := make([]rules.Token, 0, len(segs))
	runeAt, byteAt := 0, 0
	for _, sg := range segs {
		runeAt += utf8.RuneCount(text[byteAt:sg.Start()])
		start := runeAt
		runeAt += utf8.RuneCount(text[sg.Start():sg.End()])
		byteAt = sg.End()
		toks = append(toks, rules.Token{Start: start, End: runeAt, POS: sg.Token().Pos()})
	}
	return toks
}

// filler is the key of the entry that carries the frequency of the words a
// clause dictionary leaves out. gse looks text up as valid UTF-8, which
// never contains the byte 0xff, so it never matches; and it is two
// characters long, as a one-character word's frequency would be reset to 2.
const filler = "\xff\xff"

// clauseDict returns a gse loaded with the dictionary words that occur in
// text, or nil if the list cannot be read as generated.
func (s *segmenter) clauseDict(text []byte) *gse.Segmenter {
	seg := new(gse.Segmenter)
	seg.SkipLog = true
	seg.NotLoadHMM = true
	units := seg.SplitTextToWords(text) // gse's lookup units: a character, or a run of Latin letters and digits
	var found []int                     // line offsets of the words found
	var key []byte
	for i := range units {
		key = key[:0]
		for j := i; j < len(units); j++ {
			key = append(key, units[j]...)
			at, exact, prefix := s.lookup(key)
			if exact {
				found = append(found, at)
			}
			if !prefix {
				break
			}
		}
	}
	slices.Sort(found)
	found = slices.Compact(found)

	type word struct {
		text, pos string
		freq      float64
	}
	words := make([]word, 0, len(found))
	sum := 0.0
	for _, at := range found {
		w, freq, pos, ok := line(s.words, at)
		if !ok {
			return nil
		}
		// As gse.Segmenter.Size does when it loads the list.
		if utf8.RuneCountInString(w) < 2 {
			freq = 2
		}
		words = append(words, word{w, pos, freq})
		sum += freq
	}
	// Frequencies are whole numbers, so the sums are exact and the clause
	// dictionary's total is the list's to the last bit.
	rest := s.total - sum
	if rest < seg.MinTokenFreq || rest < 2 {
		return nil
	}
	seg.Dict = gse.NewDict()
	if seg.Dict.AddToken(seg.ToToken(filler, rest)) != nil {
		return nil
	}
	for _, w := range words {
		if seg.Dict.AddToken(seg.ToToken(w.text, w.freq, w.pos)) != nil {
			return nil
		}
	}
	seg.CalcToken()
	return seg
}

// lookup finds key in the sorted list: the offset of the first line whose
// word is not less than key, whether that word is key, and whether it
// begins with key (if not, no longer word does either).
func (s *segmenter) lookup(key []byte) (at int, exact, prefix bool) {
	lo, hi := 0, len(s.words) // line starts; lines before lo are less than key, from hi on not
	for lo < hi {
		m := strings.LastIndexByte(s.words[:lo+(hi-lo)/2], '\n') + 1
		w, next := wordAt(s.words, m)
		if w < string(key) {
			lo = next
		} else {
			hi = m
		}
	}
	if lo >= len(s.words) {
		return lo, false, false
	}
	w, _ := wordAt(s.words, lo)
	return lo, w == string(key), strings.HasPrefix(w, string(key))
}

// wordAt returns the word of the line starting at i and where the next line starts.
func wordAt(s string, i int) (word string, next int) {
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end = len(s) - i
	}
	line := s[i : i+end]
	if sp := strings.IndexByte(line, ' '); sp >= 0 {
		line = line[:sp]
	}
	return line, i + end + 1
}

// line parses the line starting at i: word, frequency, part of speech.
func line(s string, i int) (word string, freq float64, pos string, ok bool) {
	end := strings.IndexByte(s[i:], '\n')
	if end < 0 {
		end = len(s) - i
	}
	f := strings.Fields(s[i : i+end])
	if len(f) < 2 {
		return "", 0, "", false
	}
	freq, err := strconv.ParseFloat(f[1], 64)
	if err != nil {
		return "", 0, "", false
	}
	if len(f) > 2 {
		pos = f[2]
	}
	return f[0], freq, pos, true
}

var _ rules.Segmenter = (*segmenter)(nil)

// KnownBreak implements rules.BreakTeller: it reports true only when gse's
// cut of clause has a word boundary at rune offset b (0 < b < len(clause))
// for certain, found without cutting. gse cuts into dictionary words and
// single lookup units, so where no dictionary word of the clause spans b
// every cut breaks there. It asks the whole list, once loaded (before, it
// reports false and the clause is cut).
//
// A word that spans b holds the rune pairs from where it starts to b and
// from b to where it ends, each pair as two lookup units next to each
// other. So the stretch that may hold such words grows from the pair at b
// only over pairs the list's words hold (runePairs): most offsets have
// none, and are breaks without a walk of gse's trie. That reasoning needs
// each rune of the stretch, and each one next to it, to be a lookup unit
// of its own, as a rune of three UTF-8 bytes or more is; gse looks Latin
// letters and digits up a run at a time, in lower case (it reports false
// near them). A word is at most the list's longest word (maxLen units)
// long, which bounds the stretch to maxLen-1 runes either side of b.
func (s *segmenter) KnownBreak(clause []rune, b int) bool {
	full := s.full.Load()
	if full == nil || fullPath || b <= 0 || b >= len(clause) {
		return false
	}
	maxLen := full.seg.Dict.MaxTokenLen()
	if maxLen > maxKnownToken || !singleUnit(clause[b-1]) || !singleUnit(clause[b]) {
		return false
	}
	pairs := &full.pairs
	if !pairs.mayHold(clause[b-1], clause[b]) {
		return true
	}
	lo, hi := b-1, b+1 // the stretch that holds every word spanning b
	for ; lo > max(0, b+1-maxLen); lo-- {
		if !singleUnit(clause[lo-1]) {
			return false // may end a run of Latin letters or digits
		}
		if !pairs.mayHold(clause[lo-1], clause[lo]) {
			break
		}
	}
	for ; hi < min(len(clause), b-1+maxLen); hi++ {
		if !singleUnit(clause[hi]) {
			return false // may start a run of Latin letters or digits
		}
		if !pairs.mayHold(clause[hi-1], clause[hi]) {
			break
		}
	}
	var buf [2 * maxKnownToken * utf8.UTFMax]byte
	var unitBuf [2 * maxKnownToken]gse.Text
	n := 0
	for i, r := range clause[lo:hi] {
		k := utf8.EncodeRune(buf[n:], r)
		unitBuf[i] = buf[n : n+k : n+k] // into the array itself: a store through a slice would move buf to the heap
		n += k
	}
	units := unitBuf[:hi-lo]
	var found [maxKnownToken]*gse.Token
	for p := b - 1 - lo; p >= 0; p-- {
		// The words that start at p are the prefixes LookupTokens finds,
		// shortest first: one of them spans b when the walk past b finds
		// more of them than the walk up to it.
		all := full.seg.Dict.LookupTokens(units[p:min(len(units), p+maxLen)], found[:])
		if all > 0 && all > full.seg.Dict.LookupTokens(units[p:b-lo], found[:]) {
			return false
		}
	}
	return true
}

// maxKnownToken bounds the dictionary's longest word (in lookup units) for
// KnownBreak, which keeps what it reads on the stack; the generated
// dictionary's is 14.
const maxKnownToken = 20

// singleUnit reports whether r is a gse lookup unit on its own, whatever
// stands next to it: gse.Segmenter.SplitTextToWords joins into runs only
// letters and digits of one or two UTF-8 bytes.
func singleUnit(r rune) bool { return r >= 0x800 }

// runePairs is a Bloom filter of the pairs of runes that stand next to each
// other in the list's words: mayHold is false for a pair no word holds, and
// true for those the words hold and a few others (about 1 %, where
// KnownBreak walks gse's trie as it would without the filter). The list's
// 16 000 pairs in 32 KB, two bits each, stay in cache.
type runePairs [pairBits / 64]uint64

const (
	pairLog  = 18
	pairBits = 1 << pairLog
)

// addWords adds the pairs of each word of a "word freq pos" list: of each
// line up to its first space, as gse reads it (it trims the word, and
// lowers Latin letters, which KnownBreak never asks about; a pair too many
// only costs a walk). One pass over the bytes: it is part of loadFull.
func (p *runePairs) addWords(list string) {
	prev := rune(-1) // the rune before, in the word being read
	for i := 0; i < len(list); {
		switch list[i] {
		case ' ': // the rest of the line is no word
			end := strings.IndexByte(list[i:], '\n')
			if end < 0 {
				return
			}
			i += end
		case '\n':
			prev = -1
			i++
		default:
			r, n := utf8.DecodeRuneInString(list[i:])
			if prev >= 0 {
				p.add(prev, r)
			}
			prev = r
			i += n
		}
	}
}

// pairBitsOf returns the two bits of the pair a, b: the top and the middle
// bits of a multiplicative hash.
func pairBitsOf(a, b rune) (i, j uint64) {
	h := (uint64(a)<<32 | uint64(uint32(b))) * 0x9e3779b97f4a7c15
	return h >> (64 - pairLog), (h >> 23) & (pairBits - 1)
}

func (p *runePairs) add(a, b rune) {
	i, j := pairBitsOf(a, b)
	p[i/64] |= 1 << (i % 64)
	p[j/64] |= 1 << (j % 64)
}

func (p *runePairs) mayHold(a, b rune) bool {
	i, j := pairBitsOf(a, b)
	return p[i/64]&(1<<(i%64)) != 0 && p[j/64]&(1<<(j%64)) != 0
}
