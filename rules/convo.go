package rules

import (
	"fmt"
	"strings"
	"time"
)

// Phrases is what a conversation rule looks for in a turn: speech acts
// (Acts, shared with other rules and checklist items) and, for packs
// written before acts, a list of normalised phrases with the exceptions
// that keep innocent senses out (您好像 is no greeting).
type Phrases struct {
	List [][]rune
	Cond Cond
	Acts Acts

	// Set by Init: the acts walked together, and the runes the listed
	// phrases begin with (filter false when one is empty: it begins
	// anywhere). Without Init, Find looks for each act and makes the
	// filter on every call.
	index  *actIndex
	first  RuneBloom
	filter bool
	inited bool
}

// Init prepares Find once the phrases and acts are set; the rule that
// holds the phrases calls it from its own Init.
func (p *Phrases) Init() {
	p.index = newActIndex(p.Acts)
	p.first, p.filter = phraseStarts(p.List)
	p.inited = true
}

// phraseStarts returns the runes the phrases begin with, and false when
// one of them is empty.
func phraseStarts(list [][]rune) (first RuneBloom, ok bool) {
	for _, ph := range list {
		if len(ph) == 0 {
			return first, false
		}
		first.Add(ph[0])
	}
	return first, true
}

// Find returns the offset of the earliest phrase or act in t that starts
// before limit (limit < 0: anywhere).
func (p *Phrases) Find(t *Text, limit int) (int, bool) {
	if t == nil {
		return 0, false
	}
	at, ok := p.findListed(t, limit)
	if ok {
		limit = at // an act must start earlier to be the earliest
	}
	var found bool
	var a int
	if p.index != nil {
		a, _, found = p.index.find(t, limit)
	} else {
		a, _, found = p.Acts.Find(t, limit)
	}
	if found {
		return a, true
	}
	return at, ok
}

// findListed is Find over the literal phrases.
func (p *Phrases) findListed(t *Text, limit int) (int, bool) {
	if len(p.List) == 0 {
		return 0, false
	}
	end := len(t.Norm)
	if limit >= 0 {
		end = min(end, limit)
	}
	// Only offsets holding a rune that begins a phrase can start one.
	first, filter := p.first, p.filter
	if !p.inited {
		first, filter = phraseStarts(p.List)
	}
	filter = filter && !t.Full()
	if filter && !t.MayHave(&first, false) {
		return 0, false
	}
	for i := 0; i < end; i++ {
		if filter && !first.Has(t.Norm[i]) {
			continue
		}
		for _, ph := range p.List {
			if t.HasAt(i, ph) && p.Cond.Accept(t, i, i+len(ph)) {
				return i, true
			}
		}
	}
	return 0, false
}

// inRun reports whether any turn of run holds a phrase.
func (p *Phrases) inRun(turns []Turn, run span) bool {
	for i := run.from; i < run.to; i++ {
		if _, ok := p.Find(turns[i].Text, -1); ok {
			return true
		}
	}
	return false
}

// span is a half-open range of turn indexes.
type span struct{ from, to int }

// agentRun returns the run of consecutive agent turns that starts at i. An
// agent often splits one reply over several messages (在的 / 您好，很高兴为您
// 服务), so rules judge the run, not a single message.
func agentRun(turns []Turn, i int) span {
	j := i
	for j < len(turns) && turns[j].Agent {
		j++
	}
	return span{i, j}
}

// nextAgent returns the index of the first agent turn at or after i, or -1.
func nextAgent(turns []Turn, i int) int {
	for ; i < len(turns); i++ {
		if turns[i].Agent {
			return i
		}
	}
	return -1
}

// elapsed is the time from one turn to a later one. Times of day without a
// date that go backwards are taken to cross midnight; dated times that go
// backwards are records out of order, and nothing can be measured.
func elapsed(from, to time.Time) (time.Duration, bool) {
	if from.IsZero() || to.IsZero() {
		return 0, false
	}
	d := to.Sub(from)
	if d >= 0 {
		return d, true
	}
	if from.Year() == 0 && to.Year() == 0 && d > -24*time.Hour {
		return d + 24*time.Hour, true
	}
	return 0, false
}

// lateReply is an agent turn that answered a customer later than allowed.
type lateReply struct {
	Agent, Customer int // turn indexes
	Wait, Limit     time.Duration
}

// lateReplies measures each agent reply from the first customer turn it
// answers (the first one since the agent last spoke that has a time) and
// reports those over the limit: first for the agent's first turn in the
// conversation (三秒应答), later for every other.
func lateReplies(turns []Turn, first, later time.Duration) []lateReply {
	var out []lateReply
	waiting := -1
	agentSpoke := false
	for i, t := range turns {
		if !t.Agent {
			if waiting < 0 && !t.Time.IsZero() {
				waiting = i
			}
			continue
		}
		if waiting >= 0 {
			limit := later
			if !agentSpoke {
				limit = first
			}
			if d, ok := elapsed(turns[waiting].Time, t.Time); ok && d > limit {
				out = append(out, lateReply{Agent: i, Customer: waiting, Wait: d, Limit: limit})
			}
		}
		waiting = -1
		agentSpoke = true
	}
	return out
}

// seconds turns a limit from the catalogue (in seconds) into a duration.
func seconds(s float64) time.Duration { return time.Duration(s * float64(time.Second)) }

// chineseDuration writes d the way a QA report says it: 2小时3秒, 1分30秒,
// 1分钟.
func chineseDuration(d time.Duration) string {
	d = d.Round(time.Second)
	h, m, s := int(d.Hours()), int(d.Minutes())%60, int(d.Seconds())%60
	var b strings.Builder
	if h > 0 {
		fmt.Fprintf(&b, "%d小时", h)
	}
	switch {
	case m > 0 && s == 0:
		fmt.Fprintf(&b, "%d分钟", m) // 1分钟, not a bare 1分
		return b.String()
	case m > 0:
		fmt.Fprintf(&b, "%d分", m)
	}
	if s > 0 || b.Len() == 0 {
		fmt.Fprintf(&b, "%d秒", s)
	}
	return b.String()
}

// withTimes returns a copy of m whose message names the wait and the limit
// ({wait}, {limit}); the copy keeps the rule's effective severity.
func withTimes(m *Meta, wait, limit time.Duration) *Meta {
	c := *m
	c.Message = strings.NewReplacer("{wait}", chineseDuration(wait), "{limit}", chineseDuration(limit)).Replace(m.Message)
	return &c
}
