package lint

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint/transcript"
)

// Engine benchmarks. Speed is measured here and by bench/run.sh, never by
// timed assertions in tests.
//
//	go test ./lint -run '^$' -bench . -benchmem

func benchLinter(b *testing.B) *Linter {
	b.Helper()
	l, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	l.seg.loadFull() // as in a batch run; the one-off load is BenchmarkSegmenterLoad's
	return l
}

var benchMessages = []struct{ name, text string }{
	{"short-clean", "您好，请您稍等，我帮您查询一下订单的物流信息。"},
	{"short-hits", "呵呵，大哥，您这个可能一到两天就到了，我保证。"},
	{"long", strings.Repeat("您好，这边已经帮您备注了，仓库会优先安排发货，正常情况下两天内送达。可能会晚一点，请您耐心等待！", 40)},
}

// BenchmarkMessage checks one agent message, the work of a draft check or
// of one line of a transcript.
func BenchmarkMessage(b *testing.B) {
	l := benchLinter(b)
	for _, m := range benchMessages {
		b.Run(m.name, func(b *testing.B) {
			c := &Conversation{Messages: []Message{{Role: Agent, Text: m.text, Line: 1, Column: 1, Verbatim: true}}}
			b.SetBytes(int64(len(m.text)))
			b.ReportAllocs()
			for b.Loop() {
				l.CheckConversation(c)
			}
		})
	}
}

// BenchmarkCorpus checks realistic conversations (both roles, the
// catalogue's hit and non-hit examples among clean filler); MB/s is per MB
// of message text.
func BenchmarkCorpus(b *testing.B) {
	l := benchLinter(b)
	convs := genCorpus(2000, 0.08)
	var size int64
	for _, c := range convs {
		for _, m := range c.Messages {
			size += int64(len(m.Text))
		}
	}
	b.SetBytes(size)
	b.ReportAllocs()
	for b.Loop() {
		for _, c := range convs {
			l.CheckConversation(c)
		}
	}
}

// BenchmarkRealChats checks the real chats of ../shared/realworld/ (read
// at run time, evaluation only; skipped where they are absent): the
// engine's share of a batch run on real-shaped text, without the reader
// and the writer. MB/s is per MB of message text.
func BenchmarkRealChats(b *testing.B) {
	files, _ := filepath.Glob(filepath.Join("..", "..", "shared", "realworld", "*.jsonl"))
	if len(files) == 0 {
		b.Skip("no real chats in ../shared/realworld")
	}
	var convs []*Conversation
	var size int64
	for _, name := range files {
		f, err := os.Open(name)
		if err != nil {
			b.Fatal(err)
		}
		err = transcript.Read(name, f, transcript.Options{}, func(c *Conversation) error {
			convs = append(convs, c)
			for _, m := range c.Messages {
				size += int64(len(m.Text))
			}
			return nil
		})
		f.Close()
		if err != nil {
			b.Fatal(err)
		}
	}
	l := benchLinter(b)
	b.SetBytes(size)
	b.ReportAllocs()
	n, cpu := 0, cpuTime()
	for b.Loop() {
		for _, c := range convs {
			l.CheckConversation(c)
		}
		n++
	}
	// Wall time swings with the machine's load; CPU time far less.
	b.ReportMetric((cpuTime()-cpu).Seconds()/float64(n), "cpu-s/op")
}

// BenchmarkNew builds a Linter: catalogue parsing, rule building, matcher.
func BenchmarkNew(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		if _, err := New(Config{}); err != nil {
			b.Fatal(err)
		}
	}
}

// BenchmarkSegmenterLoad is the load of gse with the whole generated
// dictionary, paid once per Linter after its first clauses (fullAfter).
func BenchmarkSegmenterLoad(b *testing.B) {
	b.ReportAllocs()
	for b.Loop() {
		newSegmenter(dict.Words, dict.WordsTotalFreq).loadFull()
	}
}

// BenchmarkClauseSegment cuts one clause, with a clause dictionary (what the
// first clauses of a Linter cost, a one-reply check's whole segmentation)
// and with the whole list loaded.
func BenchmarkClauseSegment(b *testing.B) {
	clause := []rune("您这个可能一到两天就到了我保证")
	b.Run("clause-dictionary", func(b *testing.B) {
		s := newSegmenter(dict.Words, dict.WordsTotalFreq)
		b.ReportAllocs()
		for b.Loop() {
			s.clauses.Store(0)
			s.Segment(clause)
		}
	})
	b.Run("whole-list", func(b *testing.B) {
		s := newSegmenter(dict.Words, dict.WordsTotalFreq)
		s.loadFull()
		b.ReportAllocs()
		for b.Loop() {
			s.Segment(clause)
		}
	})
}
