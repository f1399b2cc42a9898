package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"

	"github.com/fatih/color"
	"golang.org/x/text/width"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// textFormatter prints one finding a line, the line of the reply under it
// with a caret under the hit, and a summary line. Colour lives here only.
type textFormatter struct {
	w    *bufio.Writer
	opts Options
	sev  map[rules.Severity]*color.Color
	hit  *color.Color
	dim  *color.Color
	sugg *color.Color
}

func newText(w io.Writer, opts Options) *textFormatter {
	mk := func(attrs ...color.Attribute) *color.Color {
		c := color.New(attrs...)
		if opts.Color {
			c.EnableColor()
		} else {
			c.DisableColor()
		}
		return c
	}
	return &textFormatter{
		w:    bufio.NewWriter(w),
		opts: opts,
		sev: map[rules.Severity]*color.Color{
			rules.Error:   mk(color.FgRed, color.Bold),
			rules.Warning: mk(color.FgYellow),
			rules.Info:    mk(color.FgCyan),
		},
		hit:  mk(color.FgRed, color.Bold, color.Underline),
		dim:  mk(color.Faint),
		sugg: mk(color.FgGreen),
	}
}

func (t *textFormatter) Write(fs []lint.Finding) error {
	if t.opts.Quiet {
		return nil
	}
	for _, f := range fs {
		file := f.File
		if file == "" {
			file = "<stdin>"
		}
		loc := file
		switch {
		case f.Line > 0:
			loc = fmt.Sprintf("%s:%d:%d", file, f.Line, f.Column)
		case f.Conversation != "":
			// A finding about a whole conversation has no line to point at.
			loc = fmt.Sprintf("%s#%s", file, f.Conversation)
		}
		sev := t.sev[f.Severity].Sprintf("%-7s", f.Severity)
		fmt.Fprintf(t.w, "%s  %s  %-17s %s", loc, sev, f.Category, f.Message)
		if len(f.Suggestions) > 0 {
			fmt.Fprintf(t.w, "  → %s", t.sugg.Sprint(strings.Join(f.Suggestions, " / ")))
		}
		fmt.Fprintf(t.w, "  %s\n", t.dim.Sprintf("[%s]", f.Rule))
		if f.HasSpan() {
			t.context(f)
		}
	}
	return t.w.Flush()
}

// context prints the line of the message that holds the hit, the hit
// highlighted, and a caret line measured in terminal columns (a Chinese
// character takes two).
func (t *textFormatter) context(f lint.Finding) {
	rs := []rune(f.Text)
	ls, le := f.Start, f.End
	for ls > 0 && rs[ls-1] != '\n' {
		ls--
	}
	for le < len(rs) && rs[le] != '\n' && rs[le] != '\r' {
		le++
	}
	end := min(f.End, le)
	fmt.Fprintf(t.w, "    %s%s%s\n", string(rs[ls:f.Start]), t.hit.Sprint(string(rs[f.Start:end])), string(rs[end:le]))
	fmt.Fprintf(t.w, "    %s%s\n", strings.Repeat(" ", columns(rs[ls:f.Start])), t.hit.Sprint(strings.Repeat("^", max(1, columns(rs[f.Start:end])))))
}

func columns(rs []rune) int {
	n := 0
	for _, r := range rs {
		switch width.LookupRune(r).Kind() {
		case width.EastAsianWide, width.EastAsianFullwidth:
			n += 2
		default:
			n++
		}
	}
	return n
}

func (t *textFormatter) Close(s *lint.Summary) error {
	if s.Findings == 0 {
		fmt.Fprintf(t.w, "no problems (%s checked)\n", plural(s.Messages, "message"))
	} else {
		var parts []string
		for _, sev := range []string{"error", "warning", "info"} {
			if n := s.BySeverity[sev]; n > 0 {
				parts = append(parts, plural(n, sev))
			}
		}
		fmt.Fprintf(t.w, "%s (%s)\n", plural(s.Findings, "problem"), strings.Join(parts, ", "))
	}
	if s.Skipped > 0 {
		fmt.Fprintf(t.w, "%s skipped\n", plural(s.Skipped, "malformed record"))
	}
	if line := skippedFiles(s); line != "" {
		fmt.Fprintln(t.w, line)
	}
	return t.w.Flush()
}

func plural(n int, word string) string {
	if n == 1 {
		return fmt.Sprintf("1 %s", word)
	}
	return fmt.Sprintf("%d %ss", n, word)
}
