package cmd

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// check --fix rewrites the safe findings in place and reports only what
// needs judgement; a second run finds nothing more to fix.
func TestCheckFix(t *testing.T) {
	path := filepath.Join(t.TempDir(), "draft.txt")
	if err := os.WriteFile(path, []byte("你好，OK，可能明天到。\n"), 0o640); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCheckCLI(t, "", "--fix", "--format", "json", path)
	if code != 1 {
		t.Fatalf("exit %d, want 1 (可能 needs judgement); stderr: %s", code, stderr)
	}
	got, err := os.ReadFile(path)
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != "您好，好的，可能明天到。\n" {
		t.Errorf("file after --fix = %q", got)
	}
	rep := parseReport(t, stdout)
	if len(rep.Findings) != 1 || rep.Findings[0].Rule != "hedge.maybe" {
		t.Errorf("findings after --fix: %+v, want only hedge.maybe", rep.Findings)
	}
	if info, _ := os.Stat(path); info.Mode().Perm() != 0o640 {
		t.Errorf("permissions %v, want 0640 kept", info.Mode().Perm())
	}
	if _, _, code := runCheckCLI(t, "", "--fix", path); code != 1 {
		t.Errorf("second --fix run exit %d, want 1", code)
	}
	if again, _ := os.ReadFile(path); string(again) != string(got) {
		t.Errorf("second --fix changed the file: %q", again)
	}
	if _, stderr, code := runCheckCLI(t, "你好", "--fix", "-"); code != 2 || !strings.Contains(stderr, "standard input") {
		t.Errorf("--fix on stdin: exit %d, stderr %q; want 2 and a message", code, stderr)
	}
}
