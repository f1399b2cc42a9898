package cmd

import (
	"errors"
	"fmt"
	"io"
)

// Exit statuses, as INTERFACE.md fixes them.
const (
	ExitOK       = 0
	ExitFindings = 1
	ExitError    = 2
)

// ErrFindings is returned by check when a finding is at or above --fail-on.
// It is not a failure to report: the findings are the report.
var ErrFindings = errors.New("findings at or above --fail-on")

// ExitCode maps a command's error to the process exit status, printing
// what the user must see. It is the only place that decides exit codes.
func ExitCode(err error, stderr io.Writer) int {
	switch {
	case err == nil:
		return ExitOK
	case errors.Is(err, ErrFindings):
		return ExitFindings
	}
	fmt.Fprintf(stderr, "replylint: %v\n", err)
	return ExitError
}
