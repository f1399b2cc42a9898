package rules

// ResponseTime is the rule kind for slow replies: the agent must answer
// the first customer turn within First seconds (三秒应答) and every later
// one within Seconds. Only turns with times are measured.
type ResponseTime struct {
	Meta
	First, Seconds float64
}

// CheckConversation flags each late agent turn; the message says how long
// the customer waited.
func (r *ResponseTime) CheckConversation(turns []Turn, emit func(int, Hit)) {
	for _, l := range lateReplies(turns, seconds(r.First), seconds(r.Seconds)) {
		emit(l.Agent, Hit{Rule: withTimes(&r.Meta, l.Wait, l.Limit), NoSpan: true})
	}
}

// WaitApology is the rule kind for late replies that go straight to
// business: a reply later than the limit must open with an apology for the
// wait (让您久等了). Within is how far into the reply, in characters, the
// apology may start, so that 您好，让您久等了 still counts.
type WaitApology struct {
	Meta
	First, Seconds float64
	// LimitsFrom is the id of the ResponseTime rule whose limits First and
	// Seconds are taken from when the linter is built; "" when the rule
	// sets its own.
	LimitsFrom string
	Within     int
	Phrases    Phrases
}

// Init prepares the phrases once the rule is built.
func (w *WaitApology) Init() { w.Phrases.Init() }

// CheckConversation flags each late agent turn that does not open with an
// apology.
func (w *WaitApology) CheckConversation(turns []Turn, emit func(int, Hit)) {
	for _, l := range lateReplies(turns, seconds(w.First), seconds(w.Seconds)) {
		if _, ok := w.Phrases.Find(turns[l.Agent].Text, w.Within); !ok {
			emit(l.Agent, Hit{Rule: withTimes(&w.Meta, l.Wait, l.Limit), NoSpan: true})
		}
	}
}
