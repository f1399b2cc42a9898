package cmd

import (
	"encoding/csv"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"syscall"
	"testing"
)

// tree writes files (path → content) under a new folder and returns it.
func tree(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for p, content := range files {
		full := filepath.Join(dir, filepath.FromSlash(p))
		if err := os.MkdirAll(filepath.Dir(full), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(full, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// checkedFiles runs check --format json and returns the files its
// findings name, in order, without repeats.
func checkedFiles(t *testing.T, stdin string, args ...string) ([]string, checkReport) {
	t.Helper()
	stdout, stderr, code := runCheckCLI(t, stdin, append([]string{"--format", "json", "--fail-on", "never"}, args...)...)
	if code != 0 {
		t.Fatalf("check %v: exit %d, stderr %q", args, code, stderr)
	}
	r := parseReport(t, stdout)
	var files []string
	for _, f := range r.Findings {
		if len(files) == 0 || files[len(files)-1] != f.File {
			files = append(files, f.File)
		}
	}
	return files, r
}

// A path that exists is that file, before any reading as a glob.
func TestPathsThatLookLikeGlobs(t *testing.T) {
	dir := tree(t, map[string]string{
		"客服记录[2024-05-01].txt": "你好",
		"log[1].txt":           "你好",
		"log1.txt":             "你好",
	})
	for _, name := range []string{"客服记录[2024-05-01].txt", "log[1].txt"} {
		p := filepath.Join(dir, name)
		if got, _ := checkedFiles(t, "", p); !slices.Equal(got, []string{p}) {
			t.Errorf("check %s checked %q", name, got)
		}
	}
	// Where no such file exists, the argument is a glob.
	if got, _ := checkedFiles(t, "", filepath.Join(dir, "log[0-9].txt")); !slices.Equal(got, []string{filepath.Join(dir, "log1.txt")}) {
		t.Errorf("log[0-9].txt checked %q", got)
	}
}

func TestDoubleStarGlob(t *testing.T) {
	dir := tree(t, map[string]string{
		"top.jsonl":             `{"text":"你好"}`,
		"a/one.jsonl":           `{"text":"你好"}`,
		"a/b/two.jsonl":         `{"text":"你好"}`,
		"a/b/skip.txt":          "你好",
		"a/.hidden/three.jsonl": `{"text":"你好"}`,
	})
	got, _ := checkedFiles(t, "", filepath.Join(dir, "**", "*.jsonl"))
	want := []string{filepath.Join(dir, "a/b/two.jsonl"), filepath.Join(dir, "a/one.jsonl"), filepath.Join(dir, "top.jsonl")}
	if !slices.Equal(got, want) {
		t.Errorf("**/*.jsonl checked %q, want %q", got, want)
	}
	got, _ = checkedFiles(t, "", filepath.Join(dir, "a", "**", "two.jsonl"))
	if !slices.Equal(got, want[:1]) {
		t.Errorf("a/**/two.jsonl checked %q", got)
	}
}

// Nothing to check is exit 2 with a message naming what and why, and
// nothing on standard output.
func TestNothingToCheck(t *testing.T) {
	dir := tree(t, map[string]string{"notes.md": "x", "photo.PNG": "x", "empty.jsonl": ""})
	cases := []struct {
		name, stdin string
		args        []string
		want        string
	}{
		{"empty stdin", "", []string{"-"}, "replylint: nothing to check: standard input is empty\n"},
		{"glob", "", []string{filepath.Join(dir, "*.csv")}, "replylint: " + filepath.Join(dir, "*.csv") + ": no files match\n"},
		{"missing", "", []string{filepath.Join(dir, "gone.txt")}, "replylint: " + filepath.Join(dir, "gone.txt") + ": no such file or folder\n"},
		{"empty file", "", []string{filepath.Join(dir, "empty.jsonl")}, "replylint: nothing to check: no messages in " + filepath.Join(dir, "empty.jsonl") + "\n"},
		{"excluded", "", []string{dir, "--exclude", "*.jsonl"},
			"replylint: nothing to check in " + dir + ": skipped 2 files of a kind replylint does not read (.md, .png); 1 excluded path, e.g. " + filepath.Join(dir, "empty.jsonl") + "\n"},
	}
	for _, c := range cases {
		for _, cmd := range []string{"check", "report"} {
			args := append([]string{cmd}, c.args...)
			if cmd == "report" {
				args = append(args, "-o", filepath.Join(t.TempDir(), "r.html"))
			}
			stdout, stderr, code := runCLI(t, c.stdin, args...)
			if code != ExitError || stdout != "" || stderr != c.want {
				t.Errorf("%s, %s: exit %d, stdout %q, stderr %q; want exit 2 and %q", cmd, c.name, code, stdout, stderr, c.want)
			}
		}
	}
}

// A named pipe in a folder is never opened (opening it would block until
// a writer came), but counted; so is every other file left out.
func TestSpecialFilesAreSkippedAndCounted(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": "你好", "meta.json": `{"x":1}`, "photo.png": "x"})
	if err := syscall.Mkfifo(filepath.Join(dir, "pipe.txt"), 0o644); err != nil {
		t.Skipf("no named pipes here: %v", err)
	}
	files, r := checkedFiles(t, "", dir, "--exclude", "meta.json")
	if !slices.Equal(files, []string{filepath.Join(dir, "a.txt")}) {
		t.Errorf("checked %q", files)
	}
	want := map[string]int{"extension": 1, "special": 1, "excluded": 1}
	if s := r.Summary; s.Files != 1 || len(s.SkippedFiles) != len(want) || s.SkippedFiles["special"] != 1 || s.SkippedFiles["extension"] != 1 || s.SkippedFiles["excluded"] != 1 {
		t.Errorf("summary %+v, want 1 file and skipped %v", s, want)
	}
	stdout, _, _ := runCheckCLI(t, "", dir, "--exclude", "meta.json", "--color", "never")
	if !strings.Contains(stdout, "3 files skipped (1 extension, 1 special, 1 excluded)\n") {
		t.Errorf("text summary does not count the files skipped:\n%s", stdout)
	}
}

// An .xls workbook met in a folder walk is likely an export the user
// meant to check: it is skipped, counted under its own reason and named
// on standard error with what to do, as a named one is refused.
func TestWalkNamesXLSWorkbooks(t *testing.T) {
	dir := tree(t, map[string]string{"a.txt": "你好", "old.xls": "x", "photo.png": "x"})
	xls := filepath.Join(dir, "old.xls")
	note := "replylint: skipped " + xls + ": an .xls workbook (the old binary Excel format) is not read: save it as .xlsx or CSV\n"
	stdout, stderr, code := runCheckCLI(t, "", "--format", "json", "--fail-on", "never", dir)
	if code != 0 || stderr != note {
		t.Errorf("exit %d, stderr %q; want 0 and %q", code, stderr, note)
	}
	if s := parseReport(t, stdout).Summary; s.Files != 1 || s.SkippedFiles["xls"] != 1 || s.SkippedFiles["extension"] != 1 {
		t.Errorf("summary %+v, want 1 file, skipped 1 xls and 1 extension", s)
	}
	stdout, _, _ = runCheckCLI(t, "", "--color", "never", dir)
	if !strings.Contains(stdout, "2 files skipped (1 extension, 1 xls)\n") {
		t.Errorf("text summary does not count the workbook:\n%s", stdout)
	}
	// With nothing else to check, the error says what to do.
	only := tree(t, map[string]string{"old.xls": "x"})
	_, stderr, code = runCheckCLI(t, "", only)
	want := "replylint: nothing to check in " + only + ": skipped 1 .xls workbook, e.g. " + filepath.Join(only, "old.xls") + ": an .xls workbook (the old binary Excel format) is not read: save it as .xlsx or CSV\n"
	if code != ExitError || stderr != want {
		t.Errorf("exit %d, stderr %q; want 2 and %q", code, stderr, want)
	}
}

// exclude = [...] in the config and --exclude add up, for check, fix and
// report alike; a pattern with a slash matches the path.
func TestExclude(t *testing.T) {
	dir := tree(t, map[string]string{
		"chats/a.txt":     "你好",
		"chats/old/b.txt": "你好",
		"chats/c.txt":     "你好",
	})
	cfg := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(cfg, []byte("exclude = [\"**/old\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	got, _ := checkedFiles(t, "", "--config", cfg, "--exclude", "c.txt", filepath.Join(dir, "chats"))
	if !slices.Equal(got, []string{filepath.Join(dir, "chats/a.txt")}) {
		t.Errorf("check checked %q", got)
	}
	// fix --diff with the same exclusions touches a.txt alone.
	stdout, stderr, _ := runCLI(t, "", "fix", "--diff", "--config", cfg, "--exclude", "c.txt", filepath.Join(dir, "chats"))
	if !strings.Contains(stdout, "a.txt") || strings.Contains(stdout, "b.txt") || strings.Contains(stdout, "c.txt") {
		t.Errorf("fix --diff: %q (stderr %q)", stdout, stderr)
	}
	tables := filepath.Join(dir, "tables")
	_, stderr, code := runCLI(t, "", "report", "--config", cfg, "--exclude", "c.txt", "-o", filepath.Join(dir, "r.html"), "--csv-dir", tables, filepath.Join(dir, "chats"))
	if code != 0 {
		t.Fatalf("report: exit %d, %s", code, stderr)
	}
	rows := readCSV(t, filepath.Join(tables, "conversations.csv"))
	if len(rows) != 2 || rows[1][0] != filepath.Join(dir, "chats/a.txt") {
		t.Errorf("conversations.csv %q", rows)
	}
	if _, stderr, code := runCheckCLI(t, "", "--exclude", "[", dir); code != 2 || stderr != "replylint: --exclude: bad pattern \"[\"\n" {
		t.Errorf("bad pattern: exit %d, %q", code, stderr)
	}
}

func readCSV(t *testing.T, p string) [][]string {
	t.Helper()
	b, err := os.ReadFile(p)
	if err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(string(b), "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows
}

// --stdin-filename names standard input: its extension picks the format
// and every finding is in that file.
func TestStdinFilename(t *testing.T) {
	files, r := checkedFiles(t, "{\"role\":\"agent\",\"text\":\"你好\"}\n{\"role\":\"agent\",\"text\":\"OK\"}\n", "--stdin-filename", "chats/0501.jsonl")
	if !slices.Equal(files, []string{"chats/0501.jsonl"}) || r.Summary.Messages != 2 {
		t.Errorf("files %q, summary %+v", files, r.Summary)
	}
	// Without it, standard input names no file.
	files, _ = checkedFiles(t, "你好")
	if !slices.Equal(files, []string{""}) {
		t.Errorf("files %q without --stdin-filename", files)
	}
	// Malformed input is named by it.
	_, stderr, code := runCheckCLI(t, "{\"text\":\"你好\"}\nnot json\n", "--stdin-filename", "x.jsonl")
	if code != 2 || !strings.HasPrefix(stderr, "replylint: x.jsonl:2: ") {
		t.Errorf("exit %d, stderr %q", code, stderr)
	}
}

// report --skip-bad passes over a bad record as check does, naming it.
func TestReportSkipBad(t *testing.T) {
	dir := tree(t, map[string]string{"a.jsonl": "{\"role\":\"agent\",\"text\":\"您好\"}\nnot json\n{\"role\":\"agent\",\"text\":\"好的\"}\n"})
	out := filepath.Join(dir, "r.html")
	_, stderr, code := runCLI(t, "", "report", "-o", out, filepath.Join(dir, "a.jsonl"))
	if code != 2 || !strings.Contains(stderr, "a.jsonl:2:") {
		t.Errorf("without --skip-bad: exit %d, %q", code, stderr)
	}
	stdout, stderr, code := runCLI(t, "", "report", "--skip-bad", "-o", out, filepath.Join(dir, "a.jsonl"))
	if code != 0 || !strings.Contains(stderr, "replylint: skipped "+filepath.Join(dir, "a.jsonl")+":2:") || !strings.Contains(stdout, "2 messages") {
		t.Errorf("--skip-bad: exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
}

// The findings CSV names conversations without an id FILE#N within their
// file, and carries each reply's text with every cell guarded.
func TestCheckCSV(t *testing.T) {
	dir := tree(t, map[string]string{
		"a.txt":      "你好",
		"chats.txt":  "客户：在吗\n客服：你好，OK\n\n客户：在吗\n客服：你好\n",
		"export.csv": "角色,客服,内容\n客户,,在吗\n客服,=cmd|' /C calc'!A0,你好\n",
	})
	stdout, stderr, code := runCheckCLI(t, "", "-f", "csv", "--fail-on", "never", dir)
	if code != 0 {
		t.Fatalf("exit %d, %s", code, stderr)
	}
	rows, err := csv.NewReader(strings.NewReader(strings.TrimPrefix(stdout, "\uFEFF"))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	ids := map[string]bool{}
	agents := map[string]bool{}
	for _, row := range rows[1:] {
		agents[row[7]] = true
		ids[row[3]] = true
		for _, cell := range row {
			if cell != "" && strings.ContainsRune("=+-@\t\r", rune(cell[0])) {
				t.Errorf("cell %q would run as a formula", cell)
			}
		}
		if row[18] == "" && row[12] != "" {
			t.Errorf("row %q has a span but no text", row)
		}
	}
	if !agents["'=cmd|' /C calc'!A0"] {
		t.Errorf("agents %v: want the guarded formula", agents)
	}
	for _, id := range []string{filepath.Join(dir, "a.txt") + "#1", filepath.Join(dir, "chats.txt") + "#1", filepath.Join(dir, "chats.txt") + "#2"} {
		if !ids[id] {
			t.Errorf("no rows for conversation %s (ids %v)", id, ids)
		}
	}
}

// A folder walk takes xlsx exports as it takes the text formats.
func TestWalkReadsXLSX(t *testing.T) {
	data, err := os.ReadFile("../testdata/exports/shop.xlsx")
	if err != nil {
		t.Skipf("no xlsx export: %v", err)
	}
	dir := t.TempDir()
	if err := os.WriteFile(filepath.Join(dir, "shop.xlsx"), data, 0o644); err != nil {
		t.Fatal(err)
	}
	files, r := checkedFiles(t, "", dir)
	if !slices.Equal(files, []string{filepath.Join(dir, "shop.xlsx")}) || r.Summary.Files != 1 || r.Summary.Messages == 0 {
		t.Errorf("checked %q, summary %+v", files, r.Summary)
	}
}
