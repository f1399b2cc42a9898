package transcript_test

import (
	"fmt"
	"os"
	"path/filepath"
	"slices"
	"testing"
	"time"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// readExport reads a file of testdata/exports, times in UTC.
func readExport(t *testing.T, name string, opts transcript.Options) []*lint.Conversation {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "exports", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	opts.Location = time.UTC
	var convs []*lint.Conversation
	if err := transcript.Read(path, f, opts, func(c *lint.Conversation) error {
		convs = append(convs, c)
		return nil
	}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return convs
}

// TestExportsAsJSONL: each real-world shape of export gives the same
// turns, roles, times and findings as the same conversations in JSONL,
// and no customer turn is ever flagged.
func TestExportsAsJSONL(t *testing.T) {
	l := newLinter(t)
	describe := func(convs []*lint.Conversation) ([]string, []string) { return describeConvs(t, l, convs) }
	for twin, shapes := range map[string][]string{
		"shop.jsonl":     {"qianniu.txt", "wecom.txt", "qq.txt", "nicknames.csv", "shop.xlsx"},
		"visitors.jsonl": {"visitors.csv"},
	} {
		wantTurns, wantFindings := describe(readExport(t, twin, transcript.Options{}))
		if len(wantFindings) == 0 {
			t.Fatalf("%s: no findings to compare", twin)
		}
		for _, name := range shapes {
			turns, findings := describe(readExport(t, name, transcript.Options{}))
			if !slices.Equal(turns, wantTurns) {
				t.Errorf("%s: turns\n%q\nwant (as %s)\n%q", name, turns, twin, wantTurns)
			}
			if !slices.Equal(findings, wantFindings) {
				t.Errorf("%s: findings\n%q\nwant (as %s)\n%q", name, findings, twin, wantFindings)
			}
		}
	}
}

// describeConvs lists the turns of convs and their findings, comparably;
// a finding on a customer's words fails the test.
func describeConvs(t *testing.T, l *lint.Linter, convs []*lint.Conversation) (turns, findings []string) {
	t.Helper()
	for ci, c := range convs {
		for _, m := range c.Messages {
			turns = append(turns, fmt.Sprintf("%d %s %s %q", ci, m.Role, m.Time.Format(time.DateTime), m.Text))
		}
		for _, f := range l.CheckConversation(c) {
			if f.HasSpan() && f.Role == lint.Customer {
				t.Errorf("%s: a customer turn flagged: %s %q", c.File, f.Rule, f.Match)
			}
			findings = append(findings, fmt.Sprintf("%d %s %q turn %d %d-%d", ci, f.Rule, f.Match, f.Turn, f.Start, f.End))
		}
	}
	return turns, findings
}
