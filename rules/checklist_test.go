package rules_test

import (
	"os"
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
)

// qaLinter builds a linter of the QA checklist pack alone (plus extra
// TOML), so that findings are the checklist's.
func qaLinter(t *testing.T, extra string) *lint.Linter {
	t.Helper()
	data, err := os.ReadFile("../testdata/transcripts/qa-checklist.toml")
	if err != nil {
		t.Fatal(err)
	}
	p, err := dict.Parse("qa-checklist.toml", append(data, extra...))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Config{Catalogue: []*dict.Pack{p}})
	if err != nil {
		t.Fatal(err)
	}
	return l
}

// chat builds a conversation from "客户：…" / "客服：…" lines.
func chat(lines ...string) *lint.Conversation {
	c := &lint.Conversation{ID: "c"}
	for _, l := range lines {
		role, text, _ := strings.Cut(l, "：")
		m := lint.Message{Role: lint.Agent, Speaker: "小妮", Text: text}
		if role == "客户" {
			m.Role, m.Speaker = lint.Customer, ""
		}
		c.Messages = append(c.Messages, m)
	}
	return c
}

type want struct {
	rule  string
	turn  int
	match string
}

func got(fs []lint.Finding) []want {
	var out []want
	for _, f := range fs {
		out = append(out, want{f.Rule, f.Turn, f.Match})
	}
	return out
}

func TestChecklistRequirement(t *testing.T) {
	l := qaLinter(t, "")
	cases := []struct {
		name string
		conv *lint.Conversation
		want []want
	}{
		{"said in the next turn", chat("客户：我要退款", "客服：好的，款项会原路退回"), nil},
		{"said in the second turn", chat("客户：我要退款", "客服：稍等", "客户：好", "客服：已处理，原路返回到您的账户"), nil},
		{"said too late: the window is two agent turns",
			chat("客户：我要退款", "客服：稍等", "客户：好", "客服：已处理", "客户：？", "客服：原路退回"),
			[]want{{"qa.refund-route", 4, ""}}},
		{"never said: points at the last turn of the window",
			chat("客户：能退钱吗", "客服：可以的"),
			[]want{{"qa.refund-route", 2, ""}}},
		{"no agent turn after the trigger: the conversation",
			chat("客户：在吗", "客服：您好", "客户：我要退款"),
			[]want{{"qa.refund-route", 0, ""}}},
		{"the agent's own 退款 is not the trigger", chat("客户：在吗", "客服：退款已到账"), nil},
		{"traditional characters are the same words", chat("客户：我要退款", "客服：款項會原路退回"), nil},
		{"two triggers, one breach", chat("客户：退款", "客户：退款！", "客服：好的"),
			[]want{{"qa.refund-route", 3, ""}}},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			if g := got(l.CheckConversation(tc.conv)); !equal(g, tc.want) {
				t.Errorf("findings %v, want %v", g, tc.want)
			}
		})
	}
}

func TestChecklistMustNot(t *testing.T) {
	l := qaLinter(t, "")
	fs := l.CheckConversation(chat(
		"客户：你们和王牌店比哪个好？",
		"客服：您提到“王牌店”，我们只介绍自己的商品",
		"客户：哦",
		"客服：王牌店质量不行，拼夕夕也是",
	))
	if g, w := got(fs), []want{{"qa.competitor", 4, "王牌店"}, {"qa.competitor", 4, "拼夕夕"}}; !equal(g, w) {
		t.Fatalf("findings %v, want %v (not the customer's words, not the agent quoting them)", g, w)
	}
	if fs[0].Start != 0 || fs[0].End != 3 || fs[0].Message != "提及竞品“王牌店”" || fs[0].Severity.String() != "error" {
		t.Errorf("finding = %+v", fs[0])
	}
}

func TestChecklistNegatedTrigger(t *testing.T) {
	// Every customer turn except a thank-you gets an answer within one turn.
	l := qaLinter(t, `
[[rule]]
id = "qa.answered"
kind = "checklist"
description = "客户的问题须得到回复"
suggestions = ["及时回复客户"]
trigger = ["谢谢"]
trigger_negate = true
require_pattern = "."
within = 1
`)
	c := chat("客户：在吗", "客服：您好", "客户：谢谢")
	if fs := got(l.CheckConversation(c)); len(fs) != 0 {
		t.Errorf("a closing thank-you needs no answer: %v", fs)
	}
	c = chat("客户：在吗", "客服：您好", "客户：发货了吗")
	if g, w := got(l.CheckConversation(c)), []want{{"qa.answered", 0, ""}}; !equal(g, w) {
		t.Errorf("unanswered question: %v, want %v", g, w)
	}
}

func TestChecklistFatalScoresZero(t *testing.T) {
	l := qaLinter(t, "")
	b := score.NewBuilder(score.DefaultWeights(), score.RuleCosts(l.Rules()))
	clean := chat("客户：我要退款", "客服：款项会原路退回")
	late := chat("客户：我要退款", "客服：好的")
	fatal := chat("客户：在吗", "客服：王牌店的更贵")
	if s := b.Add(clean, l.CheckConversation(clean)); s.Score != 100 {
		t.Errorf("clean: score %v", s.Score)
	}
	if s := b.Add(late, l.CheckConversation(late)); s.Score != 95 {
		t.Errorf("refund item (weight 5) breached: score %v, want 95", s.Score)
	}
	if s := b.Add(fatal, l.CheckConversation(fatal)); s.Score != 0 || !s.Fatal {
		t.Errorf("competitor (fatal) breached: %+v, want score 0", s)
	}
}

func TestChecklistPackErrors(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{`trigger = ["退款"]`, "needs require, require_pattern or require_acts"},
		{`require = ["x"]` + "\n" + `require_role = "boss"`, `require_role: role "boss"`},
		{`require = ["x"]` + "\n" + `triggers = ["退款"]`, `"trigger", not "triggers"`},
		{`require = ["x"]` + "\n" + `trigger_negate = true`, "trigger_negate needs trigger"},
		{`require_pattern = "("`, "require_pattern"},
		{`require = ["x"]` + "\n" + `within = -1`, "must not be negative"},
	} {
		p, err := dict.Parse("pack.toml", []byte("[[rule]]\nid = \"qa.x\"\nkind = \"checklist\"\ncategory = \"checklist\"\nsuggestions = [\"s\"]\n"+tc.body+"\n"))
		if err != nil {
			t.Fatal(err)
		}
		_, err = lint.New(lint.Config{Catalogue: []*dict.Pack{p}})
		if err == nil || !strings.Contains(err.Error(), tc.want) || !strings.Contains(err.Error(), "pack.toml:1") {
			t.Errorf("%s: error %v, want one naming pack.toml:1 and %q", tc.body, err, tc.want)
		}
	}
}

func equal(a, b []want) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}
