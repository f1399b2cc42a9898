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
	s.Conversations++
	s.Messages += len(c.Messages)
	if !c.Draft {
		s.Directives += countDirectives(c)
	}
	for _, f := range fs {
		s.Findings++
		s.ByCategory[f.Category]++
		s.BySeverity[f.Severity.String()]++
	}
}
