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

// EndRule is a conversation rule that judges how a conversation ended (a
// missing closing). The linter skips it for a conversation still in
// progress: the history plus a draft, checked before sending.
type EndRule interface {
	ConversationRule
	JudgesEnd()
}

// withoutBots returns the turns people wrote and an emit that maps their
// indexes back to turns. A bot's turns (an automatic menu, a survey) are
// neither the agent's nor the customer's: they do not greet, close or
// apologise for the agent, and do not break an agent's block. Without bots
// turns and emit come back as they are.
func withoutBots(turns []Turn, emit func(int, Hit)) ([]Turn, func(int, Hit)) {
	n := 0
	for _, t := range turns {
		if t.Bot {
			n++
		}
	}
	if n == 0 {
		return turns, emit
	}
	people := make([]Turn, 0, len(turns)-n)
	at := make([]int, 0, len(turns)-n)
	for i, t := range turns {
		if !t.Bot {
			people = append(people, t)
			at = append(at, i)
		}
	}
	return people, func(i int, h Hit) {
		if i >= 0 {
			i = at[i]
		}
		emit(i, h)
	}
}
