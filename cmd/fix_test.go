package cmd

import (
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/replylint/replylint/lint"
)

func writeTemp(t *testing.T, dir, name, content string, perm os.FileMode) string {
	t.Helper()
	p := filepath.Join(dir, name)
	if err := os.WriteFile(p, []byte(content), perm); err != nil {
		t.Fatal(err)
	}
	return p
}

func readFile(t *testing.T, p string) string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

func TestFixStdin(t *testing.T) {
	out, errOut, code := runCLI(t, "你好，OK的，这款可能一到两天到！！\n", "fix")
	if want := "您好，好的，这款可能一到两天到！\n"; out != want {
		t.Errorf("stdout %q, want %q", out, want)
	}
	if !strings.Contains(errOut, "hedge.maybe") || !strings.Contains(errOut, "<stdin>:1:9") {
		t.Errorf("stderr should list 可能 at 1:9 of the fixed reply, got:\n%s", errOut)
	}
	if strings.Contains(errOut, "honorific") || strings.Contains(errOut, "english.ok") {
		t.Errorf("stderr lists findings that were fixed:\n%s", errOut)
	}
	if code != ExitFindings {
		t.Errorf("exit %d, want 1 for a remaining error", code)
	}
}

func TestFixCleanReply(t *testing.T) {
	in := "您好，您的订单已经发货了，请注意查收。\n"
	out, errOut, code := runCLI(t, in, "fix", "-")
	if out != in || errOut != "" || code != ExitOK {
		t.Errorf("clean reply: stdout %q stderr %q exit %d; want it unchanged, silent, 0", out, errOut, code)
	}
}

func TestFixFailOn(t *testing.T) {
	// Only warnings remain (那个， is a filler the fix does not guess at).
	in := "那个，您的订单已经发货了。"
	if _, _, code := runCLI(t, in, "fix"); code != ExitOK {
		t.Errorf("warning only, default --fail-on error: exit %d, want 0", code)
	}
	if _, _, code := runCLI(t, in, "fix", "--fail-on", "warning"); code != ExitFindings {
		t.Errorf("warning with --fail-on warning: exit %d, want 1", code)
	}
	if _, _, code := runCLI(t, "可能吧", "fix", "--fail-on", "never"); code != ExitOK {
		t.Errorf("--fail-on never: exit %d, want 0", code)
	}
	if _, errOut, code := runCLI(t, "您好", "fix", "--fail-on", "fatal"); code != ExitError || !strings.Contains(errOut, "--fail-on") {
		t.Errorf("bad --fail-on: exit %d, stderr %q", code, errOut)
	}
}

func TestFixJSON(t *testing.T) {
	out, _, code := runCLI(t, "你好，可能吧", "fix", "--format", "json")
	var got struct {
		Text     string
		Changed  bool
		Findings []lint.Finding
	}
	if err := json.Unmarshal([]byte(out), &got); err != nil {
		t.Fatalf("%v: %s", err, out)
	}
	if got.Text != "您好，可能吧" || !got.Changed || len(got.Findings) != 1 || got.Findings[0].Rule != "hedge.maybe" || got.Findings[0].Start != 3 {
		t.Errorf("got %s", out)
	}
	if code != ExitFindings {
		t.Errorf("exit %d, want 1", code)
	}
}

func TestFixWrite(t *testing.T) {
	dir := t.TempDir()
	p := writeTemp(t, dir, "reply.txt", "\ufeff你好，OK的。\n", 0o640)
	clean := writeTemp(t, dir, "clean.txt", "您好。\n", 0o600)
	out, _, code := runCLI(t, "", "fix", "--write", p, clean)
	if out != "" || code != ExitOK {
		t.Errorf("--write: stdout %q exit %d, want nothing and 0", out, code)
	}
	if got := readFile(t, p); got != "\ufeff您好，好的。\n" {
		t.Errorf("rewritten file %q, want the fixed reply with its byte-order mark", got)
	}
	info, err := os.Stat(p)
	if err != nil {
		t.Fatal(err)
	}
	if info.Mode().Perm() != 0o640 {
		t.Errorf("permissions %v, want 0640 kept", info.Mode().Perm())
	}
	entries, _ := os.ReadDir(dir)
	if len(entries) != 2 {
		t.Errorf("folder holds %d entries after --write, want the 2 files and no temp file", len(entries))
	}
}

func TestFixWriteFollowsSymlink(t *testing.T) {
	dir := t.TempDir()
	target := writeTemp(t, dir, "real.txt", "你好\n", 0o644)
	link := filepath.Join(dir, "link.txt")
	if err := os.Symlink(target, link); err != nil {
		t.Skip(err)
	}
	if _, errOut, code := runCLI(t, "", "fix", "--write", link); code != ExitOK {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	if fi, err := os.Lstat(link); err != nil || fi.Mode()&os.ModeSymlink == 0 {
		t.Errorf("the link was replaced by a file")
	}
	if got := readFile(t, target); got != "您好\n" {
		t.Errorf("target %q, want 您好", got)
	}
}

// TestFixWriteNothingHalfDone: when one input is refused, no file is
// rewritten, not even those before it.
func TestFixWriteNothingHalfDone(t *testing.T) {
	dir := t.TempDir()
	first := writeTemp(t, dir, "a.txt", "你好\n", 0o644)
	bad := writeTemp(t, dir, "b.txt", "你好\xff\xfe\n", 0o644)
	_, errOut, code := runCLI(t, "", "fix", "--write", first, bad)
	if code != ExitError || !strings.Contains(errOut, "b.txt") {
		t.Errorf("exit %d, stderr %q; want 2 naming b.txt", code, errOut)
	}
	if got := readFile(t, first); got != "你好\n" {
		t.Errorf("a.txt was rewritten to %q although the run failed", got)
	}
}

func TestFixRefuses(t *testing.T) {
	dir := t.TempDir()
	jsonl := writeTemp(t, dir, "chat.jsonl", `{"role":"agent","text":"你好"}`+"\n", 0o644)
	a := writeTemp(t, dir, "a.txt", "你好", 0o644)
	b := writeTemp(t, dir, "b.txt", "你好", 0o644)
	tests := []struct {
		name string
		args []string
		says string
	}{
		{"a transcript", []string{"fix", jsonl}, "plain-text replies"},
		{"--write on stdin", []string{"fix", "--write", "-"}, "standard input"},
		{"two files without --write", []string{"fix", a, b}, "2 files"},
		{"a missing file", []string{"fix", filepath.Join(dir, "nope.txt")}, "nope.txt"},
		{"--diff with json", []string{"fix", "--diff", "--format", "json", a}, "--diff"},
		{"a bad format", []string{"fix", "--format", "xml", a}, "--format"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			out, errOut, code := runCLI(t, "你好", tt.args...)
			if code != ExitError || !strings.Contains(errOut, tt.says) || out != "" {
				t.Errorf("exit %d, stdout %q, stderr %q; want 2, nothing on stdout, a message saying %q", code, out, errOut, tt.says)
			}
		})
	}
	if got := readFile(t, a); got != "你好" {
		t.Errorf("a.txt changed to %q by a refused run", got)
	}
}

func TestFixDiff(t *testing.T) {
	dir := t.TempDir()
	p := writeTemp(t, dir, "r.txt", "您好。\n你好，OK的。\n第三行\n第四行\n第五行\n第六行\n第七行\n第八行\n第九行\n第十行\n再见，拜拜", 0o644)
	out, _, code := runCLI(t, "", "fix", "--diff", p)
	want := fmt.Sprintf(`--- a/%[1]s
+++ b/%[1]s
@@ -1,5 +1,5 @@
 您好。
-你好，OK的。
+您好，好的。
 第三行
 第四行
 第五行
@@ -8,4 +8,4 @@
 第八行
 第九行
 第十行
-再见，拜拜
\ No newline at end of file
+再见，再见
\ No newline at end of file
`, p)
	if out != want {
		t.Errorf("diff:\n%s\nwant:\n%s", out, want)
	}
	if code != ExitOK {
		t.Errorf("exit %d, want 0 (only fixed findings)", code)
	}
	if got := readFile(t, p); !strings.HasPrefix(got, "您好。\n你好") {
		t.Errorf("--diff without --write changed the file: %q", got)
	}
	if out, _, _ := runCLI(t, "您好\n", "fix", "--diff"); out != "" {
		t.Errorf("diff of a clean reply: %q, want nothing", out)
	}
}

func TestFixFilesInPlace(t *testing.T) {
	dir := t.TempDir()
	p := writeTemp(t, dir, "r.txt", "你好，可能吧", 0o644)
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	if err := FixFilesInPlace(l, []string{p}, "auto"); err != nil {
		t.Fatal(err)
	}
	if got := readFile(t, p); got != "您好，可能吧" {
		t.Errorf("file %q, want 您好，可能吧", got)
	}
	if err := FixFilesInPlace(l, []string{"-"}, "auto"); err == nil {
		t.Error("FixFilesInPlace accepted standard input")
	}
	q := writeTemp(t, dir, "q.txt", "你好", 0o644)
	if err := FixFilesInPlace(l, []string{q}, "jsonl"); err == nil || readFile(t, q) != "你好" {
		t.Errorf("FixFilesInPlace with --input-format jsonl: err %v, file %q; want a refusal and the file untouched", err, readFile(t, q))
	}
}

// TestFixRefusesChatTranscripts: a .txt that reads as a chat log is not one
// reply; rewriting it would change the customer's words too.
func TestFixRefusesChatTranscripts(t *testing.T) {
	dir := t.TempDir()
	chat := "客户：你好，在吗？\n客服：你好，在的，OK的。\n客户：好的\n"
	p := writeTemp(t, dir, "chat.txt", chat, 0o644)
	_, errOut, code := runCLI(t, "", "fix", "--write", p)
	if code != ExitError || !strings.Contains(errOut, "transcript") {
		t.Errorf("chat log: exit %d, stderr %q; want 2 and a message about transcripts", code, errOut)
	}
	if got := readFile(t, p); got != chat {
		t.Errorf("chat log rewritten to %q", got)
	}
	out, _, code := runCLI(t, chat, "fix", "--input-format", "text")
	if !strings.HasPrefix(out, "客户：您好") || code == ExitError {
		t.Errorf("--input-format text: exit %d, stdout %q; want the whole input fixed as one reply", code, out)
	}
	if _, errOut, code := runCLI(t, chat, "fix", "--input-format", "csv"); code != ExitError || !strings.Contains(errOut, "--input-format") {
		t.Errorf("--input-format csv: exit %d, stderr %q", code, errOut)
	}
}

func TestFixGB18030(t *testing.T) {
	gb, err := simplifiedchinese.GB18030.NewEncoder().String("你好，OK的。\n")
	if err != nil {
		t.Fatal(err)
	}
	dir := t.TempDir()
	p := writeTemp(t, dir, "gbk.txt", gb, 0o644)
	if out, errOut, code := runCLI(t, "", "fix", p); out != "您好，好的。\n" || code != ExitOK {
		t.Errorf("printing a GB18030 reply: stdout %q stderr %q exit %d; want it fixed, in UTF-8", out, errOut, code)
	}
	_, errOut, code := runCLI(t, "", "fix", "--write", p)
	if code != ExitError || !strings.Contains(errOut, "UTF-8") {
		t.Errorf("--write on GB18030: exit %d, stderr %q; want 2 and a word about the encoding", code, errOut)
	}
	if got := readFile(t, p); got != gb {
		t.Error("the GB18030 file was rewritten")
	}
}

// fix reads at most transcript.MaxMessageBytes of a reply: /dev/zero was read
// until memory ran out.
func TestFixRefusesHugeInput(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err != nil {
		t.Skip("no /dev/zero")
	}
	_, stderr, code := runCLI(t, "", "fix", "--input-format", "text", "/dev/zero")
	if code != ExitError || !strings.Contains(stderr, "/dev/zero: larger than 1048576 bytes") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}
