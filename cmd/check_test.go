package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/replylint/replylint/lint"
)

// runCheckCLI runs `replylint check args…` through NewRoot on fake
// streams, as a user would, and returns what they would see.
func runCheckCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	return runCLI(t, stdin, append([]string{"check"}, args...)...)
}

type checkReport struct {
	Findings []lint.Finding `json:"findings"`
	Summary  lint.Summary   `json:"summary"`
}

func parseReport(t *testing.T, stdout string) checkReport {
	t.Helper()
	var r checkReport
	if err := json.Unmarshal([]byte(stdout), &r); err != nil {
		t.Fatalf("output is not the JSON report: %v\n%s", err, stdout)
	}
	return r
}

const inputs = "../testdata/inputs"

// TestCheckFolderOfExports: a folder mixing every format is read in one
// run; the summary counts its files, conversations and messages.
func TestCheckFolderOfExports(t *testing.T) {
	stdout, stderr, code := runCheckCLI(t, "", inputs, "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d, want 1 (the exports hold errors); stderr: %s", code, stderr)
	}
	r := parseReport(t, stdout)
	s := r.Summary
	if s.Files != 8 || s.Conversations != 17 || s.Messages != 70 || s.Skipped != 0 {
		t.Errorf("summary %+v, want 8 files, 17 conversations, 70 messages (系统 notices are bot turns)", s)
	}
	if s.ByCategory["hedge"] != 8 || s.BySeverity["error"] == 0 {
		t.Errorf("summary counts by category %v, by severity %v: want a hedge finding in each of the 8 files", s.ByCategory, s.BySeverity)
	}
	files := map[string]int{}
	for _, f := range r.Findings {
		files[filepath.Base(f.File)]++
		if f.Role == lint.Customer && f.HasSpan() {
			t.Errorf("%s:%d: the customer's words flagged: %s %q", f.File, f.Line, f.Rule, f.Match)
		}
	}
	if len(files) != 8 {
		t.Errorf("findings from %d files, want all 8: %v", len(files), files)
	}
}

// TestCheckDeterministic: the same input gives the same output byte for
// byte, whatever the number of workers.
func TestCheckDeterministic(t *testing.T) {
	dir := t.TempDir()
	// Many conversations, so that workers finish out of order.
	var b strings.Builder
	for i := range 300 {
		fmt.Fprintf(&b, `{"conversation":"c%d","role":"user","text":"在吗"}`+"\n", i)
		reply := []string{"您好，在的", "呵呵，你好，可能明天到", "OK的，亲", "您好，我保证今天发货，但是要晚一点"}[i%4]
		fmt.Fprintf(&b, `{"conversation":"c%d","role":"agent","text":"%s"}`+"\n", i, reply)
	}
	if err := os.WriteFile(filepath.Join(dir, "big.jsonl"), []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	var first string
	for _, jobs := range []string{"1", "8", "3"} {
		out, stderr, code := runCheckCLI(t, "", inputs, dir, "--jobs", jobs, "--format", "json")
		if code != ExitFindings {
			t.Fatalf("--jobs %s: exit %d: %s", jobs, code, stderr)
		}
		if first == "" {
			first = out
			r := parseReport(t, out)
			if r.Summary.Conversations != 317 {
				t.Fatalf("%d conversations, want 317", r.Summary.Conversations)
			}
			continue
		}
		if out != first {
			t.Errorf("--jobs %s: output differs from --jobs 1", jobs)
		}
	}
}

// TestCheckMalformed: malformed input stops the run with exit 2, a message
// naming file and line, and nothing on standard output; --skip-bad goes on
// and counts what it passed over.
func TestCheckMalformed(t *testing.T) {
	dir := t.TempDir()
	write := func(name, content string) string {
		p := filepath.Join(dir, name)
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
		return p
	}
	good := write("a_good.txt", "客户：在吗\n客服：呵呵，在的\n")
	cases := []struct {
		file, want string
		skipped    int
	}{
		{write("b.jsonl", "{\"text\":\"您好\"}\n{\"text\":\"呵呵\"\n{\"text\":\"OK\"}\n"), "b.jsonl:2: bad JSON", 1},
		{write("c.csv", "角色,内容\n客服,您好\n客服,可能,多一列\n客服,OK\n"), "c.csv:3: the row has 3 columns, the header 2", 1},
		{write("d.json", "[\n{\"role\":\"客服\",\"text\":\"OK\"},\n{\"role\":\"外星人\",\"text\":\"您好\"}\n]"), `d.json:3: cannot tell whether "外星人" is the agent or the customer`, 1},
	}
	for _, c := range cases {
		stdout, stderr, code := runCheckCLI(t, "", good, c.file, "--format", "json")
		if code != ExitError || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2, nothing on stdout, %q", c.file, code, stdout, stderr, c.want)
		}
		stdout, stderr, code = runCheckCLI(t, "", good, c.file, "--format", "json", "--skip-bad")
		if code != ExitFindings || !strings.Contains(stderr, "skipped "+filepath.Join(dir, c.want)) {
			t.Errorf("%s --skip-bad: exit %d, stderr %q", c.file, code, stderr)
			continue
		}
		r := parseReport(t, stdout)
		if r.Summary.Skipped != c.skipped || r.Summary.Files != 2 {
			t.Errorf("%s --skip-bad: summary %+v, want %d skipped in 2 files", c.file, r.Summary, c.skipped)
		}
		var english bool
		for _, f := range r.Findings {
			english = english || f.Rule == "english.ok"
		}
		if !english {
			t.Errorf("%s --skip-bad: the record after the bad one was not checked", c.file)
		}
	}
	// The text summary says how many were skipped.
	stdout, _, _ := runCheckCLI(t, "", cases[0].file, "--skip-bad", "--color", "never")
	if !strings.Contains(stdout, "1 malformed record skipped") {
		t.Errorf("text summary does not count the skipped record:\n%s", stdout)
	}
}

func TestCheckUnreadable(t *testing.T) {
	dir := t.TempDir()
	bin := filepath.Join(dir, "photo.txt")
	if err := os.WriteFile(bin, []byte("\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR"), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ arg, want string }{
		{bin, "photo.txt:3: not text"},
		{filepath.Join(dir, "missing.csv"), "missing.csv"},
	} {
		stdout, stderr, code := runCheckCLI(t, "", c.arg, "--skip-bad")
		if code != ExitError || stdout != "" || !strings.Contains(stderr, c.want) {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want exit 2 and %q", c.arg, code, stdout, stderr, c.want)
		}
	}
}

// TestCheckChatPositions: a finding in a chat log points at the word in
// the file, inside the quotes.
func TestCheckChatPositions(t *testing.T) {
	stdout, stderr, code := runCheckCLI(t, "客户（10:00:00）：“你好，在吗？”\n客服（10:00:03）：“在的，你好！”\n", "--format", "json")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := parseReport(t, stdout)
	if len(r.Findings) == 0 {
		t.Fatal("no findings")
	}
	f := r.Findings[0]
	if f.Rule != "honorific.nihao" || f.Line != 2 || f.Column != 18 || f.Start != 3 || f.Turn != 2 || f.Role != lint.Agent {
		t.Errorf("first finding %+v, want honorific.nihao at 2:18, offset 3 of turn 2", f)
	}
}

func TestCheckCSVFlags(t *testing.T) {
	dir := t.TempDir()
	p := filepath.Join(dir, "export.csv")
	csv := "编号,身份,答复内容,坐席工号,日期\n1,机器人,您好,,2024-05-01 10:00:00\n1,顾客,你好，在吗,,2024-05-01 10:00:01\n1,机器人,呵呵，在的,kf01,2024-05-01 10:00:05\n"
	if err := os.WriteFile(p, []byte(csv), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCheckCLI(t, "", p, "--format", "json", "--text-col", "答复内容", "--role-col", "身份",
		"--conversation-col", "1", "--time-col", "日期", "--agent-col", "坐席工号", "--agent-role", "机器人")
	if code != ExitFindings {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	r := parseReport(t, stdout)
	if r.Summary.Conversations != 1 || r.Summary.Messages != 3 {
		t.Errorf("summary %+v, want one conversation of 3 messages", r.Summary)
	}
	var laugh *lint.Finding
	for i, f := range r.Findings {
		if f.Rule == "interjection.laugh" {
			laugh = &r.Findings[i]
		}
		if f.Match == "你好" {
			t.Errorf("the customer's 你好 was flagged")
		}
	}
	if laugh == nil || laugh.Line != 4 || laugh.Agent != "kf01" || laugh.Conversation != "1" {
		t.Errorf("呵呵 finding %+v, want line 4, agent kf01, conversation 1", laugh)
	}
	// Without the flags the text column is not found: exit 2, naming it.
	_, stderr, code = runCheckCLI(t, "", p)
	if code != ExitError || !strings.Contains(stderr, "export.csv:1: no text column") || !strings.Contains(stderr, "--text-col") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

func TestCheckFlagErrors(t *testing.T) {
	for _, args := range [][]string{
		{"--input-format", "xml", "-"},
		{"--jobs", "-1", "-"},
	} {
		stdout, stderr, code := runCheckCLI(t, "您好", args...)
		if code != ExitError || stdout != "" || stderr == "" {
			t.Errorf("%v: exit %d, stdout %q, stderr %q", args, code, stdout, stderr)
		}
	}
}

// TestCheckNoProgressWhenPiped: a large batch shows no progress bar when
// standard error is not a terminal, and nothing but the report on stdout.
func TestCheckNoProgressWhenPiped(t *testing.T) {
	_, stderr, _ := runCheckCLI(t, "", inputs, "--quiet")
	if stderr != "" {
		t.Errorf("stderr %q, want nothing", stderr)
	}
}

// TestProgressBar: on a terminal, a batch of more than five files shows a
// bar on standard error; a small one, or --quiet, shows none.
func TestProgressBar(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(inputs, "*"))
	var errOut bytes.Buffer
	opts := &CheckOptions{IO: &IOStreams{ErrOut: &errOut, ErrTTY: true}}
	if progressBar(opts, files) == nil {
		t.Errorf("no bar for %d files on a terminal", len(files))
	}
	if progressBar(opts, files[:2]) != nil {
		t.Error("a bar for two small files")
	}
	opts.Quiet = true
	if progressBar(opts, files) != nil {
		t.Error("a bar with --quiet")
	}
	opts.Quiet, opts.IO.ErrTTY = false, false
	if progressBar(opts, files) != nil {
		t.Error("a bar when standard error is not a terminal")
	}
}

// A folder with nothing replylint reads is nothing to check: exit 2, and
// the message says what was skipped and why.
func TestCheckEmptyFolder(t *testing.T) {
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "photo.png"), []byte("PNG"), 0o644); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runCheckCLI(t, "", dir, "--format", "json")
	want := "replylint: nothing to check in " + dir + ": skipped 1 file of a kind replylint does not read (.png)\n"
	if code != ExitError || stdout != "" || stderr != want {
		t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and %q", code, stdout, stderr, want)
	}
}
