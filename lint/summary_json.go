package lint

import (
	"slices"
	"strconv"
	"strings"
)

// AppendJSON appends s as json.Marshal writes it, byte for byte, without
// reflection: every answer of POST /v1/check ends with a summary, and
// encoding/json's way with its maps (reflected, their keys copied and
// sorted) was a twentieth of the server's CPU for a short reply.
// TestSummaryAppendJSON holds the two equal; a field added to Summary is
// added here in the same place.
func (s *Summary) AppendJSON(b []byte) []byte {
	w := jsonObject{b: append(b, '{')}
	w.num("files", s.Files, false)
	w.num("conversations", s.Conversations, true)
	w.num("messages", s.Messages, false)
	w.num("findings", s.Findings, false)
	w.counts("by_category", s.ByCategory, false)
	w.counts("by_severity", s.BySeverity, false)
	w.num("skipped", s.Skipped, true)
	w.num("directives", s.Directives, true)
	w.counts("skipped_files", s.SkippedFiles, true)
	return append(w.b, '}')
}

// counts writes a map of counts as encoding/json does: keys sorted, null
// for a nil map, and with omitEmpty nothing for an empty one.
func (w *jsonObject) counts(name string, m map[string]int, omitEmpty bool) {
	if omitEmpty && len(m) == 0 {
		return
	}
	w.field(name)
	if m == nil {
		w.b = append(w.b, "null"...)
		return
	}
	type count struct {
		key string
		n   int
	}
	var room [8]count // a summary counts a handful of categories
	counts := room[:0]
	for k, n := range m {
		counts = append(counts, count{k, n})
	}
	slices.SortFunc(counts, func(a, b count) int { return strings.Compare(a.key, b.key) })
	w.b = append(w.b, '{')
	for i, c := range counts {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		// A key, unlike a field's name, is data: quoted and escaped.
		w.b = append(appendJSONString(w.b, c.key), ':')
		w.b = strconv.AppendInt(w.b, int64(c.n), 10)
	}
	w.b = append(w.b, '}')
}
