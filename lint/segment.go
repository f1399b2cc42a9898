package lint

import (
	"runtime/debug"
	"sync"
	"unicode/utf8"

	"github.com/go-ego/gse"

	"github.com/replylint/replylint/rules"
)

// segmenter wraps gse with the generated dictionary. It loads on first use:
// a reply with no candidate term never pays for it.
type segmenter struct {
	once  sync.Once
	words string
	seg   gse.Segmenter
}

// segmenters are the segmenters of the process, one per word list: a
// loaded gse takes 20 ms and 15 MB and is only read from, so every Linter
// (a server reloading its configuration, tests) shares it.
var segmenters struct {
	sync.Mutex
	list []*segmenter
}

func newSegmenter(words string) *segmenter {
	segmenters.Lock()
	defer segmenters.Unlock()
	for _, s := range segmenters.list {
		if s.words == words {
			return s
		}
	}
	s := &segmenter{words: words}
	segmenters.list = append(segmenters.list, s)
	return s
}

// gcTweak keeps loads that overlap from restoring each other's GC setting.
var gcTweak sync.Mutex

func (s *segmenter) load() {
	s.once.Do(func() {
		// Loading makes some 118,000 small allocations of which most
		// stay: collecting garbage while the heap only grows is wasted
		// work on the path of a one-reply check, so the collector waits
		// until the heap has grown fivefold (not twofold) meanwhile.
		gcTweak.Lock()
		defer gcTweak.Unlock()
		defer debug.SetGCPercent(debug.SetGCPercent(400))
		s.seg.SkipLog = true
		s.seg.NotLoadHMM = true // replylint never uses the HMM; its model costs 20 MB
		// LoadDictStr only fails on I/O; the embedded list has none.
		_ = s.seg.LoadDictStr(s.words)
	})
}

// Segment implements rules.Segmenter. gse is safe for concurrent reads once loaded.
func (s *segmenter) Segment(clause []rune) []rules.Token {
	s.load()
	text := make([]byte, 0, 3*len(clause))
	for _, r := range clause {
		text = utf8.AppendRune(text, r)
	}
	segs := s.seg.Segment(text)
	toks := make([]rules.Token, 0, len(segs))
	// gse reports byte offsets; count runes as we walk.
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

var _ rules.Segmenter = (*segmenter)(nil)
