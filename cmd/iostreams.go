package cmd

import (
	"bufio"
	"errors"
	"io"
	"os"

	"github.com/mattn/go-isatty"

	"github.com/replylint/replylint/internal/atomicfile"
)

// IOStreams are the command's standard streams and what they are connected
// to. Tests fake them; nothing else in replylint touches os.Stdout.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	InTTY, OutTTY, ErrTTY bool
	// Env looks up environment variables (NO_COLOR).
	Env func(string) string
}

// System returns the process's own streams.
func System() *IOStreams {
	tty := func(f *os.File) bool { return isatty.IsTerminal(f.Fd()) || isatty.IsCygwinTerminal(f.Fd()) }
	return &IOStreams{
		In: os.Stdin, Out: os.Stdout, ErrOut: os.Stderr,
		InTTY: tty(os.Stdin), OutTTY: tty(os.Stdout), ErrTTY: tty(os.Stderr),
		Env: os.Getenv,
	}
}

// ColorOut decides colour for standard output from --color and NO_COLOR.
func (s *IOStreams) ColorOut(mode string) bool {
	switch mode {
	case "always":
		return true
	case "never":
		return false
	}
	return s.OutTTY && (s.Env == nil || s.Env("NO_COLOR") == "")
}

// colorTo decides colour for output going to path ("" or "-" is standard
// output): a file is coloured only when asked for with always.
func (s *IOStreams) colorTo(path, mode string) bool {
	if isStdout(path) {
		return s.ColorOut(mode)
	}
	return mode == "always"
}

// isStdout says whether an --output value means standard output.
func isStdout(path string) bool { return path == "" || path == "-" }

// writeOutput writes a command's output to standard output, or to the
// file named by --output atomically: a reader never sees half of it, and
// a failed run leaves the previous file as it was.
func writeOutput(stdout io.Writer, path string, write func(io.Writer) error) error {
	if isStdout(path) {
		return write(stdout)
	}
	return atomicfile.Write(path, atomicfile.CreateOrReplace, write)
}

// inEmpty reports whether standard input is empty. What it reads to know
// stays readable: In becomes a buffered reader over the old one.
func (s *IOStreams) inEmpty() (bool, error) {
	br, ok := s.In.(*bufio.Reader)
	if !ok {
		br = bufio.NewReader(s.In)
		s.In = br
	}
	_, err := br.Peek(1)
	if errors.Is(err, io.EOF) {
		return true, nil
	}
	return false, err
}
