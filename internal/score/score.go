// Package score turns a run's findings into a QA scorecard: a quality score
// for every conversation, an aggregate for every agent, totals by rule and
// category, and a per-day series. It answers a QA lead's questions — which
// agents need coaching, on what, and is it getting better — from the same
// lint.Summary that `replylint check` prints, so the two never disagree.
package score

import (
	"cmp"
	"maps"
	"slices"
	"time"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// Unknown is the agent key of conversations whose input names no agent.
const Unknown = "unknown"

// UnknownLabel is how reports show Unknown to a Chinese-speaking QA team.
const UnknownLabel = "未知"

// Full is the score of a conversation without findings.
const Full = 100.0

// Weights say how much each finding costs a conversation's score. They come
// from `[score]` in .replylint.toml (internal/config reads it):
//
//	[score]
//	error = 10
//	warning = 3
//	info = 1
//	[score.categories]
//	overpromise = 20  # an over-promise costs 20 points, whatever its severity
//	filler = 0        # reported, but free
//
// The zero value is not useful; start from DefaultWeights.
type Weights struct {
	// Error, Warning and Info are the points one finding of that severity
	// deducts from 100. Defaults: 10, 3, 1.
	Error   float64 `toml:"error" json:"error"`
	Warning float64 `toml:"warning" json:"warning"`
	Info    float64 `toml:"info" json:"info"`
	// Categories sets the points one finding of a category costs, in place
	// of its severity's (as internal/config reads [score.categories]). 0 makes a
	// category free: it is still reported, it just costs nothing.
	Categories map[string]float64 `toml:"categories" json:"categories,omitempty"`
}

// DefaultWeights are the deductions a team gets without a [score] table.
func DefaultWeights() Weights {
	return Weights{Error: 10, Warning: 3, Info: 1}
}

// Weighted is a rule that sets its own cost: a QA checklist item carries a
// weight and may be fatal (one breach scores the conversation 0).
type Weighted interface {
	// Deduction returns the points one breach deducts (0: use the severity's)
	// and whether a breach is fatal.
	Deduction() (points float64, fatal bool)
}

// RuleCost is what one breach of a rule costs, where the rule says so itself.
type RuleCost struct {
	Points float64 // 0: the severity's points
	Fatal  bool
}

// RuleCosts collects the costs that rules set themselves (checklist items),
// by rule id, to pass to NewBuilder.
func RuleCosts(rs []rules.Rule) map[string]RuleCost {
	out := map[string]RuleCost{}
	for _, r := range rs {
		if w, ok := r.(Weighted); ok {
			p, fatal := w.Deduction()
			out[r.Info().ID] = RuleCost{Points: p, Fatal: fatal}
		}
	}
	return out
}

// Cost returns the points f deducts and whether it is fatal.
func (w *Weights) Cost(f *lint.Finding, rc map[string]RuleCost) (float64, bool) {
	// A rule's own weight (a checklist item's) is the most specific, then
	// the category's, then the severity's.
	c := rc[f.Rule]
	if c.Points > 0 {
		return c.Points, c.Fatal
	}
	if p, ok := w.Categories[f.Category]; ok {
		return p, c.Fatal
	}
	switch f.Severity {
	case rules.Error:
		return w.Error, c.Fatal
	case rules.Warning:
		return w.Warning, c.Fatal
	case rules.Info:
		return w.Info, c.Fatal
	}
	return 0, c.Fatal
}

// Conversation is one conversation's score.
type Conversation struct {
	File     string    `json:"file,omitempty"`
	ID       string    `json:"id,omitempty"`
	Agent    string    `json:"agent"`
	Start    time.Time `json:"start,omitzero"` // first message's time, where the input has a date
	Messages int       `json:"messages"`
	Replies  int       `json:"replies"` // the agent's messages (not a bot's): the ones word rules check
	Findings int       `json:"findings"`
	Score    float64   `json:"score"`
	Fatal    bool      `json:"fatal,omitempty"` // a fatal checklist item was breached
	// Index is the conversation's place in the run (0-based), so that a
	// report can point from a finding to its conversation.
	Index int `json:"index"`
}

// Count is a name with a number: a category or a rule and its findings.
type Count struct {
	Name     string `json:"name"`
	Findings int    `json:"findings"`
	// BySeverity splits Findings by severity (error, warning, info), for
	// the categories of a Card; it is empty in an agent's Top.
	BySeverity map[string]int `json:"by_severity,omitempty"`
}

// Agent is one agent's aggregate over the conversations attributed to them.
type Agent struct {
	Agent         string  `json:"agent"`
	Conversations int     `json:"conversations"`
	Messages      int     `json:"messages"`
	Replies       int     `json:"replies"`
	Findings      int     `json:"findings"`
	Per100        float64 `json:"findings_per_100_replies"`
	MeanScore     float64 `json:"mean_score"`
	Fatal         int     `json:"fatal_conversations"`
	// Top are the agent's most frequent categories, most first (at most 3):
	// what to coach them on.
	Top []Count `json:"top_categories"`

	categories map[string]int
	scoreSum   float64
}

// Rule is one rule's total.
type Rule struct {
	Rule     string  `json:"rule"`
	Category string  `json:"category"`
	Severity string  `json:"severity"`
	Findings int     `json:"findings"`
	Points   float64 `json:"points"` // deducted over the whole run
}

// Day is one calendar day of the per-day series.
type Day struct {
	Date          string  `json:"date"` // YYYY-MM-DD in the zone of Builder.InZone, else the time's own
	Conversations int     `json:"conversations"`
	Messages      int     `json:"messages"`
	Findings      int     `json:"findings"`
	MeanScore     float64 `json:"mean_score"`

	scoreSum float64
}

// Card is the scorecard of a run. Its size does not grow with the run's:
// every conversation's score goes past Builder.Add, and the card keeps only
// the lowest-scoring ones (Lowest); a caller that wants every row keeps
// what Add returns.
type Card struct {
	// Summary is the very value `check --format json` prints as its summary.
	Summary   *lint.Summary `json:"summary"`
	Weights   Weights       `json:"weights"`
	MeanScore float64       `json:"mean_score"`
	Fatal     int           `json:"fatal_conversations"`
	// Lowest are the lowest-scoring conversations that have findings,
	// lowest first (see LowestKept).
	Lowest     []Conversation `json:"lowest_conversations"`
	Agents     []Agent        `json:"agents"` // lowest mean score first: who needs coaching
	Categories []Count        `json:"categories"`
	Rules      []Rule         `json:"rules"`
	Days       []Day          `json:"days"` // empty when no message has a date
}

// LowestKept is how many of the lowest-scoring conversations a Card lists.
const LowestKept = 10

// Builder accumulates conversations into a Card in memory that does not
// grow with the number of conversations (only with the number of agents,
// rules and days). It is not safe for concurrent use; feed it from one
// goroutine, in input order.
type Builder struct {
	// loc is the zone the days are counted in; nil is each time's own.
	loc     *time.Location
	weights Weights
	costs   map[string]RuleCost
	sum     *lint.Summary
	// n, total and fatal make the run's mean score and fatal count.
	n, fatal int
	total    float64
	lowest   Lowest[Conversation]
	agents   map[string]*Agent
	rules    map[string]*Rule
	days     map[string]*Day
	// severities counts each category's findings by severity.
	severities map[string]map[string]int
}

// NewBuilder starts a scorecard. costs may be nil (see RuleCosts).
func NewBuilder(w Weights, costs map[string]RuleCost) *Builder {
	return &Builder{
		weights: w, costs: costs, sum: lint.NewSummary(),
		lowest: NewLowest[Conversation](LowestKept),
		agents: map[string]*Agent{}, rules: map[string]*Rule{}, days: map[string]*Day{},
		severities: map[string]map[string]int{},
	}
}

// InZone makes the builder count days in loc (the --timezone of the run),
// so that a conversation at 00:30 Beijing time written in UTC is on its
// Beijing day.
func (b *Builder) InZone(loc *time.Location) { b.loc = loc }

// Summary is the run's summary, counted by lint.Summary.Add exactly as
// check counts it. The caller counts Files on it.
func (b *Builder) Summary() *lint.Summary { return b.sum }

// Add scores one conversation and its findings, and returns its score.
func (b *Builder) Add(c *lint.Conversation, fs []lint.Finding) Conversation {
	b.sum.Add(c, fs)
	cs := Conversation{
		File: c.File, ID: c.ID, Agent: AgentOf(c), Start: Start(c),
		Messages: len(c.Messages), Findings: len(fs), Score: Full, Index: b.n,
	}
	for i := range c.Messages {
		if r := c.Messages[i].Role; r != lint.Customer && r != lint.Bot {
			cs.Replies++
		}
	}
	for i := range fs {
		f := &fs[i]
		points, fatal := b.weights.Cost(f, b.costs)
		cs.Score -= points
		cs.Fatal = cs.Fatal || fatal
		r := b.rules[f.Rule]
		if r == nil {
			r = &Rule{Rule: f.Rule, Category: f.Category, Severity: f.Severity.String()}
			b.rules[f.Rule] = r
		}
		r.Findings++
		r.Points += points
		bySev := b.severities[f.Category]
		if bySev == nil {
			bySev = map[string]int{}
			b.severities[f.Category] = bySev
		}
		bySev[f.Severity.String()]++
	}
	if cs.Fatal || cs.Score < 0 {
		cs.Score = 0
	}
	b.n++
	b.total += cs.Score
	if cs.Fatal {
		b.fatal++
	}
	if cs.Findings > 0 {
		b.lowest.Offer(cs, cs.Score, cs.Findings)
	}

	a := b.agents[cs.Agent]
	if a == nil {
		a = &Agent{Agent: cs.Agent, categories: map[string]int{}}
		b.agents[cs.Agent] = a
	}
	a.Conversations++
	a.Messages += cs.Messages
	a.Replies += cs.Replies
	a.Findings += cs.Findings
	a.scoreSum += cs.Score
	if cs.Fatal {
		a.Fatal++
	}
	for i := range fs {
		a.categories[fs[i].Category]++
	}

	b.addDay(cs)
	return cs
}

// addDay counts a conversation on the day it started, in the builder's
// zone; a conversation without a date is on no day.
func (b *Builder) addDay(cs Conversation) {
	if cs.Start.IsZero() {
		return
	}
	start := cs.Start
	if b.loc != nil {
		start = start.In(b.loc)
	}
	key := start.Format(time.DateOnly)
	d := b.days[key]
	if d == nil {
		d = &Day{Date: key}
		b.days[key] = d
	}
	d.Conversations++
	d.Messages += cs.Messages
	d.Findings += cs.Findings
	d.scoreSum += cs.Score
}

// Card finishes the scorecard. The Builder may be added to afterwards and
// asked again.
func (b *Builder) Card() *Card {
	c := &Card{Summary: b.sum, Weights: b.weights, Fatal: b.fatal, Lowest: b.lowest.Sorted()}
	c.MeanScore = mean(b.total, b.n)

	for _, a := range b.agents {
		row := *a
		row.MeanScore = mean(a.scoreSum, a.Conversations)
		if a.Replies > 0 {
			row.Per100 = round1(float64(a.Findings) * 100 / float64(a.Replies))
		}
		row.Top = top(a.categories, 3)
		c.Agents = append(c.Agents, row)
	}
	slices.SortFunc(c.Agents, func(x, y Agent) int {
		return cmp.Or(cmp.Compare(x.MeanScore, y.MeanScore), cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Agent, y.Agent))
	})

	// Category totals are read from the summary itself: one count, not two.
	c.Categories = top(b.sum.ByCategory, 0)
	for i := range c.Categories {
		c.Categories[i].BySeverity = b.severities[c.Categories[i].Name]
	}

	for _, r := range b.rules {
		row := *r
		row.Points = round1(row.Points)
		c.Rules = append(c.Rules, row)
	}
	slices.SortFunc(c.Rules, func(x, y Rule) int {
		return cmp.Or(cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Rule, y.Rule))
	})

	for _, key := range slices.Sorted(maps.Keys(b.days)) {
		d := *b.days[key]
		d.MeanScore = mean(d.scoreSum, d.Conversations)
		c.Days = append(c.Days, d)
	}
	return c
}

// AgentOf names the agent a conversation is attributed to: the speaker of
// most of its agent turns (the first of them on a tie, so a conversation
// handed over keeps the agent who did most of the talking), or Unknown
// when the input names none.
func AgentOf(c *lint.Conversation) string {
	counts := map[string]int{}
	best, bestN := Unknown, 0
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.Role == lint.Customer || m.Role == lint.Bot || m.Speaker == "" {
			continue // a bot's turns are no agent's
		}
		counts[m.Speaker]++
		if n := counts[m.Speaker]; n > bestN {
			best, bestN = m.Speaker, n
		}
	}
	return best
}

// Start is the time of the conversation's first message that has a real
// date, or zero. Chat logs with only a clock time (客服（10:00:03）) parse to
// year 0 or 1 and belong to no day.
func Start(c *lint.Conversation) time.Time {
	for i := range c.Messages {
		if t := c.Messages[i].Time; t.Year() > 1900 {
			return t
		}
	}
	return time.Time{}
}

// Label is how a report shows an agent key.
func Label(agent string) string {
	if agent == Unknown {
		return UnknownLabel
	}
	return agent
}

func top(m map[string]int, n int) []Count {
	out := make([]Count, 0, len(m))
	for k, v := range m {
		out = append(out, Count{Name: k, Findings: v})
	}
	slices.SortFunc(out, func(x, y Count) int {
		return cmp.Or(cmp.Compare(y.Findings, x.Findings), cmp.Compare(x.Name, y.Name))
	})
	if n > 0 && len(out) > n {
		out = out[:n]
	}
	return out
}

func mean(sum float64, n int) float64 {
	if n == 0 {
		return 0
	}
	return round1(sum / float64(n))
}

// round1 keeps one decimal: scores are read by people, and a fixed
// rounding keeps the HTML, CSV and JSON showing the same figure.
func round1(x float64) float64 {
	if x < 0 {
		return -round1(-x)
	}
	return float64(int64(x*10+0.5)) / 10
}
