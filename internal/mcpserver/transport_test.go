package mcpserver

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"slices"
	"strings"
	"testing"

	"github.com/replylint/replylint/lint"
)

// session runs the server on input to its end and returns every line it
// wrote, decoded.
func session(t *testing.T, l *lint.Linter, input string, maxFrame int) []map[string]any {
	t.Helper()
	var out bytes.Buffer
	err := New(l, "test").Run(context.Background(), &StdioTransport{In: strings.NewReader(input), Out: &out, MaxFrame: maxFrame})
	if err != nil && !strings.Contains(err.Error(), "EOF") {
		t.Fatalf("session ended with %v", err)
	}
	var msgs []map[string]any
	sc := bufio.NewScanner(&out)
	sc.Buffer(nil, 1<<20)
	for sc.Scan() {
		var m map[string]any
		if err := json.Unmarshal(sc.Bytes(), &m); err != nil {
			t.Fatalf("output line %q: %v", sc.Text(), err)
		}
		msgs = append(msgs, m)
	}
	return msgs
}

const initialize = `{"jsonrpc":"2.0","id":0,"method":"initialize","params":{"protocolVersion":"2025-06-18","capabilities":{},"clientInfo":{"name":"pipe","version":"0"}}}
{"jsonrpc":"2.0","method":"notifications/initialized"}
`

// A client that pipes a burst of requests and closes its end gets every
// answer: the SDK's transport ended the session at EOF and lost them (no
// tool answer in 20 of 20 runs).
func TestBurstThenEOF(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	const calls = 20
	var in strings.Builder
	in.WriteString(initialize)
	for i := 1; i <= calls; i++ {
		fmt.Fprintf(&in, `{"jsonrpc":"2.0","id":%d,"method":"tools/call","params":{"name":"check_reply","arguments":{"text":"你好，可能明天到"}}}`+"\n", i)
	}
	for run := range 100 {
		answered := map[float64]bool{}
		for _, m := range session(t, l, in.String(), 0) {
			if id, ok := m["id"].(float64); ok && m["result"] != nil {
				answered[id] = true
			}
		}
		if len(answered) != calls+1 {
			t.Fatalf("run %d: %d of %d requests answered", run, len(answered), calls+1)
		}
	}
}

// A malformed line is answered with a JSON-RPC error and the session goes
// on: it used to end with exit status 2.
func TestMalformedLines(t *testing.T) {
	l, err := lint.New(lint.Config{})
	if err != nil {
		t.Fatal(err)
	}
	in := initialize +
		"not json\n" +
		`{"id":7,"method":"ping"}` + "\n" +
		`[{"jsonrpc":"2.0","id":8,"method":"ping"}]` + "\n" +
		`{"jsonrpc":"2.0","id":"big","method":"ping","params":{"pad":"` + strings.Repeat("x", 2048) + `"}}` + "\n" +
		`"just a string"` + "\n" +
		`{"jsonrpc":"2.0","id":9,"method":"ping"}` + "\n"
	msgs := session(t, l, in, 1024)
	type answer struct {
		id   any
		code float64
	}
	var got []answer
	for _, m := range msgs {
		a := answer{id: m["id"]}
		if e, ok := m["error"].(map[string]any); ok {
			a.code = e["code"].(float64)
		}
		got = append(got, a)
	}
	want := []answer{{0.0, 0}, {nil, -32700}, {7.0, -32600}, {nil, -32600}, {nil, -32600}, {nil, -32600}, {9.0, 0}}
	// The server answers requests on goroutines of its own and the
	// transport answers malformed lines at once, so the order of the
	// answers is not fixed: compare them as a set.
	key := func(as []answer) []string {
		out := make([]string, len(as))
		for i, a := range as {
			out[i] = fmt.Sprint(a)
		}
		slices.Sort(out)
		return out
	}
	if !slices.Equal(key(got), key(want)) {
		t.Errorf("answers (id, error code):\ngot  %v\nwant %v", got, want)
	}
}
