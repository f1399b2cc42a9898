package cmd

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/batch"
	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/internal/report"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// ReportOptions are report's flags; runReport is the behaviour.
type ReportOptions struct {
	IO     *IOStreams
	Paths  []string
	Output string
	Format string
	Detail int
	CSVDir string
	Title  string
	Input  inputFlags
	Linter linterFlags
	Jobs   int
	// SkipBad passes over malformed records, as check's does.
	SkipBad bool
	// Now stamps the report; tests fix it.
	Now func() time.Time
}

// NewCmdReport builds `replylint report`; runF, when set, receives the
// parsed options instead of runReport.
func NewCmdReport(io *IOStreams, runF func(*ReportOptions) error) *cobra.Command {
	opts := &ReportOptions{IO: io, Now: time.Now}
	c := &cobra.Command{
		Use:   "report PATH... [-o report.html]",
		Short: "Write a QA scorecard: one HTML file, and CSV tables",
		Long: `Check transcripts and write a QA report: one self-contained HTML file with an
overview, findings by category and severity, a table of agents by score, a per-day
trend where the input has dates, the lowest-scoring conversations, and a drill-down
into their replies (one card a reply, with what each finding cost and what to say
instead). The file needs nothing from the network to open; send it by mail or chat.

The page stays small however large the input: its drill-down holds the --detail
lowest-scoring conversations (500 unless told) and says so when there are more.
Every conversation and every finding is in the tables: --csv-dir writes
agents.csv, conversations.csv, rules.csv, days.csv and findings.csv (the columns
of check --format csv), and --format json writes the whole scorecard, with every
conversation and finding, as one JSON document instead of the page.

Each conversation scores 100 minus the points of its findings (error 10, warning 3,
info 1 unless [score] in .replylint.toml says otherwise), at least 0; a fatal QA
checklist item scores it 0. The totals are the ones check --format json prints.`,
		Example: `  replylint report chats/ -o report.html
  replylint report 0501.jsonl 0502.jsonl --title "五月第一周质检" --csv-dir tables/
  replylint report chats/ -o - > report.html
  replylint report chats/ --format json -o scorecard.json
  replylint report exports/ --skip-bad --exclude meta.json`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runReport(cmd.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.Output, "output", "o", "", "the file to write (- is standard output; default report.html, or report.json with --format json)")
	enumVarP(c, &opts.Format, "format", "f", "html", []string{"html", "json"}, "what to write: %v (html: the page; json: the scorecard with every conversation and finding)")
	f.IntVar(&opts.Detail, "detail", report.DefaultDetail, "how many of the lowest-scoring conversations the page's drill-down shows")
	f.StringVar(&opts.CSVDir, "csv-dir", "", "also write agents.csv, conversations.csv, rules.csv, days.csv and findings.csv (UTF-8 with BOM, for Excel) into this folder")
	f.StringVar(&opts.Title, "title", "", `the report's title (default "客服质检报告")`)
	opts.Input.register(c)
	opts.Linter.register(f)
	f.IntVar(&opts.Jobs, "jobs", runtime.NumCPU(), "parallel workers")
	f.BoolVar(&opts.SkipBad, "skip-bad", false, "pass over malformed records, naming them on standard error and counting them in the report")
	return c
}

func runReport(ctx context.Context, opts *ReportOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Detail < 1 {
		return fmt.Errorf("--detail: want 1 or more conversations, not %d", opts.Detail)
	}
	if opts.Output == "" {
		opts.Output = "report." + opts.Format
	}
	tables, err := report.NewTables(opts.CSVDir != "", opts.Format == "json")
	if err != nil {
		return err
	}
	defer tables.Close()
	col, err := collect(ctx, opts, tables)
	if err != nil {
		return err
	}
	// Everything is read before anything is written: a malformed input
	// leaves the last good report in place.
	now := time.Now
	if opts.Now != nil {
		now = opts.Now
	}
	inputs := opts.Paths
	if len(inputs) == 0 {
		inputs = []string{batch.StdinName}
	}
	card := col.Card()
	write := func(w io.Writer) error { return tables.WriteJSON(w, card) }
	if opts.Format == "html" {
		ropts := report.Options{Title: opts.Title, Generated: now(), Inputs: inputs}
		write = func(w io.Writer) error { return col.Render(w, ropts) }
	}
	if err := writeOutput(opts.IO.Out, opts.Output, write); err != nil {
		return err
	}
	if opts.CSVDir != "" {
		if err := tables.WriteCSV(opts.CSVDir, card); err != nil {
			return err
		}
	}
	// With the report on standard output, the note goes to standard
	// error so as not to end up inside the HTML.
	note, name := opts.IO.Out, opts.Output
	if isStdout(opts.Output) {
		note, name = opts.IO.ErrOut, "the report to standard output"
	}
	s := card.Summary
	_, err = fmt.Fprintf(note, "wrote %s: %s, %s, %s, mean score %.1f\n", name,
		output.Plural(s.Conversations, "conversation"), output.Plural(s.Messages, "message"), output.Plural(s.Findings, "finding"), card.MeanScore)
	return err
}

// collect reads and checks the transcripts into a report.
func collect(ctx context.Context, opts *ReportOptions, tables *report.Tables) (*report.Collector, error) {
	cfg, err := opts.Linter.config()
	if err != nil {
		return nil, err
	}
	paths, err := opts.Input.Paths.files(opts.IO, opts.Paths, "nothing to report on: give files or folders of transcripts (see replylint report --help)", cfg)
	if err != nil {
		return nil, err
	}
	st, err := opts.Linter.settings()
	if err != nil {
		return nil, err
	}
	l := st.Linter
	in, err := opts.Input.options(st)
	if err != nil {
		return nil, err
	}
	col := report.NewCollector(report.Config{Weights: st.Score, Costs: score.RuleCosts(l.Rules()), Detail: opts.Detail, Tables: tables, Location: zone(in)})
	if len(paths.Skipped) > 0 {
		col.Summary().SkippedFiles = paths.Skipped
	}
	bopts := batch.Options{
		Jobs:          opts.Jobs,
		Input:         in,
		SkipBad:       opts.SkipBad,
		Stdin:         opts.IO.In,
		StdinFilename: opts.Input.StdinFilename,
	}
	sink := &reportSink{col: col, skips: skipNotes{errOut: opts.IO.ErrOut}, pacer: paceForBatch(&bopts)}
	defer sink.pacer.restore()
	if err := batch.Run(ctx, l, paths.Files, bopts, sink); err != nil {
		return nil, err
	}
	sink.skips.done()
	if col.Summary().Conversations == 0 {
		return nil, paths.noMessages()
	}
	return col, nil
}

// reportSink feeds the batch's results, in input order, to the report.
type reportSink struct {
	col   *report.Collector
	skips skipNotes
	pacer *gcPacer
}

func (s *reportSink) Conversation(c *lint.Conversation, fs []lint.Finding) error {
	s.pacer.conversation()
	return s.col.Add(c, fs)
}

func (s *reportSink) Skipped(e *transcript.Error) error {
	s.col.Summary().Skipped++
	s.skips.note(e)
	return nil
}

func (s *reportSink) FileDone(string) error {
	s.col.Summary().Files++
	return nil
}
