package server

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net"
	"strconv"
	"sync"
	"time"
)

// DefaultMaxConns bounds the connections open at once when Listen is given
// zero. An idle keep-alive connection costs net/http some 10–20 KB, so the
// bound keeps memory flat whatever number of clients connect.
const DefaultMaxConns = 1024

// Listen wraps ln for Serve:
//
//   - at most maxConns connections are open at once; one more is answered
//     503 with Retry-After, in the JSON error shape, and closed;
//   - the answers net/http writes itself, before any handler runs (400 for
//     a malformed request, 431 for headers over the limit), are rewritten
//     into the JSON error shape every other answer has.
func Listen(ln net.Listener, maxConns int) net.Listener {
	if maxConns <= 0 {
		maxConns = DefaultMaxConns
	}
	return &limitListener{Listener: ln, slots: make(chan struct{}, maxConns)}
}

type limitListener struct {
	net.Listener
	slots chan struct{}
}

func (l *limitListener) Accept() (net.Conn, error) {
	for {
		c, err := l.Listener.Accept()
		if err != nil {
			return nil, err
		}
		select {
		case l.slots <- struct{}{}:
			return &jsonErrorConn{Conn: c, release: func() { <-l.slots }}, nil
		default:
			go refuse(c, cap(l.slots))
		}
	}
}

// refuse answers a connection over the limit and closes it, without
// waiting long for a client that does not read.
func refuse(c net.Conn, max int) {
	defer c.Close()
	_ = c.SetWriteDeadline(time.Now().Add(time.Second))
	body := errorBody(503, fmt.Sprintf("busy: %d connections are open; retry in a second", max))
	fmt.Fprintf(c, "HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json; charset=utf-8\r\nRetry-After: 1\r\nConnection: close\r\nContent-Length: %d\r\n\r\n%s", len(body), body)
}

func errorBody(status int, msg string) []byte {
	b, _ := json.Marshal(ErrorResponse{Error: msg, Status: status})
	return b
}

// jsonErrorConn is a server connection that gives back its slot when
// closed and rewrites net/http's own plain-text error answers.
type jsonErrorConn struct {
	net.Conn
	release func()
	once    sync.Once
}

// goErrorHeaders is how every answer net/http writes by itself ends its
// headers (net/http's server.go); the handlers never answer text/plain.
const goErrorHeaders = "\r\nContent-Type: text/plain; charset=utf-8\r\nConnection: close\r\n\r\n"

func (c *jsonErrorConn) Write(p []byte) (int, error) {
	// Only an answer of net/http's own, which is written whole in one call,
	// starts with a status line of 4xx or 5xx and these headers.
	if len(p) > 9 && p[9] >= '4' && bytes.HasPrefix(p, []byte("HTTP/1.1 ")) && bytes.Contains(p, []byte(goErrorHeaders)) {
		if out, ok := jsonGoError(p); ok {
			if _, err := c.Conn.Write(out); err != nil {
				return 0, err
			}
			return len(p), nil
		}
	}
	return c.Conn.Write(p)
}

// jsonGoError turns "HTTP/1.1 431 Request Header Fields Too Large\r\n
// Content-Type: text/plain…\r\n\r\n431 Request Header Fields Too Large"
// into the same answer with a JSON body.
func jsonGoError(p []byte) ([]byte, bool) {
	head, text, ok := bytes.Cut(p, []byte(goErrorHeaders))
	if !ok {
		return nil, false
	}
	statusLine, _, _ := bytes.Cut(head, []byte("\r\n"))
	fields := bytes.Fields(statusLine)
	if len(fields) < 2 {
		return nil, false
	}
	status, err := strconv.Atoi(string(fields[1]))
	if err != nil || status < 400 {
		return nil, false
	}
	body := errorBody(status, string(text))
	var b bytes.Buffer
	b.Write(head)
	fmt.Fprintf(&b, "\r\nContent-Type: application/json; charset=utf-8\r\nConnection: close\r\nContent-Length: %d\r\n\r\n", len(body))
	b.Write(body)
	return b.Bytes(), true
}

func (c *jsonErrorConn) Close() error {
	c.once.Do(c.release)
	return c.Conn.Close()
}
