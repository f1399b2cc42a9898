package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"testing"
)

// One setting moves both time rules: wait-apology.missing takes its limits
// from response-time.late, so a team that allows 10 s for the first reply
// gets neither a late-reply finding nor an apology finding at 5 s.
func TestReplyLimitsSetOnce(t *testing.T) {
	dir := t.TempDir()
	chat := filepath.Join(dir, "chat.txt")
	if err := os.WriteFile(chat, []byte("客户（10:00:00）：在吗？\n客服（10:00:05）：在的，您好！请问还有其他问题吗？\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	rulesOf := func(args ...string) []string {
		t.Helper()
		stdout, stderr, code := runCheckCLI(t, "", append(args, "--format", "json", "--fail-on", "never", chat)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		var ids []string
		for _, f := range parseReport(t, stdout).Findings {
			ids = append(ids, f.Rule)
		}
		slices.Sort(ids)
		return ids
	}
	if got := rulesOf(); !slices.Equal(got, []string{"response-time.late", "wait-apology.missing"}) {
		t.Errorf("built-in limits (3 s): findings %v, want the late reply and the missing apology", got)
	}
	cfg := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(cfg, []byte("[rules.\"response-time.late\"]\nfirst = 10\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got := rulesOf("--config", cfg); len(got) != 0 {
		t.Errorf("first = 10: findings %v, want none from either time rule", got)
	}
}
