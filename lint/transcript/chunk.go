package transcript

import (
	"bytes"
	"fmt"
	"io"
)

// Reading a JSONL file in chunks, so that several goroutines can decode it:
// SplitJSONL cuts the input into runs of whole lines, ReadJSONLChunk
// decodes one run on its own, and a Joiner, given the chunks in order, puts
// back together the conversations that run across a chunk's edges. What
// comes out is exactly what Read gives for the same file: the same
// conversations, the same skipped records, the same first error, in the
// same order.

// IsJSONL reports whether Read reads the file named name as JSONL without
// looking at its content (by Options.Format or by extension): only then
// may it be read in chunks.
func IsJSONL(name string, opts Options) bool { return formatOf(name, opts) == "jsonl" }

// formatOf is the format named by the options or, failing them, by the
// file's extension; "" when the content must decide.
func formatOf(name string, opts Options) string {
	if opts.Format == "" || opts.Format == "auto" {
		return byExtension(name)
	}
	return opts.Format
}

// SplitJSONL reads r (named name in messages) and calls fn with runs of
// whole lines, in order, of up to about size bytes (less when r gives less
// at a time, as a pipe does: what has come is handed on, not held back);
// firstLine is the number of the run's first line. A line longer than Read
// accepts, or a read error, is an *Error after the runs before it.
//
// fn may keep a run. Or, done with it, it may give it back on spare (if
// not nil), as it got it, to be read into again, so that a long file is
// read through a few buffers instead of a new one a run: then nothing may
// hold the run's bytes any more (ReadJSONLChunk's results do not), and fn
// must not append to a run, whose capacity is its buffer's.
func SplitJSONL(name string, r io.Reader, size int, spare <-chan []byte, fn func(data []byte, firstLine int) error) error {
	line := 1
	buf := newRunBuffer(size, size, spare)
	n := 0 // bytes in buf
	for {
		m, err := r.Read(buf[n:])
		n += m
		end := err == io.EOF
		if err != nil && !end {
			return (&reader{name: name}).readError(err, line)
		}
		data := buf[:n]
		cut := bytes.LastIndexByte(data, '\n') + 1
		if end {
			cut = n
		}
		first := bytes.IndexByte(data, '\n') + 1
		if first == 0 {
			first = n
		}
		if first > maxLine || cut == 0 && n > maxLine {
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("line longer than %d MB", maxLine>>20)}
		}
		switch {
		case cut > 0:
			run, first := data[:cut], line
			line += bytes.Count(run, []byte{'\n'})
			// fn may keep the run, or give it back to be read into
			// again: the rest goes into another buffer first.
			rest := data[cut:]
			buf = newRunBuffer(size, 2*len(rest), spare)
			n = copy(buf, rest)
			if err := fn(run, first); err != nil {
				return err
			}
		case n == len(buf): // a line longer than the buffer
			buf = append(buf, make([]byte, len(buf))...)
		}
		if end {
			return nil
		}
	}
}

// newRunBuffer is a buffer for SplitJSONL of at least size and need bytes:
// one given back on spare if one is there and large enough, else a new one.
// A buffer grown for a long line is let go rather than kept.
func newRunBuffer(size, need int, spare <-chan []byte) []byte {
	need = max(size, need)
	for {
		select {
		case b := <-spare:
			if b = b[:cap(b)]; len(b) >= need && len(b) <= 2*need {
				return b
			}
			continue // one for a long line, gone: look for another
		default:
		}
		return make([]byte, need)
	}
}

// Piece is one thing a chunk holds, in input order: a conversation or a
// record passed over (Options.Skip).
type Piece struct {
	Conv    *Conversation
	Skipped *Error
	// Edge marks a conversation that ran up to a chunk's edge: a Joiner
	// completed and resolved it, and no one has checked it yet.
	Edge bool
}

// Chunk is what ReadJSONLChunk found in a run of lines.
type Chunk struct {
	// Pieces are the conversations that begin and end inside the chunk,
	// finished as Read finishes them, with the records skipped; and Lead,
	// if it ends inside.
	Pieces []Piece
	// Err is the error that ends reading at this chunk, after Pieces.
	Err error
	// leadAt is the index in Pieces before which the conversation open at
	// the previous chunk's end is closed or joined to lead; -1 if nothing
	// in the chunk closes it (only skipped or ignored records).
	leadAt int
	// lead is the conversation begun by the chunk's first message record
	// when that came before anything closed a conversation: it may be the
	// rest of the previous chunk's open conversation. Not yet resolved.
	lead *Conversation
	// tail is the conversation still open at the chunk's end, not in
	// Pieces and not yet resolved (it may be lead).
	tail *Conversation
}

// chunkState is what a jsonState reading one chunk keeps: see flush.
type chunkState struct {
	flushes int
	lead    *Conversation
	pieces  *[]Piece
}

// flushed is told of every flush; it keeps the lead conversation back, as
// unfinished, and says so.
func (cs *chunkState) flushed(c *Conversation) bool {
	cs.flushes++
	if c != nil && c == cs.lead {
		*cs.pieces = append(*cs.pieces, Piece{Conv: c, Edge: true})
		return true
	}
	return false
}

// ReadJSONLChunk decodes a run of whole lines of a JSONL file (named name,
// as given to SplitJSONL) on its own. Give the chunks of a file to one
// Joiner in order to finish them.
func ReadJSONLChunk(name string, data []byte, firstLine int, opts Options) *Chunk {
	ch := &Chunk{leadAt: -1}
	rd := &reader{name: name, opts: opts, roles: opts.Roles.orDefault()}
	rd.emit = func(c *Conversation) error {
		ch.Pieces = append(ch.Pieces, Piece{Conv: c})
		return nil
	}
	if opts.Skip != nil {
		rd.opts.Skip = func(e *Error) error {
			ch.Pieces = append(ch.Pieces, Piece{Skipped: e})
			return nil
		}
	}
	cs := &chunkState{pieces: &ch.Pieces}
	s := &jsonState{reader: rd, chunk: cs}
	line := firstLine - 1
	for len(data) > 0 {
		b := data
		if i := bytes.IndexByte(data, '\n'); i >= 0 {
			b, data = data[:i], data[i+1:]
		} else {
			data = nil
		}
		line++
		b = bytes.TrimRight(b, "\r\n")
		if len(bytes.TrimSpace(b)) == 0 {
			continue
		}
		if line == 1 {
			b = bytes.TrimPrefix(b, []byte{0xef, 0xbb, 0xbf})
		}
		n, flushes := len(ch.Pieces), cs.flushes
		err := s.record(b, line)
		if ch.leadAt < 0 && (cs.flushes > flushes || s.conv != nil) {
			// The first record that closes the conversation open before
			// the chunk, or that may continue it.
			ch.leadAt = n
			if s.conv != nil && s.convID != "" && len(ch.Pieces) == n {
				cs.lead = s.conv
			}
		}
		if err != nil {
			ch.Err = err
			break
		}
	}
	ch.lead, ch.tail = cs.lead, s.conv
	return ch
}

// Joiner finishes the chunks of one file, given in order.
type Joiner struct {
	rd   reader
	held *Conversation // open at the end of the chunks so far
}

// NewJoiner starts a file (named as given to ReadJSONLChunk) read with opts.
func NewJoiner(name string, opts Options) *Joiner {
	return &Joiner{rd: reader{name: name, opts: opts, roles: opts.Roles.orDefault()}}
}

// Add takes the next chunk and returns its pieces, finished: the
// conversation open at the previous chunk's end joined to this chunk's
// lead where they are one, or closed before it, and conversations at the
// chunk's edges resolved (Piece.Edge). The error is the one that ends
// reading, after the pieces.
func (j *Joiner) Add(ch *Chunk) ([]Piece, error) {
	out := make([]Piece, 0, len(ch.Pieces)+1)
	for i := 0; i <= len(ch.Pieces); i++ {
		if i == ch.leadAt && j.held != nil {
			if ch.lead != nil && ch.lead.ID == j.held.ID {
				ch.lead.Messages = append(j.held.Messages, ch.lead.Messages...)
			} else if err := j.finish(j.held, &out); err != nil {
				return out, err
			}
			j.held = nil
		}
		if i == len(ch.Pieces) {
			break
		}
		p := ch.Pieces[i]
		if p.Edge {
			if err := j.finish(p.Conv, &out); err != nil {
				return out, err
			}
			continue
		}
		out = append(out, p)
	}
	if ch.Err != nil {
		return out, ch.Err
	}
	if ch.tail != nil {
		j.held = ch.tail
	}
	return out, nil
}

// End closes the file's last conversation.
func (j *Joiner) End() ([]Piece, error) {
	var out []Piece
	c := j.held
	j.held = nil
	return out, j.finish(c, &out)
}

// finish hands a conversation on as Read would (send: roles resolved,
// empty ones dropped), with what resolving it skipped before it.
func (j *Joiner) finish(c *Conversation, out *[]Piece) error {
	rd := j.rd
	rd.emit = func(c *Conversation) error {
		*out = append(*out, Piece{Conv: c, Edge: true})
		return nil
	}
	if rd.opts.Skip != nil {
		rd.opts.Skip = func(e *Error) error {
			*out = append(*out, Piece{Skipped: e})
			return nil
		}
	}
	return rd.send(c)
}
