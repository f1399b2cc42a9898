package dict

import (
	"bytes"
	"errors"
	"fmt"

	"github.com/BurntSushi/toml"

	"github.com/replylint/replylint/rules"
)

// TextFile is the catalogue file of the text model; it holds no rules.
const TextFile = "catalogue/text.toml"

// TextSpec is the text model as written in dict/catalogue/text.toml (or in
// a config's [text] table, which adds to it): the artefacts found before
// any rule runs, the clause marks, the negators and the spelling variants.
type TextSpec struct {
	File string `toml:"-"`
	// EmoticonWords makes an emoticon code ([呵呵]) count as the word it
	// names; nil in a config leaves the catalogue's choice.
	EmoticonWords *bool          `toml:"emoticon_words"`
	Artefacts     []ArtefactSpec `toml:"artefact"`
	Clauses       ClauseSpec     `toml:"clauses"`
	Negation      NegationSpec   `toml:"negation"`
	Variants      []VariantSpec  `toml:"variant"`
}

// VariantSpec is one [[variant]]: an internet spelling and the standard
// word it stands for, rune for rune (灰常 → 非常). examples mark with ⟦…⟧
// where the spelling is read as the word; non_examples hold the spelling
// where it is not (inside a longer word, or before a not_after word).
type VariantSpec struct {
	From        string   `toml:"from"`
	To          string   `toml:"to"`
	NotAfter    []string `toml:"not_after"`
	Examples    []string `toml:"examples"`
	NonExamples []string `toml:"non_examples"`
}

// ArtefactSpec is one [[artefact]]: a pattern with examples of what it
// covers (⟦…⟧ marks the artefact) and of text it must leave alone.
type ArtefactSpec struct {
	ID          string   `toml:"id"`
	Kind        string   `toml:"kind"`
	Description string   `toml:"description"`
	Pattern     string   `toml:"pattern"`
	Except      string   `toml:"except"`
	Follows     string   `toml:"follows"`
	Examples    []string `toml:"examples"`
	NonExamples []string `toml:"non_examples"`
}

// ClauseSpec is [clauses]; see rules.ClauseMarks.
type ClauseSpec struct {
	Delimiters        []string `toml:"delimiters"`
	Points            []string `toml:"points"`
	Soft              []string `toml:"soft"`
	Sentence          []string `toml:"sentence"`
	Openers           []string `toml:"openers"`
	Closers           []string `toml:"closers"`
	QuestionMarks     []string `toml:"question_marks"`
	QuestionParticles []string `toml:"question_particles"`
}

// NegationSpec is [negation]; see rules.Negation.
type NegationSpec struct {
	Words    []string `toml:"words"`
	NotWords []string `toml:"not_words"`
	Window   int      `toml:"window"`
}

// Text reads the built-in text model: from its precompiled form when that
// is current (see precompiled.go). Each call returns values of its own.
func Text() (*TextSpec, error) {
	if s, ok := precompiledText(); ok {
		return s, nil
	}
	return parseText()
}

// parseText parses the embedded text.toml.
func parseText() (*TextSpec, error) {
	data, err := catalogue.ReadFile(TextFile)
	if err != nil {
		return nil, err
	}
	return ParseText("dict/"+TextFile, data)
}

// ParseText reads a text model file. Unknown keys are errors naming the
// file and line.
func ParseText(file string, data []byte) (*TextSpec, error) {
	var s TextSpec
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&s)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", file, perr.Position.Line, perr.Message)
		}
		return nil, fmt.Errorf("%s: %w", file, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("%s:%d: unknown key %q", file, KeyLine(data, un[0]), un[0].String())
	}
	s.File = file
	return &s, nil
}

// Extend returns s with a config's additions: its artefacts after s's
// own, its emoticon switch if set. Clause marks and negators
// are the catalogue's.
func (s *TextSpec) Extend(add *TextSpec) *TextSpec {
	if add == nil {
		return s
	}
	out := *s
	out.Artefacts = append(append([]ArtefactSpec(nil), s.Artefacts...), add.Artefacts...)
	if add.EmoticonWords != nil {
		out.EmoticonWords = add.EmoticonWords
	}
	return &out
}

// Build makes the rules' text model. norm normalises marks and words the
// way message text is (， is matched as ,).
func (s *TextSpec) Build(norm Normalizer) (*rules.TextModel, error) {
	spec := rules.TextSpec{EmoticonWords: s.EmoticonWords != nil && *s.EmoticonWords}
	for _, a := range s.Artefacts {
		art, err := a.build()
		if err != nil {
			return nil, fmt.Errorf("%s: artefact %q: %w", s.File, a.ID, err)
		}
		spec.Artefacts = append(spec.Artefacts, art)
	}
	c := &s.Clauses
	marks := func(ms []string) []rune {
		var out []rune
		for _, m := range ms {
			out = append(out, norm(m)...)
		}
		return out
	}
	spec.Clauses = rules.ClauseMarks{
		Delimiters: marks(c.Delimiters), Points: marks(c.Points), Soft: marks(c.Soft),
		Sentence: marks(c.Sentence), Openers: marks(c.Openers), Closers: marks(c.Closers),
		QuestionMarks: marks(c.QuestionMarks), QuestionParticles: normAll(c.QuestionParticles, norm),
	}
	spec.Negation = rules.Negation{
		Words: normAll(s.Negation.Words, norm), NotWords: normAll(s.Negation.NotWords, norm),
		Window: s.Negation.Window,
	}
	for _, v := range s.Variants {
		spec.Variants = append(spec.Variants, rules.Variant{From: norm(v.From), To: norm(v.To), NotAfter: normAll(v.NotAfter, norm)})
	}
	m, err := rules.NewTextModel(spec)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", s.File, err)
	}
	return m, nil
}

// build makes the artefact; rules.NewTextModel checks its patterns.
func (a *ArtefactSpec) build() (rules.Artefact, error) {
	if a.ID == "" || a.Kind == "" {
		return rules.Artefact{}, fmt.Errorf("needs an id and a kind")
	}
	if a.Pattern == "" {
		return rules.Artefact{}, fmt.Errorf("bad pattern %q: %v", a.Pattern, nil)
	}
	return rules.Artefact{ID: a.ID, Kind: a.Kind, Pattern: a.Pattern, Except: a.Except, Follows: anchorExpr(a.Follows, "", "$")}, nil
}

// normAll normalises each word of ws.
func normAll(ws []string, norm Normalizer) [][]rune {
	out := make([][]rune, 0, len(ws))
	for _, w := range ws {
		out = append(out, norm(w))
	}
	return out
}
