package dict

import (
	"fmt"
	"maps"
	"regexp"
	"slices"
	"strings"

	"github.com/replylint/replylint/rules"
)

// Normalizer turns a term as written in a pack into the form the text is
// matched in (half-width, lower case, simplified).
type Normalizer func(string) []rune

// ConversationBuilder makes a conversation rule of a kind the dict package
// does not know itself; lint registers them so that dict need not import it.
type ConversationBuilder func(meta rules.Meta, spec *RuleSpec, norm Normalizer) (rules.Rule, error)

// Build makes the rule that the spec describes; sets resolves the "@name"
// references of its word lists. conv resolves kinds other than the message
// kinds; it may be nil. Errors name the file, line and rule.
func (r *RuleSpec) Build(file string, norm Normalizer, sets Sets, conv map[string]ConversationBuilder) (rules.Rule, error) {
	if r.ID == "" {
		return nil, fmt.Errorf("%s:%d: rule without an id", file, r.line)
	}
	rule, err := r.build(norm, sets, conv)
	if err != nil {
		return nil, fmt.Errorf("%s:%d: rule %q: %v", file, r.line, r.ID, err)
	}
	return rule, nil
}

// build is Build for a rule with an id, its errors not yet placed.
func (r *RuleSpec) build(norm Normalizer, sets Sets, conv map[string]ConversationBuilder) (rules.Rule, error) {
	meta, err := r.meta()
	if err != nil {
		return nil, err
	}
	w := words{norm: norm, sets: sets}
	switch r.Kind {
	case "", "lexicon":
		return r.lexicon(meta, w)
	case "pattern":
		return r.pattern(meta, w)
	case "ratio":
		if len(r.Count) == 0 || r.Min <= 0 || r.Factor <= 0 {
			return nil, fmt.Errorf("a ratio rule needs count, min and factor")
		}
		return &rules.Ratio{Meta: meta, Count: r.Count, NotIn: r.NotIn, Against: r.Against, Min: r.Min, Factor: r.Factor}, nil
	case "length":
		if r.Max <= 0 {
			return nil, fmt.Errorf("a length rule needs max > 0")
		}
		return &rules.Length{Meta: meta, Max: r.Max}, nil
	}
	if b, ok := conv[r.Kind]; ok {
		return b(meta, r, norm)
	}
	return nil, fmt.Errorf("unknown kind %q", r.Kind)
}

// meta checks what every kind of rule shares (keys, category, severity,
// fixes, edits, suggestions) and returns the rule's Meta.
func (r *RuleSpec) meta() (rules.Meta, error) {
	if err := r.checkKeys(); err != nil {
		return rules.Meta{}, err
	}
	if r.Category == "" {
		return rules.Meta{}, fmt.Errorf("no category (set it on the rule or at the top of the file)")
	}
	sev := rules.Error
	if r.Severity != "" {
		var err error
		if sev, err = rules.ParseSeverity(r.Severity); err != nil {
			return rules.Meta{}, err
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
			return rules.Meta{}, fmt.Errorf("each of fixes is a pair [before, after]")
		}
		meta.Examples.Fixes = append(meta.Examples.Fixes, [2]string{f[0], f[1]})
	}
	edits, err := r.edits()
	if err != nil {
		return rules.Meta{}, err
	}
	meta.Edits = edits
	if meta.Message == "" {
		meta.Message = meta.Description
	}
	if len(meta.Suggestions) == 0 {
		return rules.Meta{}, fmt.Errorf("no suggestions: every finding must tell the agent what to say instead")
	}
	return meta, nil
}

// lexicon builds a lexicon rule: its terms, each with the rule's
// conditions and those of the except entries that name it.
func (r *RuleSpec) lexicon(meta rules.Meta, w words) (rules.Rule, error) {
	if len(r.Terms) == 0 {
		return nil, fmt.Errorf("a lexicon rule needs terms")
	}
	cond, scoped, err := r.cond(w)
	if err != nil {
		return nil, err
	}
	if r.View != "" && r.View != "written" {
		return nil, fmt.Errorf("view %q: only \"written\" (or none)", r.View)
	}
	lx := &rules.Lexicon{Meta: meta, Written: r.View == "written"}
	terms, err := w.list(r.Terms)
	if err != nil {
		return nil, fmt.Errorf("terms: %v", err)
	}
	lx.Terms = make([]rules.Term, 0, len(terms))
	tc := termConds{rule: cond, scoped: scoped}
	for _, text := range terms {
		if len(text) == 0 {
			return nil, fmt.Errorf("empty term")
		}
		lx.Terms = append(lx.Terms, rules.Term{Text: text, Cond: tc.forTerm(text), Repeat: r.Repeat})
	}
	if err := exceptsNameTerms(scoped, terms); err != nil {
		return nil, err
	}
	return lx, nil
}

// exceptsNameTerms checks that the terms the except entries name (scoped,
// by entry) are terms of the rule.
func exceptsNameTerms(scoped [][][]rune, terms [][]rune) error {
	for i, s := range scoped {
		for _, t := range s {
			if !slices.ContainsFunc(terms, func(x []rune) bool { return slices.Equal(x, t) }) {
				return fmt.Errorf("except entry %d names %q, which is no term of the rule", i+1, string(t))
			}
		}
	}
	return nil
}

// pattern builds a pattern rule.
func (r *RuleSpec) pattern(meta rules.Meta, w words) (rules.Rule, error) {
	cond, scoped, err := r.cond(w)
	if err != nil {
		return nil, err
	}
	if slices.ContainsFunc(scoped, func(s [][]rune) bool { return len(s) > 0 }) {
		return nil, fmt.Errorf("except: a pattern rule has no terms to name")
	}
	re, err := regexp.Compile(r.Pattern)
	if err != nil || r.Pattern == "" {
		return nil, fmt.Errorf("bad pattern %q: %v", r.Pattern, err)
	}
	p := &rules.Pattern{Meta: meta, Re: re, Cond: cond.Cond, CaseSensitive: r.CaseSensitive, Allow: map[string]bool{}}
	for _, a := range r.Allow {
		p.Allow[a] = true
	}
	return p, nil
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
		e.Init()
		out = append(out, e)
	}
	return out, nil
}

// ruleCond is a rule's condition before it is given to each term: the
// except entries that name terms apply only to those.
type ruleCond struct {
	rules.Cond
}

// termConds gives each term of a rule its condition: the rule's, with the
// except entries scoped to other terms left out. Terms left with the same
// entries share one slice of them (nothing changes it once built): a rule
// of a hundred terms would otherwise copy its frames a hundred times at
// every start.
type termConds struct {
	rule   ruleCond
	scoped [][][]rune // for each except entry, the terms it names (none: all)
	made   []termExcept
}

// termExcept is a slice of except entries made for some term, and which
// entries it holds (bit i for entry i).
type termExcept struct {
	mask   uint64
	frames []rules.Frame
}

func (tc *termConds) forTerm(term []rune) rules.Cond {
	out := tc.rule.Cond
	all := tc.rule.Except
	if len(all) > 64 { // past what a mask tells apart: a slice of its own
		out.Except = nil
		for i, f := range all {
			if tc.applies(i, term) {
				out.Except = append(out.Except, f)
			}
		}
		return out
	}
	var mask uint64
	for i := range all {
		if tc.applies(i, term) {
			mask |= 1 << i
		}
	}
	out.Except = tc.frames(mask)
	return out
}

// applies reports whether except entry i applies to term.
func (tc *termConds) applies(i int, term []rune) bool {
	return len(tc.scoped[i]) == 0 || slices.ContainsFunc(tc.scoped[i], func(t []rune) bool { return slices.Equal(t, term) })
}

// frames returns the entries mask selects: nil for none, the rule's own
// slice for all, else one made once for every term that has them.
func (tc *termConds) frames(mask uint64) []rules.Frame {
	all := tc.rule.Except
	switch {
	case mask == 0:
		return nil
	case mask == 1<<len(all)-1:
		return slices.Clip(all)
	}
	for _, m := range tc.made {
		if m.mask == mask {
			return m.frames
		}
	}
	var frames []rules.Frame
	for i, f := range all {
		if mask&(1<<i) != 0 {
			frames = append(frames, f)
		}
	}
	frames = slices.Clip(frames)
	tc.made = append(tc.made, termExcept{mask, frames})
	return frames
}

// cond reads the rule's conditions: its own keys make the frame of the
// banned sense; not_before, not_after and the not_…_re keys are except
// entries written short; scoped holds, for each except entry, the terms it
// names.
func (r *RuleSpec) cond(w words) (c ruleCond, scoped [][][]rune, err error) {
	c.Boundary, c.InsidePOS, c.Position, c.Quoted = rules.Boundary(r.Boundary), r.InsidePOS, rules.Position(r.Position), r.Quoted
	switch c.Boundary {
	case rules.AnyBoundary, rules.TokenBoundary, rules.WordBoundary:
	default:
		return c, nil, fmt.Errorf("boundary %q: want token, word or nothing", r.Boundary)
	}
	switch c.Position {
	case rules.Anywhere, rules.Initial, rules.Standalone, rules.Final, rules.NotInitial:
	default:
		return c, nil, fmt.Errorf("position %q: want initial, standalone, final or not-initial", r.Position)
	}
	lists := []struct {
		key string
		in  []string
		out *[][]rune
	}{
		{"not_in", r.NotIn, &c.NotIn}, {"before", r.Before, &c.Need.Before}, {"after", r.After, &c.Need.After},
		{"earlier", r.Earlier, &c.Need.Earlier}, {"later", r.Later, &c.Need.Later}, {"subject", r.Subject, &c.Need.Subject},
		{"subject_gap", r.SubjectGap, &c.Need.SubjectGap}, {"persons", r.Persons, &c.Persons},
	}
	for _, l := range lists {
		if *l.out, err = w.list(l.in); err != nil {
			return c, nil, fmt.Errorf("%s: %v", l.key, err)
		}
	}
	c.Need.NextPOS, c.Need.PrevPOS = r.NextPOS, r.PrevPOS
	// The short forms, each an except entry of its own.
	short := []FrameSpec{}
	if len(r.NotBefore) > 0 {
		short = append(short, FrameSpec{Before: r.NotBefore, Why: "not_before"})
	}
	if len(r.NotAfter) > 0 {
		short = append(short, FrameSpec{After: r.NotAfter, Why: "not_after"})
	}
	if r.NotBeforeRe != "" {
		short = append(short, FrameSpec{BeforeRe: r.NotBeforeRe, Why: "not_before_re"})
	}
	if r.NotAfterRe != "" {
		short = append(short, FrameSpec{AfterRe: r.NotAfterRe, Why: "not_after_re"})
	}
	c.Except, scoped, err = r.exceptFrames(short, w)
	return c, scoped, err
}

// exceptFrames builds the except entries, the short forms first, and
// the terms each names.
func (r *RuleSpec) exceptFrames(short []FrameSpec, w words) (frames []rules.Frame, scoped [][][]rune, err error) {
	n := len(short) + len(r.Except)
	if n > 0 {
		frames, scoped = make([]rules.Frame, 0, n), make([][][]rune, 0, n)
	}
	for i := range n {
		var fs *FrameSpec
		if i < len(short) {
			fs = &short[i]
		} else {
			fs = &r.Except[i-len(short)]
		}
		f, terms, err := fs.frame(w)
		if err != nil {
			if i >= len(short) {
				return nil, nil, fmt.Errorf("except entry %d: %v", i-len(short)+1, err)
			}
			return nil, nil, fmt.Errorf("%s: %v", fs.Why, err)
		}
		frames = append(frames, f)
		scoped = append(scoped, terms)
	}
	return frames, scoped, nil
}

// frame makes the rules.Frame of an except entry, and the terms it names.
func (fs *FrameSpec) frame(w words) (rules.Frame, [][]rune, error) {
	f := rules.Frame{NextPOS: fs.NextPOS, PrevPOS: fs.PrevPOS, Question: fs.Question, Why: fs.Why}
	var terms [][]rune
	lists := []struct {
		key string
		in  []string
		out *[][]rune
	}{
		{"terms", fs.Terms, &terms}, {"in", fs.In, &f.In}, {"before", fs.Before, &f.Before}, {"after", fs.After, &f.After},
		{"earlier", fs.Earlier, &f.Earlier}, {"later", fs.Later, &f.Later}, {"subject", fs.Subject, &f.Subject}, {"subject_gap", fs.SubjectGap, &f.SubjectGap},
		{"person", fs.Person, &f.Person},
	}
	var err error
	for _, l := range lists {
		if *l.out, err = w.list(l.in); err != nil {
			return f, nil, fmt.Errorf("%s: %v", l.key, err)
		}
	}
	if f.BeforeRe, err = anchored(fs.BeforeRe, "", "$"); err != nil {
		return f, nil, fmt.Errorf("before_re: %v", err)
	}
	if f.AfterRe, err = anchored(fs.AfterRe, "^", ""); err != nil {
		return f, nil, fmt.Errorf("after_re: %v", err)
	}
	if f.IsEmpty() {
		return f, nil, fmt.Errorf("sets no predicate: it would keep every match out")
	}
	return f, terms, nil
}

// anchored compiles anchorExpr(expr, prefix, suffix); "" is nil.
func anchored(expr, prefix, suffix string) (*regexp.Regexp, error) {
	if expr == "" {
		return nil, nil
	}
	return regexp.Compile(anchorExpr(expr, prefix, suffix))
}

// anchorExpr is expr with prefix before it and suffix after it, unless it
// already starts or ends with them; "" stays "".
func anchorExpr(expr, prefix, suffix string) string {
	if expr == "" {
		return ""
	}
	if !strings.HasPrefix(expr, prefix) {
		expr = prefix + "(?:" + expr + ")"
	}
	if !strings.HasSuffix(expr, suffix) {
		expr = "(?:" + expr + ")" + suffix
	}
	return expr
}

// Sets are the named word lists of the packs, merged: a set a later pack
// names again is extended.
type Sets map[string][]string

// MergeSets merges the sets of packs, in order.
func MergeSets(packs []*Pack) Sets {
	out := Sets{}
	for _, p := range packs {
		for name, ws := range p.Sets {
			out[name] = append(out[name], ws...)
		}
	}
	return out
}

// words turns a word list as written in a pack into normalised words,
// expanding "@name" (each word of the set) and "@name…" (each word of the
// set followed by the rest).
type words struct {
	norm Normalizer
	sets Sets
}

func (w words) list(in []string) ([][]rune, error) {
	if len(in) == 0 {
		return nil, nil
	}
	out := make([][]rune, 0, len(in))
	var xs []string
	for _, s := range in {
		if strings.IndexByte(s, '@') < 0 { // a literal word, most of them
			out = append(out, w.norm(s))
			continue
		}
		var err error
		if xs, err = w.expand(xs[:0], s, nil); err != nil {
			return nil, err
		}
		for _, x := range xs {
			out = append(out, w.norm(x))
		}
	}
	return dedupe(out), nil
}

// dedupeScan is how long a list is compared word by word for repeats;
// a longer one (a cross product of sets runs to hundreds) is sorted.
const dedupeScan = 16

// dedupe drops the repeats of ws in place, keeping each word where it
// first comes.
func dedupe(ws [][]rune) [][]rune {
	if len(ws) <= dedupeScan {
		out := ws[:0]
		for _, r := range ws {
			if !slices.ContainsFunc(out, func(o []rune) bool { return slices.Equal(o, r) }) {
				out = append(out, r)
			}
		}
		return out
	}
	order := make([]int32, len(ws))
	for i := range order {
		order[i] = int32(i)
	}
	// Stable: of equal words, the first keeps its place at the head of its run.
	slices.SortStableFunc(order, func(a, b int32) int { return slices.Compare(ws[a], ws[b]) })
	var repeat []bool
	for i := 1; i < len(order); i++ {
		if slices.Equal(ws[order[i]], ws[order[i-1]]) {
			if repeat == nil {
				repeat = make([]bool, len(ws))
			}
			repeat[order[i]] = true
		}
	}
	if repeat == nil {
		return ws
	}
	out := ws[:0]
	for i, r := range ws {
		if !repeat[i] {
			out = append(out, r)
		}
	}
	return out
}

// expand appends to out the words of one entry: literal text and "@name"
// references, each reference standing for every word of its set (so "@a的"
// and "@a@b" are cross products); seen holds the sets being expanded,
// against a set that names itself.
func (w words) expand(out []string, s string, seen []string) ([]string, error) {
	head, name, rest, ok := splitRef(s)
	if !ok {
		return append(out, s), nil
	}
	set, ok := w.sets[name]
	if !ok {
		return nil, fmt.Errorf("no set %q (sets: %s)", name, strings.Join(slices.Sorted(maps.Keys(w.sets)), ", "))
	}
	if slices.Contains(seen, name) {
		return nil, fmt.Errorf("set %q names itself", name)
	}
	tails, err := w.expand(nil, rest, seen)
	if err != nil {
		return nil, err
	}
	inner := append(slices.Clip(seen), name)
	var ys []string
	for _, x := range set {
		if ys, err = w.expand(ys[:0], x, inner); err != nil {
			return nil, err
		}
		for _, y := range ys {
			for _, tail := range tails {
				out = append(out, head+y+tail)
			}
		}
	}
	return out, nil
}

// splitRef splits s at its first "@name" reference: the literal head, the
// set's name (ASCII letters, digits and -) and the rest, literal or more
// references; false when s names no set.
func splitRef(s string) (head, name, rest string, ok bool) {
	at := strings.IndexByte(s, '@')
	if at < 0 {
		return "", "", "", false
	}
	head, name = s[:at], s[at+1:]
	for i, c := range name {
		if !(c == '-' || c >= 'a' && c <= 'z' || c >= '0' && c <= '9') {
			return head, name[:i], name[i:], true
		}
	}
	return head, name, "", true
}
