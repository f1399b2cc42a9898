package rules

// Cue is one sign that a customer is complaining, with its weight: a
// strong word (投诉) weighs as much as the threshold on its own, weaker
// signs (a delay, ！！, a demand for an explanation) only together. A
// negative weight counts against (a polite 请问 makes a status question
// of 怎么还没到).
type Cue struct {
	Act    *Act
	Weight float64
}

// ComplaintApology is the rule kind for complaints answered without
// empathy: when the customer complains or is angry, the agent's next reply
// must apologise or acknowledge the feeling (Phrases).
type ComplaintApology struct {
	Meta
	// Triggers are words that make a complaint on their own (packs written
	// before cues).
	Triggers Phrases
	// Cues are scored over the customer's turns since the agent last
	// spoke; a sum of Threshold or more is a complaint. Each cue counts
	// once however often it occurs.
	Cues      []Cue
	Threshold float64
	Phrases   Phrases
}

// CheckConversation flags the first agent turn after a complaint when
// neither it nor the agent turns straight after it hold an apology. A
// complaint the agent never answers is left to the other rules: the
// transcript may simply end there.
func (c *ComplaintApology) CheckConversation(turns []Turn, emit func(int, Hit)) {
	turns, emit = withoutBots(turns, emit)
	from := 0 // the first customer turn since the agent last spoke
	for i := 0; i < len(turns); i++ {
		if !turns[i].Agent {
			continue
		}
		run := agentRun(turns, i)
		if c.Complaint(turns[from:i]) && !c.Phrases.inRun(turns, run) {
			emit(i, Hit{Rule: &c.Meta, NoSpan: true})
		}
		i = run.to - 1
		from = run.to
	}
}

// Complaint reports whether the customer's turns among block complain: a
// trigger word in one of them, or cues that together reach the threshold.
func (c *ComplaintApology) Complaint(block []Turn) bool {
	score := 0.0
	for _, cue := range c.Cues {
		for _, t := range block {
			if t.Agent {
				continue
			}
			if _, ok := cue.Act.Find(t.Text, -1); ok {
				score += cue.Weight
				break
			}
		}
	}
	if len(c.Cues) > 0 && score >= c.Threshold {
		return true
	}
	for _, t := range block {
		if _, ok := c.Triggers.Find(t.Text, -1); !t.Agent && ok {
			return true
		}
	}
	return false
}
