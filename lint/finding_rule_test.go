package lint

import (
	"encoding/json"
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/replylint/replylint/rules"
)

// marshalsAlike fails t unless f's AppendJSON is json.Marshal's output of
// its Record, byte for byte.
func marshalsAlike(t *testing.T, what string, f *Finding) {
	t.Helper()
	want, err := json.Marshal(f.Record())
	if err != nil {
		t.Fatal(err)
	}
	if got := f.AppendJSON(nil); string(got) != string(want) {
		t.Fatalf("%s:\ngot  %s\nwant %s", what, got, want)
	}
}

// summaryAlike fails t unless the summary AppendSummaryJSON writes of the
// draft text and its findings fs is json.Marshal's of their Summary.
func summaryAlike(t *testing.T, text string, fs []Finding) {
	t.Helper()
	c := draft(text)
	sum := NewSummary()
	sum.Add(c, fs)
	want, err := json.Marshal(sum)
	if err != nil {
		t.Fatal(err)
	}
	if got := AppendSummaryJSON(nil, c, fs); string(got) != string(want) {
		t.Fatalf("summary of %q:\ngot  %s\nwant %s", text, got, want)
	}
}

// TestRuleSharedJSON: the findings of every rule of the catalogue, on its
// own hit examples, are written as json.Marshal writes their Record with
// the rule's strings quoted once (ruleShared), and still so after any of
// those strings is changed in the finding; their summaries likewise.
func TestRuleSharedJSON(t *testing.T) {
	l := newTestLinter(t)
	n := 0
	for _, r := range l.Rules() {
		for _, ex := range r.Info().Examples.Hits {
			text, _ := rules.ParseMarked(ex)
			fs := l.CheckText(text)
			summaryAlike(t, text, fs)
			if len(fs) > 0 {
				changed := append([]Finding(nil), fs...)
				changed[0].Category += "<"
				changed[len(fs)-1].Severity = rules.Info + rules.Warning - changed[len(fs)-1].Severity
				summaryAlike(t, text+" changed", changed)
			}
			for _, f := range fs {
				if f.rule == nil {
					t.Fatalf("%s: a finding of the engine without its rule's shared strings", f.Rule)
				}
				n++
				marshalsAlike(t, f.Rule, &f)
				changes := []func(g *Finding){
					func(g *Finding) { g.Rule += "<x>" },
					func(g *Finding) { g.Category = "" },
					func(g *Finding) { g.Severity = rules.Info + rules.Warning - g.Severity },
					func(g *Finding) { g.Message += "&" },
					func(g *Finding) { g.Match = "\xe5" },
					func(g *Finding) { g.Suggestions = append([]string{"<"}, g.Suggestions...) },
					func(g *Finding) { g.Suggestions = nil },
					func(g *Finding) { g.Fix = "\u2028" },
					func(g *Finding) {
						for i := range g.Edits {
							g.Edits[i].Text += "\n"
						}
					},
					// The edit ids, written afresh where they are still
					// the finding's, and quoted as they are otherwise.
					func(g *Finding) { setEditIDs(g, func(id string) string { return id + "<" }) },
					func(g *Finding) { setEditIDs(g, func(string) string { return g.Rule }) },
					func(g *Finding) { g.Start++ },
					func(g *Finding) { g.Scope = ScopeMessage },
					func(g *Finding) { g.Scope = Scope(7) },
					func(g *Finding) { g.Role = "<" },
				}
				for _, change := range changes {
					g := f
					g.Edits = append([]Edit(nil), f.Edits...)
					change(&g)
					marshalsAlike(t, f.Rule+" changed", &g)
				}
			}
		}
	}
	if n < len(l.Rules()) {
		t.Fatalf("only %d findings from %d rules' examples", n, len(l.Rules()))
	}
}

// setEditIDs changes the id of every edit of g with change.
func setEditIDs(g *Finding, change func(string) string) {
	for i := range g.Edits {
		g.Edits[i].ID = change(g.Edits[i].ID)
	}
}

// TestRuleSharedMessage: messages of templates with no, one and several
// {match}, with parts and matches of every awkward kind (not UTF-8 among
// them), read as MessageText renders them and are written as json.Marshal
// writes them.
func TestRuleSharedMessage(t *testing.T) {
	odd := []string{"", "您好", "“", `"\`, "<&>", "\n\x01", "\u2028", "\xe5", "\xa5\xbd", "\xff", "😀", "{match}", "{mat", "ch}"}
	rng := rand.New(rand.NewPCG(7, 11))
	pick := func() string {
		var b strings.Builder
		for range rng.IntN(4) {
			b.WriteString(odd[rng.IntN(len(odd))])
		}
		return b.String()
	}
	for range 5000 {
		m := &rules.Meta{ID: pick(), Category: pick(), Severity: rules.Severity(rng.IntN(4)), Message: pick(), Suggestions: []string{pick()}, Fix: pick()}
		s := newRuleShared(m)
		match := pick()
		f := Finding{Rule: m.ID, Category: m.Category, Severity: m.Severity, Suggestions: m.Suggestions, Match: match, Fix: m.Fix, rule: s,
			Scope: ScopeSpan, Start: rng.IntN(2000), End: 2000 + rng.IntN(2000)}
		// Edit ids of rule ids of every kind: the JSON writes them afresh
		// only where the rule id needs no escaping.
		f.Edits = []Edit{{Start: f.Start, End: f.End, Text: m.Fix, ID: editID(m.ID, f.Start, f.End, 0)}, {ID: editID(m.ID, f.Start, f.End, 1)}}
		f.Message = f.messageText(m, match)
		if want := m.MessageText(match); f.Message != want {
			t.Fatalf("template %q, match %q: message %q, want %q", m.Message, match, f.Message, want)
		}
		if !s.isMessage(f.Message, match) {
			t.Fatalf("template %q, match %q: message %q not taken for the template's", m.Message, match, f.Message)
		}
		marshalsAlike(t, "template "+m.Message, &f)
		f.Match = pick()
		marshalsAlike(t, "template "+m.Message+", match changed", &f)
	}
}

// TestSetStrings: a finding's match, message and edit ids, made in one
// allocation, are string(match), MessageText and editID's, with its rule's
// ruleShared or without (a Meta made on the fly), with few edits or more
// than its room for their ids.
func TestSetStrings(t *testing.T) {
	m := &rules.Meta{ID: "x.y", Message: "“{match}”不妥，{match}！", Suggestions: []string{"好"}}
	match := []rune("可\U0001F600能\xff")
	for _, shared := range []*ruleShared{newRuleShared(m), nil} {
		for _, edits := range []int{0, 1, 8, 9, 20} {
			f := Finding{Rule: m.ID, Start: 3, End: 3 + len(match), Edits: make([]Edit, edits), rule: shared}
			f.setStrings(m, match)
			if f.Match != string(match) || f.Message != m.MessageText(string(match)) {
				t.Errorf("shared %v, %d edits: match %q, message %q", shared != nil, edits, f.Match, f.Message)
			}
			for k, e := range f.Edits {
				if want := editID(m.ID, f.Start, f.End, k); e.ID != want {
					t.Errorf("shared %v, %d edits: edit %d has id %q, want %q", shared != nil, edits, k, e.ID, want)
				}
			}
		}
	}
}
