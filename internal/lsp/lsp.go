// Package lsp is replylint's Language Server Protocol server (`replylint
// lsp`), for the people who write a team's canned replies (快捷短语, 话术库)
// in an editor: plain text, Markdown, and reply lists exported as CSV. On
// open and on every change it publishes the findings as diagnostics (rule
// id, severity, message and suggestions); a finding's edits are code
// actions, and one action applies every safe edit in the file. Inline
// directives (replylint-disable-next-line …) work as in `replylint check`,
// and each file is checked with the .replylint.toml found from its folder
// upwards.
//
// The protocol's types and dispatch come from github.com/tliron/glsp, the
// JSON-RPC framing from github.com/sourcegraph/jsonrpc2.
package lsp

import (
	"context"
	"io"
	"net/url"
	"path/filepath"
	"strconv"
	"strings"
	"sync"

	"github.com/sourcegraph/jsonrpc2"
	"github.com/tliron/glsp"
	protocol "github.com/tliron/glsp/protocol_3_16"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// fixAllKind is the kind of the action that makes every safe edit (LSP
// 3.17's source.fixAll, which glsp's 3.16 types lack).
const fixAllKind protocol.CodeActionKind = "source.fixAll"

// Options say where the server's linters come from.
type Options struct {
	// Linter returns the linter for a file in dir: the one its
	// .replylint.toml (found from dir upwards) describes. It is called on
	// every check, so it should keep what it builds. An error (a bad
	// config) is shown on the file's first line.
	Linter func(dir string) (*lint.Linter, error)
	// Version is replylint's, sent to the client.
	Version string
}

// Server serves one client. Its documents are the open ones, by URI.
type Server struct {
	opts    Options
	handler protocol.Handler
	mu      sync.Mutex
	docs    map[string]*document
}

// document is an open file and what its last check found.
type document struct {
	uri     string
	list    bool // a canned-reply list: a reply a line
	content string
	version int32
	found   []located
	safe    []protocol.TextEdit // every safe edit, for the fix-all action
}

// located is a finding with its diagnostic and its edits as text edits.
type located struct {
	diag  protocol.Diagnostic
	edits []lint.Edit
	texts []protocol.TextEdit
	match string
}

// New returns a server; Serve runs it on a connection.
func New(opts Options) *Server {
	s := &Server{opts: opts, docs: map[string]*document{}}
	s.handler = protocol.Handler{
		Initialize:             s.initialize,
		Initialized:            func(*glsp.Context, *protocol.InitializedParams) error { return nil },
		Shutdown:               func(*glsp.Context) error { return nil },
		SetTrace:               func(*glsp.Context, *protocol.SetTraceParams) error { return nil },
		TextDocumentDidOpen:    s.didOpen,
		TextDocumentDidChange:  s.didChange,
		TextDocumentDidClose:   s.didClose,
		TextDocumentDidSave:    func(*glsp.Context, *protocol.DidSaveTextDocumentParams) error { return nil },
		TextDocumentCodeAction: s.codeAction,
		WorkspaceDidChangeConfiguration: func(*glsp.Context, *protocol.DidChangeConfigurationParams) error {
			return nil
		},
	}
	return s
}

// Serve answers the client on rwc (standard input and output for `replylint
// lsp`) until it exits, the connection closes, or ctx is done.
func (s *Server) Serve(ctx context.Context, rwc io.ReadWriteCloser) error {
	// Requests are handled one at a time, in order: a didChange is always
	// checked before the codeAction that follows it.
	conn := jsonrpc2.NewConn(ctx, jsonrpc2.NewBufferedStream(rwc, jsonrpc2.VSCodeObjectCodec{}), jsonrpc2.HandlerWithError(s.handle))
	select {
	case <-conn.DisconnectNotify():
	case <-ctx.Done():
		conn.Close()
		return ctx.Err()
	}
	return nil
}

// handle hands a request to glsp's dispatch and maps its answer onto
// JSON-RPC errors.
func (s *Server) handle(ctx context.Context, conn *jsonrpc2.Conn, req *jsonrpc2.Request) (any, error) {
	gc := &glsp.Context{
		Method: req.Method,
		// A notification that cannot be sent means the client is gone;
		// the connection's end tells Serve.
		Notify: func(method string, params any) { _ = conn.Notify(ctx, method, params) },
		Call:   func(method string, params, result any) { _ = conn.Call(ctx, method, params, result) },
	}
	if req.Params != nil {
		gc.Params = *req.Params
	}
	if req.Method == protocol.MethodExit {
		return nil, conn.Close()
	}
	r, validMethod, validParams, err := s.handler.Handle(gc)
	switch {
	case !validMethod:
		if req.Notif {
			return nil, nil // notifications the server does not use ($/cancelRequest …)
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeMethodNotFound, Message: "method not supported: " + req.Method}
	case !validParams:
		msg := "invalid params"
		if err != nil {
			msg = err.Error()
		}
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidParams, Message: msg}
	case err != nil:
		return nil, &jsonrpc2.Error{Code: jsonrpc2.CodeInvalidRequest, Message: err.Error()}
	}
	return r, nil
}

func (s *Server) initialize(_ *glsp.Context, _ *protocol.InitializeParams) (any, error) {
	caps := s.handler.CreateServerCapabilities()
	// Replies are short: the whole text on each change is simpler and
	// never out of step.
	full := protocol.TextDocumentSyncKindFull
	caps.TextDocumentSync = &protocol.TextDocumentSyncOptions{OpenClose: &protocol.True, Change: &full}
	caps.CodeActionProvider = &protocol.CodeActionOptions{
		CodeActionKinds: []protocol.CodeActionKind{protocol.CodeActionKindQuickFix, fixAllKind},
	}
	version := s.opts.Version
	return protocol.InitializeResult{
		Capabilities: caps,
		ServerInfo:   &protocol.InitializeResultServerInfo{Name: "replylint", Version: &version},
	}, nil
}

func (s *Server) didOpen(gc *glsp.Context, p *protocol.DidOpenTextDocumentParams) error {
	d := &document{uri: p.TextDocument.URI, content: p.TextDocument.Text, version: p.TextDocument.Version,
		list: isList(p.TextDocument.URI, p.TextDocument.LanguageID)}
	s.mu.Lock()
	s.docs[d.uri] = d
	s.mu.Unlock()
	s.publish(gc, d)
	return nil
}

func (s *Server) didChange(gc *glsp.Context, p *protocol.DidChangeTextDocumentParams) error {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	if d == nil {
		return nil // a change to a file never opened: nothing to check against
	}
	for _, c := range p.ContentChanges {
		next, err := applyChange(d.content, c)
		if err != nil {
			return err
		}
		d.content = next
	}
	d.version = p.TextDocument.Version
	s.publish(gc, d)
	return nil
}

func (s *Server) didClose(gc *glsp.Context, p *protocol.DidCloseTextDocumentParams) error {
	s.mu.Lock()
	delete(s.docs, p.TextDocument.URI)
	s.mu.Unlock()
	// The file's diagnostics go with it.
	gc.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: p.TextDocument.URI, Diagnostics: []protocol.Diagnostic{}})
	return nil
}

// publish checks d and sends its diagnostics.
func (s *Server) publish(gc *glsp.Context, d *document) {
	diags := s.check(d)
	v := uint32(max(d.version, 0))
	gc.Notify(protocol.ServerTextDocumentPublishDiagnostics, protocol.PublishDiagnosticsParams{URI: d.uri, Version: &v, Diagnostics: diags})
}

// isList tells a canned-reply list (CSV, TSV) from prose.
func isList(uri, lang string) bool {
	switch strings.ToLower(lang) {
	case "csv", "tsv":
		return true
	}
	ext := strings.ToLower(filepath.Ext(uri))
	return ext == ".csv" || ext == ".tsv"
}

// dirOf is the folder of a file: URI, where its .replylint.toml is looked
// for; "" (the current folder) for an unsaved buffer.
func dirOf(uri string) string {
	u, err := url.Parse(uri)
	if err != nil || u.Scheme != "file" {
		return ""
	}
	return filepath.Dir(filepath.FromSlash(u.Path))
}

// source names replylint as the diagnostics' origin; a new string each
// time, as the protocol's types want a pointer.
func source() *string {
	s := "replylint"
	return &s
}

// check runs the linter on d, keeps what it found for code actions, and
// returns the diagnostics.
func (s *Server) check(d *document) []protocol.Diagnostic {
	d.found, d.safe = nil, nil
	t := newText(d.content)
	l, err := s.opts.Linter(dirOf(d.uri))
	if err != nil {
		sev := protocol.DiagnosticSeverityError
		return []protocol.Diagnostic{{Range: t.rangeOf(0, t.lineEnd(0)), Severity: &sev, Source: source(),
			Message: "replylint 配置有误：" + err.Error()}}
	}
	diags := []protocol.Diagnostic{}
	conv, starts := conversation(d.content, d.list)
	for _, f := range l.CheckConversation(conv) {
		if f.Scope == lint.ScopeConversation || isConversationRule(l, f.Rule) {
			continue // a file of replies is no conversation
		}
		k, _ := strconv.Atoi(f.MessageID)
		loc := locate(t, &f, starts[k])
		d.found = append(d.found, loc)
		diags = append(diags, loc.diag)
		for i, e := range loc.edits {
			if e.Safe {
				d.safe = append(d.safe, loc.texts[i])
			}
		}
	}
	return diags
}

// conversation makes the document's replies one draft conversation, so
// that inline directives run on from one reply to the next by line, as in
// the file; starts are the replies' code-point offsets in the document.
func conversation(content string, list bool) (*lint.Conversation, []int) {
	c := &lint.Conversation{ID: "lsp", Draft: true}
	var starts []int
	off, line := 0, 1
	for i, u := range units(content, list) {
		c.Messages = append(c.Messages, lint.Message{ID: strconv.Itoa(i), Role: lint.Agent, Text: u, Line: line, Column: 1, Verbatim: true})
		starts = append(starts, off)
		off += runeCount(u)
		line += strings.Count(u, "\n")
	}
	return c, starts
}

func isConversationRule(l *lint.Linter, id string) bool {
	_, ok := l.Rule(id).(rules.ConversationRule)
	return ok
}

func severity(s rules.Severity) protocol.DiagnosticSeverity {
	switch s {
	case rules.Error:
		return protocol.DiagnosticSeverityError
	case rules.Warning:
		return protocol.DiagnosticSeverityWarning
	}
	return protocol.DiagnosticSeverityInformation
}

// locate places f, a finding in the reply that starts at offset base of
// the document, in the document: a span where it has one, else the reply's
// first line.
func locate(t *text, f *lint.Finding, base int) located {
	start, end := base, t.lineEnd(base)
	if f.HasSpan() {
		start, end = base+f.Start, base+f.End
	}
	sev := severity(f.Severity)
	msg := f.Message
	if len(f.Suggestions) > 0 {
		msg += "（建议：" + strings.Join(f.Suggestions, " / ") + "）"
	}
	loc := located{match: f.Match, edits: f.Edits, diag: protocol.Diagnostic{
		Range: t.rangeOf(start, end), Severity: &sev, Source: source(),
		Code: &protocol.IntegerOrString{Value: f.Rule}, Message: msg,
	}}
	for _, e := range f.Edits {
		loc.texts = append(loc.texts, protocol.TextEdit{Range: t.rangeOf(base+e.Start, base+e.End), NewText: e.Text})
	}
	return loc
}

// codeAction offers the edits of the findings the range touches, and one
// action that makes every safe edit of the file.
func (s *Server) codeAction(_ *glsp.Context, p *protocol.CodeActionParams) (any, error) {
	s.mu.Lock()
	d := s.docs[p.TextDocument.URI]
	s.mu.Unlock()
	actions := []protocol.CodeAction{}
	if d == nil {
		return actions, nil
	}
	quick := protocol.CodeActionKindQuickFix
	for _, loc := range d.found {
		if !touches(loc.diag.Range, p.Range) {
			continue
		}
		for i, e := range loc.edits {
			actions = append(actions, protocol.CodeAction{
				Title: editTitle(loc.match, e), Kind: &quick, Diagnostics: []protocol.Diagnostic{loc.diag},
				IsPreferred: &e.Safe,
				Edit:        &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: {loc.texts[i]}}},
			})
		}
	}
	if edits := disjoint(d.safe); len(edits) > 0 {
		all := fixAllKind
		actions = append(actions, protocol.CodeAction{
			Title: "replylint：应用全部安全修改（" + strconv.Itoa(len(edits)) + " 处）", Kind: &all,
			Edit: &protocol.WorkspaceEdit{Changes: map[protocol.DocumentUri][]protocol.TextEdit{d.uri: edits}},
		})
	}
	return actions, nil
}

// editTitle names an edit in the editor's menu.
func editTitle(match string, e lint.Edit) string {
	title := "改为“" + e.Text + "”"
	if e.Text == "" {
		title = "删除“" + match + "”"
	}
	if e.Safe {
		title += "（安全）"
	}
	return "replylint：" + title
}

// touches reports whether a and b overlap or meet.
func touches(a, b protocol.Range) bool {
	return !before(a.End, b.Start) && !before(b.End, a.Start)
}

func before(p, q protocol.Position) bool {
	return p.Line < q.Line || p.Line == q.Line && p.Character < q.Character
}

// disjoint keeps, of edits in document order, those that do not overlap
// one kept before (a workspace edit's changes must not overlap).
func disjoint(edits []protocol.TextEdit) []protocol.TextEdit {
	var out []protocol.TextEdit
	for _, e := range edits {
		if len(out) > 0 && before(e.Range.Start, out[len(out)-1].Range.End) {
			continue
		}
		out = append(out, e)
	}
	return out
}
