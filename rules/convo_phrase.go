package rules

import "slices"

// Greeting is the rule kind for the opening (开场白): the agent's first
// reply must greet the customer.
type Greeting struct {
	Meta
	Phrases Phrases
	// Offer is an opening that only offers help (有什么可以帮您的吗): no
	// greeting by the seeds' 开头语 (您好 + who we are + an offer of help),
	// so it is flagged too, with OfferMessage, which says that the 您好 is
	// what is missing. Empty: no such distinction.
	Offer        Phrases
	OfferMessage string
}

// Init prepares the phrases once the rule is built.
func (g *Greeting) Init() {
	g.Phrases.Init()
	g.Offer.Init()
}

// CheckConversation flags the agent's first turn when neither it nor the
// agent turns straight after it greet; a conversation in which the agent
// never speaks is flagged as a whole. Messages with no customer among them
// are not judged: inputs without roles count every message as the agent's,
// and a batch of drafts is not a conversation that needed opening.
func (g *Greeting) CheckConversation(turns []Turn, emit func(int, Hit)) {
	turns, emit = withoutBots(turns, emit)
	if !slices.ContainsFunc(turns, func(t Turn) bool { return !t.Agent }) {
		return
	}
	a := nextAgent(turns, 0)
	if a < 0 {
		emit(-1, Hit{Rule: &g.Meta, NoSpan: true})
		return
	}
	run := agentRun(turns, a)
	switch {
	case g.Phrases.inRun(turns, run):
	case g.OfferMessage != "" && g.Offer.inRun(turns, run):
		// A copy with the other message keeps the rule's effective severity.
		m := g.Meta
		m.Message = g.OfferMessage
		emit(a, Hit{Rule: &m, NoSpan: true})
	default:
		emit(a, Hit{Rule: &g.Meta, NoSpan: true})
	}
}

// Closing is the rule kind for the ending (结束语): the agent's last reply
// must close the conversation.
type Closing struct {
	Meta
	Phrases Phrases
	// EndedBy is a customer's last turn that ends the conversation too:
	// a bare 好的 or 没有了，谢谢 after the agent's answer leaves the agent
	// the closing still to say (seed 004, 结束语 第一组).
	EndedBy Phrases
}

// Init prepares the phrases once the rule is built.
func (c *Closing) Init() {
	c.Phrases.Init()
	c.EndedBy.Init()
}

// JudgesEnd marks closing as a rule about the end: a conversation still in
// progress has none yet.
func (c *Closing) JudgesEnd() {}

// CheckConversation flags the agent's last turn when neither it nor the
// agent turns straight before it (the agent's last block, judged as one)
// close the conversation. It judges only a conversation that has ended:
// one with turns from both sides whose last turn is the agent's, or the
// customer's that only acknowledges (EndedBy). Otherwise the customer has
// the last word and the agent has not answered yet, or the transcript
// stops mid-exchange, and nothing can be said of the closing.
func (c *Closing) CheckConversation(turns []Turn, emit func(int, Hit)) {
	turns, emit = withoutBots(turns, emit)
	last := len(turns) - 1
	for last >= 0 && !turns[last].Agent && c.endedBy(turns[last]) {
		last--
	}
	if last < 0 || !turns[last].Agent || !slices.ContainsFunc(turns, func(t Turn) bool { return !t.Agent }) {
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

// endedBy reports whether a customer's turn ends the conversation.
func (c *Closing) endedBy(t Turn) bool {
	if len(c.EndedBy.List) == 0 && len(c.EndedBy.Acts) == 0 {
		return false
	}
	_, ok := c.EndedBy.Find(t.Text, -1)
	return ok
}
