package input

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
)

// Field names, lower case, that exports use for the same thing.
var (
	textKeys     = []string{"text", "content", "message", "内容", "消息内容", "聊天内容"}
	roleKeys     = []string{"role", "speaker", "sender", "from", "角色", "发送方"}
	convKeys     = []string{"conversation", "conversation_id", "session_id", "session", "chat_id", "会话id", "会话"}
	timeKeys     = []string{"time", "timestamp", "created_at", "datetime", "时间"}
	agentKeys    = []string{"agent", "agent_id", "agent_name", "name", "客服", "客服昵称"}
	idKeys       = []string{"id", "message_id", "msg_id"}
	messagesKeys = []string{"messages"}
)

// object is a JSON object's fields by lower-case key, with the lines its
// messages start on when it holds a messages array.
type object struct {
	fields   map[string]json.RawMessage
	messages []json.RawMessage
	msgLines []int
}

// parseObject reads a JSON object starting on line; the lines of the
// elements of its messages array are counted from there.
func parseObject(raw []byte, line int) (*object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("want a JSON object, not %s", describe(tok))
	}
	o := &object{fields: map[string]json.RawMessage{}}
	for dec.More() {
		tok, err := dec.Token()
		if err != nil {
			return nil, err
		}
		key := strings.ToLower(tok.(string))
		if key == "messages" {
			if tok, err = dec.Token(); err != nil {
				return nil, err
			}
			if d, ok := tok.(json.Delim); !ok || d != '[' {
				return nil, fmt.Errorf(`"messages" must be an array`)
			}
			for dec.More() {
				var el json.RawMessage
				if err := dec.Decode(&el); err != nil {
					return nil, err
				}
				start := int(dec.InputOffset()) - len(el)
				o.messages = append(o.messages, el)
				o.msgLines = append(o.msgLines, line+bytes.Count(raw[:start], []byte("\n")))
			}
			if _, err := dec.Token(); err != nil {
				return nil, err
			}
			o.fields[key] = json.RawMessage("[]")
			continue
		}
		var v json.RawMessage
		if err := dec.Decode(&v); err != nil {
			return nil, err
		}
		if _, dup := o.fields[key]; !dup {
			o.fields[key] = v
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	if dec.More() {
		return nil, errors.New("more than one JSON value on the line")
	}
	return o, nil
}

func describe(tok json.Token) string {
	switch tok.(type) {
	case json.Delim:
		return "an array"
	case string:
		return "a string"
	case nil:
		return "null"
	}
	return fmt.Sprintf("%v", tok)
}

// str returns the first of keys that o has, as a string: JSON strings as
// they are, numbers as written. ok is false when none is there (or null).
func (o *object) str(keys ...string) (s, key string, ok bool, err error) {
	for _, k := range keys {
		v, there := o.fields[k]
		if !there || string(v) == "null" {
			continue
		}
		switch {
		case len(v) > 0 && v[0] == '"':
			err = json.Unmarshal(v, &s)
		case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9'):
			s = string(v)
		default:
			err = fmt.Errorf("field %q: want a string", k)
		}
		return s, k, true, err
	}
	return "", "", false, nil
}

// text returns a message's words: a string, or OpenAI's list of content
// parts, whose text parts are joined.
func (o *object) text() (string, bool, error) {
	for _, k := range textKeys {
		v, there := o.fields[k]
		if !there || string(v) == "null" {
			continue
		}
		if len(v) > 0 && v[0] == '[' {
			var parts []struct {
				Type string `json:"type"`
				Text string `json:"text"`
			}
			if err := json.Unmarshal(v, &parts); err != nil {
				return "", true, fmt.Errorf("field %q: want a string or a list of text parts", k)
			}
			var b strings.Builder
			for _, p := range parts {
				if p.Type == "text" || p.Type == "" {
					b.WriteString(p.Text)
				}
			}
			return b.String(), true, nil
		}
		s, _, _, err := o.str(k)
		return s, true, err
	}
	return "", false, nil
}

// jsonState groups records into conversations: consecutive messages with the
// same conversation id are one conversation; a message without one is a
// conversation by itself; an object with "messages" is one.
type jsonState struct {
	*reader
	conv   *lint.Conversation
	convID string
}

func (s *jsonState) flush() error {
	c := s.conv
	s.conv, s.convID = nil, ""
	return s.send(c)
}

// record reads one JSON value that starts on line.
func (s *jsonState) record(raw []byte, line int) error {
	if !utf8.Valid(raw) {
		return s.bad(line, "not UTF-8 text")
	}
	if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '{' && t[0] != '[' && t[0] != '"' {
		// encoding/json would name the first byte of a Chinese
		// character as if it were Latin-1: show the text instead.
		return s.bad(line, "bad JSON: want an object, not %q", excerpt(t))
	}
	o, err := parseObject(raw, line)
	if err != nil {
		return s.bad(line, "bad JSON: %v", err)
	}
	if _, isConv := o.fields["messages"]; isConv {
		if err := s.flush(); err != nil {
			return err
		}
		return s.conversation(o, line)
	}
	m, ok, err := s.message(o, line, "")
	if err != nil || !ok {
		return err
	}
	id, _, _, err := o.str(convKeys...)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	return s.add(m, id)
}

// add puts a message record into its conversation: the current one if it
// has the same conversation id, else a new one.
func (s *jsonState) add(m lint.Message, id string) error {
	if s.conv == nil || id == "" || id != s.convID {
		if err := s.flush(); err != nil {
			return err
		}
		s.conv, s.convID = &lint.Conversation{ID: id}, id
	}
	s.conv.Messages = append(s.conv.Messages, m)
	if id == "" {
		return s.flush()
	}
	return nil
}

// conversation reads an object with a messages array (the OpenAI chat
// shape, with an id and an agent perhaps).
func (s *jsonState) conversation(o *object, line int) error {
	id, _, _, err := o.str(append(convKeys, "id")...)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	agent, _, _, err := o.str(agentKeys...)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	c := &lint.Conversation{ID: id}
	for i, raw := range o.messages {
		ml := o.msgLines[i]
		mo, err := parseObject(raw, ml)
		if err != nil {
			if err := s.bad(ml, "bad message: %v", err); err != nil {
				return err
			}
			continue
		}
		m, ok, err := s.message(mo, ml, agent)
		if err != nil {
			return err
		}
		if ok {
			c.Messages = append(c.Messages, m)
		}
	}
	return s.send(c)
}

// message reads one message object. ok is false for a message that is not
// a turn (a system prompt, a tool call without words) and for a malformed
// one passed over with --skip-bad.
func (s *jsonState) message(o *object, line int, agent string) (m lint.Message, ok bool, err error) {
	skip := func(format string, args ...any) (lint.Message, bool, error) {
		return m, false, s.bad(line, format, args...)
	}
	roleText, _, _, err := o.str(roleKeys...)
	if err != nil {
		return skip("%v", err)
	}
	who, err := s.roles.role(roleText)
	if err != nil {
		return skip("%v", err)
	}
	if who.ignored {
		return m, false, nil
	}
	text, found, err := o.text()
	if err != nil {
		return skip("%v", err)
	}
	if !found {
		if _, calls := o.fields["tool_calls"]; calls {
			return m, false, nil // an assistant's tool call says nothing to the customer
		}
		return skip("no text: want a %s field", quoteList(textKeys))
	}
	m = lint.Message{Role: who.role, Speaker: who.name, Text: text, Line: line, Column: 1}
	if m.ID, _, _, err = o.str(idKeys...); err != nil {
		return skip("%v", err)
	}
	name, _, _, err := o.str(agentKeys...)
	if err != nil {
		return skip("%v", err)
	}
	if name == "" && m.Role == lint.Agent {
		name = agent
	}
	if name != "" {
		m.Speaker = name
	}
	when, key, there, err := o.str(timeKeys...)
	if err != nil {
		return skip("%v", err)
	}
	if there && when != "" {
		if m.Time, err = ParseTime(when); err != nil {
			return skip("field %q: %v", key, err)
		}
	}
	return m, true, nil
}

func quoteList(keys []string) string {
	q := make([]string, len(keys))
	for i, k := range keys {
		q[i] = `"` + k + `"`
	}
	return strings.Join(q, ", ")
}

// jsonl reads one JSON object a line: a message, or a conversation with a
// messages array.
func (rd *reader) jsonl(r io.Reader) error {
	s := &jsonState{reader: rd}
	br := bufio.NewReaderSize(r, 64<<10)
	line := 0
	for {
		b, err := readLine(br)
		if len(b) > 0 || err == nil {
			line++
		}
		if err == errLongLine {
			return &Error{File: rd.name, Line: line, Msg: fmt.Sprintf("line longer than %d MB", maxLine>>20)}
		}
		if len(bytes.TrimSpace(b)) > 0 {
			if line == 1 {
				b = bytes.TrimPrefix(b, []byte{0xef, 0xbb, 0xbf})
			}
			if e := s.record(b, line); e != nil {
				return e
			}
		}
		if err == io.EOF {
			break
		}
		if err != nil {
			return &Error{File: rd.name, Line: line, Msg: err.Error()}
		}
	}
	return s.flush()
}

var errLongLine = errors.New("line too long")

// readLine returns the next line without its line break; at the end of the
// input it returns the last line (perhaps empty) and io.EOF.
func readLine(br *bufio.Reader) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > maxLine {
			return nil, errLongLine
		}
		if err == bufio.ErrBufferFull {
			continue
		}
		line = bytes.TrimRight(line, "\r\n")
		return line, err
	}
}

// json reads an array of messages or conversations, streaming: one element
// in memory at a time. A file that is a single object (or several) is read
// too.
func (rd *reader) json(r io.Reader) error {
	s := &jsonState{reader: rd}
	lines := &lineCounter{r: r}
	dec := json.NewDecoder(lines)
	// broken reports JSON that cannot be read on, at the line of the
	// syntax error where there is one.
	broken := func(err error) error {
		off := dec.InputOffset()
		var se *json.SyntaxError
		if errors.As(err, &se) && se.Offset > off {
			// Decode counts a syntax error's offset from the current
			// position, leaving out the white space before the value.
			rest, _ := io.ReadAll(dec.Buffered())
			lead := len(rest) - len(bytes.TrimLeft(rest, " \t\r\n"))
			off = se.Offset - 1 + int64(lead)
		}
		line := lines.lineAt(off)
		if e := rd.bad(line, "bad JSON: %v (the rest of the file cannot be read)", err); e != nil {
			return e
		}
		return s.flush()
	}
	first := true
	array := false
	for {
		if first {
			first = false
			// An opening bracket makes it an array of records;
			// otherwise the file is records one after another.
			tok, err := peekDelim(dec, lines)
			if err == io.EOF {
				return nil
			}
			if err != nil {
				return broken(err)
			}
			array = tok
		}
		if array && !dec.More() {
			if _, err := dec.Token(); err != nil {
				return broken(err)
			}
			if _, err := dec.Token(); err != io.EOF {
				return broken(errors.New("more after the closing ]"))
			}
			return s.flush()
		}
		var el json.RawMessage
		err := dec.Decode(&el)
		if err == io.EOF && !array {
			return s.flush()
		}
		if err != nil {
			return broken(err)
		}
		line := lines.lineAt(dec.InputOffset() - int64(len(el)))
		if err := s.record(el, line); err != nil {
			return err
		}
	}
}

// peekDelim reports whether the input starts with [ (consuming it), and
// leaves anything else for Decode.
func peekDelim(dec *json.Decoder, lines *lineCounter) (bool, error) {
	b, err := lines.firstByte()
	if err != nil {
		return false, err
	}
	if b != '[' {
		return false, nil
	}
	_, err = dec.Token()
	return true, err
}

// lineCounter counts the lines of what the decoder reads, so that an
// offset it reports can be turned into a line. It remembers only the line
// breaks the decoder may still ask about: those after the last offset asked.
type lineCounter struct {
	r      io.Reader
	read   int64
	breaks []int64 // offsets of line breaks past base
	base   int     // lines before breaks[0]
	peeked []byte
	// skipped is how many bytes firstByte read past that the decoder
	// never saw: its offsets are that much behind.
	skipped int64
}

func (c *lineCounter) Read(p []byte) (int, error) {
	if len(c.peeked) > 0 {
		n := copy(p, c.peeked)
		c.peeked = c.peeked[n:]
		c.note(p[:n])
		return n, nil
	}
	n, err := c.r.Read(p)
	c.note(p[:n])
	return n, err
}

func (c *lineCounter) note(p []byte) {
	for i, b := range p {
		if b == '\n' {
			c.breaks = append(c.breaks, c.read+int64(i))
		}
	}
	c.read += int64(len(p))
}

// firstByte returns the first byte that is not white space (and not a byte
// order mark), without consuming it for the decoder.
func (c *lineCounter) firstByte() (byte, error) {
	buf := make([]byte, 1)
	for {
		n, err := c.r.Read(buf)
		if n == 1 {
			switch buf[0] {
			case ' ', '\t', '\r', '\n', 0xef, 0xbb, 0xbf:
				if buf[0] == '\n' {
					c.breaks = append(c.breaks, c.read)
				}
				c.read++
				continue
			}
			c.peeked = []byte{buf[0]}
			c.skipped = c.read
			return buf[0], nil
		}
		if err != nil {
			return 0, err
		}
	}
}

// lineAt returns the 1-based line of the decoder's offset off; offsets
// asked for never go back, so the breaks before off are forgotten.
func (c *lineCounter) lineAt(off int64) int {
	off += c.skipped
	i := 0
	for i < len(c.breaks) && c.breaks[i] < off {
		i++
	}
	c.base += i
	c.breaks = c.breaks[i:]
	return c.base + 1
}

// excerpt is the start of b, for a message.
func excerpt(b []byte) string {
	rs := []rune(string(b[:min(len(b), 80)]))
	if len(rs) > 20 {
		return string(rs[:20]) + "…"
	}
	return string(rs)
}
