package cmd

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"
)

// startServe runs serve's behaviour on a free port with opts (address,
// streams and ready filled in) and returns its address, the function that
// stops it (as SIGINT does) and what it returned.
func startServe(t *testing.T, opts *ServeOptions) (addr string, stop func() error) {
	t.Helper()
	opts.Addr = "127.0.0.1:0"
	return startServeAt(t, opts)
}

// startServeAt is startServe on opts.Addr.
func startServeAt(t *testing.T, opts *ServeOptions) (addr string, stop func() error) {
	t.Helper()
	addrc := make(chan string, 1)
	opts.ready = func(addr string) { addrc <- addr }
	if opts.IO == nil {
		opts.IO = &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	}
	if opts.MaxBody == 0 {
		opts.MaxBody = 1 << 20
	}
	if opts.Grace == 0 {
		opts.Grace = time.Minute
	}
	if opts.Timeout == 0 {
		opts.Timeout = time.Minute
	}
	if opts.MaxInFlight == 0 {
		opts.MaxInFlight = 8
	}
	if opts.MaxConns == 0 {
		opts.MaxConns = 64
	}
	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, opts) }()
	select {
	case addr = <-addrc:
	case err := <-done:
		cancel()
		t.Fatalf("serve stopped before listening: %v", err)
	}
	var once bool
	var err error
	stop = func() error {
		if !once {
			once = true
			cancel()
			err = <-done
		}
		return err
	}
	t.Cleanup(func() { stop() })
	return addr, stop
}

// TestServe runs the command's behaviour on a free port, answers a check,
// and stops cleanly when its context ends (as on SIGINT).
func TestServe(t *testing.T) {
	var errOut bytes.Buffer
	addr, stop := startServe(t, &ServeOptions{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &errOut}})

	resp, err := http.Post("http://"+addr+"/v1/fix", "application/json", strings.NewReader(`{"text":"你好，OK的"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"text":"您好，好的"`) {
		t.Errorf("POST /v1/fix: %d %s", resp.StatusCode, body)
	}

	if err := stop(); err != nil {
		t.Errorf("serve returned %v after its context ended, want nil", err)
	}
	if !strings.Contains(errOut.String(), "listening on http://"+addr) || !strings.Contains(errOut.String(), "stopped") {
		t.Errorf("stderr %q should say where it listens and that it stopped", errOut.String())
	}
}

// serve reads a conversation's roles with the config's [roles], as check
// does: it used the default roles and answered 400 "unknown role".
func TestServeHonoursConfigRoles(t *testing.T) {
	cfg := filepath.Join(t.TempDir(), "team.toml")
	if err := os.WriteFile(cfg, []byte("[roles]\nagent = [\"小蜜\"]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	addr, _ := startServe(t, &ServeOptions{Linter: linterFlags{Config: cfg}})
	resp, err := http.Post("http://"+addr+"/v1/check", "application/json",
		strings.NewReader(`{"messages":[{"role":"客户","text":"在吗"},{"role":"小蜜","text":"呵呵，在的"}]}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got struct {
		Findings []struct{ Rule, Role string }
	}
	if err := json.NewDecoder(resp.Body).Decode(&got); err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("status %d, %v", resp.StatusCode, err)
	}
	found := false
	for _, f := range got.Findings {
		found = found || f.Rule == "interjection.laugh" && f.Role == "agent"
	}
	if !found {
		t.Errorf("小蜜's 呵呵 not checked as the agent's: %+v", got.Findings)
	}
}

// Listening beyond loopback is allowed, with a warning: the API has no
// authentication.
func TestServeWarnsOffLoopback(t *testing.T) {
	var errOut bytes.Buffer
	opts := &ServeOptions{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &errOut}}
	addr, stop := startServe(t, opts)
	stop()
	if strings.Contains(errOut.String(), "warning") {
		t.Errorf("loopback %s: stderr %q, want no warning", addr, errOut.String())
	}
	errOut.Reset()
	opts = &ServeOptions{IO: &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &errOut}}
	opts.Addr = "0.0.0.0:0"
	startServeAt(t, opts)
	if !strings.Contains(errOut.String(), "warning") || !strings.Contains(errOut.String(), "no authentication") {
		t.Errorf("0.0.0.0: stderr %q, want a warning", errOut.String())
	}
}

func TestServeErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	streams := &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	if err := runServe(context.Background(), &ServeOptions{IO: streams, Addr: ln.Addr().String(), MaxBody: 1, Timeout: time.Second, MaxInFlight: 1, MaxConns: 1}); err == nil || !strings.Contains(err.Error(), "in use") {
		t.Error("serving on an address in use succeeded")
	}
	_, errOut, code := runCLI(t, "", "serve", "--max-body", "0")
	if code != ExitError || !strings.Contains(errOut, "--max-body") {
		t.Errorf("--max-body 0: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runCLI(t, "", "serve", "extra")
	if code != ExitError || !strings.Contains(errOut, "extra") {
		t.Errorf("an argument to serve: exit %d, stderr %q", code, errOut)
	}
}

// TestMCPCommand speaks JSON-RPC to `replylint mcp` over its standard
// streams, as an MCP client does, and ends the session by closing stdin.
func TestMCPCommand(t *testing.T) {
	inR, inW := io.Pipe()
	outR, outW := io.Pipe()
	streams := &IOStreams{In: inR, Out: outW, ErrOut: io.Discard}
	root := NewRoot(streams, BuildInfo{Version: "v-test"})
	root.SetArgs([]string{"mcp"})
	done := make(chan error, 1)
	go func() { done <- root.Execute(); outW.Close() }()

	lines := bufio.NewScanner(outR)
	send := func(msg string) {
		if _, err := io.WriteString(inW, msg+"\n"); err != nil {
			t.Fatal(err)
		}
	}
	reply := func() map[string]any {
		if !lines.Scan() {
			t.Fatalf("no reply from replylint mcp: %v", lines.Err())
		}
		var m map[string]any
		if err := json.Unmarshal(lines.Bytes(), &m); err != nil {
			t.Fatalf("%v: %s", err, lines.Bytes())
		}
		return m
	}
	send(`{"jsonrpc":"2.0","id":1,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"test","version":"0"}}}`)
	if r := reply(); !strings.Contains(fmt.Sprint(r["result"]), "v-test") {
		t.Errorf("initialize: %v, want the server version v-test", r)
	}
	send(`{"jsonrpc":"2.0","method":"notifications/initialized"}`)
	send(`{"jsonrpc":"2.0","id":2,"method":"tools/call","params":{"name":"fix_reply","arguments":{"text":"你好，OK的"}}}`)
	r := reply()
	res, _ := r["result"].(map[string]any)
	sc, _ := res["structuredContent"].(map[string]any)
	if sc["text"] != "您好，好的" || sc["ok"] != true {
		t.Errorf("fix_reply: %v, want text 您好，好的 and ok", r)
	}
	inW.Close()
	if err := <-done; err != nil {
		t.Errorf("mcp returned %v when the client closed the session, want nil", err)
	}
}

// The seams of the two servers: flags reach the options without a port
// being listened on or a session started.
func TestServeFlagsReachOptions(t *testing.T) {
	var got *ServeOptions
	c := NewCmdServe(&IOStreams{}, func(o *ServeOptions) error { got = o; return nil })
	c.SetFlagErrorFunc(flagError)
	c.SetArgs([]string{"--addr", "127.0.0.1:9000", "--max-body", "2048", "--timeout", "3s", "--max-in-flight", "4",
		"--max-conns", "10", "--shutdown-grace", "2s", "--config", "team.toml", "--disable", "hedge"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Addr != "127.0.0.1:9000" || got.MaxBody != 2048 || got.Timeout != 3*time.Second || got.MaxInFlight != 4 ||
		got.MaxConns != 10 || got.Grace != 2*time.Second || got.Linter.Config != "team.toml" || !slices.Equal(got.Linter.Disable, []string{"hedge"}) {
		t.Errorf("options %+v", got)
	}

	c = NewCmdServe(&IOStreams{}, func(o *ServeOptions) error { got = o; return nil })
	c.SetArgs(nil)
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.Addr != "127.0.0.1:7878" || got.MaxBody != 1<<20 || got.Timeout != 10*time.Second || got.MaxInFlight != 64 || got.MaxConns != 1024 || got.Grace != 10*time.Second {
		t.Errorf("defaults %+v", got)
	}

	called := false
	c = NewCmdServe(&IOStreams{}, func(*ServeOptions) error { called = true; return nil })
	c.SetFlagErrorFunc(flagError)
	c.SetArgs([]string{"--timeout", "soon"})
	if err := c.Execute(); err == nil || called || !strings.Contains(err.Error(), "--timeout") {
		t.Errorf("--timeout soon: err %v, run %v; want an error naming the flag, and no run", err, called)
	}
	c = NewCmdServe(&IOStreams{}, func(*ServeOptions) error { called = true; return nil })
	c.SetArgs([]string{"extra"})
	if err := c.Execute(); err == nil || called {
		t.Errorf("serve extra: err %v, run %v; want an error, and no run", err, called)
	}
}

func TestMCPFlagsReachOptions(t *testing.T) {
	var got *MCPOptions
	streams := &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	c := NewCmdMCP(streams, BuildInfo{Version: "1.2.3"}, func(o *MCPOptions) error { got = o; return nil })
	c.SetArgs([]string{"--config", "team.toml", "--enable", "team", "--disable", "hedge.maybe", "--no-inline-config"})
	if err := c.Execute(); err != nil {
		t.Fatal(err)
	}
	if got.IO != streams || got.Version != "1.2.3" || got.Linter.Config != "team.toml" || !slices.Equal(got.Linter.Enable, []string{"team"}) ||
		!slices.Equal(got.Linter.Disable, []string{"hedge.maybe"}) || !got.Linter.NoInline {
		t.Errorf("options %+v", got)
	}
	called := false
	c = NewCmdMCP(streams, BuildInfo{}, func(*MCPOptions) error { called = true; return nil })
	c.SetArgs([]string{"extra"})
	if err := c.Execute(); err == nil || called {
		t.Errorf("mcp extra: err %v, run %v; want an error, and no run", err, called)
	}
}
