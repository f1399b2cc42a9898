package cmd

import (
	"bytes"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

func TestVersionFlagPrintsWhatVersionPrints(t *testing.T) {
	flag, _, code := runCLI(t, "", "--version")
	if code != 0 {
		t.Fatalf("--version: exit %d", code)
	}
	cmd, _, _ := runCLI(t, "", "version")
	if flag != cmd || !strings.HasPrefix(flag, "replylint test (commit ") {
		t.Errorf("--version printed %q, version printed %q", flag, cmd)
	}
}

// Every enum flag is refused by the parser in one style, naming the flag,
// the value and what it takes, with nothing on standard output.
func TestEnumFlagsAreRefusedInOneStyle(t *testing.T) {
	cases := []struct {
		args []string
		want string
	}{
		{[]string{"check", "--format", "x"}, `replylint: --format: unknown value "x" (want text, json, jsonl, csv, sarif)` + "\n"},
		{[]string{"check", "-f", "yaml"}, `replylint: --format: unknown value "yaml" (want text, json, jsonl, csv, sarif)` + "\n"},
		{[]string{"check", "--color", "sometimes"}, `replylint: --color: unknown value "sometimes" (want auto, always, never)` + "\n"},
		{[]string{"check", "--fail-on", "fatal"}, `replylint: --fail-on: unknown value "fatal" (want error, warning, info, never)` + "\n"},
		{[]string{"fix", "--color", "on"}, `replylint: --color: unknown value "on" (want auto, always, never)` + "\n"},
		{[]string{"fix", "--format", "csv"}, `replylint: --format: unknown value "csv" (want text, json)` + "\n"},
		{[]string{"rules", "--format", "csv"}, `replylint: --format: unknown value "csv" (want text, json, markdown)` + "\n"},
		{[]string{"check", "--jobs", "many"}, `replylint: --jobs: invalid value "many" (want a number; see replylint check --help)` + "\n"},
		{[]string{"check", "--no-such-flag"}, `replylint: --no-such-flag: unknown flag (see replylint check --help)` + "\n"},
	}
	for _, c := range cases {
		stdout, stderr, code := runCLI(t, "您好", c.args...)
		if code != 2 || stdout != "" || stderr != c.want {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2, stderr %q", c.args, code, stdout, stderr, c.want)
		}
	}
}

func TestHelpListsEveryEnumValue(t *testing.T) {
	help, _, _ := runCLI(t, "", "check", "--help")
	for _, want := range []string{"-f, --format string", "text, json, jsonl, csv, sarif", "-o, --output string", "auto, always, never", "error, warning, info, never"} {
		if !strings.Contains(help, want) {
			t.Errorf("check --help lacks %q", want)
		}
	}
}

// complete runs cobra's hidden completion command and returns the offered
// values (without the directive line).
func complete(t *testing.T, args ...string) []string {
	t.Helper()
	out, stderr, code := runCLI(t, "", append([]string{"__complete"}, args...)...)
	if code != 0 {
		t.Fatalf("__complete %v: exit %d, %s", args, code, stderr)
	}
	var got []string
	for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
		if !strings.HasPrefix(l, ":") {
			got = append(got, l)
		}
	}
	return got
}

func TestCompletionOfValues(t *testing.T) {
	if got := complete(t, "check", "--format", ""); !slices.Equal(got, []string{"text", "json", "jsonl", "csv", "sarif"}) {
		t.Errorf("check --format completes to %q", got)
	}
	if got := complete(t, "check", "--color", ""); !slices.Equal(got, []string{"auto", "always", "never"}) {
		t.Errorf("check --color completes to %q", got)
	}
	if got := complete(t, "fix", "--fail-on", ""); !slices.Equal(got, []string{"error", "warning", "info", "never"}) {
		t.Errorf("fix --fail-on completes to %q", got)
	}
	got := complete(t, "explain", "hedge.")
	if !slices.Contains(got, "hedge.maybe") || slices.ContainsFunc(got, func(s string) bool { return !strings.HasPrefix(s, "hedge.") }) {
		t.Errorf("explain hedge. completes to %q", got)
	}
	// After a comma the part already written is kept.
	got = complete(t, "check", "--disable", "slang,hedge.m")
	if !slices.Contains(got, "slang,hedge.maybe") || slices.Contains(got, "hedge.maybe") {
		t.Errorf("check --disable slang,hedge.m completes to %q", got)
	}
	if got := complete(t, "report", "--enable", "hedg"); !slices.Contains(got, "hedge") {
		t.Errorf("report --enable hedg completes to %q (the category is missing)", got)
	}
}

// The seams: flag parsing is tested apart from what the command does.
func TestCheckFlagsReachOptions(t *testing.T) {
	var got *CheckOptions
	c := NewCmdCheck(&IOStreams{}, func(o *CheckOptions) error { got = o; return nil })
	c.SetFlagErrorFunc(flagError)
	c.SetArgs([]string{"-f", "csv", "-o", "out.csv", "--fail-on", "warning", "--color", "never", "a.txt", "b/"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "csv" || got.Output != "out.csv" || got.FailOn != "warning" || got.Color != "never" || !slices.Equal(got.Paths, []string{"a.txt", "b/"}) {
		t.Errorf("options %+v", got)
	}

	c = NewCmdCheck(&IOStreams{}, func(o *CheckOptions) error { got = o; return nil })
	c.SetArgs(nil)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Format != "text" || got.Output != "-" || got.FailOn != "error" || got.Color != "auto" {
		t.Errorf("defaults %+v", got)
	}
}

func TestReportAndFixFlagsReachOptions(t *testing.T) {
	var rep *ReportOptions
	c := NewCmdReport(&IOStreams{}, func(o *ReportOptions) error { rep = o; return nil })
	c.SetArgs([]string{"-o", "-", "--title", "周报", "chats/"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if rep.Output != "-" || rep.Title != "周报" || !slices.Equal(rep.Paths, []string{"chats/"}) {
		t.Errorf("report options %+v", rep)
	}
	var fix *FixOptions
	c = NewCmdFix(&IOStreams{}, func(o *FixOptions) error { fix = o; return nil })
	c.SetArgs([]string{"--diff", "--format", "json", "draft.txt"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if !fix.Diff || fix.Format != "json" || !slices.Equal(fix.Paths, []string{"draft.txt"}) {
		t.Errorf("fix options %+v", fix)
	}
	var ex *ExplainOptions
	c = NewCmdExplain(&IOStreams{}, func(o *ExplainOptions) error { ex = o; return nil })
	c.SetArgs([]string{"hedge.maybe", "--config", "team.toml"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if ex.Rule != "hedge.maybe" || ex.Linter.Config != "team.toml" {
		t.Errorf("explain options %+v", ex)
	}
}

func TestCheckOutputFile(t *testing.T) {
	dir := t.TempDir()
	out := filepath.Join(dir, "findings.json")
	stdout, stderr, code := runCLI(t, "你好", "check", "-f", "json", "-o", out, "--color", "auto")
	if code != 1 || stdout != "" {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, stdout, stderr)
	}
	data, err := os.ReadFile(out)
	if err != nil || !bytes.Contains(data, []byte(`"rule":"honorific.nihao"`)) {
		t.Fatalf("%s: %v\n%s", out, err, data)
	}
	// -o - is standard output, as no -o is.
	dash, _, _ := runCLI(t, "你好", "check", "-f", "json", "-o", "-")
	if dash != string(data) {
		t.Errorf("-o - printed %q, the file holds %q", dash, data)
	}
	// A failed run leaves the previous file as it was, and names no
	// temporary file.
	bad := filepath.Join(dir, "bad.jsonl")
	if err := os.WriteFile(bad, []byte("{\"text\":\"你好\"}\nnot json\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	_, stderr, code = runCLI(t, "", "check", "-f", "json", "-o", out, bad)
	if code != 2 || strings.Contains(stderr, ".tmp") {
		t.Errorf("bad input: exit %d, stderr %q", code, stderr)
	}
	if again, _ := os.ReadFile(out); !bytes.Equal(again, data) {
		t.Errorf("a failed run changed %s", out)
	}
}

func TestSpoolErrorsNameNoTemporaryFile(t *testing.T) {
	tmp := filepath.Join(os.TempDir(), "replylint-123.out")
	err := hideSpool(&os.PathError{Op: "write", Path: tmp, Err: os.ErrPermission})
	if err == nil || strings.Contains(err.Error(), tmp) || !strings.Contains(err.Error(), "permission denied") {
		t.Errorf("error %v", err)
	}
}

func TestSmallCommandsHaveSeams(t *testing.T) {
	var tok *TokensOptions
	c := NewCmdTokens(&IOStreams{}, func(o *TokensOptions) error { tok = o; return nil })
	c.SetArgs([]string{"保证金"})
	if err := c.Execute(); err != nil || tok.Text != "保证金" {
		t.Errorf("tokens: %v, %+v", err, tok)
	}
	var tr *TestRulesOptions
	c = NewCmdTestRules(&IOStreams{}, func(o *TestRulesOptions) error { tr = o; return nil })
	c.SetArgs([]string{"--with-builtin", "a.toml", "b.toml"})
	if err := c.Execute(); err != nil || !tr.WithBuiltin || !slices.Equal(tr.Packs, []string{"a.toml", "b.toml"}) {
		t.Errorf("test-rules: %v, %+v", err, tr)
	}
	var v *VersionOptions
	c = NewCmdVersion(&IOStreams{}, BuildInfo{Version: "1.2.3"}, func(o *VersionOptions) error { v = o; return nil })
	c.SetArgs(nil)
	if err := c.Execute(); err != nil || v.Build.Version != "1.2.3" {
		t.Errorf("version: %v, %+v", err, v)
	}
}
