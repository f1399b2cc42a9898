package transcript_test

import (
	"flag"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

var updateXLSX = flag.Bool("update-xlsx", false, "write testdata/exports/shop.xlsx from shop.jsonl")

// TestWriteShopXLSX writes the xlsx fixture with -update-xlsx: the
// conversations of shop.jsonl on two sheets, under a title row, the first
// with its times as text, the second as date cells, and a multi-line cell.
func TestWriteShopXLSX(t *testing.T) {
	if !*updateXLSX {
		t.Skip("run with -update-xlsx to write the fixture")
	}
	convs := readExport(t, "shop.jsonl", transcript.Options{})
	f := excelize.NewFile()
	defer f.Close()
	sheets := []string{"5月1日上午", "5月1日下午"}
	if err := f.SetSheetName("Sheet1", sheets[0]); err != nil {
		t.Fatal(err)
	}
	if _, err := f.NewSheet(sheets[1]); err != nil {
		t.Fatal(err)
	}
	dateStyle, err := f.NewStyle(&excelize.Style{CustomNumFmt: ptr("yyyy-mm-dd hh:mm:ss")})
	if err != nil {
		t.Fatal(err)
	}
	for i, c := range convs {
		writeSheet(t, f, sheets[i], c, i == 0, dateStyle)
	}
	if err := f.SaveAs(filepath.Join("..", "..", "testdata", "exports", "shop.xlsx")); err != nil {
		t.Fatal(err)
	}
}

func ptr[T any](v T) *T { return &v }

// writeSheet writes conversation c on sheet sh under a title row, its
// times as text or as date cells in dateStyle.
func writeSheet(t *testing.T, f *excelize.File, sh string, c *lint.Conversation, textTimes bool, dateStyle int) {
	t.Helper()
	set := func(col, row int, v any) {
		cell, _ := excelize.CoordinatesToCellName(col, row)
		if err := f.SetCellValue(sh, cell, v); err != nil {
			t.Fatal(err)
		}
		if _, isTime := v.(time.Time); isTime {
			if err := f.SetCellStyle(sh, cell, cell, dateStyle); err != nil {
				t.Fatal(err)
			}
		}
	}
	set(1, 1, "小熊旗舰店 聊天记录导出")
	for col, h := range []string{"会话ID", "发送时间", "发送者", "客服昵称", "消息内容"} {
		set(col+1, 2, h)
	}
	agent := map[string]string{"c1": "小妮", "c2": "阿杰"}[c.ID]
	customer := map[string]string{"c1": "tb_889201", "c2": "tb_553107"}[c.ID]
	for j, m := range c.Messages {
		row := j + 3
		set(1, row, c.ID)
		if textTimes {
			set(2, row, m.Time.Format(time.DateTime))
		} else {
			set(2, row, m.Time)
		}
		sender := customer
		if m.Role == transcript.Agent {
			sender = agent
		}
		set(3, row, sender)
		set(4, row, agent)
		set(5, row, m.Text)
	}
}

// TestWorkbooks: an xlsx piped on standard input is read as one; an .xls
// is refused by name, with the fix.
func TestWorkbooks(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "exports", "shop.xlsx"))
	if err != nil {
		t.Fatal(err)
	}
	convs, err := readString("-", string(data), transcript.Options{})
	if err != nil || len(convs) != 2 || len(convs[0].Messages) != 6 {
		t.Fatalf("xlsx on standard input: %d conversations, %v", len(convs), err)
	}
	if m := convs[0].Messages[3]; m.Line != 6 || !strings.Contains(m.Text, "\n") {
		t.Errorf("multi-line cell read as %+v, want row 6 with its line break", m)
	}
	for _, c := range []struct{ name, src string }{
		{"old.xls", "anything"},
		{"-", "\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1\x00\x00"},
	} {
		_, err := readString(c.name, c.src, transcript.Options{})
		if _, ok := err.(*transcript.Error); !ok || !strings.Contains(err.Error(), "save it as .xlsx or CSV") {
			t.Errorf("%s: %v, want the .xls refusal", c.name, err)
		}
	}
	_, err = readString("broken.xlsx", "PK\x03\x04 not really", transcript.Options{})
	if e, ok := err.(*transcript.Error); !ok || e.File != "broken.xlsx" {
		t.Errorf("a broken workbook: %v", err)
	}
}

// TestStdinCSV: a CSV export piped on standard input is read as CSV, as
// the same file is: not as one reply.
func TestStdinCSV(t *testing.T) {
	data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inputs", "multiline.csv"))
	if err != nil {
		t.Fatal(err)
	}
	file, err := readString("multiline.csv", string(data), transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	stdin, err := readString("-", string(data), transcript.Options{})
	if err != nil || len(stdin) != len(file) || len(file) < 2 {
		t.Errorf("standard input: %d conversations (%v), the file %d", len(stdin), err, len(file))
	}
}
