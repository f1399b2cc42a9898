package lint

import (
	"regexp"
	"slices"
	"strings"
	"unicode/utf8"
)

// Inline control lets a team's drafts and reply templates silence rules
// where a finding is known and accepted, the way eslint and vale comments
// do. Directives sit in the agent's text, usually in a comment:
//
//	replylint-disable-line [RULE|CATEGORY ...]       this line
//	replylint-disable-next-line [RULE|CATEGORY ...]  the line after it
//	replylint-disable [RULE|CATEGORY ...]            from this line on …
//	replylint-enable [RULE|CATEGORY ...]             … until this line
//
// With no names a directive covers every rule. Names are rule ids or
// categories, separated by spaces or commas. Lines run on from one message
// to the next in conversation order, so in a chat transcript "next line" is
// the next turn. Directives in the customer's words are ignored: a customer
// must not be able to silence the agent's findings.
var directive = regexp.MustCompile(`replylint-(disable-next-line|disable-line|disable|enable)\b((?:[ \t,]+[A-Za-z][A-Za-z0-9._-]*)*)`)

type directiveKind int

const (
	disableLine directiveKind = iota
	disableNextLine
	disableRegion
	enableRegion
)

type inlineDirective struct {
	kind  directiveKind
	line  int      // in the conversation's running line count, from 0
	names []string // empty: every rule
}

// maskDirectives blanks the directives in an agent's text, keeping every
// offset, so that the marker text itself never produces a finding (OK in
// "english.ok", or a reply made overlong by its markers).
func maskDirectives(text string) string {
	if !strings.Contains(text, "replylint-") {
		return text
	}
	return directive.ReplaceAllStringFunc(text, func(d string) string {
		return strings.Repeat(" ", utf8.RuneCountInString(d))
	})
}

// filterInline drops the findings that the directives in c's agent
// messages silence.
func filterInline(c *Conversation, fs []Finding) []Finding {
	var dirs []inlineDirective
	base := make([]int, len(c.Messages)+1) // running line at which each message starts
	for i := range c.Messages {
		m := &c.Messages[i]
		base[i+1] = base[i] + strings.Count(m.Text, "\n") + 1
		if m.Role == Customer || !strings.Contains(m.Text, "replylint-") {
			continue
		}
		for _, loc := range directive.FindAllStringSubmatchIndex(m.Text, -1) {
			d := inlineDirective{line: base[i] + strings.Count(m.Text[:loc[0]], "\n")}
			switch m.Text[loc[2]:loc[3]] {
			case "disable-line":
				d.kind = disableLine
			case "disable-next-line":
				d.kind = disableNextLine
			case "disable":
				d.kind = disableRegion
			case "enable":
				d.kind = enableRegion
			}
			for _, n := range strings.FieldsFunc(m.Text[loc[4]:loc[5]], func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
				// A sentence may end right after a name: "hedge.maybe."
				d.names = append(d.names, strings.TrimRight(n, "."))
			}
			dirs = append(dirs, d)
		}
	}
	if len(dirs) == 0 {
		return fs
	}
	return slices.DeleteFunc(fs, func(f Finding) bool {
		line := base[len(c.Messages)] // a finding about the whole conversation comes after its last line
		if i := turnOf(c, &f); i >= 0 {
			line = base[i]
			if f.HasSpan {
				line += strings.Count(string([]rune(c.Messages[i].Text)[:f.Start]), "\n")
			}
		}
		return silenced(dirs, line, &f)
	})
}

// turnOf finds the message a finding is about, -1 for the conversation.
// Findings number turns only in multi-message conversations; in a single
// message the text tells a message's finding from a conversation's.
func turnOf(c *Conversation, f *Finding) int {
	if f.Turn > 0 {
		return f.Turn - 1
	}
	if len(c.Messages) == 1 && f.Text != "" && f.Text == c.Messages[0].Text {
		return 0
	}
	return -1
}

// silenced says whether the directives turn f off at line: a line or
// next-line directive aimed at it, or the disable and enable regions read
// in order up to and including the line.
func silenced(dirs []inlineDirective, line int, f *Finding) bool {
	names := func(d inlineDirective) bool {
		return len(d.names) == 0 || slices.ContainsFunc(d.names, func(n string) bool { return n == f.Rule || n == f.Category })
	}
	// Regions are read in order; the last disable or enable that names
	// the finding's rule or category (or names none) decides.
	off := false
	for _, d := range dirs {
		switch d.kind {
		case disableLine:
			if d.line == line && names(d) {
				return true
			}
		case disableNextLine:
			if d.line+1 == line && names(d) {
				return true
			}
		case disableRegion, enableRegion:
			if d.line <= line && names(d) {
				off = d.kind == disableRegion
			}
		}
	}
	return off
}
