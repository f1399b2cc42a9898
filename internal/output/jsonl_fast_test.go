package output

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// TestAppendFindingIsMarshal checks the hand-written encoder the json and
// jsonl formats use against encoding/json's reflection over lint.Record,
// the one definition of the wire shape, byte for byte, on findings full and
// empty and on strings of every awkward kind; and that reading the bytes
// back gives the finding again.
func TestAppendFindingIsMarshal(t *testing.T) {
	odd := []string{"", "您好", `a"b\c`, "<&>", "\b\f\n\r\t\x00\x01\x1f\x7f", "\u2028\u2029", "\xff\xfe bad", "😀", "é\u0300", "{match}"}
	rng := rand.New(rand.NewPCG(1, 1))
	pick := func() string {
		s := ""
		for range rng.IntN(4) {
			s += odd[rng.IntN(len(odd))]
		}
		return s
	}
	edits := func() []lint.Edit {
		var es []lint.Edit
		for range rng.IntN(3) {
			es = append(es, lint.Edit{Start: rng.IntN(9), End: rng.IntN(9), Text: pick(), Safe: rng.IntN(2) == 0, ID: pick()})
		}
		return es
	}
	fs := []lint.Finding{
		{},
		{Rule: "hedge.maybe", Category: "hedge", Severity: rules.Error, Suggestions: []string{}, Scope: lint.ScopeMessage},
		{File: "a.jsonl", Line: 3, Column: 7, MessageID: "m1", Conversation: "c1", Turn: 2, Role: lint.Agent, Agent: "小妮",
			Rule: "hedge.maybe", Category: "hedge", Severity: rules.Warning, Match: "可能", Start: 0, End: 2, Scope: lint.ScopeSpan,
			Message: "避免模糊用语“可能”", Suggestions: []string{"预计", "正常情况下"}, Fix: "预计",
			Edits: []lint.Edit{{Start: 0, End: 2, Text: "预计", Safe: true, ID: "hedge.maybe@0:2#0"}, {Start: 0, End: 3, ID: "hedge.maybe@0:2#1"}}},
		{Line: -1, Start: -3, End: 1 << 40, Scope: lint.ScopeSpan, Severity: rules.Info},
	}
	for range 3000 {
		fs = append(fs, lint.Finding{
			File: pick(), Line: rng.IntN(3), Column: rng.IntN(3), MessageID: pick(), Conversation: pick(), Turn: rng.IntN(2),
			Role: lint.Role(pick()), Agent: pick(), Rule: pick(), Category: pick(), Severity: rules.Severity(rng.IntN(4)),
			Match: pick(), Start: rng.IntN(9), End: rng.IntN(9), Scope: lint.Scope(rng.IntN(3)), Message: pick(),
			Suggestions: [][]string{nil, {}, {pick()}, {pick(), pick()}}[rng.IntN(4)], Edits: edits(), Fix: pick(), Text: pick(),
		})
	}
	for _, f := range fs {
		want, err := json.Marshal(f.Record())
		if err != nil {
			t.Fatal(err)
		}
		got := f.AppendJSON(nil)
		if string(got) != string(want) {
			t.Fatalf("finding %+v:\ngot  %s\nwant %s", f, got, want)
		}
		var back lint.Finding
		if err := json.Unmarshal(got, &back); err != nil {
			t.Fatalf("%s: %v", got, err)
		}
		// Invalid UTF-8 is written as \ufffd, which reads back as U+FFFD
		// and is then written as itself.
		if again := back.AppendJSON(nil); string(again) != string(got) && !strings.Contains(string(got), `\ufffd`) {
			t.Errorf("read back %s, wrote %s", got, again)
		}
	}
}
