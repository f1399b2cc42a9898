// Package report renders a run's QA scorecard as one self-contained HTML
// file (and CSV tables or one JSON document for the complete data): an
// overview, findings by category and severity, a per-agent table, a per-day
// trend, the lowest-scoring conversations and a drill-down into their
// replies. Nothing is fetched when the file is opened: CSS, JS and the SVG
// charts are inline, and the drill-down's data travels as a JSON blob.
//
// The report stays the same size however large the run: memory holds the
// scorecard's aggregates and the Detail lowest-scoring conversations, the
// page shows those, and every conversation and finding goes to the tables
// (Tables) as the run goes, spooled to disk past a few megabytes.
package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
)

// DefaultDetail is how many of the lowest-scoring conversations the page
// shows in its drill-down unless Config.Detail says otherwise.
const DefaultDetail = 500

// detailBudget caps the text the drill-down embeds, so that the page stays
// small enough to mail (under 20 MB) whatever conversations it shows.
const detailBudget = 12 << 20

// Config says what a Collector keeps.
type Config struct {
	Weights score.Weights
	// Location is the zone the per-day trend counts days in; nil is each
	// time's own zone.
	Location *time.Location
	// Costs are the costs rules set themselves (score.RuleCosts).
	Costs map[string]score.RuleCost
	// Detail is how many of the lowest-scoring conversations with findings
	// the page's drill-down shows; 0 is DefaultDetail.
	Detail int
	// Tables, when set, receives every conversation's score and every
	// finding as the run goes (see NewTables).
	Tables *Tables
}

// Collector gathers what the report shows while a run goes through its
// conversations. Its memory does not grow with the run: the scorecard's
// aggregates, the lowest-scoring conversations for the drill-down, and
// names interned once. It is not safe for concurrent use.
type Collector struct {
	cfg    Config
	score  *score.Builder
	detail score.Lowest[*jsonConv]
	// withFindings counts the conversations that have findings, to say
	// how many of them the drill-down shows.
	withFindings int
	names        names
	// perFile numbers the conversations of each file, for those without
	// an id of their own.
	perFile map[string]int
}

// NewCollector starts a report.
func NewCollector(cfg Config) *Collector {
	if cfg.Detail <= 0 {
		cfg.Detail = DefaultDetail
	}
	b := score.NewBuilder(cfg.Weights, cfg.Costs)
	b.InZone(cfg.Location)
	return &Collector{
		cfg: cfg, score: b,
		detail: score.NewLowest[*jsonConv](cfg.Detail), names: newNames(), perFile: map[string]int{},
	}
}

// Summary is the run's lint.Summary, counted exactly as check counts it;
// the caller counts Files on it.
func (c *Collector) Summary() *lint.Summary { return c.score.Summary() }

// Add scores a conversation, sends it to the tables and keeps it for the
// drill-down if it is among the lowest-scoring so far.
func (c *Collector) Add(conv *lint.Conversation, fs []lint.Finding) error {
	c.perFile[conv.File]++
	if conv.ID == "" {
		named := *conv
		named.ID = output.ConversationID(conv.File, "", c.perFile[conv.File])
		conv = &named
	}
	cs := c.score.Add(conv, fs)
	if c.cfg.Tables != nil {
		if err := c.cfg.Tables.add(cs, fs); err != nil {
			return err
		}
	}
	if len(fs) == 0 {
		return nil
	}
	c.withFindings++
	c.detail.Offer(c.newConv(conv, cs, fs), cs.Score, cs.Findings)
	return nil
}

// newConv builds a conversation's drill-down entry: its messages, and its
// findings grouped into one card per reply.
func (c *Collector) newConv(conv *lint.Conversation, cs score.Conversation, fs []lint.Finding) *jsonConv {
	jc := &jsonConv{File: conv.File, ID: conv.ID, Agent: c.names.agent(cs.Agent), Score: cs.Score, Fatal: cs.Fatal}
	for _, m := range conv.Messages {
		tm := ""
		if !m.Time.IsZero() {
			tm = m.Time.Format(time.TimeOnly)
		}
		role := 1
		if m.Role == lint.Customer {
			role = 0
		}
		jc.Msgs = append(jc.Msgs, jsonMsg{role, m.Speaker, tm, m.Text})
		jc.size += len(m.Text) + len(m.Speaker) + 16
	}
	cards := map[int]int{} // turn → index in jc.Cards
	for i := range fs {
		f := &fs[i]
		turn := turnOf(f, len(conv.Messages))
		k, ok := cards[turn]
		if !ok {
			k = len(jc.Cards)
			cards[turn] = k
			jc.Cards = append(jc.Cards, jsonCard{Turn: turn, Wait: -1, From: -1})
		}
		card := &jc.Cards[k]
		points, fatal := c.cfg.Weights.Cost(f, c.cfg.Costs)
		it := jsonItem{
			Line:     f.Line,
			Rule:     c.names.rule(f.Rule),
			Category: c.names.category(f.Category),
			Severity: int(f.Severity), Message: f.Message,
			Suggestions: c.names.suggestions(f.Suggestions),
			Start:       -1, End: -1, Points: points, Fatal: fatal,
		}
		if f.HasSpan() {
			it.Start, it.End = f.Start, f.End
		}
		if waited(f.Category) && turn >= 0 {
			card.From, card.Wait = waitBefore(conv.Messages, turn)
		}
		card.Items = append(card.Items, it)
		jc.size += len(f.Message) + 48
	}
	return jc
}

// turnOf is the 0-based message a finding is about, or -1 for the
// conversation as a whole (its Scope says which). A draft's findings
// carry no turn number: they are about its one message.
func turnOf(f *lint.Finding, messages int) int {
	switch {
	case f.Scope == lint.ScopeConversation:
		return -1
	case f.Turn > 0:
		return f.Turn - 1
	case messages == 1:
		return 0
	}
	return -1
}

// waited reports whether a category's findings are about how long the
// customer waited, so that the card shows the wait.
func waited(category string) bool { return category == "response-time" || category == "wait-apology" }

// waitBefore returns the customer turn that started the wait the reply at
// turn answers (the first customer turn after the agent's previous one),
// and how long that wait was in seconds; -1, -1 when the times are not
// there.
func waitBefore(ms []lint.Message, turn int) (from, seconds int) {
	from = -1
	for i := turn - 1; i >= 0 && ms[i].Role == lint.Customer; i-- {
		from = i
	}
	if from < 0 || ms[from].Time.IsZero() || ms[turn].Time.IsZero() {
		return -1, -1
	}
	return from, int(ms[turn].Time.Sub(ms[from].Time).Seconds())
}

// Card finishes the scorecard.
func (c *Collector) Card() *score.Card { return c.score.Card() }

// Options are the report's labels.
type Options struct {
	Title     string    // default "客服质检报告"
	Generated time.Time // shown in the header
	Inputs    []string  // what was read, shown in the header
}

// names interns the strings that every finding repeats: the blob is the
// bulk of a large report, and the same rule, agent and suggestions would
// otherwise be written once a finding.
type names struct {
	index map[string]int
	blob  *blob
}

func newNames() names { return names{index: map[string]int{}, blob: &blob{}} }

func (n names) agent(s string) int    { return n.intern("a", s, &n.blob.Agents) }
func (n names) rule(s string) int     { return n.intern("r", s, &n.blob.Rules) }
func (n names) category(s string) int { return n.intern("c", s, &n.blob.Categories) }

func (n names) intern(kind, name string, list *[]string) int {
	key := kind + "\x00" + name
	if i, ok := n.index[key]; ok {
		return i
	}
	n.index[key] = len(*list)
	*list = append(*list, name)
	return len(*list) - 1
}

// suggestions interns a list of suggestions: every finding of a rule has
// the same ones.
func (n names) suggestions(l []string) int {
	key := "g\x00" + strings.Join(l, "\x00")
	if i, ok := n.index[key]; ok {
		return i
	}
	n.index[key] = len(n.blob.Suggestions)
	n.blob.Suggestions = append(n.blob.Suggestions, l)
	return len(n.blob.Suggestions) - 1
}

// blob is the drill-down's data, embedded in the page as JSON. Names are
// interned and keys short because it is the bulk of a large report.
type blob struct {
	Agents     []string `json:"agents"`
	Rules      []string `json:"rules"`
	Categories []string `json:"categories"`
	// Suggestions are the findings' lists of suggestions, interned.
	Suggestions [][]string `json:"suggestions"`
	// Convs are the drill-down's conversations, lowest score first.
	Convs []*jsonConv `json:"convs"`
}

type jsonConv struct {
	File  string     `json:"f,omitempty"`
	ID    string     `json:"id"`
	Agent int        `json:"a"`
	Score float64    `json:"s"`
	Fatal bool       `json:"x,omitempty"`
	Msgs  []jsonMsg  `json:"m"`
	Cards []jsonCard `json:"c"`
	// size estimates the bytes the conversation adds to the page.
	size int
}

// jsonMsg is [role (0 customer, 1 agent), speaker, time of day, text].
type jsonMsg [4]any

func (m jsonMsg) MarshalJSON() ([]byte, error) { return json.Marshal([4]any(m)) }

// jsonCard is one reply with all its findings (or the conversation as a
// whole, Turn -1).
type jsonCard struct {
	Turn int `json:"t"` // 0-based message index; -1 for the conversation
	// Wait is how long the customer waited for this reply, in seconds,
	// from message From; -1 where no finding is about the wait.
	Wait  int        `json:"w"`
	From  int        `json:"wf"`
	Items []jsonItem `json:"i"`
}

type jsonItem struct {
	Line        int     `json:"l,omitempty"`
	Rule        int     `json:"r"`
	Category    int     `json:"k"`
	Severity    int     `json:"v"` // 1 info, 2 warning, 3 error
	Start       int     `json:"s"` // code points; -1 without a span
	End         int     `json:"e"`
	Message     string  `json:"m"`
	Suggestions int     `json:"g"` // index into blob.Suggestions
	Points      float64 `json:"p"` // what the finding cost the conversation's score
	Fatal       bool    `json:"x,omitempty"`
}

//go:embed report.html.tmpl
var pageTemplate string

// page is what the template renders.
type page struct {
	Title      string
	Generated  string
	Inputs     []string
	Card       *score.Card
	Empty      bool
	Categories barChart
	Trend      *trendChart
	Agents     []agentRow
	Worst      []worstRow
	Rules      []ruleRow
	Data       template.JS
	// Shown and WithFindings say how many of the conversations that have
	// findings the drill-down holds.
	Shown, WithFindings int
	// CategoryLabels names the categories in the drill-down's filter.
	CategoryLabels map[string]string
}

type agentRow struct {
	score.Agent
	// Key is the agent's name as the data has it; the embedded Agent's
	// own name is shadowed by the embedded struct in templates.
	Key   string
	Label string
	Top   string
}

type worstRow struct {
	score.Conversation
	Label string
	// Detail is the conversation's place in the drill-down, -1 if it is
	// not there.
	Detail int
}

type ruleRow struct {
	score.Rule
	SeverityLabel string
}

// Render writes the HTML report.
func (c *Collector) Render(w io.Writer, opts Options) error {
	card := c.Card()
	p := page{
		Title: opts.Title, Card: card, Inputs: opts.Inputs,
		Empty: card.Summary.Conversations == 0, WithFindings: c.withFindings,
	}
	if p.Title == "" {
		p.Title = "客服质检报告"
	}
	if !opts.Generated.IsZero() {
		p.Generated = opts.Generated.Format("2006-01-02 15:04")
	}
	p.Categories = newBarChart(card.Categories)
	p.Trend = newTrendChart(card.Days)
	for _, a := range card.Agents {
		row := agentRow{Agent: a, Key: a.Agent, Label: score.Label(a.Agent)}
		for i, t := range a.Top {
			if i > 0 {
				row.Top += "、"
			}
			row.Top += fmt.Sprintf("%s %s", CategoryLabel(t.Name), thousands(t.Findings))
		}
		p.Agents = append(p.Agents, row)
	}
	for _, r := range card.Rules {
		p.Rules = append(p.Rules, ruleRow{Rule: r, SeverityLabel: SeverityLabel(r.Severity)})
	}
	b := c.drillDown()
	p.Shown = len(b.Convs)
	// The card's lowest and the drill-down are ranked alike (score.Lowest
	// over the same conversations), so the card's i-th is the drill-down's
	// i-th while the drill-down holds that many.
	for i, cs := range card.Lowest {
		row := worstRow{Conversation: cs, Label: score.Label(cs.Agent), Detail: -1}
		if i < len(b.Convs) {
			row.Detail = i
		}
		p.Worst = append(p.Worst, row)
	}
	// json.Marshal escapes <, > and & as \u003c…, so the blob cannot close
	// its <script> element or open another, whatever the replies say.
	data, err := json.Marshal(b)
	if err != nil {
		return err
	}
	p.Data = template.JS(data)
	p.CategoryLabels = map[string]string{}
	for _, k := range b.Categories {
		p.CategoryLabels[k] = CategoryLabel(k)
	}

	t, err := template.New("report").Funcs(template.FuncMap{
		"category": CategoryLabel,
		"severity": SeverityLabel,
		"pct":      func(x float64) string { return fmt.Sprintf("%.1f", x) },
		"score":    func(x float64) string { return fmt.Sprintf("%.1f", x) },
		"n":        thousands,
		"sev":      func(m map[string]int, s string) string { return thousands(m[s]) },
	}).Parse(pageTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, p)
}

// drillDown is the page's data: the kept conversations, lowest first, as
// many as fit the page's budget.
func (c *Collector) drillDown() *blob {
	b := *c.names.blob
	size := 0
	for _, jc := range c.detail.Sorted() {
		if size += jc.size; size > detailBudget && len(b.Convs) > 0 {
			break
		}
		b.Convs = append(b.Convs, jc)
	}
	if b.Convs == nil {
		b.Convs = []*jsonConv{}
	}
	return &b
}

// SeverityLabel is a severity as the report shows it: in Chinese, as a QA
// team reads it.
func SeverityLabel(s string) string {
	switch s {
	case "error":
		return "错误"
	case "warning":
		return "警告"
	case "info":
		return "提示"
	}
	return s
}

// thousands writes n with a comma between groups of three digits.
func thousands(n int) string {
	s := strconv.Itoa(n)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	var b strings.Builder
	if neg {
		b.WriteByte('-')
	}
	for i, r := range s {
		if i > 0 && (len(s)-i)%3 == 0 {
			b.WriteByte(',')
		}
		b.WriteRune(r)
	}
	return b.String()
}
