package lint

import (
	"errors"
	"fmt"
	"regexp/syntax"
	"slices"
	"strings"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// actSet holds the speech acts of a linter's packs ([[act]] tables), in
// the order they were first defined.
type actSet struct {
	list []*rules.Act
	byID map[string]*rules.Act
}

// actSource is an act's specs as the packs wrote them, merged by id.
type actSource struct {
	spec  dict.ActSpec
	where string // file:line of the first definition, for errors
	// embedded: every spec of the act is the built-in catalogue's, whose
	// tests check its regexps (TestBuiltinActsChecked).
	embedded bool
}

// buildActs merges the packs' acts by id (a later pack extends an act, or
// with replace = true replaces it) and compiles them. Errors name the file
// and line of the act.
func buildActs(packs []*dict.Pack, norm dict.Normalizer) (*actSet, error) {
	var order []string
	src := map[string]*actSource{}
	for _, p := range packs {
		for _, a := range p.Acts {
			where := fmt.Sprintf("%s:%d", p.File, a.Line())
			if a.ID == "" {
				return nil, fmt.Errorf("%s: act without an id", where)
			}
			s, ok := src[a.ID]
			switch {
			case !ok:
				order = append(order, a.ID)
				src[a.ID] = &actSource{spec: a, where: where, embedded: p.Embedded()}
			case a.Replace:
				s.spec, s.where, s.embedded = a, where, p.Embedded()
			default:
				s.embedded = s.embedded && p.Embedded()
				s.spec.Patterns = append(s.spec.Patterns, a.Patterns...)
				s.spec.Regexps = append(s.spec.Regexps, a.Regexps...)
				s.spec.NotIn = append(s.spec.NotIn, a.NotIn...)
				s.spec.Hits = append(s.spec.Hits, a.Hits...)
				s.spec.NonHits = append(s.spec.NonHits, a.NonHits...)
			}
		}
	}
	set := &actSet{byID: map[string]*rules.Act{}}
	c := actCompiler{src: src, norm: norm, set: set, res: map[string]string{}, busy: map[string]bool{}}
	for _, id := range order {
		if _, err := c.regexp(id); err != nil {
			return nil, err
		}
	}
	for _, id := range order {
		set.list = append(set.list, set.byID[id])
	}
	return set, nil
}

// actCompiler compiles acts, resolving the {id} references between them.
type actCompiler struct {
	src  map[string]*actSource
	norm dict.Normalizer
	set  *actSet
	res  map[string]string // compiled regular expressions by id
	busy map[string]bool   // acts being compiled, to catch a cycle
}

// regexp returns the regular expression of act id, compiling it first.
func (c *actCompiler) regexp(id string) (string, error) {
	if re, ok := c.res[id]; ok {
		return re, nil
	}
	s, ok := c.src[id]
	if !ok {
		return "", fmt.Errorf("no act %q", id)
	}
	if c.busy[id] {
		return "", fmt.Errorf("act %q refers to itself", id)
	}
	c.busy[id] = true
	defer delete(c.busy, id)
	fail := func(err error) (string, error) {
		return "", fmt.Errorf("%s: act %q: %v", s.where, id, err)
	}
	if len(s.spec.Patterns)+len(s.spec.Regexps) == 0 {
		return fail(errors.New("no patterns or regexps"))
	}
	act := &rules.Act{ID: id, Description: s.spec.Description, Cond: rules.Cond{Quoted: true, Artefacts: true},
		Examples: rules.Examples{Hits: s.spec.Hits, NonHits: s.spec.NonHits}}
	var parts []string
	for _, p := range s.spec.Patterns {
		re, err := rules.CompileActPattern(string(c.norm(p)), c.regexp)
		if err != nil {
			return fail(err)
		}
		parts = append(parts, re)
		act.Sources = append(act.Sources, p)
	}
	parts = append(parts, s.spec.Regexps...)
	act.Sources = append(act.Sources, s.spec.Regexps...)
	all := "(?:" + strings.Join(parts, ")|(?:") + ")"
	if !s.embedded {
		if err := checkActRegexp(all, parts, act.Sources); err != nil {
			return fail(err)
		}
	}
	act.Expr, act.PartExprs = all, parts
	for _, w := range s.spec.NotIn {
		act.Cond.NotIn = append(act.Cond.NotIn, c.norm(w))
	}
	act.Init()
	c.res[id] = all
	c.set.byID[id] = act
	return all, nil
}

// checkActRegexp checks an act's regular expression, all, the alternation
// of parts (written as sources): it must parse, and no part may match the
// empty string (an act is always some words). The act compiles it on first
// use; parsing is what can fail, and a third of the cost of compiling. Only
// when all fails are the parts parsed one by one, to name the bad one.
func checkActRegexp(all string, parts, sources []string) error {
	re, err := syntax.Parse(all, syntax.Perl)
	if err == nil && !matchesEmpty(re) {
		return nil
	}
	for i, p := range parts {
		re, err := syntax.Parse(p, syntax.Perl)
		if err != nil {
			return fmt.Errorf("%q: %v", sources[i], err)
		}
		if matchesEmpty(re) {
			return fmt.Errorf("%q matches the empty string", sources[i])
		}
	}
	return err // every part alone is fine, together they are too large
}

// matchesEmpty reports whether re matches the empty text (as
// regexp.MatchString("") would): at the empty text every line and text
// boundary holds and no word boundary does.
func matchesEmpty(re *syntax.Regexp) bool {
	switch re.Op {
	case syntax.OpEmptyMatch, syntax.OpBeginLine, syntax.OpEndLine, syntax.OpBeginText, syntax.OpEndText,
		syntax.OpNoWordBoundary, syntax.OpStar, syntax.OpQuest:
		return true
	case syntax.OpCapture, syntax.OpPlus:
		return matchesEmpty(re.Sub[0])
	case syntax.OpRepeat:
		return re.Min == 0 || matchesEmpty(re.Sub[0])
	case syntax.OpConcat:
		for _, sub := range re.Sub {
			if !matchesEmpty(sub) {
				return false
			}
		}
		return true
	case syntax.OpAlternate:
		return slices.ContainsFunc(re.Sub, matchesEmpty)
	}
	return false // a literal, a class, any character, a word boundary, no match
}

// acts looks up the acts a rule names.
func (s *actSet) acts(ids []string, key string) (rules.Acts, error) {
	var out rules.Acts
	for _, id := range ids {
		a, ok := s.byID[id]
		if !ok {
			return nil, fmt.Errorf("%s: no act %q (define it in an [[act]] table)", key, id)
		}
		out = append(out, a)
	}
	return out, nil
}
