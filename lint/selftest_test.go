package lint

import (
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
)

// A pack whose examples are wrong in every way RunExamples can tell.
const brokenPack = `
category = "team"

[[rule]]
id = "team.ok"
description = "good examples"
suggestions = ["其他店铺"]
terms = ["王牌店"]
hits = ["去⟦王牌店⟧看看。", "王牌店"]
non_hits = ["王牌专卖"]

[[rule]]
id = "team.broken"
description = "bad examples"
suggestions = ["优先处理"]
fix = "优先处理"
terms = ["加急费"]
hits = ["需要⟦加急⟧费。", "不收费。"]
non_hits = ["加急费另算。"]
fixes = [["加急费", "加急处理"]]

[[rule]]
id = "team.bare"
description = "no non-hits"
suggestions = ["x"]
terms = ["工单池"]
hits = ["⟦工单池⟧"]

[[rule]]
id = "team.greeting"
kind = "greeting"
description = "greeting"
suggestions = ["您好"]
phrases = ["您好"]
hits = ["客户：在吗\n⟦客服：在的⟧", "客户：在吗\n客服：您好"]
non_hits = ["客户：在吗\n客服：您好，在的", "路人：在吗"]
`

func TestRunExamples(t *testing.T) {
	p, err := dict.Parse("team.toml", []byte(brokenPack))
	if err != nil {
		t.Fatal(err)
	}
	l, err := New(Config{Catalogue: []*dict.Pack{p}})
	if err != nil {
		t.Fatal(err)
	}
	got := map[string][]string{}
	for _, r := range l.Rules() {
		for _, f := range l.RunExamples(r) {
			got[r.Info().ID] = append(got[r.Info().ID], f.String())
		}
	}
	want := map[string][]string{
		"team.broken": {
			`hit "需要⟦加急⟧费。": want 需要⟦加急⟧费。, got 需要⟦加急费⟧。`,
			`hit "不收费。": the rule found nothing`,
			`non-hit "加急费另算。": flagged ⟦加急费⟧另算。`,
			`fix "加急费": want "加急处理", got "优先处理"`,
		},
		"team.bare": {"the rule has 1 hits and 0 non-hits in its data; it needs both"},
		"team.greeting": {
			`hit "客户：在吗\n客服：您好": want turns the whole conversation, got none`,
			`non-hit "路人：在吗": line 1 "路人：在吗": want ROLE：text (客户 or 客服, with an optional time)`,
		},
	}
	for id, w := range want {
		if !slices.Equal(got[id], w) {
			t.Errorf("%s:\ngot  %s\nwant %s", id, strings.Join(got[id], "\n     "), strings.Join(w, "\n     "))
		}
	}
	if len(got["team.ok"]) > 0 {
		t.Errorf("team.ok has good examples, got failures %v", got["team.ok"])
	}
}
