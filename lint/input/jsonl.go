package input

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"

	"github.com/replylint/replylint/lint"
)

type record struct {
	ID   string `json:"id"`
	Role string `json:"role"`
	Text string `json:"text"`
}

// readJSONL reads one message a line; each message is its own conversation
// unless records name one.
func readJSONL(name string, r io.Reader, fn func(*lint.Conversation) error) error {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64*1024), 64*1024*1024)
	line := 0
	for sc.Scan() {
		line++
		if len(sc.Bytes()) == 0 {
			continue
		}
		var rec record
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			return &Error{File: name, Line: line, Msg: fmt.Sprintf("bad JSON: %v", err)}
		}
		role := lint.Agent
		if rec.Role == "customer" || rec.Role == "user" {
			role = lint.Customer
		}
		err := fn(&lint.Conversation{File: name, Messages: []lint.Message{{ID: rec.ID, Role: role, Text: rec.Text, Line: line, Column: 1}}})
		if err != nil {
			return err
		}
	}
	return sc.Err()
}
