package lint

import (
	"strconv"
	"unicode/utf8"
)

// AppendJSON appends f as json.Marshal writes its Record, byte for byte,
// without reflection: a batch run writes one line a finding, and
// encoding/json was a sixth of its time. The differential test in
// internal/output holds the two equal; a field added to Record is added here in
// the same place.
//
// The keys are written as they stand, quotes and colon included, and the
// members from rule to scope in one piece where they are the rule's
// (ruleShared): a short reply's two findings took some 5,000 instructions
// of a POST /v1/check's 47,000, most of them on appending names and
// quoting the same few strings member by member.
func (f *Finding) AppendJSON(b []byte) []byte {
	// The strings of f's rule come quoted already where f still has them.
	q := f.rule.jsonOf(f)
	w := jsonObject{b: append(b, '{')}
	w.str(`"file":`, f.File, true)
	w.num(`"line":`, f.Line, true)
	w.num(`"column":`, f.Column, true)
	w.str(`"message_id":`, f.MessageID, true)
	w.str(`"conversation":`, f.Conversation, true)
	w.num(`"turn":`, f.Turn, true)
	w.quoted(`"role":`, string(f.Role), roleJSON(f.Role), true)
	w.str(`"agent":`, f.Agent, true)
	if q.head != "" {
		w.field(q.head) // "rule":…,"category":…,"severity":…,"scope":…
	} else {
		w.quoted(`"rule":`, f.Rule, q.id, false)
		w.quoted(`"category":`, f.Category, q.category, false)
		w.quoted(`"severity":`, f.Severity.String(), q.severity, false)
		w.quoted(`"scope":`, f.Scope.String(), scopeJSON(f.Scope), false)
	}
	w.str(`"match":`, f.Match, true)
	if f.HasSpan() {
		w.num(`"start":`, f.Start, false)
		w.num(`"end":`, f.End, false)
	}
	w.message(f, q.parts)
	if q.suggestions != "" {
		w.field(q.suggestions) // "suggestions":[…]
	} else {
		w.field(`"suggestions":`)
		w.b = appendJSONStrings(w.b, f.Suggestions)
	}
	if len(f.Edits) > 0 {
		w.field(`"edits":[`)
		for i := range f.Edits {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			e := &f.Edits[i]
			text := ""
			if e.Text == f.Fix {
				text = q.fix
			}
			w.edit(f, i, q.id, text)
		}
		w.b = append(w.b, ']')
	}
	w.quoted(`"fix":`, f.Fix, q.fix, true)
	return append(w.b, '}')
}

// jsonObject writes the members of one JSON object.
type jsonObject struct{ b []byte }

// field starts a member: key is its name as JSON writes it, quotes and
// colon included (or more members written out, see AppendJSON), after a
// comma unless it is the object's first.
func (w *jsonObject) field(key string) {
	b := w.b // in a register, not stored back after every append
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	w.b = append(b, key...)
}

func (w *jsonObject) str(key, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.field(key)
	w.b = appendJSONString(w.b, v)
}

func (w *jsonObject) num(key string, v int, omitEmpty bool) {
	if omitEmpty && v == 0 {
		return
	}
	w.field(key)
	w.b = appendInt(w.b, v)
}

// appendInt is strconv.AppendInt in base 10, with the small numbers of
// positions and counts (below 1000) written digit by digit: the general
// conversion was some 120 instructions a number, a finding has six.
func appendInt(b []byte, v int) []byte {
	if uint(v) < 10 {
		return append(b, byte('0'+v)) // inlined where it is called
	}
	return appendLongerInt(b, v)
}

// appendLongerInt is appendInt of a number of two digits or more, or
// negative.
func appendLongerInt(b []byte, v int) []byte {
	switch {
	case uint(v) < 100:
		return append(b, byte('0'+v/10), byte('0'+v%10))
	case uint(v) < 1000:
		return append(b, byte('0'+v/100), byte('0'+v/10%10), byte('0'+v%10))
	}
	return strconv.AppendInt(b, int64(v), 10)
}

// scopeJSONs are the scopes' names as JSON. It is read-only: made at
// package initialisation, never written after.
var scopeJSONs = func() (q [len(scopeNames)]string) {
	for i, v := range scopeNames {
		q[i] = string(appendJSONString(nil, v))
	}
	return q
}()

// scopeJSON is s's name as JSON, "" for a scope without a name.
func scopeJSON(s Scope) string {
	if int(s) < len(scopeJSONs) {
		return scopeJSONs[s]
	}
	return ""
}

// roleJSON is r as JSON if it is one of the roles, else "".
func roleJSON(r Role) string {
	switch r {
	case Agent:
		return `"` + string(Agent) + `"`
	case Customer:
		return `"` + string(Customer) + `"`
	case Bot:
		return `"` + string(Bot) + `"`
	}
	return ""
}

// quoted is str with v's JSON given, or "" for v to be quoted here.
func (w *jsonObject) quoted(key, v, q string, omitEmpty bool) {
	if q == "" {
		w.str(key, v, omitEmpty)
		return
	}
	w.field(key)
	w.b = append(w.b, q...)
}

// message writes f's message: its parts, when they are those of f's
// rule's template escaped (ruleShared), with the match escaped between
// them.
func (w *jsonObject) message(f *Finding, parts []string) {
	if parts == nil {
		w.str(`"message":`, f.Message, false)
		return
	}
	w.field(`"message":"`)
	for i, p := range parts {
		if i > 0 {
			w.b = appendJSONChars(w.b, f.Match)
		}
		w.b = append(w.b, p...)
	}
	w.b = append(w.b, '"')
}

// appendJSONStrings appends a list of strings that is never omitted: null
// when nil, as encoding/json writes a nil slice.
func appendJSONStrings(b []byte, vs []string) []byte {
	if vs == nil {
		return append(b, "null"...)
	}
	b = append(b, '[')
	for i, s := range vs {
		if i > 0 {
			b = append(b, ',')
		}
		b = appendJSONString(b, s)
	}
	return append(b, ']')
}

// edit writes f's k-th edit, its text's JSON being text if not "", id
// f's rule id as JSON if not "".
func (w *jsonObject) edit(f *Finding, k int, id, text string) {
	e := &f.Edits[k]
	w.b = append(w.b, `{"start":`...)
	w.b = appendInt(w.b, e.Start)
	w.b = append(w.b, `,"end":`...)
	w.b = appendInt(w.b, e.End)
	w.quoted(`"text":`, e.Text, text, false)
	if e.Safe {
		w.b = append(w.b, `,"safe":true,"id":`...)
	} else {
		w.b = append(w.b, `,"safe":false,"id":`...)
	}
	w.b = appendEditIDJSON(w.b, e.ID, f, k, id)
	w.b = append(w.b, '}')
}

// appendEditIDJSON appends id, the id of f's k-th edit, as JSON. Where it
// is still editID's of the finding and the rule id needs no escaping (its
// JSON, ruleJSON, two bytes longer), the id is written afresh
// (appendEditID) and compared with it, where escaping it was a look at
// every byte.
func appendEditIDJSON(b []byte, id string, f *Finding, k int, ruleJSON string) []byte {
	if len(ruleJSON) != len(f.Rule)+2 || len(id) <= len(f.Rule) || id[:len(f.Rule)] != f.Rule {
		return appendJSONString(b, id)
	}
	at := len(b)
	b = appendEditID(append(b, '"'), f.Rule, f.Start, f.End, k)
	if string(b[at+1:]) != id {
		return appendJSONString(b[:at], id)
	}
	return append(b, '"')
}

// appendJSONString appends s quoted as encoding/json quotes it (with its
// HTML escaping, as json.Marshal does).
func appendJSONString(b []byte, s string) []byte {
	return append(appendJSONChars(append(b, '"'), s), '"')
}

// appendJSONChars appends s escaped as inside a JSON string, without the
// quotes.
func appendJSONChars(b []byte, s string) []byte {
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if plainASCII[c] {
				i++
				continue
			}
			b = appendASCIIEscape(append(b, s[start:i]...), c)
			i++
			start = i
			continue
		}
		if c >= 0xe1 && c <= 0xef && c != 0xe2 && c != 0xed && i+2 < len(s) && s[i+1]&0xc0 == 0x80 && s[i+2]&0xc0 == 0x80 {
			// Three bytes, most of Chinese: under these lead bytes any two
			// continuation bytes are a valid rune, and neither U+2028 nor
			// U+2029 (lead byte E2) is among them, so nothing is escaped
			// and nothing needs decoding.
			i += 3
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			b = append(append(b, s[start:i]...), `\ufffd`...)
		case r == '\u2028' || r == '\u2029':
			b = append(append(b, s[start:i]...), '\\', 'u', '2', '0', '2', hexDigits[r&0xF])
		default:
			i += size
			continue
		}
		i += size
		start = i
	}
	return append(b, s[start:]...)
}

const hexDigits = "0123456789abcdef"

// plainASCII[c] says that the ASCII byte c stands in a JSON string as it
// is: one load a byte, where the six comparisons were most of the time of
// an edit id's. It is read-only: made at package initialisation, never
// written after.
var plainASCII = func() (t [utf8.RuneSelf]bool) {
	for c := range t {
		t[c] = c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&'
	}
	return t
}()

// appendASCIIEscape escapes one ASCII byte as encoding/json does.
func appendASCIIEscape(b []byte, c byte) []byte {
	switch c {
	case '\\', '"':
		return append(b, '\\', c)
	case '\b':
		return append(b, '\\', 'b')
	case '\f':
		return append(b, '\\', 'f')
	case '\n':
		return append(b, '\\', 'n')
	case '\r':
		return append(b, '\\', 'r')
	case '\t':
		return append(b, '\\', 't')
	}
	return append(b, '\\', 'u', '0', '0', hexDigits[c>>4], hexDigits[c&0xF])
}
