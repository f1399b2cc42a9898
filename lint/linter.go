// Package lint is replylint's engine: it prepares messages (normalisation,
// segmentation), runs the rules of a catalogue over them and reports
// findings. A Linter is built once and is safe for concurrent use.
package lint

import (
	"cmp"
	"fmt"
	"slices"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// Config says which rules a Linter runs and how. The zero Config is the
// built-in catalogue as it ships.
type Config struct {
	// Packs are rule packs layered on the built-in catalogue, in order. A
	// rule with the id of an earlier one replaces it.
	Packs []*dict.Pack
	// NoBuiltin leaves the built-in catalogue out (test-rules on a pack).
	NoBuiltin bool
	// Severity overrides severities by rule id or category; rules.Off
	// switches off. A rule id wins over its category.
	Severity map[string]rules.Severity
	// Allow lists words never flagged wherever they appear.
	Allow []string
}

// Linter checks messages against a rule set.
type Linter struct {
	all      []rules.Rule // every rule, also those switched off, in catalogue order
	lexicons *rules.LexiconSet
	message  []rules.MessageRule      // non-lexicon message rules that are on
	convs    []rules.ConversationRule // conversation rules that are on
	norm     *Normalizer
	seg      *segmenter
	allow    [][]rune
}

// New builds a Linter. Errors name the pack file and line of a bad rule.
func New(cfg Config) (*Linter, error) {
	l := &Linter{norm: NewNormalizer(dict.T2S), seg: newSegmenter(dict.Words)}
	var packs []*dict.Pack
	if !cfg.NoBuiltin {
		builtin, err := dict.Builtin()
		if err != nil {
			return nil, err
		}
		packs = append(packs, builtin...)
	}
	packs = append(packs, cfg.Packs...)

	index := map[string]int{}
	for _, p := range packs {
		for i := range p.Rules {
			r, err := p.Rules[i].Build(p.File, l.norm.Term, conversationKinds)
			if err != nil {
				return nil, err
			}
			if at, ok := index[r.Info().ID]; ok {
				l.all[at] = r
				continue
			}
			index[r.Info().ID] = len(l.all)
			l.all = append(l.all, r)
		}
	}
	for key := range cfg.Severity {
		if _, ok := index[key]; !ok && !l.hasCategory(key) {
			return nil, fmt.Errorf("unknown rule or category %q", key)
		}
	}

	var lexicons []*rules.Lexicon
	for _, r := range l.all {
		m := r.Info()
		if s, ok := cfg.Severity[m.Category]; ok {
			m.Severity = s
		}
		if s, ok := cfg.Severity[m.ID]; ok {
			m.Severity = s
		}
		if m.Severity == rules.Off {
			continue
		}
		switch k := r.(type) {
		case *rules.Lexicon:
			lexicons = append(lexicons, k)
		case rules.MessageRule:
			l.message = append(l.message, k)
		case rules.ConversationRule:
			l.convs = append(l.convs, k)
		}
	}
	l.lexicons = rules.NewLexiconSet(lexicons)
	for _, a := range cfg.Allow {
		l.allow = append(l.allow, l.norm.Term(a))
	}
	return l, nil
}

func (l *Linter) hasCategory(c string) bool {
	return slices.ContainsFunc(l.all, func(r rules.Rule) bool { return r.Info().Category == c })
}

// Rules returns every rule the linter knows, switched off or not, with its
// effective severity.
func (l *Linter) Rules() []rules.Rule { return l.all }

// Rule returns the rule with the given id, or nil.
func (l *Linter) Rule(id string) rules.Rule {
	for _, r := range l.all {
		if r.Info().ID == id {
			return r
		}
	}
	return nil
}

// CheckText checks one draft reply: the whole text is one agent message.
func (l *Linter) CheckText(text string) []Finding {
	return l.CheckConversation(&Conversation{Messages: []Message{{Role: Agent, Text: text, Line: 1, Column: 1, Verbatim: true}}})
}

// CheckConversation checks every agent message of c with the word and reply
// rules, and c as a whole with the conversation rules. Findings come in
// message order, then by position.
func (l *Linter) CheckConversation(c *Conversation) []Finding {
	var out []Finding
	turns := make([]rules.Turn, len(c.Messages))
	for i := range c.Messages {
		m := &c.Messages[i]
		t := l.Prepare(m.Text)
		turns[i] = rules.Turn{Agent: m.Role != Customer, Text: t, Time: m.Time}
		if m.Role == Customer {
			continue
		}
		for _, h := range l.hits(t) {
			out = append(out, l.finding(c, i, h))
		}
	}
	if len(c.Messages) > 1 || c.Messages[0].Role == Customer {
		for _, r := range l.convs {
			r.CheckConversation(turns, func(turn int, h rules.Hit) {
				out = append(out, l.finding(c, turn, h))
			})
		}
	}
	return out
}

// Prepare normalises a message for the rules.
func (l *Linter) Prepare(text string) *rules.Text {
	orig := []rune(text)
	fold, lower := l.norm.Fold(orig)
	return rules.NewText(orig, lower, fold, l.seg)
}

// hits runs the message rules over t and keeps, within each category, only
// the longest of overlapping matches (你好 over 你, 呵呵呵 once).
func (l *Linter) hits(t *rules.Text) []rules.Hit {
	var hs []rules.Hit
	emit := func(h rules.Hit) {
		if h.NoSpan || !l.allowed(t, h.Start, h.End) {
			hs = append(hs, h)
		}
	}
	l.lexicons.Check(t, emit)
	for _, r := range l.message {
		r.Check(t, emit)
	}
	slices.SortStableFunc(hs, func(a, b rules.Hit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	kept := hs[:0]
	for _, h := range hs {
		if !h.NoSpan && slices.ContainsFunc(kept, func(k rules.Hit) bool {
			return !k.NoSpan && k.Rule.Category == h.Rule.Category && k.Start <= h.Start && h.End <= k.End
		}) {
			continue
		}
		kept = append(kept, h)
	}
	return kept
}

func (l *Linter) allowed(t *rules.Text, s, e int) bool {
	for _, w := range l.allow {
		for p := max(0, e-len(w)); p <= s; p++ {
			if t.HasAt(p, w) {
				return true
			}
		}
	}
	return false
}

func (l *Linter) finding(c *Conversation, turn int, h rules.Hit) Finding {
	m := h.Rule
	f := Finding{
		File: c.File, Conversation: c.ID,
		Rule: m.ID, Category: m.Category, Severity: m.Severity,
		Suggestions: m.Suggestions,
	}
	if turn < 0 || turn >= len(c.Messages) {
		f.Message = m.MessageText("")
		return f
	}
	msg := &c.Messages[turn]
	f.MessageID, f.Role, f.Agent, f.Text = msg.ID, msg.Role, msg.Speaker, msg.Text
	if len(c.Messages) > 1 || c.ID != "" {
		f.Turn = turn + 1
	}
	if h.NoSpan {
		f.Line, f.Column = msg.Position(0)
		f.Message = m.MessageText("")
		return f
	}
	rs := []rune(msg.Text)
	f.Match = string(rs[h.Start:h.End])
	f.Start, f.End, f.HasSpan = h.Start, h.End, true
	f.Line, f.Column = msg.Position(h.Start)
	f.Message = m.MessageText(f.Match)
	f.Fix = h.Replacement()
	return f
}
