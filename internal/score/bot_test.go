package score

import (
	"testing"

	"github.com/replylint/replylint/lint"
)

// TestBotIsNoAgent: a bot's turns are not an agent's: the conversation is
// the human agent's, and the bot's turns are no replies of theirs.
func TestBotIsNoAgent(t *testing.T) {
	c := &lint.Conversation{Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗"},
		{Role: lint.Bot, Speaker: "小蜜", Text: "您好，我是智能助手"},
		{Role: lint.Bot, Speaker: "小蜜", Text: "正在为您转接人工"},
		{Role: lint.Agent, Speaker: "小妮", Text: "您好，在的"},
	}}
	if got := AgentOf(c); got != "小妮" {
		t.Errorf("AgentOf = %q, want 小妮 (not the bot)", got)
	}
	only := &lint.Conversation{Messages: c.Messages[:3]}
	if got := AgentOf(only); got != Unknown {
		t.Errorf("AgentOf a bot-only conversation = %q, want %q", got, Unknown)
	}
}
