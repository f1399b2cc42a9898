package lint

import (
	"testing"
)

// TestRuleExamples runs every rule's own examples from the catalogue
// through RunExamples, the check `replylint test-rules` runs on a pack:
// each hit must be found by that rule at exactly the marked spans (or
// turns), no non-hit may be flagged by it, and each fix pair must hold.
func TestRuleExamples(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rules()) < 20 {
		t.Fatalf("catalogue has %d rules, want the whole catalogue", len(l.Rules()))
	}
	for _, r := range l.Rules() {
		t.Run(r.Info().ID, func(t *testing.T) {
			for _, f := range l.RunExamples(r) {
				t.Error(f)
			}
		})
	}
	// The speech acts the conversation rules share carry examples too.
	if len(l.Acts()) < 10 {
		t.Fatalf("catalogue has %d speech acts, want the whole catalogue", len(l.Acts()))
	}
	for _, a := range l.Acts() {
		t.Run("act "+a.ID, func(t *testing.T) {
			for _, f := range l.RunActExamples(a) {
				t.Error(f)
			}
		})
	}
}
