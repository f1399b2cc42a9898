package lint

import (
	"encoding/json"
	"fmt"
	"strconv"
	"time"

	"github.com/replylint/replylint/rules"
)

// Finding is one breach of one rule. Its wire shape (INTERFACE.md) is
// Record; every format derives from that one definition.
type Finding struct {
	File         string
	Line         int
	Column       int
	MessageID    string
	Conversation string
	// Turn is the 1-based turn of the message in its conversation, 0 for a
	// draft (a lone message) and for a finding about a whole conversation;
	// Scope tells the two apart.
	Turn     int
	Role     Role
	Agent    string
	Rule     string
	Category string
	Severity rules.Severity
	// Scope says what the finding is about: a span of a message (Start, End
	// and Match are set), a whole message, or a whole conversation.
	Scope Scope
	Match string
	// Start and End are code-point offsets into the message text, end
	// exclusive, for ScopeSpan.
	Start       int
	End         int
	Message     string
	Suggestions []string
	// Edits are the changes a program can apply, offsets into the message
	// text; the safe ones are what Fix applies.
	Edits []Edit
	// Fix is the safe rewrite of Match, where there is one.
	Fix string
	// Text is the message the finding is in, for showing it in context.
	Text string
	// Time is when that message was sent (for a finding about a whole
	// conversation, its first message); zero when the input has no time.
	Time time.Time

	// rule is what the findings of the finding's rule share, for writing
	// them (ruleShared); nil for a finding the engine did not make.
	rule *ruleShared
}

// HasSpan reports whether the finding points at a span of its message.
func (f *Finding) HasSpan() bool { return f.Scope == ScopeSpan }

// Scope is what a finding is about. The zero Scope is a whole conversation,
// so a finding built without a message or span claims neither.
type Scope uint8

// The scopes, from the widest.
const (
	ScopeConversation Scope = iota
	ScopeMessage
	ScopeSpan
)

// It is read-only: a fixed table, never written after package initialisation.
var scopeNames = [...]string{ScopeConversation: "conversation", ScopeMessage: "message", ScopeSpan: "span"}

func (s Scope) String() string {
	if int(s) < len(scopeNames) {
		return scopeNames[s]
	}
	return "Scope(" + strconv.Itoa(int(s)) + ")"
}

// parseScope reads a scope's name.
func parseScope(name string) (Scope, error) {
	for i, n := range scopeNames {
		if n == name {
			return Scope(i), nil
		}
	}
	return 0, fmt.Errorf("unknown scope %q (want span, message or conversation)", name)
}

// Edit is one change a program can apply to a message: replace the code
// points Start…End of its text with Text (empty Text deletes). Safe edits
// are the rewrites `fix` makes on its own; the others are for a person or an
// agent to choose.
type Edit struct {
	Start int    `json:"start" jsonschema:"first code point of the message text to replace, 0-based"`
	End   int    `json:"end" jsonschema:"end of the replaced code points, exclusive"`
	Text  string `json:"text" jsonschema:"the replacement; empty deletes"`
	Safe  bool   `json:"safe" jsonschema:"true for a mechanical rewrite that fix_reply applies on its own"`
	// ID names the edit for a caller to ask for it (/v1/fix, fix_reply):
	// rule@start:end#k, k counting the finding's edits from 0. It holds as
	// long as the text it was computed on is unchanged.
	ID string `json:"id" jsonschema:"the edit's id, to pass to fix_reply in apply"`
}

// editID is the id of the k-th edit of the finding of rule at start…end.
func editID(rule string, start, end, k int) string {
	var room [64]byte
	return string(appendEditID(room[:0], rule, start, end, k))
}

// appendEditID appends editID(rule, start, end, k) to b: one append of
// each part, where the concatenation of three Itoa made temporaries.
func appendEditID(b []byte, rule string, start, end, k int) []byte {
	b = append(b, rule...)
	b = appendInt(append(b, '@'), start)
	b = appendInt(append(b, ':'), end)
	return appendInt(append(b, '#'), k)
}

// Record is a Finding as JSON carries it: the one definition of the wire
// shape of INTERFACE.md. Fields that do not apply are omitted; start and end
// exist exactly for scope "span" (0 is a valid start). The jsonschema tags
// describe it to MCP clients.
type Record struct {
	File         string   `json:"file,omitempty" jsonschema:"the input file"`
	Line         int      `json:"line,omitempty" jsonschema:"1-based line in the input file"`
	Column       int      `json:"column,omitempty" jsonschema:"1-based column in the input file, in code points"`
	MessageID    string   `json:"message_id,omitempty" jsonschema:"the record's id, where it has one"`
	Conversation string   `json:"conversation,omitempty" jsonschema:"the conversation's id"`
	Turn         int      `json:"turn,omitempty" jsonschema:"1-based turn of the message in its conversation"`
	Role         Role     `json:"role,omitempty" jsonschema:"who wrote the message: agent or customer"`
	Agent        string   `json:"agent,omitempty" jsonschema:"the agent's name, where the transcript gives one"`
	Rule         string   `json:"rule" jsonschema:"rule id, e.g. hedge.maybe"`
	Category     string   `json:"category" jsonschema:"rule category, e.g. honorific, hedge, overpromise"`
	Severity     string   `json:"severity" jsonschema:"error (must be fixed before sending), warning or info"`
	Scope        string   `json:"scope" jsonschema:"span (start/end/match are set), message (the whole reply) or conversation"`
	Match        string   `json:"match,omitempty" jsonschema:"the offending words as they stand in the text"`
	Start        *int     `json:"start,omitempty" jsonschema:"offset of the match in Unicode code points, 0-based"`
	End          *int     `json:"end,omitempty" jsonschema:"end of the match in code points, exclusive"`
	Message      string   `json:"message" jsonschema:"what is wrong, in Chinese"`
	Suggestions  []string `json:"suggestions" jsonschema:"approved phrasing to use instead, or how to rephrase"`
	Edits        []Edit   `json:"edits,omitempty" jsonschema:"changes that can be applied to the text, offsets in code points"`
	Fix          string   `json:"fix,omitempty" jsonschema:"the safe replacement fix would make, when there is one"`
}

// Record returns f in its wire shape.
func (f *Finding) Record() Record {
	r := Record{
		File: f.File, Line: f.Line, Column: f.Column, MessageID: f.MessageID,
		Conversation: f.Conversation, Turn: f.Turn, Role: f.Role, Agent: f.Agent,
		Rule: f.Rule, Category: f.Category, Severity: f.Severity.String(), Scope: f.Scope.String(),
		Match: f.Match, Message: f.Message, Suggestions: f.Suggestions, Edits: f.Edits, Fix: f.Fix,
	}
	if f.HasSpan() {
		s, e := f.Start, f.End
		r.Start, r.End = &s, &e
	}
	return r
}

// Finding reads a finding back from its wire shape.
func (r *Record) Finding() (Finding, error) {
	sev, err := rules.ParseSeverity(r.Severity)
	if err != nil {
		return Finding{}, err
	}
	scope, err := parseScope(r.Scope)
	if err != nil {
		return Finding{}, err
	}
	f := Finding{
		File: r.File, Line: r.Line, Column: r.Column, MessageID: r.MessageID,
		Conversation: r.Conversation, Turn: r.Turn, Role: r.Role, Agent: r.Agent,
		Rule: r.Rule, Category: r.Category, Severity: sev, Scope: scope,
		Match: r.Match, Message: r.Message, Suggestions: r.Suggestions, Edits: r.Edits, Fix: r.Fix,
	}
	if scope == ScopeSpan {
		if r.Start == nil || r.End == nil {
			return Finding{}, fmt.Errorf("finding of scope span without start and end")
		}
		f.Start, f.End = *r.Start, *r.End
	}
	return f, nil
}

// MarshalJSON writes f's Record, as AppendJSON does.
func (f Finding) MarshalJSON() ([]byte, error) {
	return f.AppendJSON(nil), nil
}

// UnmarshalJSON reads what MarshalJSON writes.
func (f *Finding) UnmarshalJSON(b []byte) error {
	var r Record
	if err := json.Unmarshal(b, &r); err != nil {
		return err
	}
	g, err := r.Finding()
	if err != nil {
		return err
	}
	*f = g
	return nil
}
