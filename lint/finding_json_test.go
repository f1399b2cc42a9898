package lint

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"
)

// TestAppendJSONStringIsMarshal holds the string writer of the findings'
// JSON to encoding/json on strings of broken, cut and escaped sequences
// around the three-byte runes it passes over without decoding.
func TestAppendJSONStringIsMarshal(t *testing.T) {
	pieces := []string{
		"好", "發", "，", "\u2028", "\u2029", "\u3000", "\uffff", "é", "😀", "a", "<", "\"", "\\", "\n", "\x00",
		"\xe2", "\xe2\x80", "\xe4", "\xe4\xbd", "\xed\xa0\x80", "\xe0\x80\x80", "\xef\xbf", "\x80", "\xbf", "\xff", "\xc3",
	}
	rng := rand.New(rand.NewPCG(14, 28))
	for range 20000 {
		var b strings.Builder
		for range rng.IntN(8) {
			b.WriteString(pieces[rng.IntN(len(pieces))])
		}
		s := b.String()
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendJSONString(nil, s); string(got) != string(want) {
			t.Fatalf("appendJSONString(%q) = %s, want %s", s, got, want)
		}
	}
}
