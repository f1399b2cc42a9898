package batch

import (
	"bufio"
	"io"
	"os"
)

// Spool holds a run's output until the run has succeeded, so that a
// malformed file met late never leaves half a report on standard output.
// It keeps up to its limit in memory and spills the rest to a temporary
// file, so a report of any size costs little memory.
type Spool struct {
	limit int
	// mem is what is held in memory, in blocks that are filled and never
	// moved: a buffer grown by doubling to the limit would allocate twice
	// the limit and copy it on the way.
	mem  [][]byte
	held int // bytes in mem
	file *os.File
	// out buffers the writes to file: a formatter writes a conversation's
	// findings at a time, a write call each (26,000 on 50 MB of chats).
	out *bufio.Writer
}

// The blocks of a spool's memory start small, for the few lines of a
// one-reply check, and double up to spoolBlock; spillBuffer is how much of
// what goes to the temporary file is gathered before it is written.
const (
	firstBlock  = 4 << 10
	spoolBlock  = 64 << 10
	spillBuffer = 64 << 10
)

// NewSpool returns a spool that keeps up to limit bytes in memory.
func NewSpool(limit int) *Spool { return &Spool{limit: limit} }

func (s *Spool) Write(p []byte) (int, error) {
	if s.file == nil && s.held+len(p) <= s.limit {
		s.keep(p)
		return len(p), nil
	}
	if s.file == nil {
		f, err := os.CreateTemp("", "replylint-*.out")
		if err != nil {
			return 0, err
		}
		s.file, s.out = f, bufio.NewWriterSize(f, spillBuffer)
		if _, err := s.writeMem(f); err != nil {
			return 0, err
		}
		s.mem, s.held = nil, 0 // the memory it held, let go for the rest of the run
	}
	return s.out.Write(p)
}

// keep copies p into the blocks of mem.
func (s *Spool) keep(p []byte) {
	s.held += len(p)
	for len(p) > 0 {
		last := len(s.mem) - 1
		if last < 0 || len(s.mem[last]) == cap(s.mem[last]) {
			size := firstBlock
			if last >= 0 {
				size = min(2*cap(s.mem[last]), spoolBlock)
			}
			s.mem = append(s.mem, make([]byte, 0, size))
			last++
		}
		b := s.mem[last]
		n := min(len(p), cap(b)-len(b))
		s.mem[last] = append(b, p[:n]...)
		p = p[n:]
	}
}

// writeMem writes what mem holds to w.
func (s *Spool) writeMem(w io.Writer) (int64, error) {
	var n int64
	for _, b := range s.mem {
		k, err := w.Write(b)
		n += int64(k)
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// WriteTo copies everything written so far to w.
func (s *Spool) WriteTo(w io.Writer) (int64, error) {
	if s.file == nil {
		return s.writeMem(w)
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
