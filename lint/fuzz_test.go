package lint

import (
	"strings"
	"testing"
	"unicode/utf8"
)

func fuzzSeeds(f *testing.F) {
	for _, s := range []string{
		"呵呵，大哥，您这个可能一到两天，但是我不能保证。OK？",
		"你好，OK的，可能明天到 replylint-disable-line hedge",
		"\x1b]0;x\x07你好\u202e",
		strings.Repeat("可能", 300),
		"你好\n\n呵呵\r\n可能",
		"\xff\xfe你",
		"",
	} {
		f.Add(s)
	}
}

// FuzzCheckText: every finding with a span lies inside the message, its
// start before its end, and its match is that slice of the message.
func FuzzCheckText(f *testing.F) {
	fuzzSeeds(f)
	l, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		rs := []rune(text)
		for _, fd := range l.CheckText(text) {
			if !fd.HasSpan() {
				continue
			}
			if fd.Start < 0 || fd.Start >= fd.End || fd.End > len(rs) {
				t.Fatalf("%s: span %d–%d in a message of %d runes", fd.Rule, fd.Start, fd.End, len(rs))
			}
			if got := string(rs[fd.Start:fd.End]); got != fd.Match {
				t.Fatalf("%s: match %q, the span holds %q", fd.Rule, fd.Match, got)
			}
		}
	})
}

// FuzzFix: fixing is idempotent and keeps valid UTF-8 valid.
func FuzzFix(f *testing.F) {
	fuzzSeeds(f)
	l, err := New(Config{})
	if err != nil {
		f.Fatal(err)
	}
	f.Fuzz(func(t *testing.T, text string) {
		fixed, _ := l.Fix(text)
		if utf8.ValidString(text) && !utf8.ValidString(fixed) {
			t.Fatalf("Fix(%q) = %q, not UTF-8", text, fixed)
		}
		if again, _ := l.Fix(fixed); again != fixed {
			t.Fatalf("Fix(%q) = %q, but fixing that gives %q", text, fixed, again)
		}
	})
}
