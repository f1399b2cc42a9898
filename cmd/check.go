package cmd

import (
	"bytes"
	"fmt"
	"io"
	"os"
	"slices"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/input"
	"github.com/replylint/replylint/lint/output"
	"github.com/replylint/replylint/rules"
)

// checkOptions are check's flags; runCheck is the behaviour, testable
// without flag parsing.
type checkOptions struct {
	IO          *IOStreams
	Paths       []string
	Format      string
	InputFormat string
	Linter      linterFlags
	FailOn      string
	Color       string
	Jobs        int
	Quiet       bool
}

func newCheckCmd(io *IOStreams) *cobra.Command {
	opts := &checkOptions{IO: io}
	c := &cobra.Command{
		Use:   "check [PATH|-]...",
		Short: "Check replies or transcripts and report every breach",
		Long: `Check drafts or transcripts: files, folders (recursively), globs, or standard input
("-", or no argument when input is piped). Plain text is one reply by the agent.

Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 when the
check could not be done (bad flag, unreadable file, malformed input).`,
		Example: `  echo '呵呵，大哥，您这个可能一到两天' | replylint check
  replylint check draft.txt
  replylint check chats/ --format json > findings.json
  replylint check --fail-on warning --color never reply.txt`,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Paths = args
			return runCheck(opts)
		},
	}
	f := c.Flags()
	f.StringVar(&opts.Format, "format", "text", "output format: text, json, jsonl, csv, sarif")
	f.StringVar(&opts.InputFormat, "input-format", "auto", "input format: auto, text, chat, jsonl, json, csv")
	opts.Linter.register(f)
	f.StringVar(&opts.FailOn, "fail-on", "error", "lowest severity that makes the exit status 1: error, warning, info, never")
	f.StringVar(&opts.Color, "color", "auto", "colour: auto, always, never (NO_COLOR is honoured)")
	f.IntVar(&opts.Jobs, "jobs", 0, "parallel workers for batch input (default: number of CPUs)")
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the summary line")
	return c
}

func runCheck(opts *checkOptions) error {
	failOn, err := parseFailOn(opts.FailOn)
	if err != nil {
		return err
	}
	if !slices.Contains([]string{"auto", "always", "never"}, opts.Color) {
		return fmt.Errorf("--color: want auto, always or never, not %q", opts.Color)
	}
	if !slices.Contains(input.Formats, opts.InputFormat) {
		return fmt.Errorf("--input-format: want one of %v, not %q", input.Formats, opts.InputFormat)
	}
	paths := opts.Paths
	if len(paths) == 0 {
		if opts.IO.InTTY {
			return fmt.Errorf("nothing to check: give files or folders, or pipe a reply in (see replylint check --help)")
		}
		paths = []string{"-"}
	}
	files, err := input.Expand(paths)
	if err != nil {
		return err
	}
	l, err := opts.Linter.load()
	if err != nil {
		return err
	}
	// Output is held back until every file has been read, so that a
	// malformed file never leaves half a report on standard output.
	var buf bytes.Buffer
	fmtr, err := output.New(opts.Format, &buf, output.Options{Color: opts.IO.ColorOut(opts.Color), Quiet: opts.Quiet})
	if err != nil {
		return err
	}
	sum := lint.NewSummary()
	worst := rules.Off
	for _, file := range files {
		if err := checkFile(l, opts, file, func(c *lint.Conversation, fs []lint.Finding) error {
			sum.Add(c, fs)
			for _, f := range fs {
				worst = max(worst, f.Severity)
			}
			return fmtr.Write(fs)
		}); err != nil {
			return err
		}
		sum.Files++
	}
	if err := fmtr.Close(sum); err != nil {
		return err
	}
	if _, err := io.Copy(opts.IO.Out, &buf); err != nil {
		return err
	}
	if failOn != rules.Off && worst >= failOn {
		return ErrFindings
	}
	return nil
}

func checkFile(l *lint.Linter, opts *checkOptions, file string, emit func(*lint.Conversation, []lint.Finding) error) error {
	var r io.Reader = opts.IO.In
	name := file
	if file == "-" {
		name = "<stdin>"
	} else {
		f, err := os.Open(file)
		if err != nil {
			return err
		}
		defer f.Close()
		r = f
	}
	return input.Read(name, r, input.Options{Format: opts.InputFormat}, func(c *lint.Conversation) error {
		if file == "-" {
			c.File = ""
		}
		return emit(c, l.CheckConversation(c))
	})
}

// parseFailOn reads --fail-on; "never" is rules.Off.
func parseFailOn(s string) (rules.Severity, error) {
	if s == "never" {
		return rules.Off, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil || sev == rules.Off {
		return rules.Off, fmt.Errorf("--fail-on: want error, warning, info or never, not %q", s)
	}
	return sev, nil
}
