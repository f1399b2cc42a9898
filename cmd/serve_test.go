package cmd

import (
	"bytes"
	"context"
	"io"
	"net"
	"net/http"
	"strings"
	"testing"
	"time"
)

// TestServe runs the command's behaviour on a free port, answers a check,
// and stops cleanly when its context ends (as on SIGINT).
func TestServe(t *testing.T) {
	var errOut bytes.Buffer
	addrc := make(chan string, 1)
	opts := &serveOptions{
		IO:      &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: &errOut},
		Addr:    "127.0.0.1:0",
		MaxBody: 1 << 20,
		Grace:   time.Minute,
		ready:   func(addr string) { addrc <- addr },
	}
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	done := make(chan error, 1)
	go func() { done <- runServe(ctx, opts) }()
	var addr string
	select {
	case addr = <-addrc:
	case err := <-done:
		t.Fatalf("serve stopped before listening: %v", err)
	}

	resp, err := http.Post("http://"+addr+"/v1/fix", "application/json", strings.NewReader(`{"text":"你好，OK的"}`))
	if err != nil {
		t.Fatal(err)
	}
	body, _ := io.ReadAll(resp.Body)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"text":"您好，好的"`) {
		t.Errorf("POST /v1/fix: %d %s", resp.StatusCode, body)
	}

	cancel()
	if err := <-done; err != nil {
		t.Errorf("serve returned %v after its context ended, want nil", err)
	}
	if !strings.Contains(errOut.String(), "listening on http://"+addr) || !strings.Contains(errOut.String(), "stopped") {
		t.Errorf("stderr %q should say where it listens and that it stopped", errOut.String())
	}
}

func TestServeErrors(t *testing.T) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer ln.Close()
	streams := &IOStreams{In: strings.NewReader(""), Out: io.Discard, ErrOut: io.Discard}
	if err := runServe(context.Background(), &serveOptions{IO: streams, Addr: ln.Addr().String(), MaxBody: 1}); err == nil {
		t.Error("serving on an address in use succeeded")
	}
	_, errOut, code := runFixCLI(t, "", "serve", "--max-body", "0")
	if code != ExitError || !strings.Contains(errOut, "--max-body") {
		t.Errorf("--max-body 0: exit %d, stderr %q", code, errOut)
	}
	_, errOut, code = runFixCLI(t, "", "serve", "extra")
	if code != ExitError || !strings.Contains(errOut, "extra") {
		t.Errorf("an argument to serve: exit %d, stderr %q", code, errOut)
	}
}
