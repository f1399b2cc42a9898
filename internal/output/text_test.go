package output_test

import (
	"bytes"
	"regexp"
	"strings"
	"testing"

	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
)

func textOf(t *testing.T, color bool, c *lint.Conversation) string {
	t.Helper()
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var b bytes.Buffer
	f, err := output.New("text", &b, output.Options{Color: color})
	if err != nil {
		t.Fatal(err)
	}
	fs := l.CheckConversation(c)
	sum := lint.NewSummary()
	sum.Add(c, fs)
	if err := f.Write(fs); err != nil {
		t.Fatal(err)
	}
	if err := f.Close(sum); err != nil {
		t.Fatal(err)
	}
	return b.String()
}

// Escape sequences in a reply, a file name or a conversation id reach the
// terminal escaped, with colour and without: they went through as they
// were (a window title set, a screen rewritten).
func TestTextEscapesControls(t *testing.T) {
	c := &lint.Conversation{File: "a\x1b[2Jb.txt", ID: "c\x07", Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗"},
		{Role: lint.Agent, Text: "\x1b]0;pwned\x07呵呵，\u202e好的\x9b", Line: 1, Column: 1, Verbatim: true},
	}}
	for _, color := range []bool{false, true} {
		out := textOf(t, color, c)
		// Colour adds its own SGR sequences, ESC [ … m, and nothing else.
		stripped := regexp.MustCompile("\x1b\\[[0-9;]*m").ReplaceAllString(out, "")
		for _, bad := range []string{"\x1b", "\x07", "\u202e", "\x9b"} {
			if strings.Contains(stripped, bad) {
				t.Errorf("color %v: output holds %q raw:\n%q", color, bad, out)
			}
		}
		for _, shown := range []string{`a\x1b[2Jb.txt`, `\x1b]0;pwned\x07`, `\u202e`} {
			if !strings.Contains(stripped, shown) {
				t.Errorf("color %v: output should show %s escaped:\n%s", color, shown, out)
			}
		}
	}
}

// The context under a finding is a window around the hit: a 45 KB one-line
// draft printed the whole line under each finding (601 MB of output).
func TestTextContextWindow(t *testing.T) {
	text := strings.Repeat("您好，请稍等。", 2000) + "你好，" + strings.Repeat("好的，没问题。", 2000)
	out := textOf(t, false, &lint.Conversation{Draft: true, Messages: []lint.Message{{Role: lint.Agent, Text: text, Line: 1, Column: 1, Verbatim: true}}})
	if len(out) > 2000 {
		t.Fatalf("%d bytes of output for two findings in a %d-byte line:\n%.300s", len(out), len(text), out)
	}
	lines := strings.Split(out, "\n")
	for len(lines) > 0 && !strings.Contains(lines[0], "[honorific.nihao]") {
		lines = lines[1:]
	}
	if len(lines) < 3 || !strings.HasPrefix(lines[1], "    …") || !strings.HasSuffix(lines[1], "…") || !strings.Contains(lines[1], "你好") {
		t.Errorf("context line %q: want the hit with … on both sides", lines[1])
	}
	// The caret stands under the hit.
	if at, caret := strings.Index(lines[1], "你好"), strings.Index(lines[2], "^"); caret < 0 || columnsOf(lines[1][:at]) != caret {
		t.Errorf("caret at %d, hit at column %d:\n%s\n%s", caret, columnsOf(lines[1][:at]), lines[1], lines[2])
	}
}

// columnsOf counts terminal columns: two for a CJK character or a
// full-width comma, one otherwise.
func columnsOf(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x2e80 {
			n += 2
		} else {
			n++
		}
	}
	return n
}
