package diff

import (
	"fmt"
	"math/rand/v2"
	"regexp"
	"strconv"
	"strings"
	"testing"
)

// TestUnifiedDiffApplies checks the diff against its definition: applying
// the hunks to the old text gives the new one, on many random edits.
func TestUnifiedDiffApplies(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	words := []string{"您好\n", "你好\n", "可能\n", "再见\n", "好的\n", "OK\n"}
	randText := func() string {
		var b strings.Builder
		for range rng.IntN(30) {
			b.WriteString(words[rng.IntN(len(words))])
		}
		if rng.IntN(4) == 0 {
			b.WriteString("没有换行")
		}
		return b.String()
	}
	for i := range 2000 {
		a, b := randText(), randText()
		if i%2 == 0 {
			// Mostly-equal texts, like a fix makes.
			b = strings.Replace(a, "你好", "您好", rng.IntN(3))
		}
		d := Unified("x", a, b)
		if (d == "") != (a == b) {
			t.Fatalf("diff of %q and %q is %q", a, b, d)
		}
		if got, err := applyUnified(a, d); err != nil || got != b {
			t.Fatalf("applying\n%s\nto %q gives %q (%v), want %q", d, a, got, err, b)
		}
	}
}

// applyUnified applies a unified diff to old, checking every context and
// removed line and every hunk header count.
func applyUnified(old, diff string) (string, error) {
	if diff == "" {
		return old, nil
	}
	src := splitLines(old)
	lines := strings.SplitAfter(diff, "\n")
	lines = lines[2 : len(lines)-1] // headers, and the empty tail
	var out []string
	at := 0
	for i := 0; i < len(lines); {
		h := strings.TrimSuffix(lines[i], "\n")
		m := hunkHeader.FindStringSubmatch(h)
		if m == nil {
			return "", fmt.Errorf("bad hunk header %q", h)
		}
		oldStart, oldN := parseRange(m[1], m[2])
		_, newN := parseRange(m[3], m[4])
		start := oldStart - 1
		if oldN == 0 {
			start = oldStart
		}
		out = append(out, src[at:start]...)
		at = start
		i++
		gotOld, gotNew := 0, 0
		for i < len(lines) && !strings.HasPrefix(lines[i], "@@") {
			l := lines[i]
			i++
			noEOL := i < len(lines) && lines[i] == "\\ No newline at end of file\n"
			if noEOL {
				i++
				l = strings.TrimSuffix(l, "\n")
			}
			body := l[1:]
			switch l[0] {
			case ' ', '-':
				if at >= len(src) || src[at] != body {
					return "", fmt.Errorf("line %d is %q in the old text, the diff says %q", at+1, src[at:], body)
				}
				at++
				gotOld++
				if l[0] == ' ' {
					out = append(out, body)
					gotNew++
				}
			case '+':
				out = append(out, body)
				gotNew++
			default:
				return "", fmt.Errorf("bad diff line %q", l)
			}
		}
		if gotOld != oldN || gotNew != newN {
			return "", fmt.Errorf("hunk %q has %d old and %d new lines", h, gotOld, gotNew)
		}
	}
	out = append(out, src[at:]...)
	return strings.Join(out, ""), nil
}

var hunkHeader = regexp.MustCompile(`^@@ -(\d+)(?:,(\d+))? \+(\d+)(?:,(\d+))? @@$`)

// parseRange reads one side of a hunk header; a left-out count is 1.
func parseRange(start, n string) (int, int) {
	s, _ := strconv.Atoi(start)
	if n == "" {
		return s, 1
	}
	c, _ := strconv.Atoi(n)
	return s, c
}
