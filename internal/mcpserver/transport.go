package mcpserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"sync"

	"github.com/modelcontextprotocol/go-sdk/jsonrpc"
	"github.com/modelcontextprotocol/go-sdk/mcp"
)

// MaxFrame is the largest message (one line) the stdio transport reads; a
// longer one is answered with an error and skipped, and the session goes
// on.
const MaxFrame = 16 << 20

// StdioTransport is newline-delimited JSON-RPC on a reader and a writer, as
// MCP's stdio transport is, made for a client that pipes requests in:
//
//   - every request read before the end of input is answered before the
//     session ends (the SDK's transport ended the session at EOF and lost
//     the answers still being computed);
//   - a line that is not JSON is answered with a parse error (-32700), one
//     that is not a JSON-RPC message — no "jsonrpc": "2.0", a batch array,
//     a frame over MaxFrame — with an invalid-request error (-32600), and
//     the session goes on.
type StdioTransport struct {
	In  io.Reader
	Out io.Writer
	// MaxFrame overrides the package's MaxFrame when positive (tests).
	MaxFrame int
}

// Connect implements mcp.Transport.
func (t *StdioTransport) Connect(context.Context) (mcp.Connection, error) {
	limit := t.MaxFrame
	if limit <= 0 {
		limit = MaxFrame
	}
	c := &stdioConn{
		out:      t.Out,
		incoming: make(chan jsonrpc.Message),
		closed:   make(chan struct{}),
		pending:  map[any]int{},
	}
	c.idle = sync.NewCond(&c.mu)
	go c.readLoop(bufio.NewReaderSize(t.In, 64<<10), limit)
	return c, nil
}

type stdioConn struct {
	out     io.Writer
	writeMu sync.Mutex

	incoming chan jsonrpc.Message // valid messages, in the order read
	readErr  error                // why incoming was closed (io.EOF at the end of input)

	mu      sync.Mutex
	idle    *sync.Cond  // signalled when pending may have emptied, or on close
	pending map[any]int // ids of requests read and not yet answered
	broken  bool        // closed, or the output failed: no answer can come

	closeOnce sync.Once
	closed    chan struct{}
}

// readLoop reads lines until the end of input, hands the valid messages
// to Read, answers the malformed ones itself, and at the end waits for
// every pending request to be answered before Read reports the end.
func (c *stdioConn) readLoop(r *bufio.Reader, limit int) {
	defer close(c.incoming)
	for {
		line, tooLong, err := readFrame(r, limit)
		if tooLong {
			c.writeError(nil, jsonrpc.CodeInvalidRequest, fmt.Sprintf("message larger than %d bytes", limit))
		} else if len(bytes.TrimSpace(line)) > 0 {
			if msg := c.parse(line); msg != nil && !c.deliver(msg) {
				c.readErr = io.ErrClosedPipe
				return
			}
		}
		if err != nil {
			c.waitAnswered()
			c.readErr = err
			return
		}
	}
}

// readFrame reads one line of at most limit bytes (without its newline).
// A longer line is read to its end and dropped: tooLong.
func readFrame(r *bufio.Reader, limit int) (line []byte, tooLong bool, err error) {
	var buf []byte
	for {
		chunk, err := r.ReadSlice('\n')
		if !tooLong {
			if len(buf)+len(chunk) > limit+1 { // +1: the newline
				tooLong, buf = true, nil
			} else {
				buf = append(buf, chunk...)
			}
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(buf, []byte("\n")), tooLong, err
	}
}

// parse returns the message on line, or answers why it is none and
// returns nil.
func (c *stdioConn) parse(line []byte) jsonrpc.Message {
	line = bytes.TrimSpace(line)
	if !json.Valid(line) {
		c.writeError(nil, jsonrpc.CodeParseError, "parse error: not JSON")
		return nil
	}
	if line[0] == '[' {
		c.writeError(nil, jsonrpc.CodeInvalidRequest, "batches are not supported: send one message a line")
		return nil
	}
	var head struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
	}
	if line[0] != '{' || json.Unmarshal(line, &head) != nil {
		c.writeError(nil, jsonrpc.CodeInvalidRequest, "not a JSON-RPC message: want an object")
		return nil
	}
	id := validID(head.ID)
	if head.JSONRPC != "2.0" {
		c.writeError(id, jsonrpc.CodeInvalidRequest, `not a JSON-RPC 2.0 message: want "jsonrpc": "2.0"`)
		return nil
	}
	msg, err := jsonrpc.DecodeMessage(line)
	if err != nil {
		c.writeError(id, jsonrpc.CodeInvalidRequest, "invalid request: "+err.Error())
		return nil
	}
	return msg
}

// validID is a request's id as it may be echoed in an error: a string or
// a number; anything else is answered with a null id.
func validID(raw json.RawMessage) json.RawMessage {
	var v any
	if json.Unmarshal(raw, &v) != nil {
		return nil
	}
	switch v.(type) {
	case string, float64:
		return raw
	}
	return nil
}

// deliver hands msg to Read, counting a request as pending first so that
// the end of input waits for its answer. It is false once the connection
// is closed.
func (c *stdioConn) deliver(msg jsonrpc.Message) bool {
	req, isCall := msg.(*jsonrpc.Request)
	isCall = isCall && req.ID.IsValid()
	if isCall {
		c.mu.Lock()
		c.pending[req.ID.Raw()]++
		c.mu.Unlock()
	}
	select {
	case c.incoming <- msg:
		return true
	case <-c.closed:
		return false
	}
}

// waitAnswered blocks until no request is pending or no answer can come.
func (c *stdioConn) waitAnswered() {
	c.mu.Lock()
	defer c.mu.Unlock()
	for len(c.pending) > 0 && !c.broken {
		c.idle.Wait()
	}
}

// Read implements mcp.Connection.
func (c *stdioConn) Read(ctx context.Context) (jsonrpc.Message, error) {
	select {
	case msg, ok := <-c.incoming:
		if !ok {
			return nil, c.readErr
		}
		return msg, nil
	case <-c.closed:
		return nil, io.EOF
	case <-ctx.Done():
		return nil, ctx.Err()
	}
}

// Write implements mcp.Connection; an answer clears its request.
func (c *stdioConn) Write(_ context.Context, msg jsonrpc.Message) error {
	data, err := jsonrpc.EncodeMessage(msg)
	if err != nil {
		return err
	}
	err = c.writeLine(data)
	if resp, ok := msg.(*jsonrpc.Response); ok && resp.ID.IsValid() {
		c.answered(resp.ID.Raw())
	}
	return err
}

func (c *stdioConn) answered(id any) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if n := c.pending[id]; n > 1 {
		c.pending[id] = n - 1
	} else {
		delete(c.pending, id)
	}
	c.idle.Broadcast()
}

func (c *stdioConn) writeLine(data []byte) error {
	c.writeMu.Lock()
	defer c.writeMu.Unlock()
	_, err := c.out.Write(append(data, '\n'))
	if err != nil {
		c.mu.Lock()
		c.broken = true // no answer can reach the client any more
		c.idle.Broadcast()
		c.mu.Unlock()
	}
	return err
}

// writeError answers a malformed message; id is its raw id, nil for null.
func (c *stdioConn) writeError(id json.RawMessage, code int, message string) {
	if id == nil {
		id = json.RawMessage("null")
	}
	data, err := json.Marshal(struct {
		JSONRPC string          `json:"jsonrpc"`
		ID      json.RawMessage `json:"id"`
		Error   jsonrpc.Error   `json:"error"`
	}{"2.0", id, jsonrpc.Error{Code: int64(code), Message: message}})
	if err == nil {
		// A failed write marks the connection broken; the next answer
		// the SDK writes reports it.
		_ = c.writeLine(data)
	}
}

// Close implements mcp.Connection.
func (c *stdioConn) Close() error {
	c.closeOnce.Do(func() {
		close(c.closed)
		c.mu.Lock()
		c.broken = true
		c.idle.Broadcast()
		c.mu.Unlock()
	})
	return nil
}

// SessionID implements mcp.Connection: stdio has one session.
func (c *stdioConn) SessionID() string { return "" }
