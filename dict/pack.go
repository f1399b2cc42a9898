package dict

import (
	"bytes"
	"errors"
	"fmt"
	"strings"

	"github.com/BurntSushi/toml"
)

// Pack is one TOML file of rules. Category and Severity at the top are the
// defaults for every rule in it.
type Pack struct {
	File     string     `toml:"-"`
	Category string     `toml:"category"`
	Severity string     `toml:"severity"`
	Rules    []RuleSpec `toml:"rule"`
	// Sets are named word lists that rules refer to as "@name" (the
	// agent's self-reference, negation words …). A set a later pack names
	// again is extended, not replaced: a team adds its persona names once.
	Sets map[string][]string `toml:"sets"`
	// Acts are the pack's speech acts ([[act]]), see ActSpec.
	Acts []ActSpec `toml:"act"`

	// embedded: the pack is the built-in catalogue's, whose acts and rules
	// its tests have compiled (see Embedded).
	embedded bool
}

// Embedded reports whether p is a pack of the built-in catalogue (from
// Builtin). Its tests compile every act and rule of it, so lint.New need
// not parse the acts' regexps again at every start.
func (p *Pack) Embedded() bool { return p.embedded }

// ActSpec is a speech act as written in a pack ([[act]]): the patterns
// that say it (a greeting, a closing, an apology, a complaint cue), with
// examples like a rule's. Rules and checklist items name acts by id, so a
// team writes its own way of saying a thing once. An act whose id an
// earlier pack defined extends it (its patterns, exceptions and examples
// are added) unless replace is set.
type ActSpec struct {
	ID          string   `toml:"id"`
	Description string   `toml:"description"`
	Patterns    []string `toml:"patterns"` // see rules.CompileActPattern
	Regexps     []string `toml:"regexps"`  // or regular expressions on the normalised text
	NotIn       []string `toml:"not_in"`
	Hits        []string `toml:"hits"`
	NonHits     []string `toml:"non_hits"`
	Replace     bool     `toml:"replace"`

	line int
}

// Line is the line of the file on which the act's [[act]] table starts.
func (a *ActSpec) Line() int { return a.line }

// RuleSpec is a rule as written in a pack. Kind picks the Go type that runs
// it; the other fields are that kind's data (Kinds says which keys each
// kind reads). Conditions (boundary, not_in …) apply to every term of the
// rule; an entry of Except may name the terms it applies to.
type RuleSpec struct {
	ID          string     `toml:"id"`
	Kind        string     `toml:"kind"` // lexicon (default), pattern, ratio, length, or a conversation kind
	Category    string     `toml:"category"`
	Severity    string     `toml:"severity"`
	Description string     `toml:"description"`
	Rationale   string     `toml:"rationale"`
	Seeds       []string   `toml:"seeds"`
	Message     string     `toml:"message"`
	Suggestions []string   `toml:"suggestions"`
	Fix         string     `toml:"fix"`
	Hits        []string   `toml:"hits"`
	NonHits     []string   `toml:"non_hits"`
	Fixes       [][]string `toml:"fixes"`
	// Edits are the replacements offered beside the safe fix, for a person
	// or an agent to choose; advice stays in suggestions.
	Edits []EditDecl `toml:"edits"`

	// lexicon
	Terms  []string `toml:"terms"`
	Repeat bool     `toml:"repeat"`
	View   string   `toml:"view"`
	// lexicon and pattern conditions
	Boundary    string   `toml:"boundary"`
	InsidePOS   []string `toml:"inside_pos"`
	NotIn       []string `toml:"not_in"`
	NotBefore   []string `toml:"not_before"`
	NotAfter    []string `toml:"not_after"`
	Before      []string `toml:"before"`
	After       []string `toml:"after"`
	NotBeforeRe string   `toml:"not_before_re"`
	NotAfterRe  string   `toml:"not_after_re"`
	Position    string   `toml:"position"`
	Quoted      bool     `toml:"quoted"`
	// the frame of the banned sense (see rules.Frame)
	NextPOS    []string `toml:"next_pos"`
	PrevPOS    []string `toml:"prev_pos"`
	Earlier    []string `toml:"earlier"`
	Later      []string `toml:"later"`
	Subject    []string `toml:"subject"`
	SubjectGap []string `toml:"subject_gap"`
	Persons    []string `toml:"persons"`
	// the frames of the innocent senses
	Except []FrameSpec `toml:"except"`
	// pattern
	Pattern       string   `toml:"pattern"`
	CaseSensitive bool     `toml:"case_sensitive"`
	Allow         []string `toml:"allow"`
	// ratio
	Count   []string `toml:"count"`
	Against []string `toml:"against"`
	Min     int      `toml:"min"`
	Factor  float64  `toml:"factor"`
	// length
	Max int `toml:"max"`
	// conversation rules
	Phrases []string `toml:"phrases"` // greeting, closing, apology phrases
	// Acts names the speech acts ([[act]]) a conversation rule looks for:
	// the greeting, the closing, the apology.
	Acts []string `toml:"acts"`
	// OfferActs and OfferMessage (greeting): an opening that holds only
	// one of these acts (an offer of help) gets OfferMessage instead.
	OfferActs    []string `toml:"offer_acts"`
	OfferMessage string   `toml:"offer_message"`
	// EndedBy (closing): acts of a customer's last turn that end the
	// conversation as the agent's last turn does (a bare 好的).
	EndedBy []string `toml:"ended_by"`
	// Cues weigh the signs of a complaint (act id = weight); a customer's
	// turns since the agent last spoke complain when their cues reach
	// Threshold.
	Cues      map[string]float64 `toml:"cues"`
	Threshold float64            `toml:"threshold"`
	// Carry is added to the score of the customer's turns after a
	// complaint the agent left unacknowledged.
	Carry    float64  `toml:"carry"`
	Triggers []string `toml:"triggers"` // customer words that call for an apology
	Seconds  float64  `toml:"seconds"`  // response-time limit for later replies
	First    float64  `toml:"first"`    // response-time limit for the first reply
	// LimitsFrom names the response-time rule whose limits say when a reply
	// is late (wait-apology), so that the limits are set in one place.
	LimitsFrom string `toml:"limits_from"`
	// checklist (a QA checklist item): when a trigger turn occurs, a
	// requirement must (or must not) follow. Without a trigger the
	// requirement holds over the whole conversation.
	TriggerRole    string   `toml:"trigger_role"`    // agent, customer (default) or any
	Trigger        []string `toml:"trigger"`         // keywords that trigger the item
	TriggerPattern string   `toml:"trigger_pattern"` // or a regexp on the normalised text
	TriggerNegate  bool     `toml:"trigger_negate"`  // a turn of trigger_role without them triggers
	RequireRole    string   `toml:"require_role"`    // agent (default), customer or any
	TriggerActs    []string `toml:"trigger_acts"`    // or speech acts ([[act]] ids)
	Require        []string `toml:"require"`         // keywords the requirement looks for
	RequireActs    []string `toml:"require_acts"`    // or speech acts ([[act]] ids)
	RequirePattern string   `toml:"require_pattern"` // or a regexp on the normalised text
	Within         int      `toml:"within"`          // in the next N turns of require_role; 0: before the end
	MustNot        bool     `toml:"must_not"`        // the requirement must not be met: every match is a breach
	Weight         float64  `toml:"weight"`          // score points one breach deducts; 0: the severity's
	Fatal          bool     `toml:"fatal"`           // one breach scores the conversation 0

	line int       // where the rule starts in its file, for error messages
	keys []keyLine // the keys the rule sets, in key order, and their lines (see checkKeys)
}

// FrameSpec is one entry of a rule's except list: the frame of an innocent
// sense, as a conjunction of predicates, with the reason it is innocent.
type FrameSpec struct {
	Terms      []string `toml:"terms"` // the terms it applies to; none: all
	In         []string `toml:"in"`
	Before     []string `toml:"before"`
	After      []string `toml:"after"`
	Earlier    []string `toml:"earlier"`
	Later      []string `toml:"later"`
	BeforeRe   string   `toml:"before_re"`
	AfterRe    string   `toml:"after_re"`
	NextPOS    []string `toml:"next_pos"`
	PrevPOS    []string `toml:"prev_pos"`
	Subject    []string `toml:"subject"`
	SubjectGap []string `toml:"subject_gap"`
	Person     []string `toml:"person"`
	Question   bool     `toml:"question"`
	Why        string   `toml:"why"`
}

// EditDecl is one entry of a rule's edits: the text that replaces the
// match ("" deletes it), and optionally regexps the text right before /
// after the match must match for the edit to be offered there.
type EditDecl struct {
	Text     string `toml:"text"`
	BeforeRe string `toml:"before_re"`
	AfterRe  string `toml:"after_re"`
}

// Line is the line of the file on which the rule's [[rule]] table starts.
func (r *RuleSpec) Line() int { return r.line }

// Parse reads one pack. Unknown keys and wrong types are errors naming the
// file, line and key: a misspelt exception must never be silently ignored.
func Parse(file string, data []byte) (*Pack, error) {
	if err := CheckTOMLShape(file, data); err != nil {
		return nil, err
	}
	var p Pack
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&p)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", file, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	p.File = file
	for i, line := range tableLines(data, "[[act]]") {
		if i < len(p.Acts) {
			p.Acts[i].line = line
		}
	}
	starts := tableLines(data, "[[rule]]")
	for i := range p.Rules {
		if i < len(starts) {
			p.Rules[i].line = starts[i]
		}

		if p.Rules[i].Category == "" {
			p.Rules[i].Category = p.Category
		}
		if p.Rules[i].Severity == "" {
			p.Rules[i].Severity = p.Severity
		}
	}
	// Keys of rules are checked first, for the line their rule gives.
	if err := recordKeys(file, data, &p, starts); err != nil {
		return nil, err
	}
	if un := md.Undecoded(); len(un) > 0 {
		key := un[0]
		return nil, fmt.Errorf("%s:%d: unknown key %q", file, KeyLine(data, key), key.String())
	}
	return &p, nil
}

// KeyLine finds the line on which the last part of key is assigned or
// opened as a table, after the line of its parent table where it can tell.
// The TOML decoder does not report key positions, so this reads the text.
func KeyLine(data []byte, key toml.Key) int {
	lines := strings.Split(string(data), "\n")
	last := key[len(key)-1]
	for i, l := range lines {
		t := strings.TrimSpace(l)
		if strings.HasPrefix(t, last+" ") || strings.HasPrefix(t, last+"=") ||
			strings.HasPrefix(t, `"`+last+`"`) || strings.Contains(t, "["+key.String()+"]") ||
			strings.Contains(t, "[["+key.String()+"]]") {
			return i + 1
		}
	}
	return 1
}

func tableLines(data []byte, header string) []int {
	var out []int
	for i, l := range strings.Split(string(data), "\n") {
		if strings.TrimSpace(l) == header {
			out = append(out, i+1)
		}
	}
	return out
}
