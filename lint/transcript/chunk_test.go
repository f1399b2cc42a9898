package transcript

import (
	"bytes"
	"fmt"
	"io"
	"math/rand/v2"
	"os"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// readChunked reads data as the batch runner does: SplitJSONL into runs of
// about size bytes, each decoded on its own, joined in order, its buffer
// given back to be read into again once decoded (scribbled over first, so
// that anything still holding its bytes would show).
func readChunked(name string, data []byte, size int, opts Options) []string {
	var out []string
	j := NewJoiner(name, opts)
	take := func(ps []Piece, err error) error {
		for _, p := range ps {
			out = append(out, describePiece(p.Conv, p.Skipped))
		}
		return err
	}
	spare := make(chan []byte, 2)
	err := SplitJSONL(name, bytes.NewReader(data), size, spare, func(run []byte, first int) error {
		ch := ReadJSONLChunk(name, run, first, opts)
		for i := range run {
			run[i] = '#'
		}
		select {
		case spare <- run:
		default:
		}
		return take(j.Add(ch))
	})
	if err == nil {
		err = take(j.End())
	}
	if err != nil {
		out = append(out, "error: "+err.Error())
	}
	return out
}

func readWhole(name string, data []byte, opts Options) []string {
	var out []string
	if opts.Skip != nil {
		opts.Skip = func(e *Error) error {
			out = append(out, describePiece(nil, e))
			return nil
		}
	}
	err := Read(name, bytes.NewReader(data), opts, func(c *Conversation) error {
		out = append(out, describePiece(c, nil))
		return nil
	})
	if err != nil {
		out = append(out, "error: "+err.Error())
	}
	return out
}

func describePiece(c *Conversation, e *Error) string {
	if e != nil {
		return "skipped: " + e.Error()
	}
	return fmt.Sprintf("%#v", *c)
}

// TestChunkedJSONL checks that reading a JSONL file in chunks gives what
// Read gives — conversations, skipped records and the first error, in
// order — whatever the chunk size, on the committed inputs and on
// generated files in which conversations run across chunk edges among
// malformed, ignored and conversation-object records.
func TestChunkedJSONL(t *testing.T) {
	inputs := map[string][]byte{}
	files, _ := filepath.Glob(filepath.Join("..", "..", "testdata", "*", "*.jsonl"))
	for _, f := range files {
		data, err := os.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		inputs[f] = data
	}
	if len(inputs) == 0 {
		t.Fatal("no JSONL inputs in testdata")
	}
	records := []string{
		`{"conversation":"c1","role":"customer","text":"你好"}`,
		`{"conversation":"c1","role":"agent","text":"您好，请稍等"}`,
		`{"conversation":"c2","role":"agent","text":"亲，在的"}`,
		`{"conversation":"c2","role":"customer","text":"好的"}`,
		`{"conversation":"c1","role":"agent","text":"又回来了"}`,
		`{"role":"agent","text":"没有会话号"}`,
		`{"conversation":"c1","role":"system","text":"系统提示"}`,
		`{"conversation":"c3","agent":"小妮","messages":[{"role":"user","content":"在吗"},{"role":"assistant","content":"在的"}]}`,
		`{"conversation":"c1","messages":[{"role":"system","content":"只有系统"}]}`,
		`{"conversation":"c1","role":"customer","text":"bad \x"}`,
		`not json`,
		`{"conversation":"c1","role":"robot-x","text":"谁在说"}`,
		`{"conversation":"c4","speaker":"店铺:小王","text":"您好"}`,
		`{"conversation":"c4","speaker":"张三","text":"我的货呢"}`,
		`{"conversation":"c1","role":"customer","text":"时间","time":"not a time"}`,
		``,
		`   `,
		"\r",
	}
	rng := rand.New(rand.NewPCG(1, 2))
	for i := range 300 {
		var b strings.Builder
		if i%7 == 0 {
			b.WriteString("\ufeff")
		}
		for range 1 + rng.IntN(30) {
			b.WriteString(records[rng.IntN(len(records))])
			b.WriteString([]string{"\n", "\n", "\r\n"}[rng.IntN(3)])
		}
		if rng.IntN(2) == 0 {
			b.WriteString(records[rng.IntN(len(records))])
		}
		inputs[fmt.Sprintf("generated-%d.jsonl", i)] = []byte(b.String())
	}
	diffs := 0
	for name, data := range inputs {
		for _, skip := range []bool{false, true} {
			opts := Options{}
			if skip {
				opts.Skip = func(*Error) error { return nil }
			}
			want := readWhole(name, data, opts)
			for _, size := range []int{1, 7, 40, 100, 333, 4096} {
				got := readChunked(name, data, size, opts)
				if !reflect.DeepEqual(got, want) {
					if diffs++; diffs <= 3 {
						t.Errorf("%s (skip %v, chunks of %d): chunked reading differs\nchunked: %q\nwhole:   %q", name, skip, size, got, want)
					}
				}
			}
		}
	}
	if diffs > 0 {
		t.Errorf("%d differences", diffs)
	}
}

// TestSplitJSONLPipe checks that runs are handed on as the input comes, not
// held back until a buffer fills (a pipe that a chat tool writes to).
func TestSplitJSONLPipe(t *testing.T) {
	r := &dribble{parts: []string{"{\"a\":1}\n{\"b\"", ":2}\n", "{\"c\":3}"}}
	var runs []string
	err := SplitJSONL("x.jsonl", r, 1<<20, nil, func(run []byte, first int) error {
		runs = append(runs, fmt.Sprintf("%d:%s", first, run))
		return nil
	})
	want := []string{"1:{\"a\":1}\n", "2:{\"b\":2}\n", "3:{\"c\":3}"}
	if err != nil || !reflect.DeepEqual(runs, want) {
		t.Errorf("runs %q, %v; want %q", runs, err, want)
	}
}

type dribble struct{ parts []string }

func (d *dribble) Read(p []byte) (int, error) {
	if len(d.parts) == 0 {
		return 0, io.EOF
	}
	n := copy(p, d.parts[0])
	d.parts[0] = d.parts[0][n:]
	if d.parts[0] == "" {
		d.parts = d.parts[1:]
	}
	return n, nil
}

// BenchmarkReadJSONLChunk decodes a run of message records shaped like a
// day's export (ids, a conversation id, a role, the text; the words are
// made up here) as a batch worker does.
func BenchmarkReadJSONLChunk(b *testing.B) {
	words := []string{"您好，请问有什么可以帮您？", "我的快递怎么还没到", "亲，这边帮您查询一下物流信息哦", "好的，谢谢", "已经三天了，能不能快点", "非常抱歉让您久等了，已为您催促"}
	var buf bytes.Buffer
	for i := 0; buf.Len() < chunkBench; i++ {
		role := []string{"customer", "agent"}[i%2]
		fmt.Fprintf(&buf, `{"id":"m-%06d","conversation":"c-%05d","role":%q,"text":%q}`+"\n", i, i/8, role, words[i%len(words)])
	}
	data := buf.Bytes()
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		if ch := ReadJSONLChunk("bench.jsonl", data, 1, Options{}); ch.Err != nil {
			b.Fatal(ch.Err)
		}
	}
}

// chunkBench is about the size of the batch runner's chunks.
const chunkBench = 256 << 10

// FuzzChunkedJSONL holds reading in chunks to Read on any input and any
// chunk size: the same conversations, skipped records and first error, in
// order, with each chunk's buffer scribbled over and read into again once
// decoded (what the batch's workers do), so that nothing decoded may point
// into it.
func FuzzChunkedJSONL(f *testing.F) {
	f.Add([]byte("{\"conversation\":\"c1\",\"role\":\"customer\",\"text\":\"你好\"}\n{\"conversation\":\"c1\",\"role\":\"agent\",\"text\":\"您好\"}\n"), uint16(7))
	f.Add([]byte("{\"conversation\":\"c2\",\"messages\":[{\"role\":\"user\",\"content\":\"在吗\"}]}\r\nnot json\n{\"text\":\"bad \\x\"}"), uint16(40))
	f.Add([]byte("\ufeff{\"conversation\":\"c4\",\"speaker\":\"店铺:小王\",\"text\":\"您好\\u4f60\",\"time\":\"not a time\"}\n\n   \n"), uint16(1))
	f.Fuzz(func(t *testing.T, data []byte, size uint16) {
		n := 1 + int(size)%4096
		for _, skip := range []bool{false, true} {
			opts := Options{}
			if skip {
				opts.Skip = func(*Error) error { return nil }
			}
			want := readWhole("f.jsonl", data, opts)
			if got := readChunked("f.jsonl", data, n, opts); !reflect.DeepEqual(got, want) {
				t.Fatalf("chunks of %d (skip %v): chunked reading differs\nchunked: %q\nwhole:   %q", n, skip, got, want)
			}
		}
	})
}
