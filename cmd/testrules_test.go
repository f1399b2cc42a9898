package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestTestRules(t *testing.T) {
	// The fixture packs' examples all hold.
	for _, p := range []string{"one.toml", "two.toml"} {
		path := filepath.Join("..", "testdata", "config", "layers", "packs", p)
		out, errOut, code := runCLI(t, "", "test-rules", path)
		if code != 0 || !strings.Contains(out, "PASS  hedge.maybe") || strings.Contains(out, "FAIL") {
			t.Errorf("test-rules %s: exit %d\n%s%s", p, code, out, errOut)
		}
	}

	dir := t.TempDir()
	pack := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(pack, []byte(`category = "team"

[[rule]]
id = "team.good"
description = "竞品"
suggestions = ["其他店铺"]
terms = ["王牌店"]
hits = ["去⟦王牌店⟧看看。"]
non_hits = ["王牌专卖"]

[[rule]]
id = "team.bad"
description = "加急费"
suggestions = ["优先处理"]
terms = ["加急费"]
hits = ["需要⟦加急⟧费。"]
non_hits = ["加急费另算。"]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "test-rules", pack)
	if code != 1 {
		t.Errorf("a failing rule: exit %d, want 1 (stderr %q)", code, errOut)
	}
	for _, want := range []string{
		"PASS  team.good  (1 hits, 1 non-hits, 0 fixes)",
		"FAIL  team.bad  (" + pack + ":11)",
		`hit "需要⟦加急⟧费。": want 需要⟦加急⟧费。, got 需要⟦加急费⟧。`,
		`non-hit "加急费另算。": flagged ⟦加急费⟧另算。`,
		"2 rules: 1 passed, 1 failed",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("test-rules output lacks %q:\n%s", want, out)
		}
	}

	// A pack that cannot be read is exit 2 with its file and line, and no report.
	bad := filepath.Join(dir, "bad.toml")
	if err := os.WriteFile(bad, []byte("[[rule]]\nid = \"team.x\"\nterm = [\"甲\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, "", "test-rules", pack, bad)
	if code != 2 || out != "" || !strings.Contains(errOut, bad+":3:") {
		t.Errorf("bad pack: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if _, _, code := runCLI(t, "", "test-rules"); code != 2 {
		t.Errorf("no pack: exit %d, want 2", code)
	}
}
