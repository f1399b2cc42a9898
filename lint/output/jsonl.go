package output

import (
	"bufio"
	"io"
	"strconv"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
)

func init() {
	extra["jsonl"] = func(w io.Writer, _ Options) Formatter { return &jsonlFormatter{w: bufio.NewWriter(w)} }
}

// jsonlFormatter writes one finding object a line and no summary, so that
// each line can be read (or grepped, or appended to a log) on its own.
type jsonlFormatter struct {
	w   *bufio.Writer
	buf []byte
}

func (j *jsonlFormatter) Write(fs []lint.Finding) error {
	for i := range fs {
		j.buf = appendFinding(j.buf[:0], &fs[i])
		j.buf = append(j.buf, '\n')
		j.w.Write(j.buf)
	}
	// A batch is one file or conversation: flushing here lets a pipeline
	// reading the output see findings as they come.
	return j.w.Flush()
}

func (j *jsonlFormatter) Close(*lint.Summary) error { return j.w.Flush() }

// appendFinding appends f as json.Marshal writes it (lint.Finding's
// MarshalJSON), byte for byte, without reflection: a batch run writes one
// a finding, and encoding/json was a sixth of its time.
func appendFinding(b []byte, f *lint.Finding) []byte {
	b = append(b, '{')
	field := func(name string) {
		if b[len(b)-1] != '{' {
			b = append(b, ',')
		}
		b = append(b, '"')
		b = append(b, name...)
		b = append(b, '"', ':')
	}
	str := func(name, v string, omitEmpty bool) {
		if omitEmpty && v == "" {
			return
		}
		field(name)
		b = appendJSONString(b, v)
	}
	num := func(name string, v int, omitEmpty bool) {
		if omitEmpty && v == 0 {
			return
		}
		field(name)
		b = strconv.AppendInt(b, int64(v), 10)
	}
	str("file", f.File, true)
	num("line", f.Line, true)
	num("column", f.Column, true)
	str("message_id", f.MessageID, true)
	str("conversation", f.Conversation, true)
	num("turn", f.Turn, true)
	str("role", string(f.Role), true)
	str("agent", f.Agent, true)
	str("rule", f.Rule, false)
	str("category", f.Category, false)
	str("severity", f.Severity.String(), false)
	str("match", f.Match, true)
	if f.HasSpan {
		num("start", f.Start, false)
		num("end", f.End, false)
	}
	str("message", f.Message, false)
	field("suggestions")
	if f.Suggestions == nil {
		b = append(b, "null"...)
	} else {
		b = append(b, '[')
		for i, s := range f.Suggestions {
			if i > 0 {
				b = append(b, ',')
			}
			b = appendJSONString(b, s)
		}
		b = append(b, ']')
	}
	str("fix", f.Fix, true)
	return append(b, '}')
}

// appendJSONString appends s quoted as encoding/json quotes it (with its
// HTML escaping, as json.Marshal does).
func appendJSONString(b []byte, s string) []byte {
	const hex = "0123456789abcdef"
	b = append(b, '"')
	start := 0
	for i := 0; i < len(s); {
		if c := s[i]; c < utf8.RuneSelf {
			if c >= 0x20 && c != '"' && c != '\\' && c != '<' && c != '>' && c != '&' {
				i++
				continue
			}
			b = append(b, s[start:i]...)
			switch c {
			case '\\', '"':
				b = append(b, '\\', c)
			case '\b':
				b = append(b, '\\', 'b')
			case '\f':
				b = append(b, '\\', 'f')
			case '\n':
				b = append(b, '\\', 'n')
			case '\r':
				b = append(b, '\\', 'r')
			case '\t':
				b = append(b, '\\', 't')
			default:
				b = append(b, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xF])
			}
			i++
			start = i
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		if r == utf8.RuneError && size == 1 {
			b = append(b, s[start:i]...)
			b = append(b, `\ufffd`...)
			i += size
			start = i
			continue
		}
		if r == '\u2028' || r == '\u2029' {
			b = append(b, s[start:i]...)
			b = append(b, '\\', 'u', '2', '0', '2', hex[r&0xF])
			i += size
			start = i
			continue
		}
		i += size
	}
	b = append(b, s[start:]...)
	return append(b, '"')
}
