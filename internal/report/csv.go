package report

import (
	"encoding/csv"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"time"

	"github.com/replylint/replylint/internal/atomicfile"
	"github.com/replylint/replylint/internal/batch"
	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
)

// bom makes Excel read a CSV file as UTF-8; without it, it guesses the
// local code page and shows Chinese as mojibake.
const bom = "\ufeff"

// Tables receives every conversation's score and every finding as a run
// goes, and writes the complete tables at the end: CSV files into a folder
// (WriteCSV) and one JSON document (WriteJSON). What it holds is spooled:
// a few megabytes in memory, the rest in temporary files (Close removes
// them), so the tables of any run cost little memory.
type Tables struct {
	csv, json bool

	convCSV  *batch.Spool
	convRows *csv.Writer
	findCSV  *batch.Spool
	findRows output.Formatter

	convJSON, findJSON *batch.Spool
	convs, findings    output.JSONArray
}

// spoolMemory is what each of the tables keeps in memory before it spills
// to a temporary file.
const spoolMemory = 4 << 20

// NewTables keeps what WriteCSV (csv) and WriteJSON (json) will need.
func NewTables(csvTables, jsonDoc bool) (*Tables, error) {
	t := &Tables{csv: csvTables, json: jsonDoc}
	if csvTables {
		t.convCSV, t.findCSV = batch.NewSpool(spoolMemory), batch.NewSpool(spoolMemory)
		t.convRows = csv.NewWriter(t.convCSV)
		if err := t.convRows.Write(conversationHeader); err != nil {
			return nil, err
		}
		f, err := output.New("csv", t.findCSV, output.Options{})
		if err != nil {
			return nil, err
		}
		t.findRows = f
	}
	if jsonDoc {
		t.convJSON, t.findJSON = batch.NewSpool(spoolMemory), batch.NewSpool(spoolMemory)
		// One element a line.
		t.convs.After, t.findings.After = "\n", "\n"
	}
	return t, nil
}

func (t *Tables) add(cs score.Conversation, fs []lint.Finding) error {
	if t.csv {
		if err := t.convRows.Write(output.CSVCells(conversationRow(cs))); err != nil {
			return err
		}
		if len(fs) > 0 {
			if err := t.findRows.Write(withConversation(fs, cs.ID)); err != nil {
				return err
			}
		}
	}
	if t.json {
		if err := t.convs.Add(t.convJSON, cs); err != nil {
			return err
		}
		for i := range fs {
			if err := t.findings.Add(t.findJSON, &fs[i]); err != nil {
				return err
			}
		}
	}
	return nil
}

// withConversation names the conversation of findings that have none
// (chat logs, drafts) as the conversations table does, FILE#N, so that the
// two tables join.
func withConversation(fs []lint.Finding, id string) []lint.Finding {
	if len(fs) == 0 || fs[0].Conversation != "" {
		return fs
	}
	named := slices.Clone(fs)
	for i := range named {
		named[i].Conversation = id
	}
	return named
}

// Close removes the temporary files.
func (t *Tables) Close() error {
	var first error
	for _, s := range []*batch.Spool{t.convCSV, t.findCSV, t.convJSON, t.findJSON} {
		if s == nil {
			continue
		}
		if err := s.Close(); err != nil && first == nil {
			first = err
		}
	}
	return first
}

// WriteCSV writes agents.csv, conversations.csv, rules.csv, days.csv and
// findings.csv (the rows of check --format csv) into dir (made if
// missing), each atomically.
func (t *Tables) WriteCSV(dir string, card *score.Card) error {
	if !t.csv {
		return fmt.Errorf("report: the tables were not asked to keep CSV rows")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	t.convRows.Flush()
	if err := t.convRows.Error(); err != nil {
		return err
	}
	if err := t.findRows.Close(card.Summary); err != nil {
		return err
	}
	small := []struct {
		name string
		rows [][]string
	}{
		{"agents.csv", agentRows(card)},
		{"rules.csv", ruleRows(card)},
		{"days.csv", dayRows(card)},
	}
	for _, s := range small {
		rows := s.rows
		err := atomicfile.Write(filepath.Join(dir, s.name), atomicfile.CreateOrReplace, func(w io.Writer) error {
			if _, err := io.WriteString(w, bom); err != nil {
				return err
			}
			cw := csv.NewWriter(w)
			for _, row := range rows {
				output.CSVCells(row)
			}
			if err := cw.WriteAll(rows); err != nil {
				return err
			}
			return cw.Error()
		})
		if err != nil {
			return err
		}
	}
	err := atomicfile.Write(filepath.Join(dir, "conversations.csv"), atomicfile.CreateOrReplace, func(w io.Writer) error {
		if _, err := io.WriteString(w, bom); err != nil {
			return err
		}
		_, err := t.convCSV.WriteTo(w)
		return err
	})
	if err != nil {
		return err
	}
	// The findings formatter wrote its own byte-order mark.
	return atomicfile.Write(filepath.Join(dir, "findings.csv"), atomicfile.CreateOrReplace, func(w io.Writer) error {
		_, err := t.findCSV.WriteTo(w)
		return err
	})
}

// WriteJSON writes the scorecard as one JSON document: the card's fields,
// then "conversations" (every conversation's score, in input order) and
// "findings" (every finding, in the schema of check --format json).
func (t *Tables) WriteJSON(w io.Writer, card *score.Card) error {
	if !t.json {
		return fmt.Errorf("report: the tables were not asked to keep JSON rows")
	}
	head, err := json.Marshal(card)
	if err != nil {
		return err
	}
	parts := []func() error{
		func() error { _, err := w.Write(head[:len(head)-1]); return err },
		func() error { _, err := io.WriteString(w, ",\"conversations\":[\n"); return err },
		func() error { _, err := t.convJSON.WriteTo(w); return err },
		func() error { _, err := io.WriteString(w, "],\"findings\":[\n"); return err },
		func() error { _, err := t.findJSON.WriteTo(w); return err },
		func() error { _, err := io.WriteString(w, "]}\n"); return err },
	}
	for _, p := range parts {
		if err := p(); err != nil {
			return err
		}
	}
	return nil
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

func agentRows(card *score.Card) [][]string {
	rows := [][]string{{"agent", "conversations", "messages", "replies", "findings", "findings_per_100_replies", "mean_score", "fatal_conversations", "top_categories"}}
	for _, a := range card.Agents {
		var top []string
		for _, t := range a.Top {
			top = append(top, t.Name+":"+strconv.Itoa(t.Findings))
		}
		rows = append(rows, []string{score.Label(a.Agent), strconv.Itoa(a.Conversations), strconv.Itoa(a.Messages),
			strconv.Itoa(a.Replies), strconv.Itoa(a.Findings), num(a.Per100), num(a.MeanScore), strconv.Itoa(a.Fatal),
			strings.Join(top, " ")})
	}
	return rows
}

// It is read-only: a fixed table, never written after package initialisation.
var conversationHeader = []string{"file", "conversation", "agent", "start", "messages", "replies", "findings", "score", "fatal"}

func conversationRow(c score.Conversation) []string {
	start := ""
	if !c.Start.IsZero() {
		start = c.Start.Format(time.RFC3339)
	}
	return []string{c.File, c.ID, score.Label(c.Agent), start, strconv.Itoa(c.Messages),
		strconv.Itoa(c.Replies), strconv.Itoa(c.Findings), num(c.Score), strconv.FormatBool(c.Fatal)}
}

func dayRows(card *score.Card) [][]string {
	rows := [][]string{{"date", "conversations", "messages", "findings", "mean_score"}}
	for _, d := range card.Days {
		rows = append(rows, []string{d.Date, strconv.Itoa(d.Conversations), strconv.Itoa(d.Messages), strconv.Itoa(d.Findings), num(d.MeanScore)})
	}
	return rows
}

func ruleRows(card *score.Card) [][]string {
	rows := [][]string{{"rule", "category", "severity", "findings", "points"}}
	for _, r := range card.Rules {
		rows = append(rows, []string{r.Rule, r.Category, r.Severity, strconv.Itoa(r.Findings), num(r.Points)})
	}
	return rows
}
