// Package transcript is what replylint reads: Conversation, Message, Role,
// the role words and times, and the readers that turn what `replylint check`
// is given — drafts, chat logs, JSONL/JSON/CSV exports — into conversations,
// streaming, one conversation at a time: memory holds one conversation and a
// read buffer, however large the file. It imports nothing of replylint's, so
// the engine, the batch runner and the example runner all share it.
package transcript

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"path/filepath"
	"slices"
	"strings"
	"time"
)

// Options say how to read a file.
type Options struct {
	// Format is auto, text, chat, jsonl, json, csv or xlsx; "" is auto.
	Format string
	// Roles name the agent's, the customer's and a bot's roles; the zero
	// value is DefaultRoles.
	Roles Roles
	// AgentNames are the agents' own names as the export writes them
	// (nicknames, 店铺名:子账号): a speaker named exactly so is the agent.
	AgentNames []string
	// Others, when Customer, makes every speaker not known as the agent
	// or a bot the customer (the CLI's --others customer). "" leaves a
	// nickname to the conversation: the other side of a two-party
	// conversation whose one side is known, else an error.
	Others Role
	// Columns name CSV and xlsx columns where the header's names are not
	// enough.
	Columns Columns
	// Location is the zone of times written without one; nil is the
	// machine's local zone. Times keep their offset.
	Location *time.Location
	// Skip, when set, is given each malformed record instead of Read
	// failing on it, and reading goes on with the next record. An error it
	// returns stops reading. Without it the first malformed record is the
	// error Read returns.
	Skip func(*Error) error
}

// Columns name the CSV or xlsx columns to read, by header name or by 1-based
// number; empty means "find it by its usual names".
type Columns struct {
	Text, Role, Conversation, Time, Agent string
}

// Formats lists the names Options.Format accepts.
// It is read-only: a fixed table, never written after package initialisation.
var Formats = []string{"auto", "text", "chat", "jsonl", "json", "csv", "xlsx"}

// Error is malformed or unreadable input: it names the file and, where
// there is one, the line.
type Error struct {
	File string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.File, e.Line, e.Msg)
	}
	return fmt.Sprintf("%s: %s", e.File, e.Msg)
}

// reader carries what every format's reader needs: the file's name, the
// options, where conversations go, and how malformed records are handled.
type reader struct {
	name  string
	opts  Options
	roles Roles
	emit  func(*Conversation) error
	// speakers memoises speakerOf: an export names its few speakers
	// (customer, agent, 客服小妮) on every record. At most maxSpeakers.
	speakers map[string]speaker
}

// maxSpeakers bounds reader.speakers: an export whose every record has a
// new nickname still costs a fixed amount of memory.
const maxSpeakers = 64

// bad reports a malformed record: the error itself without --skip-bad, nil
// (go on) with it.
func (rd *reader) bad(line int, format string, args ...any) error {
	e := &Error{File: rd.name, Line: line, Msg: fmt.Sprintf(format, args...)}
	if rd.opts.Skip == nil {
		return e
	}
	return rd.opts.Skip(e)
}

// send hands a conversation on, its speakers' roles settled (see
// resolve); conversations with no message to check (a system prompt
// alone) are not conversations.
func (rd *reader) send(c *Conversation) error {
	if c == nil || len(c.Messages) == 0 {
		return nil
	}
	if err := rd.resolve(c); err != nil {
		return err
	}
	if len(c.Messages) == 0 {
		return nil
	}
	c.File = rd.name
	return rd.emit(c)
}

// parseTime reads a record's time in the input's zone.
func (rd *reader) parseTime(s string) (time.Time, error) {
	return ParseTimeIn(s, rd.opts.Location)
}

// Read parses r (named name in messages) and calls fn for every
// conversation in input order. Malformed input is an *Error naming the file
// and line.
func Read(name string, r io.Reader, opts Options, fn func(*Conversation) error) error {
	rd := &reader{name: name, opts: opts, roles: opts.Roles.orDefault(), emit: fn}
	format := formatOf(name, opts)
	if format == "" {
		// Standard input, or a name that says nothing: a workbook is
		// told by its first bytes, before they are read as text.
		br := bufio.NewReaderSize(r, sniffSize)
		head, _ := br.Peek(len(oleMagic))
		format, r = workbookFormat(head), br
	}
	switch format {
	case "jsonl", "json", "xlsx":
		// JSON is UTF-8 by definition and a workbook is no text: they
		// are read as they are.
		return rd.read(format, r)
	case "xls":
		return &Error{File: name, Msg: xlsRefusal}
	}
	// The rest are text that may come in GB18030 as well as UTF-8.
	br, err := decode(name, r)
	if err != nil {
		return err
	}
	if format == "" {
		format = rd.sniff(br)
	}
	return rd.read(format, br)
}

// read hands r to the reader of format: the one place that names them.
func (rd *reader) read(format string, r io.Reader) error {
	switch format {
	case "jsonl":
		return rd.jsonl(r)
	case "json":
		return rd.json(r)
	case "xlsx":
		return rd.xlsx(r)
	}
	// The text formats come from decode, already buffered.
	br, ok := r.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(r)
	}
	switch format {
	case "text":
		return rd.text(br)
	case "chat":
		return rd.chat(br)
	case "csv":
		return rd.csv(br)
	}
	return fmt.Errorf("%s: unknown input format %q (want one of %v)", rd.name, format, Formats)
}

// byExtension names the format a file's extension settles, or "" when its
// content must decide.
func byExtension(name string) string {
	switch strings.ToLower(filepath.Ext(name)) {
	case ".jsonl", ".ndjson":
		return "jsonl"
	case ".json":
		return "json"
	case ".csv", ".tsv":
		return "csv"
	case ".xlsx", ".xlsm":
		return "xlsx"
	case ".xls":
		return "xls"
	}
	return ""
}

// sniff decides between chat, text and (for files without a telling
// extension, like standard input) JSON from the first 64 KB: a chat log is
// one whose non-blank lines mostly begin with a role and a colon, with two
// turns at least.
func (rd *reader) sniff(br *bufio.Reader) string {
	if rd.twoLineShape(br) {
		return "chat"
	}
	head, _ := br.Peek(sniffSize)
	full := len(head) < sniffSize
	lines := strings.Split(string(head), "\n")
	if !full && len(lines) > 1 {
		lines = lines[:len(lines)-1] // the last may be cut off
	}
	turns, other := 0, 0
	for _, l := range lines {
		l = strings.TrimSpace(l)
		if l == "" || isSeparator(l) {
			continue
		}
		if segs := rd.turns([]rune(l)); segs != nil {
			turns += len(segs)
		} else {
			other++
		}
	}
	// One turn is not a transcript: a draft may well open with 客户您好：.
	if turns >= 2 && turns >= other {
		return "chat"
	}
	ext := strings.ToLower(filepath.Ext(rd.name))
	if ext == ".txt" || ext == ".log" || ext == ".chat" {
		return "text"
	}
	trimmed := bytes.TrimLeft(head, " \t\r\n")
	if csvHeader(trimmed) {
		return "csv"
	}
	switch {
	case bytes.HasPrefix(trimmed, []byte("{")):
		return "jsonl"
	case bytes.HasPrefix(trimmed, []byte("[")):
		if rest := bytes.TrimLeft(trimmed[1:], " \t\r\n"); len(rest) == 0 || rest[0] == '{' || rest[0] == ']' {
			return "json"
		}
	}
	return "text"
}

// csvHeader reports whether head starts with a CSV header: a first line of
// two columns or more, separated as delimiter guesses, one of them a text
// column the field table knows. A draft's first line is no such thing.
func csvHeader(head []byte) bool {
	line, _, _ := bytes.Cut(head, []byte("\n"))
	if len(line) == 0 || line[0] == '{' || line[0] == '[' {
		return false
	}
	comma := delimiter(bufio.NewReader(bytes.NewReader(line)))
	cols := strings.Split(strings.TrimRight(string(line), "\r"), string(comma))
	if len(cols) < 2 {
		return false
	}
	for _, c := range cols {
		if slices.Contains(normNames[fText], normKey(strings.Trim(c, `"`))) {
			return true
		}
	}
	return false
}

// MaxMessageBytes is the largest message fix and serve accept, and the
// largest plain-text draft check reads (1 MiB: a reply is a few hundred
// characters). Beyond it they refuse the input by name rather than spend
// memory and time on something that is no reply.
const MaxMessageBytes = 1 << 20

// text reads a whole draft as one agent message.
func (rd *reader) text(br *bufio.Reader) error {
	data, err := io.ReadAll(io.LimitReader(br, MaxMessageBytes+1))
	if err != nil {
		return rd.readError(err, 0)
	}
	if len(data) > MaxMessageBytes {
		// A draft of hundreds of megabytes is no reply; reading it whole
		// and checking it would cost memory in proportion.
		return &Error{File: rd.name, Msg: fmt.Sprintf("a plain-text reply larger than %d bytes: not checked (split it, or give a transcript format)", MaxMessageBytes)}
	}
	if line, ok := validText(data); !ok {
		return &Error{File: rd.name, Line: line, Msg: notText}
	}
	return rd.send(&Conversation{Draft: true, Messages: []Message{{
		Role: Agent, Text: string(data), Line: 1, Column: 1, Verbatim: true,
	}}})
}

// Readable reports whether a file found in a folder is one replylint reads.
func Readable(path string) bool {
	switch strings.ToLower(filepath.Ext(path)) {
	case ".txt", ".log", ".chat", ".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".xlsx", ".xlsm":
		return true
	}
	return false
}

// Refusal says why a file is not read when its extension names a kind
// replylint knows and refuses, an .xls workbook, so that a folder walk can
// name it and say what to do instead of counting it with the photos; ""
// for any other file.
func Refusal(path string) string {
	if byExtension(path) == "xls" {
		return xlsRefusal
	}
	return ""
}
