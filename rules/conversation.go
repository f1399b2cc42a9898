package rules

import "time"

// Turn is one message of a conversation as conversation rules see it.
type Turn struct {
	Agent bool
	Text  *Text
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
