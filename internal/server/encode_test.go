package server

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"reflect"
	"strings"
	"testing"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// FuzzFastJSONIsEncodingJSON holds the JSON path of encode.go to what
// encoding/json does: for any UTF-8 body, decode takes and refuses what
// the streaming decoder does, with the same message (any other it
// refuses), and a check's answer is written byte for byte as writeJSON
// writes it.
func FuzzFastJSONIsEncodingJSON(f *testing.F) {
	for _, s := range []string{
		`{"text":"你好，OK的"}`,
		`{"text":"呵呵，大哥，您这个可能一到两天，但是我不能保证。OK？","conversation":"<a&b>\u2028"}`,
		`{"text":"<b>你好</b> & OK\u2028\u2029"}`,
		`{"messages":[{"role":"客户","text":"在吗","time":"10:00:00"},{"role":"客服","text":"你好 <x>","time":"10:00:09"}],"conversation":"c&1"}`,
		`{"messages":[{"role":"user","text":"你好，呵呵"},{"role":"assistant","text":"你好，这款迷你音箱有现货。"}],"complete":false}`,
		`{"text":"您好"}   `, `{"text":"您好"} {}`, `{"text":"您好"}x`, ` `, ``, `[]`, `null`,
		`{"text":42}`, `{"text":"a","messages":[]}`, `{"messages":[]}`, `{"text":"a","apply":["x"]}`,
		`{"text":"a",}`, `{"text":"a"`, `{"TEXT":"你好"}`, `{"text":"a","text":"你好"}`,
		// The edges of onlyText, the fast path of {"text": "…"}.
		" \r\n{ \"text\" :\t\"你好 OK\" }\n", `{"text":"a\"b"}`, `{"text":"a\u00e9\n"}`, `{"text":"a"}}`,
		`{"text":"a"} x`, `{"text":""}`, `{"text" "a"}`, `{"text":"a}`, `{"text":"a`, "{\"text\":\"\ta\"}",
		"{\"text\":\"\xff\"}", `{"text":"a","x":1}`, `{"text":1}`, `{"texts":"a"}`, "{\"text\":\"\x7f\"}",
		"{\"text\":\"好\xe5\xa5\"}", "{\"text\":\"\xed\xa0\x80\"}", "{\"text\":\"\xe0\x80\xaf\"}", "{\"text\":\"a\"}\xff",
	} {
		f.Add(s)
	}
	l, err := testLinter()
	if err != nil {
		f.Fatal(err)
	}
	h := newHandler(l, Options{})
	f.Fuzz(func(t *testing.T, body string) {
		fast, ferr := decode([]byte(body), nil)
		if !utf8.ValidString(body) {
			if fast != nil || !strings.Contains(fmt.Sprint(ferr), "not UTF-8") {
				t.Fatalf("%q: decode %+v, %v; want it refused as not UTF-8", body, fast, ferr)
			}
			return
		}
		slow, serr := decodeStream([]byte(body))
		if fmt.Sprint(ferr) != fmt.Sprint(serr) || !reflect.DeepEqual(fast, slow) {
			t.Fatalf("%q: decode %+v, %v; the streaming decoder %+v, %v", body, fast, ferr, slow, serr)
		}
		if ferr != nil {
			return
		}
		resp, err := h.check(context.Background(), fast, nil)
		if err != nil {
			return
		}
		want := encodingJSONAnswer(t, h, fast)
		got := httptest.NewRecorder()
		h.writeOK(got, resp)
		if !bytes.Equal(got.Body.Bytes(), want.Body.Bytes()) || !reflect.DeepEqual(got.Header(), want.Header()) || got.Code != want.Code {
			t.Fatalf("%q:\n got %d %v %s\nwant %d %v %s", body, got.Code, got.Header(), got.Body, want.Code, want.Header(), want.Body)
		}
	})
}

// encodingJSONAnswer is what writeJSON writes of the findings the linter
// returns (CheckConversationContext) for req.
func encodingJSONAnswer(t *testing.T, h *handler, req *Request) *httptest.ResponseRecorder {
	t.Helper()
	c, _, err := req.conversation(&h.input, nil)
	if err != nil {
		t.Fatal(err)
	}
	fs, err := h.l.CheckConversationContext(context.Background(), c)
	if err != nil {
		t.Fatal(err)
	}
	want := httptest.NewRecorder()
	writeJSON(want, http.StatusOK, checked{c, fs}.response())
	return want
}

// A body's buffer is sized from its Content-Length only up to maxPooled: a
// client that announces a megabyte and sends ten bytes (or stalls) holds
// no megabyte of the server's memory while it is read.
func TestBodyBufferFollowsWhatArrives(t *testing.T) {
	var buf bytes.Buffer
	if err := readBody(&buf, strings.NewReader(`{"text":1}`), DefaultMaxBody); err != nil {
		t.Fatal(err)
	}
	if buf.String() != `{"text":1}` || buf.Cap() > 2*maxPooled {
		t.Errorf("read %q into a buffer of %d bytes for an announced %d; want at most %d", buf.String(), buf.Cap(), DefaultMaxBody, 2*maxPooled)
	}
	// A whole body larger than that is still read whole.
	big := strings.Repeat("x", 3*maxPooled)
	buf.Reset()
	if err := readBody(&buf, strings.NewReader(big), int64(len(big))); err != nil || buf.String() != big {
		t.Errorf("a body of %d bytes read as %d, %v", len(big), buf.Len(), err)
	}
}

// An answer whose summary has a key with an HTML character (a custom
// rule's category) is still written as writeJSON writes it: the summary's
// AppendJSON escapes it, the encoder with HTML escaping off does not.
func TestSummaryWithHTMLKeyIsEncodingJSON(t *testing.T) {
	for _, cat := range []string{"a<b>&c", "plain", "\u2028"} {
		resp := checked{&lint.Conversation{Draft: true, Messages: make([]lint.Message, 1)}, []lint.Finding{{Rule: "x." + cat, Category: cat, Severity: rules.Error}}}
		want := httptest.NewRecorder()
		writeJSON(want, http.StatusOK, resp.response())
		var got bytes.Buffer
		if err := resp.appendJSON(&got); err != nil {
			t.Fatal(err)
		}
		if got.String() != want.Body.String() {
			t.Errorf("category %q:\n got %s\nwant %s", cat, &got, want.Body)
		}
	}
}
