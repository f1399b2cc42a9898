package lint

import (
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/rules"
)

// ruleShared is what the findings of one rule have in common, worked out
// once when the Linter is made instead of for every finding (the server's
// profile had the message template's strings.ReplaceAll and the quoting of
// the same rule id, category, suggestions and message text, finding after
// finding, at a tenth of its CPU): the message template split at its
// {match} placeholders, and the JSON of the rule's own strings.
//
// A finding points at its rule's; AppendJSON takes a quoted form only
// while the finding's field still holds what it was quoted from (jsonOf),
// so that a finding changed after the check is written from what it holds.
// It is built once and only read after.
type ruleShared struct {
	id, category, fix string
	severity          rules.Severity
	suggestions       []string
	message           string   // the template the parts are of
	parts             []string // message split at "{match}"
	json              sharedJSON
	heads             [len(scopeNames)]string // sharedJSON.head of each scope
}

// sharedJSON is a rule's strings as AppendJSON writes them (appendJSONString),
// "" (nil) for one not to be taken.
type sharedJSON struct {
	id, category, severity, fix string
	suggestions                 string // "suggestions": and the whole list
	// head is the members rule, category, severity and scope as
	// AppendJSON writes them, for a finding of the scope that has all
	// three of the rule's (ruleShared.heads).
	head string
	// parts are the message's parts escaped as inside a JSON string,
	// without quotes; nil where a part is not UTF-8 (see message).
	parts []string
}

// matchMark is what a rule's message template has where the match goes.
const matchMark = "{match}"

func newRuleShared(m *rules.Meta) *ruleShared {
	s := &ruleShared{
		id: m.ID, category: m.Category, fix: m.Fix, severity: m.Severity,
		suggestions: m.Suggestions, message: m.Message, parts: strings.Split(m.Message, matchMark),
	}
	quote := func(v string) string { return string(appendJSONString(nil, v)) }
	s.json = sharedJSON{id: quote(s.id), category: quote(s.category), severity: quote(s.severity.String())}
	if s.fix != "" {
		s.json.fix = quote(s.fix)
	}
	s.json.suggestions = string(appendJSONStrings([]byte(`"suggestions":`), s.suggestions))
	for i := range s.heads {
		s.heads[i] = `"rule":` + s.json.id + `,"category":` + s.json.category + `,"severity":` + s.json.severity + `,"scope":` + scopeJSONs[i]
	}
	// Escaping a string is escaping its parts one after the other where
	// each part but the last ends where a rune does: the match from the
	// message's runes goes between parts that are UTF-8, whose decoding
	// ends at their ends and which begin where a rune does.
	if !slices.ContainsFunc(s.parts, func(p string) bool { return !utf8.ValidString(p) }) {
		for _, p := range s.parts {
			q := appendJSONString(nil, p)
			s.json.parts = append(s.json.parts, string(q[1:len(q)-1]))
		}
	}
	return s
}

// template is the message of m, f's rule, split at {match}, where f has
// its rule's ruleShared and m still has that message; nil otherwise.
func (f *Finding) template(m *rules.Meta) []string {
	if s := f.rule; s != nil && s.message == m.Message {
		return s.parts
	}
	return nil
}

// messageText is m.MessageText(match), m being f's rule: its template's
// parts joined by the match in one allocation (none without a match).
func (f *Finding) messageText(m *rules.Meta, match string) string {
	if parts := f.template(m); parts != nil {
		return strings.Join(parts, match)
	}
	return m.MessageText(match)
}

// setStrings sets the strings of f, a finding of rule m at a span whose
// runes are match: its match, its message and the ids of its edits. They
// are appended one after the other to room on the stack, made one string
// and cut from it: one allocation where there was one each (they live as
// long as f anyway).
func (f *Finding) setStrings(m *rules.Meta, match []rune) {
	var room [256]byte
	b := room[:0]
	for _, r := range match {
		b = utf8.AppendRune(b, r) // as string(match) writes each rune
	}
	matchEnd := len(b)
	parts := f.template(m)
	for i, p := range parts { // messageText's join, into b
		if i > 0 {
			b = append(b, b[:matchEnd]...)
		}
		b = append(b, p...)
	}
	messageEnd := len(b)
	var idEnds [8]int
	ids := len(f.Edits) <= len(idEnds)
	if ids {
		for k := range f.Edits {
			b = appendEditID(b, f.Rule, f.Start, f.End, k)
			idEnds[k] = len(b)
		}
	}
	all := string(b)
	f.Match = all[:matchEnd]
	if parts != nil {
		f.Message = all[matchEnd:messageEnd]
	} else {
		f.Message = m.MessageText(f.Match)
	}
	for k, at := 0, messageEnd; k < len(f.Edits); k++ {
		if !ids {
			f.Edits[k].ID = editID(f.Rule, f.Start, f.End, k)
			continue
		}
		f.Edits[k].ID, at = all[at:idEnds[k]], idEnds[k]
	}
}

// jsonOf returns the quoted strings of s that f's fields still hold; the
// others are "" (or nil), to be quoted from f as AppendJSON always did.
func (s *ruleShared) jsonOf(f *Finding) sharedJSON {
	var q sharedJSON
	if s == nil {
		return q
	}
	// The strings are most often the very ones s holds: comparing them
	// costs their lengths and pointers.
	if f.Rule == s.id {
		q.id = s.json.id
	}
	if f.Category == s.category {
		q.category = s.json.category
	}
	if f.Severity == s.severity {
		q.severity = s.json.severity
	}
	if q.id != "" && q.category != "" && q.severity != "" && int(f.Scope) < len(s.heads) {
		q.head = s.heads[f.Scope]
	}
	if f.Fix == s.fix {
		q.fix = s.json.fix
	}
	if sameStrings(f.Suggestions, s.suggestions) {
		q.suggestions = s.json.suggestions
	}
	if s.json.parts != nil && s.isMessage(f.Message, f.Match) {
		q.parts = s.json.parts
	}
	return q
}

// sameStrings reports whether a and b are equal and both nil or neither,
// at once when they are the same slice, as a finding's and its rule's
// suggestions most often are.
func sameStrings(a, b []string) bool {
	if (a == nil) != (b == nil) || len(a) != len(b) {
		return false
	}
	return len(a) == 0 || &a[0] == &b[0] || slices.Equal(a, b)
}

// isMessage reports whether msg is the template's parts joined by match.
func (s *ruleShared) isMessage(msg, match string) bool {
	if len(msg) != len(s.message)+(len(s.parts)-1)*(len(match)-len(matchMark)) {
		return false
	}
	for i, p := range s.parts {
		if i > 0 {
			if msg[:len(match)] != match {
				return false
			}
			msg = msg[len(match):]
		}
		if msg[:len(p)] != p {
			return false
		}
		msg = msg[len(p):]
	}
	return true
}

// keysJSON returns f's category and severity as JSON, for the keys of a
// summary's counts, where f still has its rule's; "" otherwise.
func (s *ruleShared) keysJSON(f *Finding) (category, severity string) {
	if s == nil {
		return "", ""
	}
	if f.Category == s.category {
		category = s.json.category
	}
	if f.Severity == s.severity {
		severity = s.json.severity
	}
	return category, severity
}
