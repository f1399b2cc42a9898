package transcript_test

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding"
	"golang.org/x/text/encoding/japanese"
	"golang.org/x/text/encoding/korean"
	"golang.org/x/text/encoding/simplifiedchinese"
	"golang.org/x/text/encoding/traditionalchinese"

	"github.com/replylint/replylint/lint/transcript"
)

// TestStrictInput: input that used to be misread silently is an error
// naming the file, the line and what is wrong.
func TestStrictInput(t *testing.T) {
	cases := []struct{ name, src, want string }{
		{"a.jsonl", "{\"text\":\"您好\"}\n{\"text\":\"可能\"}}\n", `a.jsonl:2: bad JSON: more after the end of the object: "}"`},
		{"a.jsonl", "{\"text\":\"可能\"} {\"text\":\"x\"}\n", `a.jsonl:1: bad JSON: more after the end of the object`},
		{"a.json", "\n\n\n{\"text\":\"您好\"}\n\n\n{\"text\":\"再见\",}\n", "a.json:7: bad JSON"},
		{"a.json", "[\n\n\n {\"text\":\"您好\"},\n\n {\"text\":\"再见\",}\n]\n", "a.json:6: bad JSON"},
		{"a.json", "[{\"text\":\"您好\"}]\n\n\n x", "a.json:4: bad JSON: more after the closing ]"},
		{"a.jsonl", "{\"text\":\"您好\",\"time\":\"Inf\"}\n", `a.jsonl:1: field "time": time "Inf" is not one replylint reads`},
		{"a.jsonl", "\n{\"text\":\"您好\",\"time\":1e300}\n", `a.jsonl:2: field "time": time "1e300" is out of range`},
		{"a.jsonl", "{\"text\":\"您好\",\"time\":\"NaN\"}\n", `a.jsonl:1: field "time": time "NaN"`},
		{"a.jsonl", "{\"text\":\"您好\",\"time\":999999999999}\n", `a.jsonl:1: field "time": time "999999999999" is out of range`},
		{"a.csv", "时间,内容\n1e300,您好\n", `a.csv:2: column "时间": time "1e300" is out of range`},
		{"a.txt", "客服（Inf）：您好\n客户：好\n", `a.txt:1: time "Inf"`},
	}
	for _, c := range cases {
		_, err := readString(c.name, c.src, transcript.Options{})
		if _, ok := err.(*transcript.Error); !ok || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%q: error %v, want %s…", c.src, err, c.want)
		}
	}
}

func encode(t *testing.T, enc encoding.Encoding, s string) string {
	t.Helper()
	out, err := enc.NewEncoder().String(s)
	if err != nil {
		t.Fatal(err)
	}
	return out
}

// TestEncodings: text in an encoding replylint does not read is refused,
// named where it can be guessed, instead of being read as GB18030 mojibake.
func TestEncodings(t *testing.T) {
	kr := "고객: 안녕하세요 주문한 상품이 아직 도착하지 않았습니다 언제 받을 수 있을까요\n상담원: 죄송합니다 확인해 보겠습니다 잠시만 기다려 주세요\n"
	cases := []struct {
		name string
		enc  encoding.Encoding
		src  string
		want string
	}{
		{"kr.txt", korean.EUCKR, kr, "EUC-KR"},
		{"kr.csv", korean.EUCKR, "role,text\nagent," + strings.ReplaceAll(kr, "\n", " ") + "\n", "EUC-KR"},
		{"jp.txt", japanese.ShiftJIS, "お客様：こんにちは、注文した商品はいつ届きますか？\n担当者：申し訳ございません、確認いたします。\n", "Shift-JIS"},
		{"tw.txt", traditionalchinese.Big5, "客戶：您好，請問訂單什麼時候發貨？\n客服：您好，我們會盡快為您處理，請耐心等候。\n", "Big5"},
	}
	for _, c := range cases {
		_, err := readString(c.name, encode(t, c.enc, c.src), transcript.Options{})
		if _, ok := err.(*transcript.Error); !ok || !strings.Contains(err.Error(), c.want) {
			t.Errorf("%s: error %v, want one naming %s", c.name, err, c.want)
		}
	}
	// Chinese in GB18030 is read, however short, and wherever it starts.
	for _, src := range []string{
		"客服：您好，您的订单已经发货了，请注意查收。\n",
		"客服：好的\n",
	} {
		convs, err := readString("gb.txt", encode(t, simplifiedchinese.GB18030, src), transcript.Options{})
		if err != nil || len(convs) != 1 {
			t.Errorf("%q in GB18030: %v", src, err)
		}
	}
}

// TestGB18030Late: a GB18030 export whose first non-ASCII byte lies past
// the first 64 KiB, with only a name or two in Chinese, is read as
// GB18030: the encoding is decided on the file's first non-ASCII bytes,
// not on a window that holds one of them.
func TestGB18030Late(t *testing.T) {
	var b strings.Builder
	b.WriteString("role,name,text\n")
	for b.Len() < 100<<10 {
		b.WriteString("agent,kf01,Order 20240501 shipped\n")
	}
	// 郑 and 叶 in GB18030 (D6A3, D2B6) are valid UTF-8 on their own.
	b.WriteString("agent,郑叶,Order shipped\n")
	for range 2000 {
		b.WriteString("agent,kf01,Order 20240501 shipped\n")
	}
	b.WriteString("agent,kf01,呵呵，亲，可能明天到\n")
	convs, err := readString("late.csv", encode(t, simplifiedchinese.GB18030, b.String()), transcript.Options{})
	if err != nil {
		t.Fatal(err)
	}
	if got := convs[len(convs)-1].Messages[0].Text; got != "呵呵，亲，可能明天到" {
		t.Errorf("last row read as %q", got)
	}
}

// TestTimezone: times without a zone are read in Options.Location and keep
// its offset; times with one keep theirs.
func TestTimezone(t *testing.T) {
	sh := time.FixedZone("CST", 8*3600)
	src := "{\"role\":\"agent\",\"text\":\"您好\",\"time\":\"2024-05-01 10:00:00\"}\n{\"role\":\"agent\",\"text\":\"您好\",\"time\":\"2024-05-01T10:00:00Z\"}\n"
	convs, err := readString("a.jsonl", src, transcript.Options{Location: sh})
	if err != nil {
		t.Fatal(err)
	}
	if got := convs[0].Messages[0].Time.Format(time.RFC3339); got != "2024-05-01T10:00:00+08:00" {
		t.Errorf("naive time read as %s", got)
	}
	if got := convs[1].Messages[0].Time.Format(time.RFC3339); got != "2024-05-01T10:00:00Z" {
		t.Errorf("zoned time read as %s", got)
	}
}
