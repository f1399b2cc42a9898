// Package batch checks many files and conversations in parallel and hands
// the results on in input order, so that the same input always gives the
// same output, byte for byte, whatever the number of workers.
//
// One goroutine reads the files in order, streaming; a pool of workers
// checks conversations; the caller's goroutine puts results back in input
// order and gives them to a Sink. At most a fixed window of conversations
// is in flight, so memory stays flat however large the input.
//
// JSONL files, the bulk of a day's exports, are read in runs of whole lines
// that the workers decode as well as check, so that decoding is spread over
// the workers instead of setting the pace on the reading goroutine; the
// conversations that run across a run's edges are joined back together in
// order (transcript.Joiner) and checked there.
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
	// StdinFilename is the name standard input stands for (--stdin-filename):
	// its extension picks the format, and its conversations are in that
	// file. "" names it StdinName in messages and no file in findings.
	StdinFilename string
	// Progress, if set, is told of input bytes as they are read, from the
	// reading goroutine.
	Progress func(n int64)

	chunkSize int // bytes of a JSONL file a worker takes at a time; 0: chunkSize (tests set less)
	// spare holds the buffers of chunks decoded, for the next to be read
	// into; made by Run.
	spare chan []byte
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
	chunk    *chunk
}

// chunk is a run of whole lines of a JSONL file, decoded and checked by a
// worker.
type chunk struct {
	name, file string // the file's name in messages, and as given ("-")
	data       []byte
	firstLine  int
	in         transcript.Options
	res        *transcript.Chunk
	found      map[*lint.Conversation][]lint.Finding // of the conversations inside res
	// spare takes data back once decoded, to be read into again
	// (transcript.SplitJSONL): nothing ReadJSONLChunk gives holds its bytes.
	spare chan<- []byte
}

// chunkSize is how much of a JSONL file one worker decodes and checks at a
// time: large enough that joining runs costs nothing, small enough that
// both workers have work on a file of a few MB.
const chunkSize = 256 << 10

// work decodes a chunk and checks the conversations that lie inside it;
// those at its edges wait for the next chunk (see Run).
func (ch *chunk) work(c Checker) {
	ch.res = transcript.ReadJSONLChunk(ch.name, ch.data, ch.firstLine, ch.in)
	select {
	case ch.spare <- ch.data:
	default: // enough spares already
	}
	ch.data = nil
	ch.found = make(map[*lint.Conversation][]lint.Finding, len(ch.res.Pieces))
	for _, p := range ch.res.Pieces {
		if p.Conv != nil && !p.Edge {
			ch.fix(p.Conv)
			ch.found[p.Conv] = c.CheckConversation(p.Conv)
		}
	}
}

// limited lets at most cap(sem) conversations be checked at once.
type limited struct {
	c   Checker
	sem chan struct{}
}

func (l limited) CheckConversation(c *lint.Conversation) []lint.Finding {
	l.sem <- struct{}{}
	defer func() { <-l.sem }()
	return l.c.CheckConversation(c)
}

// fix names a conversation's file as readFile does.
func (ch *chunk) fix(c *lint.Conversation) {
	if ch.file == "-" && ch.name == StdinName { // no --stdin-filename
		c.File = "" // findings from standard input name no file
	}
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
	if opts.chunkSize <= 0 {
		opts.chunkSize = chunkSize
	}
	// The workers check, and so does this goroutine for conversations at
	// a chunk's edges: jobs is what may be checked at once, all told.
	c = limited{c, make(chan struct{}, jobs)}

	// window bounds what is read but not yet handed to the sink: it is
	// what keeps memory flat when one conversation is slow to check.
	window := make(chan struct{}, jobs*4)
	// A chunk's buffer is done with once decoded: the reader reads the
	// next ones into it instead of into a new one. Two a worker is as
	// many as are decoded at once, with one being read and one waiting.
	opts.spare = make(chan []byte, 2*jobs)
	todo := make(chan *item, jobs)
	done := make(chan *item, jobs)

	go read(ctx, files, opts, window, todo)

	var wg sync.WaitGroup
	for range jobs {
		wg.Add(1)
		go func() {
			defer wg.Done()
			work(ctx, c, todo, done)
		}()
	}
	go func() {
		wg.Wait()
		close(done)
	}()
	first := inOrder(done, window, c, sink, cancel)
	if first == nil {
		first = ctx.Err()
	}
	return first
}

// work checks what comes in todo (conversations, chunks to decode and
// check) and passes it on to done; after cancelling, it only passes on.
func work(ctx context.Context, c Checker, todo <-chan *item, done chan<- *item) {
	for it := range todo {
		switch {
		case ctx.Err() != nil:
		case it.conv != nil:
			it.findings = c.CheckConversation(it.conv)
		case it.chunk != nil:
			it.chunk.work(c)
		}
		done <- it
	}
}

// inOrder puts the workers' results back in input order and delivers them,
// freeing each one's place in window. After an error it cancels and keeps
// draining, so that the reader and the workers can finish; it returns the
// first error.
func inOrder(done <-chan *item, window chan struct{}, c Checker, sink Sink, cancel func()) error {
	var first error
	pending := map[int]*item{}
	next := 0
	var joiner *transcript.Joiner // of the JSONL file being read in chunks
	for it := range done {
		pending[it.seq] = it
		for it, ok := pending[next]; ok; it, ok = pending[next] {
			delete(pending, next)
			next++
			<-window
			if first != nil {
				continue
			}
			if err := deliver(it, c, sink, &joiner); err != nil {
				first = err
				cancel()
			}
		}
	}
	return first
}

// deliver hands an item to the sink; joiner is the chunked file's.
func deliver(it *item, c Checker, sink Sink, joiner **transcript.Joiner) error {
	switch {
	case it.err != nil:
		return it.err
	case it.conv != nil:
		return sink.Conversation(it.conv, it.findings)
	case it.skipped != nil:
		return sink.Skipped(it.skipped)
	case it.chunk != nil:
		ch := it.chunk
		if *joiner == nil {
			*joiner = transcript.NewJoiner(ch.name, ch.in)
		}
		pieces, err := (*joiner).Add(ch.res)
		if err := deliverPieces(pieces, ch, c, sink); err != nil {
			return err
		}
		return err
	}
	if *joiner != nil {
		pieces, err := (*joiner).End()
		*joiner = nil
		if err := deliverPieces(pieces, &chunk{file: it.fileDone}, c, sink); err != nil {
			return err
		}
		if err != nil {
			return err
		}
	}
	return sink.FileDone(it.fileDone)
}

// deliverPieces hands a chunk's finished pieces to the sink, checking the
// conversations that were at its edges.
func deliverPieces(pieces []transcript.Piece, ch *chunk, c Checker, sink Sink) error {
	for _, p := range pieces {
		if p.Skipped != nil {
			if err := sink.Skipped(p.Skipped); err != nil {
				return err
			}
			continue
		}
		fs, ok := ch.found[p.Conv]
		if !ok {
			ch.fix(p.Conv)
			fs = c.CheckConversation(p.Conv)
		}
		if err := sink.Conversation(p.Conv, fs); err != nil {
			return err
		}
	}
	return nil
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
		}, func(ch *chunk) error {
			return send(&item{chunk: ch})
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

// readFile reads one file, giving fn its conversations or, for a JSONL
// file, chunks its runs of lines for the workers to decode.
func readFile(file string, opts Options, in transcript.Options, fn func(*lint.Conversation) error, chunks func(*chunk) error) error {
	name := file
	var r io.Reader
	if file == "-" {
		name, r = StdinName, opts.Stdin
		if opts.StdinFilename != "" {
			name = opts.StdinFilename
		}
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
	if transcript.IsJSONL(name, in) {
		return transcript.SplitJSONL(name, r, opts.chunkSize, opts.spare, func(data []byte, firstLine int) error {
			return chunks(&chunk{name: name, file: file, data: data, firstLine: firstLine, in: in, spare: opts.spare})
		})
	}
	return transcript.Read(name, r, in, func(c *lint.Conversation) error {
		if file == "-" && opts.StdinFilename == "" {
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
