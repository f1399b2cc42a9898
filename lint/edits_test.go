package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
)

// editPack declares edits of every shape: a plain replacement, a rewrite
// offered only in the clause it reads right in, a deletion, and one edit
// that brings in a word the built-in catalogue flags.
const editPack = `
category = "team"

[[rule]]
id = "team.maybe"
description = "guess"
suggestions = ["预计…", "删除"]
terms = ["怕是"]
not_in = ["恐怕是"]
edits = [
  { text = "预计", after_re = '[0-9一二两三四五六七八九十几]' },
  { text = "" },
]
hits = ["⟦怕是⟧一到两天到。", "⟦怕是⟧，明天到。", "好的，⟦怕是⟧。"]
non_hits = ["恐怕是"]

[[rule]]
id = "team.bad"
description = "an edit that brings in 你"
suggestions = ["你"]
terms = ["阁下"]
edits = [{ text = "你" }]
hits = ["⟦阁下⟧请稍等。"]
non_hits = ["请稍等。"]
`

func editLinter(t *testing.T) *Linter {
	t.Helper()
	p, err := dict.Parse("team.toml", []byte(editPack))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(Config{Packs: []*dict.Pack{p}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

func TestEditsOffered(t *testing.T) {
	l := editLinter(t)
	tests := []struct {
		text string
		want []string // each edit applied on its own
	}{
		{"怕是一到两天到。", []string{"预计一到两天到。", "一到两天到。"}},
		{"怕是要下雨。", []string{"要下雨。"}},              // 预计要下雨 is no estimate
		{"怕是，明天到。", []string{"明天到。"}},             // the dangling comma goes too
		{"好的，怕是。", []string{"好的。"}},               // so does the one before a closing word
		{"OK的呀", []string{"好的呀"}},                 // the safe fix absorbs the 的
		{"您好，怕是3天", []string{"您好，预计3天", "您好，3天"}}, // a comma before a clause's first word stays
	}
	for _, tt := range tests {
		var got []string
		for _, f := range l.CheckText(tt.text) {
			for k, e := range f.Edits {
				if e.ID != editID(f.Rule, f.Start, f.End, k) {
					t.Errorf("%q: edit id %q, want %q", tt.text, e.ID, editID(f.Rule, f.Start, f.End, k))
				}
				s, _ := ApplyEdits(tt.text, []Edit{e})
				got = append(got, s)
			}
		}
		if !slices.Equal(got, tt.want) {
			t.Errorf("%q: edits give %q, want %q", tt.text, got, tt.want)
		}
	}
}

func TestEditExamples(t *testing.T) {
	l := editLinter(t)
	for _, id := range []string{"team.maybe", "team.bad"} {
		fails := l.RunExamples(l.Rule(id))
		switch {
		case id == "team.maybe" && len(fails) > 0:
			t.Errorf("%s: %v", id, fails)
		case id == "team.bad" && (len(fails) != 1 || fails[0].Kind != "edit" || !strings.Contains(fails[0].Problem, "honorific.ni")):
			t.Errorf("%s: want one edit failure naming honorific.ni, got %v", id, fails)
		}
	}
}

func TestSelectEdits(t *testing.T) {
	l := editLinter(t)
	text := "OK，怕是一到两天。"
	fs := l.CheckText(text)
	edits, unknown := SelectEdits(fs, []string{"team.maybe@3:5#0", "team.maybe@9:9#0"})
	if !slices.Equal(unknown, []string{"team.maybe@9:9#0"}) {
		t.Errorf("unknown ids %q", unknown)
	}
	if got, n := ApplyEdits(text, edits); got != "好的，预计一到两天。" || n != 2 {
		t.Errorf("got %q (%d edits)", got, n)
	}
}

func TestEditDeclErrors(t *testing.T) {
	for _, bad := range []string{
		`edits = [{ text = "预计…" }]`,
		`edits = [{ text = "x", after_re = "(" }]`,
		`edits = [{ text = "x", when = "y" }]`,
	} {
		pack := "category = \"t\"\n[[rule]]\nid = \"t.x\"\nsuggestions = [\"x\"]\nterms = [\"甲乙\"]\n" + bad + "\n"
		p, err := dict.Parse("t.toml", []byte(pack))
		if err == nil {
			_, err = New(Config{Catalogue: []*dict.Pack{p}})
		}
		if err == nil || !strings.Contains(err.Error(), "t.toml:") {
			t.Errorf("%s: error %v, want one naming the file", bad, err)
		}
	}
}
