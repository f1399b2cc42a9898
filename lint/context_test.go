package lint

import (
	"context"
	"errors"
	"reflect"
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

// A short message's rules run without asking the context between them:
// it is asked before the message and at the end only.
func TestContextShortMessage(t *testing.T) {
	l := newTestLinter(t)
	for _, text := range []string{"你好，可能明天到，我保证。", strings.Repeat("好", pollRunes)} {
		counted := &pollCounter{Context: context.Background()}
		if fs, err := l.CheckConversationContext(counted, draft(text)); err != nil || len(fs) == 0 && len(text) < 100 {
			t.Fatalf("never done: %d findings, %v", len(fs), err)
		}
		if counted.polls != 2 {
			t.Errorf("a message of %d runes: the context was asked %d times, want 2", len([]rune(text)), counted.polls)
		}
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

// CheckConversationFunc hands fn the findings CheckConversationContext
// returns, edits included, once, also when there are none; a copy of them
// made inside fn stays the same after the next checks reuse the memory fn
// saw; fn's error is the call's, and a done context means no call.
func TestCheckConversationFunc(t *testing.T) {
	l, err := New(Config{})
	if err != nil {
		t.Fatal(err)
	}
	convs := genCorpus(300, 0.3)
	edits := 0
	for _, c := range convs {
		want, err := l.CheckConversationContext(context.Background(), c)
		if err != nil {
			t.Fatal(err)
		}
		calls, same := 0, false
		var got []Finding
		err = l.CheckConversationFunc(context.Background(), c, func(fs []Finding) error {
			calls++
			same = len(fs) == len(want) && (len(fs) == 0 || reflect.DeepEqual(fs, want))
			got = ownFindings(fs)
			return nil
		})
		if err != nil || calls != 1 || !same {
			t.Fatalf("%s: %d calls, %v\n got %s\nwant %s", c.ID, calls, err, brief(got), brief(want))
		}
		// Checks that reuse the arena leave the copy as it was.
		l.CheckText("呵呵，OK的，可能明天到")
		if !reflect.DeepEqual(got, want) {
			t.Fatalf("%s: the findings copied in fn changed after the next check", c.ID)
		}
		for _, f := range want {
			edits += len(f.Edits)
		}
	}
	if edits == 0 {
		t.Fatal("no finding with edits: the corpus proves nothing about them")
	}
	stop := errors.New("stop")
	if err := l.CheckConversationFunc(context.Background(), convs[0], func([]Finding) error { return stop }); err != stop {
		t.Errorf("fn's error: got %v", err)
	}
	ctx, cancel := context.WithCancel(context.Background())
	cancel()
	called := false
	if err := l.CheckConversationFunc(ctx, convs[0], func([]Finding) error { called = true; return nil }); !errors.Is(err, context.Canceled) || called {
		t.Errorf("done context: %v, fn called %v", err, called)
	}
}
