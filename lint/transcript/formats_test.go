package transcript_test

import (
	"fmt"
	"io"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"sync"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/encoding/simplifiedchinese"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

var (
	linterOnce sync.Once
	linter     *lint.Linter
	linterErr  error
)

func newLinter(t *testing.T) *lint.Linter {
	t.Helper()
	linterOnce.Do(func() { linter, linterErr = lint.New(lint.Config{}) })
	if linterErr != nil {
		t.Fatal(linterErr)
	}
	return linter
}

// readAll reads a file of testdata/inputs with the given options.
func readAll(t *testing.T, name string, opts transcript.Options) []*lint.Conversation {
	t.Helper()
	path := filepath.Join("..", "..", "testdata", "inputs", name)
	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var convs []*lint.Conversation
	if err := transcript.Read(path, f, opts, func(c *lint.Conversation) error {
		convs = append(convs, c)
		return nil
	}); err != nil {
		t.Fatalf("%s: %v", name, err)
	}
	return convs
}

// readString reads src as a file called name.
func readString(name, src string, opts transcript.Options) ([]*lint.Conversation, error) {
	var convs []*lint.Conversation
	err := transcript.Read(name, strings.NewReader(src), opts, func(c *lint.Conversation) error {
		convs = append(convs, c)
		return nil
	})
	return convs, err
}

var exports = []string{
	"chat_seed.txt", "chat_stamped.txt", "messages.jsonl", "openai.jsonl",
	"conversations.json", "export_bom.csv", "export_gb18030.csv", "multiline.csv",
}

// TestSameConversationSameFindings: the first conversation of every export
// is the same dialogue; whatever the format, the linter must see the same
// turns and find the same things in them.
func TestSameConversationSameFindings(t *testing.T) {
	l := newLinter(t)
	key := func(fs []lint.Finding) []string {
		var out []string
		for _, f := range fs {
			span := "-"
			if f.HasSpan() {
				span = fmt.Sprintf("%d-%d", f.Start, f.End)
			}
			out = append(out, fmt.Sprintf("%s %q turn %d %s", f.Rule, f.Match, f.Turn, span))
		}
		return out
	}
	var want []string
	for _, name := range exports {
		convs := readAll(t, name, transcript.Options{})
		if len(convs) < 2 {
			t.Fatalf("%s: %d conversations, want at least 2", name, len(convs))
		}
		c := convs[0]
		var roles []string
		for _, m := range c.Messages {
			roles = append(roles, string(m.Role))
		}
		if got := strings.Join(roles, " "); got != "customer agent customer agent customer agent" {
			t.Errorf("%s: turns %s", name, got)
		}
		if got := c.Messages[5].Text; got != "请问还有其他问题吗?\n感谢您的咨询,再见!" {
			t.Errorf("%s: last turn %q, want the two lines without the transcript's quotes", name, got)
		}
		got := key(l.CheckConversation(c))
		if want == nil {
			want = got
			for _, rule := range []string{"honorific.nihao", "hedge.maybe", "contrast.but", "overpromise.guarantee"} {
				if !slices.ContainsFunc(got, func(s string) bool { return strings.HasPrefix(s, rule+" ") }) {
					t.Errorf("%s: no %s finding in %q", name, rule, got)
				}
			}
			continue
		}
		if !slices.Equal(got, want) {
			t.Errorf("%s: findings differ from %s's\n got %q\nwant %q", name, exports[0], got, want)
		}
	}
}

// TestChatPositions: in a chat log every finding points at its match in
// the file, after the speaker, the time and any quotation mark.
func TestChatPositions(t *testing.T) {
	l := newLinter(t)
	for _, name := range []string{"chat_seed.txt", "chat_stamped.txt"} {
		data, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inputs", name))
		if err != nil {
			t.Fatal(err)
		}
		lines := strings.Split(string(data), "\n")
		n := 0
		for _, c := range readAll(t, name, transcript.Options{}) {
			for _, f := range l.CheckConversation(c) {
				if !f.HasSpan() {
					continue
				}
				n++
				line := []rune(lines[f.Line-1])
				at := string(line[f.Column-1:])
				if !strings.HasPrefix(at, f.Match) {
					t.Errorf("%s:%d:%d: %s: file has %q there, want %q", name, f.Line, f.Column, f.Rule, at, f.Match)
				}
			}
		}
		if n == 0 {
			t.Errorf("%s: no findings with a span", name)
		}
	}
}

func TestChatShapes(t *testing.T) {
	convs := readAll(t, "chat_stamped.txt", transcript.Options{})
	m := convs[0].Messages[1]
	if m.Role != lint.Agent || m.Speaker != "小妮" || m.Time.Format("2006-01-02 15:04:05") != "2024-05-01 10:00:03" || !m.Verbatim {
		t.Errorf("stamped turn read as %+v", m)
	}
	if ms := convs[1].Messages; len(ms) != 5 || ms[1].Role != transcript.Bot {
		t.Errorf("second conversation read as %+v, want 5 turns, the second the platform's (系统: a bot turn)", ms)
	}
	seed := readAll(t, "chat_seed.txt", transcript.Options{})
	if got := seed[1].Messages[0].Time.Format("15:04:05"); got != "15:30:00" {
		t.Errorf("seed time (15:30 :00) read as %s", got)
	}
	first := seed[0].Messages[1]
	if first.Line != 1 || first.Column != 36 || first.Text != "在的,你好!我是客服小妮,很高兴为您服务" {
		t.Errorf("second turn on the seed's first line: %d:%d %q", first.Line, first.Column, first.Text)
	}
}

func TestJSONAndCSVFields(t *testing.T) {
	msgs := readAll(t, "messages.jsonl", transcript.Options{})
	if len(msgs) != 3 {
		t.Fatalf("messages.jsonl: %d conversations, want c1, c2 and a record without one", len(msgs))
	}
	if c := msgs[0]; c.ID != "c1" || c.Messages[1].ID != "m2" || c.Messages[1].Speaker != "小妮" || c.Messages[1].Line != 2 || c.Messages[1].Verbatim {
		t.Errorf("c1 read as %s %+v", c.ID, c.Messages[1])
	}
	if m := msgs[1].Messages[1]; m.Speaker != "kf-017" || m.Role != lint.Agent {
		t.Errorf("agent_id not the speaker: %+v", m)
	}
	if m := msgs[2].Messages[0]; m.Role != lint.Agent || m.Line != 9 {
		t.Errorf("a record without a role must be the agent's: %+v", m)
	}
	openai := readAll(t, "openai.jsonl", transcript.Options{})
	if m := openai[0].Messages[0]; m.Role != lint.Customer || len(openai[0].Messages) != 6 || openai[0].Messages[1].Speaker != "小妮" {
		t.Errorf("OpenAI conversation read as %+v", openai[0].Messages)
	}
	arr := readAll(t, "conversations.json", transcript.Options{})
	if got := []int{arr[0].Messages[0].Line, arr[0].Messages[5].Line, arr[1].Messages[1].Line}; !slices.Equal(got, []int{6, 11, 15}) {
		t.Errorf("JSON array lines %v, want [6 11 15]", got)
	}
	csv := readAll(t, "multiline.csv", transcript.Options{})
	if got := []int{csv[0].Messages[5].Line, csv[1].Messages[0].Line, csv[1].Messages[1].Line}; !slices.Equal(got, []int{7, 9, 10}) {
		t.Errorf("CSV record lines %v, want [7 9 10] (a multi-line record counts from its first line)", got)
	}
	if got := csv[1].Messages[0].Text; got != `这个"大码"有货吗?` {
		t.Errorf("quoted CSV cell read as %q", got)
	}
	bom := readAll(t, "export_bom.csv", transcript.Options{})
	if m := bom[0].Messages[1]; m.Speaker != "小妮" || m.Time.Format(time15) != "10:00:03" {
		t.Errorf("客服昵称 or 时间 not read: %+v", m)
	}
}

const time15 = "15:04:05"

// TestGB18030 checks that the GB18030 export really is GB18030, and reads
// as the same text as its UTF-8 twin.
func TestGB18030(t *testing.T) {
	raw, err := os.ReadFile(filepath.Join("..", "..", "testdata", "inputs", "export_gb18030.csv"))
	if err != nil {
		t.Fatal(err)
	}
	if utf8.Valid(raw) {
		t.Fatal("export_gb18030.csv is valid UTF-8; it must be GB18030 bytes")
	}
	utf, err := simplifiedchinese.GB18030.NewDecoder().Bytes(raw)
	if err != nil {
		t.Fatal(err)
	}
	gb := readAll(t, "export_gb18030.csv", transcript.Options{})
	u, err := readString("u.csv", string(utf), transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if len(gb) != len(u) || gb[0].Messages[3].Text != u[0].Messages[3].Text || gb[0].Messages[3].Text != "亲,可能是仓库发错了,但是我保证明天给您补发" {
		t.Errorf("GB18030 read as %q", gb[0].Messages[3].Text)
	}
	// GBK from a spreadsheet, with a Chinese header.
	enc, _ := simplifiedchinese.GBK.NewEncoder().String("角色,内容\n客服,您好，请问有什么可以帮您？\n")
	c, err := readString("gbk.csv", enc, transcript.Options{})
	if err != nil || len(c) != 1 || c[0].Messages[0].Text != "您好，请问有什么可以帮您？" {
		t.Errorf("GBK CSV: %v %v", c, err)
	}
}

// TestCustomerNeverFlagged: the customer's turns are full of words the
// agent may not say; in every format none of them is flagged.
func TestCustomerNeverFlagged(t *testing.T) {
	l := newLinter(t)
	bad := "呵呵,你好,OK,可能吧,但是我保证,大哥"
	srcs := map[string]string{
		"a.txt":   "客户：" + bad + "\n客服：您好，请问有什么可以帮您？\n",
		"b.txt":   "[2024-05-01 10:00:00] 买家小王: " + bad + "\n[2024-05-01 10:00:02] 客服小妮: 您好，请问有什么可以帮您？\n",
		"c.jsonl": `{"conversation":"x","role":"user","text":"` + bad + `"}` + "\n" + `{"conversation":"x","role":"agent","text":"您好，请问有什么可以帮您？"}` + "\n",
		"d.json":  `[{"messages":[{"role":"user","content":"` + bad + `"},{"role":"assistant","content":"您好，请问有什么可以帮您？"}]}]`,
		"e.csv":   "会话ID,角色,内容\nx,顾客,\"" + bad + "\"\nx,客服,您好，请问有什么可以帮您？\n",
	}
	for name, src := range srcs {
		convs, err := readString(name, src, transcript.Options{})
		if err != nil || len(convs) != 1 {
			t.Fatalf("%s: %d conversations, %v", name, len(convs), err)
		}
		if convs[0].Messages[0].Role != lint.Customer {
			t.Fatalf("%s: first turn read as %s", name, convs[0].Messages[0].Role)
		}
		for _, f := range l.CheckConversation(convs[0]) {
			if f.HasSpan() && f.Role == lint.Customer {
				t.Errorf("%s: customer's words flagged: %s %q", name, f.Rule, f.Match)
			}
		}
		// The same words as the agent's are flagged: the test can fail.
		convs[0].Messages[0].Role = lint.Agent
		if n := len(l.CheckConversation(convs[0])); n < 4 {
			t.Errorf("%s: as the agent's, the words give %d findings", name, n)
		}
	}
}

func TestAutoDetect(t *testing.T) {
	cases := []struct {
		name, src string
		msgs      int
		role      lint.Role
	}{
		{"draft.txt", "亲，您的订单已经发货了。\n预计明天送达，请注意查收。\n", 1, lint.Agent},
		// A draft that opens with "客户您好：" is not a transcript.
		{"draft2.txt", "客户您好：您的退款已经处理。\n", 1, lint.Agent},
		{"log.txt", "客户：在吗\n客服：在的，您好\n", 2, lint.Customer},
		{"-", `{"role":"user","text":"在吗"}` + "\n", 1, lint.Customer},
		{"-", `[{"role":"user","text":"在吗"}]`, 1, lint.Customer},
		{"-", "在吗？我想问一下\n", 1, lint.Agent},
	}
	for _, c := range cases {
		convs, err := readString(c.name, c.src, transcript.Options{})
		if err != nil {
			t.Errorf("%s %q: %v", c.name, c.src, err)
			continue
		}
		if len(convs) != 1 || len(convs[0].Messages) != c.msgs || convs[0].Messages[0].Role != c.role {
			t.Errorf("%s %q: read as %+v", c.name, c.src, convs[0].Messages)
		}
	}
}

// TestMalformed: each malformed input is an *transcript.Error that names the
// file and the line, and with Skip set, reading goes past it.
func TestMalformed(t *testing.T) {
	cases := []struct {
		name, format, src string
		cols              transcript.Columns
		line              int
		msg               string
		after             int // messages read past it with Skip
	}{
		{"a.jsonl", "", "{\"text\":\"您好\"}\n{\"text\":\"您好\"\n{\"text\":\"再见\"}\n", transcript.Columns{}, 2, "bad JSON", 2},
		{"a.jsonl", "", "{\"text\":\"您好\"}\n\n{\"note\":\"您好\"}\n", transcript.Columns{}, 3, `no text: want a "text"`, 1},
		{"a.jsonl", "", "{\"role\":\"martian\",\"text\":\"您好\"}\n{\"text\":\"再见\"}\n", transcript.Columns{}, 1, `cannot tell whether "martian" is the agent or the customer`, 1},
		{"a.jsonl", "", "{\"text\":\"您好\",\"time\":\"明天\"}\n", transcript.Columns{}, 1, `time "明天"`, 0},
		{"a.jsonl", "", "[1,2]\n", transcript.Columns{}, 1, "want a JSON object", 0},
		{"a.json", "", "[\n {\"text\":\"您好\"},\n {\"text\":\"再见\",}\n]\n", transcript.Columns{}, 3, "bad JSON", 1},
		{"a.json", "", "[\n {\"text\":\"您好\"},\n {\"role\":\"agent\"}\n]\n", transcript.Columns{}, 3, "no text", 1},
		{"a.csv", "", "角色,内容\n客服,您好\n客服,您好,多了一列\n客服,再见\n", transcript.Columns{}, 3, "the row has 3 columns, the header 2", 2},
		{"a.csv", "", "角色,内容\n客服,您\"好\n客服,再见\n", transcript.Columns{}, 2, "quote", 1},
		{"a.csv", "", "role,who,when\n客服,您好,x\n", transcript.Columns{}, 1, "no text column: the header has role, who, when", 0},
		{"a.csv", "", "角色,内容\n客服,您好\n", transcript.Columns{Text: "回复"}, 1, `--text-col "回复": no such column`, 0},
		{"a.csv", "", "角色,内容\n客服,您好\n", transcript.Columns{Role: "5"}, 1, "--role-col 5: the header has 2 columns", 0},
		{"a.csv", "", "时间,内容\n昨天,您好\n12:00,再见\n", transcript.Columns{}, 2, `column "时间": time "昨天"`, 1},
		{"a.txt", "chat", "客服：您好\n---\n请问在吗\n客服：在的\n", transcript.Columns{}, 3, "expected a turn", 2},
		{"a.txt", "chat", "客服（上午）：您好\n客服：在的\n", transcript.Columns{}, 1, `time "上午"`, 1},
		{"a.txt", "", "您好\n\x00\x01\x02\x03", transcript.Columns{}, 2, "not text", -1},
		{"a.csv", "", "\xff\xfe角\x00", transcript.Columns{}, 0, "UTF-16", -1},
	}
	for _, c := range cases {
		opts := transcript.Options{Format: c.format, Columns: c.cols}
		_, err := readString(c.name, c.src, opts)
		ie, ok := err.(*transcript.Error)
		if !ok {
			t.Errorf("%s %q: error %v (%T), want an *transcript.Error", c.name, c.src, err, err)
			continue
		}
		if ie.File != c.name || ie.Line != c.line || !strings.Contains(ie.Msg, c.msg) {
			t.Errorf("%s %q:\n got %v\nwant %s:%d: …%s…", c.name, c.src, err, c.name, c.line, c.msg)
		}
		if c.after < 0 {
			continue // the whole file is unreadable: nothing to skip to
		}
		var skipped []*transcript.Error
		opts.Skip = func(e *transcript.Error) error { skipped = append(skipped, e); return nil }
		convs, err := readString(c.name, c.src, opts)
		msgs := 0
		for _, cv := range convs {
			msgs += len(cv.Messages)
		}
		if c.line == 1 && strings.HasPrefix(c.msg, "--") || strings.HasPrefix(c.msg, "no text column") {
			// A bad header is no record: the file cannot be read at all.
			if err == nil {
				t.Errorf("%s %q: a bad header must fail even with Skip", c.name, c.src)
			}
			continue
		}
		if err != nil || len(skipped) != 1 || msgs != c.after {
			t.Errorf("%s %q with Skip: err %v, skipped %v, %d messages read, want 1 skipped and %d read", c.name, c.src, err, skipped, msgs, c.after)
		}
	}
}

// TestStreaming reads large inputs in every format through a reader that
// counts what has been taken, and checks that conversations come out
// before the input has been read to its end: nothing reads a whole file.
func TestStreaming(t *testing.T) {
	const n = 20000
	build := func(head, sep, tail string, line func(i int) string) string {
		var b strings.Builder
		b.WriteString(head)
		for i := range n {
			if i > 0 {
				b.WriteString(sep)
			}
			b.WriteString(line(i))
		}
		b.WriteString(tail)
		return b.String()
	}
	obj := func(i int) string {
		return fmt.Sprintf(`{"conversation":"c%d","role":"agent","text":"您好，订单%d已发货"}`, i/2, i)
	}
	inputs := map[string]string{
		"big.jsonl": build("", "\n", "\n", obj),
		"big.json":  build("[\n", ",\n", "\n]\n", obj),
		"big.csv": build("会话ID,内容\n", "", "", func(i int) string {
			return fmt.Sprintf("c%d,\"您好，订单%d已发货\"\n", i/2, i)
		}),
		"big.txt": build("", "", "", func(i int) string {
			if i%2 == 1 {
				return fmt.Sprintf("客服：您好，订单%d已发货\n\n", i)
			}
			return fmt.Sprintf("客户：订单%d到哪了\n", i)
		}),
	}
	for name, src := range inputs {
		r := &tracking{r: strings.NewReader(src)}
		first, convs := -1, 0
		err := transcript.Read(name, r, transcript.Options{}, func(c *lint.Conversation) error {
			if first < 0 {
				first = r.n
			}
			convs++
			return nil
		})
		if err != nil || convs != n/2 {
			t.Fatalf("%s: read %d conversations, %v", name, convs, err)
		}
		if first > len(src)/4 {
			t.Errorf("%s: first conversation came after %d of %d bytes: the input is not streamed", name, first, len(src))
		}
	}
}

type tracking struct {
	r io.Reader
	n int
}

func (t *tracking) Read(p []byte) (int, error) {
	n, err := t.r.Read(p)
	t.n += n
	return n, err
}

// TestEncodingDecidedLate: an export whose first 64 KB are ASCII is still
// read right, whether its Chinese rows come in UTF-8 or in GB18030.
func TestEncodingDecidedLate(t *testing.T) {
	var b strings.Builder
	b.WriteString("role,text\n")
	for b.Len() < 70<<10 {
		b.WriteString("agent,Order 20240501 shipped\n")
	}
	b.WriteString("agent,呵呵，亲，可能明天到\n")
	utf := b.String()
	gb, err := simplifiedchinese.GB18030.NewEncoder().String(utf)
	if err != nil {
		t.Fatal(err)
	}
	for name, src := range map[string]string{"utf8.csv": utf, "gb.csv": gb} {
		convs, err := readString(name, src, transcript.Options{})
		if err != nil {
			t.Fatalf("%s: %v", name, err)
		}
		if got := convs[len(convs)-1].Messages[0].Text; got != "呵呵，亲，可能明天到" {
			t.Errorf("%s: last row read as %q", name, got)
		}
	}
}

// TestChatFieldLines: in a timed log, a line of the agent's message that
// happens to start with a role word (客户姓名：) goes on with the message.
func TestChatFieldLines(t *testing.T) {
	src := "客户（10:00:00）：我要改地址\n客服（10:00:05）：请核对您的信息：\n客户姓名：张三\n用户ID：10086\n客户（10:00:30）：对的\n"
	convs, err := readString("a.txt", src, transcript.Options{})
	if err != nil || len(convs) != 1 {
		t.Fatalf("%v %v", convs, err)
	}
	ms := convs[0].Messages
	if len(ms) != 3 || ms[1].Text != "请核对您的信息：\n客户姓名：张三\n用户ID：10086" || ms[2].Role != lint.Customer {
		t.Errorf("read as %+v", ms)
	}
}

// A plain-text draft past MaxMessageBytes is refused by name, read no
// further than the limit: a 200 MB one-line reply was read and checked
// whole.
func TestHugeDraftRefused(t *testing.T) {
	r := io.LimitReader(&endless{}, 200<<20)
	err := transcript.Read("big.txt", r, transcript.Options{Format: "text"}, func(*lint.Conversation) error { return nil })
	if err == nil || !strings.Contains(err.Error(), "big.txt") || !strings.Contains(err.Error(), "larger than 1048576 bytes") {
		t.Errorf("got %v", err)
	}
}

// endless is an endless reply of 好.
type endless struct{ at int }

func (e *endless) Read(p []byte) (int, error) {
	for i := range p {
		p[i] = "好"[e.at%3]
		e.at++
	}
	return len(p), nil
}
