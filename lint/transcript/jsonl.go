package transcript

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/internal/jsonscan"
)

// object is what a JSON object says about a message or a conversation:
// the value of each field (fieldNames), and, for an object read the
// general way, every key by its normalised form (normKey) with the lines
// its messages start on when it holds a messages array.
type object struct {
	raw   []byte // the object as read: known's spans are in it
	known [nFields]fieldSpan
	// toolCalls: the object has a tool_calls key (an assistant's call).
	toolCalls bool
	// seen marks the known keys met so far (keyInfo.bit): the first of a
	// key is kept, as encoding/json's reader here keeps it.
	seen [knownBits / 64]uint64
	// fields is nil on the fast path (parseFlat), which keeps only known.
	fields   map[string]json.RawMessage
	messages []json.RawMessage
	msgLines []int
	// keys are the keys the fast path met at each place in the last
	// records read into this object: an export writes the same keys in
	// the same order on every line, so a key is told by comparing a few
	// bytes instead of hashing it into knownKeys.
	keys [keyMemos]keyMemo
}

// keyMemos is how many of a record's first keys object.keys remembers.
const keyMemos = 8

// keyMemo is a key as written and what knownKeys (or keyInfoOf) says of it.
type keyMemo struct {
	key  string
	info keyInfo
}

// keyInfoAt is what the readers know of key, met at place n of a record.
func (o *object) keyInfoAt(key []byte, n int) keyInfo {
	if n < keyMemos && o.keys[n].key != "" && o.keys[n].key == string(key) {
		return o.keys[n].info
	}
	info, known := knownKeys[string(key)]
	if !known {
		info = keyInfoOf(normKey(string(key)))
	}
	if n < keyMemos {
		o.keys[n] = keyMemo{key: string(key), info: info}
	}
	return info
}

// fieldSpan is where a field's value is in the object: under the first of
// its names (normNames, rank the place there) that the object has with a
// value other than null. Offsets, not slices, so that an object is reset
// for the next record without the collector's write barriers.
type fieldSpan struct {
	start, end int32
	rank       int16
	set        bool
	// plain: the value is a string without escapes, its bytes as they
	// are (set by the fast path, which has looked at every byte).
	plain bool
}

// value returns field f's value and the name it stands under.
func (o *object) value(f field) (v []byte, key string, ok bool) {
	fs := o.known[f]
	if !fs.set {
		return nil, "", false
	}
	return o.raw[fs.start:fs.end], normNames[f][fs.rank], true
}

// plainString returns field f's value when it is a string without escapes:
// its contents, as they are.
func (o *object) plainString(f field) ([]byte, bool) {
	fs := o.known[f]
	if !fs.plain {
		return nil, false
	}
	return o.raw[fs.start+1 : fs.end-1], true
}

// keep records the value raw[start:end] of a key met for the first time,
// k normalised; bare says it is a string without escapes. It reports
// false for a key met before, whose first value stands.
func (o *object) keep(k string, info keyInfo, start, end int, bare bool) bool {
	if info.bit >= 0 {
		w, b := info.bit/64, uint64(1)<<(info.bit%64)
		if o.seen[w]&b != 0 {
			return false
		}
		o.seen[w] |= b
	}
	switch {
	case k == keyToolCalls:
		o.toolCalls = true
	case info.field >= 0 && string(o.raw[start:end]) != "null":
		if f := &o.known[info.field]; !f.set || info.rank < int(f.rank) {
			*f = fieldSpan{start: int32(start), end: int32(end), rank: int16(info.rank), set: true, plain: bare}
		}
	}
	return true
}

// parseObject reads a JSON object starting on line; the lines of the
// elements of its messages array are counted from there.
func parseObject(raw []byte, line int) (*object, error) {
	if o, ok := parseFlat(raw, nil); ok {
		return o, nil
	}
	return parseGeneral(raw, line)
}

// parseGeneral is parseObject without the fast path.
func parseGeneral(raw []byte, line int) (*object, error) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	tok, err := dec.Token()
	if err != nil {
		return nil, err
	}
	if d, ok := tok.(json.Delim); !ok || d != '{' {
		return nil, fmt.Errorf("want a JSON object, not %s", describe(tok))
	}
	o := &object{raw: raw, fields: map[string]json.RawMessage{}}
	for dec.More() {
		if err := o.member(dec, raw, line); err != nil {
			return nil, err
		}
	}
	if _, err := dec.Token(); err != nil {
		return nil, err
	}
	// More reports false before a stray } or ]: look at the bytes left.
	if rest := bytes.TrimSpace(raw[dec.InputOffset():]); len(rest) > 0 {
		return nil, fmt.Errorf("more after the end of the object: %q", excerpt(rest))
	}
	return o, nil
}

// member reads one key and its value into o; the first of a key kept.
func (o *object) member(dec *json.Decoder, raw []byte, line int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	key := normKey(tok.(string))
	if key == keyMessages {
		o.fields[key] = json.RawMessage("[]")
		return o.messageArray(dec, raw, line)
	}
	var v json.RawMessage
	if err := dec.Decode(&v); err != nil {
		return err
	}
	if _, dup := o.fields[key]; !dup {
		o.fields[key] = v
		end := int(dec.InputOffset())
		o.keep(key, keyInfoOf(key), end-len(v), end, false)
	}
	return nil
}

// messageArray reads the elements of a "messages" array, each with the
// line it starts on.
func (o *object) messageArray(dec *json.Decoder, raw []byte, line int) error {
	tok, err := dec.Token()
	if err != nil {
		return err
	}
	if d, ok := tok.(json.Delim); !ok || d != '[' {
		return fmt.Errorf(`"messages" must be an array`)
	}
	for dec.More() {
		var el json.RawMessage
		if err := dec.Decode(&el); err != nil {
			return err
		}
		start := int(dec.InputOffset()) - len(el)
		o.messages = append(o.messages, el)
		o.msgLines = append(o.msgLines, line+bytes.Count(raw[:start], []byte("\n")))
	}
	_, err = dec.Token()
	return err
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
// It reads an object read the general way; field reads any.
func (o *object) str(keys ...string) (s, key string, ok bool, err error) {
	for _, k := range keys {
		v, there := o.fields[k]
		if !there || string(v) == "null" {
			continue
		}
		s, err = strValue(k, v)
		return s, k, true, err
	}
	return "", "", false, nil
}

// field is str for the names of field f, in their order.
func (o *object) field(f field) (s, key string, ok bool, err error) {
	v, key, ok := o.value(f)
	if !ok {
		return "", "", false, nil
	}
	if p, plain := o.plainString(f); plain {
		return string(p), key, true, nil
	}
	s, err = strValue(key, v)
	return s, key, true, err
}

// strValue reads the value v of key k as a string.
func strValue(k string, v json.RawMessage) (s string, err error) {
	switch {
	case len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v[1:len(v)-1], '\\') < 0:
		s = string(v[1 : len(v)-1]) // no escapes: the string is its bytes
	case len(v) > 0 && v[0] == '"':
		err = json.Unmarshal(v, &s)
	case len(v) > 0 && (v[0] == '-' || v[0] >= '0' && v[0] <= '9'):
		s = string(v)
	default:
		err = fmt.Errorf("field %q: want a string", k)
	}
	return s, err
}

// fieldMemo is field for values that repeat from record to record (roles,
// the conversation id): a value equal to one of memo's is returned without
// a new string.
func (o *object) fieldMemo(memo *[2]string, f field) (s, key string, ok bool, err error) {
	// The field's value a plain string equal to one in memo?
	if p, plain := o.plainString(f); plain {
		for _, m := range memo {
			if string(p) == m {
				return m, normNames[f][o.known[f].rank], true, nil
			}
		}
	} else if v, key, _ := o.value(f); len(v) >= 2 && v[0] == '"' && bytes.IndexByte(v, '\\') < 0 {
		for _, m := range memo {
			if string(v[1:len(v)-1]) == m {
				return m, key, true, nil
			}
		}
	}
	s, key, ok, err = o.field(f)
	if err == nil && ok {
		memo[0], memo[1] = s, memo[0]
	}
	return s, key, ok, err
}

// text returns a message's words: a string, or OpenAI's list of content
// parts, whose text parts are joined.
func (o *object) text() (string, bool, error) {
	v, key, ok := o.value(fText)
	if !ok {
		return "", false, nil
	}
	if len(v) > 0 && v[0] == '[' {
		var parts []struct {
			Type string `json:"type"`
			Text string `json:"text"`
		}
		if err := json.Unmarshal(v, &parts); err != nil {
			return "", true, fmt.Errorf("field %q: want a string or a list of text parts", key)
		}
		var b strings.Builder
		for _, p := range parts {
			if p.Type == "text" || p.Type == "" {
				b.WriteString(p.Text)
			}
		}
		return b.String(), true, nil
	}
	s, _, _, err := o.field(fText)
	return s, true, err
}

// jsonState groups records into conversations: consecutive messages with the
// same conversation id are one conversation; a message without one is a
// conversation by itself; an object with "messages" is one.
type jsonState struct {
	*reader
	conv   *Conversation
	convID string
	// flat is reused for every record that parseFlat reads.
	flat *object
	// The last roles and conversation ids read, to reuse their strings.
	roleMemo, convMemo [2]string
	// chunk is set when reading one chunk of a file (chunk.go): it sees
	// every flush, and keeps a conversation that may run on unfinished.
	chunk *chunkState
	// slab holds the messages of the conversations read a record a line,
	// one after another, conv's last (from convAt): one allocation for
	// hundreds of messages instead of a slice for each conversation and
	// its growing. Each conversation's Messages is capped at its own end,
	// so that appending to it never writes over the next one's.
	slab   []Message
	convAt int
}

// slabSize is how many messages a slab holds: about a tenth of a batch
// chunk's, so that the part left unused when the chunk ends costs little.
const slabSize = 128

func (s *jsonState) flush() error {
	c := s.conv
	s.conv, s.convID = nil, ""
	if s.chunk != nil && s.chunk.flushed(c) {
		return nil
	}
	return s.send(c)
}

// record reads one JSON value that starts on line.
func (s *jsonState) record(raw []byte, line int) error {
	// The fast path checks the UTF-8 as it reads (parseFlat): a line it
	// reads is valid, and one it does not is checked here as before.
	o, ok := parseFlat(raw, s.flat)
	if ok {
		s.flat = o
	} else {
		if !utf8.Valid(raw) {
			return s.bad(line, "not UTF-8 text")
		}
		if t := bytes.TrimSpace(raw); len(t) > 0 && t[0] != '{' && t[0] != '[' && t[0] != '"' {
			// encoding/json would name the first byte of a Chinese
			// character as if it were Latin-1: show the text instead.
			return s.bad(line, "bad JSON: want an object, not %q", excerpt(t))
		}
		var err error
		if o, err = parseGeneral(raw, line); err != nil {
			return s.bad(line, "bad JSON: %v", err)
		}
	}
	if _, isConv := o.fields[keyMessages]; isConv {
		if err := s.flush(); err != nil {
			return err
		}
		return s.conversation(o, line)
	}
	m, ok, err := s.message(o, line, "")
	if err != nil || !ok {
		return err
	}
	id, _, _, err := o.fieldMemo(&s.convMemo, fConv)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	return s.add(m, id)
}

// add puts a message record into its conversation: the current one if it
// has the same conversation id, else a new one.
func (s *jsonState) add(m Message, id string) error {
	if s.conv == nil || id == "" || id != s.convID {
		if err := s.flush(); err != nil {
			return err
		}
		s.conv, s.convID, s.convAt = &Conversation{ID: id}, id, len(s.slab)
	}
	if len(s.slab) == cap(s.slab) {
		// A new slab, with the conversation's messages so far moved in.
		n := len(s.slab) - s.convAt
		slab := make([]Message, n, max(slabSize, 2*n))
		copy(slab, s.slab[s.convAt:])
		s.slab, s.convAt = slab, 0
	}
	s.slab = append(s.slab, m)
	s.conv.Messages = s.slab[s.convAt:len(s.slab):len(s.slab)]
	if id == "" {
		return s.flush()
	}
	return nil
}

// conversation reads an object with a messages array (the OpenAI chat
// shape, with an id and an agent perhaps).
func (s *jsonState) conversation(o *object, line int) error {
	id, _, _, err := o.str(append(slices.Clip(normNames[fConv]), "id")...)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	agent, _, _, err := o.field(fAgent)
	if err != nil {
		return s.bad(line, "%v", err)
	}
	c := &Conversation{ID: id}
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
// one passed over with --skip-bad. agent is the conversation's agent, if
// the object around the message names one.
func (s *jsonState) message(o *object, line int, agent string) (m Message, ok bool, err error) {
	rec, err := s.fields(o, line)
	if err != nil {
		return m, false, s.bad(line, "%v", err)
	}
	if rec.agent == "" {
		rec.agent = agent
	}
	if !rec.hasText {
		if o.toolCalls {
			return m, false, nil // an assistant's tool call says nothing to the customer
		}
		if sp := s.recordSpeaker(rec.role, ""); sp.ignored {
			return m, false, nil
		}
		return m, false, s.bad(line, "no text: want a %s field", quoteList(fieldNames[fText][:6]))
	}
	return s.toMessage(rec)
}

// fields reads the fields of a message object into a record.
func (s *jsonState) fields(o *object, line int) (rec entry, err error) {
	rec.line = line
	if rec.role, _, _, err = o.fieldMemo(&s.roleMemo, fRole); err != nil {
		return rec, err
	}
	if rec.text, rec.hasText, err = o.text(); err != nil {
		return rec, err
	}
	for _, f := range []struct {
		dst *string
		fl  field
	}{{&rec.id, fID}, {&rec.agent, fAgent}, {&rec.name, fName}} {
		if *f.dst, _, _, err = o.field(f.fl); err != nil {
			return rec, err
		}
	}
	if rec.time, rec.timeKey, _, err = o.field(fTime); err != nil {
		return rec, err
	}
	return rec, nil
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
			return rd.readError(err, line)
		}
	}
	return s.flush()
}

var errLongLine = errors.New("line too long")

// readLine returns the next line without its line break; at the end of the
// input it returns the last line (perhaps empty) and io.EOF.
func readLine(br *bufio.Reader) ([]byte, error) {
	chunk, err := br.ReadSlice('\n')
	if err != bufio.ErrBufferFull {
		// The whole line is in the buffer: no copy. It holds until the
		// next read, and a record is done with before that.
		return bytes.TrimRight(chunk, "\r\n"), err
	}
	line := append([]byte(nil), chunk...)
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
	lines := &lineCounter{r: r}
	j := &jsonFile{jsonState: &jsonState{reader: rd}, lines: lines, dec: json.NewDecoder(lines)}
	// An opening bracket makes it an array of records; otherwise the
	// file is records one after another.
	array, err := peekDelim(j.dec, lines)
	if err == io.EOF {
		return nil
	}
	if err != nil {
		return j.broken(err)
	}
	for {
		done, err := j.next(array)
		if done || err != nil {
			return err
		}
	}
}

// jsonFile is a JSON file being read.
type jsonFile struct {
	*jsonState
	lines *lineCounter
	dec   *json.Decoder
}

// next reads the next record; done at the end of the file.
func (j *jsonFile) next(array bool) (done bool, err error) {
	if array && !j.dec.More() {
		return true, j.end()
	}
	var el json.RawMessage
	err = j.dec.Decode(&el)
	if err == io.EOF && !array {
		return true, j.flush()
	}
	if err != nil {
		return true, j.broken(err)
	}
	return false, j.record(el, j.lines.lineAt(j.dec.InputOffset()-int64(len(el))))
}

// end reads the closing bracket of an array, and nothing after it.
func (j *jsonFile) end() error {
	if _, err := j.dec.Token(); err != nil {
		return j.broken(err)
	}
	if _, err := j.dec.Token(); err != io.EOF {
		return j.broken(errors.New("more after the closing ]"))
	}
	return j.flush()
}

// broken reports JSON that cannot be read on, at the line of the syntax
// error where there is one.
func (j *jsonFile) broken(err error) error {
	if _, refused := err.(*Error); refused {
		return err // the decoder's: not text
	}
	line := j.lines.lineAt(syntaxOffset(j.dec, err))
	if e := j.bad(line, "bad JSON: %v (the rest of the file cannot be read)", err); e != nil {
		return e
	}
	return j.flush()
}

// syntaxOffset is the decoder's offset of the byte a syntax error is at.
// The decoder's own SyntaxError.Offset is counted differently inside an
// array and between top-level values (and off by the white space before a
// value), so the value is checked again from where the decoder stopped:
// what it still holds starts there and runs past the error.
func syntaxOffset(dec *json.Decoder, err error) int64 {
	off := dec.InputOffset()
	var se *json.SyntaxError
	if !errors.As(err, &se) {
		return off
	}
	rest, _ := io.ReadAll(dec.Buffered())
	var v json.RawMessage
	if err := json.Unmarshal(rest, &v); errors.As(err, &se) && se.Offset > 0 {
		return off + se.Offset - 1
	}
	return off
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

// parseFlat is parseObject's fast path for the common record: one object
// whose values are strings, numbers, true, false or null, and whose keys
// have no escapes. It reads the line with a few loops instead of
// encoding/json's reflection and token API (a 100 MB export spent more
// than half its time there). ok is false for anything else — nested
// values, escaped keys, a syntax error — and parseObject then reads the
// line the general way, with its error messages. It checks the UTF-8 of
// the keys and strings as it reads them, and all else it reads is ASCII, so
// a line it reads is valid UTF-8; one that is not, it leaves to the general
// way too. o, if not nil, is an object of an earlier record to reuse.
func parseFlat(raw []byte, o *object) (*object, bool) {
	i := skipSpace(raw, 0)
	if i >= len(raw) || raw[i] != '{' {
		return nil, false
	}
	if o == nil {
		o = &object{}
	}
	// The last record's object, reused: a flat one has no fields map and no
	// messages, and the rest holds no pointer but raw.
	o.raw, o.known, o.toolCalls, o.seen = raw, [nFields]fieldSpan{}, false, [knownBits / 64]uint64{}
	i = skipSpace(raw, i+1)
	if i < len(raw) && raw[i] == '}' {
		return o, skipSpace(raw, i+1) == len(raw)
	}
	for n := 0; ; n++ {
		var ok bool
		if i, ok = o.flatMember(raw, i, n); !ok {
			return nil, false
		}
		switch {
		case i >= len(raw):
			return nil, false
		case raw[i] == '}':
			return o, skipSpace(raw, i+1) == len(raw)
		case raw[i] != ',':
			return nil, false
		}
		i = skipSpace(raw, i+1)
	}
}

// flatMember reads the member "key": value at i, the record's member n,
// into o, and returns where what follows it starts. ok is false where the
// line is for the general way: an escaped key, a value that is not flat,
// a conversation.
func (o *object) flatMember(raw []byte, i, n int) (next int, ok bool) {
	key, i, ok := flatKey(raw, i)
	if !ok {
		return 0, false
	}
	end, bare, ok := scanFlatValue(raw, i)
	if !ok {
		return 0, false
	}
	info := o.keyInfoAt(key, n)
	if info.norm == keyMessages {
		return 0, false // a conversation: the general way
	}
	o.keep(info.norm, info, i, end, bare)
	return skipSpace(raw, end), true
}

// flatKey reads a key without escapes and its colon at i, and returns the
// key and where its value starts.
func flatKey(raw []byte, i int) (key []byte, next int, ok bool) {
	if i >= len(raw) || raw[i] != '"' {
		return nil, 0, false
	}
	j, ok := jsonscan.PlainRun(raw, i+1)
	if !ok || j >= len(raw) || raw[j] != '"' {
		return nil, 0, false // an escape, a control character, not UTF-8: the general way
	}
	next = skipSpace(raw, j+1)
	if next >= len(raw) || raw[next] != ':' {
		return nil, 0, false
	}
	return raw[i+1 : j], skipSpace(raw, next+1), true
}

func skipSpace(b []byte, i int) int {
	for i < len(b) && (b[i] == ' ' || b[i] == '\t' || b[i] == '\n' || b[i] == '\r') {
		i++
	}
	return i
}

// scanFlatValue returns the end of the string, number or literal at i;
// bare says it is a string without escapes.
func scanFlatValue(b []byte, i int) (end int, bare, ok bool) {
	if i >= len(b) {
		return 0, false, false
	}
	switch c := b[i]; {
	case c == '"':
		return scanString(b, i+1)
	case c == '-' || '0' <= c && c <= '9':
		end, ok = scanNumber(b, i)
		return end, false, ok
	}
	end, ok = scanLiteral(b, i)
	return end, false, ok
}

// scanString returns the end of the JSON string whose contents start at i,
// after its opening quote, checking that they are UTF-8; bare says they
// have no escapes.
func scanString(b []byte, i int) (end int, bare, ok bool) {
	bare = true
	for i < len(b) {
		if i, ok = jsonscan.PlainRun(b, i); !ok {
			return 0, false, false
		}
		switch {
		case i >= len(b) || b[i] < 0x20:
			return 0, false, false
		case b[i] == '"':
			return i + 1, bare, true
		}
		bare = false
		n, ok := escapeLen(b, i+1) // b[i] is a backslash
		if !ok {
			return 0, false, false
		}
		i += 1 + n
	}
	return 0, false, false
}

// escapeLen returns how many bytes the escape at i (after a backslash)
// takes: one, or five for \uXXXX.
func escapeLen(b []byte, i int) (int, bool) {
	if i >= len(b) {
		return 0, false
	}
	switch b[i] {
	case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
		return 1, true
	case 'u':
		if i+4 >= len(b) {
			return 0, false
		}
		for _, h := range b[i+1 : i+5] {
			if !('0' <= h && h <= '9' || 'a' <= h && h <= 'f' || 'A' <= h && h <= 'F') {
				return 0, false
			}
		}
		return 5, true
	}
	return 0, false
}

// scanLiteral returns the end of the true, false or null at i.
func scanLiteral(b []byte, i int) (int, bool) {
	for _, lit := range [...]string{"true", "false", "null"} {
		if string(b[i:min(len(b), i+len(lit))]) == lit {
			return i + len(lit), true
		}
	}
	return 0, false
}

// scanNumber returns the end of the JSON number at i:
// -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?
func scanNumber(b []byte, i int) (int, bool) {
	digits := func(i int) int {
		for i < len(b) && '0' <= b[i] && b[i] <= '9' {
			i++
		}
		return i
	}
	if b[i] == '-' {
		i++
	}
	switch {
	case i < len(b) && b[i] == '0':
		i++
	case i < len(b) && '1' <= b[i] && b[i] <= '9':
		i = digits(i)
	default:
		return 0, false
	}
	if i < len(b) && b[i] == '.' {
		j := digits(i + 1)
		if j == i+1 {
			return 0, false
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := digits(i)
		if j == i {
			return 0, false
		}
		i = j
	}
	// A literal or number must end at a delimiter for the line to be JSON;
	// the caller checks what follows.
	return i, true
}
