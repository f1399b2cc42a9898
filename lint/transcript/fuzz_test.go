package transcript_test

import (
	"bytes"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// Fuzz targets for every reader. Each asserts what must hold for any
// input: no panic; an error is an *transcript.Error naming the file; every
// message's text is valid UTF-8, has a role replylint knows and a line in
// the file. Their seed corpora (testdata/fuzz/FuzzXxx, with reproducers of
// the faults found so far) run in every `go test`.

func checkRead(t *testing.T, name, format string, data []byte) {
	t.Helper()
	for _, skip := range []bool{false, true} {
		opts := transcript.Options{Format: format}
		if skip {
			opts.Skip = func(e *transcript.Error) error {
				if e.File != name {
					t.Errorf("skipped record names %q, want %q", e.File, name)
				}
				return nil
			}
		}
		lines := bytes.Count(data, []byte("\n")) + 1
		err := transcript.Read(name, bytes.NewReader(data), opts, func(c *lint.Conversation) error {
			if c.File != name || len(c.Messages) == 0 {
				t.Fatalf("conversation of %q with %d messages", c.File, len(c.Messages))
			}
			for _, m := range c.Messages {
				checkMessage(t, m, format, lines)
			}
			return nil
		})
		var e *transcript.Error
		if err != nil && (!errors.As(err, &e) || e.File != name || e.Line < 0) {
			t.Fatalf("error %v (%T), want an *transcript.Error naming %q", err, err, name)
		}
	}
}

func checkMessage(t *testing.T, m lint.Message, format string, lines int) {
	t.Helper()
	if !utf8.ValidString(m.Text) {
		t.Fatalf("message text %q is not UTF-8", m.Text)
	}
	switch m.Role {
	case lint.Agent, lint.Customer, lint.Bot:
	default:
		t.Fatalf("message with role %q", m.Role)
	}
	// A GB18030 file decodes to more bytes, never to more lines; an xlsx
	// row number is no line of its bytes.
	if format != "xlsx" && (m.Line < 0 || m.Line > lines) {
		t.Fatalf("message on line %d of %d", m.Line, lines)
	}
}

// seedFiles adds the files of testdata that the target reads.
func seedFiles(f *testing.F, globs ...string) {
	for _, g := range globs {
		paths, _ := filepath.Glob(filepath.Join("..", "..", "testdata", g))
		for _, p := range paths {
			if data, err := os.ReadFile(p); err == nil && len(data) < 64<<10 {
				f.Add(data)
			}
		}
	}
}

func FuzzText(f *testing.F) {
	f.Add([]byte("亲，您的订单已经发货了。\n预计明天送达。\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.txt", "text", data) })
}

func FuzzChat(f *testing.F) {
	seedFiles(f, "inputs/chat_*.txt")
	f.Add([]byte("客户（10:00:00）：“你好，在吗？”客服（10:00:03）：“在的，您好！”\n"))
	f.Add([]byte("[2024-05-01 10:00:03] 客服小妮: 您好\n续行\n\n客户：在吗\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.txt", "chat", data) })
}

// FuzzTwoLine reads text with the format left to the reader, so that the
// two-line shape is found (or not) by its structure.
func FuzzTwoLine(f *testing.F) {
	seedFiles(f, "exports/*.txt")
	f.Add([]byte("tb_1 (2024-05-01 09:58:00):\n你好\n店:小妮 (2024-05-01 09:58:05):\n您好\n"))
	f.Add([]byte("2024年5月1日 14:20:11 买家\n在吗\n\n2024/5/1 14:20:30 客服阿杰\n在的\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.txt", "", data) })
}

func FuzzJSONL(f *testing.F) {
	seedFiles(f, "inputs/*.jsonl", "exports/*.jsonl")
	f.Add([]byte("{\"text\":\"可能\"}}\n"))
	f.Add([]byte("{\"text\":\"您好\",\"time\":1e300}\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.jsonl", "jsonl", data) })
}

func FuzzJSON(f *testing.F) {
	seedFiles(f, "inputs/*.json")
	f.Add([]byte("\n\n\n{\"text\":\"您好\"}\n\n\n{\"text\":\"再见\",}\n"))
	f.Add([]byte("[{\"role\":\"访客\",\"text\":\"在吗\"},{\"role\":\"机器人\",\"text\":\"您好\"}]"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.json", "json", data) })
}

func FuzzCSV(f *testing.F) {
	seedFiles(f, "inputs/*.csv", "exports/*.csv")
	f.Add([]byte("时间,内容\nInf,您好\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.csv", "csv", data) })
}

func FuzzXLSX(f *testing.F) {
	seedFiles(f, "exports/*.xlsx")
	f.Add([]byte("PK\x03\x04"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "a.xlsx", "xlsx", data) })
}

// FuzzEncoding reads any bytes with the format left to the reader, as
// standard input is read: the encoding, then the format, are sniffed.
func FuzzEncoding(f *testing.F) {
	seedFiles(f, "inputs/export_gb18030.csv")
	f.Add([]byte("\xef\xbb\xbf角色,内容\n客服,您好\n"))
	f.Add([]byte(strings.Repeat("a", 70<<10) + "\xd6\xa3\n"))
	f.Fuzz(func(t *testing.T, data []byte) { checkRead(t, "-", "", data) })
}
