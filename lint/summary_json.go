package lint

import (
	"slices"
	"strings"
)

// AppendJSON appends s as json.Marshal writes it, byte for byte, without
// reflection: every answer of POST /v1/check ends with a summary, and
// encoding/json's way with its maps (reflected, their keys copied and
// sorted) was a twentieth of the server's CPU for a short reply.
// TestSummaryAppendJSON holds the two equal; a field added to Summary is
// added to summaryJSON.
func (s *Summary) AppendJSON(b []byte) []byte {
	var room [3][8]keyCount // a summary counts a handful of categories
	return summaryJSON{
		files: s.Files, conversations: s.Conversations, messages: s.Messages, findings: s.Findings,
		byCategory: sortedCounts(room[0][:0], s.ByCategory), bySeverity: sortedCounts(room[1][:0], s.BySeverity),
		skipped: s.Skipped, directives: s.Directives, skippedFiles: sortedCounts(room[2][:0], s.SkippedFiles),
	}.append(b)
}

// AppendSummaryJSON appends the JSON of the Summary of c and its findings
// alone (NewSummary, then Add(c, fs)), byte for byte, without making that
// Summary or its maps, which were, with their entries, five of the
// allocations of a request to POST /v1/check (TestAppendSummaryJSON).
func AppendSummaryJSON(b []byte, c *Conversation, fs []Finding) []byte {
	var room tallyRoom
	t := tallyOf(c, fs, &room)
	sortCounts(t.byCategory)
	sortCounts(t.bySeverity)
	return summaryJSON{
		conversations: 1, messages: t.messages, findings: t.findings,
		byCategory: t.byCategory, bySeverity: t.bySeverity, directives: t.directives,
	}.append(b)
}

// summaryJSON is a Summary as its JSON has it: its counts by key sorted,
// nil for a nil map (null), and in the order of Summary's fields.
type summaryJSON struct {
	files, conversations, messages, findings int
	byCategory, bySeverity                   []keyCount
	skipped, directives                      int
	skippedFiles                             []keyCount
}

func (s summaryJSON) append(b []byte) []byte {
	w := jsonObject{b: append(b, '{')}
	w.num(`"files":`, s.files, false)
	w.num(`"conversations":`, s.conversations, true)
	w.num(`"messages":`, s.messages, false)
	w.num(`"findings":`, s.findings, false)
	w.counts(`"by_category":`, s.byCategory, false)
	w.counts(`"by_severity":`, s.bySeverity, false)
	w.num(`"skipped":`, s.skipped, true)
	w.num(`"directives":`, s.directives, true)
	w.counts(`"skipped_files":`, s.skippedFiles, true)
	return append(w.b, '}')
}

// sortedCounts appends the counts of m to room sorted by key, as
// encoding/json orders a map's keys; nil for a nil map.
func sortedCounts(room []keyCount, m map[string]int) []keyCount {
	if m == nil {
		return nil
	}
	for k, n := range m {
		room = append(room, keyCount{key: k, n: n})
	}
	sortCounts(room)
	return room
}

// sortCounts sorts counts by key, as encoding/json orders a map's keys.
// A conversation's counts are a handful: sorted by insertion, where
// slices.SortFunc's general sort cost some 240 instructions for two.
func sortCounts(counts []keyCount) {
	if len(counts) > 12 {
		slices.SortFunc(counts, func(a, b keyCount) int { return strings.Compare(a.key, b.key) })
		return
	}
	for i := 1; i < len(counts); i++ {
		for j := i; j > 0 && counts[j].key < counts[j-1].key; j-- {
			counts[j], counts[j-1] = counts[j-1], counts[j]
		}
	}
}

// counts writes sorted counts as encoding/json writes their map: null for
// a nil one, and with omitEmpty nothing for an empty one.
func (w *jsonObject) counts(key string, counts []keyCount, omitEmpty bool) {
	if omitEmpty && len(counts) == 0 {
		return
	}
	w.field(key)
	if counts == nil {
		w.b = append(w.b, "null"...)
		return
	}
	w.b = append(w.b, '{')
	for i, c := range counts {
		if i > 0 {
			w.b = append(w.b, ',')
		}
		// A key, unlike a field's name, is data: quoted and escaped.
		if c.json != "" {
			w.b = append(w.b, c.json...)
		} else {
			w.b = appendJSONString(w.b, c.key)
		}
		w.b = append(w.b, ':')
		w.b = appendInt(w.b, c.n)
	}
	w.b = append(w.b, '}')
}
