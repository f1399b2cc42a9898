package cmd

import (
	"context"
	"fmt"
	"io"
	"runtime"
	"time"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/batch"
	"github.com/replylint/replylint/lint/report"
	"github.com/replylint/replylint/lint/score"
	"github.com/replylint/replylint/lint/transcript"
)

// ReportOptions are report's flags; runReport is the behaviour.
type ReportOptions struct {
	IO     *IOStreams
	Paths  []string
	Output string
	CSVDir string
	Title  string
	Input  inputFlags
	Linter linterFlags
	Jobs   int
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
overview, findings by category, a table of agents by score, a per-day trend where
the input has dates, and every finding in its conversation with its suggestion.
The file needs nothing from the network to open; send it by mail or chat.

Each conversation scores 100 minus the points of its findings (error 10, warning 3,
info 1 unless [score] in .replylint.toml says otherwise), at least 0; a fatal QA
checklist item scores it 0. The totals are the ones check --format json prints.`,
		Example: `  replylint report chats/ -o report.html
  replylint report 0501.jsonl 0502.jsonl --title "五月第一周质检" --csv-dir tables/
  replylint report chats/ -o - > report.html`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runReport(cmd.Context(), opts)
		},
	}
	f := c.Flags()
	f.StringVarP(&opts.Output, "output", "o", "report.html", "the HTML file to write (- is standard output)")
	f.StringVar(&opts.CSVDir, "csv-dir", "", "also write agents.csv, conversations.csv and rules.csv (UTF-8 with BOM, for Excel) into this folder")
	f.StringVar(&opts.Title, "title", "", `the report's title (default "客服质检报告")`)
	opts.Input.register(f)
	opts.Linter.register(f)
	f.IntVar(&opts.Jobs, "jobs", runtime.NumCPU(), "parallel workers")
	return c
}

func runReport(ctx context.Context, opts *ReportOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	if opts.Output == "" {
		return fmt.Errorf("--output: name the HTML file to write")
	}
	files, err := argFiles(opts.IO, opts.Paths, "nothing to report on: give files or folders of transcripts (see replylint report --help)")
	if err != nil {
		return err
	}
	set, err := opts.Linter.settings()
	if err != nil {
		return err
	}
	l := set.Linter
	col := report.NewCollector(set.Score, score.RuleCosts(l.Rules()))
	in, err := opts.Input.options(set)
	if err != nil {
		return err
	}
	bopts := batch.Options{
		Jobs:  opts.Jobs,
		Input: in,
		Stdin: opts.IO.In,
	}
	if err := batch.Run(ctx, l, files, bopts, &reportSink{col: col}); err != nil {
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
		inputs = []string{"<stdin>"}
	}
	ropts := report.Options{Title: opts.Title, Generated: now(), Inputs: inputs}
	if err := writeOutput(opts.IO.Out, opts.Output, func(w io.Writer) error { return col.Render(w, ropts) }); err != nil {
		return err
	}
	card := col.Card()
	if opts.CSVDir != "" {
		if err := report.WriteCSV(opts.CSVDir, card); err != nil {
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
		plural(s.Conversations, "conversation"), plural(s.Messages, "message"), plural(s.Findings, "finding"), card.MeanScore)
	return err
}

// reportSink feeds the batch's results, in input order, to the report.
type reportSink struct {
	col *report.Collector
}

func (s *reportSink) Conversation(c *lint.Conversation, fs []lint.Finding) error {
	s.col.Add(c, fs)
	return nil
}

func (s *reportSink) Skipped(*transcript.Error) error { return nil }

func (s *reportSink) FileDone(string) error {
	s.col.Summary().Files++
	return nil
}
