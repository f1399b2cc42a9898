package report

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/score"
)

// embedded reads back the drill-down's findings from the page.
func embedded(t *testing.T, page string) []jsonItem {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no embedded data in the page")
	}
	var b blob
	if err := json.Unmarshal([]byte(m[1]), &b); err != nil {
		t.Fatal(err)
	}
	return b.Items
}

func TestDrillDownPointsAtTheRightTurn(t *testing.T) {
	// A checklist item whose trigger ends the conversation unanswered gives
	// a finding about the conversation as a whole.
	pack, err := dict.Parse("qa.toml", []byte(`
[[rule]]
id = "qa.refund"
kind = "checklist"
category = "checklist"
suggestions = ["说明款项原路退回"]
trigger = ["退款"]
require = ["原路退回"]
`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Config{Packs: []*dict.Pack{pack}})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCollector(score.DefaultWeights(), nil)
	draft := &lint.Conversation{File: "draft.txt", Messages: []lint.Message{{Role: lint.Agent, Text: "好的，可能明天到"}}}
	chat := &lint.Conversation{File: "chat.jsonl", ID: "c1", Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗"},
		{Role: lint.Agent, Speaker: "小妮", Text: "在的，可能明天到"},
		{Role: lint.Customer, Text: "我要退款"},
	}}
	for _, conv := range []*lint.Conversation{draft, chat} {
		c.Add(conv, l.CheckConversation(conv))
	}
	var buf bytes.Buffer
	if err := c.Render(&buf, Options{}); err != nil {
		t.Fatal(err)
	}
	items := embedded(t, buf.String())
	var draftHit, chatHit, convLevel bool
	for _, it := range items {
		switch {
		case it.Conv == 0 && it.Turn == 0 && it.Start == 3 && it.End == 5:
			draftHit = true // 可能 in the draft, which has no turn numbers
		case it.Conv == 1 && it.Turn == 1 && it.Start == 3 && it.End == 5:
			chatHit = true // 可能 in the agent's turn, the second message
		case it.Conv == 1 && it.Turn == -1:
			convLevel = true // the refund went unanswered: about the conversation
		}
	}
	if !draftHit || !chatHit || !convLevel {
		t.Errorf("items %+v: draft hit %v, chat hit %v, conversation-level %v", items, draftHit, chatHit, convLevel)
	}
	if !strings.Contains(buf.String(), "<title>客服质检报告</title>") {
		t.Error("a report without --title should have the default title")
	}
}
