package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// TestArtefactExamples runs the examples of every artefact of the text
// model: an example's ⟦…⟧ spans are exactly what that artefact finds in it,
// and a non-example holds none of it.
func TestArtefactExamples(t *testing.T) {
	l := linterWith(t, Config{})
	spec, err := dict.Text()
	if err != nil {
		t.Fatal(err)
	}
	found := func(text, id string) []rules.Span {
		tx := l.Prepare(text)
		var out []rules.Span
		for _, sp := range tx.Artefacts() {
			if _, a, _ := tx.ArtefactOf(sp.Start); a.ID == id {
				out = append(out, sp)
			}
		}
		return out
	}
	for _, a := range spec.Artefacts {
		if len(a.Examples) == 0 || len(a.NonExamples) == 0 {
			t.Errorf("artefact %s: needs examples and non_examples", a.ID)
		}
		for _, ex := range a.Examples {
			text, want := rules.ParseMarked(ex)
			if got := found(text, a.ID); !slices.Equal(got, want) {
				t.Errorf("artefact %s: %q: found %v, want %v", a.ID, text, got, want)
			}
		}
		for _, ex := range a.NonExamples {
			if got := found(ex, a.ID); len(got) > 0 {
				t.Errorf("artefact %s: non-example %q: found %v", a.ID, ex, got)
			}
		}
	}
}

func linterWith(t *testing.T, cfg Config) *Linter {
	t.Helper()
	l, err := New(cfg)
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// rulesHit lists the rule ids of the findings of text, with their matches.
func rulesHit(l *Linter, text string) []string {
	var out []string
	for _, f := range l.CheckText(text) {
		if f.HasSpan() {
			out = append(out, f.Rule+":"+f.Match)
		}
	}
	return out
}

// TestArtefactsAreNotWords checks through the linter that platform text is
// never read as the agent's words, while the same words typed still count.
func TestArtefactsAreNotWords(t *testing.T) {
	l := linterWith(t, Config{})
	cases := []struct {
		text string
		want []string // rule:match, in order
	}{
		{"不客气！[呵呵]", nil},
		{"不客气！呵呵", []string{"interjection.laugh:呵呵"}},
		{"[哈哈]好的，这就为您处理。", nil},
		{"有问题请拨打400-830-6666。", nil},
		{"666，这操作厉害。", []string{"slang.runs:666"}},
		{"派克(PARKER)钢笔已经发货。", nil},
		{"PARKER, PLEASE WAIT.", []string{"shouting.caps:PARKER", "shouting.caps:PLEASE", "shouting.caps:WAIT"}},
		{"支持TD-SCDMA网络。", nil},
		{"找到HKEY_CURRENT_USER\\Software删除即可。", nil},
		{"空调型号是KFR-35GW/WDAA。", nil},
		{"详情请登录O网页链接查看。", nil},
		{"请发邮件到ni@example.com，谢谢。", nil},
		{"请关注@你好客服 了解进度。", nil},
		{"不客气O(∩_∩)O", nil},
	}
	for _, c := range cases {
		if got := rulesHit(l, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

// TestEmoticonSwitch: one switch makes an emoticon code count as the word
// it names.
func TestEmoticonSwitch(t *testing.T) {
	on := true
	l := linterWith(t, Config{Text: &dict.TextSpec{EmoticonWords: &on}})
	if got := rulesHit(l, "不客气！[呵呵]"); !slices.Equal(got, []string{"interjection.laugh:呵呵"}) {
		t.Errorf("emoticon_words = true: got %v, want the laughter", got)
	}
	// Masks are not emoticons: they stay codes.
	if got := rulesHit(l, "您的订单[订单x]已发货"); len(got) != 0 {
		t.Errorf("mask read as words: %v", got)
	}
}

// TestTeamArtefact: a team declares its own artefact (a ticket code) and
// the words inside it are no longer read.
func TestTeamArtefact(t *testing.T) {
	extra := &dict.TextSpec{Artefacts: []dict.ArtefactSpec{{ID: "ticket", Kind: "identifier", Pattern: `工单\d{1,6}哈哈`}}}
	l := linterWith(t, Config{Text: extra})
	if got := rulesHit(l, "请记下工单12哈哈。"); len(got) != 0 {
		t.Errorf("team artefact: got %v", got)
	}
	if got := rulesHit(linterWith(t, Config{}), "请记下工单12哈哈。"); len(got) == 0 {
		t.Errorf("without the team's artefact the laughter should count")
	}
	bad := &dict.TextSpec{File: "team.toml", Artefacts: []dict.ArtefactSpec{{ID: "open", Kind: "x", Pattern: `a+`}}}
	if _, err := New(Config{Text: bad}); err == nil || !strings.Contains(err.Error(), "bound every repetition") {
		t.Errorf("an unbounded artefact pattern: err = %v", err)
	}
}

// TestClausePosition: closing quotes, brackets, artefacts and mentions are
// no clause starts, so a 哦 after them is a final softener.
func TestClausePosition(t *testing.T) {
	l := linterWith(t, Config{})
	cases := []struct {
		text string
		want []string
	}{
		{"请在设置页打开“夜间模式”哦。", nil},
		{"请填写【手机号】哦，谢谢。", nil},
		{"已发货[微笑]哦。", nil},
		{"请关注@你好客服 哦", nil},
		{"哦，这样啊。", []string{"interjection.oh:哦"}},
		{"好的。哦，还有一件事。", []string{"interjection.oh:哦"}},
		{"谢谢.哦,还有一件事.", []string{"interjection.oh:哦"}},
	}
	for _, c := range cases {
		if got := rulesHit(l, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
}

// TestNotInIsTokenAligned: an exception written as a longer word holds
// only where that word is a run of whole words, not a raw substring
// across a word boundary.
func TestNotInIsTokenAligned(t *testing.T) {
	l := linterWith(t, Config{})
	if got := rulesHit(l, "这个需要亲自己购买。"); !slices.Contains(got, "address.qin:亲") {
		t.Errorf("亲|自己: the address is hidden by not_in 亲自: %v", got)
	}
	if got := rulesHit(l, "请您亲自到店办理。"); slices.Contains(got, "address.qin:亲") {
		t.Errorf("亲自 as a word: %v", got)
	}
}

// TestVariantExamples runs the examples of every spelling variant of the
// text model: the standard word is written exactly over the ⟦…⟧ spans and
// nowhere else, the text as written is kept beside it, and a non-example is
// left alone.
func TestVariantExamples(t *testing.T) {
	l := linterWith(t, Config{})
	spec, err := dict.Text()
	if err != nil {
		t.Fatal(err)
	}
	// changed lists the offsets where Norm is not the text as written.
	changed := func(tx *rules.Text) []int {
		var out []int
		for i := 0; tx.Written != nil && i < len(tx.Norm); i++ {
			if tx.Norm[i] != tx.Written[i] {
				out = append(out, i)
			}
		}
		return out
	}
	for _, v := range spec.Variants {
		if len(v.Examples) == 0 || len(v.NonExamples) == 0 {
			t.Errorf("variant %s: needs examples and non_examples", v.From)
		}
		for _, ex := range v.Examples {
			text, want := rules.ParseMarked(ex)
			tx := l.Prepare(text)
			for _, sp := range want {
				if tx.Written == nil || string(tx.Norm[sp.Start:sp.End]) != v.To || string(tx.Written[sp.Start:sp.End]) != v.From || string(tx.Orig[sp.Start:sp.End]) != v.From {
					t.Errorf("variant %s: %q: Norm reads %q at %v", v.From, text, string(tx.Norm[sp.Start:sp.End]), sp)
				}
			}
			for _, i := range changed(tx) {
				if !slices.ContainsFunc(want, func(sp rules.Span) bool { return sp.Start <= i && i < sp.End }) {
					t.Errorf("variant %s: %q: written over at %d, outside %v", v.From, text, i, want)
				}
			}
		}
		for _, ex := range v.NonExamples {
			if got := changed(l.Prepare(ex)); len(got) > 0 {
				t.Errorf("variant %s: non-example %q: written over at %v", v.From, ex, got)
			}
		}
	}
}

// TestVariantsKeepTheSpellingsFindings checks that a spelling is read as
// its standard word by the word rules and still found by the rule that
// bans the spelling, at the offsets of the text as written.
func TestVariantsKeepTheSpellingsFindings(t *testing.T) {
	l := linterWith(t, Config{})
	cases := []struct {
		text string
		want []string // rule:match, in order
	}{
		{"亲，镁铝，请问肿么了？", []string{"address.qin:亲", "address.familiar:镁铝", "slang.internet:肿么"}},
		{"灰常感谢您的耐心。", nil},
		{"这款机身是镁铝合金的。", nil},
	}
	for _, c := range cases {
		if got := rulesHit(l, c.text); !slices.Equal(got, c.want) {
			t.Errorf("%q: got %v, want %v", c.text, got, c.want)
		}
	}
	tx := l.Prepare("好的镁铝")
	if string(tx.Norm) != "好的美女" || string(tx.Written) != "好的镁铝" || string(tx.Orig) != "好的镁铝" {
		t.Errorf("views: Norm %q, Written %q, Orig %q", string(tx.Norm), string(tx.Written), string(tx.Orig))
	}
}

// TestWordQuestionsWithoutWords checks the answers a Text gives about word
// boundaries without segmenting (a unit's own edges, see Text.Aligned, and
// the segmenter's KnownBreak)
// against the same questions asked of the words, for every span of texts
// of the catalogue's examples, mixed with artefacts, Latin and breaks; and
// that the strings it hands the regexps are those of its runes.
func TestWordQuestionsWithoutWords(t *testing.T) {
	l := linterWith(t, Config{})
	l.seg.loadFull() // KnownBreak asks the whole list
	hits, nonHits := corpusSentences()
	texts := append(append([]string{"亲", "好的，亲", "OK的[微笑]呵呵，USB-C接口", "请拨打400-830-6666，好的", "ABC您好",
		"好的ok的话", "vip会员3天到", "t恤a1b2好的", "é文字ok"}, hits...), nonHits...)
	// Dictionary words of three runes or more whose last two runes are no
	// word, in a clause: a word that spans an offset from further back.
	words := map[string]bool{}
	for line := range strings.Lines(dict.Words) {
		if w, _, ok := strings.Cut(line, " "); ok {
			words[w] = true
		}
	}
	long := 0
	for w := range words {
		if rs := []rune(w); len(rs) >= 3 && !words[string(rs[len(rs)-2:])] && long < 300 {
			texts = append(texts, "请问"+w+"吗")
			long++
		}
	}
	for _, text := range texts {
		full := l.Prepare(text)
		full.SetFull()
		n := full.Len()
		for s := 0; s < n; s++ {
			for e := s + 1; e <= n && e <= s+6; e++ {
				// A fresh text for each question: once a clause is cut,
				// the words answer.
				fo, fouter := l.Prepare(text).Aligned(s, e)
				wo, wouter := full.Aligned(s, e)
				if fo != wo || fouter != wouter {
					t.Errorf("%q [%d,%d): Aligned %v %v, from the words %v %v", text, s, e, fo, fouter, wo, wouter)
				}
				if got, want := l.Prepare(text).AlignedRun(s, e), full.AlignedRun(s, e); got != want {
					t.Errorf("%q [%d,%d): AlignedRun %v, from the words %v", text, s, e, got, want)
				}
			}
		}
		fast := l.Prepare(text)
		if fast.String() != string(fast.Norm) || fast.FoldString() != string(fast.Fold) {
			t.Errorf("%q: String %q FoldString %q, want %q %q", text, fast.String(), fast.FoldString(), string(fast.Norm), string(fast.Fold))
		}
	}
}

// TestArtefactShortcuts checks the artefacts found with the matcher's
// shortcuts (a window cut at the first rune a match cannot hold; an offset
// passed over whose run of holdable runes is too short or lacks a rune every
// match needs) against those found without, in every piece of
// every artefact example and non-example, alone and run together.
func TestArtefactShortcuts(t *testing.T) {
	l := linterWith(t, Config{})
	spec, err := dict.Text()
	if err != nil {
		t.Fatal(err)
	}
	var texts []string
	for _, a := range spec.Artefacts {
		for _, ex := range append(slices.Clone(a.Examples), a.NonExamples...) {
			text, _ := rules.ParseMarked(ex)
			rs := []rune(text)
			for i := range rs {
				texts = append(texts, string(rs[i:]), string(rs[:i+1]))
			}
			texts = append(texts, text+text, strings.ToUpper(text)+"的话"+text)
		}
	}
	for _, text := range texts {
		fast, full := l.Prepare(text), l.Prepare(text)
		full.SetFull()
		got, want := fast.Artefacts(), full.Artefacts()
		if !slices.Equal(got, want) {
			t.Errorf("%q: artefacts %v, without the shortcuts %v", text, got, want)
			continue
		}
		for _, sp := range got {
			_, a, _ := fast.ArtefactOf(sp.Start)
			if _, b, _ := full.ArtefactOf(sp.Start); a.ID != b.ID {
				t.Errorf("%q %v: artefact %s, without the shortcuts %s", text, sp, a.ID, b.ID)
			}
		}
	}
}
