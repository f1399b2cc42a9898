package output

import (
	"bufio"
	"encoding/json"
	"io"
	"net/url"
	"path/filepath"
	"slices"
	"strings"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

const sarifSchema = "https://json.schemastore.org/sarif-2.1.0.json"

// sarifFormatter writes a SARIF 2.1.0 log for code-scanning tools. Results
// are streamed as they come; the tool section, which lists the rules, is
// written after them (JSON does not order an object's members), so a rule
// met only in a finding can still be described.
type sarifFormatter struct {
	w       *bufio.Writer
	rules   []sarifRule
	index   map[string]int
	started bool
	results JSONArray
	version string // the driver's
}

type sarifText struct {
	Text string `json:"text"`
}

type sarifRule struct {
	ID                   string         `json:"id"`
	ShortDescription     sarifText      `json:"shortDescription"`
	FullDescription      *sarifText     `json:"fullDescription,omitempty"`
	Help                 sarifText      `json:"help"`
	DefaultConfiguration sarifConfig    `json:"defaultConfiguration"`
	Properties           map[string]any `json:"properties,omitempty"`
}

type sarifConfig struct {
	Level string `json:"level"`
}

type sarifResult struct {
	RuleID     string          `json:"ruleId"`
	RuleIndex  int             `json:"ruleIndex"`
	Level      string          `json:"level"`
	Message    sarifText       `json:"message"`
	Locations  []sarifLocation `json:"locations,omitempty"`
	Fixes      []sarifFix      `json:"fixes,omitempty"`
	Properties map[string]any  `json:"properties,omitempty"`
}

// sarifFix is one of a finding's edits as SARIF 2.1.0 writes a fix: one
// replacement in one artifact.
type sarifFix struct {
	Description     sarifText             `json:"description"`
	ArtifactChanges []sarifArtifactChange `json:"artifactChanges"`
}

type sarifArtifactChange struct {
	ArtifactLocation sarifArtifact      `json:"artifactLocation"`
	Replacements     []sarifReplacement `json:"replacements"`
}

type sarifReplacement struct {
	DeletedRegion   sarifRegion `json:"deletedRegion"`
	InsertedContent *sarifText  `json:"insertedContent,omitempty"`
}

type sarifLocation struct {
	PhysicalLocation sarifPhysical `json:"physicalLocation"`
}

type sarifPhysical struct {
	ArtifactLocation sarifArtifact `json:"artifactLocation"`
	Region           *sarifRegion  `json:"region,omitempty"`
}

type sarifArtifact struct {
	URI string `json:"uri"`
}

type sarifRegion struct {
	StartLine   int `json:"startLine"`
	StartColumn int `json:"startColumn,omitempty"`
	EndColumn   int `json:"endColumn,omitempty"`
}

// sarifFixes writes f's edits as fixes in the file, where the finding's
// position says where its match stands in it: the match on one line, and
// each edit on that line too (columns are the match's shifted by the edit's
// offset from it).
func sarifFixes(f *lint.Finding, uri string) []sarifFix {
	if !f.HasSpan() || f.Line <= 0 || f.Column <= 0 || len(f.Edits) == 0 {
		return nil
	}
	text := []rune(f.Text)
	var out []sarifFix
	for _, e := range f.Edits {
		lo, hi := min(e.Start, f.Start), max(e.End, f.End)
		if lo < 0 || hi > len(text) || slices.Contains(text[lo:hi], '\n') {
			continue
		}
		rep := sarifReplacement{DeletedRegion: sarifRegion{StartLine: f.Line,
			StartColumn: f.Column + e.Start - f.Start, EndColumn: f.Column + e.End - f.Start}}
		desc := "删除“" + string(text[e.Start:e.End]) + "”"
		if e.Text != "" {
			rep.InsertedContent = &sarifText{e.Text}
			desc = "“" + string(text[e.Start:e.End]) + "”改为“" + e.Text + "”"
		}
		if e.Safe {
			desc += "（replylint fix 自动修改）"
		}
		out = append(out, sarifFix{Description: sarifText{desc},
			ArtifactChanges: []sarifArtifactChange{{ArtifactLocation: sarifArtifact{uri}, Replacements: []sarifReplacement{rep}}}})
	}
	return out
}

func newSarif(w io.Writer, rs []rules.Rule, version string) *sarifFormatter {
	s := &sarifFormatter{w: bufio.NewWriter(w), index: map[string]int{}, version: version, results: JSONArray{Before: "\n    "}}
	for _, r := range rs {
		m := r.Info()
		if m.Severity == rules.Off {
			continue
		}
		s.add(sarifRuleOf(m))
	}
	return s
}

func (s *sarifFormatter) add(r sarifRule) int {
	if i, ok := s.index[r.ID]; ok {
		return i
	}
	s.index[r.ID] = len(s.rules)
	s.rules = append(s.rules, r)
	return len(s.rules) - 1
}

func sarifRuleOf(m *rules.Meta) sarifRule {
	r := sarifRule{
		ID:                   m.ID,
		ShortDescription:     sarifText{m.Description},
		DefaultConfiguration: sarifConfig{sarifLevel(m.Severity)},
		Properties:           map[string]any{"category": m.Category, "tags": []string{m.Category}},
	}
	help := "建议：" + strings.Join(m.Suggestions, " / ")
	if m.Rationale != "" {
		r.FullDescription = &sarifText{m.Rationale}
		help = m.Rationale + "\n" + help
	}
	r.Help = sarifText{help}
	return r
}

// sarifLevel maps replylint's severities onto SARIF's levels.
func sarifLevel(s rules.Severity) string {
	switch s {
	case rules.Error:
		return "error"
	case rules.Warning:
		return "warning"
	}
	return "note"
}

func (s *sarifFormatter) Write(fs []lint.Finding) error {
	if !s.started {
		s.started = true
		// Columns are counted in code points, as everywhere in replylint;
		// SARIF's default would be UTF-16 code units.
		s.w.WriteString(`{"$schema": "` + sarifSchema + `", "version": "2.1.0", "runs": [{"columnKind": "unicodeCodePoints", "results": [`)
	}
	for _, f := range fs {
		i, ok := s.index[f.Rule]
		if !ok {
			// A rule the caller did not describe: say what the finding knows.
			i = s.add(sarifRule{
				ID: f.Rule, ShortDescription: sarifText{f.Category}, Help: sarifText{"建议：" + strings.Join(f.Suggestions, " / ")},
				DefaultConfiguration: sarifConfig{sarifLevel(f.Severity)},
				Properties:           map[string]any{"category": f.Category, "tags": []string{f.Category}},
			})
		}
		if err := s.results.Add(s.w, sarifResultOf(&f, i)); err != nil {
			return err
		}
	}
	return nil
}

func sarifResultOf(f *lint.Finding, ruleIndex int) sarifResult {
	msg := f.Message
	if len(f.Suggestions) > 0 {
		msg += "（建议：" + strings.Join(f.Suggestions, " / ") + "）"
	}
	r := sarifResult{RuleID: f.Rule, RuleIndex: ruleIndex, Level: sarifLevel(f.Severity), Message: sarifText{msg}}
	if f.File != "" {
		loc := sarifLocation{PhysicalLocation: sarifPhysical{ArtifactLocation: sarifArtifact{sarifURI(f.File)}}}
		if f.Line > 0 {
			reg := &sarifRegion{StartLine: f.Line, StartColumn: f.Column}
			if f.HasSpan() && f.Column > 0 && !strings.ContainsAny(f.Match, "\r\n") {
				reg.EndColumn = f.Column + utf8.RuneCountInString(f.Match)
			}
			loc.PhysicalLocation.Region = reg
		}
		r.Locations = []sarifLocation{loc}
		r.Fixes = sarifFixes(f, loc.PhysicalLocation.ArtifactLocation.URI)
	}
	props := map[string]any{"category": f.Category}
	put := func(k, v string) {
		if v != "" {
			props[k] = v
		}
	}
	put("conversation", f.Conversation)
	put("message_id", f.MessageID)
	put("role", string(f.Role))
	put("agent", f.Agent)
	put("match", f.Match)
	put("fix", f.Fix)
	if f.Turn > 0 {
		props["turn"] = f.Turn
	}
	if len(f.Suggestions) > 0 {
		props["suggestions"] = f.Suggestions
	}
	r.Properties = props
	return r
}

// sarifURI writes a file name as the URI reference SARIF wants: forward
// slashes, special and non-ASCII characters percent-encoded, absolute paths
// as file: URIs. Standard input has no location at all.
func sarifURI(file string) string {
	p := filepath.ToSlash(file)
	u := url.URL{Path: p}
	if filepath.IsAbs(file) {
		u.Scheme = "file"
		if !strings.HasPrefix(p, "/") {
			u.Path = "/" + p // C:/x → file:///C:/x
		}
	}
	return u.String()
}

func (s *sarifFormatter) Close(*lint.Summary) error {
	if err := s.Write(nil); err != nil {
		return err
	}
	if s.results.Len() > 0 {
		s.w.WriteString("\n  ")
	}
	driver := struct {
		Name           string      `json:"name"`
		Version        string      `json:"version,omitempty"`
		InformationURI string      `json:"informationUri"`
		Rules          []sarifRule `json:"rules"`
	}{"replylint", s.version, "https://github.com/replylint/replylint", s.rules}
	if driver.Rules == nil {
		driver.Rules = []sarifRule{}
	}
	b, err := json.Marshal(map[string]any{"driver": driver})
	if err != nil {
		return err
	}
	s.w.WriteString(`], "tool": `)
	s.w.Write(b)
	s.w.WriteString("}]}\n")
	return s.w.Flush()
}
