package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/replylint/replylint/rules"
)

func newTestLinter(t testing.TB) *Linter {
	t.Helper()
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// checkFixed asserts what every result of Fix must satisfy: fixing again
// changes nothing, no safe rewrite is left undone, and every remaining
// finding points at its match in the fixed text.
func checkFixed(t *testing.T, l *Linter, in, fixed string, remaining []Finding) {
	t.Helper()
	again, _ := l.Fix(fixed)
	if again != fixed {
		t.Errorf("fix is not idempotent on %q:\n first  %q\n second %q", in, fixed, again)
	}
	rs := []rune(fixed)
	for _, f := range remaining {
		if f.Fix != "" {
			t.Errorf("%q: safe fix of %s (%q → %q) left undone in %q", in, f.Rule, f.Match, f.Fix, fixed)
		}
		if !f.HasSpan() {
			continue
		}
		if f.End > len(rs) || string(rs[f.Start:f.End]) != f.Match {
			t.Errorf("%q: remaining %s at %d-%d does not point at %q in the fixed text %q", in, f.Rule, f.Start, f.End, f.Match, fixed)
		}
	}
}

// TestFixCatalogueExamples runs Fix over every example of every rule: each
// `fixes` pair must come out exactly, and every hit and non-hit must fix
// idempotently. A rule that declares a safe fix must prove it with a pair.
func TestFixCatalogueExamples(t *testing.T) {
	l := newTestLinter(t)
	pairs := 0
	for _, r := range l.Rules() {
		m := r.Info()
		t.Run(m.ID, func(t *testing.T) {
			// A rule is fixable by its own fix or by a term's (a team's
			// [[terms]] entry may carry one).
			fixable := m.Fix != ""
			for _, ex := range m.Examples.Hits {
				text, _ := rules.ParseMarked(ex)
				for _, f := range l.CheckText(text) {
					fixable = fixable || f.Rule == m.ID && f.Fix != ""
				}
			}
			if fixable && len(m.Examples.Fixes) == 0 {
				t.Errorf("rule has a safe fix but no fixes example to prove it")
			}
			for _, p := range m.Examples.Fixes {
				pairs++
				got, rem := l.Fix(p[0])
				if got != p[1] {
					t.Errorf("fix %q: want %q, got %q", p[0], p[1], got)
				}
				checkFixed(t, l, p[0], got, rem)
				for _, f := range rem {
					if f.Rule == m.ID {
						t.Errorf("fix %q: rule still fires on %q at %q", p[0], got, f.Match)
					}
				}
			}
			for _, ex := range m.Examples.Hits {
				text, _ := rules.ParseMarked(ex)
				got, rem := l.Fix(text)
				checkFixed(t, l, text, got, rem)
				for _, f := range l.CheckText(text) {
					if f.Rule == m.ID && f.Fix != "" && got == text {
						t.Errorf("hit %q: %q has the safe fix %q, but Fix changed nothing", ex, f.Match, f.Fix)
					}
				}
			}
			for _, ex := range m.Examples.NonHits {
				got, rem := l.Fix(ex)
				checkFixed(t, l, ex, got, rem)
			}
		})
	}
	if pairs == 0 {
		t.Fatal("the catalogue has no fixes examples at all")
	}
}

// TestFixFixtures compares Fix on the drafts in testdata/fix with their
// .golden files.
func TestFixFixtures(t *testing.T) {
	l := newTestLinter(t)
	files, err := filepath.Glob("../testdata/fix/*.txt")
	if err != nil {
		t.Fatal(err)
	}
	if len(files) < 3 {
		t.Fatalf("found %d fixtures in testdata/fix, want the whole set", len(files))
	}
	for _, file := range files {
		t.Run(filepath.Base(file), func(t *testing.T) {
			in, err := os.ReadFile(file)
			if err != nil {
				t.Fatal(err)
			}
			want, err := os.ReadFile(strings.TrimSuffix(file, ".txt") + ".golden")
			if err != nil {
				t.Fatal(err)
			}
			got, rem := l.Fix(string(in))
			if got != string(want) {
				t.Errorf("fixed text:\n%s\nwant:\n%s", got, want)
			}
			checkFixed(t, l, string(in), got, rem)
		})
	}
}

// TestFixLeavesJudgementToTheAgent: what needs judgement is reported, not
// guessed, and its offsets are those of the fixed text (你好 → 您好 keeps
// the length; 你们 → 您 shortens it).
func TestFixLeavesJudgementToTheAgent(t *testing.T) {
	l := newTestLinter(t)
	got, rem := l.Fix("你们好像收到了，可能一到两天到，OK的。")
	if want := "您好像收到了，可能一到两天到，好的。"; got != want {
		t.Fatalf("fixed %q, want %q", got, want)
	}
	var hedges []string
	for _, f := range rem {
		if f.Rule == "hedge.maybe" {
			hedges = append(hedges, f.Match)
			if f.Start != 7 || f.End != 9 {
				t.Errorf("可能 at %d-%d, want 7-9 in the fixed text", f.Start, f.End)
			}
		}
	}
	if len(hedges) != 1 {
		t.Errorf("remaining hedge.maybe findings %v, want exactly 可能", hedges)
	}
}

func TestApplyFixes(t *testing.T) {
	span := func(s, e int, fix string) Finding {
		return Finding{Start: s, End: e, Scope: ScopeSpan, Fix: fix}
	}
	tests := []struct {
		name string
		text string
		fs   []Finding
		want string
		n    int
	}{
		{"nothing fixable", "可能吧", []Finding{span(0, 2, ""), {Fix: "x"}}, "可能吧", 0},
		{"longer of two at one start wins", "你好呀", []Finding{span(0, 1, "您"), span(0, 2, "您好")}, "您好呀", 1},
		{"overlap: first start wins", "abcd", []Finding{span(1, 3, "X"), span(0, 2, "Y")}, "Ycd", 1},
		{"right to left keeps offsets", "你们和你", []Finding{span(0, 2, "您"), span(3, 4, "您")}, "您和您", 2},
		{"rewrite absorbs what follows", "OK的呀", []Finding{span(0, 2, "好的")}, "好的呀", 1},
		{"absorbing stops at the next edit", "OK的你", []Finding{span(0, 2, "好的"), span(3, 4, "您")}, "好的您", 2},
		{"a Chinese match absorbs nothing", "你好好休息", []Finding{span(0, 2, "您好")}, "您好好休息", 1},
		{"span past the end is ignored", "你", []Finding{span(0, 5, "您")}, "你", 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			// The safe edit of each finding, as the linter makes it.
			for i, f := range tt.fs {
				if f.HasSpan() && f.Fix != "" {
					tt.fs[i].Edits = []Edit{safeEdit(f.Start, f.End, f.Fix, []rune(tt.text))}
				}
			}
			got, n := applyFixes(tt.text, tt.fs)
			if got != tt.want || n != tt.n {
				t.Errorf("got %q (%d rewrites), want %q (%d)", got, n, tt.want, tt.n)
			}
		})
	}
}

func TestFixConversationLeavesTheCustomerAlone(t *testing.T) {
	l := newTestLinter(t)
	c := &Conversation{Messages: []Message{
		{Role: Customer, Text: "你好，OK吗？", Line: 1, Column: 1, Verbatim: true},
		{Role: Agent, Text: "你好，OK的。", Line: 2, Column: 1, Verbatim: true},
		{Role: Agent, Text: "感谢您的耐心，再见！", Line: 3, Column: 1, Verbatim: true},
	}}
	fixed, rem := l.FixConversation(c)
	if got := fixed.Messages[0].Text; got != "你好，OK吗？" {
		t.Errorf("customer turn changed to %q", got)
	}
	if got := fixed.Messages[1].Text; got != "您好，好的。" {
		t.Errorf("agent turn fixed to %q, want 您好，好的。", got)
	}
	if c.Messages[1].Text != "你好，OK的。" {
		t.Errorf("the input conversation was modified: %q", c.Messages[1].Text)
	}
	if m := fixed.Messages[2]; m.Line != 3 || !m.Verbatim {
		t.Errorf("an unchanged message lost its position: line %d verbatim %v", m.Line, m.Verbatim)
	}
	for _, f := range rem {
		if f.Fix != "" {
			t.Errorf("safe fix left in the conversation: %s %q", f.Rule, f.Match)
		}
	}
}

// TestConcurrentUse: one Linter shared by many goroutines gives each the
// answer it would get alone (run with -race to catch shared state).
func TestConcurrentUse(t *testing.T) {
	l := newTestLinter(t)
	texts := []string{"你好，OK的！！", "呵呵，大哥，可能一到两天", "您好，您的订单已经发货了。", "你们放心买，拜拜"}
	want := make([]string, len(texts))
	for i, s := range texts {
		fixed, rem := l.Fix(s)
		want[i] = fmt.Sprint(fixed, l.CheckText(s), rem)
	}
	var wg sync.WaitGroup
	errs := make(chan string, 16*len(texts))
	for range 16 {
		wg.Go(func() {
			for i, s := range texts {
				fixed, rem := l.Fix(s)
				if got := fmt.Sprint(fixed, l.CheckText(s), rem); got != want[i] {
					errs <- fmt.Sprintf("%q: concurrent answer\n %s\nwant\n %s", s, got, want[i])
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

func BenchmarkFix(b *testing.B) {
	l := newTestLinter(b)
	const reply = "你好，这款卫衣有现货，可能一到两天到，OK的话我就给你下单了！！拜拜"
	for b.Loop() {
		l.Fix(reply)
	}
}

// A reply with more fixes than a message reports findings is still fixed
// in one call, so that fixing the result again changes nothing.
func TestFixPastTheFindingCap(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("你们放心。", 3*MaxMessageFindings)
	fixed, rem := l.Fix(text)
	if strings.Contains(fixed, "你们") {
		t.Errorf("你们 left in the fixed reply")
	}
	if again, _ := l.Fix(fixed); again != fixed {
		t.Errorf("fixing the fixed reply changed it")
	}
	if len(rem) > MaxMessageFindings+1 {
		t.Errorf("%d remaining findings, want at most %d", len(rem), MaxMessageFindings+1)
	}
}

// BenchmarkFixLengthChange fixes a long reply whose rewrites change its
// length (你们 → 您): applying them in place was quadratic (4 MB: 34 s).
func BenchmarkFixLengthChange(b *testing.B) {
	l, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	text := strings.Repeat("你们放心。", 50_000)
	fs, _ := l.check(nil, draft(text), 0)
	b.SetBytes(int64(len(text)))
	for b.Loop() {
		applyFixes(text, fs)
	}
}
