package rules

import (
	"errors"
	"math/rand/v2"
	"regexp"
	"slices"
	"strings"
	"testing"
)

// text makes a turn's text for a test: already normalised, as the linter
// would leave it.
func text(s string) *Text {
	rs := []rune(s)
	return NewText(rs, rs, rs, nil)
}

func act(t *testing.T, id string, patterns ...string) *Act {
	t.Helper()
	var parts []string
	for _, p := range patterns {
		re, err := CompileActPattern(p, func(string) (string, error) { return "", errors.New("no refs here") })
		if err != nil {
			t.Fatal(err)
		}
		parts = append(parts, re)
	}
	a := &Act{ID: id, Expr: "(?:" + strings.Join(parts, ")|(?:") + ")", Cond: Cond{Quoted: true}}
	a.Cond.Init(nil)
	return a
}

// TestCompileActPattern checks the pattern language an act is written in:
// alternatives, optional words, gaps that stop at a comma or a sentence
// end, references to other acts, and errors that say what is wrong.
func TestCompileActPattern(t *testing.T) {
	ref := func(id string) (string, error) {
		if id == "self" {
			return "我|小妹", nil
		}
		return "", errors.New("no act " + id)
	}
	cases := []struct {
		pattern string
		hit     []string
		miss    []string
	}{
		{"还有[其他|别的](问题|需要)…吗", []string{"还有其他问题吗", "还有问题吗", "还有别的需要咨询的吗"}, []string{"还有其他的", "还有问题,我查一下吗"}},
		{"随时…联系{self}", []string{"随时联系我", "有问题随时可以联系小妹"}, []string{"随时联系客服"}},
		{"您 好", []string{"您好", "您 好"}, []string{"您们好"}},
		{"3\\.15", []string{"3.15维权"}, []string{"3515"}},
		{"等…天了", []string{"等了三天了"}, []string{"等了。三天了"}},
	}
	for _, c := range cases {
		src, err := CompileActPattern(c.pattern, ref)
		if err != nil {
			t.Errorf("%q: %v", c.pattern, err)
			continue
		}
		re := regexp.MustCompile(src)
		for _, h := range c.hit {
			if !re.MatchString(h) {
				t.Errorf("%q does not match %q", c.pattern, h)
			}
		}
		for _, m := range c.miss {
			if re.MatchString(m) {
				t.Errorf("%q matches %q", c.pattern, m)
			}
		}
	}
	for pattern, want := range map[string]string{
		"(您|你好":   "not closed",
		"您好)":     "closes nothing",
		"[您)":     "closes nothing",
		"甲|乙":     "outside",
		"{other}": "no act other",
		"{self":   "without }",
	} {
		if _, err := CompileActPattern(pattern, ref); err == nil || !strings.Contains(err.Error(), want) {
			t.Errorf("%q: error %v, want one saying %q", pattern, err, want)
		}
	}
}

// TestActFind checks that an act's exceptions keep innocent senses out
// and that Find honours its limit.
func TestActFind(t *testing.T) {
	a := act(t, "complaint", "垃圾")
	a.Cond.NotIn = [][]rune{[]rune("垃圾桶")}
	if _, ok := a.Find(text("垃圾桶什么时候到"), -1); ok {
		t.Error("垃圾桶 counted as a complaint")
	}
	if s, ok := a.Find(text("垃圾桶不错，手机是垃圾"), -1); !ok || s.Start != 9 {
		t.Errorf("Find = %v, %v; want the second 垃圾 at 9", s, ok)
	}
	if _, ok := a.Find(text("手机是垃圾"), 3); ok {
		t.Error("a match at 3 found within limit 3")
	}
}

// TestClosingJudgesOnlyTheEnd checks where a conversation ends: at the
// agent's last turn, at a customer's bare acknowledgement, and not at a
// customer's question; bot turns are no one's.
func TestClosingJudgesOnlyTheEnd(t *testing.T) {
	c := &Closing{Meta: Meta{ID: "closing.missing"}}
	c.Phrases.Acts = Acts{act(t, "farewell", "再见")}
	c.EndedBy.Acts = Acts{act(t, "done", "好的")}
	turn := func(agent bool, s string) Turn { return Turn{Agent: agent, Text: text(s)} }
	bot := func(s string) Turn { return Turn{Agent: true, Bot: true, Text: text(s)} }
	cases := []struct {
		name  string
		turns []Turn
		want  []int
	}{
		{"agent's last turn without a closing", []Turn{turn(false, "几天到"), turn(true, "两天")}, []int{1}},
		{"the last block is judged as one", []Turn{turn(false, "几天到"), turn(true, "再见"), turn(true, "两天")}, nil},
		{"customer acknowledges: ended", []Turn{turn(false, "几天到"), turn(true, "两天"), turn(false, "好的")}, []int{1}},
		{"customer asks: not ended", []Turn{turn(false, "几天到"), turn(true, "两天"), turn(false, "能快点吗")}, nil},
		{"a bot's goodbye is not the agent's", []Turn{turn(false, "几天到"), turn(true, "两天"), bot("再见")}, []int{1}},
		{"a bot after the customer does not end it", []Turn{turn(false, "几天到"), turn(true, "两天"), turn(false, "能快点吗"), bot("请评价")}, nil},
		{"no customer: drafts, not a conversation", []Turn{turn(true, "两天")}, nil},
	}
	for _, tc := range cases {
		var got []int
		c.CheckConversation(tc.turns, func(i int, _ Hit) { got = append(got, i) })
		if !slices.Equal(got, tc.want) {
			t.Errorf("%s: flagged %v, want %v", tc.name, got, tc.want)
		}
	}
}

// TestComplaintScore checks that weak cues add up and a polite question
// counts against them, while a strong word is enough alone.
func TestComplaintScore(t *testing.T) {
	c := &ComplaintApology{Threshold: 1, Cues: []Cue{
		{act(t, "strong", "投诉"), 2},
		{act(t, "delay", "还没"), 0.5},
		{act(t, "marks", "!!"), 0.5},
		{act(t, "polite", "请问"), -0.5},
	}}
	customer := func(s ...string) []Turn {
		var out []Turn
		for _, x := range s {
			out = append(out, Turn{Text: text(x)})
		}
		return out
	}
	cases := map[string]struct {
		block []Turn
		want  bool
	}{
		"one weak cue":                  {customer("还没到"), false},
		"two weak cues":                 {customer("还没到!!"), true},
		"cues across the block":         {customer("还没到", "!!"), true},
		"a cue counts once":             {customer("还没到", "还没发"), false},
		"polite question with two cues": {customer("请问还没到吗!!"), false},
		"a strong word alone":           {customer("请问怎么投诉"), true},
	}
	for _, a := range c.Cues {
		a.Act.Init()
	}
	for _, how := range []string{"one act at a time", "one walk for every cue"} {
		if how == "one walk for every cue" {
			c.Init()
		}
		for name, tc := range cases {
			if got := c.Complaint(tc.block); got != tc.want {
				t.Errorf("%s, %s: complaint = %v, want %v", how, name, got, tc.want)
			}
		}
	}
}

// TestActIndexAsFind checks the one walk over a text for several acts
// against looking for each act on its own: which acts a text holds, and
// the earliest act with its start, before a limit or anywhere. The acts
// share first runes, overlap, and have exceptions that reject a first
// match so that the act's next match must start after it, as Find's does.
func TestActIndexAsFind(t *testing.T) {
	acts := []*Act{
		act(t, "a", "甲乙", "乙…丙"),
		act(t, "b", "乙丙", "(甲|丙)丁"),
		act(t, "c", "甲[乙]丁", "丁丁"),
		act(t, "d", "丙"),
		act(t, "e", "乙乙乙"),
		act(t, "f", "乙乙"),
	}
	acts[1].Cond.NotIn = [][]rune{[]rune("乙丙丙")}
	acts[3].Cond.NotIn = [][]rune{[]rune("丙丙"), []rune("甲丙")}
	acts[4].Cond.NotIn = [][]rune{[]rune("乙乙乙乙")}
	// 甲乙乙乙: the rejected 乙乙 at 1 hides the one at 2.
	acts[5].Cond.NotIn = [][]rune{[]rune("甲乙乙")}
	for _, a := range acts {
		a.Init()
	}
	x := newActIndex(acts)
	alphabet := []rune("甲乙丙丁，。")
	rng := rand.New(rand.NewPCG(1, 2))
	for n := 0; n < 3000; n++ {
		rs := make([]rune, 1+rng.IntN(14))
		for i := range rs {
			rs[i] = alphabet[rng.IntN(len(alphabet))]
		}
		tx := text(string(rs))
		var want actMask
		for k, a := range acts {
			if _, ok := a.Find(tx, -1); ok {
				want |= 1 << k
			}
		}
		if got := x.holds(tx, 1<<len(acts)-1); got != want {
			t.Fatalf("%s: holds %06b, want %06b", string(rs), got, want)
		}
		// Some acts asked for: the others are not reported.
		if got := x.holds(tx, 0b110101); got != want&0b110101 {
			t.Fatalf("%s: holds of a, c, e, f %06b, want %06b", string(rs), got, want&0b110101)
		}
		for _, limit := range []int{-1, 0, 2, len(rs) / 2} {
			wantAt, wantAct, wantOK := Acts(acts).Find(tx, limit)
			at, a, ok := x.find(tx, limit)
			if at != wantAt || a != wantAct || ok != wantOK {
				t.Fatalf("%s, limit %d: find = %d %v %v, want %d %v %v", string(rs), limit, at, a, ok, wantAt, wantAct, wantOK)
			}
		}
	}
	if !x.walk {
		t.Fatal("the acts were looked for one by one: the walk was not tested")
	}
}
