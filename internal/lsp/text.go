package lsp

import (
	"fmt"
	"sort"
	"strings"
	"unicode/utf16"
	"unicode/utf8"

	protocol "github.com/tliron/glsp/protocol_3_16"
)

// text is a document as LSP addresses it: positions are a line and a
// character counted in UTF-16 code units, while replylint counts code
// points. It converts between the two.
type text struct {
	runes []rune
	lines []int // the code-point offset at which each line starts
}

func newText(s string) *text {
	t := &text{runes: []rune(s), lines: []int{0}}
	for i, r := range t.runes {
		if r == '\n' {
			t.lines = append(t.lines, i+1)
		}
	}
	return t
}

// position is the LSP position of code-point offset off.
func (t *text) position(off int) protocol.Position {
	off = max(0, min(off, len(t.runes)))
	line := sort.Search(len(t.lines), func(i int) bool { return t.lines[i] > off }) - 1
	col := 0
	for _, r := range t.runes[t.lines[line]:off] {
		col += utf16Len(r)
	}
	return protocol.Position{Line: uint32(line), Character: uint32(col)}
}

// offset is the code-point offset of an LSP position. A character past the
// end of its line is the line's end, as the protocol says.
func (t *text) offset(p protocol.Position) int {
	if int(p.Line) >= len(t.lines) {
		return len(t.runes)
	}
	off, end := t.lines[p.Line], len(t.runes)
	if int(p.Line)+1 < len(t.lines) {
		end = t.lines[p.Line+1] - 1 // the line's \n
	}
	for units := 0; off < end; off++ {
		n := utf16Len(t.runes[off])
		if units+n > int(p.Character) {
			break
		}
		units += n
	}
	return off
}

func (t *text) rangeOf(start, end int) protocol.Range {
	return protocol.Range{Start: t.position(start), End: t.position(end)}
}

// lineEnd is the offset of the end of the line that off is on.
func (t *text) lineEnd(off int) int {
	for off < len(t.runes) && t.runes[off] != '\n' {
		off++
	}
	return off
}

func utf16Len(r rune) int {
	if n := utf16.RuneLen(r); n > 0 {
		return n
	}
	return 1 // an invalid rune is sent as U+FFFD, one unit
}

// applyChange applies one change of textDocument/didChange to s: the whole
// text, or a range of it replaced.
func applyChange(s string, change any) (string, error) {
	switch c := change.(type) {
	case protocol.TextDocumentContentChangeEventWhole:
		return c.Text, nil
	case protocol.TextDocumentContentChangeEvent:
		if c.Range == nil {
			return c.Text, nil
		}
		t := newText(s)
		start, end := t.offset(c.Range.Start), t.offset(c.Range.End)
		if start > end {
			return "", fmt.Errorf("change range %v ends before it starts", *c.Range)
		}
		return string(t.runes[:start]) + c.Text + string(t.runes[end:]), nil
	}
	return "", fmt.Errorf("unknown content change %T", change)
}

// units cuts a document into the replies it holds, whose concatenation is
// the document: a line each in a canned-reply list exported as CSV or TSV,
// a paragraph each (with the blank lines after it) in plain text and
// Markdown. Leading blank lines go with the first reply.
func units(s string, list bool) []string {
	if s == "" {
		return nil
	}
	lines := strings.SplitAfter(s, "\n")
	if lines[len(lines)-1] == "" {
		lines = lines[:len(lines)-1]
	}
	if list {
		return lines
	}
	var out []string
	var cur strings.Builder
	blankSeen, content := false, false
	for _, ln := range lines {
		blank := strings.TrimSpace(ln) == ""
		if !blank && blankSeen && content {
			out = append(out, cur.String())
			cur.Reset()
			blankSeen = false
		}
		cur.WriteString(ln)
		blankSeen = blankSeen || blank && content
		content = content || !blank
	}
	return append(out, cur.String())
}

func runeCount(s string) int { return utf8.RuneCountInString(s) }
