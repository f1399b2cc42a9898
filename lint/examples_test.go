package lint

import (
	"fmt"
	"testing"

	"github.com/replylint/replylint/rules"
)

// TestRuleExamples runs every rule's own examples from the catalogue: each
// hit must be found by that rule at exactly the marked spans, and no
// non-hit may be flagged by it.
func TestRuleExamples(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	if len(l.Rules()) < 20 {
		t.Fatalf("catalogue has %d rules, want the whole catalogue", len(l.Rules()))
	}
	for _, r := range l.Rules() {
		m := r.Info()
		if _, ok := r.(rules.ConversationRule); ok {
			// Its examples are whole conversations, run by TestConversationRuleExamples.
			continue
		}
		t.Run(m.ID, func(t *testing.T) {
			if len(m.Examples.Hits) == 0 || len(m.Examples.NonHits) == 0 {
				t.Errorf("rule has %d hits and %d non-hits in its data; it needs both", len(m.Examples.Hits), len(m.Examples.NonHits))
			}
			for _, ex := range m.Examples.Hits {
				text, want := ParseMarked(ex)
				got := spansOf(l.CheckText(text), m.ID)
				if len(want) == 0 {
					if len(got) == 0 {
						t.Errorf("hit %q: rule found nothing", ex)
					}
					continue
				}
				if fmt.Sprint(got) != fmt.Sprint(want) {
					t.Errorf("hit %q: want spans %v, got %v", ex, want, got)
				}
			}
			for _, ex := range m.Examples.NonHits {
				if got := spansOf(l.CheckText(ex), m.ID); len(got) > 0 {
					t.Errorf("non-hit %q: flagged at %v", ex, got)
				}
			}
		})
	}
}

func spansOf(fs []Finding, rule string) []rules.Span {
	var out []rules.Span
	for _, f := range fs {
		if f.Rule == rule {
			out = append(out, rules.Span{Start: f.Start, End: f.End})
		}
	}
	return out
}
