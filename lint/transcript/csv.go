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
	"time"
)

// columns are the indexes of a table's columns read, by field; -1 where
// there is none.
type columns [nFields]int

// table reads the rows of a CSV file or an xlsx sheet after its header:
// the same columns, found the same way, make the same messages.
type table struct {
	*jsonState
	header []string
	cols   columns
	// where names the table in messages: "" for a CSV file, "sheet X: "
	// for a sheet of a workbook.
	where string
	// serialDates reads a bare number in the time column as a
	// spreadsheet's date serial (45413.41 is 2024-05-01 09:50), as a
	// workbook stores a date cell without its format.
	serialDates bool
}

// newTable finds the columns in a header row: by --*-col flag if given (a
// name, or a 1-based number), else by the field table's names. line is the
// header's line (1 in a CSV file, its row in a sheet).
func (rd *reader) newTable(header []string, line int, where string) (*table, error) {
	for _, h := range header {
		if !validString(h) {
			return nil, &Error{File: rd.name, Line: line, Msg: where + notText}
		}
	}
	t := &table{jsonState: &jsonState{reader: rd}, header: append([]string(nil), header...), where: where}
	given := rd.opts.Columns
	flags := [nFields]string{fText: given.Text, fRole: given.Role, fConv: given.Conversation, fTime: given.Time, fAgent: given.Agent}
	for f := range nFields {
		i, err := t.find(f, flags[f])
		if err != nil {
			return nil, &Error{File: rd.name, Line: line, Msg: where + err.Error()}
		}
		t.cols[f] = i
	}
	if t.cols[fText] < 0 {
		return nil, &Error{File: rd.name, Line: line, Msg: fmt.Sprintf(
			"%sno text column: the header has %s; name the column with --text-col (looked for %s)",
			where, strings.Join(header, ", "), strings.Join(fieldNames[fText], ", "))}
	}
	return t, nil
}

// find returns the column of field f: the one given (by name or 1-based
// number) or the first of the field's names in the header; -1 if none.
func (t *table) find(f field, given string) (int, error) {
	if given == "" {
		for _, name := range normNames[f] {
			if i := t.index(name); i >= 0 {
				return i, nil
			}
		}
		return -1, nil
	}
	if n, err := strconv.Atoi(given); err == nil {
		if n < 1 || n > len(t.header) {
			return -1, fmt.Errorf("%s %d: the header has %d columns", fieldFlags[f], n, len(t.header))
		}
		return n - 1, nil
	}
	if i := t.index(normKey(given)); i >= 0 {
		return i, nil
	}
	return -1, fmt.Errorf("%s %q: no such column (the header has %s)", fieldFlags[f], given, strings.Join(t.header, ", "))
}

// index is the column whose normalised header is name, or -1.
func (t *table) index(name string) int {
	for i, h := range t.header {
		if normKey(h) == name {
			return i
		}
	}
	return -1
}

// cell is a row's value of field f; "" where the table has no such column
// or the row stops short.
func (t *table) cell(row []string, f field) string {
	if i := t.cols[f]; i >= 0 && i < len(row) {
		return row[i]
	}
	return ""
}

// row reads one data row that starts on line into its conversation.
func (t *table) row(row []string, line int) error {
	for _, c := range row {
		if !validString(c) {
			return t.bad(line, "%s%s", t.where, notText)
		}
	}
	rec := entry{
		text: t.cell(row, fText), hasText: true, role: t.cell(row, fRole), agent: t.cell(row, fAgent),
		name: t.cell(row, fName), id: t.cell(row, fID), time: t.cell(row, fTime), line: line,
	}
	if i := t.cols[fTime]; i >= 0 {
		rec.timeField = fmt.Sprintf("%scolumn %q", t.where, t.header[i])
		if t.serialDates {
			rec.time = serialDate(rec.time)
		}
	}
	m, ok, err := t.toMessage(rec)
	if err != nil || !ok {
		return err
	}
	return t.add(m, strings.TrimSpace(t.cell(row, fConv)))
}

// serialDate turns a spreadsheet's date serial (days since 1899-12-30,
// the time of day as the fraction) into the time it stands for, written
// without a zone; anything else is returned as it is.
func serialDate(s string) string {
	n, err := strconv.ParseFloat(strings.TrimSpace(s), 64)
	if err != nil || n < 1 || n >= 2958466 { // up to 9999-12-31
		return s
	}
	base := time.Date(1899, 12, 30, 0, 0, 0, 0, time.UTC)
	t := base.Add(time.Duration(n * 24 * float64(time.Hour))).Round(time.Second)
	return t.Format("2006-01-02 15:04:05")
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
	t, err := rd.newTable(header, 1, "")
	if err != nil {
		return err
	}
	for {
		rec, err := cr.Read()
		if err == io.EOF {
			return t.flush()
		}
		if err != nil {
			if err := t.csvBadRow(err, len(rec)); err != nil {
				return err
			}
			continue
		}
		line, _ := cr.FieldPos(0)
		if err := t.row(rec, line); err != nil {
			return err
		}
	}
}

// csvBadRow reports a row encoding/csv could not read; reading goes on
// with --skip-bad.
func (t *table) csvBadRow(err error, fields int) error {
	var pe *csv.ParseError
	if !errors.As(err, &pe) {
		return t.csvError(err)
	}
	msg := pe.Err.Error()
	if errors.Is(pe.Err, csv.ErrFieldCount) {
		msg = fmt.Sprintf("the row has %d columns, the header %d", fields, len(t.header))
	}
	return t.bad(pe.StartLine, "%s", msg)
}

// csvError turns what encoding/csv reports into an *Error naming the line.
func (rd *reader) csvError(err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &Error{File: rd.name, Line: pe.StartLine, Msg: pe.Err.Error()}
	}
	return rd.readError(err, 0)
}
