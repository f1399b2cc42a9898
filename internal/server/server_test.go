package server

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/replylint/replylint/lint"
)

// testLinter is built once for the package's tests, as serve builds it
// once for all requests.
var testLinter = sync.OnceValues(func() (*lint.Linter, error) { return lint.New(lint.Config{}) })

func newTestServer(t testing.TB, opts Options) *httptest.Server {
	t.Helper()
	l, err := testLinter()
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(l, opts))
	t.Cleanup(srv.Close)
	return srv
}

func do(t testing.TB, client *http.Client, method, url, contentType, body string) (int, http.Header, []byte) {
	t.Helper()
	req, err := http.NewRequest(method, url, strings.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	if contentType != "" {
		req.Header.Set("Content-Type", contentType)
	}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, resp.Header, b
}

func postJSON(t testing.TB, url, body string) (int, []byte) {
	t.Helper()
	code, _, b := do(t, http.DefaultClient, http.MethodPost, url, "application/json", body)
	return code, b
}

// wireFinding is a finding as a client reads it off the wire, so that the
// test sees exactly which fields the JSON has.
type wireFinding struct {
	Rule        string   `json:"rule"`
	Category    string   `json:"category"`
	Severity    string   `json:"severity"`
	Match       string   `json:"match"`
	Start       *int     `json:"start"`
	End         *int     `json:"end"`
	Turn        int      `json:"turn"`
	MessageID   string   `json:"message_id"`
	Message     string   `json:"message"`
	Suggestions []string `json:"suggestions"`
	Fix         string   `json:"fix"`
}

func rulesOf(fs []wireFinding) []string {
	var out []string
	for _, f := range fs {
		out = append(out, f.Rule)
	}
	return out
}

func TestCheckText(t *testing.T) {
	srv := newTestServer(t, Options{})
	code, b := postJSON(t, srv.URL+"/v1/check", `{"text": "你好，这款可能一到两天到，OK的。"}`)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct {
		Findings []wireFinding `json:"findings"`
		Summary  struct {
			Messages int `json:"messages"`
			Findings int `json:"findings"`
		} `json:"summary"`
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatalf("%v: %s", err, b)
	}
	want := map[string]string{"honorific.nihao": "你好", "hedge.maybe": "可能", "english.ok": "OK"}
	if len(resp.Findings) != len(want) {
		t.Fatalf("findings %v, want %v", rulesOf(resp.Findings), want)
	}
	for _, f := range resp.Findings {
		if want[f.Rule] != f.Match {
			t.Errorf("finding %s matched %q, want %q", f.Rule, f.Match, want[f.Rule])
		}
		if f.Start == nil || f.End == nil || len(f.Suggestions) == 0 || f.Message == "" || f.Category == "" {
			t.Errorf("finding %s lacks a span, message, category or suggestion: %+v", f.Rule, f)
		}
	}
	for _, f := range resp.Findings {
		if f.Rule == "hedge.maybe" && f.Start != nil && (*f.Start != 5 || *f.End != 7) {
			t.Errorf("可能 at %d-%d, want 5-7 (code points)", *f.Start, *f.End)
		}
	}
	if resp.Summary.Messages != 1 || resp.Summary.Findings != 3 {
		t.Errorf("summary %+v, want 1 message and 3 findings", resp.Summary)
	}
}

func TestCheckCleanTextAnswersAnEmptyArray(t *testing.T) {
	srv := newTestServer(t, Options{})
	code, b := postJSON(t, srv.URL+"/v1/check", `{"text": "您好，您的订单已经发货了。"}`)
	if code != http.StatusOK || !bytes.Contains(b, []byte(`"findings":[]`)) {
		t.Errorf("status %d, body %s; want 200 and \"findings\":[]", code, b)
	}
}

func TestCheckConversation(t *testing.T) {
	srv := newTestServer(t, Options{})
	body := `{"messages": [
		{"role": "user", "text": "你好，OK吗？我要投诉，太差了", "id": "m1", "time": "2024-05-01T10:00:00+08:00"},
		{"role": "assistant", "text": "你好，OK的。", "id": "m2", "time": "2024-05-01T10:00:02+08:00"}
	]}`
	code, b := postJSON(t, srv.URL+"/v1/check", body)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct{ Findings []wireFinding }
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	var words []string
	for _, f := range resp.Findings {
		if f.Start == nil {
			continue
		}
		words = append(words, f.Rule)
		if f.MessageID != "m2" || f.Turn != 2 {
			t.Errorf("word finding %s in message %q turn %d; only the agent's m2 (turn 2) may be flagged", f.Rule, f.MessageID, f.Turn)
		}
	}
	if strings.Join(words, " ") != "honorific.nihao english.ok" {
		t.Errorf("word findings %v, want honorific.nihao english.ok in the agent's turn", words)
	}
}

func TestFixText(t *testing.T) {
	srv := newTestServer(t, Options{})
	code, b := postJSON(t, srv.URL+"/v1/fix", `{"text": "你好，可能一到两天到，OK的！！"}`)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct {
		Text     string
		Changed  bool
		Findings []wireFinding
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	if resp.Text != "您好，可能一到两天到，好的！" || !resp.Changed {
		t.Errorf("fixed %q (changed %v), want 您好，可能一到两天到，好的！", resp.Text, resp.Changed)
	}
	if got := rulesOf(resp.Findings); len(got) != 1 || got[0] != "hedge.maybe" || *resp.Findings[0].Start != 3 {
		t.Errorf("remaining %v, want hedge.maybe at 3 in the fixed text", got)
	}
}

func TestFixConversation(t *testing.T) {
	srv := newTestServer(t, Options{})
	body := `{"messages": [{"role": "customer", "text": "你好"}, {"role": "agent", "text": "你好，OK的", "id": "a1"}]}`
	code, b := postJSON(t, srv.URL+"/v1/fix", body)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct {
		Messages []Message
		Changed  bool
		Text     *string
	}
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	if len(resp.Messages) != 2 || resp.Messages[0].Text != "你好" || resp.Messages[1].Text != "您好，好的" || resp.Messages[1].ID != "a1" || !resp.Changed || resp.Text != nil {
		t.Errorf("got %s; want the customer's turn unchanged and the agent's fixed to 您好，好的", b)
	}
}

func TestHealthz(t *testing.T) {
	srv := newTestServer(t, Options{})
	code, _, b := do(t, http.DefaultClient, http.MethodGet, srv.URL+"/healthz", "", "")
	if code != http.StatusOK || !strings.Contains(string(b), `"ok"`) {
		t.Errorf("GET /healthz: %d %s", code, b)
	}
}

// TestErrors: every malformed request gets its 4xx status and a JSON error
// that says what is wrong.
func TestErrors(t *testing.T) {
	srv := newTestServer(t, Options{MaxBody: 1024})
	big := `{"text": "` + strings.Repeat("您好", 1000) + `"}`
	tests := []struct {
		name, method, path, ctype, body string
		status                          int
		says                            string
	}{
		{"bad JSON", "POST", "/v1/check", "application/json", `{"text": `, 400, "bad JSON"},
		{"not an object", "POST", "/v1/check", "application/json", `["您好"]`, 400, "bad JSON"},
		{"wrong type", "POST", "/v1/fix", "application/json", `{"text": 42}`, 400, "bad JSON"},
		{"two values", "POST", "/v1/check", "application/json", `{"text": "您好"} {"text": "您好"}`, 400, "more than one"},
		{"empty body", "POST", "/v1/check", "application/json", ``, 400, "empty body"},
		{"neither text nor messages", "POST", "/v1/check", "application/json", `{"txt": "您好"}`, 400, `missing "text"`},
		{"both", "POST", "/v1/fix", "application/json", `{"text": "您好", "messages": [{"text": "您好"}]}`, 400, "not both"},
		{"unknown role", "POST", "/v1/check", "application/json", `{"messages": [{"role": "martian", "text": "您好"}]}`, 400, `unknown role "martian"`},
		{"bad time", "POST", "/v1/check", "application/json", `{"messages": [{"role": "agent", "text": "您好", "time": "10点"}]}`, 400, "2024-05-01T10:00:03+08:00"},
		{"text/plain", "POST", "/v1/check", "text/plain", `{"text": "您好"}`, 415, "text/plain"},
		{"form", "POST", "/v1/fix", "application/x-www-form-urlencoded", `text=您好`, 415, "application/json"},
		{"no content type", "POST", "/v1/check", "", `{"text": "您好"}`, 415, "missing"},
		{"bad charset", "POST", "/v1/check", "application/json; charset=gbk", `{"text": "您好"}`, 415, "gbk"},
		{"GET check", "GET", "/v1/check", "", "", 405, "use POST"},
		{"PUT fix", "PUT", "/v1/fix", "application/json", `{"text": "您好"}`, 405, "use POST"},
		{"POST healthz", "POST", "/healthz", "application/json", `{}`, 405, "use GET"},
		{"oversized", "POST", "/v1/check", "application/json", big, 413, "larger than 1024 bytes"},
		{"oversized after a valid value", "POST", "/v1/check", "application/json", `{"text": "您好"}` + strings.Repeat(" ", 2000), 413, "larger than"},
		{"unknown path", "POST", "/v2/check", "application/json", `{"text": "您好"}`, 404, "no such endpoint"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, h, b := do(t, http.DefaultClient, tt.method, srv.URL+tt.path, tt.ctype, tt.body)
			if code != tt.status {
				t.Errorf("status %d, want %d (%s)", code, tt.status, b)
			}
			if ct := h.Get("Content-Type"); !strings.HasPrefix(ct, "application/json") {
				t.Errorf("Content-Type %q, want JSON", ct)
			}
			var e ErrorResponse
			if err := json.Unmarshal(b, &e); err != nil {
				t.Fatalf("error body is not JSON: %v: %s", err, b)
			}
			if e.Status != tt.status || !strings.Contains(e.Error, tt.says) {
				t.Errorf("error %+v, want status %d and a message saying %q", e, tt.status, tt.says)
			}
			if tt.status == 405 && h.Get("Allow") == "" {
				t.Error("405 without an Allow header")
			}
		})
	}
}

func TestDefaultLimitIsOneMebibyte(t *testing.T) {
	srv := newTestServer(t, Options{})
	justUnder := `{"text": "` + strings.Repeat("a", DefaultMaxBody-20) + `"}`
	if code, b := postJSON(t, srv.URL+"/v1/check", justUnder); code != http.StatusOK {
		t.Errorf("a body just under 1 MiB: status %d: %.200s", code, b)
	}
	over := `{"text": "` + strings.Repeat("a", DefaultMaxBody) + `"}`
	if code, b := postJSON(t, srv.URL+"/v1/check", over); code != http.StatusRequestEntityTooLarge {
		t.Errorf("a body over 1 MiB: status %d: %.200s", code, b)
	}
}

func TestPanicIsAJSON500(t *testing.T) {
	h := recoverJSON(http.HandlerFunc(func(http.ResponseWriter, *http.Request) { panic("boom") }))
	rec := httptest.NewRecorder()
	h.ServeHTTP(rec, httptest.NewRequest(http.MethodGet, "/", nil))
	if rec.Code != http.StatusInternalServerError || !strings.Contains(rec.Body.String(), `"error":"internal error: boom"`) {
		t.Errorf("got %d %s", rec.Code, rec.Body)
	}
}

// TestServeShutsDownGracefully: cancelling the context stops the server,
// and a request already in flight still gets its answer.
func TestServeShutsDownGracefully(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	started, release := make(chan struct{}), make(chan struct{})
	h := http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		close(started)
		<-release
		writeJSON(w, http.StatusOK, map[string]string{"status": "done"})
	})
	ctx, cancel := context.WithCancel(context.Background())
	served := make(chan error, 1)
	go func() { served <- Serve(ctx, NewHTTPServer("", h), ln, time.Minute) }()

	got := make(chan int, 1)
	go func() {
		resp, err := http.Get("http://" + ln.Addr().String() + "/")
		if err != nil {
			t.Error(err)
			got <- 0
			return
		}
		resp.Body.Close()
		got <- resp.StatusCode
	}()
	<-started
	cancel()
	// Shutdown closes the listener first; a new connection is refused
	// while the old request is still being served.
	for {
		c, err := net.Dial("tcp", ln.Addr().String())
		if err != nil {
			break
		}
		c.Close()
		time.Sleep(time.Millisecond)
	}
	close(release)
	if code := <-got; code != http.StatusOK {
		t.Errorf("in-flight request got %d, want 200", code)
	}
	if err := <-served; err != nil {
		t.Errorf("Serve returned %v, want nil after a graceful shutdown", err)
	}
}

// TestRolesAndTimes: role words with a name, system messages and the
// common time layouts are read as check reads them.
func TestRolesAndTimes(t *testing.T) {
	srv := newTestServer(t, Options{})
	body := `{"messages": [
		{"role": "system", "text": "你是客服，OK？"},
		{"role": "买家", "text": "你好", "time": "2024-05-01 10:00:00"},
		{"role": "客服小妮", "text": "你好，OK的", "time": "2024-05-01 10:00:02"}
	]}`
	code, b := postJSON(t, srv.URL+"/v1/fix", body)
	if code != http.StatusOK {
		t.Fatalf("status %d: %s", code, b)
	}
	var resp struct{ Messages []Message }
	if err := json.Unmarshal(b, &resp); err != nil {
		t.Fatal(err)
	}
	if got := []string{resp.Messages[0].Text, resp.Messages[1].Text, resp.Messages[2].Text}; strings.Join(got, "|") != "你是客服，OK？|你好|您好，好的" {
		t.Errorf("fixed messages %q: want the system and customer messages unchanged, the agent's (客服小妮) fixed", got)
	}
	if code, b := postJSON(t, srv.URL+"/v1/check", `{"messages": [{"role": "system", "text": "你好"}]}`); code != http.StatusBadRequest {
		t.Errorf("only a system message: status %d (%s), want 400", code, b)
	}
	for role, known := range map[string]bool{"assistant": true, "Agent": true, "坐席007": true, "客服代表": true, "username": false, "martian": false} {
		want := http.StatusOK
		if !known {
			want = http.StatusBadRequest
		}
		body := fmt.Sprintf(`{"messages": [{"role": %q, "text": "您好"}, {"role": "user", "text": "在吗"}]}`, role)
		if code, b := postJSON(t, srv.URL+"/v1/check", body); code != want {
			t.Errorf("role %q: status %d (%s), want %d", role, code, b, want)
		}
	}
}

// TestCheckInProgress checks the pre-send case: the history plus a draft
// sent with "complete": false is never told that it lacks a closing, while
// the same conversation, ended, is; a conversation whose customer asked
// last has not ended either.
func TestCheckInProgress(t *testing.T) {
	srv := newTestServer(t, Options{})
	history := `{"role": "user", "text": "耳机什么时候发货？"}, {"role": "assistant", "text": "您好，今天为您发货。"}`
	closings := func(body string) int {
		t.Helper()
		code, b := postJSON(t, srv.URL+"/v1/check", body)
		if code != http.StatusOK {
			t.Fatalf("status %d: %s", code, b)
		}
		var resp struct{ Findings []wireFinding }
		if err := json.Unmarshal(b, &resp); err != nil {
			t.Fatal(err)
		}
		return strings.Count(strings.Join(rulesOf(resp.Findings), " "), "closing.missing")
	}
	if n := closings(`{"messages": [` + history + `]}`); n != 1 {
		t.Errorf("ended conversation without a closing: %d closing.missing, want 1", n)
	}
	if n := closings(`{"complete": false, "messages": [` + history + `]}`); n != 0 {
		t.Errorf(`"complete": false: %d closing.missing, want none`, n)
	}
	if n := closings(`{"complete": true, "messages": [` + history + `]}`); n != 1 {
		t.Errorf(`"complete": true: %d closing.missing, want 1`, n)
	}
	if n := closings(`{"messages": [` + history + `, {"role": "user", "text": "能快点吗？"}]}`); n != 0 {
		t.Errorf("the customer asked last: %d closing.missing, want none", n)
	}
}

// The header values every answer shares are never changed through one
// answer: what a handler or net/http adds to one answer's header (Add
// appends to the shared slice) stays in that answer, even when another
// answer adds to its own at the same time.
func TestSharedHeaderValuesStayTheirs(t *testing.T) {
	answers := []*httptest.ResponseRecorder{httptest.NewRecorder(), httptest.NewRecorder()}
	for _, w := range answers {
		writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
	}
	for i, w := range answers {
		w.Header().Add("Content-Type", fmt.Sprint("text/plain; n=", i))
	}
	for i, w := range answers {
		want := []string{"application/json; charset=utf-8", fmt.Sprint("text/plain; n=", i)}
		if got := w.Header()["Content-Type"]; !slices.Equal(got, want) {
			t.Errorf("answer %d: Content-Type %q, want %q", i, got, want)
		}
	}
	fresh := httptest.NewRecorder()
	writeJSON(fresh, http.StatusOK, nil)
	if got := fresh.Header()["Content-Type"]; !slices.Equal(got, []string{"application/json; charset=utf-8"}) {
		t.Errorf("a later answer: Content-Type %q", got)
	}
}
