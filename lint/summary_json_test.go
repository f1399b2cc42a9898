package lint

import (
	"encoding/json"
	"testing"
)

// TestSummaryAppendJSON: a summary's AppendJSON is json.Marshal's output
// byte for byte, whatever its counts and keys (nil, empty and omitted
// maps, keys that need escaping, unsorted insertion, more keys than the
// sort's room on the stack).
func TestSummaryAppendJSON(t *testing.T) {
	many := map[string]int{}
	for i := range 40 {
		many[string(rune('z'-i%26))+string(rune('a'+i))] = i
	}
	for name, s := range map[string]*Summary{
		"zero":  {},
		"new":   NewSummary(),
		"check": {Conversations: 1, Messages: 1, Findings: 3, ByCategory: map[string]int{"hedge": 1, "english": 2}, BySeverity: map[string]int{"warning": 1, "error": 2}},
		"batch": {Files: 3, Conversations: 7, Messages: 90, Findings: 12, Skipped: 2, Directives: 1,
			ByCategory: map[string]int{"tone": 12}, BySeverity: map[string]int{"info": 12},
			SkippedFiles: map[string]int{"xls": 1, "extension": 4}},
		"empty skipped": {ByCategory: map[string]int{}, BySeverity: map[string]int{}, SkippedFiles: map[string]int{}},
		"escaped keys":  {ByCategory: map[string]int{"<b>&": 1, "引号\"\\": 2, "\u2028\n": 3, "\xff": 4, "": 5}, BySeverity: map[string]int{"-1": -1}},
		"many keys":     {ByCategory: many, BySeverity: many, SkippedFiles: many},
	} {
		want, err := json.Marshal(s)
		if err != nil {
			t.Fatal(err)
		}
		if got := s.AppendJSON([]byte("x")); string(got) != "x"+string(want) {
			t.Errorf("%s:\n got %s\nwant x%s", name, got, want)
		}
	}
}
