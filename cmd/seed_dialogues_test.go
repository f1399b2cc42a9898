package cmd

import (
	"fmt"
	"slices"
	"strings"
	"testing"
)

// TestSeedDialoguesAsChat reads the training deck's dialogues (seed
// 走进客服: 开场白, 结束语, 禁用语, 练习1-8) as a chat export in the seed's own
// punctuation, with its times, and checks what a QA reviewer expects: the
// conversation findings below, every banned word of the agent's lines, and
// nothing on any customer line.
func TestSeedDialoguesAsChat(t *testing.T) {
	stdout, stderr, code := runCheckCLI(t, "", "--format", "json", "--fail-on", "never", "../testdata/transcripts/seed_dialogues.txt")
	if code != 0 {
		t.Fatalf("exit %d: %s", code, stderr)
	}
	rep := parseReport(t, stdout)
	var got []string
	for _, f := range rep.Findings {
		if f.Role == "customer" {
			t.Errorf("customer line %d flagged: %s %q", f.Line, f.Rule, f.Match)
		}
		got = append(got, fmt.Sprintf("%d:%s:%s", f.Line, f.Rule, f.Match))
	}
	want := []string{
		// 开场白 第一组 ends on the bare greeting: no closing. 第二组 is clean.
		"2:closing.missing:",
		// 结束语 第一组: the agent answers and never closes.
		"8:closing.missing:",
		// 结束语 第二组: every reply two hours after the question, none
		// apologising for the wait; the closing itself is right.
		"12:response-time.late:", "14:response-time.late:", "16:response-time.late:",
		"12:wait-apology.missing:", "14:wait-apology.missing:", "16:wait-apology.missing:",
		// 禁用语 第一组.
		"19:interjection.laugh:呵呵", "19:greeting.missing:",
		"21:address.familiar:大哥", "21:shirk.no-way:没办法", "21:closing.missing:",
		// 练习1-8: the agent greets (您好) amid the banned words.
		"24:interjection.laugh:呵呵", "24:address.familiar:大哥",
		"26:hedge.maybe:可能", "30:hedge.maybe:可能", "32:english.yes:YES",
		"34:shirk.no-way:没办法", "34:closing.missing:",
	}
	slices.Sort(got)
	slices.Sort(want)
	if !slices.Equal(got, want) {
		t.Errorf("findings differ\n got: %s\nwant: %s", strings.Join(got, " "), strings.Join(want, " "))
	}
	if rep.Summary.Conversations != 6 {
		t.Errorf("conversations = %d, want 6 (blank lines separate them)", rep.Summary.Conversations)
	}
}

// TestSeedDialoguesInProgress checks `check --in-progress` on the same
// dialogues: every closing.missing above goes, everything else stays.
func TestSeedDialoguesInProgress(t *testing.T) {
	count := func(args ...string) (closings, others int) {
		stdout, stderr, code := runCheckCLI(t, "", append([]string{"--format", "json", "--fail-on", "never"}, args...)...)
		if code != 0 {
			t.Fatalf("exit %d: %s", code, stderr)
		}
		for _, f := range parseReport(t, stdout).Findings {
			if f.Rule == "closing.missing" {
				closings++
			} else {
				others++
			}
		}
		return closings, others
	}
	const file = "../testdata/transcripts/seed_dialogues.txt"
	c1, o1 := count(file)
	c2, o2 := count("--in-progress", file)
	if c1 == 0 || c2 != 0 || o1 != o2 {
		t.Errorf("closings %d → %d, other findings %d → %d; want closings gone and nothing else changed", c1, c2, o1, o2)
	}
}

// TestQAChecklistPackPasses holds the README's example QA checklist pack to
// its own examples, conversations and speech act included.
func TestQAChecklistPackPasses(t *testing.T) {
	stdout, stderr, code := runCLI(t, "", "test-rules", "../testdata/transcripts/qa-checklist.toml")
	if code != 0 || !strings.Contains(stdout, "2 rules: 2 passed, 0 failed; 1 acts: 1 passed, 0 failed") {
		t.Errorf("exit %d\n%s%s", code, stdout, stderr)
	}
}
