package dict

import (
	"fmt"
	"regexp"
	"strings"

	"github.com/replylint/replylint/rules"
)

// Normalizer turns a term as written in a pack into the form the text is
// matched in (half-width, lower case, simplified).
type Normalizer func(string) []rune

// ConversationBuilder makes a conversation rule of a kind the dict package
// does not know itself; lint registers them so that dict need not import it.
type ConversationBuilder func(meta rules.Meta, spec *RuleSpec, norm Normalizer) (rules.Rule, error)

// Build makes the rule that the spec describes. conv resolves kinds other
// than the message kinds; it may be nil.
func (r *RuleSpec) Build(file string, norm Normalizer, conv map[string]ConversationBuilder) (rules.Rule, error) {
	fail := func(format string, args ...any) error {
		return fmt.Errorf("%s:%d: rule %q: %s", file, r.line, r.ID, fmt.Sprintf(format, args...))
	}
	if r.ID == "" {
		return nil, fmt.Errorf("%s:%d: rule without an id", file, r.line)
	}
	if r.Category == "" {
		return nil, fail("no category (set it on the rule or at the top of the file)")
	}
	sev := rules.Error
	if r.Severity != "" {
		var err error
		if sev, err = rules.ParseSeverity(r.Severity); err != nil {
			return nil, fail("%v", err)
		}
	}
	meta := rules.Meta{
		ID: r.ID, Category: r.Category, Severity: sev,
		Description: r.Description, Rationale: r.Rationale, Seeds: r.Seeds,
		Message: r.Message, Suggestions: r.Suggestions, Fix: r.Fix,
		Examples: rules.Examples{Hits: r.Hits, NonHits: r.NonHits},
	}
	for _, f := range r.Fixes {
		if len(f) != 2 {
			return nil, fail("each of fixes is a pair [before, after]")
		}
		meta.Examples.Fixes = append(meta.Examples.Fixes, [2]string{f[0], f[1]})
	}
	edits, err := r.edits()
	if err != nil {
		return nil, fail("%v", err)
	}
	meta.Edits = edits
	if meta.Message == "" {
		meta.Message = meta.Description
	}
	if len(meta.Suggestions) == 0 {
		return nil, fail("no suggestions: every finding must tell the agent what to say instead")
	}

	switch r.Kind {
	case "", "lexicon":
		if len(r.Terms) == 0 {
			return nil, fail("a lexicon rule needs terms")
		}
		cond, err := r.cond(norm)
		if err != nil {
			return nil, fail("%v", err)
		}
		lx := &rules.Lexicon{Meta: meta}
		for _, t := range r.Terms {
			text := norm(t)
			if len(text) == 0 {
				return nil, fail("empty term")
			}
			lx.Terms = append(lx.Terms, rules.Term{Text: text, Cond: cond, Repeat: r.Repeat})
		}
		return lx, nil
	case "pattern":
		cond, err := r.cond(norm)
		if err != nil {
			return nil, fail("%v", err)
		}
		re, err := regexp.Compile(r.Pattern)
		if err != nil || r.Pattern == "" {
			return nil, fail("bad pattern %q: %v", r.Pattern, err)
		}
		p := &rules.Pattern{Meta: meta, Re: re, Cond: cond, CaseSensitive: r.CaseSensitive, Allow: map[string]bool{}}
		for _, a := range r.Allow {
			p.Allow[a] = true
		}
		return p, nil
	case "ratio":
		if len(r.Count) == 0 || r.Min <= 0 || r.Factor <= 0 {
			return nil, fail("a ratio rule needs count, min and factor")
		}
		return &rules.Ratio{Meta: meta, Count: r.Count, NotIn: r.NotIn, Against: r.Against, Min: r.Min, Factor: r.Factor}, nil
	case "length":
		if r.Max <= 0 {
			return nil, fail("a length rule needs max > 0")
		}
		return &rules.Length{Meta: meta, Max: r.Max}, nil
	}
	if b, ok := conv[r.Kind]; ok {
		rule, err := b(meta, r, norm)
		if err != nil {
			return nil, fail("%v", err)
		}
		return rule, nil
	}
	return nil, fail("unknown kind %q", r.Kind)
}

// edits builds the rule's declared edits. A text with an ellipsis is a
// template, not a replacement: it belongs in suggestions.
func (r *RuleSpec) edits() ([]rules.EditSpec, error) {
	var out []rules.EditSpec
	for i, d := range r.Edits {
		if strings.ContainsAny(d.Text, "…") || strings.Contains(d.Text, "...") {
			return nil, fmt.Errorf("edits[%d]: text %q is a template; an edit's text replaces the match as it stands (advice belongs in suggestions)", i, d.Text)
		}
		if d.Text == r.Fix && r.Fix != "" {
			return nil, fmt.Errorf("edits[%d]: text %q is the rule's fix already", i, d.Text)
		}
		e := rules.EditSpec{Text: d.Text}
		var err error
		if e.BeforeRe, err = anchored(d.BeforeRe, "", "$"); err != nil {
			return nil, fmt.Errorf("edits[%d].before_re: %v", i, err)
		}
		if e.AfterRe, err = anchored(d.AfterRe, "^", ""); err != nil {
			return nil, fmt.Errorf("edits[%d].after_re: %v", i, err)
		}
		out = append(out, e)
	}
	return out, nil
}

func (r *RuleSpec) cond(norm Normalizer) (rules.Cond, error) {
	c := rules.Cond{
		Boundary:  rules.Boundary(r.Boundary),
		InsidePOS: r.InsidePOS,
		Position:  rules.Position(r.Position),
		Quoted:    r.Quoted,
		NotIn:     runeLists(r.NotIn, norm),
		NotBefore: runeLists(r.NotBefore, norm),
		NotAfter:  runeLists(r.NotAfter, norm),
		Before:    runeLists(r.Before, norm),
		After:     runeLists(r.After, norm),
	}
	switch c.Boundary {
	case rules.AnyBoundary, rules.TokenBoundary, rules.WordBoundary:
	default:
		return c, fmt.Errorf("boundary %q: want token, word or nothing", r.Boundary)
	}
	switch c.Position {
	case rules.Anywhere, rules.Initial, rules.Standalone, rules.Final, rules.NotInitial:
	default:
		return c, fmt.Errorf("position %q: want initial, standalone, final or not-initial", r.Position)
	}
	var err error
	if c.NotBeforeRe, err = anchored(r.NotBeforeRe, "", "$"); err != nil {
		return c, fmt.Errorf("not_before_re: %v", err)
	}
	if c.NotAfterRe, err = anchored(r.NotAfterRe, "^", ""); err != nil {
		return c, fmt.Errorf("not_after_re: %v", err)
	}
	return c, nil
}

func anchored(expr, prefix, suffix string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	if !strings.HasPrefix(expr, prefix) {
		expr = prefix + "(?:" + expr + ")"
	}
	if !strings.HasSuffix(expr, suffix) {
		expr = "(?:" + expr + ")" + suffix
	}
	return regexp.Compile(expr)
}

func runeLists(ws []string, norm Normalizer) [][]rune {
	out := make([][]rune, 0, len(ws))
	for _, w := range ws {
		out = append(out, norm(w))
	}
	return out
}
