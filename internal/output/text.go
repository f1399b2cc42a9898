package output

import (
	"bufio"
	"fmt"
	"io"
	"strings"
	"unicode/utf8"

	"github.com/fatih/color"
	"golang.org/x/text/width"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// textFormatter prints one finding a line, the line of the reply under it
// with a caret under the hit, and a summary line. Colour lives here only.
type textFormatter struct {
	w *bufio.Writer
	// text and runes are the last message shown in context, decoded once
	// for all its findings.
	text  string
	runes []rune
	opts  Options
	sev   map[rules.Severity]*color.Color
	hit   *color.Color
	dim   *color.Color
	sugg  *color.Color
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
		// Everything that comes from the input (names, ids, the text in the
		// message) is shown escaped: a reply must not drive the terminal.
		file := escape(f.File)
		if file == "" {
			file = "<stdin>"
		}
		loc := file
		switch {
		case f.Line > 0:
			loc = fmt.Sprintf("%s:%d:%d", file, f.Line, f.Column)
		case f.Conversation != "":
			// A finding about a whole conversation has no line to point at.
			loc = fmt.Sprintf("%s#%s", file, escape(f.Conversation))
		}
		sev := t.sev[f.Severity].Sprintf("%-7s", f.Severity)
		fmt.Fprintf(t.w, "%s  %s  %-17s %s", loc, sev, f.Category, escape(f.Message))
		if len(f.Suggestions) > 0 {
			fmt.Fprintf(t.w, "  → %s", t.sugg.Sprint(escape(strings.Join(f.Suggestions, " / "))))
		}
		fmt.Fprintf(t.w, "  %s\n", t.dim.Sprintf("[%s]", escape(f.Rule)))
		if f.HasSpan() {
			t.context(f)
		}
	}
	return t.w.Flush()
}

// Bounds of the context shown under a finding, in code points: a window
// around the hit, so that a long one-line draft is not printed whole under
// each of its findings (a 45 KB line made 601 MB of output).
const (
	contextRunes = 60  // of the line on each side of the hit
	hitRunes     = 120 // of the hit itself
)

// context prints the line of the message that holds the hit, cut to a
// window around it and escaped, the hit highlighted, and a caret line
// measured in terminal columns (a Chinese character takes two).
func (t *textFormatter) context(f lint.Finding) {
	if f.Text != t.text || t.runes == nil {
		t.text, t.runes = f.Text, []rune(f.Text)
	}
	rs := t.runes
	if f.Start < 0 || f.End > len(rs) || f.Start > f.End {
		return // not a span of this text: nothing to show it in
	}
	ls, le := f.Start, f.End
	for ls > 0 && rs[ls-1] != '\n' && f.Start-ls < contextRunes {
		ls--
	}
	for le < len(rs) && rs[le] != '\n' && rs[le] != '\r' && le-f.End < contextRunes {
		le++
	}
	end := f.End
	for i := f.Start; i < f.End; i++ {
		if rs[i] == '\n' || rs[i] == '\r' {
			end = i
			break
		}
	}
	var before, hit, after string
	if ls > 0 && rs[ls-1] != '\n' {
		before = "…"
	}
	before += escape(string(rs[ls:f.Start]))
	if end-f.Start > hitRunes {
		hit = escape(string(rs[f.Start:f.Start+hitRunes])) + "…"
	} else {
		hit = escape(string(rs[f.Start:end]))
	}
	after = escape(string(rs[end:le]))
	if le < len(rs) && rs[le] != '\n' && rs[le] != '\r' {
		after += "…"
	}
	fmt.Fprintf(t.w, "    %s%s%s\n", before, t.hit.Sprint(hit), after)
	fmt.Fprintf(t.w, "    %s%s\n", strings.Repeat(" ", columns([]rune(before))), t.hit.Sprint(strings.Repeat("^", max(1, columns([]rune(hit))))))
}

// escape shows the characters of s that a terminal would act on — C0 and
// C1 controls (ESC starts a sequence that can rewrite the screen, set the
// window title or a clipboard), DEL, and the bidirectional overrides that
// reorder what is shown — as Go escapes; the rest is left as it is.
func escape(s string) string {
	if utf8.ValidString(s) && !strings.ContainsFunc(s, unsafeRune) {
		return s
	}
	var b strings.Builder
	for i := 0; i < len(s); {
		r, n := utf8.DecodeRuneInString(s[i:])
		switch {
		case r == utf8.RuneError && n == 1:
			// A byte that is no UTF-8: 0x9b is a control sequence
			// introducer to a terminal that reads bytes.
			fmt.Fprintf(&b, `\x%02x`, s[i])
		case !unsafeRune(r):
			b.WriteString(s[i : i+n])
		case r == '\n':
			b.WriteString(`\n`)
		case r == '\r':
			b.WriteString(`\r`)
		case r < 0x80:
			fmt.Fprintf(&b, `\x%02x`, r)
		default:
			fmt.Fprintf(&b, `\u%04x`, r)
		}
		i += n
	}
	return b.String()
}

func unsafeRune(r rune) bool {
	switch {
	case r == '\t':
		return false
	case r < 0x20, r == 0x7f, r >= 0x80 && r < 0xa0:
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069, r == 0x200e, r == 0x200f, r == 0x061c:
		return true
	}
	return false
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
