package rules

import "time"

// Turn is one message of a conversation as conversation rules see it.
type Turn struct {
	Agent bool
	Text  *Text
	Time  time.Time // zero when the input has no times
}

// ConversationRule checks a whole conversation. It emits the index of the
// turn a finding is about, or -1 for the conversation as a whole.
type ConversationRule interface {
	Rule
	CheckConversation(turns []Turn, emit func(turn int, h Hit))
}
