package lint

// Summary counts what a run checked and found. The JSON summary, the text
// summary line and the QA report all come from this one value.
type Summary struct {
	Files         int            `json:"files"`
	Conversations int            `json:"conversations,omitempty"`
	Messages      int            `json:"messages"`
	Findings      int            `json:"findings"`
	ByCategory    map[string]int `json:"by_category"`
	BySeverity    map[string]int `json:"by_severity"`
	// Skipped counts malformed records passed over with --skip-bad.
	Skipped int `json:"skipped,omitempty"`
	// Directives counts the inline directives (replylint-disable …) seen
	// in the turns of transcripts, where they are ignored: in a transcript
	// the agent's words are what is audited, and an attempt to silence
	// the audit is worth knowing about.
	Directives int `json:"directives,omitempty"`
	// SkippedFiles counts the files a folder walk or a glob left out, by
	// reason: "extension" (not a kind replylint reads), "xls" (an old
	// .xls workbook, each also named on standard error with what to do),
	// "special" (a pipe, socket or device, never opened), "unreadable",
	// "excluded" (--exclude or the config's exclude).
	SkippedFiles map[string]int `json:"skipped_files,omitempty"`
}

// NewSummary returns an empty summary with its maps made.
func NewSummary() *Summary {
	return &Summary{ByCategory: map[string]int{}, BySeverity: map[string]int{}}
}

// Add counts one conversation and its findings.
func (s *Summary) Add(c *Conversation, fs []Finding) {
	var room tallyRoom
	t := tallyOf(c, fs, &room)
	s.Conversations++
	s.Messages += t.messages
	s.Directives += t.directives
	s.Findings += t.findings
	for _, kc := range t.byCategory {
		s.ByCategory[kc.key] += kc.n
	}
	for _, kc := range t.bySeverity {
		s.BySeverity[kc.key] += kc.n
	}
}

// tally is what one conversation and its findings add to a Summary,
// counted without maps: a conversation's findings fall in a handful of
// categories and severities, found by a look along a short slice.
// AppendSummaryJSON writes it as it is, Summary.Add adds it to the maps.
type tally struct {
	messages, directives, findings int
	// Each key once, in the order of the findings; never nil.
	byCategory, bySeverity []keyCount
}

type keyCount struct {
	key string
	n   int
	// json is key as JSON where a finding's rule had it quoted already
	// (ruleShared), "" for it to be quoted when written.
	json string
}

// tallyRoom is where a tally's counts live while there are few: on the
// stack of its caller.
type tallyRoom [2][8]keyCount

func tallyOf(c *Conversation, fs []Finding, room *tallyRoom) tally {
	t := tally{messages: len(c.Messages), findings: len(fs), byCategory: room[0][:0], bySeverity: room[1][:0]}
	if !c.Draft {
		t.directives = countDirectives(c)
	}
	for i := range fs {
		f := &fs[i]
		category, severity := f.rule.keysJSON(f)
		t.byCategory = countKey(t.byCategory, f.Category, category)
		t.bySeverity = countKey(t.bySeverity, f.Severity.String(), severity)
	}
	return t
}

// countKey counts key once more in counts; json is its JSON or "".
func countKey(counts []keyCount, key, json string) []keyCount {
	for i := range counts {
		if counts[i].key == key {
			counts[i].n++
			return counts
		}
	}
	return append(counts, keyCount{key, 1, json})
}
