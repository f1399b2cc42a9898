package lint

import (
	"strings"

	"github.com/replylint/replylint/rules"
)

// ParseMarked removes ⟦…⟧ markers from an example and returns the text with
// the marked spans in rune offsets.
func ParseMarked(s string) (string, []rules.Span) {
	var b strings.Builder
	var spans []rules.Span
	n, start := 0, 0
	for _, r := range s {
		switch r {
		case '⟦':
			start = n
		case '⟧':
			spans = append(spans, rules.Span{Start: start, End: n})
		default:
			b.WriteRune(r)
			n++
		}
	}
	return b.String(), spans
}
