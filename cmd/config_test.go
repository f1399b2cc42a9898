package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
)

const layersConfig = "../testdata/config/layers/layers.toml"

// runCLI runs the real command tree with args and stdin piped, and returns
// what a user would see: stdout, stderr and the exit status.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	var out, errOut bytes.Buffer
	streams := &IOStreams{In: strings.NewReader(stdin), Out: &out, ErrOut: &errOut, Env: func(string) string { return "" }}
	root := NewRoot(streams, BuildInfo{Version: "test"})
	root.SetArgs(args)
	code = ExitCode(root.Execute(), &errOut)
	return out.String(), errOut.String(), code
}

// checkFindings runs check --format json on a reply and returns its
// findings as "rule:severity:match".
func checkFindings(t *testing.T, reply string, args ...string) ([]string, int) {
	t.Helper()
	out, errOut, code := runCLI(t, reply, append([]string{"check", "--format", "json", "--fail-on", "never"}, args...)...)
	if code != 0 {
		t.Fatalf("check %v: exit %d, stderr %q", args, code, errOut)
	}
	var doc struct {
		Findings []struct {
			Rule, Severity, Match, Message string
		}
	}
	if err := json.Unmarshal([]byte(out), &doc); err != nil {
		t.Fatalf("check %v: output is not JSON: %v\n%s", args, err, out)
	}
	got := []string{}
	for _, f := range doc.Findings {
		got = append(got, f.Rule+":"+f.Severity+":"+f.Match)
	}
	return got, code
}

func TestCheckWithConfig(t *testing.T) {
	const reply = "可能明天到，您可以去王牌店看看。"
	got, _ := checkFindings(t, reply)
	if want := []string{"hedge.maybe:error:可能"}; !slices.Equal(got, want) {
		t.Errorf("built-in: got %v, want %v", got, want)
	}
	got, _ = checkFindings(t, reply, "--config", layersConfig)
	if want := []string{"hedge.maybe:info:可能", "custom.competitor.1:error:王牌店"}; !slices.Equal(got, want) {
		t.Errorf("with %s: got %v, want %v", layersConfig, got, want)
	}
	// The error-level term makes the default --fail-on error exit 1.
	if _, errOut, code := runCLI(t, reply, "check", "--config", layersConfig); code != 1 {
		t.Errorf("exit %d, want 1 (stderr %q)", code, errOut)
	}
}

func TestEnableDisableFlags(t *testing.T) {
	const reply = "呵呵，可能明天到，大概后天。"
	for _, tc := range []struct {
		args []string
		want []string
	}{
		{nil, []string{"interjection.laugh:error:呵呵", "hedge.maybe:error:可能", "hedge.roughly:error:大概"}},
		{[]string{"--disable", "hedge"}, []string{"interjection.laugh:error:呵呵"}},
		{[]string{"--disable", "hedge,interjection"}, []string{}},
		{[]string{"--disable", "hedge", "--disable", "interjection.laugh"}, []string{}},
		{[]string{"--disable", "hedge", "--enable", "hedge.roughly"}, []string{"interjection.laugh:error:呵呵", "hedge.roughly:error:大概"}},
	} {
		t.Run(strings.Join(tc.args, " "), func(t *testing.T) {
			if got, _ := checkFindings(t, reply, tc.args...); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	// --enable lifts a switch-off made by the config file.
	dir := t.TempDir()
	cfg := filepath.Join(dir, "off.toml")
	if err := os.WriteFile(cfg, []byte("[categories]\nhedge = \"off\"\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if got, _ := checkFindings(t, reply, "--config", cfg); !slices.Equal(got, []string{"interjection.laugh:error:呵呵"}) {
		t.Errorf("config hedge = off: got %v", got)
	}
	if got, _ := checkFindings(t, reply, "--config", cfg, "--enable", "hedge"); len(got) != 3 {
		t.Errorf("config hedge = off, --enable hedge: got %v, want all three", got)
	}
	// The switches reach every command that builds a linter.
	out, _, code := runCLI(t, "", "rules", "--format", "json", "--disable", "hedge")
	if code != 0 || !strings.Contains(out, `"id": "hedge.maybe"`) {
		t.Fatalf("rules --disable hedge: exit %d\n%s", code, out)
	}
	var rows []struct {
		ID      string
		Enabled bool
	}
	if err := json.Unmarshal([]byte(out), &rows); err != nil {
		t.Fatal(err)
	}
	for _, r := range rows {
		if strings.HasPrefix(r.ID, "hedge.") == r.Enabled {
			t.Errorf("rules --disable hedge: %s enabled = %v", r.ID, r.Enabled)
		}
	}
	for _, args := range [][]string{
		{"check", "--enable", "hedge.perhaps", "-"},
		{"check", "--disable", "hedges", "-"},
		{"rules", "--disable", "nope"},
		{"explain", "hedge.maybe", "--enable", "nope"},
	} {
		out, errOut, code := runCLI(t, reply, args...)
		if code != 2 || out != "" || !strings.Contains(errOut, "unknown rule or category") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want exit 2 and an unknown rule or category error", args, code, out, errOut)
		}
	}
}

// A broken config stops every command that builds a linter with exit 2,
// naming the file, line and key, and nothing on standard output.
func TestConfigErrorsExit2(t *testing.T) {
	dir := t.TempDir()
	for i, tc := range []struct{ config, want string }{
		{"allow = []\n\n[rules.\"hedge.maybe\"]\nseverty = \"info\"\n", `:4: unknown key "rules.\"hedge.maybe\".severty"`},
		{"allow = \"你好色彩\"\n", ":1: allow: wrong type"},
		{"[rules.\"hedge.perhaps\"]\nseverity = \"off\"\n", `:1: rules."hedge.perhaps": unknown rule id`},
		{"[categories]\nhedges = \"off\"\n", `:2: categories.hedges: unknown category`},
		{"extends = [\"nowhere.toml\"]\n", ":1: extends: pack 1: open"},
		{"[[terms]]\ntext = \"甲\"\nsuggestions = [\"乙\"]\nnot_before_re = \"(\"\n", ":4: terms.not_before_re: bad regular expression"},
	} {
		path := filepath.Join(dir, fmt.Sprintf("c%d.toml", i))
		if err := os.WriteFile(path, []byte(tc.config), 0o644); err != nil {
			t.Fatal(err)
		}
		for _, cmd := range [][]string{{"check", "-"}, {"rules"}, {"explain", "hedge.maybe"}} {
			out, errOut, code := runCLI(t, "可能", append(cmd, "--config", path)...)
			if code != 2 || out != "" || !strings.Contains(errOut, path+tc.want) {
				t.Errorf("%s with\n%s\nexit %d, stdout %q, stderr %q; want exit 2 and %q", cmd[0], tc.config, code, out, errOut, path+tc.want)
			}
		}
	}
	if _, errOut, code := runCLI(t, "", "rules", "--config", filepath.Join(dir, "missing.toml")); code != 2 || !strings.Contains(errOut, "missing.toml") {
		t.Errorf("missing --config file: exit %d, stderr %q", code, errOut)
	}
}

// rules --config shows the rule set the config makes: changed severities,
// categories switched off, and the team's own terms.
func TestRulesWithConfig(t *testing.T) {
	dir := t.TempDir()
	cfg := filepath.Join(dir, "team.toml")
	if err := os.WriteFile(cfg, []byte(`[categories]
hedge = "off"

[rules."overpromise.guarantee"]
severity = "warning"

[[terms]]
text = "王牌店"
category = "competitor"
message = "不要提及竞品店铺"
suggestions = ["其他店铺"]
`), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code := runCLI(t, "", "rules", "--config", cfg)
	if code != 0 {
		t.Fatalf("exit %d: %s", code, errOut)
	}
	for _, want := range []string{"overpromise.guarantee", "hedge.maybe", "custom.competitor.1"} {
		if !strings.Contains(out, want) {
			t.Errorf("rules --config: no %s in\n%s", want, out)
		}
	}
	row := func(id string) string {
		for _, l := range strings.Split(out, "\n") {
			if f := strings.Fields(l); len(f) > 2 && f[0] == id {
				return f[1] + " " + f[2]
			}
		}
		return ""
	}
	for id, want := range map[string]string{
		"overpromise.guarantee": "overpromise warning",
		"hedge.maybe":           "hedge off",
		"custom.competitor.1":   "competitor error",
	} {
		if got := row(id); got != want {
			t.Errorf("rules --config: %s shows %q, want %q", id, got, want)
		}
	}
	// A CONFIG column says what the file changed, rule by rule.
	line := func(id string) string {
		for _, l := range strings.Split(out, "\n") {
			if strings.HasPrefix(l, id+" ") {
				return l
			}
		}
		return ""
	}
	for id, want := range map[string]string{
		"overpromise.guarantee": "severity = warning",
		"hedge.maybe":           "[categories] hedge = off",
		"custom.competitor.1":   "[[terms]]",
	} {
		if !strings.Contains(line(id), want) {
			t.Errorf("rules --config: %s's line %q lacks %q", id, line(id), want)
		}
	}
	if !strings.Contains(out, "CONFIG") {
		t.Errorf("rules --config: no CONFIG column:\n%s", out)
	}
	if plain, _, _ := runCLI(t, "", "rules"); strings.Contains(plain, "CONFIG") {
		t.Error("rules without a config shows a CONFIG column")
	}
	// explain knows the team's term too.
	out, _, code = runCLI(t, "", "explain", "custom.competitor.1", "--config", cfg)
	if code != 0 || !strings.Contains(out, "不要提及竞品店铺") || !strings.Contains(out, "其他店铺") {
		t.Errorf("explain custom.competitor.1: exit %d\n%s", code, out)
	}
}
