// Package output writes findings in the formats `replylint check` offers.
// Every formatter writes to an io.Writer it is given; colour is decided by
// the caller and used only by the text formatter.
package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// Formatter receives findings in order, a batch at a time (one file or
// conversation), and the summary once at the end.
type Formatter interface {
	Write(fs []lint.Finding) error
	Close(s *lint.Summary) error
}

// Options tune the formatters that print for people.
type Options struct {
	Color bool // ANSI colour (text)
	Quiet bool // summary line only (text)
	// Rules are the rules that ran, for formats that describe them (sarif);
	// without them those formats describe only the rules that found something.
	Rules []rules.Rule
	// Version is replylint's, for formats that name the tool (sarif).
	Version string
}

// Formats lists the names New accepts.
// It is read-only: a fixed table, never written after package initialisation.
var Formats = []string{"text", "json", "jsonl", "csv", "sarif"}

// New returns the formatter for a format name.
func New(format string, w io.Writer, opts Options) (Formatter, error) {
	switch format {
	case "text":
		return newText(w, opts), nil
	case "json":
		return &jsonFormatter{w: w, findings: JSONArray{Before: "\n  "}}, nil
	case "jsonl":
		return &jsonlFormatter{w: bufio.NewWriter(w)}, nil
	case "csv":
		return &csvFormatter{w: w}, nil
	case "sarif":
		return newSarif(w, opts.Rules, opts.Version), nil
	}
	return nil, fmt.Errorf("unknown format %q (want one of %v)", format, Formats)
}

// Plural writes a count with its noun, "1 file" and "2 files", for every
// message replylint prints.
func Plural(n int, noun string) string { return plural(n, noun) }

// skippedFiles words Summary.SkippedFiles for the text summary, "3 files
// skipped (2 extension, 1 excluded)", or "" when none was.
func skippedFiles(s *lint.Summary) string {
	total := 0
	var parts []string
	for _, reason := range []string{"extension", "xls", "special", "unreadable", "excluded"} {
		if n := s.SkippedFiles[reason]; n > 0 {
			total += n
			parts = append(parts, fmt.Sprintf("%d %s", n, reason))
		}
	}
	if total == 0 {
		return ""
	}
	return fmt.Sprintf("%s skipped (%s)", plural(total, "file"), strings.Join(parts, ", "))
}
