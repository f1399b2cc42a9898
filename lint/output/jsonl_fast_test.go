package output

import (
	"encoding/json"
	"math/rand/v2"
	"testing"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// TestAppendFindingIsMarshal checks the hand-written encoder against
// json.Marshal byte for byte, on findings full and empty and on strings of
// every awkward kind.
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
	fs := []lint.Finding{
		{},
		{Rule: "hedge.maybe", Category: "hedge", Severity: rules.Error, Suggestions: []string{}},
		{File: "a.jsonl", Line: 3, Column: 7, MessageID: "m1", Conversation: "c1", Turn: 2, Role: lint.Agent, Agent: "小妮",
			Rule: "hedge.maybe", Category: "hedge", Severity: rules.Warning, Match: "可能", Start: 0, End: 2, HasSpan: true,
			Message: "避免模糊用语“可能”", Suggestions: []string{"预计", "正常情况下"}, Fix: "预计"},
		{Line: -1, Start: -3, End: 1 << 40, HasSpan: true, Severity: rules.Info},
	}
	for range 3000 {
		fs = append(fs, lint.Finding{
			File: pick(), Line: rng.IntN(3), Column: rng.IntN(3), MessageID: pick(), Conversation: pick(), Turn: rng.IntN(2),
			Role: lint.Role(pick()), Agent: pick(), Rule: pick(), Category: pick(), Severity: rules.Severity(rng.IntN(4)),
			Match: pick(), Start: rng.IntN(9), End: rng.IntN(9), HasSpan: rng.IntN(2) == 0, Message: pick(),
			Suggestions: [][]string{nil, {}, {pick()}, {pick(), pick()}}[rng.IntN(4)], Fix: pick(), Text: pick(),
		})
	}
	for _, f := range fs {
		want, err := json.Marshal(f)
		if err != nil {
			t.Fatal(err)
		}
		if got := appendFinding(nil, &f); string(got) != string(want) {
			t.Fatalf("finding %+v:\ngot  %s\nwant %s", f, got, want)
		}
	}
}
