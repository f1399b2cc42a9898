package lint

import (
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// The catalogue checks itself: no word listed twice or made redundant by
// a shorter one beside it, and no exception that nothing needs. An
// exception is needed when, without it, one of the rule's own non-hits
// (or, for a word of not_in, the word itself) is flagged.

// catalogueRule is one word rule of the built-in catalogue with what it
// takes to rebuild it with one exception removed.
type catalogueRule struct {
	file string
	spec dict.RuleSpec
}

func wordRules(t *testing.T) ([]catalogueRule, dict.Sets) {
	t.Helper()
	packs, err := dict.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	var out []catalogueRule
	for _, p := range packs {
		for _, r := range p.Rules {
			if k := cmpOr(r.Kind, "lexicon"); k == "lexicon" || k == "pattern" {
				out = append(out, catalogueRule{p.File, r})
			}
		}
	}
	return out, dict.MergeSets(packs)
}

func cmpOr(a, b string) string {
	if a != "" {
		return a
	}
	return b
}

// flags reports whether the rule built from spec flags text.
func (l *Linter) flags(t *testing.T, file string, spec dict.RuleSpec, sets dict.Sets, text string) bool {
	t.Helper()
	r, err := spec.Build(file, l.norm.Term, sets, nil)
	if err != nil {
		t.Fatalf("%s: %v", spec.ID, err)
	}
	if i, ok := r.(interface{ Init() }); ok {
		i.Init()
	}
	found := false
	r.(rules.MessageRule).Check(l.Prepare(text), func(rules.Hit) { found = true })
	return found
}

// needed reports whether some non-hit of the rule is flagged by spec (the
// rule with one exception removed), or one of the extra probes is.
func (l *Linter) needed(t *testing.T, c catalogueRule, spec dict.RuleSpec, sets dict.Sets, probes ...string) bool {
	for _, ex := range slices.Concat(probes, c.spec.NonHits) {
		if l.flags(t, c.file, spec, sets, ex) {
			return true
		}
	}
	return false
}

// TestCatalogueExceptionsNeeded removes each exception of each word rule
// in turn (an except entry, a short-form key, a word of not_in) and wants
// some non-hit to fail without it.
func TestCatalogueExceptionsNeeded(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	crs, sets := wordRules(t)
	var allTerms []string
	for _, c := range crs {
		allTerms = append(allTerms, c.spec.Terms...)
	}
	for _, c := range crs {
		base := c.spec
		for i, e := range base.Except {
			s := base
			s.Except = slices.Delete(slices.Clone(base.Except), i, i+1)
			if !l.needed(t, c, s, sets) {
				t.Errorf("%s: except entry %d (%s) is needed by no non-hit: add the non-hit it keeps out, or drop it", base.ID, i+1, e.Why)
			}
		}
		short := []struct {
			key  string
			drop func(*dict.RuleSpec)
			set  bool
		}{
			{"not_before", func(s *dict.RuleSpec) { s.NotBefore = nil }, len(base.NotBefore) > 0},
			{"not_after", func(s *dict.RuleSpec) { s.NotAfter = nil }, len(base.NotAfter) > 0},
			{"not_before_re", func(s *dict.RuleSpec) { s.NotBeforeRe = "" }, base.NotBeforeRe != ""},
			{"not_after_re", func(s *dict.RuleSpec) { s.NotAfterRe = "" }, base.NotAfterRe != ""},
		}
		for _, k := range short {
			s := base
			if k.drop(&s); k.set && !l.needed(t, c, s, sets) {
				t.Errorf("%s: %s is needed by no non-hit", base.ID, k.key)
			}
		}
		for i, w := range base.NotIn {
			if !containsTerm(w, allTerms) {
				continue // named so that the generated dictionary keeps the word (dict/internal/gen)
			}
			s := base
			s.NotIn = slices.Delete(slices.Clone(base.NotIn), i, i+1)
			if !l.needed(t, c, s, sets, w) {
				t.Errorf("%s: not_in %q changes nothing (the segmenter keeps it out, or no term is inside it): drop it", base.ID, w)
			}
		}
	}
}

// TestCatalogueNoRedundantWords: no list of a rule names a word twice, or
// a word that a shorter word of the same list already covers (not_before
// 说不 beside 不; not_in 保证期内 beside 保证期).
func TestCatalogueNoRedundantWords(t *testing.T) {
	crs, _ := wordRules(t)
	for _, c := range crs {
		r := c.spec
		lists := []struct {
			key   string
			words []string
			cover func(long, short string) bool
		}{
			{"terms", r.Terms, func(a, b string) bool { return false }},
			{"not_in", r.NotIn, func(long, short string) bool { return inCovers(r.Terms, long, short) }},
			{"not_before", r.NotBefore, strings.HasSuffix},
			{"not_after", r.NotAfter, strings.HasPrefix},
			{"before", r.Before, strings.HasSuffix},
			{"after", r.After, strings.HasPrefix},
		}
		for i, e := range r.Except {
			name := fmt.Sprintf("except entry %d ", i+1)
			lists = append(lists,
				struct {
					key   string
					words []string
					cover func(long, short string) bool
				}{name + "before", e.Before, strings.HasSuffix},
				struct {
					key   string
					words []string
					cover func(long, short string) bool
				}{name + "after", e.After, strings.HasPrefix},
				struct {
					key   string
					words []string
					cover func(long, short string) bool
				}{name + "in", e.In, func(long, short string) bool { return inCovers(r.Terms, long, short) }})
		}
		for _, list := range lists {
			for i, w := range list.words {
				for j, o := range list.words {
					switch {
					case i < j && w == o:
						t.Errorf("%s: %s lists %q twice", r.ID, list.key, w)
					case w != o && list.cover(w, o):
						t.Errorf("%s: %s %q is covered by %q", r.ID, list.key, w, o)
					}
				}
			}
		}
	}
}

// inCovers reports whether not_in short makes long redundant: every term
// that long would keep out, short keeps out inside long as well.
func inCovers(terms []string, long, short string) bool {
	l, sh := []rune(long), []rune(short)
	for _, term := range terms {
		tr := []rune(term)
		for i := 0; i+len(tr) <= len(l); i++ {
			if string(l[i:i+len(tr)]) != term {
				continue
			}
			covered := false
			for j := max(0, i+len(tr)-len(sh)); j <= i && j+len(sh) <= len(l); j++ {
				covered = covered || string(l[j:j+len(sh)]) == short
			}
			if !covered {
				return false
			}
		}
	}
	return strings.Contains(long, short)
}

// containsTerm reports whether w holds one of terms: the dictionary
// generator keeps such words anyway; a word of not_in that holds none is
// there to be kept.
func containsTerm(w string, terms []string) bool {
	return slices.ContainsFunc(terms, func(t string) bool { return strings.Contains(w, t) })
}
