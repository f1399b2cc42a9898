package cmd

import (
	"context"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"os/signal"
	"path/filepath"
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/schollz/progressbar/v3"
	"github.com/spf13/cobra"

	"github.com/replylint/replylint/internal/batch"
	"github.com/replylint/replylint/internal/output"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
	"github.com/replylint/replylint/rules"
)

// CheckOptions are check's flags; runCheck is the behaviour, testable
// without flag parsing.
type CheckOptions struct {
	IO *IOStreams
	// Version is replylint's, for the formats that name the tool (sarif).
	Version string
	Paths   []string
	Format  string
	// Output is the file to write; "" or "-" is standard output.
	Output  string
	Input   inputFlags
	Linter  linterFlags
	FailOn  string
	Color   string
	Jobs    int
	Quiet   bool
	SkipBad bool
	// Fix applies the safe rewrites to plain-text files in place before
	// the check, which then reports what remains.
	Fix bool
}

// Past these, a run on a terminal shows a progress bar.
const (
	progressFiles = 5
	progressBytes = 20 << 20
	// spoolMemory is how much output is held in memory before it spills
	// to a temporary file.
	spoolMemory = 4 << 20
	// maxSkipNotes is how many skipped records are named on standard
	// error; the rest are only counted.
	maxSkipNotes = 20
)

// NewCmdCheck builds `replylint check`. runF, when set, receives the
// parsed options instead of runCheck, so that tests of the flags need not
// run a check.
func NewCmdCheck(io *IOStreams, runF func(*CheckOptions) error) *cobra.Command {
	opts := &CheckOptions{IO: io}
	c := &cobra.Command{
		Use:   "check [PATH|-]...",
		Short: "Check replies or transcripts and report every breach",
		Long: `Check drafts or transcripts: files, folders (recursively), globs, or standard input
("-", or no argument when input is piped). Plain text is one reply by the agent.

Inputs: chat logs (客服（10:00:03）：“在的，您好！” or [2024-05-01 10:00:03] 客服小妮: 您好),
JSONL and JSON exports (a message a record, or conversations in the OpenAI chat shape),
and CSV exports in UTF-8 or GB18030/GBK. --input-format auto picks by extension and
content, so a folder may mix them. Only the agent's words are checked. Times written
without a zone are read in --timezone (default: [input] timezone in the config, else the
machine's local zone).

Paths: a path that exists is that file, even with [ ] in its name; otherwise it is a
glob, where ** crosses any number of folders (chats/**/*.jsonl). Folder walks take the
files replylint reads and skip the rest, counted in the summary by reason (extension,
special file such as a named pipe — never opened —, unreadable, excluded by --exclude
or the config's exclude = [...]).

Exit status: 0 when no finding is at or above --fail-on, 1 when one is, 2 when the
check could not be done (bad flag, unreadable file, malformed input; with --skip-bad,
malformed records are passed over and counted instead) or there is nothing to check
(empty input, a folder with no file replylint reads, a glob that matches nothing).`,
		Example: `  echo '呵呵，大哥，您这个可能一到两天' | replylint check
  replylint check draft.txt
  replylint check chats/ --format json > findings.json
  replylint check export.csv --text-col 回复 --role-col 身份
  replylint check exports/ --skip-bad --jobs 8
  replylint check --fail-on warning --color never reply.txt
  replylint check exports/ -f csv -o findings.csv
  replylint check 'exports/**/*.jsonl' --exclude meta.json --exclude 'old/**'
  pbpaste | replylint check --stdin-filename export.csv
  replylint check export.csv --others customer --agent-name 小妮 --timezone Asia/Shanghai`,
		RunE: func(cmd *cobra.Command, args []string) error {
			opts.Paths = args
			opts.Version = cmd.Root().Version
			if runF != nil {
				return runF(opts)
			}
			return runCheck(cmd.Context(), opts)
		},
	}
	f := c.Flags()
	formatFlag(c, &opts.Format)
	f.StringVarP(&opts.Output, "output", "o", "-", "write the findings to this file (atomically; - is standard output)")
	opts.Input.register(c)
	opts.Linter.register(f)
	f.BoolVar(&opts.Fix, "fix", false, "first apply the safe rewrites (你→您, OK→好的 …) to plain-text files in place, then report what remains")
	failOnFlag(c, &opts.FailOn, "lowest severity that makes the exit status 1")
	colorFlag(c, &opts.Color, "colour")
	f.IntVar(&opts.Jobs, "jobs", runtime.NumCPU(), "parallel workers for batch input")
	f.BoolVar(&opts.Quiet, "quiet", false, "print only the summary line")
	f.BoolVar(&opts.Linter.InProgress, "in-progress", false, "the conversations are still going on (the history plus a draft): skip the rules that judge the end, such as a missing closing")
	f.BoolVar(&opts.SkipBad, "skip-bad", false, "pass over malformed records, naming them on standard error and counting them in the summary")
	return c
}

func runCheck(ctx context.Context, opts *CheckOptions) error {
	return hideSpool(check(ctx, opts))
}

// hideSpool words an error of the spool's temporary file without its
// name: the user never asked for that file, and it is gone by now.
func hideSpool(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) && filepath.Dir(pe.Path) == filepath.Clean(os.TempDir()) && strings.HasPrefix(filepath.Base(pe.Path), "replylint-") {
		return fmt.Errorf("holding the output until the check is done: %s: %w", pe.Op, pe.Err)
	}
	return err
}

func check(ctx context.Context, opts *CheckOptions) error {
	if ctx == nil {
		ctx = context.Background()
	}
	failOn, err := parseFailOn(opts.FailOn)
	if err != nil {
		return err
	}
	if opts.Jobs < 0 {
		return fmt.Errorf("--jobs: want a number of workers (0: one per CPU), not %d", opts.Jobs)
	}
	cfg, err := opts.Linter.config()
	if err != nil {
		return err
	}
	paths, err := opts.Input.Paths.files(opts.IO, opts.Paths, "nothing to check: give files or folders, or pipe a reply in (see replylint check --help)", cfg)
	if err != nil {
		return err
	}
	st, err := opts.Linter.settings()
	if err != nil {
		return err
	}
	l := st.Linter
	in, err := opts.Input.options(st)
	if err != nil {
		return err
	}
	if opts.Fix {
		if err := FixFilesInPlace(l, paths.Files, opts.Input.Format); err != nil {
			return err
		}
	}
	// Output is held back until every file has been read, so that a
	// malformed file never leaves half a report on standard output.
	spool := batch.NewSpool(spoolMemory)
	defer spool.Close()
	fmtr, err := output.New(opts.Format, spool, output.Options{Color: opts.IO.colorTo(opts.Output, opts.Color), Quiet: opts.Quiet, Rules: l.Rules(), Version: opts.Version})
	if err != nil {
		return err
	}
	sink := &checkSink{fmtr: fmtr, sum: paths.summary(), worst: rules.Off, skips: skipNotes{errOut: opts.IO.ErrOut}}
	bopts := batch.Options{
		Jobs:          opts.Jobs,
		Input:         in,
		SkipBad:       opts.SkipBad,
		Stdin:         opts.IO.In,
		StdinFilename: opts.Input.StdinFilename,
	}
	if err := runBatch(ctx, opts, l, paths.Files, bopts, sink); err != nil {
		return err
	}
	sink.skips.done()
	if sink.sum.Conversations == 0 {
		return paths.noMessages()
	}
	if err := fmtr.Close(sink.sum); err != nil {
		return err
	}
	if err := writeOutput(opts.IO.Out, opts.Output, func(w io.Writer) error {
		_, err := spool.WriteTo(w)
		return err
	}); err != nil {
		return err
	}
	if failOn != rules.Off && sink.worst >= failOn {
		return ErrFindings
	}
	return nil
}

// runBatch checks the files with a progress bar where one is wanted; Ctrl-C
// stops the workers and still runs the deferred clean-up, so that no
// spilled temporary file is left behind.
func runBatch(ctx context.Context, opts *CheckOptions, l *lint.Linter, files []string, bopts batch.Options, sink *checkSink) error {
	if bar := progressBar(opts, files); bar != nil {
		sink.bar = bar
		bopts.Progress = func(n int64) { _ = bar.Add64(n) }
	}
	runCtx, stop := signal.NotifyContext(ctx, os.Interrupt)
	defer stop()
	sink.pacer = paceForBatch(&bopts)
	defer sink.pacer.restore()
	err := batch.Run(runCtx, l, files, bopts, sink)
	if sink.bar != nil {
		_ = sink.bar.Clear()
	}
	if errors.Is(err, context.Canceled) && ctx.Err() == nil {
		return errors.New("interrupted")
	}
	return err
}

// batchPaceAfter is how much input a check reads before its collector runs
// at Go's default pace (see gcPacer). Below it are the drafts and short
// transcripts the 400 % pace is for; above it, a single 1 MiB reply of
// hits peaked at 118 MB at 400 % and 93 MB at 100 % (bench/adversarial.sh).
const batchPaceAfter = 512 << 10

// batchConversations is how many conversations a check has handed on,
// past batchPaceAfter, before it is a batch paced by batchPercent, and how
// often that pace is looked at again: a few long replies are not a steady
// state, and one very long reply's live heap grows faster than a pace
// measured before it could follow.
const batchConversations = 64

// batchHeap is the heap a batch lets grow before it collects, whatever is
// live: a batch's heap is a steady state of conversations coming and going
// around what stays (the dictionary, the catalogue: about 22 MB), so the
// fewer collections the less CPU (14 on 50 MB of chats at 100 %, 6 at
// this), and a fixed ceiling rather than a multiple of the live heap keeps
// the peak the same however long the input and however large the
// dictionary grows.
const batchHeap = 64 << 20

// Where batchHeap is more than these multiples of the live heap, the pace is
// held between them: never below Go's default, never above the pace of a
// short check (cmd/replylint's).
const (
	minBatchPercent = 100
	maxBatchPercent = 400
)

// batchPercent is the collector's pace for a batch whose live heap is
// live bytes: the percentage that lets the heap grow to batchHeap.
func batchPercent(live uint64) int {
	if live == 0 {
		return minBatchPercent
	}
	p := (batchHeap - int64(live)) * 100 / int64(live)
	return int(min(max(p, minBatchPercent), maxBatchPercent))
}

// gcPacer paces the collector as a check goes on, unless GOGC says
// otherwise. cmd/replylint runs at 400 %, right for a check of a few
// replies, whose heap only grows until exit. Past batchPaceAfter bytes read
// the pace is Go's default, 100 %: a heap at 400 % would hold up to five
// times what is live, and the more collections a long input takes the
// higher that peak climbs (140 MB on 50 MB of chats, 81 MB on a quarter of
// it). Past batchConversations conversations too, it is a batch, paced by
// batchPercent of the live heap: 100 % would collect twice as often as a
// heap of batchHeap needs.
type gcPacer struct {
	mu    sync.Mutex // the reading goroutine counts bytes; the sink's, conversations
	read  int64
	convs int // from the sink's goroutine only
	set   bool
	old   int // the pace before the check, once set
	pace  int // the pace set last
	live  []metrics.Sample
}

// paceForBatch starts pacing a check whose input bopts reads (it hooks
// Progress), and returns the pacer; nil when GOGC is set.
func paceForBatch(bopts *batch.Options) *gcPacer {
	if os.Getenv("GOGC") != "" {
		return nil
	}
	p := &gcPacer{live: []metrics.Sample{{Name: "/gc/heap/live:bytes"}}}
	progress := bopts.Progress
	bopts.Progress = func(n int64) {
		if progress != nil {
			progress(n)
		}
		p.mu.Lock()
		defer p.mu.Unlock()
		if p.read += n; p.read > batchPaceAfter && !p.set {
			p.setPace(minBatchPercent)
		}
	}
	return p
}

// conversation counts a conversation handed on, and paces a batch by its
// live heap every batchConversations.
func (p *gcPacer) conversation() {
	if p == nil {
		return
	}
	if p.convs++; p.convs%batchConversations != 0 {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.read <= batchPaceAfter {
		return
	}
	metrics.Read(p.live)
	pace := minBatchPercent // a runtime without the metric: Go's default
	if p.live[0].Value.Kind() == metrics.KindUint64 {
		pace = batchPercent(p.live[0].Value.Uint64())
	}
	p.setPace(pace)
}

// setPace sets the collector's pace, remembering the one before the check.
// p.mu is held.
func (p *gcPacer) setPace(pace int) {
	if p.set && pace == p.pace {
		return
	}
	was := debug.SetGCPercent(pace)
	if !p.set {
		p.old, p.set = was, true
	}
	p.pace = pace
}

// restore puts the pace back as it was before the check.
func (p *gcPacer) restore() {
	if p == nil {
		return
	}
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.set {
		debug.SetGCPercent(p.old)
		p.set = false
	}
}

// checkSink formats results as the batch hands them on, in input order,
// and keeps the summary.
type checkSink struct {
	fmtr  output.Formatter
	sum   *lint.Summary
	worst rules.Severity
	skips skipNotes
	bar   *progressbar.ProgressBar
	pacer *gcPacer
}

func (s *checkSink) Conversation(c *lint.Conversation, fs []lint.Finding) error {
	s.pacer.conversation()
	s.sum.Add(c, fs)
	for _, f := range fs {
		s.worst = max(s.worst, f.Severity)
	}
	if cw, ok := s.fmtr.(output.ConversationWriter); ok {
		return cw.WriteConversation(c, fs)
	}
	return s.fmtr.Write(fs)
}

// Skipped names a malformed record on standard error (the first few), so
// that nothing is passed over silently; the summary counts them all.
func (s *checkSink) Skipped(e *transcript.Error) error {
	s.sum.Skipped++
	if s.bar != nil {
		_ = s.bar.Clear()
	}
	s.skips.note(e)
	return nil
}

// skipNotes names the first malformed records skipped on standard error,
// so that nothing is passed over silently, and counts the rest.
type skipNotes struct {
	errOut io.Writer
	n      int
}

func (s *skipNotes) note(e *transcript.Error) {
	s.n++
	if s.n <= maxSkipNotes {
		fmt.Fprintf(s.errOut, "replylint: skipped %v\n", e)
	}
}

// done says how many more were skipped than were named.
func (s *skipNotes) done() {
	if more := s.n - maxSkipNotes; more > 0 {
		fmt.Fprintf(s.errOut, "replylint: %s skipped\n", output.Plural(more, "more malformed record"))
	}
}
func (s *checkSink) FileDone(string) error {
	s.sum.Files++
	return nil
}

// progressBar returns a bar on standard error for a large batch on a
// terminal, or nil: none when piped, with --quiet, or for standard input,
// whose size is not known.
func progressBar(opts *CheckOptions, files []string) *progressbar.ProgressBar {
	if !opts.IO.ErrTTY || opts.Quiet || slices.Contains(files, "-") {
		return nil
	}
	var total int64
	for _, f := range files {
		if info, err := os.Stat(f); err == nil {
			total += info.Size()
		}
	}
	if len(files) <= progressFiles && total <= progressBytes {
		return nil
	}
	return progressbar.NewOptions64(total,
		progressbar.OptionSetWriter(opts.IO.ErrOut),
		progressbar.OptionSetDescription(fmt.Sprintf("checking %d files", len(files))),
		progressbar.OptionShowBytes(true),
		progressbar.OptionShowCount(),
		progressbar.OptionSetPredictTime(true),
		progressbar.OptionThrottle(100*time.Millisecond),
		progressbar.OptionClearOnFinish(),
	)
}

// parseFailOn reads --fail-on; "never" is rules.Off.
func parseFailOn(s string) (rules.Severity, error) {
	if s == "never" {
		return rules.Off, nil
	}
	sev, err := rules.ParseSeverity(s)
	if err != nil || sev == rules.Off {
		// The flag parser has let only failOnLevels through.
		return rules.Off, fmt.Errorf("--fail-on: unknown value %q (want %s)", s, strings.Join(failOnLevels, ", "))
	}
	return sev, nil
}
