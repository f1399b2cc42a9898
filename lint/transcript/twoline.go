package transcript

import (
	"bufio"
	"regexp"
	"strings"
	"unicode/utf8"
)

// A two-line chat export puts a header of speaker and time on a line of
// its own and the words on the lines below, up to the next header:
//
//	tb_889201 (2024-05-01 09:58:00):      千牛/旺旺; the seller is 店铺名:子账号
//	王女士 2024-05-01 09:58:00            企业微信, 微信 PC
//	2024-05-01 09:58:00 买家              QQ
//	客服小妮 2024/5/1 9:58                钉钉-style
//
// with brackets or without, half- or full-width colons, and dates as
// 2024-05-01, 2024/5/1 or 2024年5月1日. Blank lines inside are part of the
// layout; a separator line (---, ===) or a banner (会话: X, 与 X 的聊天记录)
// starts a new conversation.

// headerTime is the date and time of a header.
const headerTime = `(?:\d{4}[-/.]\d{1,2}[-/.]\d{1,2}|\d{4}年\d{1,2}月\d{1,2}日)[ T\x{3000}]*\d{1,2}[:：]\d{2}(?:[:：]\d{2})?`

// These are read-only: compiled patterns, safe for concurrent use and never reassigned.
var (
	// name (time):  name [time]  name time  name time:
	nameFirst = regexp.MustCompile(`^(\S.{0,39}?)[ \t\x{3000}]*[(（\[【]?(` + headerTime + `)[)）\]】]?[ \t\x{3000}]*[:：]?$`)
	// time name  [time] name  time name:
	timeFirst = regexp.MustCompile(`^[(（\[【]?(` + headerTime + `)[)）\]】]?[ \t\x{3000}]*(\S.{0,39}?)[ \t\x{3000}]*[:：]?$`)
	// 会话: X, 会话ID：X, 与 X 的聊天记录, 消息对象: X, and QQ's title
	// (消息记录（此消息记录为文本格式…）) and 消息分组: lines.
	banner = regexp.MustCompile(`^(?:(?:会话|会话ID|会话id|对话|消息对象|聊天对象)[ \t]*[:：][ \t]*(.*)|与[ \t]*(.+?)[ \t]*的(?:聊天|会话|消息)记录.*|消息记录(?:[（(].*)?|消息分组[ \t]*[:：].*)$`)
)

// It is read-only: a compiled pattern, safe for concurrent use and never reassigned.
var colonWords = regexp.MustCompile(`[:：][ \t\x{3000}]|：.`)

// twoHeader is a header line read: who, and when as written.
type twoHeader struct {
	name, when string
}

// parseHeader reads s as a two-line header. A name holds no sentence
// punctuation: 好的，我看看 2024-05-01 10:00 is words, not a header.
func parseHeader(s string) (h twoHeader, ok bool) {
	s = strings.TrimSpace(s)
	if utf8.RuneCountInString(s) > 80 {
		return h, false
	}
	if m := timeFirst.FindStringSubmatch(s); m != nil {
		h = twoHeader{name: m[2], when: m[1]}
	} else if m := nameFirst.FindStringSubmatch(s); m != nil {
		h = twoHeader{name: m[1], when: m[2]}
	} else {
		return h, false
	}
	h.name = strings.TrimSpace(strings.TrimRight(h.name, ":："))
	// A colon with words after it is a one-line turn (客服小妮: 您好);
	// 千牛's 店铺名:子账号 has none around its colon.
	if h.name == "" || strings.ContainsAny(h.name, "，。！？,!?；;“”\"") || colonWords.MatchString(h.name) {
		return h, false
	}
	return h, true
}

// bannerID reads a conversation banner, and the id or name it gives.
func bannerID(s string) (id string, ok bool) {
	m := banner.FindStringSubmatch(strings.TrimSpace(s))
	if m == nil {
		return "", false
	}
	return strings.TrimSpace(m[1] + m[2]), true
}

// twoLineShape reports whether the start of br is a two-line export: at
// least two headers, and headers followed by words rather than by another
// header (that is a one-turn-a-line log with times).
func (rd *reader) twoLineShape(br *bufio.Reader) bool {
	head, _ := br.Peek(sniffSize)
	lines := strings.Split(string(head), "\n")
	if len(head) == sniffSize && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut off
	}
	headers, bodies, prevHeader := 0, 0, false
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || isSeparator(l) {
			continue
		}
		if _, ok := parseHeader(l); ok {
			headers++
			prevHeader = true
			continue
		}
		if prevHeader {
			bodies++
		}
		prevHeader = false
	}
	return headers >= 2 && bodies*2 >= headers
}

// twoState reads a two-line export.
type twoState struct {
	*reader
	conv *Conversation
	// cur is the message being read, nil before the first header (and
	// after a header whose time is bad); body holds its lines so far,
	// blank lines pending until more words follow.
	cur     *Message
	body    strings.Builder
	blanks  int
	started bool // a body line has been read for cur
}

func (rd *reader) twoLine(br *bufio.Reader) error {
	st := &twoState{reader: rd}
	return eachLine(rd, br, st.line, st.flush)
}

// line reads one line of a two-line export.
func (st *twoState) line(s string, line int) error {
	if !validString(s) {
		return st.bad(line, "%s", notText)
	}
	trimmed := strings.TrimSpace(s)
	switch {
	case trimmed == "":
		if st.started {
			st.blanks++
		}
		return nil
	case isSeparator(trimmed):
		return st.flush()
	}
	if id, ok := bannerID(trimmed); ok {
		if err := st.flush(); err != nil {
			return err
		}
		st.conv = &Conversation{ID: id}
		return nil
	}
	if h, ok := parseHeader(trimmed); ok {
		return st.header(h, line)
	}
	return st.bodyLine(strings.TrimRight(s, " \t\u3000"), line)
}

// header starts a message.
func (st *twoState) header(h twoHeader, line int) error {
	st.done()
	t, err := st.parseTime(h.when)
	if err != nil {
		st.cur = nil
		return st.bad(line, "%v", err)
	}
	who := st.speakerOf(h.name)
	if who.ignored {
		st.cur = &Message{Role: unresolved, Line: -1} // read and dropped
		return nil
	}
	st.cur = &Message{Role: who.role, Speaker: who.name, Time: t, Line: line + 1, Column: 1, Verbatim: true}
	return nil
}

// bodyLine adds a line of words to the message being read.
func (st *twoState) bodyLine(s string, line int) error {
	if st.cur == nil {
		if st.conv == nil || len(st.conv.Messages) == 0 {
			return st.bad(line, "expected a header such as 客服小妮 2024-05-01 10:00:03 (a speaker and a time on a line of their own), then the message")
		}
		return nil // the words of a turn dropped for its bad header
	}
	if !st.started {
		st.cur.Line, st.started = line, true
	} else {
		st.body.WriteByte('\n')
	}
	for ; st.blanks > 0; st.blanks-- {
		st.body.WriteByte('\n')
	}
	st.body.WriteString(s)
	return nil
}

// done finishes the message being read: one with words joins the
// conversation; a header without any (a picture, a sticker) is none.
func (st *twoState) done() {
	m := st.cur
	st.cur, st.started, st.blanks = nil, false, 0
	text := st.body.String()
	st.body.Reset()
	if m == nil || m.Line < 0 || text == "" {
		return
	}
	m.Text = text
	if st.conv == nil {
		st.conv = &Conversation{}
	}
	st.conv.Messages = append(st.conv.Messages, *m)
}

func (st *twoState) flush() error {
	st.done()
	c := st.conv
	st.conv = nil
	return st.send(c)
}
