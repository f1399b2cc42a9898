package output_test

import (
	"bytes"
	"encoding/csv"
	"testing"
	"time"

	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
)

// csvRows runs conversations through the CSV formatter as check does and
// returns the rows after the header.
func csvRows(t *testing.T, convs ...*lint.Conversation) [][]string {
	t.Helper()
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	f, err := output.New("csv", &buf, output.Options{})
	if err != nil {
		t.Fatal(err)
	}
	cw := f.(output.ConversationWriter)
	for _, c := range convs {
		if err := cw.WriteConversation(c, l.CheckConversation(c)); err != nil {
			t.Fatal(err)
		}
	}
	if err := f.Close(lint.NewSummary()); err != nil {
		t.Fatal(err)
	}
	rows, err := csv.NewReader(bytes.NewReader(bytes.TrimPrefix(buf.Bytes(), []byte("\uFEFF")))).ReadAll()
	if err != nil {
		t.Fatal(err)
	}
	return rows[1:]
}

// column returns the named column of a row.
func column(t *testing.T, row []string, name string) string {
	t.Helper()
	for i, h := range []string{"file", "line", "column", "conversation", "turn", "message_id", "role", "agent",
		"rule", "category", "severity", "match", "start", "end", "message", "suggestions", "fix", "time", "text"} {
		if h == name {
			return row[i]
		}
	}
	t.Fatalf("no column %q", name)
	return ""
}

// A cell from an export that a spreadsheet would run as a formula is
// written as text.
func TestCSVGuardsFormulas(t *testing.T) {
	zone := time.FixedZone("CST", 8*3600)
	c := &lint.Conversation{File: "export.csv", ID: "@SUM(A1)", Messages: []lint.Message{
		{Role: lint.Customer, Text: "在吗", Time: time.Date(2024, 5, 1, 10, 0, 0, 0, zone), Line: 2},
		{Role: lint.Agent, Speaker: "=cmd|' /C calc'!A0", Text: "-你好，+OK", Time: time.Date(2024, 5, 1, 10, 0, 2, 0, zone), Line: 3},
	}}
	rows := csvRows(t, c)
	if len(rows) == 0 {
		t.Fatal("no rows")
	}
	for _, row := range rows {
		for _, cell := range row {
			if cell != "" && bytes.ContainsRune([]byte("=+-@\t\r"), rune(cell[0])) {
				t.Errorf("cell %q would run as a formula (row %q)", cell, row)
			}
		}
		if got := column(t, row, "agent"); got != "'=cmd|' /C calc'!A0" {
			t.Errorf("agent cell %q", got)
		}
		if got := column(t, row, "conversation"); got != "'@SUM(A1)" {
			t.Errorf("conversation cell %q", got)
		}
	}
	nihao := rows[0]
	if column(t, nihao, "text") != "'-你好，+OK" || column(t, nihao, "time") != "2024-05-01T10:00:02+08:00" {
		t.Errorf("text %q, time %q", column(t, nihao, "text"), column(t, nihao, "time"))
	}
}

func TestCSVCell(t *testing.T) {
	for in, want := range map[string]string{
		"": "", "您好": "您好", "=1+1": "'=1+1", "+86 138": "'+86 138", "-1": "'-1", "@x": "'@x",
		"\t=1": "'\t=1", "\r=1": "'\r=1", "a=1": "a=1", "12": "12",
	} {
		if got := output.CSVCell(in); got != want {
			t.Errorf("CSVCell(%q) = %q, want %q", in, got, want)
		}
	}
}

// Conversations without an id are FILE#N, N counted within the file, so
// the ids of a file do not depend on what else the run read.
func TestCSVConversationIDsPerFile(t *testing.T) {
	draft := func(file string) *lint.Conversation {
		return &lint.Conversation{File: file, Messages: []lint.Message{{Role: lint.Agent, Text: "你好", Line: 1, Column: 1, Verbatim: true}}}
	}
	withID := draft("b.txt")
	withID.ID = "c9"
	var got []string
	for _, row := range csvRows(t, draft("a.txt"), draft("a.txt"), draft("b.txt"), withID, draft("b.txt"), draft("")) {
		got = append(got, column(t, row, "conversation"))
	}
	want := []string{"a.txt#1", "a.txt#2", "b.txt#1", "c9", "b.txt#3", "<stdin>#1"}
	if len(got) != len(want) {
		t.Fatalf("ids %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("ids %q, want %q", got, want)
			break
		}
	}
}
