package lint

import (
	"bufio"
	"encoding/json"
	"fmt"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The scored sets: the public examples shipped with the spec and our own
// held-out replies from other domains. Both use the scorer's marks:
// ⟦must flag⟧, ⟪trap: must not flag⟫, ⦃either answer is right⦄.
var scoredSets = []struct {
	name, path string
	optional   bool // the public set lives outside the module
}{
	{"heldout", "../testdata/heldout/cases.jsonl", false},
	{"blind2", "../testdata/heldout/blind2.jsonl", false},
	{"public", "../../shared/examples/public.jsonl", true},
}

// unscored are the categories the scorer leaves out: whole-reply and
// conversation findings have no word span to judge.
var unscored = map[string]bool{
	"self-focus": true, "length": true, "greeting": true, "closing": true,
	"response-time": true, "wait-apology": true, "complaint-apology": true,
}

type scoredSpan struct {
	start, end int
	kind       string // must, trap, either
	text       string
}

// parseScoreMarks is score.py's parse: the unmarked text and its spans in
// code points.
func parseScoreMarks(marked string) (string, []scoredSpan, error) {
	kinds := map[rune]string{'⟦': "must", '⟪': "trap", '⦃': "either"}
	closers := map[rune]string{'⟧': "must", '⟫': "trap", '⦄': "either"}
	var out []rune
	var spans []scoredSpan
	open, kind := -1, ""
	for _, r := range marked {
		switch {
		case kinds[r] != "":
			if open >= 0 {
				return "", nil, fmt.Errorf("nested mark in %q", marked)
			}
			open, kind = len(out), kinds[r]
		case closers[r] != "":
			if open < 0 || closers[r] != kind {
				return "", nil, fmt.Errorf("unbalanced mark in %q", marked)
			}
			spans = append(spans, scoredSpan{open, len(out), kind, string(out[open:])})
			open = -1
		default:
			out = append(out, r)
		}
	}
	if open >= 0 {
		return "", nil, fmt.Errorf("unclosed mark in %q", marked)
	}
	return string(out), spans, nil
}

type setScore struct {
	tp, fp, must, found int
	fps, misses         []string
}

func (s setScore) precision() float64 {
	if s.tp+s.fp == 0 {
		return 0
	}
	return float64(s.tp) / float64(s.tp+s.fp)
}

func (s setScore) recall() float64 {
	if s.must == 0 {
		return 0
	}
	return float64(s.found) / float64(s.must)
}

// scoreCases runs l over every case of a marked JSONL file with score.py's
// span semantics: a finding overlapping a ⟦⟧ span is a true positive, one
// overlapping only ⦃⦄ is ignored, any other is a false positive; a ⟦⟧ span
// that no finding overlaps is a miss.
func scoreCases(t *testing.T, l *Linter, path string) setScore {
	t.Helper()
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var sc setScore
	in := bufio.NewScanner(f)
	in.Buffer(make([]byte, 1<<20), 1<<20)
	seen := map[string]bool{}
	for n := 1; in.Scan(); n++ {
		line := strings.TrimSpace(in.Text())
		if line == "" {
			continue
		}
		var c struct{ ID, Text string }
		if err := json.Unmarshal([]byte(line), &c); err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		if c.ID == "" || seen[c.ID] {
			t.Fatalf("%s:%d: missing or duplicate id %q", path, n, c.ID)
		}
		seen[c.ID] = true
		text, spans, err := parseScoreMarks(c.Text)
		if err != nil {
			t.Fatalf("%s:%d: %v", path, n, err)
		}
		found := map[int]bool{}
		for _, fd := range l.CheckText(text) {
			if unscored[fd.Category] || !fd.HasSpan() {
				continue
			}
			hit, either := false, false
			for i, sp := range spans {
				if fd.Start < sp.end && sp.start < fd.End {
					switch sp.kind {
					case "must":
						hit = true
						found[i] = true
					case "either":
						either = true
					}
				}
			}
			switch {
			case hit:
				sc.tp++
			case either:
			default:
				sc.fp++
				sc.fps = append(sc.fps, fmt.Sprintf("FP %s [%s] «%s» in: %s", c.ID, fd.Category, fd.Match, text))
			}
		}
		for i, sp := range spans {
			if sp.kind != "must" {
				continue
			}
			sc.must++
			if found[i] {
				sc.found++
			} else {
				sc.misses = append(sc.misses, fmt.Sprintf("MISS %s «%s» in: %s", c.ID, sp.text, text))
			}
		}
	}
	if err := in.Err(); err != nil {
		t.Fatal(err)
	}
	return sc
}

// TestScoredSets pins precision and recall on the public examples and the
// held-out set at 0.95 or better, the accuracy criteria of issue 2.
func TestScoredSets(t *testing.T) {
	const floor = 0.95
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	for _, set := range scoredSets {
		t.Run(set.name, func(t *testing.T) {
			if _, err := os.Stat(set.path); err != nil && set.optional {
				t.Skipf("%s not found", filepath.Clean(set.path))
			}
			sc := scoreCases(t, l, set.path)
			t.Logf("%s: precision %.3f (tp %d, fp %d)  recall %.3f (%d of %d)",
				set.name, sc.precision(), sc.tp, sc.fp, sc.recall(), sc.found, sc.must)
			if sc.must < 50 {
				t.Errorf("only %d must-flag spans: the set is too small to score", sc.must)
			}
			if sc.precision() < floor || sc.recall() < floor {
				t.Errorf("precision %.3f, recall %.3f: want both ≥ %.2f", sc.precision(), sc.recall(), floor)
				for _, s := range append(sc.fps, sc.misses...) {
					t.Log(s)
				}
			}
		})
	}
}

func TestParseScoreMarks(t *testing.T) {
	text, spans, err := parseScoreMarks("⟦你⟧好，⟪保证金⟫和⦃亲⦄")
	if err != nil {
		t.Fatal(err)
	}
	want := []scoredSpan{{0, 1, "must", "你"}, {3, 6, "trap", "保证金"}, {7, 8, "either", "亲"}}
	if text != "你好，保证金和亲" || fmt.Sprint(spans) != fmt.Sprint(want) {
		t.Errorf("got %q %v", text, spans)
	}
	for _, bad := range []string{"⟦你", "你⟧", "⟦你⟪好⟫⟧", "⟦你⟫"} {
		if _, _, err := parseScoreMarks(bad); err == nil {
			t.Errorf("%q: want an error", bad)
		}
	}
}
