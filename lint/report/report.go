// Package report renders a run's QA scorecard as one self-contained HTML
// file (and CSV tables for spreadsheets): an overview, findings by
// category, a per-agent table, a per-day trend and a drill-down into every
// finding in its conversation. Nothing is fetched when the file is opened:
// CSS, JS and the SVG charts are inline, and the findings travel as a JSON
// blob that the page pages through, so 100,000 findings open quickly.
package report

import (
	_ "embed"
	"encoding/json"
	"fmt"
	"html/template"
	"io"
	"strings"
	"time"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/score"
)

// Collector gathers what the report shows while a run goes through its
// conversations: the scorecard, and the findings with the conversations
// they are in. Conversations without findings are scored but not kept.
// It is not safe for concurrent use.
type Collector struct {
	score *score.Builder
	blob  blob
	index map[string]int // interned names, by kind and name
}

// NewCollector starts a report with the given score weights and the costs
// that rules set themselves (score.RuleCosts).
func NewCollector(w score.Weights, costs map[string]score.RuleCost) *Collector {
	return &Collector{score: score.NewBuilder(w, costs), index: map[string]int{}}
}

// Summary is the run's lint.Summary, counted exactly as check counts it;
// the caller counts Files on it.
func (c *Collector) Summary() *lint.Summary { return c.score.Summary() }

// Add scores a conversation and keeps its findings for the drill-down.
func (c *Collector) Add(conv *lint.Conversation, fs []lint.Finding) {
	cs := c.score.Add(conv, fs)
	if len(fs) == 0 {
		return
	}
	ci := len(c.blob.Convs)
	jc := jsonConv{File: conv.File, ID: conv.ID, Agent: c.intern("a", cs.Agent, &c.blob.Agents), Score: cs.Score}
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
	}
	c.blob.Convs = append(c.blob.Convs, jc)
	for _, f := range fs {
		it := jsonItem{
			Conv: ci, Turn: f.Turn - 1, Line: f.Line,
			Rule:     c.intern("r", f.Rule, &c.blob.Rules),
			Category: c.intern("c", f.Category, &c.blob.Categories),
			Severity: int(f.Severity), Message: f.Message,
			Suggestions: c.internList(f.Suggestions),
			Start:       -1, End: -1,
		}
		if f.Turn == 0 && len(conv.Messages) == 1 {
			it.Turn = 0 // a draft: findings carry no turn number
		}
		if f.Turn == 0 && len(conv.Messages) > 1 {
			it.Turn = -1 // about the conversation as a whole
		}
		if f.HasSpan() {
			it.Start, it.End = f.Start, f.End
		}
		c.blob.Items = append(c.blob.Items, it)
	}
}

func (c *Collector) intern(kind, name string, list *[]string) int {
	key := kind + "\x00" + name
	if i, ok := c.index[key]; ok {
		return i
	}
	c.index[key] = len(*list)
	*list = append(*list, name)
	return len(*list) - 1
}

// internList interns a list of suggestions: every finding of a rule has
// the same ones, and a large report would otherwise repeat them 100,000 times.
func (c *Collector) internList(l []string) int {
	key := "g\x00" + strings.Join(l, "\x00")
	if i, ok := c.index[key]; ok {
		return i
	}
	c.index[key] = len(c.blob.Suggestions)
	c.blob.Suggestions = append(c.blob.Suggestions, l)
	return len(c.blob.Suggestions) - 1
}

// Card finishes the scorecard.
func (c *Collector) Card() *score.Card { return c.score.Card() }

// Options are the report's labels.
type Options struct {
	Title     string    // default "客服质检报告"
	Generated time.Time // shown in the header
	Inputs    []string  // what was read, shown in the header
}

// blob is the drill-down's data, embedded in the page as JSON. Names are
// interned and keys short because it is the bulk of a large report.
type blob struct {
	Agents     []string `json:"agents"`
	Rules      []string `json:"rules"`
	Categories []string `json:"categories"`
	// Suggestions are the findings' lists of suggestions, interned.
	Suggestions [][]string `json:"suggestions"`
	Convs       []jsonConv `json:"convs"`
	Items       []jsonItem `json:"items"`
}

type jsonConv struct {
	File  string    `json:"f,omitempty"`
	ID    string    `json:"id,omitempty"`
	Agent int       `json:"a"`
	Score float64   `json:"s"`
	Msgs  []jsonMsg `json:"m"`
}

// jsonMsg is [role (0 customer, 1 agent), speaker, time of day, text].
type jsonMsg [4]any

func (m jsonMsg) MarshalJSON() ([]byte, error) { return json.Marshal([4]any(m)) }

type jsonItem struct {
	Conv        int    `json:"c"`
	Turn        int    `json:"t"` // 0-based message index; -1 for the conversation
	Line        int    `json:"l,omitempty"`
	Rule        int    `json:"r"`
	Category    int    `json:"k"`
	Severity    int    `json:"v"` // 1 info, 2 warning, 3 error
	Start       int    `json:"s"` // code points; -1 without a span
	End         int    `json:"e"`
	Message     string `json:"m"`
	Suggestions int    `json:"g"` // index into blob.Suggestions
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
	Rules      []score.Rule
	Data       template.JS
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
}

// Render writes the HTML report.
func (c *Collector) Render(w io.Writer, opts Options) error {
	card := c.Card()
	p := page{
		Title: opts.Title, Card: card, Inputs: opts.Inputs,
		Empty: card.Summary.Conversations == 0, Rules: card.Rules,
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
			row.Top += fmt.Sprintf("%s %d", CategoryLabel(t.Name), t.Findings)
		}
		p.Agents = append(p.Agents, row)
	}
	for _, cs := range worst(card.Conversations, 10) {
		p.Worst = append(p.Worst, worstRow{Conversation: cs, Label: score.Label(cs.Agent)})
	}
	// json.Marshal escapes <, > and & as \u003c…, so the blob cannot close
	// its <script> element or open another, whatever the replies say.
	b, err := json.Marshal(&c.blob)
	if err != nil {
		return err
	}
	p.Data = template.JS(b)
	p.CategoryLabels = map[string]string{}
	for _, k := range c.blob.Categories {
		p.CategoryLabels[k] = CategoryLabel(k)
	}

	t, err := template.New("report").Funcs(template.FuncMap{
		"category": CategoryLabel,
		"pct":      func(x float64) string { return fmt.Sprintf("%.1f", x) },
		"score":    func(x float64) string { return fmt.Sprintf("%.1f", x) },
		"inc":      func(i int) int { return i + 1 },
	}).Parse(pageTemplate)
	if err != nil {
		return err
	}
	return t.Execute(w, p)
}

// worst returns the n lowest-scoring conversations that have findings,
// lowest first, in input order on a tie.
func worst(cs []score.Conversation, n int) []score.Conversation {
	var out []score.Conversation
	for _, c := range cs {
		if c.Findings == 0 {
			continue
		}
		i := len(out)
		for i > 0 && out[i-1].Score > c.Score {
			i--
		}
		if i >= n {
			continue
		}
		out = append(out, score.Conversation{})
		copy(out[i+1:], out[i:])
		out[i] = c
		if len(out) > n {
			out = out[:n]
		}
	}
	return out
}
