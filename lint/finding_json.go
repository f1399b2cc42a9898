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
func (f *Finding) AppendJSON(b []byte) []byte {
	// The strings of f's rule come quoted already where f still has them.
	q := f.rule.jsonOf(f)
	w := jsonObject{b: append(b, '{')}
	w.str("file", f.File, true)
	w.num("line", f.Line, true)
	w.num("column", f.Column, true)
	w.str("message_id", f.MessageID, true)
	w.str("conversation", f.Conversation, true)
	w.num("turn", f.Turn, true)
	w.quoted("role", string(f.Role), fixedJSON(string(f.Role)), true)
	w.str("agent", f.Agent, true)
	w.quoted("rule", f.Rule, q.id, false)
	w.quoted("category", f.Category, q.category, false)
	w.quoted("severity", f.Severity.String(), q.severity, false)
	w.quoted("scope", f.Scope.String(), fixedJSON(f.Scope.String()), false)
	w.str("match", f.Match, true)
	if f.HasSpan() {
		w.num("start", f.Start, false)
		w.num("end", f.End, false)
	}
	w.message(f, q.parts)
	w.field("suggestions")
	if q.suggestions != "" {
		w.b = append(w.b, q.suggestions...)
	} else {
		w.b = appendJSONStrings(w.b, f.Suggestions)
	}
	if len(f.Edits) > 0 {
		w.field("edits")
		w.b = append(w.b, '[')
		for i := range f.Edits {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			e := &f.Edits[i]
			text := ""
			if e.Text == f.Fix {
				text = q.fix
			}
			w.edit(e, text)
		}
		w.b = append(w.b, ']')
	}
	w.quoted("fix", f.Fix, q.fix, true)
	return append(w.b, '}')
}

// jsonObject writes the members of one JSON object.
type jsonObject struct{ b []byte }

func (w *jsonObject) field(name string) {
	b := w.b // in a register, not stored back after every append
	if b[len(b)-1] != '{' {
		b = append(b, ',')
	}
	b = append(b, '"')
	b = append(b, name...)
	w.b = append(b, '"', ':')
}

func (w *jsonObject) str(name, v string, omitEmpty bool) {
	if omitEmpty && v == "" {
		return
	}
	w.field(name)
	w.b = appendJSONString(w.b, v)
}

func (w *jsonObject) num(name string, v int, omitEmpty bool) {
	if omitEmpty && v == 0 {
		return
	}
	w.field(name)
	w.b = strconv.AppendInt(w.b, int64(v), 10)
}

// fixedNames are the strings of a fixed few that every finding has one of,
// its scope and its role, as JSON. It is read-only: made at package
// initialisation, never written after.
var fixedNames = func() (q [][2]string) {
	for _, v := range append(scopeNames[:], string(Agent), string(Customer), string(Bot)) {
		q = append(q, [2]string{v, string(appendJSONString(nil, v))})
	}
	return q
}()

// fixedJSON is v as JSON if it is one of fixedNames, else "".
func fixedJSON(v string) string {
	for _, n := range fixedNames {
		if n[0] == v {
			return n[1]
		}
	}
	return ""
}

// quoted is str with v's JSON given, or "" for v to be quoted here.
func (w *jsonObject) quoted(name, v, q string, omitEmpty bool) {
	if q == "" {
		w.str(name, v, omitEmpty)
		return
	}
	w.field(name)
	w.b = append(w.b, q...)
}

// message writes f's message: its parts, when they are those of f's
// rule's template escaped (ruleShared), with the match escaped between
// them.
func (w *jsonObject) message(f *Finding, parts []string) {
	if parts == nil {
		w.str("message", f.Message, false)
		return
	}
	w.field("message")
	w.b = append(w.b, '"')
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

// edit writes e, its text's JSON being text if not "".
func (w *jsonObject) edit(e *Edit, text string) {
	w.b = append(w.b, '{')
	w.num("start", e.Start, false)
	w.num("end", e.End, false)
	w.quoted("text", e.Text, text, false)
	w.field("safe")
	w.b = strconv.AppendBool(w.b, e.Safe)
	w.str("id", e.ID, false)
	w.b = append(w.b, '}')
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
