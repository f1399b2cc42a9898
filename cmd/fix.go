package cmd

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/atomicfile"
	"github.com/replylint/replylint/internal/diff"
	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
	"github.com/replylint/replylint/rules"
)

// FixOptions are fix's flags; runFix is the behaviour, testable without
// flag parsing.
type FixOptions struct {
	IO     *IOStreams
	Paths  []string
	Diff   bool
	Write  bool
	Format string
	// InputFormat is auto or text: see readAndFix.
	InputFormat string
	FailOn      string
	Color       string
	Linter      linterFlags
	Files       pathFlags
}

// NewCmdFix builds `replylint fix`; runF, when set, receives the parsed
// options instead of runFix.
func NewCmdFix(io *IOStreams, runF func(*FixOptions) error) *cobra.Command {
	opts := &FixOptions{IO: io}
	c := &cobra.Command{
		Use:   "fix [PATH|-]...",
		Short: "Apply every safe rewrite (你→您, OK→好的 …) and report what needs judgement",
		Long: `Apply every safe suggestion to a reply — 你→您, 你好→您好, 你们→您, OK→好的, YES→是的,
拜拜→再见, ！！→！ — and print the corrected reply. What needs judgement (可能 → a
concrete time, 但是, 我不能 …) is not guessed: it is listed on standard error.

The input is plain text, one reply a file or standard input; transcripts (chat, jsonl,
json, csv) are refused. --write rewrites files in place (atomically: the file is never
left half-written); --diff prints a unified diff instead of the reply.

Exit status: 0 when no remaining finding is at or above --fail-on, 1 when one is, 2
when the fix could not be done.`,
		Example: `  echo '你好，OK的，可能一到两天' | replylint fix
  replylint fix draft.txt --diff
  replylint fix --write replies/*.txt
  replylint fix draft.txt --format json`,
		RunE: func(_ *cobra.Command, args []string) error {
			opts.Paths = args
			if runF != nil {
				return runF(opts)
			}
			return runFix(opts)
		},
	}
	f := c.Flags()
	opts.Files.register(f)
	f.BoolVar(&opts.Diff, "diff", false, "print a unified diff of the changes instead of the fixed reply")
	f.BoolVar(&opts.Write, "write", false, "rewrite the files in place")
	enumVarP(c, &opts.Format, "format", "", "text", []string{"text", "json"}, "output format (text: the fixed reply on stdout, the remaining findings on stderr; json: {\"text\", \"findings\"} on stdout)")
	f.StringVar(&opts.InputFormat, "input-format", "auto", "auto (refuse what reads as a chat transcript) or text (the whole input is one reply)")
	failOnFlag(c, &opts.FailOn, "lowest severity of a remaining finding that makes the exit status 1")
	colorFlag(c, &opts.Color, "colour of the findings on stderr")
	opts.Linter.register(f)
	return c
}

// fixFiles are the files fix's arguments name, less what --exclude and the
// config's exclude leave out.
func fixFiles(opts *FixOptions) ([]string, error) {
	cfg, err := opts.Linter.config()
	if err != nil {
		return nil, err
	}
	set, err := opts.Files.files(opts.IO, opts.Paths, "nothing to fix: give a file, or pipe a reply in (see replylint fix --help)", cfg)
	if err != nil {
		return nil, err
	}
	return set.Files, nil
}

// fixedFile is one reply before and after fixing.
type fixedFile struct {
	Name      string // as shown to the user: the path, or <stdin>
	Path      string // "" for standard input
	Before    string
	After     string
	BOM       bool // the file began with a UTF-8 byte-order mark, kept on --write
	UTF8      bool // the file is UTF-8; a GB18030 one is read, but not rewritten
	Remaining []lint.Finding
}

func runFix(opts *FixOptions) error {
	failOn, err := parseFailOn(opts.FailOn)
	if err != nil {
		return err
	}
	files, err := fixArgs(opts)
	if err != nil {
		return err
	}
	l, err := opts.Linter.load()
	if err != nil {
		return err
	}
	// Every file is read and fixed before anything is written or printed,
	// so a bad file stops the run with nothing half-done.
	done, err := fixAll(l, opts, files)
	if err != nil {
		return err
	}
	out, err := fixOutput(opts, done)
	if err != nil {
		return err
	}
	if opts.Write {
		for _, ff := range done {
			if err := ff.write(); err != nil {
				return err
			}
		}
	}
	if _, err := io.Copy(opts.IO.Out, out); err != nil {
		return err
	}
	worst, err := reportRemaining(opts, done)
	if err != nil {
		return err
	}
	if failOn != rules.Off && worst >= failOn {
		return ErrFindings
	}
	return nil
}

// fixArgs checks the flags against each other and returns the files.
func fixArgs(opts *FixOptions) ([]string, error) {
	if opts.InputFormat != "auto" && opts.InputFormat != "text" {
		return nil, fmt.Errorf("--input-format: fix reads auto or text, not %q (transcripts are checked, not fixed)", opts.InputFormat)
	}
	if opts.Diff && opts.Format == "json" {
		return nil, fmt.Errorf("--diff and --format json do not go together")
	}
	files, err := fixFiles(opts)
	if err != nil {
		return nil, err
	}
	if opts.Write && slices.Contains(files, "-") {
		return nil, fmt.Errorf("--write rewrites files; standard input has none (leave --write out to print the fixed reply)")
	}
	if len(files) != 1 && !opts.Write && !opts.Diff {
		return nil, fmt.Errorf("%d files given: fix prints one reply; use --write or --diff for several", len(files))
	}
	return files, nil
}

func fixAll(l *lint.Linter, opts *FixOptions, files []string) ([]*fixedFile, error) {
	var done []*fixedFile
	for _, file := range files {
		ff, err := readAndFix(l, opts.IO.In, file, opts.InputFormat)
		if err == nil && opts.Write && !ff.UTF8 && ff.After != ff.Before {
			err = fmt.Errorf("%s: not UTF-8 (GB18030?): --write would change its encoding; print the fix instead, or convert the file to UTF-8", file)
		}
		if err != nil {
			return nil, err
		}
		done = append(done, ff)
	}
	return done, nil
}

// fixOutput is what fix prints on standard output: the diffs, the JSON,
// or the one fixed reply (nothing with --write alone).
func fixOutput(opts *FixOptions, done []*fixedFile) (*bytes.Buffer, error) {
	var out bytes.Buffer
	switch {
	case opts.Diff:
		for _, ff := range done {
			out.WriteString(diff.Unified(ff.Name, ff.Before, ff.After))
		}
	case opts.Format == "json":
		if err := writeFixJSON(&out, done); err != nil {
			return nil, err
		}
	case !opts.Write:
		out.WriteString(done[0].After)
	}
	return &out, nil
}

// reportRemaining lists, in text format, what remains on standard error,
// and returns the worst severity left.
func reportRemaining(opts *FixOptions, done []*fixedFile) (rules.Severity, error) {
	worst, n := rules.Off, 0
	for _, ff := range done {
		for _, f := range ff.Remaining {
			worst = max(worst, f.Severity)
		}
		n += len(ff.Remaining)
	}
	if opts.Format != "text" || n == 0 {
		return worst, nil
	}
	color := opts.Color == "always" || opts.Color == "auto" && opts.IO.ErrTTY && (opts.IO.Env == nil || opts.IO.Env("NO_COLOR") == "")
	fmtr, err := output.New("text", opts.IO.ErrOut, output.Options{Color: color})
	if err != nil {
		return worst, err
	}
	sum := lint.NewSummary()
	for _, ff := range done {
		// A file is one reply: one conversation of one message.
		sum.Files++
		sum.Add(&lint.Conversation{Draft: true, Messages: make([]lint.Message, 1)}, ff.Remaining)
		if err := fmtr.Write(ff.Remaining); err != nil {
			return worst, err
		}
	}
	return worst, fmtr.Close(sum)
}

// transcriptExts are the inputs fix refuses without reading them:
// rewriting a field inside a JSON or CSV record safely needs the record's
// own writer, which fix does not have.
// It is read-only: a fixed table, never written after package initialisation.
var transcriptExts = []string{".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".chat"}

// readReply reads a reply from path, or from in when path is "", refusing
// one longer than transcript.MaxMessageBytes without reading past it (fix read
// /dev/zero until memory ran out).
func readReply(in io.Reader, path, name string) ([]byte, error) {
	if path != "" {
		f, err := os.Open(path)
		if err != nil {
			return nil, err
		}
		defer f.Close()
		in = f
	}
	data, err := io.ReadAll(io.LimitReader(in, transcript.MaxMessageBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > transcript.MaxMessageBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes: fix works on one reply a file, and a reply is far shorter", name, transcript.MaxMessageBytes)
	}
	return data, nil
}

// readAndFix reads one plain-text reply (file "-" is in) and fixes it.
// format is "auto" (a file that reads as a chat transcript is refused, so
// that the customer's turns are never rewritten) or "text" (the whole file
// is one reply, whatever it looks like).
func readAndFix(l *lint.Linter, in io.Reader, file, format string) (*fixedFile, error) {
	ff := &fixedFile{Name: file, Path: file}
	if file == "-" {
		ff.Name, ff.Path = "<stdin>", ""
	} else if ext := strings.ToLower(filepath.Ext(file)); slices.Contains(transcriptExts, ext) {
		return nil, fmt.Errorf("%s: fix works on plain-text replies, not %s transcripts; use replylint check for those", file, ext)
	}
	data, err := readReply(in, ff.Path, ff.Name)
	if err != nil {
		return nil, err
	}
	ff.BOM = bytes.HasPrefix(data, []byte("\ufeff"))
	ff.UTF8 = utf8.Valid(data)
	// transcript.Read validates the text (UTF-8 or GB18030, not binary) with
	// the messages check gives, strips the byte-order mark, and tells a
	// transcript from a reply the way check does.
	var convs []*lint.Conversation
	err = transcript.Read(ff.Name, bytes.NewReader(data), transcript.Options{Format: format}, func(c *lint.Conversation) error {
		convs = append(convs, c)
		return nil
	})
	if err != nil {
		return nil, err
	}
	if len(convs) != 1 || len(convs[0].Messages) != 1 || !convs[0].Messages[0].Verbatim || convs[0].Messages[0].Role == lint.Customer {
		return nil, fmt.Errorf("%s: reads as a transcript, not one reply; fix works on plain-text replies, one a file (--input-format text takes the whole input as one reply)", ff.Name)
	}
	ff.Before = convs[0].Messages[0].Text
	ff.After, ff.Remaining = l.Fix(ff.Before)
	for i := range ff.Remaining {
		ff.Remaining[i].File = ff.Name
	}
	return ff, nil
}

// fixResult is one reply in fix's JSON output, the shape of serve's
// POST /v1/fix answer with the file added.
type fixResult struct {
	File     string         `json:"file,omitempty"`
	Text     string         `json:"text"`
	Changed  bool           `json:"changed"`
	Findings []lint.Finding `json:"findings"`
}

func writeFixJSON(w io.Writer, done []*fixedFile) error {
	var rs []fixResult
	for _, ff := range done {
		fs := ff.Remaining
		if fs == nil {
			fs = []lint.Finding{}
		}
		rs = append(rs, fixResult{File: ff.Path, Text: ff.After, Changed: ff.After != ff.Before, Findings: fs})
	}
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	enc.SetIndent("", "  ")
	if len(rs) == 1 {
		return enc.Encode(rs[0])
	}
	return enc.Encode(rs)
}

// FixFilesInPlace applies the safe rewrites to plain-text reply files and
// writes back those that changed, for `check --fix`, which then reports
// what remains. inputFormat is check's --input-format: auto or text (a
// transcript format is refused). Standard input, transcripts and GB18030
// files are refused before anything is written.
func FixFilesInPlace(l *lint.Linter, files []string, inputFormat string) error {
	if inputFormat != "auto" && inputFormat != "text" {
		return fmt.Errorf("--fix rewrites plain-text replies; it does not work with --input-format %s", inputFormat)
	}
	var done []*fixedFile
	for _, file := range files {
		if file == "-" {
			return fmt.Errorf("--fix rewrites files; standard input has none (use replylint fix to print the fixed reply)")
		}
		ff, err := readAndFix(l, nil, file, inputFormat)
		if err == nil && !ff.UTF8 && ff.After != ff.Before {
			err = fmt.Errorf("%s: not UTF-8 (GB18030?): --fix would change its encoding; convert the file to UTF-8 first", file)
		}
		if err != nil {
			return err
		}
		done = append(done, ff)
	}
	for _, ff := range done {
		if err := ff.write(); err != nil {
			return err
		}
	}
	return nil
}

// write rewrites the file with the fixed reply, keeping its byte-order
// mark; an unchanged file is left alone.
func (ff *fixedFile) write() error {
	if ff.After == ff.Before {
		return nil
	}
	data := ff.After
	if ff.BOM {
		data = "\ufeff" + data
	}
	// A rewrite in place: never a half-written reply, and the permissions kept.
	return atomicfile.WriteBytes(ff.Path, atomicfile.Replace, []byte(data))
}
