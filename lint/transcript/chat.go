package transcript

import (
	"bufio"
	"errors"
	"fmt"
	"regexp"
	"slices"
	"strings"
	"time"
	"unicode"
)

// maxLine is the longest line a chat log or JSONL file may have; a longer
// one is an error rather than unbounded memory.
const maxLine = 64 << 20

// A chat log is one turn a line:
//
//	客户（10:00:00）：“你好，在吗？”
//	[2024-05-01 10:00:03] 客服小妮: 您好
//	买家：在吗 / 卖家：在的
//
// and the seed's exercise dialogues put several turns on one line, each in
// quotes: 客户(10:00:00):“你好,在吗?”客服(10:00:03):“在的,您好!”. Lines that
// start no turn continue the one before; blank lines and --- separate
// conversations.

// These are read-only: compiled patterns, safe for concurrent use and never reassigned.
var (
	// A date and time before the speaker, without brackets.
	leadingTime = regexp.MustCompile(`^\d{4}[-/.年]\d{1,2}[-/.月]\d{1,2}日?[ T]\d{1,2}:\d{2}(:\d{2})?\s+`)
	// A time after the speaker, without brackets.
	trailingTime = regexp.MustCompile(`^\d{1,2}:\d{2}(:\d{2})?`)
)

// turnHead is where a turn starts on a line: who speaks, when, and the
// rune offset where the words begin.
type turnHead struct {
	who  speaker
	when string // as written, "" when the line has no time
	text int
}

// segment is one turn's words on a line: runes [text, end).
type segment struct {
	turnHead
	end int
}

func isSpace(r rune) bool { return r == ' ' || r == '\t' || r == '\u3000' }

func isSeparator(l string) bool {
	return len(l) >= 3 && (strings.Trim(l, "-") == "" || strings.Trim(l, "=") == "")
}

// header reads a turn's beginning at rs[i:]: an optional [time], the
// speaker, an optional (time), and a colon, half- or full-width.
func (rd *reader) header(rs []rune, i int) (h turnHead, ok bool) {
	if i, ok = rd.leadingTime(rs, skipBlanks(rs, i), &h); !ok {
		return h, false
	}
	if i, ok = rd.speaker(rs, i, &h); !ok {
		return h, false
	}
	if i, ok = trailingTimeAt(rs, skipBlanks(rs, i), &h); !ok {
		return h, false
	}
	if i >= len(rs) || (rs[i] != ':' && rs[i] != '：') {
		return h, false
	}
	h.text = skipBlanks(rs, i+1)
	return h, true
}

// skipBlanks is the first index from i of rs that is not a space.
func skipBlanks(rs []rune, i int) int {
	for i < len(rs) && isSpace(rs[i]) {
		i++
	}
	return i
}

// leadingTime reads an optional time before the speaker into h: [time]
// (which must parse) or a bare date and time. It returns where the speaker
// starts, and false for a bracket that does not close or hold a time.
func (rd *reader) leadingTime(rs []rune, i int, h *turnHead) (int, bool) {
	if i < len(rs) && (rs[i] == '[' || rs[i] == '【') {
		end := indexRune(rs, i+1, 40, ']', '】')
		if end < 0 {
			return i, false
		}
		if _, err := rd.parseTime(string(rs[i+1 : end])); err != nil {
			return i, false
		}
		h.when = string(rs[i+1 : end])
		return skipBlanks(rs, end+1), true
	}
	if m := leadingTime.FindString(string(rs[i:min(len(rs), i+40)])); m != "" {
		h.when = strings.TrimSpace(m)
		return i + len([]rune(m)), true
	}
	return i, true
}

// speaker reads the speaker's name into h.who; false when it is empty, too
// long, runs to the end of the line, or names no role.
func (rd *reader) speaker(rs []rune, i int, h *turnHead) (int, bool) {
	start := i
	for i < len(rs) && i-start <= 24 && !strings.ContainsRune(":：(（ \t\u3000", rs[i]) {
		i++
	}
	if i == start || i >= len(rs) {
		return i, false
	}
	who, known := rd.roles.classify(string(rs[start:i]))
	if !known {
		return i, false
	}
	h.who = who
	return i, true
}

// trailingTimeAt reads an optional time after the speaker into h, in
// place of a leading one: (time) or a bare clock time. It returns where
// the colon should be, and false for a parenthesis that does not close.
func trailingTimeAt(rs []rune, i int, h *turnHead) (int, bool) {
	if i < len(rs) && (rs[i] == '(' || rs[i] == '（') {
		end := indexRune(rs, i+1, 40, ')', '）')
		if end < 0 {
			return i, false
		}
		h.when = string(rs[i+1 : end])
		return skipBlanks(rs, end+1), true
	}
	if m := trailingTime.FindString(string(rs[i:min(len(rs), i+12)])); m != "" {
		// The match is ASCII digits and colons: its length in bytes is
		// its length in runes.
		h.when = m
		return skipBlanks(rs, i+len(m)), true
	}
	return i, true
}

// indexRune finds the first of a or b in rs[from:from+limit], or -1.
func indexRune(rs []rune, from, limit int, a, b rune) int {
	for j := from; j < len(rs) && j < from+limit; j++ {
		if rs[j] == a || rs[j] == b {
			return j
		}
	}
	return -1
}

// closing pairs an opening quotation mark with its closing one.
// It is read-only: a fixed table, never written after package initialisation.
var closing = map[rune]rune{'“': '”', '"': '"', '「': '」'}

// turns splits a line into its turns, or returns nil if it starts none. A
// quoted turn followed by another speaker and a colon ends at its closing
// quote.
func (rd *reader) turns(rs []rune) []segment {
	h, ok := rd.header(rs, 0)
	if !ok {
		return nil
	}
	var segs []segment
	for {
		seg := segment{turnHead: h, end: len(rs)}
		end, next, found := rd.afterQuote(rs, h.text)
		if found {
			seg.end = end
		}
		for seg.end > seg.text && unicode.IsSpace(rs[seg.end-1]) {
			seg.end--
		}
		segs = append(segs, seg)
		if !found {
			return segs
		}
		h = next
	}
}

// afterQuote looks for another turn after a quoted one: when the words at
// rs[text:] open with a quotation mark, and past its closing mark (and
// spaces or list punctuation) another header starts, it returns the end of
// this turn (just past the closing mark) and that header.
func (rd *reader) afterQuote(rs []rune, text int) (end int, next turnHead, found bool) {
	if text >= len(rs) {
		return 0, next, false
	}
	cl, quoted := closing[rs[text]]
	if !quoted {
		return 0, next, false
	}
	q := slices.Index(rs[text+1:], cl)
	if q < 0 {
		return 0, next, false
	}
	q += text + 1
	j := q + 1
	for j < len(rs) && (isSpace(rs[j]) || strings.ContainsRune("，,；;、", rs[j])) {
		j++
	}
	if j < len(rs) {
		next, found = rd.header(rs, j)
	}
	return q + 1, next, found
}

// chat reads a chat log: one turn a line, or a two-line export (a header
// of speaker and time, the words on the lines below) when its structure
// says so.
func (rd *reader) chat(br *bufio.Reader) error {
	if rd.twoLineShape(br) {
		return rd.twoLine(br)
	}
	st := &chatState{reader: rd}
	return eachLine(rd, br, st.line, st.flush)
}

// eachLine calls fn with every line of br (without its line break) and
// its number, then end; a line over maxLine is an error.
func eachLine(rd *reader, br *bufio.Reader, fn func(s string, line int) error, end func() error) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	line := 0
	for sc.Scan() {
		line++
		if err := fn(strings.TrimRight(sc.Text(), "\r"), line); err != nil {
			return err
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &Error{File: rd.name, Line: line + 1, Msg: fmt.Sprintf("line longer than %d MB", maxLine>>20)}
		}
		return rd.readError(err, line+1)
	}
	return end()
}

// chatState reads a one-turn-a-line chat log.
type chatState struct {
	*reader
	conv *Conversation
	// continues says where a line that starts no turn goes: on to the
	// last message, nowhere (after a system notice or a bad turn), or it
	// is malformed (no turn yet).
	continues int
	prevTime  time.Time
	// more holds the lines that continue the last message, joined once
	// when it is done: appending to its Text line by line would copy it
	// again for every line.
	more strings.Builder
}

// done finishes the last message: its continuation lines, then the
// transcript's quotation marks around it.
func (st *chatState) done() {
	if st.conv == nil || len(st.conv.Messages) == 0 {
		return
	}
	if st.more.Len() > 0 {
		m := &st.conv.Messages[len(st.conv.Messages)-1]
		m.Text += st.more.String()
		st.more.Reset()
	}
	unquote(st.conv)
}

func (st *chatState) flush() error {
	st.done()
	c := st.conv
	st.conv, st.continues, st.prevTime = nil, noTurn, time.Time{}
	if c == nil {
		return nil
	}
	return st.send(c)
}

// line reads one line of the log.
func (st *chatState) line(s string, line int) error {
	if !validString(s) {
		st.continues = swallow
		return st.bad(line, "%s", notText)
	}
	trimmed := strings.TrimSpace(s)
	if trimmed == "" || isSeparator(trimmed) {
		return st.flush()
	}
	rs := []rune(s)
	segs := st.turns(rs)
	if segs != nil && segs[0].when == "" && !st.prevTime.IsZero() && st.continues == toLast {
		// In a log whose turns carry times, a line without one is
		// the agent's text going on (客户姓名：张三), not a turn.
		segs = nil
	}
	if segs == nil {
		return st.continuation(s, line)
	}
	if st.conv == nil {
		st.conv = &Conversation{}
	}
	for _, seg := range segs {
		if err := st.turn(rs, seg, line); err != nil {
			return err
		}
	}
	return nil
}

// continuation reads a line that starts no turn.
func (st *chatState) continuation(s string, line int) error {
	switch st.continues {
	case toLast:
		st.more.WriteByte('\n')
		st.more.WriteString(strings.TrimRightFunc(s, unicode.IsSpace))
	case noTurn:
		return st.bad(line, "expected a turn such as 客服：您好 or [2024-05-01 10:00:03] 客服小妮: 您好 (a role, then a colon)")
	}
	return nil
}

// turn adds one turn of a line.
func (st *chatState) turn(rs []rune, seg segment, line int) error {
	st.done()
	st.continues = swallow
	if seg.who.ignored {
		return nil
	}
	var t time.Time
	if seg.when != "" {
		var err error
		if t, err = st.parseTime(seg.when); err != nil {
			return st.bad(line, "%v", err)
		}
		t = afterMidnight(t, st.prevTime)
		st.prevTime = t
	}
	st.conv.Messages = append(st.conv.Messages, Message{
		Role: seg.who.role, Speaker: seg.who.name, Text: string(rs[seg.text:seg.end]), Time: t,
		Line: line, Column: seg.text + 1, Verbatim: true,
	})
	st.continues = toLast
	return nil
}

// afterMidnight moves a time of day alone (year 0) on past prev: a
// conversation that runs past midnight goes on into the next day.
func afterMidnight(t, prev time.Time) time.Time {
	if t.Year() != 0 || prev.IsZero() {
		return t
	}
	h, m, sec := t.Clock()
	y, mo, d := prev.Date()
	t = time.Date(y, mo, d, h, m, sec, t.Nanosecond(), prev.Location())
	if t.Before(prev) {
		t = t.AddDate(0, 0, 1)
	}
	return t
}

const (
	noTurn = iota
	toLast
	swallow
)

// unquote strips the quotation marks around the last message of c when
// they wrap all of it (客服：“在的，您好！”): they are the transcript's, not
// the agent's. Its column moves on by one so that positions stay right.
func unquote(c *Conversation) {
	if c == nil || len(c.Messages) == 0 {
		return
	}
	m := &c.Messages[len(c.Messages)-1]
	rs := []rune(m.Text)
	if len(rs) < 2 {
		return
	}
	cl, ok := closing[rs[0]]
	if !ok || rs[len(rs)-1] != cl {
		return
	}
	inner := rs[1 : len(rs)-1]
	for _, r := range inner {
		if r == rs[0] || r == cl {
			return // “甲”，“乙”: two quotes, not one wrapping the turn
		}
	}
	m.Text = string(inner)
	m.Column++
}
