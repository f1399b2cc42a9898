package output

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/replylint/replylint/lint"
)

// csvHeader names the columns, one finding a row. Columns are only ever
// added at the end, so that scripts that read them by position go on
// working.
var csvHeader = []string{"file", "line", "column", "conversation", "turn", "message_id", "role", "agent",
	"rule", "category", "severity", "match", "start", "end", "message", "suggestions", "fix", "time", "text"}

// ConversationWriter is a Formatter that also wants to know the
// conversation each batch of findings comes from; check hands it over
// through WriteConversation instead of Write.
type ConversationWriter interface {
	WriteConversation(c *lint.Conversation, fs []lint.Finding) error
}

// csvFormatter writes one finding a row for spreadsheets. The file starts
// with a UTF-8 byte-order mark: without it Excel reads the file in the
// system code page and shows Chinese as mojibake.
type csvFormatter struct {
	w  io.Writer
	cw *csv.Writer
	// file and n number the conversations of the file being written, for
	// the id of a conversation that has none.
	file string
	n    int
}

func (c *csvFormatter) start() error {
	if c.cw != nil {
		return nil
	}
	if _, err := io.WriteString(c.w, "\uFEFF"); err != nil {
		return err
	}
	c.cw = csv.NewWriter(c.w)
	return c.cw.Write(csvHeader)
}

// WriteConversation writes the findings of c; where c has no id, the rows
// name it FILE#N, N counted within its file, so that two runs over the
// same files give the same ids whatever else they read.
func (c *csvFormatter) WriteConversation(conv *lint.Conversation, fs []lint.Finding) error {
	if c.n == 0 || conv.File != c.file {
		c.file, c.n = conv.File, 0
	}
	c.n++
	return c.write(fs, ConversationID(conv.File, conv.ID, c.n))
}

func (c *csvFormatter) Write(fs []lint.Finding) error { return c.write(fs, "") }

// write writes the rows of fs; id stands for a finding's conversation
// where the finding has none.
func (c *csvFormatter) write(fs []lint.Finding, id string) error {
	if err := c.start(); err != nil {
		return err
	}
	for _, f := range fs {
		start, end := "", ""
		if f.HasSpan() {
			start, end = strconv.Itoa(f.Start), strconv.Itoa(f.End)
		}
		conv := f.Conversation
		if conv == "" {
			conv = id
		}
		at := ""
		if !f.Time.IsZero() {
			at = f.Time.Format(time.RFC3339)
		}
		row := []string{f.File, num(f.Line), num(f.Column), conv, num(f.Turn), f.MessageID,
			string(f.Role), f.Agent, f.Rule, f.Category, f.Severity.String(), f.Match, start, end,
			f.Message, strings.Join(f.Suggestions, " / "), f.Fix, at, f.Text}
		if err := c.cw.Write(CSVCells(row)); err != nil {
			return err
		}
	}
	c.cw.Flush()
	return c.cw.Error()
}

// Close writes the header even when nothing was found, so that a script
// reading the file always finds its columns.
func (c *csvFormatter) Close(*lint.Summary) error {
	return c.Write(nil)
}

// num writes a 1-based position or count, leaving it empty where it does
// not apply (0).
func num(n int) string {
	if n == 0 {
		return ""
	}
	return strconv.Itoa(n)
}

// CSVCell guards a cell of a CSV file meant for a spreadsheet: Excel and
// its kin run a cell that starts with = + - or @ as a formula (and a
// leading tab or carriage return hides such a start), so a name or a reply
// from an export could run a command on the reader's machine. Such a cell
// gets a leading apostrophe, which the spreadsheet shows as text and hides.
// Every CSV replylint writes goes through it.
func CSVCell(s string) string {
	if s != "" && strings.ContainsRune("=+-@\t\r", rune(s[0])) {
		return "'" + s
	}
	return s
}

// CSVCells guards every cell of a row in place and returns it.
func CSVCells(row []string) []string {
	for i, s := range row {
		row[i] = CSVCell(s)
	}
	return row
}

// ConversationID is how a conversation is named in tables: its own id, or
// FILE#N for one without, N counted from 1 within its file (standard
// input is <stdin>).
func ConversationID(file, id string, n int) string {
	if id != "" {
		return id
	}
	if file == "" {
		file = "<stdin>"
	}
	return file + "#" + strconv.Itoa(n)
}
