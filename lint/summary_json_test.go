package lint

import (
	"encoding/json"
	"fmt"
	"maps"
	"testing"

	"github.com/replylint/replylint/rules"
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

// TestAppendSummaryJSON: the summary of one conversation written without
// a Summary is that of NewSummary and Add, byte for byte: drafts and
// transcripts (whose directives count), no findings, more categories than
// the tally's room on the stack, keys that need escaping, a severity out
// of range.
func TestAppendSummaryJSON(t *testing.T) {
	var many []Finding
	for i := range 40 {
		many = append(many, Finding{Category: string(rune('z' - i%13)), Severity: rules.Severity(i % 4)})
	}
	turns := []Message{{Role: Customer, Text: "在吗 replylint-disable"}, {Role: Agent, Text: "您好 replylint-disable-line english.ok，replylint-enable"}}
	for name, tc := range map[string]struct {
		c  *Conversation
		fs []Finding
	}{
		"clean draft":  {&Conversation{Draft: true, Messages: turns[1:]}, nil},
		"empty":        {&Conversation{Draft: true, Messages: turns[1:]}, []Finding{}},
		"draft":        {&Conversation{Draft: true, Messages: turns[1:]}, []Finding{{Category: "hedge", Severity: rules.Error}, {Category: "english", Severity: rules.Warning}, {Category: "hedge", Severity: rules.Error}}},
		"transcript":   {&Conversation{ID: "c1", Messages: turns}, []Finding{{Category: "tone", Severity: rules.Info}}},
		"no messages":  {&Conversation{}, nil},
		"many":         {&Conversation{Messages: turns}, many},
		"escaped keys": {&Conversation{Draft: true, Messages: turns[1:]}, []Finding{{Category: "<b>&"}, {Category: "引号\"\\"}, {Category: "\u2028\n"}, {Category: "\xff"}, {Category: ""}}},
		"odd severity": {&Conversation{Draft: true, Messages: turns[1:]}, []Finding{{Category: "x", Severity: rules.Severity(9)}}},
	} {
		sum := NewSummary()
		sum.Add(tc.c, tc.fs)
		want := sum.AppendJSON([]byte("x"))
		if got := AppendSummaryJSON([]byte("x"), tc.c, tc.fs); string(got) != string(want) {
			t.Errorf("%s:\n got %s\nwant %s", name, got, want)
		}
	}
}

// TestSummaryAddCounts: Add's counts over several conversations are the
// findings' own, however many categories there are (past the room a
// tally has on the stack).
func TestSummaryAddCounts(t *testing.T) {
	sum := NewSummary()
	wantCat, wantSev := map[string]int{}, map[string]int{}
	findings, messages := 0, 0
	for conv := range 5 {
		var fs []Finding
		for i := range conv * 7 {
			f := Finding{Category: fmt.Sprint("c", (i*conv)%11), Severity: rules.Severity(1 + i%3)}
			fs = append(fs, f)
			wantCat[f.Category]++
			wantSev[f.Severity.String()]++
		}
		c := &Conversation{Messages: make([]Message, conv+1)}
		sum.Add(c, fs)
		findings += len(fs)
		messages += len(c.Messages)
	}
	if sum.Conversations != 5 || sum.Messages != messages || sum.Findings != findings || !maps.Equal(sum.ByCategory, wantCat) || !maps.Equal(sum.BySeverity, wantSev) {
		t.Errorf("summary %+v, want %d messages, %d findings, %v, %v", sum, messages, findings, wantCat, wantSev)
	}
}
