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
	// Carry is added to the score of the customer's turns after a
	// complaint the agent did not acknowledge, until the agent does or the
	// customer's turns show no sign of it: the grievance goes on, and a
	// 今天都八号了 that follows it is part of it.
	Carry   float64
	Phrases Phrases

	// cues walks a turn once for every cue's act (set by Init).
	cues *actIndex
}

// Init prepares the phrases and the cues' index once the rule is built.
func (c *ComplaintApology) Init() {
	c.Triggers.Init()
	c.Phrases.Init()
	acts := make([]*Act, len(c.Cues))
	for k, cue := range c.Cues {
		acts[k] = cue.Act
	}
	c.cues = newActIndex(acts)
}

// CheckConversation flags the first agent turn after a complaint when
// neither it nor the agent turns straight after it hold an apology. A
// complaint the agent never answers is left to the other rules: the
// transcript may simply end there.
func (c *ComplaintApology) CheckConversation(turns []Turn, emit func(int, Hit)) {
	turns, emit = withoutBots(turns, emit)
	from := 0        // the first customer turn since the agent last spoke
	unheard := false // a complaint went unacknowledged and still is
	for i := 0; i < len(turns); i++ {
		if !turns[i].Agent {
			continue
		}
		run := agentRun(turns, i)
		carry := 0.0
		if unheard {
			carry = c.Carry
		}
		// An answered run is never flagged and clears the grievance whatever
		// the customer said: the cues are scored only for a run without an
		// apology.
		answered := c.Phrases.inRun(turns, run)
		complaint, signs := false, false
		if i > from && !answered {
			complaint, signs = c.complaint(turns[from:i], carry)
		}
		if complaint && !answered {
			emit(i, Hit{Rule: &c.Meta, NoSpan: true})
		}
		switch {
		case answered || i > from && !signs:
			unheard = false
		case complaint:
			unheard = true
		}
		i = run.to - 1
		from = run.to
	}
}

// Complaint reports whether the customer's turns among block complain: a
// trigger word in one of them, or cues that together reach the threshold.
func (c *ComplaintApology) Complaint(block []Turn) bool {
	complaint, _ := c.complaint(block, 0)
	return complaint
}

// complaint is Complaint with carry added to the cues' score; signs
// reports whether any cue of positive weight or trigger occurs.
func (c *ComplaintApology) complaint(block []Turn, carry float64) (complaint, signs bool) {
	score := carry
	held, indexed := c.heldCues(block)
	for k, cue := range c.Cues {
		if indexed && held&(1<<k) != 0 || !indexed && c.said(block, cue.Act, nil) {
			score += cue.Weight
			signs = signs || cue.Weight > 0
		}
	}
	if c.said(block, nil, &c.Triggers) {
		return true, true
	}
	return len(c.Cues) > 0 && score > 0 && score >= c.Threshold, signs
}

// heldCues returns the cues (bit k for Cues[k]) that a customer's turn of
// block holds, found in one walk per turn; indexed is false when the rule
// has no index (built without Init, or more cues than one index walks) and
// the cues are to be looked for one by one.
func (c *ComplaintApology) heldCues(block []Turn) (held actMask, indexed bool) {
	if c.cues == nil || len(c.Cues) > maxIndexed {
		return 0, false
	}
	all := actMask(1)<<len(c.Cues) - 1
	for _, t := range block {
		if t.Agent || t.Text == nil || len(t.Text.Norm) == 0 {
			continue
		}
		if held |= c.cues.holds(t.Text, all&^held); held == all {
			break
		}
	}
	return held, true
}

// said reports whether a customer's turn of block holds the act or, with
// act nil, one of the phrases.
func (c *ComplaintApology) said(block []Turn, act *Act, p *Phrases) bool {
	for _, t := range block {
		if t.Agent {
			continue
		}
		var ok bool
		if act != nil {
			_, ok = act.Find(t.Text, -1)
		} else {
			_, ok = p.Find(t.Text, -1)
		}
		if ok {
			return true
		}
	}
	return false
}
