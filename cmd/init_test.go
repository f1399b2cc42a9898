package cmd

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/internal/config"
)

func TestInit(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, config.FileName)
	out, errOut, code := runCLI(t, "", "init", path)
	if code != 0 || out != "wrote "+path+"\n" {
		t.Fatalf("init: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	written := readFile(t, path)
	if written != starterConfig {
		t.Error("init wrote something other than the starter config")
	}
	// The starter changes nothing until edited: it loads, and the linter
	// it makes flags what the built-in catalogue flags.
	got, _ := checkFindings(t, "呵呵，可能明天到。", "--config", path)
	if want := []string{"interjection.laugh:error:呵呵", "hedge.maybe:error:可能"}; !slices.Equal(got, want) {
		t.Errorf("check with the starter config: got %v, want %v", got, want)
	}

	// A second init refuses, and leaves the file (edited by the team) alone.
	if err := os.WriteFile(path, []byte("allow = [\"你好色彩\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	out, errOut, code = runCLI(t, "", "init", path)
	if code != 2 || out != "" || !strings.Contains(errOut, "already exists") || !strings.Contains(errOut, "--force") {
		t.Errorf("init over an existing file: exit %d, stdout %q, stderr %q", code, out, errOut)
	}
	if readFile(t, path) != "allow = [\"你好色彩\"]\n" {
		t.Error("init without --force changed an existing file")
	}
	if _, errOut, code = runCLI(t, "", "init", "--force", path); code != 0 || readFile(t, path) != starterConfig {
		t.Errorf("init --force: exit %d, stderr %q, file not replaced", code, errOut)
	}
	// No temporary file is left behind.
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(entries) != 1 {
		var names []string
		for _, e := range entries {
			names = append(names, e.Name())
		}
		t.Errorf("folder holds %v, want only %s", names, config.FileName)
	}
	if _, errOut, code := runCLI(t, "", "init", filepath.Join(dir, "no", "such", "folder", "x.toml")); code != 2 || errOut == "" {
		t.Errorf("init into a missing folder: exit %d, stderr %q", code, errOut)
	}
}

// Every setting the starter shows, once uncommented, is valid: a team that
// follows the starter's examples gets a working config.
func TestStarterExamplesLoad(t *testing.T) {
	var b strings.Builder
	n := 0
	for _, line := range strings.Split(starterConfig, "\n") {
		switch {
		case line == "##" || strings.HasPrefix(line, "## "):
		case line == "#":
			b.WriteString("\n")
		case strings.HasPrefix(line, "# "):
			b.WriteString(strings.TrimPrefix(line, "# ") + "\n")
			n++
		default:
			b.WriteString(line + "\n")
		}
	}
	if n < 30 {
		t.Fatalf("only %d example lines in the starter", n)
	}
	dir := t.TempDir()
	if err := os.MkdirAll(filepath.Join(dir, "packs"), 0o755); err != nil {
		t.Fatal(err)
	}
	pack := "[[rule]]\nid = \"team.x\"\ncategory = \"team\"\ndescription = \"x\"\nsuggestions = [\"y\"]\nterms = [\"某某\"]\n"
	if err := os.WriteFile(filepath.Join(dir, "packs", "team.toml"), []byte(pack), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(dir, config.FileName)
	if err := os.WriteFile(path, []byte(b.String()), 0o644); err != nil {
		t.Fatal(err)
	}
	c, err := config.Load(path)
	if err != nil {
		t.Fatalf("the starter's examples, uncommented, do not load: %v\n%s", err, b.String())
	}
	if _, err := c.Lint(config.Switches{}); err != nil {
		t.Fatal(err)
	}
	got, _ := checkFindings(t, "您可以去王牌店看看，已经放进工单池了。", "--config", path)
	if want := []string{"custom.competitor.1:error:王牌店", "jargon.ticket-pool:warning:工单池"}; !slices.Equal(got, want) {
		t.Errorf("the starter's terms: got %v, want %v", got, want)
	}
}

// cobra's completion command is there for every shell.
func TestCompletion(t *testing.T) {
	for _, shell := range []string{"bash", "zsh", "fish", "powershell"} {
		out, errOut, code := runCLI(t, "", "completion", shell)
		if code != 0 || !strings.Contains(out, "replylint") || len(out) < 500 {
			t.Errorf("completion %s: exit %d, %d bytes, stderr %q", shell, code, len(out), errOut)
		}
	}
}
