// Package batch checks many files and conversations in parallel and hands
// the results on in input order, so that the same input always gives the
// same output, byte for byte, whatever the number of workers.
//
// One goroutine reads the files in order, streaming; a pool of workers
// checks conversations; the caller's goroutine puts results back in input
// order and gives them to a Sink. At most a fixed window of conversations
// is in flight, so memory stays flat however large the input.
package batch

import (
	"context"
	"errors"
	"io"
	"os"
	"runtime"
	"sync"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// Checker checks a conversation; *lint.Linter is one. It must be safe for
// concurrent use.
type Checker interface {
	CheckConversation(*lint.Conversation) []lint.Finding
}

// Sink receives a run's results in input order, from one goroutine.
type Sink interface {
	// Conversation is a conversation checked and its findings.
	Conversation(c *lint.Conversation, fs []lint.Finding) error
	// Skipped is a malformed record passed over (Options.SkipBad).
	Skipped(e *transcript.Error) error
	// FileDone says a file has been read and checked to its end.
	FileDone(name string) error
}

// Options tune a run.
type Options struct {
	// Jobs is the number of workers; 0 means one per CPU.
	Jobs int
	// Input says how to read files; its Skip is set by Run.
	Input transcript.Options
	// SkipBad passes over malformed records (counted through
	// Sink.Skipped) instead of stopping at the first.
	SkipBad bool
	// Stdin is what "-" reads.
	Stdin io.Reader
	// Progress, if set, is told of input bytes as they are read, from the
	// reading goroutine.
	Progress func(n int64)
}

// StdinName is how standard input is named in messages.
const StdinName = "<stdin>"

// item is one thing read, in input order: a conversation to check, a
// record skipped, the end of a file, or the error that ended reading.
type item struct {
	seq      int
	conv     *lint.Conversation
	findings []lint.Finding
	skipped  *transcript.Error
	fileDone string
	err      error
}

// Run reads files ("-" is Options.Stdin) and checks every conversation in
// them with c, giving results to sink in input order. It returns the first
// error: unreadable or malformed input (an *transcript.Error), or the sink's.
func Run(ctx context.Context, c Checker, files []string, opts Options, sink Sink) error {
	jobs := opts.Jobs
	if jobs <= 0 {
		jobs = runtime.NumCPU()
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()

	// window bounds what is read but not yet handed to the sink: it is
	// what keeps memory flat when one conversation is slow to check.
	window := make(chan struct{}, jobs*4)
	todo := make(chan *item, jobs)
	done := make(chan *item, jobs)

	go read(ctx, files, opts, window, todo)

	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for it := range todo {
				if it.conv != nil && ctx.Err() == nil {
					it.findings = c.CheckConversation(it.conv)
				}
				done <- it
			}
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()

	// Put results back in order. After an error, keep draining so that
	// the reader and the workers can finish.
	var first error
	pending := map[int]*item{}
	next := 0
	for it := range done {
		pending[it.seq] = it
		for {
			it, ok := pending[next]
			if !ok {
				break
			}
			delete(pending, next)
			next++
			<-window
			if first != nil {
				continue
			}
			if err := deliver(it, sink); err != nil {
				first = err
				cancel()
			}
		}
	}
	if first == nil {
		first = ctx.Err()
	}
	return first
}

func deliver(it *item, sink Sink) error {
	switch {
	case it.err != nil:
		return it.err
	case it.conv != nil:
		return sink.Conversation(it.conv, it.findings)
	case it.skipped != nil:
		return sink.Skipped(it.skipped)
	}
	return sink.FileDone(it.fileDone)
}

// read reads the files in order and sends what it reads to todo, each item
// taking a place in window first. It closes todo when done.
func read(ctx context.Context, files []string, opts Options, window chan struct{}, todo chan<- *item) {
	defer close(todo)
	seq := 0
	send := func(it *item) error {
		select {
		case window <- struct{}{}:
		case <-ctx.Done():
			return ctx.Err()
		}
		it.seq = seq
		seq++
		todo <- it
		return nil
	}
	in := opts.Input
	if opts.SkipBad {
		in.Skip = func(e *transcript.Error) error { return send(&item{skipped: e}) }
	}
	for _, file := range files {
		err := readFile(file, opts, in, func(c *lint.Conversation) error {
			return send(&item{conv: c})
		})
		if err == nil {
			err = send(&item{fileDone: file})
		}
		if err != nil {
			if !errors.Is(err, context.Canceled) {
				_ = send(&item{err: err})
			}
			return
		}
	}
}

func readFile(file string, opts Options, in transcript.Options, fn func(*lint.Conversation) error) error {
	name := file
	var r io.Reader
	if file == "-" {
		name, r = StdinName, opts.Stdin
		if r == nil {
			return &transcript.Error{File: name, Msg: "no standard input"}
		}
	} else {
		f, err := os.Open(file)
		if err != nil {
			return &transcript.Error{File: file, Msg: openError(err)}
		}
		defer f.Close()
		if info, err := f.Stat(); err == nil && info.IsDir() {
			return &transcript.Error{File: file, Msg: "is a folder"}
		}
		r = f
	}
	if opts.Progress != nil {
		r = &counter{r: r, add: opts.Progress}
	}
	return transcript.Read(name, r, in, func(c *lint.Conversation) error {
		if file == "-" {
			c.File = "" // findings from standard input name no file
		}
		return fn(c)
	})
}

// openError says why a file cannot be opened without repeating its name.
func openError(err error) string {
	var pe *os.PathError
	if errors.As(err, &pe) {
		return "cannot read: " + pe.Err.Error()
	}
	return err.Error()
}

// counter reports bytes read, for a progress bar.
type counter struct {
	r   io.Reader
	add func(int64)
}

func (c *counter) Read(p []byte) (int, error) {
	n, err := c.r.Read(p)
	if n > 0 {
		c.add(int64(n))
	}
	return n, err
}
