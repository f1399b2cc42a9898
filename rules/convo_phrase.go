package rules

import "slices"

// Greeting is the rule kind for the opening (开场白): the agent's first
// reply must greet the customer.
type Greeting struct {
	Meta
	Phrases Phrases
}

// CheckConversation flags the agent's first turn when neither it nor the
// agent turns straight after it greet; a conversation in which the agent
// never speaks is flagged as a whole. Messages with no customer among them
// are not judged: inputs without roles count every message as the agent's,
// and a batch of drafts is not a conversation that needed opening.
func (g *Greeting) CheckConversation(turns []Turn, emit func(int, Hit)) {
	if !slices.ContainsFunc(turns, func(t Turn) bool { return !t.Agent }) {
		return
	}
	a := nextAgent(turns, 0)
	if a < 0 {
		emit(-1, Hit{Rule: &g.Meta, NoSpan: true})
		return
	}
	if !g.Phrases.inRun(turns, agentRun(turns, a)) {
		emit(a, Hit{Rule: &g.Meta, NoSpan: true})
	}
}

// Closing is the rule kind for the ending (结束语): the agent's last reply
// must close the conversation.
type Closing struct {
	Meta
	Phrases Phrases
}

// CheckConversation flags the agent's last turn when neither it nor the
// agent turns straight before it close the conversation. It judges only a
// conversation, with at least one turn from each side.
func (c *Closing) CheckConversation(turns []Turn, emit func(int, Hit)) {
	last, customer := -1, false
	for i, t := range turns {
		if t.Agent {
			last = i
		} else {
			customer = true
		}
	}
	if last < 0 || !customer {
		return
	}
	first := last
	for first > 0 && turns[first-1].Agent {
		first--
	}
	if !c.Phrases.inRun(turns, span{first, last + 1}) {
		emit(last, Hit{Rule: &c.Meta, NoSpan: true})
	}
}
