package lint

import (
	"fmt"
	"math/rand/v2"
	"reflect"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// corpusFiller are clean sentences of both roles; the generated corpus
// mixes them with every rule's own hit and non-hit examples.
var corpusFiller = []string{
	"您好，很高兴为您服务，请问有什么可以帮您？",
	"请您稍等，我帮您查询一下订单的物流信息。",
	"您的订单已经发货了，快递单号已同步到订单详情页。",
	"非常抱歉给您带来不便，我们会尽快为您处理。",
	"麻烦您提供一下订单号，我这边为您核实。",
	"正常情况下两天内送达，偏远地区会稍晚一些。",
	"您可以在“我的订单”里点击申请售后。",
	"这款手机支持5G网络和NFC功能，电池容量为5000毫安时。",
	"我们的客服热线是400-800-1234。",
	"USB-C接口，No.1销量，好评率99.5%。",
	"你好，在吗？",
	"我的快递怎么还没到啊，都三天了！！",
	"OK，那我等一下。",
	"《使用说明》第3页有写。",
	"[2024-05-01] 订单#12345 已签收",
	"　全角空格和ＡＢＣ全角字母，還有繁體字。",
	"emoji 😀 和\t制表符\n换行",
}

var corpusOnce struct {
	sync.Once
	hits, nonHits []string
}

func corpusSentences() (hits, nonHits []string) {
	corpusOnce.Do(func() {
		packs, err := dict.Builtin()
		if err != nil {
			panic(err)
		}
		for _, p := range packs {
			for _, r := range p.Rules {
				for _, h := range r.Hits {
					text, _ := rules.ParseMarked(h)
					corpusOnce.hits = append(corpusOnce.hits, text)
				}
				corpusOnce.nonHits = append(corpusOnce.nonHits, r.NonHits...)
			}
		}
	})
	return corpusOnce.hits, corpusOnce.nonHits
}

// genCorpus builds n deterministic conversations of 1 to 12 turns, both
// roles. hitRate is the share of sentences taken from hit examples; joins
// are sometimes bare, sometimes punctuation or spaces, so example sentences
// run into each other and into filler the way real replies do.
func genCorpus(n int, hitRate float64) []*Conversation {
	hits, nonHits := corpusSentences()
	rng := rand.New(rand.NewPCG(42, 7))
	pick := func(xs []string) string { return xs[rng.IntN(len(xs))] }
	joins := []string{"", "", "，", "。", " ", "！", "\n", "“", "”"}
	convs := make([]*Conversation, n)
	for i := range convs {
		c := &Conversation{ID: fmt.Sprintf("c%d", i)}
		at := time.Date(2024, 5, 1, 9, 0, 0, 0, time.UTC).Add(time.Duration(i) * time.Minute)
		turns := 1 + rng.IntN(12)
		for t := range turns {
			var sb strings.Builder
			parts := 1 + rng.IntN(4)
			if rng.IntN(40) == 0 {
				parts = 20 + rng.IntN(30)
			}
			for range parts {
				switch x := rng.Float64(); {
				case x < hitRate:
					sb.WriteString(pick(hits))
				case x < hitRate+0.2:
					sb.WriteString(pick(nonHits))
				default:
					sb.WriteString(pick(corpusFiller))
				}
				sb.WriteString(pick(joins))
			}
			role := Agent
			if t%2 == 0 && turns > 1 {
				role = Customer
			}
			// Times in most conversations, some replies late, for the
			// response-time rules.
			if i%4 != 0 {
				at = at.Add(time.Duration(1+rng.IntN(90)) * time.Second)
			}
			m := Message{ID: fmt.Sprintf("m%d", t), Role: role, Text: sb.String(), Line: t + 1, Column: 1, Verbatim: true}
			if i%4 != 0 {
				m.Time = at
			}
			c.Messages = append(c.Messages, m)
		}
		convs[i] = c
	}
	return convs
}

// TestFastPathEquivalence checks that the fast path (clause-level lazy
// segmentation, first-rune prefilters, anchored pattern tries) finds exactly
// what the straightforward path finds: every message segmented whole, up
// front with the whole dictionary loaded, every position tried, every regexp
// run in full.
func TestFastPathEquivalence(t *testing.T) {
	fast, full := fastAndFull(t)

	n := 3000
	if testing.Short() {
		n = 300
	}
	convs := genCorpus(n, 0.15)
	fired := map[string]int{}
	total, diffs := 0, 0
	for _, c := range convs {
		got, want := fast.CheckConversation(c), full.CheckConversation(c)
		total += len(want)
		for _, f := range want {
			fired[f.Rule]++
			// Positions are walked on from finding to finding: they must
			// be what Message.Position says.
			if f.HasSpan() && f.Turn > 0 {
				m := &c.Messages[f.Turn-1]
				if line, col := m.Position(f.Start); line != f.Line || col != f.Column {
					t.Errorf("%s %s at %d: line %d column %d, want %d:%d", c.ID, f.Rule, f.Start, f.Line, f.Column, line, col)
				}
			}
		}
		if !reflect.DeepEqual(got, want) {
			if diffs++; diffs <= 5 {
				t.Errorf("conversation %s: fast path and full path differ\nfast: %s\nfull: %s", c.ID, brief(got), brief(want))
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d conversations differ", diffs, len(convs))
	}
	// The corpus must exercise the engine, or equality proves nothing.
	var silent []string
	for _, r := range fast.Rules() {
		if m := r.Info(); len(m.Examples.Hits) > 0 && fired[m.ID] == 0 && m.Severity != rules.Off {
			silent = append(silent, m.ID)
		}
	}
	if total < n || len(silent) > len(fast.Rules())/5 {
		t.Errorf("corpus too tame: %d findings, rules that never fired: %v", total, silent)
	}
	t.Logf("%d conversations, %d findings from %d rules; never fired: %v", len(convs), total, len(fired), silent)
}

// TestFastPathEquivalenceRandom throws random short messages made of the
// runes and terms of the catalogue's examples (and some punctuation, Latin
// capitals, digits) at both paths: what sentences do not try, chance does.
func TestFastPathEquivalenceRandom(t *testing.T) {
	fast, full := fastAndFull(t)
	hits, nonHits := corpusSentences()
	seen := map[rune]bool{}
	var alphabet []rune
	var words []string
	for _, s := range append(append([]string{"ABCDEFGHIJKLMNOPQRSTUVWXYZ!！?？.。，,“”\"《》 \n0123456789%"}, hits...), nonHits...) {
		for _, r := range s {
			if !seen[r] {
				seen[r] = true
				alphabet = append(alphabet, r)
			}
		}
		rs := []rune(s)
		for i := 0; i+2 <= len(rs); i += 2 {
			words = append(words, string(rs[i:min(len(rs), i+2+i%3)]))
		}
	}
	// The marked matches of every hit example, whole, and glued in twos.
	for _, r := range fast.Rules() {
		for _, ex := range r.Info().Examples.Hits {
			text, spans := rules.ParseMarked(ex)
			rs := []rune(text)
			for _, sp := range spans {
				words = append(words, string(rs[sp.Start:sp.End]))
			}
		}
	}
	// Pieces of the pattern rules' shapes, drawn often so that long
	// matches (我们+实在+不可以, a run of capitals) come up.
	pieces := []string{"我们", "我们这边真的", "我实在确实", "我", "这边", "真的", "实在", "确实", "暂时", "不能", "不可以", "不愿意", "做不了", "办不到", "不能够", "帮不了", "没法", "NFC", "ABCD", "EFGHIJ", "!", "!!", "2333", "66", "6", "的", "好", "没有", " 1", ".5", "号", "键", "一样", "您", "确实是"}
	rng := rand.New(rand.NewPCG(3, 5))
	n := 20000
	if testing.Short() {
		n = 2000
	}
	diffs := 0
	for range n {
		var b strings.Builder
		for range 1 + rng.IntN(12) {
			switch rng.IntN(3) {
			case 0:
				b.WriteRune(alphabet[rng.IntN(len(alphabet))])
			case 1:
				b.WriteString(words[rng.IntN(len(words))])
			default:
				b.WriteString(pieces[rng.IntN(len(pieces))])
			}
		}
		text := b.String()
		got, want := fast.CheckText(text), full.CheckText(text)
		if !reflect.DeepEqual(got, want) {
			if diffs++; diffs <= 5 {
				t.Errorf("%q: fast path and full path differ\nfast: %s\nfull: %s", text, brief(got), brief(want))
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d of %d messages differ", diffs, n)
	}
}

func brief(fs []Finding) string {
	var b strings.Builder
	for _, f := range fs {
		fmt.Fprintf(&b, "\n  %d %s [%d,%d) %q", f.Turn, f.Rule, f.Start, f.End, f.Match)
	}
	return b.String()
}

// TestNormalizerTable checks the paged traditional→simplified table and the
// case shortcuts against the map and unicode.ToLower they replace, rune by
// rune over all of Unicode.
func TestNormalizerTable(t *testing.T) {
	m := map[rune]rune{}
	for line := range strings.Lines(dict.T2S) {
		f := []rune(strings.TrimSpace(line))
		if len(f) == 3 && f[1] == ' ' {
			m[f[0]] = f[2]
		}
	}
	n := newNormalizer(dict.T2S)
	all := make([]rune, 0, unicode.MaxRune+1)
	for r := rune(0); r <= unicode.MaxRune; r++ {
		all = append(all, r)
	}
	fold, lower := n.Fold(all)
	bad := 0
	for i, r := range all {
		f := r
		if r >= 0xFF00 || r == 0x3000 {
			if w := width.LookupRune(r).Folded(); w != 0 {
				f = w
			}
		}
		if s, ok := m[f]; ok {
			f = s
		}
		if fold[i] != f || lower[i] != unicode.ToLower(f) {
			if bad++; bad < 10 {
				t.Errorf("U+%04X: fold %U lower %U, want %U and %U", r, fold[i], lower[i], f, unicode.ToLower(f))
			}
		}
	}
}

// TestDecode checks decode, the one pass prepare makes, against Fold rune
// by rune over all of Unicode, and that it calls a text its own lowered
// form exactly when it is.
func TestDecode(t *testing.T) {
	n := newNormalizer(dict.T2S)
	var b strings.Builder
	for r := rune(0); r <= unicode.MaxRune; r++ {
		if utf8.ValidRune(r) {
			b.WriteRune(r)
		}
	}
	text := b.String()
	all := []rune(text)
	orig, fold, lower := make([]rune, len(all)), make([]rune, len(all)), make([]rune, len(all))
	k, same := n.decode(text, orig, fold, lower)
	if k != len(all) || same {
		t.Fatalf("decode of all runes: %d runes, same %v; want %d, false", k, same, len(all))
	}
	wantFold, wantLower := n.Fold(all)
	bad := 0
	for i, r := range all {
		if orig[i] != r || fold[i] != wantFold[i] || lower[i] != wantLower[i] {
			if bad++; bad < 10 {
				t.Errorf("U+%04X: decode %U %U %U, want %U %U %U", r, orig[i], fold[i], lower[i], r, wantFold[i], wantLower[i])
			}
		}
	}
	for _, c := range []struct {
		text string
		same bool
	}{
		{"您好，请稍等", false}, // the full-width comma folds
		{"您好,请稍等。", true},
		{"ok 好的", true},
		{"OK 好的", false},
		{"發貨", false},      // traditional
		{"\xff好", false},   // invalid UTF-8 reads as U+FFFD
		{"\uFFFD好", false}, // told apart from it only by its length: never taken as itself
		{"", true},
	} {
		rs := make([]rune, len(c.text))
		_, same := n.decode(c.text, rs, make([]rune, len(rs)), make([]rune, len(rs)))
		if same != c.same {
			t.Errorf("decode(%q): same %v, want %v", c.text, same, c.same)
		}
	}
	// The runes of any bytes are those range reads: cut and broken
	// sequences among the lead bytes decode reads itself.
	rng := rand.New(rand.NewPCG(4, 14))
	pieces := []string{"\xe4", "\xe9", "\xe3", "\xea", "\xbd", "\x80", "\xc0", "\xff", "好", "a", "發", "，", "\U0001F600", "\xed\xa0\x80"}
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		text := b.String()
		want := []rune(text)
		rs := make([]rune, len(text))
		k, _ := n.decode(text, rs, make([]rune, len(rs)), make([]rune, len(rs)))
		if !slices.Equal(rs[:k], want) {
			t.Fatalf("decode(%q) = %U, want %U", text, rs[:k], want)
		}
	}
}

// TestIsBreakShortcut checks the runes IsBreak answers without the unicode
// tables.
func TestIsBreakShortcut(t *testing.T) {
	for r := rune(0); r <= 0xFFFF; r++ {
		want := unicode.IsPunct(r) || unicode.IsSpace(r) || unicode.IsSymbol(r)
		switch r {
		case '%', '％', '-', '_', '\'', '.', '·':
			want = false
		}
		if rules.IsBreak(r) != want {
			t.Errorf("IsBreak(%U) = %v", r, !want)
		}
	}
}

// fastAndFull builds two linters on the built-in catalogue: one on the fast
// path, one that segments whole messages up front and tries every position.
func fastAndFull(t *testing.T) (fast, full *Linter) {
	t.Helper()
	fast, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if full, err = New(Config{}); err != nil {
		t.Fatal(err)
	}
	full.full = true
	full.seg.loadFull() // gse with the whole list; the fast path starts on clause dictionaries
	return fast, full
}
