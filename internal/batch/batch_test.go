package batch

import (
	"context"
	"errors"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// slowChecker takes longer over some conversations than others, so that
// workers finish out of order, and counts how many it holds at once.
type slowChecker struct {
	inFlight, most atomic.Int64
}

func (c *slowChecker) CheckConversation(conv *lint.Conversation) []lint.Finding {
	n := c.inFlight.Add(1)
	for {
		m := c.most.Load()
		if n <= m || c.most.CompareAndSwap(m, n) {
			break
		}
	}
	defer c.inFlight.Add(-1)
	if strings.HasSuffix(conv.ID, "0") {
		time.Sleep(2 * time.Millisecond)
	}
	return []lint.Finding{{Conversation: conv.ID, Rule: "test.echo", Message: conv.Messages[0].Text}}
}

// recorder is a Sink that writes down everything it is given, in order.
type recorder struct {
	events []string
	failAt int // return an error at this event (1-based), 0 never
}

func (r *recorder) add(s string) error {
	r.events = append(r.events, s)
	if len(r.events) == r.failAt {
		return errors.New("disk full")
	}
	return nil
}

func (r *recorder) Conversation(c *lint.Conversation, fs []lint.Finding) error {
	return r.add(fmt.Sprintf("conv %s %s", c.ID, fs[0].Message))
}
func (r *recorder) Skipped(e *transcript.Error) error { return r.add("skip " + e.Error()) }
func (r *recorder) FileDone(name string) error        { return r.add("done " + filepath.Base(name)) }

func writeJSONL(t *testing.T, dir, name string, n int, bad ...int) string {
	t.Helper()
	var b strings.Builder
	for i := range n {
		if len(bad) > 0 && i == bad[0] {
			b.WriteString("{not json\n")
			continue
		}
		fmt.Fprintf(&b, `{"conversation":"%s-%d","text":"%s %d"}`+"\n", name, i, name, i)
	}
	p := filepath.Join(dir, name+".jsonl")
	if err := os.WriteFile(p, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	return p
}

// TestRunOrder: whatever the number of workers and however long each
// conversation takes, the sink sees everything in input order, and no more
// than the window is ever held.
func TestRunOrder(t *testing.T) {
	dir := t.TempDir()
	files := []string{writeJSONL(t, dir, "a", 200), writeJSONL(t, dir, "b", 50)}
	var want []string
	for _, f := range []struct {
		name string
		n    int
	}{{"a", 200}, {"b", 50}} {
		for i := range f.n {
			want = append(want, fmt.Sprintf("conv %s-%d %s %d", f.name, i, f.name, i))
		}
		want = append(want, "done "+f.name+".jsonl")
	}
	for _, jobs := range []int{1, 4, 16} {
		c := &slowChecker{}
		r := &recorder{}
		// Chunks of a few records, so that both workers have some of these
		// small files.
		if err := Run(context.Background(), c, files, Options{Jobs: jobs, chunkSize: 300}, r); err != nil {
			t.Fatalf("jobs %d: %v", jobs, err)
		}
		if strings.Join(r.events, "\n") != strings.Join(want, "\n") {
			t.Errorf("jobs %d: events out of order or missing (%d of %d)", jobs, len(r.events), len(want))
		}
		if most := c.most.Load(); most > int64(jobs) {
			t.Errorf("jobs %d: %d conversations checked at once", jobs, most)
		}
		if jobs > 1 && c.most.Load() < 2 {
			t.Errorf("jobs %d: never more than one conversation checked at once", jobs)
		}
	}
}

// TestRunMalformed: without SkipBad the first malformed record ends the
// run with an *transcript.Error naming file and line; with it, the record is
// handed to the sink in its place and the run goes on.
func TestRunMalformed(t *testing.T) {
	dir := t.TempDir()
	files := []string{writeJSONL(t, dir, "a", 5, 2), writeJSONL(t, dir, "b", 3)}
	r := &recorder{}
	err := Run(context.Background(), &slowChecker{}, files, Options{Jobs: 4}, r)
	var ie *transcript.Error
	if !errors.As(err, &ie) || ie.File != files[0] || ie.Line != 3 {
		t.Fatalf("error %v, want a.jsonl:3", err)
	}
	// a-1 is still open (the next record might continue it) when line 3
	// fails, so only a-0 has been handed on.
	if len(r.events) != 1 {
		t.Errorf("events before the error: %q, want the conversation before it", r.events)
	}
	r = &recorder{}
	if err := Run(context.Background(), &slowChecker{}, files, Options{Jobs: 4, SkipBad: true}, r); err != nil {
		t.Fatal(err)
	}
	if len(r.events) != 4+1+1+3+1 || !strings.HasPrefix(r.events[1], "skip "+files[0]+":3: bad JSON") || r.events[3] != "conv a-3 a 3" {
		t.Errorf("events %q", r.events)
	}
}

func TestRunErrors(t *testing.T) {
	dir := t.TempDir()
	files := []string{writeJSONL(t, dir, "a", 100), filepath.Join(dir, "missing.jsonl")}
	// A file that cannot be opened.
	err := Run(context.Background(), &slowChecker{}, files, Options{Jobs: 2, SkipBad: true}, &recorder{})
	var ie *transcript.Error
	if !errors.As(err, &ie) || ie.File != files[1] || !strings.Contains(err.Error(), "cannot read") {
		t.Errorf("missing file: %v", err)
	}
	// A sink that fails stops the run with its error, and Run returns
	// without leaving goroutines blocked.
	r := &recorder{failAt: 10}
	if err := Run(context.Background(), &slowChecker{}, files[:1], Options{Jobs: 3}, r); err == nil || err.Error() != "disk full" {
		t.Errorf("sink error: %v", err)
	}
	if len(r.events) != 10 {
		t.Errorf("sink given %d events after it failed at 10", len(r.events))
	}
	// Standard input.
	r = &recorder{}
	if err := Run(context.Background(), &slowChecker{}, []string{"-"}, Options{Stdin: strings.NewReader("客户：在吗\n客服：在的\n")}, r); err != nil {
		t.Fatal(err)
	}
	if strings.Join(r.events, "|") != "conv  在吗|done -" {
		t.Errorf("stdin events %q", r.events)
	}
}

func TestRunProgress(t *testing.T) {
	dir := t.TempDir()
	f := writeJSONL(t, dir, "a", 100)
	info, _ := os.Stat(f)
	var n int64
	if err := Run(context.Background(), &slowChecker{}, []string{f}, Options{Progress: func(k int64) { n += k }}, &recorder{}); err != nil {
		t.Fatal(err)
	}
	if n != info.Size() {
		t.Errorf("progress counted %d bytes of %d", n, info.Size())
	}
}

// TestSpool: a spool gives back what was written, held in memory (over
// several blocks, lines longer than a block among them) or spilled.
func TestSpool(t *testing.T) {
	for _, limit := range []int{1 << 20, 10} {
		s := NewSpool(limit)
		var want strings.Builder
		for i := range 100 {
			line := fmt.Sprintf("finding %d %s\n", i, strings.Repeat("x", i*i))
			want.WriteString(line)
			if _, err := s.Write([]byte(line)); err != nil {
				t.Fatal(err)
			}
		}
		if s.Spilled() != (limit == 10) {
			t.Errorf("limit %d: spilled %v", limit, s.Spilled())
		}
		var got strings.Builder
		if _, err := s.WriteTo(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.String() {
			t.Errorf("limit %d: spool gave back %d bytes, want %d", limit, got.Len(), want.Len())
		}
		got.Reset()
		if _, err := s.WriteTo(&got); err != nil || got.String() != want.String() {
			t.Errorf("limit %d: asked again, the spool gave back %d bytes (%v), want %d", limit, got.Len(), err, want.Len())
		}
		name := ""
		if s.file != nil {
			name = s.file.Name()
		}
		if err := s.Close(); err != nil {
			t.Fatal(err)
		}
		if name != "" {
			if _, err := os.Stat(name); !os.IsNotExist(err) {
				t.Errorf("temporary file %s left behind", name)
			}
		}
	}
}

// TestRunChunkedAsRead: a JSONL file read in chunks by the workers gives
// the sink what reading it whole gives — conversations that run across
// chunk edges joined, records skipped in their places — for any number of
// workers and any chunk size.
func TestRunChunkedAsRead(t *testing.T) {
	dir := t.TempDir()
	var b strings.Builder
	for i := range 400 {
		if i%37 == 5 {
			b.WriteString("{not json\n")
		}
		for j := range 1 + i%9 {
			role := []string{"customer", "agent"}[j%2]
			fmt.Fprintf(&b, `{"conversation":"c%d","role":"%s","text":"第%d句"}`+"\n", i/3, role, j)
		}
	}
	file := filepath.Join(dir, "chats.jsonl")
	if err := os.WriteFile(file, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var want []string
	in := transcript.Options{Skip: func(e *transcript.Error) error {
		want = append(want, "skip "+e.Error())
		return nil
	}}
	err := transcript.Read(file, strings.NewReader(b.String()), in, func(c *lint.Conversation) error {
		want = append(want, describe(c))
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	want = append(want, "done chats.jsonl")
	for _, jobs := range []int{1, 2, 5} {
		for _, size := range []int{64, 1000, 0} {
			r := &detail{}
			if err := Run(context.Background(), &slowChecker{}, []string{file}, Options{Jobs: jobs, SkipBad: true, chunkSize: size}, r); err != nil {
				t.Fatal(err)
			}
			if got := strings.Join(r.events, "\n"); got != strings.Join(want, "\n") {
				t.Errorf("jobs %d, chunks of %d: the sink got %d events, reading whole gives %d, or in another order", jobs, size, len(r.events), len(want))
			}
		}
	}
}

// detail is a Sink that records every message of every conversation.
type detail struct{ recorder }

func (d *detail) Conversation(c *lint.Conversation, fs []lint.Finding) error {
	if len(fs) != 1 || fs[0].Conversation != c.ID {
		return fmt.Errorf("conversation %s given the findings of another", c.ID)
	}
	return d.add(describe(c))
}

func describe(c *lint.Conversation) string {
	s := "conv " + c.File + " " + c.ID
	for _, m := range c.Messages {
		s += fmt.Sprintf(" %d:%s:%s", m.Line, m.Role, m.Text)
	}
	return s
}
