package server

import (
	"bufio"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/lint"
)

func TestPageIsServed(t *testing.T) {
	srv := newTestServer(t, Options{})
	for path, want := range map[string]string{"/": "回复草稿", "/page/app.js": "/v1/check", "/page/style.css": "mark.error"} {
		code, h, b := do(t, http.DefaultClient, http.MethodGet, srv.URL+path, "", "")
		if code != 200 || !strings.Contains(string(b), want) {
			t.Errorf("GET %s: %d, body lacks %q", path, code, want)
		}
		if csp := h.Get("Content-Security-Policy"); !strings.Contains(csp, "default-src 'self'") {
			t.Errorf("GET %s: Content-Security-Policy %q lets the page fetch from elsewhere", path, csp)
		}
	}
	// Everything the page loads is its own: no address of another host.
	for _, f := range []string{"page/index.html", "page/app.js", "page/style.css"} {
		b, err := pageFiles.ReadFile(f)
		if err != nil {
			t.Fatal(err)
		}
		if strings.Contains(string(b), "http://") || strings.Contains(string(b), "https://") {
			t.Errorf("%s names another host: the page must work offline", f)
		}
	}
	if code, _, _ := do(t, http.DefaultClient, http.MethodGet, srv.URL+"/nope", "", ""); code != 404 {
		t.Errorf("GET /nope: %d, want 404", code)
	}
}

// TestFixAppliesChosenEdits: /v1/fix makes the edits named in apply besides
// the safe ones, and names the ids it could not find.
func TestFixAppliesChosenEdits(t *testing.T) {
	p, err := dict.Parse("team.toml", []byte(`
category = "team"
[[rule]]
id = "team.filler"
description = "filler"
suggestions = ["删除"]
terms = ["嗯哼"]
edits = [{ text = "" }]
hits = ["⟦嗯哼⟧，请稍等。"]
non_hits = ["请稍等。"]
`))
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lint.Config{Packs: []*dict.Pack{p}})
	if err != nil {
		t.Fatal(err)
	}
	srv := httptest.NewServer(New(l, Options{}))
	defer srv.Close()
	code, b := postJSON(t, srv.URL+"/v1/check", `{"text": "你好，嗯哼，请稍等。"}`)
	var checked CheckResponse
	if err := json.Unmarshal(b, &checked); code != 200 || err != nil {
		t.Fatalf("%d %s", code, b)
	}
	var id string
	for _, f := range checked.Findings {
		for _, e := range f.Edits {
			if f.Rule == "team.filler" && e.Text == "" {
				id = e.ID
			}
		}
	}
	if id == "" {
		t.Fatalf("no deletion edit for 嗯哼 in %s", b)
	}
	code, b = postJSON(t, srv.URL+"/v1/fix", fmt.Sprintf(`{"text": "你好，嗯哼，请稍等。", "apply": [%q, "x@1:2#0"]}`, id))
	var fixed FixResponse
	if err := json.Unmarshal(b, &fixed); code != 200 || err != nil {
		t.Fatalf("%d %s", code, b)
	}
	if *fixed.Text != "您好，请稍等。" || len(fixed.Findings) != 0 || len(fixed.Ignored) != 1 || fixed.Ignored[0] != "x@1:2#0" {
		t.Errorf("fix with %s: %s", id, b)
	}
	if code, b := postJSON(t, srv.URL+"/v1/fix", `{"messages": [{"text": "你好"}], "apply": ["a@0:1#0"]}`); code != 400 {
		t.Errorf("apply with messages: %d %s, want 400", code, b)
	}
}

// browser is headless Chromium driven over the DevTools protocol on a pipe
// (--remote-debugging-pipe: commands on its fd 3, answers on fd 4), so
// that the test needs no library and no port.
type browser struct {
	t       *testing.T
	cmd     *exec.Cmd
	in      *os.File
	out     *bufio.Reader
	id      int
	session string
}

func startBrowser(t *testing.T) *browser {
	t.Helper()
	bin := ""
	for _, name := range []string{"chromium", "chromium-browser", "google-chrome"} {
		if p, err := exec.LookPath(name); err == nil {
			bin = p
			break
		}
	}
	if bin == "" {
		t.Skip("chromium is not installed (apt-get install chromium): the draft page's browser test is skipped")
	}
	cmdR, cmdW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	outR, outW, err := os.Pipe()
	if err != nil {
		t.Fatal(err)
	}
	// The profile folder is removed by hand, after the whole process group
	// is gone: Chromium's helper processes outlive a kill of the browser
	// for a moment and keep writing there, which made t.TempDir's removal
	// fail under load.
	profile, err := os.MkdirTemp("", "replylint-chromium-*")
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command(bin, "--headless", "--no-sandbox", "--disable-gpu", "--no-first-run",
		"--disable-background-networking", "--disable-component-update", "--disable-sync",
		"--hide-scrollbars", "--user-data-dir="+profile, "--remote-debugging-pipe", "about:blank")
	cmd.ExtraFiles = []*os.File{cmdR, outW}
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	cmdR.Close()
	outW.Close()
	b := &browser{t: t, cmd: cmd, in: cmdW, out: bufio.NewReader(outR)}
	t.Cleanup(func() {
		cmdW.Close()
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		_ = cmd.Wait()
		outR.Close()
		for range 50 {
			if os.RemoveAll(profile) == nil {
				return
			}
			time.Sleep(100 * time.Millisecond)
		}
	})
	// A safety net: a browser that stops answering fails the test, not CI.
	timer := time.AfterFunc(90*time.Second, func() { _ = cmd.Process.Kill() })
	t.Cleanup(func() { timer.Stop() })
	var target struct{ TargetID string }
	b.call("", "Target.createTarget", map[string]any{"url": "about:blank"}, &target)
	var att struct{ SessionID string }
	b.call("", "Target.attachToTarget", map[string]any{"targetId": target.TargetID, "flatten": true}, &att)
	b.session = att.SessionID
	return b
}

// call sends one command and waits for its answer, passing over events.
func (b *browser) call(session, method string, params any, result any) {
	b.t.Helper()
	b.id++
	msg := map[string]any{"id": b.id, "method": method, "params": params}
	if session != "" {
		msg["sessionId"] = session
	}
	data, _ := json.Marshal(msg)
	if _, err := b.in.Write(append(data, 0)); err != nil {
		b.t.Fatalf("%s: %v", method, err)
	}
	for {
		line, err := b.out.ReadBytes(0)
		if err != nil {
			b.t.Fatalf("%s: the browser went away: %v", method, err)
		}
		var ans struct {
			ID     int
			Result json.RawMessage
			Error  *struct{ Message string }
		}
		if err := json.Unmarshal(line[:len(line)-1], &ans); err != nil {
			b.t.Fatalf("%s: %v", method, err)
		}
		if ans.ID != b.id {
			continue // an event, or an answer to no one
		}
		if ans.Error != nil {
			b.t.Fatalf("%s: %s", method, ans.Error.Message)
		}
		if result != nil {
			if err := json.Unmarshal(ans.Result, result); err != nil {
				b.t.Fatalf("%s: %v", method, err)
			}
		}
		return
	}
}

func (b *browser) do(method string, params map[string]any) { b.call(b.session, method, params, nil) }

// eval runs a script in the page and returns its value: a string as it
// is, anything else as JSON.
func (b *browser) eval(script string) string {
	b.t.Helper()
	var res struct {
		Result struct {
			Value json.RawMessage
		}
		ExceptionDetails *struct{ Text string }
	}
	b.call(b.session, "Runtime.evaluate", map[string]any{"expression": script, "returnByValue": true, "awaitPromise": true}, &res)
	if res.ExceptionDetails != nil {
		b.t.Fatalf("%s: %s", script, res.ExceptionDetails.Text)
	}
	var s string
	if json.Unmarshal(res.Result.Value, &s) == nil {
		return s // a string, unquoted
	}
	return string(res.Result.Value)
}

// waitFor polls a script until it returns true: the page checks a moment
// after typing stops, so the test waits for what a person would see.
func (b *browser) waitFor(what, script string) {
	b.t.Helper()
	for range 200 {
		if b.eval(script) == "true" {
			return
		}
		time.Sleep(50 * time.Millisecond)
	}
	b.t.Fatalf("the page never showed %s (%s)\nfindings: %s", what, script, b.eval(`document.getElementById('findings').innerText`))
}

// key presses a key with modifiers (1 Alt, 2 Ctrl, 4 Meta, 8 Shift).
func (b *browser) key(key, code string, vk, modifiers int, text string) {
	b.do("Input.dispatchKeyEvent", map[string]any{"type": "keyDown", "key": key, "code": code,
		"windowsVirtualKeyCode": vk, "modifiers": modifiers, "text": text})
	b.do("Input.dispatchKeyEvent", map[string]any{"type": "keyUp", "key": key, "code": code,
		"windowsVirtualKeyCode": vk, "modifiers": modifiers})
}

const marks = `JSON.stringify([...document.querySelectorAll('#backdrop mark')].map(m => m.dataset.rule + ':' + m.textContent))`

// TestDraftPageInBrowser types a draft into the page as an agent would,
// checks that every finding is marked in place with its card, applies one
// edit with the keyboard and one with a click, and checks the text and the
// marks after each. REPLYLINT_SCREENSHOT=path saves a screenshot
// (docs/draft-page.png is made so).
func TestDraftPageInBrowser(t *testing.T) {
	b := startBrowser(t)
	srv := newTestServer(t, Options{})
	l, _ := testLinter()
	b.do("Emulation.setDeviceMetricsOverride", map[string]any{"width": 1100, "height": 620, "deviceScaleFactor": 1, "mobile": false})
	b.do("Page.navigate", map[string]any{"url": srv.URL + "/"})
	b.waitFor("the editor", `document.readyState === 'complete' && !!document.getElementById('draft')`)
	b.eval(`document.getElementById('draft').focus()`)

	draft := "你好，OK，您的快递可能一到两天到！！"
	for _, r := range draft { // one keystroke at a time: checks are debounced
		b.do("Input.insertText", map[string]any{"text": string(r)})
	}
	want := l.CheckText(draft)
	b.waitFor("a card a finding", fmt.Sprintf(`document.querySelectorAll('#findings .finding').length === %d && document.getElementById('draft').value === %q`, len(want), draft))
	got := b.eval(marks)
	for _, f := range want {
		if f.HasSpan() && !strings.Contains(got, f.Rule+":"+f.Match) {
			t.Errorf("%s on “%s” is not marked in place; marks: %s", f.Rule, f.Match, got)
		}
	}
	if s := b.eval(`document.getElementById('status').textContent`); !strings.Contains(s, "错误") {
		t.Errorf("status %s does not say there are errors", s)
	}

	// Keyboard: Alt+↓ goes to the first finding (from the end of the text,
	// it wraps), Ctrl+. to its first edit, Enter applies it.
	b.key("ArrowDown", "ArrowDown", 40, 1, "")
	b.waitFor("the first finding selected", `document.querySelector('.finding.active') !== null`)
	b.key(".", "Period", 190, 2, "")
	b.waitFor("an edit button focused", `document.activeElement.classList.contains('edit')`)
	b.key("Enter", "Enter", 13, 0, "\r")
	b.waitFor("您好 in the draft", `document.getElementById('draft').value.startsWith('您好，OK')`)
	b.waitFor("the mark of 你好 gone", `!document.querySelector('#backdrop mark[data-rule="honorific.nihao"]')`)

	// Click: the safe edit of OK.
	b.waitFor("the card of OK", `!!document.querySelector('.finding[data-rule="english.ok"] button.edit')`)
	b.eval(`document.querySelector('.finding[data-rule="english.ok"] button.edit').click()`)
	b.waitFor("好的 in the draft", `document.getElementById('draft').value === '您好，好的，您的快递可能一到两天到！！'`)
	b.waitFor("the mark of OK gone", `!document.querySelector('#backdrop mark[data-rule="english.ok"]') && !!document.querySelector('#backdrop mark[data-rule="hedge.maybe"]')`)

	// The customer's message joins the check as the conversation so far.
	b.eval(`document.getElementById('customer').focus()`)
	b.do("Input.insertText", map[string]any{"text": "我的快递什么时候到？"})
	b.waitFor("the draft still checked with the customer's message", `!!document.querySelector('#backdrop mark[data-rule="hedge.maybe"]') && document.querySelectorAll('#findings .finding').length > 0`)

	if path := os.Getenv("REPLYLINT_SCREENSHOT"); path != "" {
		b.eval(`document.getElementById('draft').focus(); document.getElementById('draft').setSelectionRange(14, 14)`)
		var shot struct{ Data string }
		b.call(b.session, "Page.captureScreenshot", map[string]any{"format": "png"}, &shot)
		png, err := base64.StdEncoding.DecodeString(shot.Data)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, png, 0o644); err != nil {
			t.Fatal(err)
		}
	}
}
