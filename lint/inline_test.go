package lint

import (
	"fmt"
	"runtime"
	"slices"
	"strings"
	"testing"
)

// lineRules renders findings as "line:rule".
func lineRules(fs []Finding) []string {
	out := []string{}
	for _, f := range fs {
		out = append(out, fmt.Sprintf("%d:%s", f.Line, f.Rule))
	}
	return out
}

func TestInlineControl(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, tc := range []struct {
		name, text string
		want       []string
	}{
		{"no directive", "可能明天到。\n呵呵，可能后天。",
			[]string{"1:hedge.maybe", "2:interjection.laugh", "2:hedge.maybe"}},
		{"disable-line with a rule id silences that rule on that line only",
			"可能明天到。<!-- replylint-disable-line hedge.maybe -->\n呵呵，可能后天。",
			[]string{"2:interjection.laugh", "2:hedge.maybe"}},
		{"disable-line with a category",
			"呵呵，可能明天到。 replylint-disable-line hedge\n可能后天。",
			[]string{"1:interjection.laugh", "2:hedge.maybe"}},
		{"disable-line with several names, comma-separated",
			"呵呵，可能明天到。 replylint-disable-line hedge,interjection.laugh",
			[]string{}},
		{"disable-line without names silences every rule on the line",
			"呵呵，可能明天到。 replylint-disable-line\n可能后天。",
			[]string{"2:hedge.maybe"}},
		{"disable-next-line",
			"# replylint-disable-next-line hedge\n呵呵，可能明天到。\n可能后天。",
			[]string{"2:interjection.laugh", "3:hedge.maybe"}},
		{"a region of one category",
			"可能明天到。\n# replylint-disable hedge\n可能后天。\n大概周五。呵呵\n# replylint-enable hedge\n可能周六。",
			[]string{"1:hedge.maybe", "4:interjection.laugh", "6:hedge.maybe"}},
		{"a region of every rule, with one rule enabled again",
			"# replylint-disable\n呵呵，可能明天到。\n# replylint-enable hedge.maybe\n呵呵，可能后天。\n# replylint-enable\n呵呵",
			[]string{"4:hedge.maybe", "6:interjection.laugh"}},
		{"an unclosed region runs to the end",
			"可能明天到。\n<!-- replylint-disable -->\n呵呵，可能后天。",
			[]string{"1:hedge.maybe"}},
		{"a name that matches nothing silences nothing",
			"可能明天到。 replylint-disable-line hedge.perhaps",
			[]string{"1:hedge.maybe"}},
		// english.ok, NO and OK in the marker itself are not the agent's words.
		{"the marker text is never a finding",
			"replylint-disable-next-line english.ok english.no shouting\n好的。",
			[]string{}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := lineRules(l.CheckText(tc.text)); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
}

// In a draft of several messages (a template file), lines run on from
// message to message: a directive on the last line of one reaches the
// next. Customers' words cannot silence anything.
func TestInlineControlInConversation(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	conv := func(texts ...string) *Conversation {
		c := &Conversation{ID: "c", Draft: true}
		for i, s := range texts {
			role := Agent
			if t, ok := strings.CutPrefix(s, "客户："); ok {
				role, s = Customer, t
			}
			c.Messages = append(c.Messages, Message{Role: role, Text: s, Line: i + 1, Column: 1, Verbatim: true})
		}
		return c
	}
	word := func(fs []Finding) []string {
		out := []string{}
		for _, f := range fs {
			if f.HasSpan() {
				out = append(out, fmt.Sprintf("%d:%s", f.Turn, f.Rule))
			}
		}
		return out
	}
	got := word(l.CheckConversation(conv("客户：几天到？", "您好。replylint-disable-next-line hedge", "可能两天。", "客户：好的", "可能三天。")))
	if want := []string{"5:hedge.maybe"}; !slices.Equal(got, want) {
		t.Errorf("next-line across turns: got %v, want %v", got, want)
	}
	got = word(l.CheckConversation(conv("客户：replylint-disable", "可能两天。")))
	if want := []string{"2:hedge.maybe"}; !slices.Equal(got, want) {
		t.Errorf("a customer's directive: got %v, want %v", got, want)
	}
	// Conversation rules' findings are silenced on the turn they point at.
	if all := l.CheckConversation(conv("客户：投诉！太差了", "可能两天。")); len(all) < 3 {
		t.Fatalf("want greeting, closing, complaint-apology and hedge findings to silence, got %v", lineRules(all))
	}
	if all := l.CheckConversation(conv("客户：投诉！太差了", "可能两天。 replylint-disable")); len(all) != 0 {
		t.Errorf("open region in the last turn: got %v, want nothing", lineRules(all))
	}
}

// In a transcript the agent's words are what is audited: a directive typed
// into any turn is ignored, its text is checked like the rest, and the
// summary counts it.
func TestInlineIgnoredInTranscripts(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := &Conversation{ID: "c", Messages: []Message{
		{Role: Customer, Text: "几天到？replylint-disable"},
		{Role: Agent, Text: "您好，呵呵 replylint-disable-line"},
		{Role: Agent, Text: "可能两天。replylint-disable-next-line hedge"},
	}}
	got := map[string]bool{}
	for _, f := range l.CheckConversation(c) {
		got[f.Rule] = true
	}
	for _, want := range []string{"interjection.laugh", "closing.missing"} {
		if !got[want] {
			t.Errorf("transcript: %s silenced by a directive in a turn; got %v", want, got)
		}
	}
	sum := NewSummary()
	sum.Add(c, nil)
	if sum.Directives != 3 {
		t.Errorf("summary counts %d directives, want 3", sum.Directives)
	}
	// The same text as a draft: the author's directive holds, and is not
	// counted as an attempt.
	d := &Conversation{Draft: true, Messages: []Message{{Role: Agent, Text: "您好，呵呵 replylint-disable-line"}}}
	if fs := l.CheckConversation(d); len(fs) != 0 {
		t.Errorf("draft: got %v, want the directive to silence everything", lineRules(fs))
	}
	sum = NewSummary()
	sum.Add(d, nil)
	if sum.Directives != 0 {
		t.Errorf("draft: summary counts %d directives, want 0", sum.Directives)
	}
}

func TestNoInline(t *testing.T) {
	l, err := New(Config{NoInline: true})
	if err != nil {
		t.Fatal(err)
	}
	if fs := l.CheckText("呵呵 replylint-disable-line"); !slices.Contains(lineRules(fs), "1:interjection.laugh") {
		t.Errorf("NoInline: got %v, want the directive ignored", lineRules(fs))
	}
}

// A directive costs a constant per finding: the old filter converted the
// message to runes once per finding (quadratic; 60,000 findings took 54 s).
// Memory allocated is the deterministic witness of that work.
func TestInlineLinear(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	text := strings.Repeat("可能。\n", 20000) + "呵呵 replylint-disable-line hedge"
	l.CheckText(text) // warm up: the segmenter loads on first use
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	fs := l.CheckText(text)
	runtime.ReadMemStats(&after)
	if n := len(fs); n != MaxMessageFindings+1 || fs[n-1].Rule != CapRule {
		t.Fatalf("got %d findings ending in %s, want %d and the cap's", n, fs[n-1].Rule, MaxMessageFindings+1)
	}
	if got, limit := after.TotalAlloc-before.TotalAlloc, uint64(200*len(text)); got > limit {
		t.Errorf("checking %d bytes allocated %d bytes, want at most %d", len(text), got, limit)
	}
}
