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

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/atomicfile"
	"github.com/replylint/replylint/lint/output"
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
	if opts.InputFormat != "auto" && opts.InputFormat != "text" {
		return fmt.Errorf("--input-format: fix reads auto or text, not %q (transcripts are checked, not fixed)", opts.InputFormat)
	}
	if opts.Diff && opts.Format == "json" {
		return fmt.Errorf("--diff and --format json do not go together")
	}
	files, err := fixFiles(opts)
	if err != nil {
		return err
	}
	if opts.Write && slices.Contains(files, "-") {
		return fmt.Errorf("--write rewrites files; standard input has none (leave --write out to print the fixed reply)")
	}
	if len(files) != 1 && !opts.Write && !opts.Diff {
		return fmt.Errorf("%d files given: fix prints one reply; use --write or --diff for several", len(files))
	}
	l, err := opts.Linter.load()
	if err != nil {
		return err
	}

	// Every file is read and fixed before anything is written or printed,
	// so a bad file stops the run with nothing half-done.
	var done []*fixedFile
	for _, file := range files {
		ff, err := readAndFix(l, opts.IO.In, file, opts.InputFormat)
		if err == nil && opts.Write && !ff.UTF8 && ff.After != ff.Before {
			err = fmt.Errorf("%s: not UTF-8 (GB18030?): --write would change its encoding; print the fix instead, or convert the file to UTF-8", file)
		}
		if err != nil {
			return err
		}
		done = append(done, ff)
	}

	var out bytes.Buffer
	switch {
	case opts.Diff:
		for _, ff := range done {
			out.WriteString(unifiedDiff(ff.Name, ff.Before, ff.After))
		}
	case opts.Format == "json":
		if err := writeFixJSON(&out, done); err != nil {
			return err
		}
	case !opts.Write:
		out.WriteString(done[0].After)
	}
	if opts.Write {
		for _, ff := range done {
			if err := ff.write(); err != nil {
				return err
			}
		}
	}
	if _, err := io.Copy(opts.IO.Out, &out); err != nil {
		return err
	}

	worst := rules.Off
	var remaining []lint.Finding
	for _, ff := range done {
		for _, f := range ff.Remaining {
			worst = max(worst, f.Severity)
		}
		remaining = append(remaining, ff.Remaining...)
	}
	if opts.Format == "text" && len(remaining) > 0 {
		color := opts.Color == "always" || opts.Color == "auto" && opts.IO.ErrTTY && (opts.IO.Env == nil || opts.IO.Env("NO_COLOR") == "")
		fmtr, err := output.New("text", opts.IO.ErrOut, output.Options{Color: color})
		if err != nil {
			return err
		}
		sum := lint.NewSummary()
		for _, ff := range done {
			// A file is one reply: one conversation of one message.
			sum.Files++
			sum.Add(&lint.Conversation{Messages: make([]lint.Message, 1)}, ff.Remaining)
			if err := fmtr.Write(ff.Remaining); err != nil {
				return err
			}
		}
		if err := fmtr.Close(sum); err != nil {
			return err
		}
	}
	if failOn != rules.Off && worst >= failOn {
		return ErrFindings
	}
	return nil
}

// transcriptExts are the inputs fix refuses without reading them:
// rewriting a field inside a JSON or CSV record safely needs the record's
// own writer, which fix does not have.
var transcriptExts = []string{".jsonl", ".ndjson", ".json", ".csv", ".tsv", ".chat"}

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
	var data []byte
	var err error
	if ff.Path == "" {
		data, err = io.ReadAll(in)
	} else {
		data, err = os.ReadFile(ff.Path)
	}
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

// diffContext is how many unchanged lines surround a change in a hunk, as
// in diff -u.
const diffContext = 3

// maxLCSCells bounds the table of the line diff. Fixes change a few lines
// of a reply; past the bound the changed middle is shown as one block,
// which is still a correct diff, only not the smallest.
const maxLCSCells = 4 << 20

type diffOp struct {
	kind byte // ' ', '-' or '+'
	line string
}

// unifiedDiff returns the unified diff (diff -u, without timestamps) that
// turns before into after, or "" when they are equal.
func unifiedDiff(name, before, after string) string {
	if before == after {
		return ""
	}
	ops := diffLines(splitLines(before), splitLines(after))
	var b strings.Builder
	fmt.Fprintf(&b, "--- a/%s\n+++ b/%s\n", name, name)
	// oldAt/newAt count lines of each side before ops[i].
	oldAt, newAt := make([]int, len(ops)+1), make([]int, len(ops)+1)
	for i, op := range ops {
		oldAt[i+1], newAt[i+1] = oldAt[i], newAt[i]
		if op.kind != '+' {
			oldAt[i+1]++
		}
		if op.kind != '-' {
			newAt[i+1]++
		}
	}
	for i := 0; i < len(ops); {
		if ops[i].kind == ' ' {
			i++
			continue
		}
		// A hunk runs from diffContext lines before this change to
		// diffContext lines after the last change closer than twice that.
		start := max(0, i-diffContext)
		end := i
		for j := i; j < len(ops); j++ {
			if ops[j].kind != ' ' {
				end = j + 1
			} else if j-end >= 2*diffContext {
				break
			}
		}
		stop := min(len(ops), end+diffContext)
		fmt.Fprintf(&b, "@@ -%s +%s @@\n", hunkRange(oldAt[start], oldAt[stop]-oldAt[start]), hunkRange(newAt[start], newAt[stop]-newAt[start]))
		for _, op := range ops[start:stop] {
			b.WriteByte(op.kind)
			b.WriteString(op.line)
			if !strings.HasSuffix(op.line, "\n") {
				b.WriteString("\n\\ No newline at end of file\n")
			}
		}
		i = stop
	}
	return b.String()
}

// hunkRange formats one side of a hunk header: 1-based first line and
// count, the count left out when it is 1, and the line before the hunk
// when it is empty.
func hunkRange(before, n int) string {
	switch n {
	case 0:
		return fmt.Sprintf("%d,0", before)
	case 1:
		return fmt.Sprintf("%d", before+1)
	}
	return fmt.Sprintf("%d,%d", before+1, n)
}

// splitLines splits s after each newline; the last line may lack one.
func splitLines(s string) []string {
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	return lines
}

// diffLines returns an edit script from a to b: the common prefix and
// suffix, and a longest-common-subsequence diff of the middle.
func diffLines(a, b []string) []diffOp {
	pre := 0
	for pre < len(a) && pre < len(b) && a[pre] == b[pre] {
		pre++
	}
	suf := 0
	for suf < len(a)-pre && suf < len(b)-pre && a[len(a)-1-suf] == b[len(b)-1-suf] {
		suf++
	}
	var ops []diffOp
	for _, l := range a[:pre] {
		ops = append(ops, diffOp{' ', l})
	}
	ma, mb := a[pre:len(a)-suf], b[pre:len(b)-suf]
	if (len(ma)+1)*(len(mb)+1) > maxLCSCells {
		for _, l := range ma {
			ops = append(ops, diffOp{'-', l})
		}
		for _, l := range mb {
			ops = append(ops, diffOp{'+', l})
		}
	} else {
		ops = append(ops, lcsDiff(ma, mb)...)
	}
	for _, l := range a[len(a)-suf:] {
		ops = append(ops, diffOp{' ', l})
	}
	return ops
}

func lcsDiff(a, b []string) []diffOp {
	// lcs[i][j] is the length of the LCS of a[i:] and b[j:].
	w := len(b) + 1
	lcs := make([]int, (len(a)+1)*w)
	for i := len(a) - 1; i >= 0; i-- {
		for j := len(b) - 1; j >= 0; j-- {
			if a[i] == b[j] {
				lcs[i*w+j] = lcs[(i+1)*w+j+1] + 1
			} else {
				lcs[i*w+j] = max(lcs[(i+1)*w+j], lcs[i*w+j+1])
			}
		}
	}
	var ops []diffOp
	i, j := 0, 0
	for i < len(a) && j < len(b) {
		switch {
		case a[i] == b[j]:
			ops = append(ops, diffOp{' ', a[i]})
			i, j = i+1, j+1
		case lcs[(i+1)*w+j] >= lcs[i*w+j+1]:
			ops = append(ops, diffOp{'-', a[i]})
			i++
		default:
			ops = append(ops, diffOp{'+', b[j]})
			j++
		}
	}
	for ; i < len(a); i++ {
		ops = append(ops, diffOp{'-', a[i]})
	}
	for ; j < len(b); j++ {
		ops = append(ops, diffOp{'+', b[j]})
	}
	return ops
}
