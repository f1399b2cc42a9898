package score

import (
	"reflect"
	"testing"
	"time"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

func conv(id, agent string, day time.Time, texts ...string) *lint.Conversation {
	c := &lint.Conversation{File: "t.jsonl", ID: id}
	for i, t := range texts {
		m := lint.Message{Role: lint.Agent, Speaker: agent, Text: t}
		if i%2 == 0 {
			m.Role, m.Speaker = lint.Customer, ""
		}
		if !day.IsZero() {
			m.Time = day.Add(time.Duration(i) * time.Minute)
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

func finding(rule, cat string, sev rules.Severity) lint.Finding {
	return lint.Finding{Rule: rule, Category: cat, Severity: sev}
}

func TestScoreDeductsBySeverityAndFloorsAtZero(t *testing.T) {
	b := NewBuilder(DefaultWeights(), nil)
	c := conv("c1", "小妮", time.Time{}, "在吗", "在的", "好", "嗯")
	got := b.Add(c, []lint.Finding{
		finding("hedge.maybe", "hedge", rules.Error),
		finding("slang.x", "slang", rules.Warning),
		finding("length.max", "length", rules.Info),
	}).Score
	if got != 100-10-3-1 {
		t.Errorf("score = %v, want 86", got)
	}
	many := make([]lint.Finding, 11)
	for i := range many {
		many[i] = finding("hedge.maybe", "hedge", rules.Error)
	}
	if got := b.Add(c, many).Score; got != 0 {
		t.Errorf("11 errors: score = %v, want 0 (floored)", got)
	}
	if got := b.Add(c, nil).Score; got != 100 {
		t.Errorf("clean conversation: score = %v, want 100", got)
	}
	card := b.Card()
	if card.MeanScore != 62 { // (86 + 0 + 100) / 3
		t.Errorf("mean score = %v, want 62", card.MeanScore)
	}
}

func TestCategoryWeightsReplaceSeverity(t *testing.T) {
	w := DefaultWeights()
	w.Categories = map[string]float64{"overpromise": 20, "filler": 0}
	b := NewBuilder(w, nil)
	got := b.Add(conv("c", "a", time.Time{}, "q", "r"), []lint.Finding{
		finding("overpromise.guarantee", "overpromise", rules.Error),
		finding("filler.bye", "filler", rules.Warning),
	}).Score
	if got != 80 {
		t.Errorf("score = %v, want 80 (20 for overpromise, filler free)", got)
	}
}

type fatalRule struct{ rules.Meta }

func (fatalRule) Deduction() (float64, bool) { return 0, true }

type heavyRule struct{ rules.Meta }

func (heavyRule) Deduction() (float64, bool) { return 25, false }

func TestRuleCostsFatalAndWeight(t *testing.T) {
	costs := RuleCosts([]rules.Rule{
		&fatalRule{rules.Meta{ID: "qa.competitor"}},
		&heavyRule{rules.Meta{ID: "qa.refund"}},
		&rules.Length{Meta: rules.Meta{ID: "length.max"}},
	})
	if len(costs) != 2 {
		t.Fatalf("costs = %v, want only the two weighted rules", costs)
	}
	b := NewBuilder(DefaultWeights(), costs)
	c := conv("c", "a", time.Time{}, "q", "r")
	if s := b.Add(c, []lint.Finding{finding("qa.competitor", "checklist", rules.Info)}); s.Score != 0 || !s.Fatal {
		t.Errorf("fatal breach: %+v, want score 0 and Fatal", s)
	}
	if s := b.Add(c, []lint.Finding{finding("qa.refund", "checklist", rules.Warning)}); s.Score != 75 {
		t.Errorf("weighted breach: score %v, want 75", s.Score)
	}
	card := b.Card()
	if card.Fatal != 1 || card.Agents[0].Fatal != 1 {
		t.Errorf("fatal counts: card %d, agent %d; want 1, 1", card.Fatal, card.Agents[0].Fatal)
	}
}

func TestAgentsAndUnknown(t *testing.T) {
	b := NewBuilder(DefaultWeights(), nil)
	b.Add(conv("c1", "小妮", time.Time{}, "q", "r", "q", "r"), []lint.Finding{
		finding("hedge.maybe", "hedge", rules.Error), finding("hedge.maybe", "hedge", rules.Error),
		finding("honorific.ni", "honorific", rules.Error),
	})
	b.Add(conv("c2", "小妮", time.Time{}, "q", "r"), nil)
	b.Add(conv("c3", "", time.Time{}, "q", "r"), []lint.Finding{finding("slang.x", "slang", rules.Warning)})
	card := b.Card()
	if len(card.Agents) != 2 {
		t.Fatalf("agents = %+v, want 小妮 and unknown", card.Agents)
	}
	// Lowest mean score first: 小妮 (70+100)/2 = 85 against unknown 97.
	ni, unk := card.Agents[0], card.Agents[1]
	if ni.Agent != "小妮" || unk.Agent != Unknown || Label(unk.Agent) != "未知" {
		t.Fatalf("order = %q, %q; want 小妮 then unknown (未知)", ni.Agent, unk.Agent)
	}
	want := Agent{Agent: "小妮", Conversations: 2, Messages: 6, Replies: 3, Findings: 3, Per100: 100, MeanScore: 85,
		Top: []Count{{Name: "hedge", Findings: 2}, {Name: "honorific", Findings: 1}}}
	ni.categories, ni.scoreSum = nil, 0
	if !reflect.DeepEqual(ni, want) {
		t.Errorf("小妮 = %+v\nwant %+v", ni, want)
	}
	if unk.Conversations != 1 || unk.MeanScore != 97 {
		t.Errorf("unknown = %+v", unk)
	}
}

func TestAgentOfMajorityAndHandover(t *testing.T) {
	c := &lint.Conversation{Messages: []lint.Message{
		{Role: lint.Customer, Speaker: "王先生"}, {Role: lint.Agent, Speaker: "A"},
		{Role: lint.Agent, Speaker: "B"}, {Role: lint.Agent, Speaker: "B"},
	}}
	if got := AgentOf(c); got != "B" {
		t.Errorf("AgentOf = %q, want B (most turns; customer names never count)", got)
	}
	c.Messages = c.Messages[:3]
	if got := AgentOf(c); got != "A" {
		t.Errorf("AgentOf on a tie = %q, want A (first)", got)
	}
}

func TestDays(t *testing.T) {
	d1 := time.Date(2024, 5, 1, 23, 50, 0, 0, time.FixedZone("CST", 8*3600))
	d2 := time.Date(2024, 5, 2, 9, 0, 0, 0, time.FixedZone("CST", 8*3600))
	clockOnly := time.Date(0, 1, 1, 10, 0, 0, 0, time.UTC)
	b := NewBuilder(DefaultWeights(), nil)
	b.Add(conv("a", "x", d2, "q", "r"), nil)
	b.Add(conv("b", "x", d1, "q", "r"), []lint.Finding{finding("hedge.maybe", "hedge", rules.Error)})
	b.Add(conv("c", "x", clockOnly, "q", "r"), nil)
	b.Add(conv("d", "x", time.Time{}, "q", "r"), nil)
	got := b.Card().Days
	want := []Day{
		{Date: "2024-05-01", Conversations: 1, Messages: 2, Findings: 1, MeanScore: 90, scoreSum: 90},
		{Date: "2024-05-02", Conversations: 1, Messages: 2, Findings: 0, MeanScore: 100, scoreSum: 100},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("days = %+v\nwant %+v (in the input's own zone; clock-only times have no day)", got, want)
	}
}

// TestSummaryIsChecks: the card's totals are lint.Summary.Add's, counted
// from the same findings the linter gives check.
func TestSummaryIsChecks(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	convs := []*lint.Conversation{
		conv("c1", "小妮", time.Time{}, "你们发错货了", "呵呵，大哥，您这个可能一到两天", "好吧", "OK的，拜拜"),
		conv("c2", "", time.Time{}, "在吗", "您好，请问有什么可以帮您？"),
	}
	want := lint.NewSummary()
	b := NewBuilder(DefaultWeights(), RuleCosts(l.Rules()))
	for _, c := range convs {
		fs := l.CheckConversation(c)
		want.Add(c, fs)
		b.Add(c, fs)
	}
	card := b.Card()
	if !reflect.DeepEqual(card.Summary, want) {
		t.Errorf("card summary = %+v\ncheck's     = %+v", card.Summary, want)
	}
	if want.Findings == 0 {
		t.Fatal("the test transcript should have findings")
	}
	var byRule, byAgent, byCat int
	for _, r := range card.Rules {
		byRule += r.Findings
	}
	for _, a := range card.Agents {
		byAgent += a.Findings
	}
	for _, c := range card.Categories {
		byCat += c.Findings
		if want.ByCategory[c.Name] != c.Findings {
			t.Errorf("category %s: card %d, summary %d", c.Name, c.Findings, want.ByCategory[c.Name])
		}
	}
	if byRule != want.Findings || byAgent != want.Findings || byCat != want.Findings {
		t.Errorf("totals by rule %d, by agent %d, by category %d; summary %d", byRule, byAgent, byCat, want.Findings)
	}
}

func TestEmpty(t *testing.T) {
	card := NewBuilder(DefaultWeights(), nil).Card()
	if card.MeanScore != 0 || len(card.Agents) != 0 || len(card.Days) != 0 || card.Summary.Findings != 0 {
		t.Errorf("empty card = %+v", card)
	}
}

// TestLowestKeepsTheWorstInBoundedMemory: however many conversations go
// past, the card lists the LowestKept lowest-scoring ones, lowest first, and
// on a tie the one with more findings, then the earlier one.
func TestLowestKeepsTheWorstInBoundedMemory(t *testing.T) {
	b := NewBuilder(DefaultWeights(), nil)
	c := conv("c", "a", time.Time{}, "q", "r")
	errs := func(n int) []lint.Finding {
		fs := make([]lint.Finding, n)
		for i := range fs {
			fs[i] = finding("hedge.maybe", "hedge", rules.Error)
		}
		return fs
	}
	for i := range 1000 {
		b.Add(c, errs(1+i%5)) // scores 90, 80, 70, 60, 50 in turn
		b.Add(c, nil)         // clean conversations are never listed
	}
	card := b.Card()
	if len(card.Lowest) != LowestKept {
		t.Fatalf("lowest = %d conversations, want %d", len(card.Lowest), LowestKept)
	}
	for i, cs := range card.Lowest {
		if cs.Score != 50 {
			t.Errorf("lowest[%d] scores %v, want 50", i, cs.Score)
		}
		if want := 2 * (4 + 5*i); cs.Index != want {
			t.Errorf("lowest[%d] is conversation %d, want %d (the earliest of the ties)", i, cs.Index, want)
		}
	}
	if card.MeanScore != 85 { // (90+80+70+60+50)/5 = 70 and 100, half and half
		t.Errorf("mean = %v, want 85", card.MeanScore)
	}
}

func TestCategoriesBySeverity(t *testing.T) {
	b := NewBuilder(DefaultWeights(), nil)
	b.Add(conv("c", "a", time.Time{}, "q", "r"), []lint.Finding{
		finding("shouting.caps", "shouting", rules.Warning), finding("shouting.caps", "shouting", rules.Warning),
		finding("hedge.maybe", "hedge", rules.Error),
	})
	got := map[string]map[string]int{}
	for _, c := range b.Card().Categories {
		got[c.Name] = c.BySeverity
	}
	want := map[string]map[string]int{"shouting": {"warning": 2}, "hedge": {"error": 1}}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("by severity = %v, want %v", got, want)
	}
}
