package rules

import "time"

// Turn is one message of a conversation as conversation rules see it.
type Turn struct {
	// Agent is true for the company's side: an agent's turn or a bot's.
	Agent bool
	// Bot is true for a bot's or the platform's turn (机器人, 系统): Agent
	// too, as the word rules check it, but no agent's greeting, closing
	// or reply; conversation rules that judge the agent pass over it.
	Bot  bool
	Text *Text
	// Time is zero when the input has no times. A time of day without a
	// date (a transcript line like 客户（15:30:00）) is in year 0, which is
	// what time.Parse gives for "15:04:05"; rules then allow for midnight.
	Time time.Time
}

// ConversationRule checks a whole conversation. It emits the index of the
// turn a finding is about, or -1 for the conversation as a whole.
type ConversationRule interface {
	Rule
	CheckConversation(turns []Turn, emit func(turn int, h Hit))
}
