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
	w := jsonObject{b: append(b, '{')}
	w.str("file", f.File, true)
	w.num("line", f.Line, true)
	w.num("column", f.Column, true)
	w.str("message_id", f.MessageID, true)
	w.str("conversation", f.Conversation, true)
	w.num("turn", f.Turn, true)
	w.str("role", string(f.Role), true)
	w.str("agent", f.Agent, true)
	w.str("rule", f.Rule, false)
	w.str("category", f.Category, false)
	w.str("severity", f.Severity.String(), false)
	w.str("scope", f.Scope.String(), false)
	w.str("match", f.Match, true)
	if f.HasSpan() {
		w.num("start", f.Start, false)
		w.num("end", f.End, false)
	}
	w.str("message", f.Message, false)
	w.strs("suggestions", f.Suggestions)
	if len(f.Edits) > 0 {
		w.field("edits")
		w.b = append(w.b, '[')
		for i := range f.Edits {
			if i > 0 {
				w.b = append(w.b, ',')
			}
			w.edit(&f.Edits[i])
		}
		w.b = append(w.b, ']')
	}
	w.str("fix", f.Fix, true)
	return append(w.b, '}')
}

// jsonObject writes the members of one JSON object.
type jsonObject struct{ b []byte }

func (w *jsonObject) field(name string) {
	if w.b[len(w.b)-1] != '{' {
		w.b = append(w.b, ',')
	}
	w.b = append(w.b, '"')
	w.b = append(w.b, name...)
	w.b = append(w.b, '"', ':')
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

// strs writes a list that is never omitted: null when nil, as
// encoding/json writes a nil slice.
func (w *jsonObject) strs(name string, vs []string) {
	w.field(name)
	if vs == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '[')
	for i, s := range vs {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		w.b = appendJSONString(w.b, s)
	}
	w.b = append(w.b, ']')
}

func (w *jsonObject) edit(e *Edit) {
	w.b = append(w.b, '{')
	w.num("start", e.Start, false)
	w.num("end", e.End, false)
	w.str("text", e.Text, false)
	w.field("safe")
	w.b = strconv.AppendBool(w.b, e.Safe)
	w.str("id", e.ID, false)
	w.b = append(w.b, '}')
}

// appendJSONString appends s quoted as encoding/json quotes it (with its
// HTML escaping, as json.Marshal does).
func appendJSONString(b []byte, s string) []byte {
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
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
	b = append(b, s[start:]...)
	return append(b, '"')
}

const hexDigits = "0123456789abcdef"

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
