package lint

import (
	"regexp"
	"slices"
	"sort"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/rules"
)

// Inline control lets a team's drafts and reply templates silence rules
// where a finding is known and accepted, the way eslint and vale comments
// do. Directives sit in the author's text, usually in a comment:
//
//	replylint-disable-line [RULE|CATEGORY ...]       this line
//	replylint-disable-next-line [RULE|CATEGORY ...]  the line after it
//	replylint-disable [RULE|CATEGORY ...]            from this line on …
//	replylint-enable [RULE|CATEGORY ...]             … until this line
//
// With no names a directive covers every rule. Names are rule ids or
// categories, separated by spaces or commas. Lines run on from one message
// to the next in conversation order.
//
// Directives apply only where the text is its author's own: a draft or a
// template file (Conversation.Draft). In a transcript the agent's words are
// what is audited, so a directive typed into a turn — the agent's or the
// customer's — is ignored, and counted in the summary (Summary.Directives)
// so that QA sees the attempt. Config.NoInline turns them off everywhere.
// It is read-only: a compiled pattern, safe for concurrent use and never reassigned.
var directive = regexp.MustCompile(`replylint-(disable-next-line|disable-line|disable|enable)\b((?:[ \t,]+[A-Za-z][A-Za-z0-9._-]*)*)`)

const directiveMarker = "replylint-"

// maskDirectives blanks the directives in an agent's text, keeping every
// offset, so that the marker text itself never produces a finding (OK in
// "english.ok", or a reply made overlong by its markers). Only directives
// that are honoured are masked: an ignored one is the speaker's words.
func maskDirectives(text string) string {
	if !strings.Contains(text, directiveMarker) {
		return text
	}
	return directive.ReplaceAllStringFunc(text, func(d string) string {
		return strings.Repeat(" ", utf8.RuneCountInString(d))
	})
}

// countDirectives counts the directives in the turns of c.
func countDirectives(c *Conversation) int {
	n := 0
	for i := range c.Messages {
		if t := c.Messages[i].Text; strings.Contains(t, directiveMarker) {
			n += len(directive.FindAllStringIndex(t, -1))
		}
	}
	return n
}

// nameSet is the rules a directive names; all when it names none.
type nameSet struct {
	all   bool
	names map[string]bool
}

func (s *nameSet) add(names []string) {
	if len(names) == 0 {
		s.all = true
		return
	}
	if s.names == nil {
		s.names = map[string]bool{}
	}
	for _, n := range names {
		s.names[n] = true
	}
}

func (s *nameSet) covers(m *rules.Meta) bool {
	return s != nil && (s.all || s.names[m.ID] || s.names[m.Category])
}

// regionEvent is a disable or enable directive, at its running line and
// in the order it was written.
type regionEvent struct {
	line, seq int
	disable   bool
}

// directives are the honoured directives of one conversation, indexed so
// that asking about a finding costs a map look-up and a binary search,
// whatever the number of findings and directives.
type directives struct {
	// base[i] is the running line, from 0, at which message i starts;
	// base[len(messages)] is the line after the last.
	base []int
	// lines holds, by line, the rules disable-line and disable-next-line
	// directives silence there.
	lines map[int]*nameSet
	// regions holds, by name ("" for a directive that names none), its
	// disable and enable events in order.
	regions map[string][]regionEvent
	// newlines[i] are the rune offsets of the line breaks of message i,
	// computed when first needed.
	newlines [][]int
	msgs     []Message
	// seq numbers the disable and enable directives in the order they
	// are read, for the last one before a line wins.
	seq int
}

// newDirectives reads the directives of c, or returns nil when none apply.
func (l *Linter) newDirectives(c *Conversation) *directives {
	if l.noInline || !c.Draft {
		return nil
	}
	var d *directives
	for i := range c.Messages {
		m := &c.Messages[i]
		if m.Role == Customer || !strings.Contains(m.Text, directiveMarker) {
			continue
		}
		if d == nil {
			d = newDirectiveIndex(c.Messages)
		}
		d.read(i, m.Text)
	}
	return d
}

// read indexes the directives written in message i, whose text is text.
func (d *directives) read(i int, text string) {
	for _, loc := range directive.FindAllStringSubmatchIndex(text, -1) {
		line := d.base[i] + strings.Count(text[:loc[0]], "\n")
		d.add(text[loc[2]:loc[3]], line, directiveNames(text[loc[4]:loc[5]]))
	}
}

// add indexes one directive of kind, written on running line line: a
// line directive under the line it silences, a region one under each name
// it gives.
func (d *directives) add(kind string, line int, names []string) {
	switch kind {
	case "disable-line", "disable-next-line":
		if kind == "disable-next-line" {
			line++
		}
		if d.lines[line] == nil {
			d.lines[line] = &nameSet{}
		}
		d.lines[line].add(names)
	default:
		ev := regionEvent{line: line, seq: d.seq, disable: kind == "disable"}
		d.seq++
		if len(names) == 0 {
			names = []string{""}
		}
		for _, n := range names {
			d.regions[n] = append(d.regions[n], ev)
		}
	}
}

func newDirectiveIndex(msgs []Message) *directives {
	d := &directives{
		base:     make([]int, len(msgs)+1),
		lines:    map[int]*nameSet{},
		regions:  map[string][]regionEvent{},
		newlines: make([][]int, len(msgs)),
		msgs:     msgs,
	}
	for i := range msgs {
		d.base[i+1] = d.base[i] + strings.Count(msgs[i].Text, "\n") + 1
	}
	return d
}

func directiveNames(s string) []string {
	var names []string
	for _, n := range strings.FieldsFunc(s, func(r rune) bool { return r == ' ' || r == '\t' || r == ',' }) {
		// A sentence may end right after a name: "hedge.maybe."
		names = append(names, strings.TrimRight(n, "."))
	}
	return names
}

// lineOf is the running line of rune offset off in message turn, or of
// the conversation as a whole (after its last line) when turn is out of
// range. A finding without a span is on the line its message starts.
func (d *directives) lineOf(turn int, h *rules.Hit) int {
	if turn < 0 || turn >= len(d.msgs) {
		return d.base[len(d.msgs)]
	}
	if h.NoSpan || h.Start == 0 {
		return d.base[turn]
	}
	nl := d.newlines[turn]
	if nl == nil {
		nl = []int{}
		i := 0
		for _, r := range d.msgs[turn].Text {
			if r == '\n' {
				nl = append(nl, i)
			}
			i++
		}
		d.newlines[turn] = nl
	}
	return d.base[turn] + sort.SearchInts(nl, h.Start)
}

// silences says whether the directives turn off hit h of turn turn: a
// line or next-line directive aimed at its line, or the last disable or
// enable up to and including its line that names its rule, its category,
// or nothing.
func (d *directives) silences(turn int, h *rules.Hit) bool {
	if d == nil {
		return false
	}
	line := d.lineOf(turn, h)
	if d.lines[line].covers(h.Rule) {
		return true
	}
	last := regionEvent{seq: -1}
	for _, n := range [...]string{"", h.Rule.ID, h.Rule.Category} {
		evs := d.regions[n]
		// The events up to line: they are in line order, as written.
		k := sort.Search(len(evs), func(i int) bool { return evs[i].line > line })
		if k > 0 && evs[k-1].seq > last.seq {
			last = evs[k-1]
		}
	}
	return last.seq >= 0 && last.disable
}

// keepHits drops, in place, the hits of turn turn the directives silence.
func (d *directives) keepHits(turn int, hs []rules.Hit) []rules.Hit {
	if d == nil {
		return hs
	}
	return slices.DeleteFunc(hs, func(h rules.Hit) bool { return d.silences(turn, &h) })
}
