package transcript

import (
	"bufio"
	"bytes"
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
)

// Header names exports use, normalised (see normHeader), for each column
// replylint reads.
var (
	csvText  = []string{"内容", "消息内容", "聊天内容", "消息", "文本", "回复内容", "对话内容", "回复", "text", "content", "message", "body", "reply", "msg"}
	csvRole  = []string{"角色", "发送方", "发送者", "发送人", "身份", "发言人", "说话人", "role", "sender", "speaker", "from", "author"}
	csvConv  = []string{"会话id", "会话编号", "会话", "会话号", "对话id", "对话编号", "conversation", "conversationid", "session", "sessionid", "chatid", "dialogid", "thread", "threadid"}
	csvTime  = []string{"时间", "发送时间", "消息时间", "日期时间", "time", "timestamp", "datetime", "createdat", "sentat", "date"}
	csvAgent = []string{"客服", "客服昵称", "客服名称", "客服账号", "客服id", "客服工号", "坐席", "坐席工号", "agent", "agentid", "agentname"}
	csvID    = []string{"消息id", "消息编号", "id", "messageid", "msgid"}
)

// normHeader folds the differences between exports' spellings of a column
// name: case, spaces, _ and -.
func normHeader(s string) string {
	s = strings.ToLower(strings.TrimSpace(s))
	return strings.Map(func(r rune) rune {
		if strings.ContainsRune(" _-.\u3000", r) {
			return -1
		}
		return r
	}, s)
}

// csvColumns are the indexes of the columns read; -1 where there is none.
type csvColumns struct {
	text, role, conv, time, agent, id int
}

// columns finds each column in the header: by --*-col flag if given (a
// name, or a 1-based number), else by its usual names.
func (rd *reader) columns(header []string) (csvColumns, error) {
	norm := make([]string, len(header))
	for i, h := range header {
		norm[i] = normHeader(h)
	}
	find := func(flag, given string, names []string) (int, error) {
		if given != "" {
			if n, err := strconv.Atoi(given); err == nil {
				if n < 1 || n > len(header) {
					return -1, &Error{File: rd.name, Line: 1, Msg: fmt.Sprintf("%s %d: the header has %d columns", flag, n, len(header))}
				}
				return n - 1, nil
			}
			for i, h := range norm {
				if h == normHeader(given) {
					return i, nil
				}
			}
			return -1, &Error{File: rd.name, Line: 1, Msg: fmt.Sprintf("%s %q: no such column (the header has %s)", flag, given, strings.Join(header, ", "))}
		}
		for _, name := range names {
			for i, h := range norm {
				if h == name {
					return i, nil
				}
			}
		}
		return -1, nil
	}
	var c csvColumns
	var err error
	cols := rd.opts.Columns
	if c.text, err = find("--text-col", cols.Text, csvText); err != nil {
		return c, err
	}
	if c.text < 0 {
		return c, &Error{File: rd.name, Line: 1, Msg: fmt.Sprintf(
			"no text column: the header has %s; name the column with --text-col (looked for %s)",
			strings.Join(header, ", "), strings.Join(csvText, ", "))}
	}
	for _, f := range []struct {
		dst         *int
		flag, given string
		names       []string
	}{
		{&c.role, "--role-col", cols.Role, csvRole},
		{&c.conv, "--conversation-col", cols.Conversation, csvConv},
		{&c.time, "--time-col", cols.Time, csvTime},
		{&c.agent, "--agent-col", cols.Agent, csvAgent},
		{&c.id, "", "", csvID},
	} {
		if *f.dst, err = find(f.flag, f.given, f.names); err != nil {
			return c, err
		}
	}
	return c, nil
}

// delimiter guesses the field separator from the header line: exports
// from spreadsheets in some locales use tabs or semicolons.
func delimiter(br *bufio.Reader) rune {
	head, _ := br.Peek(sniffSize)
	if i := bytes.IndexByte(head, '\n'); i >= 0 {
		head = head[:i]
	}
	best, n := ',', bytes.Count(head, []byte(","))
	for _, d := range []rune{'\t', ';'} {
		if m := bytes.Count(head, []byte(string(d))); m > n {
			best, n = d, m
		}
	}
	return best
}

// csv reads a CSV export with a header row; a row is a message.
func (rd *reader) csv(br *bufio.Reader) error {
	cr := csv.NewReader(br)
	cr.Comma = delimiter(br)
	cr.ReuseRecord = true
	header, err := cr.Read()
	if err == io.EOF {
		return nil // an empty export: a day without chats
	}
	if err != nil {
		return rd.csvError(err)
	}
	for _, h := range header {
		if !validString(h) {
			return &Error{File: rd.name, Line: 1, Msg: notText}
		}
	}
	header = append([]string(nil), header...)
	cols, err := rd.columns(header)
	if err != nil {
		return err
	}
	s := &jsonState{reader: rd}
	field := func(rec []string, i int) string {
		if i < 0 {
			return ""
		}
		return rec[i]
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			break
		}
		if err != nil {
			var pe *csv.ParseError
			if !errors.As(err, &pe) {
				return rd.csvError(err)
			}
			msg := pe.Err.Error()
			if errors.Is(pe.Err, csv.ErrFieldCount) {
				msg = fmt.Sprintf("the row has %d columns, the header %d", len(rec), len(header))
			}
			if err := rd.bad(pe.StartLine, "%s", msg); err != nil {
				return err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		bad := func(format string, args ...any) error { return rd.bad(line, format, args...) }
		if !validString(strings.Join(rec, "")) {
			if err := bad("%s", notText); err != nil {
				return err
			}
			continue
		}
		who, err := rd.roles.role(field(rec, cols.role))
		if err != nil {
			if err := bad("%v", err); err != nil {
				return err
			}
			continue
		}
		if who.ignored {
			continue
		}
		m := Message{
			ID: field(rec, cols.id), Role: who.role, Speaker: who.name,
			Text: field(rec, cols.text), Line: line, Column: 1,
		}
		if name := strings.TrimSpace(field(rec, cols.agent)); name != "" && m.Role == Agent {
			m.Speaker = name
		}
		if when := strings.TrimSpace(field(rec, cols.time)); when != "" {
			if m.Time, err = ParseTime(when); err != nil {
				if err := bad("column %q: %v", header[cols.time], err); err != nil {
					return err
				}
				continue
			}
		}
		if err := s.add(m, strings.TrimSpace(field(rec, cols.conv))); err != nil {
			return err
		}
	}
	return s.flush()
}

// csvError turns what encoding/csv reports into an *Error naming the line.
func (rd *reader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: rd.name, Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	return &Error{File: rd.name, Msg: err.Error()}
}
