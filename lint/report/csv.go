package report

import (
	"encoding/csv"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"time"

	"github.com/replylint/replylint/lint/atomicfile"
	"github.com/replylint/replylint/lint/score"
)

// bom makes Excel read a CSV file as UTF-8; without it, it guesses the
// local code page and shows Chinese as mojibake.
const bom = "\ufeff"

// WriteCSV writes agents.csv, conversations.csv and rules.csv into dir
// (made if missing), each atomically.
func WriteCSV(dir string, card *score.Card) error {
	if err := os.MkdirAll(dir, 0o755); err != nil {
		return err
	}
	tables := []struct {
		name string
		rows [][]string
	}{
		{"agents.csv", agentRows(card)},
		{"conversations.csv", conversationRows(card)},
		{"rules.csv", ruleRows(card)},
	}
	for _, t := range tables {
		err := atomicfile.Write(filepath.Join(dir, t.name), atomicfile.CreateOrReplace, func(w io.Writer) error {
			if _, err := io.WriteString(w, bom); err != nil {
				return err
			}
			cw := csv.NewWriter(w)
			if err := cw.WriteAll(t.rows); err != nil {
				return err
			}
			return cw.Error()
		})
		if err != nil {
			return err
		}
	}
	return nil
}

func num(x float64) string { return strconv.FormatFloat(x, 'f', 1, 64) }

// text guards a cell that comes from the input (an agent name, a
// conversation id): Excel runs a cell that starts with = + - or @ as a
// formula, so such a cell gets a leading apostrophe, which Excel hides.
func text(s string) string {
	if s != "" && strings.ContainsRune("=+-@", rune(s[0])) {
		return "'" + s
	}
	return s
}

func agentRows(card *score.Card) [][]string {
	rows := [][]string{{"agent", "conversations", "messages", "replies", "findings", "findings_per_100_replies", "mean_score", "fatal_conversations", "top_categories"}}
	for _, a := range card.Agents {
		var top []string
		for _, t := range a.Top {
			top = append(top, t.Name+":"+strconv.Itoa(t.Findings))
		}
		rows = append(rows, []string{text(score.Label(a.Agent)), strconv.Itoa(a.Conversations), strconv.Itoa(a.Messages),
			strconv.Itoa(a.Replies), strconv.Itoa(a.Findings), num(a.Per100), num(a.MeanScore), strconv.Itoa(a.Fatal),
			strings.Join(top, " ")})
	}
	return rows
}

func conversationRows(card *score.Card) [][]string {
	rows := [][]string{{"file", "conversation", "agent", "start", "messages", "replies", "findings", "score", "fatal"}}
	for _, c := range card.Conversations {
		start := ""
		if !c.Start.IsZero() {
			start = c.Start.Format(time.RFC3339)
		}
		id := c.ID
		if id == "" {
			// Chat logs and drafts have no ids: number the conversation
			// in the run, as the HTML report does.
			id = "#" + strconv.Itoa(c.Index+1)
		}
		rows = append(rows, []string{text(c.File), text(id), text(score.Label(c.Agent)), start, strconv.Itoa(c.Messages),
			strconv.Itoa(c.Replies), strconv.Itoa(c.Findings), num(c.Score), strconv.FormatBool(c.Fatal)})
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
