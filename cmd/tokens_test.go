package cmd

import (
	"strings"
	"testing"
)

// tokens shows the words of every clause, normalised, with punctuation and
// spaces between them as they stand.
func TestTokens(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "tokens", "你好，需要缴纳保证金 ＯＫ！")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	got := strings.TrimSpace(stdout)
	for _, want := range []string{"你好/", " , ", "保证金/", "ok/", "!"} {
		if !strings.Contains(got, want) {
			t.Errorf("tokens output %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "保证/") {
		t.Errorf("tokens output %q splits 保证金", got)
	}
}
