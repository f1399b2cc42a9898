package server

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"sync"
	"unicode/utf8"

	"github.com/replylint/replylint/internal/jsonscan"
	"github.com/replylint/replylint/lint"
)

// The JSON path of a request without reflection where the profile of
// POST /v1/check under load pointed: encoding/json's encoder took two
// fifths of a short reply's handler, most of it re-scanning (compacting)
// what each Finding's MarshalJSON had written, and the decoder copied the
// body once more into a buffer of its own. The answers are byte for byte
// what writeJSON writes (TestFastJSONIsEncodingJSON).

// buffers are the handler's reusable byte buffers, for bodies read and
// answers written; a sync.Pool, so that their number follows the load.
type buffers struct{ pool sync.Pool }

// maxPooled is the largest buffer kept for reuse: a rare large body
// should not pin its memory after it is answered.
const maxPooled = 64 << 10

func (bs *buffers) get() *bytes.Buffer {
	if b, ok := bs.pool.Get().(*bytes.Buffer); ok {
		return b
	}
	return new(bytes.Buffer)
}

func (bs *buffers) put(b *bytes.Buffer) {
	if b.Cap() <= maxPooled {
		b.Reset()
		bs.pool.Put(b)
	}
}

// readBody reads r into buf, which it sizes once from the Content-Length
// up to maxPooled: past that the buffer grows with what actually arrives,
// so that a client announcing a megabyte and sending it slowly, or never,
// holds no more memory than it sent (a thousand such connections would
// otherwise pin a gigabyte).
func readBody(buf *bytes.Buffer, r io.Reader, contentLength int64) error {
	if contentLength > 0 {
		buf.Grow(int(min(contentLength, maxPooled)) + 1) // +1: ReadFrom stops at EOF without regrowing
	}
	_, err := buf.ReadFrom(r)
	return err
}

// decode decodes a request body, or says why it is refused. A body must
// be UTF-8: encoding/json would put U+FFFD in place of every bad byte, and
// a GBK body would be checked as mojibake, its hits missed. A body that
// json.Unmarshal takes whole is exactly one that the streaming decoder
// takes with nothing after it; any other goes through decodeStream for the
// message of what is wrong with it.
//
// A {"text": …} body is decoded into room, if not nil.
func decode(body []byte, room *textRequest) (*Request, error) {
	if text, ok := onlyText(body); ok {
		if room == nil {
			room = new(textRequest)
		}
		*room = textRequest{text: text}
		room.req.Text = &room.text
		return room.req.valid()
	}
	if !utf8.Valid(body) {
		return nil, fmt.Errorf("the body is not UTF-8 (first bad byte at offset %d): send UTF-8 JSON", invalidAt(body))
	}
	var req Request
	if err := json.Unmarshal(body, &req); err != nil {
		return decodeStream(body)
	}
	return req.valid()
}

// textRequest is the request of a {"text": …} body and the text it
// points at, in one piece.
type textRequest struct {
	req  Request
	text string
}

// onlyText is the text of a body that is {"text": "…"} and nothing else,
// with a string that needs no unescaping (no backslash, no control
// character): what a chat tool checking its draft sends. It is taken as
// json.Unmarshal would take it, without reflection, in one pass over the
// body that also checks it is UTF-8 (all but the string is ASCII, matched
// byte for byte); ok is false for any other body, which goes to
// encoding/json.
func onlyText(body []byte) (text string, ok bool) {
	// The compact form, as encoders write it, at once; with white space
	// between the tokens, token by token.
	b, ok := bytes.CutPrefix(body, []byte(`{"text":"`))
	if !ok {
		b = body
		for _, tok := range [...]string{"{", `"text"`, ":", `"`} {
			if b, ok = bytes.CutPrefix(trimJSONSpace(b), []byte(tok)); !ok {
				return "", false
			}
		}
	}
	end, ok := jsonscan.PlainRun(b, 0)
	if !ok || end == len(b) || b[end] != '"' {
		return "", false
	}
	rest, ok := bytes.CutPrefix(trimJSONSpace(b[end+1:]), []byte("}"))
	if !ok || len(trimJSONSpace(rest)) > 0 {
		return "", false
	}
	return string(b[:end]), true
}

// trimJSONSpace drops the white space JSON allows between tokens.
func trimJSONSpace(b []byte) []byte {
	for len(b) > 0 && (b[0] == ' ' || b[0] == '\t' || b[0] == '\r' || b[0] == '\n') {
		b = b[1:]
	}
	return b
}

func decodeStream(body []byte) (*Request, error) {
	dec := json.NewDecoder(bytes.NewReader(body))
	var req Request
	if err := dec.Decode(&req); err != nil {
		if errors.Is(err, io.EOF) {
			return nil, errors.New("empty body: send {\"text\": \"…\"} or {\"messages\": [...]}")
		}
		return nil, fmt.Errorf("bad JSON: %v", err)
	}
	// Anything after the object is a client bug worth reporting.
	if _, err := dec.Token(); !errors.Is(err, io.EOF) {
		return nil, errors.New("bad JSON: more than one value in the body")
	}
	return req.valid()
}

// checked is a check's answer before it is written: the CheckResponse
// of its findings and their summary, which writeOK writes straight from
// the conversation and its findings, without making the Summary.
type checked struct {
	c  *lint.Conversation
	fs []lint.Finding
}

// response is the answer as writeJSON encodes it.
func (ch checked) response() CheckResponse {
	sum := lint.NewSummary()
	sum.Add(ch.c, ch.fs)
	return CheckResponse{Findings: nonNil(ch.fs), Summary: sum}
}

// appendJSON appends ch's answer as writeJSON encodes its response: the
// findings by their own AppendJSON (json.Marshal's output of their
// Record, which the encoder would copy unchanged, HTML escaping being
// off), the summary by lint.AppendSummaryJSON (json.Marshal's) too unless
// that escaped an HTML character, which the encoder, HTML escaping being
// off, writes as it is.
func (ch checked) appendJSON(b *bytes.Buffer) error {
	out := append(b.AvailableBuffer(), `{"findings":[`...)
	for i := range ch.fs {
		if i > 0 {
			out = append(out, ',')
		}
		out = ch.fs[i].AppendJSON(out)
	}
	out = append(out, `],"summary":`...)
	sum := len(out)
	out = lint.AppendSummaryJSON(out, ch.c, ch.fs)
	if !bytes.Contains(out[sum:], []byte(`\u00`)) {
		b.Write(append(out, "}\n"...))
		return nil
	}
	// A key with <, > or & (\u003c, \u003e, \u0026; any other \u00
	// escape is written alike either way): a category of a custom rule.
	b.Write(out[:sum])
	enc := json.NewEncoder(b)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(ch.response().Summary); err != nil {
		return err
	}
	b.Truncate(b.Len() - 1) // Encode's newline, which ends the whole answer instead
	b.WriteString("}\n")
	return nil
}

// answer is a check's answer encoded (appendJSON) in a pooled buffer,
// which writeOK writes and gives back.
type answer struct{ b *bytes.Buffer }

// encodingFailed is a check whose answer could not be encoded: a 500.
type encodingFailed struct{ err error }

// writeOK answers 200 with resp, as writeJSON does; a check's answer
// comes encoded already, without reflection.
func (h *handler) writeOK(w http.ResponseWriter, resp any) {
	switch a := resp.(type) {
	case answer:
		defer h.bufs.put(a.b)
		setJSONHeaders(w)
		w.WriteHeader(http.StatusOK)
		// The status is sent; a failed write means the client has gone.
		_, _ = w.Write(a.b.Bytes())
	case encodingFailed:
		writeError(w, http.StatusInternalServerError, "encoding the answer: %v", a.err)
	default:
		writeJSON(w, http.StatusOK, resp)
	}
}
