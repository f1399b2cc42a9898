package lint

import (
	"context"
	"errors"
	"strings"
	"testing"
)

// pollCounter is a context that counts how often the check asks whether
// it is done, and is done from the given poll on (never when from is 0).
type pollCounter struct {
	context.Context
	polls, from int
}

func (c *pollCounter) Err() error {
	c.polls++
	if c.from > 0 && c.polls >= c.from {
		return context.Canceled
	}
	return nil
}

// TestContextInsideMessage: a server or MCP call that gives up on one
// long reply stops the check within it, not after it: the context is
// looked at between the rules of one message.
func TestContextInsideMessage(t *testing.T) {
	l := newTestLinter(t)
	c := draft(strings.Repeat("你好，可能明天到，我保证。", 500))

	counted := &pollCounter{Context: context.Background()}
	fs, err := l.CheckConversationContext(counted, c)
	if err != nil || len(fs) == 0 {
		t.Fatalf("never done: %d findings, %v", len(fs), err)
	}
	if counted.polls <= 2 { // before the message and at the end
		t.Fatalf("the context was asked %d times for one message, want it asked between its rules", counted.polls)
	}

	// Done from the second poll, inside the message: no findings, its error.
	fs, err = l.CheckConversationContext(&pollCounter{Context: context.Background(), from: 2}, c)
	if !errors.Is(err, context.Canceled) || fs != nil {
		t.Fatalf("done inside the message: %d findings, %v; want none and context.Canceled", len(fs), err)
	}
}

// TestFixContext: Fix's passes stop too when the context is done.
func TestFixContext(t *testing.T) {
	l := newTestLinter(t)
	text := strings.Repeat("你好，OK，你稍等。", 200)
	want, wantRem := l.Fix(text)
	got, rem, err := l.FixContext(context.Background(), text)
	if err != nil || got != want || len(rem) != len(wantRem) {
		t.Fatalf("FixContext never done = %d runes, %d remaining, %v; want Fix's %d runes, %d remaining", len([]rune(got)), len(rem), err, len([]rune(want)), len(wantRem))
	}
	got, rem, err = l.FixContext(&pollCounter{Context: context.Background(), from: 2}, text)
	if !errors.Is(err, context.Canceled) || got != "" || rem != nil {
		t.Fatalf("done inside the first pass: %q, %d remaining, %v; want nothing and context.Canceled", got, len(rem), err)
	}
}
