package transcript_test

import (
	"strings"
	"testing"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// roles reads src and returns its turns as "speaker=role".
func roles(t *testing.T, name, src string, opts transcript.Options) ([]string, error) {
	t.Helper()
	convs, err := readString(name, src, opts)
	var out []string
	for _, c := range convs {
		for _, m := range c.Messages {
			out = append(out, m.Speaker+"="+string(m.Role))
		}
	}
	return out, err
}

// TestRoleLabels: the labels exports write decide the role without a
// flag where they say it.
func TestRoleLabels(t *testing.T) {
	cases := []struct{ label, want string }{
		{"小熊旗舰店:小妮", "小熊旗舰店:小妮=agent"}, // 千牛's 店铺名:子账号
		{"客服小妮", "小妮=agent"},
		{"官方客服-小妮", "官方客服-小妮=agent"}, // a role word inside the name
		{"淘宝买家_abc", "淘宝买家_abc=customer"},
		{"访客", "=customer"},
		{"游客", "=customer"},
		{"visitor", "=customer"},
		{"机器人", "=bot"},
		{"智能客服", "=bot"},
		{"bot", "=bot"},
		{"系统", "=bot"},
		// Staff titles that begin with the customer's word are staff.
		{"客户", "=customer"},
		{"客户小李", "小李=customer"},
		{"客户经理小王", "小王=agent"},
		{"客户专员", "=agent"},
		{"客户顾问-阿杰", "阿杰=agent"},
		{"京东客户经理小王", "京东客户经理小王=agent"}, // inside the name: 客户 stands only inside 客户经理
		{"官方智能客服", "官方智能客服=bot"},       // 客服 stands only inside the bot's 智能客服
	}
	for _, c := range cases {
		got, err := roles(t, "a.jsonl", `{"role":"`+c.label+`","text":"您好"}`+"\n", transcript.Options{})
		if err != nil || len(got) != 1 || got[0] != c.want {
			t.Errorf("%s: %q %v, want %s", c.label, got, err, c.want)
		}
	}
	// The same field names in every structured reader: 身份 is a role in
	// JSONL as in CSV.
	got, err := roles(t, "a.jsonl", `{"身份":"买家","内容":"你好，在吗"}`+"\n", transcript.Options{})
	if err != nil || len(got) != 1 || got[0] != "=customer" {
		t.Errorf("身份 in JSONL: %q %v", got, err)
	}
}

// TestNicknames: a nickname is the other side of a two-party
// conversation whose one side is known; --others customer makes everyone
// not known as the agent the customer; agent names decide across
// nicknames; and where nothing tells the sides apart, the error names the
// file, the line and the flags.
func TestNicknames(t *testing.T) {
	two := "会话ID,发送方,内容\nc1,tb_889201,你好，在吗\nc1,客服小妮,您好\n"
	if got, err := roles(t, "a.csv", two, transcript.Options{}); err != nil || strings.Join(got, " ") != "tb_889201=customer 小妮=agent" {
		t.Errorf("two parties: %q %v", got, err)
	}
	three := "会话ID,发送方,内容\nc1,tb_889201,你好，在吗\nc1,小妮,您好\nc1,tb_553107,我也问一下\n"
	_, err := roles(t, "b.csv", three, transcript.Options{})
	e, ok := err.(*transcript.Error)
	if !ok || e.File != "b.csv" || e.Line != 2 || !strings.Contains(e.Msg, "--agent-name tb_889201") || !strings.Contains(e.Msg, "--others customer") {
		t.Errorf("nobody known: %v, want b.csv:2 naming --agent-name and --others", err)
	}
	got, err := roles(t, "b.csv", three, transcript.Options{AgentNames: []string{"小妮"}, Others: lint.Customer})
	if err != nil || strings.Join(got, " ") != "tb_889201=customer 小妮=agent tb_553107=customer" {
		t.Errorf("agent names and --others: %q %v", got, err)
	}
	// With --others and no agent named, a role word still makes the agent.
	got, err = roles(t, "c.csv", "会话ID,发送方,内容\nc1,tb_1,在吗\nc1,客服,在的\nc1,tb_2,我也问\n", transcript.Options{Others: lint.Customer})
	if err != nil || strings.Join(got, " ") != "tb_1=customer =agent tb_2=customer" {
		t.Errorf("--others: %q %v", got, err)
	}
	// A two-line export whose two speakers are both nicknames.
	wecom := "王女士 2024-05-01 09:58:00\n你好，在吗？\n\n小妮 2024-05-01 09:58:05\n您好，在的\n"
	_, err = roles(t, "w.txt", wecom, transcript.Options{})
	if e, ok := err.(*transcript.Error); !ok || e.Line != 2 || !strings.Contains(e.Msg, `"王女士"`) {
		t.Errorf("two nicknames: %v, want w.txt:2 naming 王女士", err)
	}
	got, err = roles(t, "w.txt", wecom, transcript.Options{AgentNames: []string{"小妮"}})
	if err != nil || strings.Join(got, " ") != "王女士=customer 小妮=agent" {
		t.Errorf("two nicknames, the agent named: %q %v", got, err)
	}
	// With Skip the speakers that cannot be told apart are left out, each named.
	var skipped []string
	opts := transcript.Options{Skip: func(e *transcript.Error) error { skipped = append(skipped, e.Error()); return nil }}
	if got, err := roles(t, "w.txt", wecom, opts); err != nil || len(got) != 0 || len(skipped) != 2 {
		t.Errorf("with Skip: %q %v, skipped %q", got, err, skipped)
	}
}

// TestManyContinuationLines: a turn of many lines is read whole (the lines
// are joined once; see BenchmarkContinuationLines for the cost).
func TestManyContinuationLines(t *testing.T) {
	var b strings.Builder
	b.WriteString("客户：在吗\n客服：您好\n")
	for range 5000 {
		b.WriteString("订单已发货\n")
	}
	convs, err := readString("a.txt", b.String(), transcript.Options{Format: "chat"})
	if err != nil || len(convs) != 1 {
		t.Fatal(err)
	}
	if got := strings.Count(convs[0].Messages[1].Text, "\n"); got != 5000 {
		t.Errorf("%d continuation lines joined, want 5000", got)
	}
}

func BenchmarkContinuationLines(b *testing.B) {
	var sb strings.Builder
	sb.WriteString("客户：在吗\n客服：您好\n")
	for range 80000 {
		sb.WriteString("订单已发货\n")
	}
	src := sb.String()
	b.SetBytes(int64(len(src)))
	for b.Loop() {
		if _, err := readString("a.txt", src, transcript.Options{Format: "chat"}); err != nil {
			b.Fatal(err)
		}
	}
}
