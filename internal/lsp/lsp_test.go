package lsp

import (
	"context"
	"encoding/json"
	"net"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/sourcegraph/jsonrpc2"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/replylint/replylint/internal/config"
	"github.com/replylint/replylint/lint"
)

// client is a scripted editor on the other end of a pipe.
type client struct {
	t     *testing.T
	conn  *jsonrpc2.Conn
	diags chan published
}

// published is a publishDiagnostics notification as the client reads it
// (glsp's IntegerOrString cannot be decoded, so the code is read here).
type published struct {
	URI         string
	Diagnostics []diagnostic
}

type diagnostic struct {
	Range    protocol.Range
	Severity protocol.DiagnosticSeverity
	Code     string
	Source   string
	Message  string
}

func (c *client) Handle(_ context.Context, _ *jsonrpc2.Conn, req *jsonrpc2.Request) {
	if req.Method == string(protocol.ServerTextDocumentPublishDiagnostics) && req.Params != nil {
		var p published
		if err := json.Unmarshal(*req.Params, &p); err != nil {
			c.t.Errorf("publishDiagnostics: %v", err)
		}
		c.diags <- p
	}
}

func (c *client) call(method string, params, result any) {
	c.t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	if err := c.conn.Call(ctx, method, params, result); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

func (c *client) notify(method string, params any) {
	c.t.Helper()
	if err := c.conn.Notify(context.Background(), method, params); err != nil {
		c.t.Fatalf("%s: %v", method, err)
	}
}

// diagnostics waits for the next diagnostics of uri.
func (c *client) diagnostics(uri string) []diagnostic {
	c.t.Helper()
	for {
		select {
		case p := <-c.diags:
			if p.URI == uri {
				return p.Diagnostics
			}
		case <-time.After(30 * time.Second):
			c.t.Fatalf("no diagnostics for %s", uri)
		}
	}
}

// start runs a server as `replylint lsp` does, with linters from the
// .replylint.toml found from each file's folder, and connects a client.
func start(t *testing.T) (*client, chan error) {
	t.Helper()
	srv := New(Options{Version: "test", Linter: Linters("", func(cfg *config.Config) (*lint.Linter, error) {
		lc, err := cfg.Lint(config.Switches{})
		if err != nil {
			return nil, err
		}
		return lint.New(lc)
	})})
	a, b := net.Pipe()
	done := make(chan error, 1)
	go func() { done <- srv.Serve(context.Background(), a) }()
	c := &client{t: t, diags: make(chan published, 16)}
	c.conn = jsonrpc2.NewConn(context.Background(), jsonrpc2.NewBufferedStream(b, jsonrpc2.VSCodeObjectCodec{}), c)
	t.Cleanup(func() { c.conn.Close() })
	return c, done
}

func fileURI(p string) string { return (&url.URL{Scheme: "file", Path: filepath.ToSlash(p)}).String() }

type diagKey struct {
	rule             string
	line, start, end uint32
	severity         protocol.DiagnosticSeverity
}

func keys(ds []diagnostic) []diagKey {
	var out []diagKey
	for _, d := range ds {
		if d.Source != "replylint" {
			d.Code = "source " + d.Source
		}
		out = append(out, diagKey{d.Code, d.Range.Start.Line, d.Range.Start.Character, d.Range.End.Character, d.Severity})
	}
	return out
}

// TestSession is an editor's session from initialize to exit: the team's
// config is found from the file's folder, diagnostics come on open and on
// change at UTF-16 positions, an inline directive silences the line after
// it, and the code actions carry the edits.
func TestSession(t *testing.T) {
	dir := t.TempDir()
	team := filepath.Join(dir, "team")
	if err := os.MkdirAll(filepath.Join(team, "replies"), 0o755); err != nil {
		t.Fatal(err)
	}
	toml := "[[terms]]\ntext = \"王牌店\"\ncategory = \"competitor\"\nseverity = \"warning\"\nmessage = \"不要提及竞品店铺\"\nsuggestions = [\"其他店铺\"]\n"
	if err := os.WriteFile(filepath.Join(team, ".replylint.toml"), []byte(toml), 0o644); err != nil {
		t.Fatal(err)
	}
	path := filepath.Join(team, "replies", "greetings.md")
	uri := fileURI(path)
	c, done := start(t)

	var init protocol.InitializeResult
	c.call("initialize", map[string]any{"processId": nil, "rootUri": fileURI(dir), "capabilities": map[string]any{}}, &init)
	if init.ServerInfo == nil || init.ServerInfo.Name != "replylint" || init.Capabilities.CodeActionProvider == nil {
		t.Fatalf("initialize: %+v", init)
	}
	c.notify("initialized", map[string]any{})

	// 😀 is two UTF-16 units: 你好 starts at character 2 of line 0.
	text := "😀你好，王牌店也有。\n\n<!-- replylint-disable-next-line hedge -->\n可能一到两天到。\n\n可能三天到。\n"
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "markdown", "version": 1, "text": text}})
	got := keys(c.diagnostics(uri))
	want := []diagKey{
		{"honorific.nihao", 0, 2, 4, protocol.DiagnosticSeverityError},
		{"custom.competitor.1", 0, 5, 8, protocol.DiagnosticSeverityWarning},
		{"hedge.maybe", 5, 0, 2, protocol.DiagnosticSeverityError},
	}
	if !sameKeys(got, want) {
		t.Errorf("diagnostics on open:\n got %v\nwant %v", got, want)
	}

	var actions []protocol.CodeAction
	c.call("textDocument/codeAction", map[string]any{"textDocument": map[string]any{"uri": uri},
		"range":   map[string]any{"start": map[string]any{"line": 0, "character": 3}, "end": map[string]any{"line": 0, "character": 3}},
		"context": map[string]any{"diagnostics": []any{}}}, &actions)
	var quick, all *protocol.CodeAction
	for i, a := range actions {
		switch *a.Kind {
		case protocol.CodeActionKindQuickFix:
			quick = &actions[i]
		case fixAllKind:
			all = &actions[i]
		}
	}
	if quick == nil || all == nil {
		t.Fatalf("code actions %+v: want the 您好 quick fix and fix-all", actions)
	}
	edit := quick.Edit.Changes[uri]
	if len(edit) != 1 || edit[0].NewText != "您好" || edit[0].Range.Start.Character != 2 || edit[0].Range.End.Character != 4 || !*quick.IsPreferred {
		t.Errorf("quick fix %q: %+v", quick.Title, edit)
	}

	// The editor applies the edit and sends the whole text.
	fixed := strings.Replace(text, "你好", "您好", 1)
	c.notify("textDocument/didChange", map[string]any{"textDocument": map[string]any{"uri": uri, "version": 2},
		"contentChanges": []any{map[string]any{"text": fixed}}})
	got = keys(c.diagnostics(uri))
	if !sameKeys(got, want[1:]) {
		t.Errorf("diagnostics after the fix:\n got %v\nwant %v", got, want[1:])
	}

	c.call("shutdown", nil, nil)
	c.notify("exit", nil)
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("Serve: %v", err)
		}
	case <-time.After(30 * time.Second):
		t.Fatal("the server did not end on exit")
	}
}

func sameKeys(a, b []diagKey) bool {
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if a[i] != b[i] {
			return false
		}
	}
	return true
}

// A canned-reply list exported as CSV is a reply a line; a bad config is
// shown on the file, not a crash.
func TestListsAndBadConfig(t *testing.T) {
	dir := t.TempDir()
	c, _ := start(t)
	c.call("initialize", map[string]any{"processId": nil, "capabilities": map[string]any{}}, nil)
	list := fileURI(filepath.Join(dir, "replies.csv"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": list, "languageId": "csv", "version": 1,
		"text": "编号,话术\n1,您好，请问有什么可以帮您？\n2,OK，马上为您处理\n"}})
	if got := keys(c.diagnostics(list)); len(got) != 1 || got[0].rule != "english.ok" || got[0].line != 2 || got[0].start != 2 {
		t.Errorf("csv diagnostics %v, want english.ok on line 2 at 2", got)
	}

	bad := filepath.Join(dir, "bad")
	if err := os.MkdirAll(bad, 0o755); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(filepath.Join(bad, ".replylint.toml"), []byte("nonsense = 1\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	uri := fileURI(filepath.Join(bad, "a.txt"))
	c.notify("textDocument/didOpen", map[string]any{"textDocument": map[string]any{"uri": uri, "languageId": "plaintext", "version": 1, "text": "你好"}})
	ds := c.diagnostics(uri)
	if len(ds) != 1 || !strings.Contains(ds[0].Message, "nonsense") || !strings.Contains(ds[0].Message, ".replylint.toml") {
		t.Errorf("bad config: %+v", ds)
	}
}

func TestPositions(t *testing.T) {
	tx := newText("a😀b\n你好\n")
	pos := func(line, char uint32) protocol.Position { return protocol.Position{Line: line, Character: char} }
	for off, want := range map[int]protocol.Position{0: pos(0, 0), 1: pos(0, 1), 2: pos(0, 3), 3: pos(0, 4), 4: pos(1, 0), 6: pos(1, 2), 7: pos(2, 0)} {
		if got := tx.position(off); got != want {
			t.Errorf("position(%d) = %v, want %v", off, got, want)
		}
		if back := tx.offset(want); back != off {
			t.Errorf("offset(%v) = %d, want %d", want, back, off)
		}
	}
	if got := tx.offset(protocol.Position{Line: 0, Character: 99}); got != 3 {
		t.Errorf("a character past the line's end is its end: %d", got)
	}
	got, err := applyChange("a😀b\n你好\n", protocol.TextDocumentContentChangeEvent{
		Range: &protocol.Range{Start: protocol.Position{Line: 0, Character: 1}, End: protocol.Position{Line: 1, Character: 1}}, Text: "X"})
	if err != nil || got != "aX好\n" {
		t.Errorf("incremental change: %q, %v", got, err)
	}
	for s, want := range map[string][]string{
		"":               nil,
		"a\nb\n\nc":      {"a\nb\n\n", "c"},
		"\n\na\n\n\nb\n": {"\n\na\n\n\n", "b\n"},
	} {
		if got := units(s, false); strings.Join(got, "|") != strings.Join(want, "|") {
			t.Errorf("units(%q) = %q, want %q", s, got, want)
		}
	}
}
