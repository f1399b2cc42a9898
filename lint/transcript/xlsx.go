package transcript

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/xuri/excelize/v2"
)

// xlsxLimit caps what a workbook may unpack to: a zip bomb is refused, not
// unpacked. Worksheets past excelize's chunk size are unpacked to a
// temporary file and their rows streamed, so memory stays flat.
const xlsxLimit = 4 << 30

// Magic numbers of the workbook formats, for input without a telling name.
// They are read-only: fixed tables, never written after package initialisation.
var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xd0, 0xcf, 0x11, 0xe0, 0xa1, 0xb1, 0x1a, 0xe1}
)

const xlsRefusal = "an .xls workbook (the old binary Excel format) is not read: save it as .xlsx or CSV"

// xlsx reads every sheet of a workbook that has a header row, each read as
// a CSV file is (the same column names, the same --*-col flags); a row is
// a message, its line the row's number. Sheets with no text column are
// passed over when another sheet has one (a summary sheet beside the
// chats); when none has, that is the error.
func (rd *reader) xlsx(r io.Reader) error {
	f, err := excelize.OpenReader(r, excelize.Options{UnzipSizeLimit: xlsxLimit})
	if err != nil {
		return &Error{File: rd.name, Msg: "not an xlsx workbook: " + err.Error()}
	}
	defer f.Close()
	var noText *Error
	read := 0
	for _, sheet := range f.GetSheetList() {
		ok, err := rd.sheet(f, sheet)
		var e *Error
		switch {
		case errors.As(err, &e) && strings.Contains(e.Msg, "no text column"):
			noText = cmpOr(noText, e)
		case err != nil:
			return err
		case ok:
			read++
		}
	}
	if read == 0 && noText != nil {
		return noText
	}
	return nil
}

func cmpOr(a, b *Error) *Error {
	if a != nil {
		return a
	}
	return b
}

// sheet reads one sheet; ok is false for a sheet without rows.
func (rd *reader) sheet(f *excelize.File, sheet string) (ok bool, err error) {
	rows, err := f.Rows(sheet)
	if err != nil {
		return false, &Error{File: rd.name, Msg: fmt.Sprintf("sheet %q: %v", sheet, err)}
	}
	defer rows.Close()
	where := fmt.Sprintf("sheet %q: ", sheet)
	h := &sheetHeader{reader: rd, where: where}
	for n := 1; rows.Next(); n++ {
		row, err := rows.Columns(excelize.Options{RawCellValue: true}) // dates as serials, not as a locale shows them
		if err != nil {
			return false, &Error{File: rd.name, Line: n, Msg: where + err.Error()}
		}
		if blankRow(row) {
			continue
		}
		if h.t == nil {
			if err := h.try(row, n); err != nil {
				return false, err
			}
			continue
		}
		if err := h.t.row(row, n); err != nil {
			return false, err
		}
	}
	if err := rows.Error(); err != nil {
		return false, &Error{File: rd.name, Msg: where + err.Error()}
	}
	if h.t == nil {
		return false, h.noText // nil for an empty sheet
	}
	return true, h.t.flush()
}

// titleRows is how many rows with something in them may stand above a
// sheet's header: exports put a title, a date range, a shop name there.
const titleRows = 5

// sheetHeader finds a sheet's header: the first row with a text column,
// among its first rows with something in them.
type sheetHeader struct {
	*reader
	where  string
	t      *table
	seen   int
	noText error // why the first row is no header
}

func (h *sheetHeader) try(row []string, n int) error {
	t, err := h.newTable(row, n, h.where)
	var e *Error
	if err != nil && errors.As(err, &e) && strings.Contains(e.Msg, "no text column") {
		h.noText = cmpOr(asErr(h.noText), e)
		if h.seen++; h.seen >= titleRows {
			return h.noText
		}
		return nil
	}
	if err != nil {
		return err
	}
	t.serialDates = true
	h.t = t
	return nil
}

func asErr(err error) *Error {
	e, _ := err.(*Error)
	return e
}

func blankRow(row []string) bool {
	for _, c := range row {
		if strings.TrimSpace(c) != "" {
			return false
		}
	}
	return true
}

// workbookFormat names the format of a workbook by its first bytes: xlsx
// (a zip), xls (an OLE compound file), or "".
func workbookFormat(head []byte) string {
	switch {
	case bytes.HasPrefix(head, zipMagic):
		return "xlsx"
	case bytes.HasPrefix(head, oleMagic):
		return "xls"
	}
	return ""
}
