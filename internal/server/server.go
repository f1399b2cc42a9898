// Package server is replylint's HTTP JSON API (`replylint serve`), for chat
// tools that check a reply before it is sent:
//
//	POST /v1/check  {"text": "…"} or {"messages": [{"role", "text", "id", "time"}]}
//	                → {"findings": [...], "summary": {...}}
//	POST /v1/fix    {"text": "…", "apply": [edit ids]} → {"text": "…", "changed": bool, "findings": [...]}
//	                {"messages": [...]} → {"messages": [...], "findings": [...]}
//	GET  /healthz   → {"status": "ok"}
//	GET  /          the draft page (page.go)
//
// Findings have the JSON shape of `replylint check --format json`. Every
// error is a JSON body {"error": "…", "status": N} with a 4xx or 5xx status.
// One handler serves any number of concurrent requests with one Linter.
package server

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"mime"
	"net"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
)

// DefaultMaxBody is the request-body limit when Options leave it zero: a
// reply, or a long conversation, is far smaller.
const DefaultMaxBody = 1 << 20

// Defaults of the limits Options leave zero.
const (
	// DefaultTimeout is one request's time budget: a reply is checked in
	// milliseconds, so a request past it is starved, and answered 503.
	DefaultTimeout = 10 * time.Second
	// DefaultMaxInFlight bounds the requests checked at once; more are
	// answered 503 with Retry-After at once, so that memory stays bounded
	// whatever arrives. Two cores are busy with a handful.
	DefaultMaxInFlight = 64
)

// Options tune the handler.
type Options struct {
	// MaxBody is the largest request body accepted, in bytes; larger ones
	// get 413. Zero means DefaultMaxBody.
	MaxBody int64
	// Input are the transcript settings a conversation in a request is
	// read with (the role words of the config's [roles] …), the same as
	// check's; the zero value is the defaults.
	Input transcript.Options
	// Timeout is the time budget of one request, reading its body
	// excluded (the http.Server's timeouts bound that); past it the check
	// stops and the answer is 503. Zero means DefaultTimeout.
	Timeout time.Duration
	// MaxInFlight bounds the requests checked at once; zero means
	// DefaultMaxInFlight.
	MaxInFlight int
}

// New returns the API handler. The linter is shared by every request, so it
// is built once by the caller.
func New(l *lint.Linter, opts Options) http.Handler {
	return newHandler(l, opts).routes()
}

func newHandler(l *lint.Linter, opts Options) *handler {
	if opts.MaxBody <= 0 {
		opts.MaxBody = DefaultMaxBody
	}
	if opts.Timeout <= 0 {
		opts.Timeout = DefaultTimeout
	}
	if opts.MaxInFlight <= 0 {
		opts.MaxInFlight = DefaultMaxInFlight
	}
	return &handler{l: l, maxBody: opts.MaxBody, input: opts.Input, timeout: opts.Timeout, slots: make(chan struct{}, opts.MaxInFlight)}
}

func (h *handler) routes() http.Handler {
	check, fix := h.post(h.check), h.post(h.fix)
	mux := http.NewServeMux()
	mux.HandleFunc("/v1/check", check)
	mux.HandleFunc("/v1/fix", fix)
	mux.HandleFunc("/healthz", h.healthz)
	registerPage(mux)
	mux.HandleFunc("/", func(w http.ResponseWriter, r *http.Request) {
		writeError(w, http.StatusNotFound, "no such endpoint: %s (try POST /v1/check, POST /v1/fix, GET /healthz)", r.URL.Path)
	})
	return recoverJSON(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		// The API's two endpoints by their exact path first: the mux's
		// matching costs a chat tool's request more than its JSON does. Any
		// other path, an unclean one the mux redirects included, is the mux's.
		switch r.URL.Path {
		case "/v1/check":
			check(w, r)
		case "/v1/fix":
			fix(w, r)
		default:
			mux.ServeHTTP(w, r)
		}
	}))
}

// NewHTTPServer returns an http.Server for h with timeouts, so that a slow
// or stalled client cannot hold a connection (and its goroutine) forever.
func NewHTTPServer(addr string, h http.Handler) *http.Server {
	return &http.Server{
		Addr:              addr,
		Handler:           h,
		ReadHeaderTimeout: 5 * time.Second,
		ReadTimeout:       15 * time.Second,
		WriteTimeout:      30 * time.Second,
		IdleTimeout:       2 * time.Minute,
		MaxHeaderBytes:    64 << 10,
	}
}

// Serve runs srv on ln until ctx is done, then shuts down gracefully:
// it stops accepting, lets requests in flight finish for up to grace, and
// returns nil. Requests still running after grace are cut off (said on
// srv.ErrorLog), which is the end of a shutdown asked for, not a failure.
// An error that stops the server before that is returned.
func Serve(ctx context.Context, srv *http.Server, ln net.Listener, grace time.Duration) error {
	errc := make(chan error, 1)
	go func() { errc <- srv.Serve(ln) }()
	select {
	case err := <-errc:
		return err
	case <-ctx.Done():
	}
	sctx, cancel := context.WithTimeout(context.Background(), grace)
	defer cancel()
	if err := srv.Shutdown(sctx); err != nil {
		srv.Close()
		if srv.ErrorLog != nil {
			srv.ErrorLog.Printf("requests still running after the %v grace period were cut off", grace)
		}
	}
	if err := <-errc; !errors.Is(err, http.ErrServerClosed) {
		return err
	}
	return nil
}

type handler struct {
	l       *lint.Linter
	maxBody int64
	input   transcript.Options
	timeout time.Duration
	slots   chan struct{} // one for each request being checked
	bufs    buffers       // bodies read, answers written (encode.go)
	calls   calls         // the memory of requests being answered
}

// An endpoint answers a decoded request within ctx, its memory in cl
// (nil: its own).
type endpoint func(ctx context.Context, req *Request, cl *call) (any, error)

// call is the memory one request needs besides its body and its answer,
// in one piece that the handler pools: the request of a {"text": …} body,
// the conversation it is checked as, the time budget. They were three
// allocations a request (336 bytes of a short reply's 3,500). Nothing of
// it is kept past the request: the findings and answers hold strings of
// their own.
type call struct {
	text  textRequest
	draft draft
	ctx   budget
}

// room is where a request's conversation is made: cl's, or nil for one
// of its own.
func (cl *call) room() *draft {
	if cl == nil {
		return nil
	}
	return &cl.draft
}

// calls pools calls; a sync.Pool, so that their number follows the load.
type calls struct{ pool sync.Pool }

func (cs *calls) get() *call {
	if cl, ok := cs.pool.Get().(*call); ok {
		return cl
	}
	return new(call)
}

// put gives cl back, cleared: a pooled call holds no request's strings.
func (cs *calls) put(cl *call) {
	*cl = call{}
	cs.pool.Put(cl)
}

// Message is one turn of a conversation in a request, and of a fixed
// conversation in a /v1/fix answer.
type Message struct {
	ID   string `json:"id,omitempty"`
	Role string `json:"role,omitempty"`
	Text string `json:"text"`
	// Time is RFC 3339 (2024-05-01T10:00:03+08:00); the response-time rules
	// need it.
	Time string `json:"time,omitempty"`
}

// Request is the body of POST /v1/check and /v1/fix: a reply in Text, or a
// conversation in Messages.
type Request struct {
	Text         *string   `json:"text"`
	Messages     []Message `json:"messages"`
	Conversation string    `json:"conversation,omitempty"`
	// Complete is false for a conversation still going on (the history
	// plus the draft, before sending): rules that judge the end, such as
	// a missing closing, are skipped. Absent: the conversation has ended.
	Complete *bool `json:"complete,omitempty"`
	// Apply names edits of /v1/check's findings on the same text for
	// /v1/fix to make besides the safe ones (with "text" only).
	Apply []string `json:"apply,omitempty"`
}

// CheckResponse answers POST /v1/check.
type CheckResponse struct {
	Findings []lint.Finding `json:"findings"`
	Summary  *lint.Summary  `json:"summary"`
}

// FixResponse answers POST /v1/fix: the fixed reply (or conversation) and
// the findings that remain in it, which need the agent's judgement.
type FixResponse struct {
	Text     *string        `json:"text,omitempty"`
	Messages []Message      `json:"messages,omitempty"`
	Changed  bool           `json:"changed"`
	Findings []lint.Finding `json:"findings"`
	// Ignored are ids of the request's apply that name no edit of its text.
	Ignored []string `json:"ignored,omitempty"`
}

// post wraps an endpoint that takes a JSON Request by POST: method, content
// type, size, encoding and syntax are checked here, once, for every
// endpoint, and the endpoint runs in a slot of its own within the
// request's time budget.
func (h *handler) post(fn endpoint) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		if r.Method != http.MethodPost {
			w.Header().Set("Allow", http.MethodPost)
			writeError(w, http.StatusMethodNotAllowed, "%s %s: use POST with a JSON body", r.Method, r.URL.Path)
			return
		}
		if err := checkContentType(contentType(r.Header)); err != nil {
			writeError(w, http.StatusUnsupportedMediaType, "%v", err)
			return
		}
		cl := h.calls.get()
		defer h.calls.put(cl)
		// The body is read before a slot is taken, so that a slow
		// client holds its connection only, not a slot of the checks.
		req, status, err := h.read(w, r, &cl.text)
		if err != nil {
			writeError(w, status, "%v", err)
			return
		}
		select {
		case h.slots <- struct{}{}:
			defer func() { <-h.slots }()
		default:
			w.Header().Set("Retry-After", "1")
			writeError(w, http.StatusServiceUnavailable, "busy: %d requests are being checked; retry in a second", cap(h.slots))
			return
		}
		ctx := cl.ctx.start(r.Context(), h.timeout)
		defer ctx.stop()
		resp, err := fn(ctx, req, cl)
		if err == nil {
			err = ctx.Err() // a step that cannot stop midway finished late
		}
		if a, ok := resp.(answer); ok && err != nil {
			h.bufs.put(a.b) // not to be written
		}
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			writeError(w, http.StatusServiceUnavailable, "the check took longer than its budget of %v", h.timeout)
		case errors.Is(err, context.Canceled):
			// The client has gone: no one is left to answer.
		case err != nil:
			writeError(w, http.StatusBadRequest, "%v", err)
		default:
			h.writeOK(w, resp)
		}
	}
}

// read reads and decodes the body, or says with which status it is
// refused.
func (h *handler) read(w http.ResponseWriter, r *http.Request, room *textRequest) (*Request, int, error) {
	if r.ContentLength > h.maxBody {
		// Refused before a byte of it is read: the client may stop
		// sending it.
		return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body is larger than %d bytes", h.maxBody)
	}
	body := r.Body
	if r.ContentLength < 0 {
		// A body of unknown length (chunked) is cut at the limit. One with
		// a Content-Length, net/http ends there itself: a reader the less
		// to make (an allocation a request) and to go through on every read.
		body = http.MaxBytesReader(w, r.Body, h.maxBody)
	}
	buf := h.bufs.get()
	defer h.bufs.put(buf) // the decoded request holds no part of it
	if err := readBody(buf, body, r.ContentLength); err != nil {
		var tooBig *http.MaxBytesError
		var nerr net.Error
		switch {
		case errors.As(err, &tooBig):
			return nil, http.StatusRequestEntityTooLarge, fmt.Errorf("request body is larger than %d bytes", tooBig.Limit)
		case errors.As(err, &nerr) && nerr.Timeout():
			return nil, http.StatusRequestTimeout, errors.New("timed out reading the request body: send it whole, without pauses")
		}
		return nil, http.StatusBadRequest, fmt.Errorf("reading the request body: %v", err)
	}
	req, err := decode(buf.Bytes(), room)
	if err != nil {
		return nil, http.StatusBadRequest, err
	}
	return req, 0, nil
}

// invalidAt is the offset of the first byte of b that is not UTF-8.
func invalidAt(b []byte) int {
	for i := 0; i < len(b); {
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n <= 1 {
			return i
		}
		i += n
	}
	return len(b)
}

// contentType is h.Get("Content-Type"), looked up by the key as net/http
// stores it (canonical): Get makes the key canonical first, a look at each
// of its bytes, some 270 instructions a request.
func contentType(h http.Header) string {
	if v := h["Content-Type"]; len(v) > 0 {
		return v[0]
	}
	return ""
}

// checkContentType refuses a request body that is not UTF-8 JSON by its
// Content-Type.
func checkContentType(ct string) error {
	switch ct {
	case "application/json", "application/json; charset=utf-8", "application/json;charset=utf-8", "application/json; charset=UTF-8", "application/json;charset=UTF-8":
		// What clients send, taken without parsing it (whose parameter map
		// was an allocation every request); parseContentType takes them
		// alike (FuzzContentType).
		return nil
	}
	return parseContentType(ct)
}

func parseContentType(ct string) error {
	if ct == "" {
		return errors.New("Content-Type is missing: send application/json")
	}
	mt, params, err := mime.ParseMediaType(ct)
	if err != nil {
		return fmt.Errorf("bad Content-Type %q: send application/json", ct)
	}
	if mt != "application/json" {
		return fmt.Errorf("Content-Type %s is not supported: send application/json", mt)
	}
	if cs, ok := params["charset"]; ok && !strings.EqualFold(cs, "utf-8") {
		return fmt.Errorf("charset %s is not supported: send UTF-8", cs)
	}
	return nil
}

// valid refuses a well-formed request that asks for nothing, or too much.
func (req *Request) valid() (*Request, error) {
	switch {
	case req.Text != nil && req.Messages != nil:
		return nil, errors.New(`give "text" or "messages", not both`)
	case req.Text == nil && len(req.Messages) == 0:
		return nil, errors.New(`missing "text" (a reply) or "messages" (a conversation)`)
	}
	if req.Text != nil && len(*req.Text) > transcript.MaxMessageBytes {
		return nil, fmt.Errorf("text: %d bytes, more than the %d a message may have", len(*req.Text), transcript.MaxMessageBytes)
	}
	for i, m := range req.Messages {
		if len(m.Text) > transcript.MaxMessageBytes {
			return nil, fmt.Errorf("messages[%d]: %d bytes, more than the %d a message may have", i, len(m.Text), transcript.MaxMessageBytes)
		}
	}
	return req, nil
}

// draft is the conversation of a request's text and its one message,
// in one piece: a draft is what most requests are.
type draft struct {
	c   lint.Conversation
	msg [1]lint.Message
}

// conversation turns a request into what the linter checks. at maps each
// request message to its index in the conversation, or -1 for a message
// that is no one's turn (a system prompt, a tool's output); a request's
// text has no messages to map, and nil. A text's conversation is made in
// room, if not nil.
func (req *Request) conversation(in *transcript.Options, room *draft) (c *lint.Conversation, at []int, err error) {
	if req.Text != nil {
		if room == nil {
			room = new(draft)
		}
		room.msg = [1]lint.Message{{Role: lint.Agent, Text: *req.Text, Line: 1, Column: 1, Verbatim: true}}
		room.c = lint.Conversation{ID: req.Conversation, Draft: true, Messages: room.msg[:]}
		return &room.c, nil, nil
	}
	c = &lint.Conversation{ID: req.Conversation, InProgress: req.Complete != nil && !*req.Complete,
		Messages: make([]lint.Message, 0, len(req.Messages))} // at most one each
	at = make([]int, len(req.Messages))
	for i, m := range req.Messages {
		role, name, ok := lint.Agent, "", true
		if strings.TrimSpace(m.Role) != "" { // no role is the agent's, as in jsonl input
			role, name, ok = in.Roles.Classify(m.Role)
		}
		if !ok {
			return nil, nil, fmt.Errorf("messages[%d]: unknown role %q (agent: agent, assistant, 客服 …; customer: customer, user, 客户 …)", i, m.Role)
		}
		if role == "" {
			at[i] = -1
			continue
		}
		msg := lint.Message{ID: m.ID, Role: role, Speaker: name, Text: m.Text}
		if m.Time != "" {
			if msg.Time, err = transcript.ParseTime(m.Time); err != nil {
				return nil, nil, fmt.Errorf("messages[%d]: %v", i, err)
			}
		}
		at[i] = len(c.Messages)
		c.Messages = append(c.Messages, msg)
	}
	if len(c.Messages) == 0 {
		return nil, nil, errors.New("messages: no agent or customer message to check")
	}
	return c, at, nil
}

func (h *handler) check(ctx context.Context, req *Request, cl *call) (any, error) {
	c, _, err := req.conversation(&h.input, cl.room())
	if err != nil {
		return nil, err
	}
	// The answer is encoded while the linter still holds the findings,
	// which spares copying them out of its scratch memory.
	b := h.bufs.get()
	var encErr error
	err = h.l.CheckConversationFunc(ctx, c, func(fs []lint.Finding) error {
		encErr = checked{c, fs}.appendJSON(b)
		return nil
	})
	switch {
	case err != nil:
		h.bufs.put(b)
		return nil, err
	case encErr != nil:
		h.bufs.put(b)
		return encodingFailed{encErr}, nil
	}
	return answer{b}, nil
}

func (h *handler) fix(ctx context.Context, req *Request, cl *call) (any, error) {
	if req.Text != nil {
		chosen, ignored := applyChosen(h.l, *req.Text, req.Apply)
		fixed, rem, err := h.l.FixContext(ctx, chosen)
		if err != nil {
			return nil, err
		}
		return FixResponse{Text: &fixed, Changed: fixed != *req.Text, Findings: nonNil(rem), Ignored: ignored}, nil
	}
	if len(req.Apply) > 0 {
		return nil, errors.New(`"apply" goes with "text": edit ids are offsets into one reply`)
	}
	c, at, err := req.conversation(&h.input, cl.room())
	if err != nil {
		return nil, err
	}
	fixed, rem, err := h.l.FixConversationContext(ctx, c)
	if err != nil {
		return nil, err
	}
	resp := FixResponse{Messages: slices.Clone(req.Messages), Findings: nonNil(rem)}
	for i, j := range at {
		if j >= 0 && fixed.Messages[j].Text != req.Messages[i].Text {
			resp.Messages[i].Text = fixed.Messages[j].Text
			resp.Changed = true
		}
	}
	return resp, nil
}

func (h *handler) healthz(w http.ResponseWriter, r *http.Request) {
	if r.Method != http.MethodGet && r.Method != http.MethodHead {
		w.Header().Set("Allow", "GET, HEAD")
		writeError(w, http.StatusMethodNotAllowed, "%s /healthz: use GET", r.Method)
		return
	}
	writeJSON(w, http.StatusOK, map[string]string{"status": "ok"})
}

// nonNil makes "no findings" an empty JSON array rather than null, which
// clients would otherwise have to special-case.
func nonNil(fs []lint.Finding) []lint.Finding {
	if fs == nil {
		return []lint.Finding{}
	}
	return fs
}

// ErrorResponse is the body of every error answer.
type ErrorResponse struct {
	Error  string `json:"error"`
	Status int    `json:"status"`
}

func writeError(w http.ResponseWriter, status int, format string, args ...any) {
	writeJSON(w, status, ErrorResponse{Error: fmt.Sprintf(format, args...), Status: status})
}

func writeJSON(w http.ResponseWriter, status int, v any) {
	setJSONHeaders(w)
	w.WriteHeader(status)
	enc := json.NewEncoder(w)
	enc.SetEscapeHTML(false)
	// The status is sent; a failed write means the client has gone, and
	// there is no one left to tell.
	_ = enc.Encode(v)
}

// The values of the headers every answer has, read-only and shared by all
// answers: net/http only reads a header's values (Set and Add put a new
// slice in their place, an append to these full ones copies), so
// assigning them costs nothing where Set made two slices an answer.
var (
	jsonContentType = []string{"application/json; charset=utf-8"}
	noSniff         = []string{"nosniff"}
)

func setJSONHeaders(w http.ResponseWriter) {
	h := w.Header()
	h["Content-Type"] = jsonContentType
	h["X-Content-Type-Options"] = noSniff
}

// recoverJSON turns a panic in a handler into a JSON 500 for that request
// instead of a dropped connection, keeping the server up for the others.
func recoverJSON(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		defer func() {
			if v := recover(); v != nil {
				if v == http.ErrAbortHandler {
					panic(v)
				}
				writeError(w, http.StatusInternalServerError, "internal error: %v", v)
			}
		}()
		next.ServeHTTP(w, r)
	})
}
