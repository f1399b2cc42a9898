package batch

import (
	"bufio"
	"bytes"
	"io"
	"os"
)

// Spool holds a run's output until the run has succeeded, so that a
// malformed file met late never leaves half a report on standard output.
// It keeps up to its limit in memory and spills the rest to a temporary
// file, so a report of any size costs little memory.
type Spool struct {
	limit int
	mem   bytes.Buffer
	file  *os.File
	// out buffers the writes to file: a formatter writes a conversation's
	// findings at a time, a write call each (26,000 on 50 MB of chats).
	out *bufio.Writer
}

// spillBuffer is how much of what goes to the temporary file is gathered
// before it is written.
const spillBuffer = 64 << 10

// NewSpool returns a spool that keeps up to limit bytes in memory.
func NewSpool(limit int) *Spool { return &Spool{limit: limit} }

func (s *Spool) Write(p []byte) (int, error) {
	if s.file == nil && s.mem.Len()+len(p) <= s.limit {
		return s.mem.Write(p)
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "replylint-*.out")
		if err != nil {
			return 0, err
		}
		s.file, s.out = f, bufio.NewWriterSize(f, spillBuffer)
		if _, err := s.mem.WriteTo(f); err != nil {
			return 0, err
		}
		s.mem = bytes.Buffer{} // the memory it held, let go for the rest of the run
	}
	return s.out.Write(p)
}

// WriteTo copies everything written so far to w.
func (s *Spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return s.mem.WriteTo(w)
	}
	if err := s.out.Flush(); err != nil {
		return 0, err
	}
	if _, err := s.file.Seek(0, io.SeekStart); err != nil {
		return 0, err
	}
	return io.Copy(w, s.file)
}

// Spilled reports whether the spool has gone to disk.
func (s *Spool) Spilled() bool { return s.file != nil }

// Close removes the temporary file, if there is one.
func (s *Spool) Close() error {
	if s.file == nil {
		return nil
	}
	name := s.file.Name()
	err := s.file.Close()
	if rmErr := os.Remove(name); err == nil {
		err = rmErr
	}
	s.file, s.out = nil, nil
	return err
}
