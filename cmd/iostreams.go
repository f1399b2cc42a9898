package cmd

import (
	"io"
	"os"

	"github.com/mattn/go-isatty"
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
