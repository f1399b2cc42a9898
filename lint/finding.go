package lint

import (
	"encoding/json"

	"github.com/replylint/replylint/rules"
)

// Finding is one breach of one rule, in the JSON shape of INTERFACE.md.
type Finding struct {
	File         string         `json:"file,omitempty"`
	Line         int            `json:"line,omitempty"`
	Column       int            `json:"column,omitempty"`
	MessageID    string         `json:"message_id,omitempty"`
	Conversation string         `json:"conversation,omitempty"`
	Turn         int            `json:"turn,omitempty"`
	Role         Role           `json:"role,omitempty"`
	Agent        string         `json:"agent,omitempty"`
	Rule         string         `json:"rule"`
	Category     string         `json:"category"`
	Severity     rules.Severity `json:"severity"`
	Match        string         `json:"match,omitempty"`
	// Start and End are code-point offsets into the message text, end
	// exclusive. HasSpan is false for findings about a whole reply or
	// conversation, which have neither.
	Start       int      `json:"-"`
	End         int      `json:"-"`
	HasSpan     bool     `json:"-"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions"`
	// Fix is the safe rewrite of Match, where there is one.
	Fix string `json:"fix,omitempty"`
	// Text is the message the finding is in, for showing it in context.
	Text string `json:"-"`
}

type findingJSON struct {
	File         string         `json:"file,omitempty"`
	Line         int            `json:"line,omitempty"`
	Column       int            `json:"column,omitempty"`
	MessageID    string         `json:"message_id,omitempty"`
	Conversation string         `json:"conversation,omitempty"`
	Turn         int            `json:"turn,omitempty"`
	Role         Role           `json:"role,omitempty"`
	Agent        string         `json:"agent,omitempty"`
	Rule         string         `json:"rule"`
	Category     string         `json:"category"`
	Severity     rules.Severity `json:"severity"`
	Match        string         `json:"match,omitempty"`
	Start        *int           `json:"start,omitempty"`
	End          *int           `json:"end,omitempty"`
	Message      string         `json:"message"`
	Suggestions  []string       `json:"suggestions"`
	Fix          string         `json:"fix,omitempty"`
}

// MarshalJSON writes start and end only for findings with a span (0 is a
// valid start).
func (f Finding) MarshalJSON() ([]byte, error) {
	j := findingJSON{
		File: f.File, Line: f.Line, Column: f.Column, MessageID: f.MessageID,
		Conversation: f.Conversation, Turn: f.Turn, Role: f.Role, Agent: f.Agent,
		Rule: f.Rule, Category: f.Category, Severity: f.Severity, Match: f.Match,
		Message: f.Message, Suggestions: f.Suggestions, Fix: f.Fix,
	}
	if f.HasSpan {
		s, e := f.Start, f.End
		j.Start, j.End = &s, &e
	}
	return json.Marshal(j)
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var j findingJSON
	if err := json.Unmarshal(b, &j); err != nil {
		return err
	}
	*f = Finding{
		File: j.File, Line: j.Line, Column: j.Column, MessageID: j.MessageID,
		Conversation: j.Conversation, Turn: j.Turn, Role: j.Role, Agent: j.Agent,
		Rule: j.Rule, Category: j.Category, Severity: j.Severity, Match: j.Match,
		Message: j.Message, Suggestions: j.Suggestions, Fix: j.Fix,
	}
	if j.Start != nil && j.End != nil {
		f.Start, f.End, f.HasSpan = *j.Start, *j.End, true
	}
	return nil
}
