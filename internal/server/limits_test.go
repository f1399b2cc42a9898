package server

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"log"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"golang.org/x/text/encoding/simplifiedchinese"
)

// jsonError decodes an error answer, failing unless it is the JSON shape
// with the status it came with.
func jsonError(t *testing.T, status int, body []byte) string {
	t.Helper()
	var e ErrorResponse
	if err := json.Unmarshal(body, &e); err != nil || e.Status != status || e.Error == "" {
		t.Fatalf("answer %d %q is not the JSON error shape", status, body)
	}
	return e.Error
}

// A GBK body was decoded with U+FFFD in place of every byte and answered
// 200 with 你好 and 可能 unflagged.
func TestNonUTF8BodyRefused(t *testing.T) {
	srv := newTestServer(t, Options{})
	gbk, err := simplifiedchinese.GBK.NewEncoder().String(`{"text":"你好，可能明天到"}`)
	if err != nil {
		t.Fatal(err)
	}
	code, body := postJSON(t, srv.URL+"/v1/check", gbk)
	if code != http.StatusBadRequest || !strings.Contains(jsonError(t, code, body), "not UTF-8") {
		t.Errorf("GBK body: %d %s", code, body)
	}
}

func TestMessageSizeLimit(t *testing.T) {
	srv := newTestServer(t, Options{MaxBody: 8 << 20})
	long := strings.Repeat("好", 400_000) // 1.2 MB
	for _, body := range []string{`{"text":"` + long + `"}`, `{"messages":[{"role":"客服","text":"` + long + `"}]}`} {
		code, b := postJSON(t, srv.URL+"/v1/check", body)
		if code != http.StatusBadRequest || !strings.Contains(jsonError(t, code, b), "more than the 1048576 a message may have") {
			t.Errorf("a message of 1.2 MB: %d %.200s", code, b)
		}
	}
}

// A request past its time budget is answered 503 in the JSON shape.
func TestTimeBudget(t *testing.T) {
	srv := newTestServer(t, Options{Timeout: time.Nanosecond})
	for _, path := range []string{"/v1/check", "/v1/fix"} {
		code, body := postJSON(t, srv.URL+path, `{"messages":[{"role":"客户","text":"在吗"},{"role":"客服","text":"你好"}]}`)
		if code != http.StatusServiceUnavailable || !strings.Contains(jsonError(t, code, body), "budget") {
			t.Errorf("%s: %d %s", path, code, body)
		}
	}
}

// A client that has gone gets no check: the request's context stops it.
func TestClientGoneStopsTheCheck(t *testing.T) {
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(l, Options{})
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	calls := 0
	fn := func(ctx context.Context, req *Request, cl *call) (any, error) {
		calls++
		return h.check(ctx, req, cl)
	}
	r := httptest.NewRequestWithContext(ctx, http.MethodPost, "/v1/check", strings.NewReader(`{"text":"你好"}`))
	r.Header.Set("Content-Type", "application/json")
	w := httptest.NewRecorder()
	h.post(fn)(w, r)
	if calls != 1 || w.Body.Len() != 0 {
		t.Errorf("canceled request: %d calls, answer %q; want the check to give up and nothing written", calls, w.Body.String())
	}
}

// Beyond MaxInFlight requests being checked, the answer is 503 with
// Retry-After, at once.
func TestInFlightCap(t *testing.T) {
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	h := newHandler(l, Options{MaxInFlight: 2})
	h.slots <- struct{}{}
	h.slots <- struct{}{} // both slots taken by requests still running
	srv := httptest.NewServer(h.routes())
	defer srv.Close()
	code, hdr, body := do(t, http.DefaultClient, http.MethodPost, srv.URL+"/v1/check", "application/json", `{"text":"你好"}`)
	if code != http.StatusServiceUnavailable || hdr.Get("Retry-After") == "" {
		t.Errorf("all slots taken: %d, Retry-After %q", code, hdr.Get("Retry-After"))
	}
	jsonError(t, code, body)
	<-h.slots
	if code, _ := postJSON(t, srv.URL+"/v1/check", `{"text":"你好"}`); code != http.StatusOK {
		t.Errorf("a slot free: %d, want 200", code)
	}
}

// listenTest serves h behind Listen with a connection cap, as serve does.
func listenTest(t *testing.T, h http.Handler, maxConns int, srv *http.Server) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	if srv == nil {
		srv = NewHTTPServer("", h)
	}
	srv.Handler = h
	srv.ErrorLog = log.New(io.Discard, "", 0)
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- Serve(ctx, srv, Listen(ln, maxConns), time.Second) }()
	t.Cleanup(func() { cancel(); <-done })
	return ln.Addr().String()
}

// rawAnswer sends raw bytes on a new connection and reads one answer.
func rawAnswer(t *testing.T, addr, request string) (*http.Response, []byte) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, request); err != nil {
		t.Fatal(err)
	}
	resp, err := http.ReadResponse(bufio.NewReader(c), nil)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	return resp, body
}

// net/http answers a malformed request and oversized headers itself, in
// plain text; behind Listen those answers are the JSON error too.
func TestGoOwnErrorsAreJSON(t *testing.T) {
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	addr := listenTest(t, New(l, Options{}), 0, nil)
	for _, tc := range []struct {
		name, request string
		status        int
	}{
		{"malformed request line", "GARBAGE\r\n\r\n", 400},
		{"no Host header", "GET /healthz HTTP/1.1\r\n\r\n", 400},
		{"headers too large", "GET /healthz HTTP/1.1\r\nHost: x\r\nX-Big: " + strings.Repeat("a", 128<<10) + "\r\n\r\n", 431},
	} {
		resp, body := rawAnswer(t, addr, tc.request)
		if resp.StatusCode != tc.status || resp.Header.Get("Content-Type") != "application/json; charset=utf-8" {
			t.Errorf("%s: %d %s %q", tc.name, resp.StatusCode, resp.Header.Get("Content-Type"), body)
			continue
		}
		jsonError(t, tc.status, body)
	}
	// A handler's own answers pass through unchanged.
	resp, body := rawAnswer(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != 200 || !bytes.Contains(body, []byte(`"ok"`)) {
		t.Errorf("healthz: %d %s", resp.StatusCode, body)
	}
}

// One connection more than the cap is answered 503 and closed.
func TestConnectionCap(t *testing.T) {
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	addr := listenTest(t, New(l, Options{}), 1, nil)
	first, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer first.Close()
	// The first connection is accepted once it has been served.
	fmt.Fprint(first, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp, err := http.ReadResponse(bufio.NewReader(first), nil); err != nil || resp.StatusCode != 200 {
		t.Fatalf("first connection: %v %v", resp, err)
	}
	resp, body := rawAnswer(t, addr, "GET /healthz HTTP/1.1\r\nHost: x\r\n\r\n")
	if resp.StatusCode != http.StatusServiceUnavailable || resp.Header.Get("Retry-After") == "" {
		t.Errorf("second connection: %d, Retry-After %q", resp.StatusCode, resp.Header.Get("Retry-After"))
	}
	jsonError(t, http.StatusServiceUnavailable, body)
}

// A body that stalls is a timeout (408), not "more than one value".
func TestStalledBody(t *testing.T) {
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	srv := NewHTTPServer("", nil)
	srv.ReadTimeout = 300 * time.Millisecond
	addr := listenTest(t, New(l, Options{}), 0, srv)
	resp, body := rawAnswer(t, addr, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: 100\r\n\r\n{\"text\":")
	if resp.StatusCode != http.StatusRequestTimeout || !strings.Contains(jsonError(t, resp.StatusCode, body), "timed out") {
		t.Errorf("stalled body: %d %s", resp.StatusCode, body)
	}
}

// A shutdown that outlasts its grace period cuts the stragglers off and is
// still a clean stop (it exited 2).
func TestShutdownPastGrace(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	defer close(release)
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
	})
	var logged bytes.Buffer
	srv := NewHTTPServer("", h)
	srv.ErrorLog = log.New(&logged, "", 0)
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, srv, ln, 10*time.Millisecond) }()
	go func() {
		if resp, err := http.Get("http://" + ln.Addr().String() + "/"); err == nil {
			resp.Body.Close()
		}
	}()
	<-started
	cancel()
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v, want nil", err)
	}
	if !strings.Contains(logged.String(), "cut off") {
		t.Errorf("log %q should say requests were cut off", logged.String())
	}
}

// A body of unknown length (chunked, no Content-Length) is cut at the
// limit all the same: 413, while one under it is checked.
func TestChunkedBodyLimit(t *testing.T) {
	srv := newTestServer(t, Options{MaxBody: 1024})
	for _, tt := range []struct {
		body string
		want int
	}{
		{`{"text": "` + strings.Repeat("您好", 1000) + `"}`, http.StatusRequestEntityTooLarge},
		{`{"text": "您好，OK的"}`, http.StatusOK},
	} {
		// A reader the client cannot know the length of (ContentLength
		// 0 with a body): sent chunked.
		req, err := http.NewRequest(http.MethodPost, srv.URL+"/v1/check", io.MultiReader(strings.NewReader(tt.body)))
		if err != nil {
			t.Fatal(err)
		}
		req.Header.Set("Content-Type", "application/json")
		resp, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if req.ContentLength != 0 {
			t.Fatalf("the request has a length (%d): it would not be sent chunked", req.ContentLength)
		}
		if resp.StatusCode != tt.want {
			t.Errorf("chunked body of %d bytes: %d %s, want %d", len(tt.body), resp.StatusCode, b, tt.want)
		}
		if tt.want == http.StatusRequestEntityTooLarge {
			jsonError(t, resp.StatusCode, b)
		}
	}
}

// A Content-Length over the limit is answered 413 before the body is
// read: a client that announces ten megabytes gets its answer without
// sending them (or waiting for the server's read timeout).
func TestAnnouncedBodyTooLargeRefusedAtOnce(t *testing.T) {
	srv := newTestServer(t, Options{MaxBody: 1024})
	conn, err := net.Dial("tcp", srv.Listener.Addr().String())
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	// A hang guard, not a speed requirement: without the early answer the
	// server would wait for the ten megabytes.
	conn.SetDeadline(time.Now().Add(30 * time.Second))
	fmt.Fprintf(conn, "POST /v1/check HTTP/1.1\r\nHost: x\r\nContent-Type: application/json\r\nContent-Length: %d\r\n\r\n{\"text\": \"", 10<<20)
	resp, err := http.ReadResponse(bufio.NewReader(conn), nil)
	if err != nil {
		t.Fatalf("no answer before the body was sent: %v", err)
	}
	defer resp.Body.Close()
	b, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusRequestEntityTooLarge || !strings.Contains(jsonError(t, resp.StatusCode, b), "larger than 1024 bytes") {
		t.Errorf("announced 10 MiB: %d %s", resp.StatusCode, b)
	}
}
