package jsonscan

import (
	"bytes"
	"testing"
	"unicode/utf8"
)

// runEnd is PlainRun the plain way: utf8.Valid over each prefix, and the
// first quote, backslash or control byte.
func runEnd(b []byte, i int) (int, bool) {
	for j := i; j < len(b); {
		r, n := utf8.DecodeRune(b[j:])
		if r == utf8.RuneError && n == 1 {
			return j, false
		}
		if n == 1 && (b[j] < 0x20 || b[j] == '"' || b[j] == '\\') {
			return j, true
		}
		j += n
	}
	return len(b), true
}

func TestPlainRun(t *testing.T) {
	for _, s := range []string{
		"", "您好，这个可能一到两天到", `OK的话"}`, `a\"b`, "tab\there", "\xed\xa0\x80", // a surrogate is not UTF-8
		"\xe0\x80\xaf", "é ü", "😀\"", "\xff好", "好\xe5\xa5", "\u2028行", "\x7f\x1f",
	} {
		for i := 0; i <= len(s); i++ {
			gotEnd, gotOK := PlainRun([]byte(s), i)
			wantEnd, wantOK := runEnd([]byte(s), i)
			if gotEnd != wantEnd || gotOK != wantOK {
				t.Errorf("PlainRun(%q, %d) = %d, %v; want %d, %v", s, i, gotEnd, gotOK, wantEnd, wantOK)
			}
		}
	}
}

// TestPlainRunUTF8 checks PlainRun's UTF-8 check against utf8.Valid
// on every first and second byte of a character of several bytes, with
// the continuation bytes at the edges of their ranges (and ASCII, plain or
// not) after them.
func TestPlainRunUTF8(t *testing.T) {
	edges := []byte{0x00, 'a', 0x7f, 0x80, 0x8f, 0x90, 0x9f, 0xa0, 0xbf, 0xc0, 0xff}
	for b0 := 0x80; b0 < 0x100; b0++ {
		for b1 := range 0x100 {
			for _, b2 := range edges {
				for _, b3 := range edges {
					b := []byte{byte(b0), byte(b1), b2, b3}
					end, ok := PlainRun(b, 0)
					want := utf8.Valid(b) && !bytes.ContainsFunc(b, func(r rune) bool { return r < utf8.RuneSelf && !plain[r] })
					if got := ok && end == len(b); got != want {
						t.Fatalf("% x: PlainRun reads it whole: %v; utf8.Valid: %v", b, got, want)
					}
				}
			}
		}
	}
}

func FuzzPlainRun(f *testing.F) {
	for _, s := range []string{"您好，OK的话", `x"y`, "\xed\xa0\x80z", "\xe0\x80\xaf", "😀\\n"} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, b []byte) {
		gotEnd, gotOK := PlainRun(b, 0)
		wantEnd, wantOK := runEnd(b, 0)
		if gotEnd != wantEnd || gotOK != wantOK {
			t.Fatalf("PlainRun(%q) = %d, %v; want %d, %v", b, gotEnd, gotOK, wantEnd, wantOK)
		}
	})
}
