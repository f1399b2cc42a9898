package output

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"
	"time"

	"github.com/replylint/replylint/lint"
)

// csvColumns are the columns, one finding a row: the fields of
// lint.Record under their JSON names (a test holds the two together), and
// the message's time and text. Columns are only ever added at the end, so
// that scripts that read them by position go on working.
// It is read-only: a fixed table, never written after package initialisation.
var csvColumns = []struct {
	name string
	cell func(r *lint.Record, f *lint.Finding) string
}{
	{"file", func(r *lint.Record, _ *lint.Finding) string { return r.File }},
	{"line", func(r *lint.Record, _ *lint.Finding) string { return num(r.Line) }},
	{"column", func(r *lint.Record, _ *lint.Finding) string { return num(r.Column) }},
	{"conversation", func(r *lint.Record, _ *lint.Finding) string { return r.Conversation }},
	{"turn", func(r *lint.Record, _ *lint.Finding) string { return num(r.Turn) }},
	{"message_id", func(r *lint.Record, _ *lint.Finding) string { return r.MessageID }},
	{"role", func(r *lint.Record, _ *lint.Finding) string { return string(r.Role) }},
	{"agent", func(r *lint.Record, _ *lint.Finding) string { return r.Agent }},
	{"rule", func(r *lint.Record, _ *lint.Finding) string { return r.Rule }},
	{"category", func(r *lint.Record, _ *lint.Finding) string { return r.Category }},
	{"severity", func(r *lint.Record, _ *lint.Finding) string { return r.Severity }},
	{"match", func(r *lint.Record, _ *lint.Finding) string { return r.Match }},
	{"start", func(r *lint.Record, _ *lint.Finding) string { return offset(r.Start) }},
	{"end", func(r *lint.Record, _ *lint.Finding) string { return offset(r.End) }},
	{"message", func(r *lint.Record, _ *lint.Finding) string { return r.Message }},
	{"suggestions", func(r *lint.Record, _ *lint.Finding) string { return strings.Join(r.Suggestions, " / ") }},
	{"fix", func(r *lint.Record, _ *lint.Finding) string { return r.Fix }},
	{"time", func(_ *lint.Record, f *lint.Finding) string {
		if f.Time.IsZero() {
			return ""
		}
		return f.Time.Format(time.RFC3339)
	}},
	{"text", func(_ *lint.Record, f *lint.Finding) string { return f.Text }},
	{"scope", func(r *lint.Record, _ *lint.Finding) string { return r.Scope }},
}

// csvHeader names the columns.
func csvHeader() []string {
	h := make([]string, len(csvColumns))
	for i, c := range csvColumns {
		h[i] = c.name
	}
	return h
}

// offset writes a code-point offset, which 0 is a value of; nil is empty.
func offset(p *int) string {
	if p == nil {
		return ""
	}
	return strconv.Itoa(*p)
}

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
	return c.cw.Write(csvHeader())
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
	row := make([]string, len(csvColumns))
	for i := range fs {
		r := fs[i].Record()
		if r.Conversation == "" {
			r.Conversation = id
		}
		for k, col := range csvColumns {
			row[k] = col.cell(&r, &fs[i])
		}
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
