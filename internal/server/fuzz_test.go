package server

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
)

// FuzzHandler: whatever the body, the answer is valid JSON and never a
// 5xx but the 503 of a spent budget or a full server.
func FuzzHandler(f *testing.F) {
	for _, s := range []string{
		`{"text":"你好，OK的"}`,
		`{"messages":[{"role":"客户","text":"在吗","time":"10:00:00"},{"role":"客服","text":"你好","time":"10:00:09"}]}`,
		`{"messages":[{"role":"小蜜","text":"x"}]}`,
		`{"text":"\u001b]0;x\u0007"}{}`,
		"{\"text\":\"\xc4\xe3\xba\xc3\"}",
		`{"messages":[{"role":"客服","text":"好","time":"Inf"}]}`,
		`[]`, ``, `{"text":null,"messages":[]}`,
	} {
		f.Add(s)
	}
	l, err := testLinter()
	if err != nil {
		f.Fatal(err)
	}
	h := New(l, Options{})
	f.Fuzz(func(t *testing.T, body string) {
		for _, path := range []string{"/v1/check", "/v1/fix"} {
			r := httptest.NewRequest(http.MethodPost, path, strings.NewReader(body))
			r.Header.Set("Content-Type", "application/json")
			w := httptest.NewRecorder()
			h.ServeHTTP(w, r)
			if w.Code >= 500 && w.Code != http.StatusServiceUnavailable {
				t.Fatalf("%s %q: %d %s", path, body, w.Code, w.Body)
			}
			if !json.Valid(w.Body.Bytes()) {
				t.Fatalf("%s %q: answer is not JSON: %q", path, body, w.Body)
			}
		}
	})
}

// FuzzContentType holds checkContentType's shortcut for the Content-Types
// clients send to parseContentType: the same answer, with the same
// message, for any header value.
func FuzzContentType(f *testing.F) {
	for _, s := range []string{
		"application/json", "application/json; charset=utf-8", "application/json;charset=utf-8",
		"application/json; charset=UTF-8", "application/json;charset=UTF-8", "Application/JSON",
		"application/json; charset=gbk", "application/json ; charset=\"utf-8\"", "application/json; charset=utf-8; x=1",
		"text/plain", "", "application/json;", "application/json; charset", "application/jsonx",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, ct string) {
		if got, want := fmt.Sprint(checkContentType(ct)), fmt.Sprint(parseContentType(ct)); got != want {
			t.Fatalf("%q: %s; parsed, %s", ct, got, want)
		}
	})
}

// contentType reads the header as Header.Get does, whatever case the
// client wrote its name in, with several values or none.
func TestContentTypeIsGet(t *testing.T) {
	for _, raw := range []string{
		"content-type: application/json\r\n", "CONTENT-TYPE: text/plain\r\n", "Content-Type: a\r\nContent-type: b\r\n",
		"Content-Type:\r\n", "", "X-Content-Type: application/json\r\n",
	} {
		r, err := http.ReadRequest(bufio.NewReader(strings.NewReader("POST / HTTP/1.1\r\nHost: x\r\n" + raw + "\r\n")))
		if err != nil {
			t.Fatal(err)
		}
		if got, want := contentType(r.Header), r.Header.Get("Content-Type"); got != want {
			t.Errorf("%q: %q, Get %q", raw, got, want)
		}
	}
}
