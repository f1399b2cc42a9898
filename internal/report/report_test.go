package report

import (
	"bytes"
	"encoding/json"
	"fmt"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
)

// embedded reads back the drill-down's data from the page.
func embedded(t *testing.T, page string) blob {
	t.Helper()
	m := regexp.MustCompile(`(?s)<script type="application/json" id="report-data">(.*?)</script>`).FindStringSubmatch(page)
	if m == nil {
		t.Fatal("no embedded data in the page")
	}
	var b blob
	if err := json.Unmarshal([]byte(m[1]), &b); err != nil {
		t.Fatal(err)
	}
	return b
}

func render(t *testing.T, c *Collector) string {
	t.Helper()
	var buf bytes.Buffer
	if err := c.Render(&buf, Options{}); err != nil {
		t.Fatal(err)
	}
	return buf.String()
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
	c := NewCollector(Config{Weights: score.DefaultWeights()})
	draft := &lint.Conversation{File: "draft.txt", Messages: []lint.Message{{Role: lint.Agent, Text: "好的，可能明天到"}}}
	chat := &lint.Conversation{File: "chat.jsonl", ID: "c1", Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗"},
		{Role: lint.Agent, Speaker: "小妮", Text: "在的，可能明天到"},
		{Role: lint.Customer, Text: "我要退款"},
	}}
	for _, conv := range []*lint.Conversation{draft, chat} {
		if err := c.Add(conv, l.CheckConversation(conv)); err != nil {
			t.Fatal(err)
		}
	}
	page := render(t, c)
	var draftHit, chatHit, convLevel bool
	for _, jc := range embedded(t, page).Convs {
		for _, card := range jc.Cards {
			for _, it := range card.Items {
				switch {
				case jc.File == "draft.txt" && card.Turn == 0 && it.Start == 3 && it.End == 5:
					draftHit = true // 可能 in the draft, which has no turn numbers
				case jc.ID == "c1" && card.Turn == 1 && it.Start == 3 && it.End == 5:
					chatHit = true // 可能 in the agent's turn, the second message
				case jc.ID == "c1" && card.Turn == -1:
					convLevel = true // the refund went unanswered: about the conversation
				}
			}
		}
	}
	if !draftHit || !chatHit || !convLevel {
		t.Errorf("draft hit %v, chat hit %v, conversation-level %v", draftHit, chatHit, convLevel)
	}
	if !strings.Contains(page, "<title>客服质检报告</title>") {
		t.Error("a report without --title should have the default title")
	}
}

// TestOneCardPerReply: a reply with several findings is one card that
// holds them all, each with the points it cost; a late reply's card says
// how long the customer waited.
func TestOneCardPerReply(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	at := func(s int) time.Time { return time.Date(2024, 5, 1, 10, 0, s, 0, time.UTC) }
	chat := &lint.Conversation{File: "c.txt", Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗", Time: at(0)},
		{Role: lint.Agent, Text: "呵呵，大哥，可能明天到，OK？", Time: at(90)},
	}}
	fs := l.CheckConversation(chat)
	c := NewCollector(Config{Weights: score.DefaultWeights()})
	if err := c.Add(chat, fs); err != nil {
		t.Fatal(err)
	}
	convs := embedded(t, render(t, c)).Convs
	if len(convs) != 1 {
		t.Fatalf("%d conversations in the drill-down, want 1", len(convs))
	}
	if convs[0].ID != "c.txt#1" {
		t.Errorf("a conversation without an id is %q, want c.txt#1 (numbered within its file)", convs[0].ID)
	}
	var reply *jsonCard
	items := 0
	for i := range convs[0].Cards {
		card := &convs[0].Cards[i]
		items += len(card.Items)
		if card.Turn == 1 {
			if reply != nil {
				t.Fatal("two cards for the same reply")
			}
			reply = card
		}
	}
	if items != len(fs) {
		t.Errorf("cards hold %d findings, check found %d", items, len(fs))
	}
	if reply == nil || len(reply.Items) < 4 {
		t.Fatalf("the reply's card = %+v, want one card with its four word findings", reply)
	}
	for _, it := range reply.Items {
		if it.Points <= 0 {
			t.Errorf("finding %+v costs no points", it)
		}
	}
	if reply.Wait != 90 || reply.From != 0 {
		t.Errorf("wait = %d s from message %d, want 90 s from message 0 (the reply came late)", reply.Wait, reply.From)
	}
}

// TestDrillDownIsCapped: the page shows the Detail lowest-scoring
// conversations and says how many there were; the card still counts all.
func TestDrillDownIsCapped(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	c := NewCollector(Config{Weights: score.DefaultWeights(), Detail: 3})
	for i := range 20 {
		text := "您好，可能明天到"
		if i == 7 {
			text = "呵呵，大哥，可能明天到，OK"
		}
		conv := &lint.Conversation{File: "a.jsonl", ID: fmt.Sprintf("c%d", i), Messages: []lint.Message{{Role: lint.Agent, Text: text}}}
		if err := c.Add(conv, l.CheckConversation(conv)); err != nil {
			t.Fatal(err)
		}
	}
	page := render(t, c)
	convs := embedded(t, page).Convs
	if len(convs) != 3 || convs[0].ID != "c7" {
		t.Fatalf("drill-down holds %d conversations starting %q, want 3 starting with the worst, c7", len(convs), convs[0].ID)
	}
	if !strings.Contains(page, `id="capped" data-shown="3" data-total="20"`) {
		t.Error("the page should say it shows 3 of the 20 conversations with findings")
	}
	if got := c.Card().Summary.Conversations; got != 20 {
		t.Errorf("summary counts %d conversations, want 20", got)
	}
}

func TestThousands(t *testing.T) {
	for n, want := range map[int]string{0: "0", 999: "999", 1000: "1,000", 1234567: "1,234,567", -4500: "-4,500"} {
		if got := thousands(n); got != want {
			t.Errorf("thousands(%d) = %q, want %q", n, got, want)
		}
	}
}
