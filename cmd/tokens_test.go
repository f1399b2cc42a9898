package cmd

import (
	"bytes"
	"strings"
	"testing"
)

// tokens shows the words of every clause, normalised, with punctuation and
// spaces between them as they stand.
func TestTokens(t *testing.T) {
	var out bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(""), Out: &out, ErrOut: &out}
	root := NewRoot(streams, BuildInfo{})
	root.SetArgs([]string{"tokens", "你好，需要缴纳保证金 ＯＫ！"})
	if err := root.Execute(); err != nil {
		t.Fatal(err)
	}
	got := strings.TrimSpace(out.String())
	for _, want := range []string{"你好/", " , ", "保证金/", "ok/", "!"} {
		if !strings.Contains(got, want) {
			t.Errorf("tokens output %q lacks %q", got, want)
		}
	}
	if strings.Contains(got, "保证/") {
		t.Errorf("tokens output %q splits 保证金", got)
	}
}
