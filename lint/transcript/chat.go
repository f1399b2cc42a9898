package transcript

import (
	"bufio"
	"errors"
	"fmt"
	"regexp"
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
	skip := func() {
		for i < len(rs) && isSpace(rs[i]) {
			i++
		}
	}
	skip()
	if i < len(rs) && (rs[i] == '[' || rs[i] == '【') {
		end := indexRune(rs, i+1, 40, ']', '】')
		if end < 0 {
			return h, false
		}
		if _, err := rd.parseTime(string(rs[i+1 : end])); err != nil {
			return h, false
		}
		h.when = string(rs[i+1 : end])
		i = end + 1
		skip()
	} else if m := leadingTime.FindString(string(rs[i:min(len(rs), i+40)])); m != "" {
		n := len([]rune(m))
		h.when = strings.TrimSpace(m)
		i += n
	}
	start := i
	for i < len(rs) && i-start <= 24 && !strings.ContainsRune(":：(（ \t\u3000", rs[i]) {
		i++
	}
	if i == start || i >= len(rs) {
		return h, false
	}
	who, known := rd.roles.classify(string(rs[start:i]))
	if !known {
		return h, false
	}
	h.who = who
	skip()
	if i < len(rs) && (rs[i] == '(' || rs[i] == '（') {
		end := indexRune(rs, i+1, 40, ')', '）')
		if end < 0 {
			return h, false
		}
		h.when = string(rs[i+1 : end])
		i = end + 1
		skip()
	} else if m := trailingTime.FindString(string(rs[i:min(len(rs), i+12)])); m != "" {
		h.when = m
		i += len(m)
		skip()
	}
	if i >= len(rs) || (rs[i] != ':' && rs[i] != '：') {
		return h, false
	}
	i++
	skip()
	h.text = i
	return h, true
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
		next, found := turnHead{}, false
		if h.text < len(rs) {
			if cl, quoted := closing[rs[h.text]]; quoted {
				for q := h.text + 1; q < len(rs); q++ {
					if rs[q] != cl {
						continue
					}
					j := q + 1
					for j < len(rs) && (isSpace(rs[j]) || strings.ContainsRune("，,；;、", rs[j])) {
						j++
					}
					if j < len(rs) {
						next, found = rd.header(rs, j)
					}
					if found {
						seg.end = q + 1
					}
					break
				}
			}
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

// chat reads a chat log.
func (rd *reader) chat(br *bufio.Reader) error {
	sc := bufio.NewScanner(br)
	sc.Buffer(make([]byte, 0, 64<<10), maxLine)
	var (
		conv *Conversation
		// continues says where a line that starts no turn goes: on to
		// the last message, nowhere (after a system notice or a bad
		// turn), or it is malformed (no turn yet).
		continues = noTurn
		prevTime  time.Time
	)
	flush := func() error {
		c := conv
		conv, continues, prevTime = nil, noTurn, time.Time{}
		if c == nil {
			return nil
		}
		unquote(c)
		return rd.send(c)
	}
	line := 0
	for sc.Scan() {
		line++
		s := strings.TrimRight(sc.Text(), "\r")
		if !validString(s) {
			if err := rd.bad(line, "%s", notText); err != nil {
				return err
			}
			continues = swallow
			continue
		}
		trimmed := strings.TrimSpace(s)
		if trimmed == "" || isSeparator(trimmed) {
			if err := flush(); err != nil {
				return err
			}
			continue
		}
		rs := []rune(s)
		segs := rd.turns(rs)
		if segs != nil && segs[0].when == "" && !prevTime.IsZero() && continues == toLast {
			// In a log whose turns carry times, a line without one is
			// the agent's text going on (客户姓名：张三), not a turn.
			segs = nil
		}
		if segs == nil {
			switch continues {
			case toLast:
				m := &conv.Messages[len(conv.Messages)-1]
				m.Text += "\n" + strings.TrimRightFunc(s, unicode.IsSpace)
			case noTurn:
				if err := rd.bad(line, "expected a turn such as 客服：您好 or [2024-05-01 10:00:03] 客服小妮: 您好 (a role, then a colon)"); err != nil {
					return err
				}
			}
			continue
		}
		if conv == nil {
			conv = &Conversation{}
		}
		for _, seg := range segs {
			unquote(conv)
			continues = swallow
			if seg.who.ignored {
				continue
			}
			var t time.Time
			if seg.when != "" {
				var err error
				if t, err = rd.parseTime(seg.when); err != nil {
					if err := rd.bad(line, "%v", err); err != nil {
						return err
					}
					continue
				}
				// Times of day alone: a conversation that runs past
				// midnight goes on into the next day.
				if t.Year() == 0 && !prevTime.IsZero() {
					for t.Before(prevTime) {
						t = t.Add(24 * time.Hour)
					}
				}
				prevTime = t
			}
			conv.Messages = append(conv.Messages, Message{
				Role: seg.who.role, Speaker: seg.who.name, Text: string(rs[seg.text:seg.end]), Time: t,
				Line: line, Column: seg.text + 1, Verbatim: true,
			})
			continues = toLast
		}
	}
	if err := sc.Err(); err != nil {
		if errors.Is(err, bufio.ErrTooLong) {
			return &Error{File: rd.name, Line: line + 1, Msg: fmt.Sprintf("line longer than %d MB", maxLine>>20)}
		}
		return rd.readError(err, line+1)
	}
	return flush()
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
