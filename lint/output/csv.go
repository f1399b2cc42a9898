package output

import (
	"encoding/csv"
	"io"
	"strconv"
	"strings"

	"github.com/replylint/replylint/lint"
)

// csvHeader names the columns, one finding a row.
var csvHeader = []string{"file", "line", "column", "conversation", "turn", "message_id", "role", "agent",
	"rule", "category", "severity", "match", "start", "end", "message", "suggestions", "fix"}

// csvFormatter writes one finding a row for spreadsheets. The file starts
// with a UTF-8 byte-order mark: without it Excel reads the file in the
// system code page and shows Chinese as mojibake.
type csvFormatter struct {
	w  io.Writer
	cw *csv.Writer
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

func (c *csvFormatter) Write(fs []lint.Finding) error {
	if err := c.start(); err != nil {
		return err
	}
	for _, f := range fs {
		start, end := "", ""
		if f.HasSpan() {
			start, end = strconv.Itoa(f.Start), strconv.Itoa(f.End)
		}
		row := []string{f.File, num(f.Line), num(f.Column), f.Conversation, num(f.Turn), f.MessageID,
			string(f.Role), f.Agent, f.Rule, f.Category, f.Severity.String(), f.Match, start, end,
			f.Message, strings.Join(f.Suggestions, " / "), f.Fix}
		if err := c.cw.Write(row); err != nil {
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
