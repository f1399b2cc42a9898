package rules

import "strings"

// ParseMarked removes ⟦…⟧ markers from a rule's example and returns the text with
// the marked spans in rune offsets.
func ParseMarked(s string) (string, []Span) {
	var b strings.Builder
	var spans []Span
	n, start := 0, 0
	for _, r := range s {
		switch r {
		case '⟦':
			start = n
		case '⟧':
			spans = append(spans, Span{Start: start, End: n})
		default:
			b.WriteRune(r)
			n++
		}
	}
	return b.String(), spans
}
