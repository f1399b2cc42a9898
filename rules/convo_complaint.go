package rules

// ComplaintApology is the rule kind for complaints answered without
// empathy: when the customer complains or is angry (Triggers), the agent's
// next reply must apologise or acknowledge the feeling (Phrases).
type ComplaintApology struct {
	Meta
	Triggers Phrases
	Phrases  Phrases
}

// CheckConversation flags the first agent turn after a complaint when
// neither it nor the agent turns straight after it hold an apology. A
// complaint the agent never answers is left to the other rules: the
// transcript may simply end there.
func (c *ComplaintApology) CheckConversation(turns []Turn, emit func(int, Hit)) {
	complained := false
	for i := 0; i < len(turns); i++ {
		if !turns[i].Agent {
			if _, ok := c.Triggers.Find(turns[i].Text, -1); ok {
				complained = true
			}
			continue
		}
		run := agentRun(turns, i)
		if complained && !c.Phrases.inRun(turns, run) {
			emit(i, Hit{Rule: &c.Meta, NoSpan: true})
		}
		complained = false
		i = run.to - 1
	}
}
