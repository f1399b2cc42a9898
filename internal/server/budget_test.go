package server

import (
	"context"
	"errors"
	"reflect"
	"testing"
	"time"

	"github.com/replylint/replylint/lint/transcript"
)

type budgetKey struct{}

// A budget answers as context.WithTimeout's context would: nil while
// within it and its parent goes on, DeadlineExceeded past it, Canceled
// when the parent is, the earlier deadline, the parent's values; and its
// Done closes for the same reasons, with Err agreeing.
func TestBudgetIsATimeoutContext(t *testing.T) {
	parent := context.WithValue(context.Background(), budgetKey{}, "v")
	within := new(budget).start(parent, time.Hour)
	defer within.stop()
	if err := within.Err(); err != nil {
		t.Errorf("within the budget: %v", err)
	}
	if v := within.Value(budgetKey{}); v != "v" {
		t.Errorf("the parent's value: %v", v)
	}
	past := new(budget).start(parent, -time.Nanosecond)
	defer past.stop()
	if err := past.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past the budget: %v, want DeadlineExceeded", err)
	}
	<-past.Done() // closed at once: the deadline has passed
	if err := past.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("past the budget, Done closed: %v", err)
	}

	early, cancel := context.WithDeadline(parent, time.Now().Add(time.Minute))
	b := new(budget).start(early, time.Hour)
	if d, _ := b.Deadline(); d.After(time.Now().Add(2 * time.Minute)) {
		t.Errorf("deadline %v: want the parent's, a minute away", d)
	}
	cancel()
	if err := b.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("parent canceled: %v, want Canceled", err)
	}
	<-b.Done()
	b.stop()

	// Done asked for before the end: it closes when the budget is spent.
	soon := new(budget).start(parent, time.Millisecond)
	done := soon.Done()
	<-done
	if err := soon.Err(); !errors.Is(err, context.DeadlineExceeded) {
		t.Errorf("Done closed: Err %v, want DeadlineExceeded", err)
	}
	soon.stop()

	// stop ends a budget whose Done was asked for, as a CancelFunc does.
	stopped := new(budget).start(parent, time.Hour)
	done = stopped.Done()
	stopped.stop()
	<-done
	if err := stopped.Err(); !errors.Is(err, context.Canceled) {
		t.Errorf("stopped: %v, want Canceled", err)
	}
}

// BenchmarkBudgetErr is what the linter pays between every two rules of a
// check.
func BenchmarkBudgetErr(b *testing.B) {
	ctx := new(budget).start(context.Background(), time.Hour)
	defer ctx.stop()
	for b.Loop() {
		if ctx.Err() != nil {
			b.Fatal("past the budget")
		}
	}
}

// A request's pooled memory goes back holding nothing of it: no text,
// conversation or context of a request reaches the next one.
func TestCallPutClears(t *testing.T) {
	var cs calls
	cl := cs.get()
	req, err := decode([]byte(`{"text":"你好，OK的"}`), &cl.text)
	if err != nil {
		t.Fatal(err)
	}
	if _, _, err := req.conversation(&transcript.Options{}, cl.room()); err != nil {
		t.Fatal(err)
	}
	cl.ctx.start(context.Background(), time.Hour).stop()
	if cl.draft.c.Messages[0].Text != "你好，OK的" || req != &cl.text.req {
		t.Fatalf("the request was not made in the call's memory: %+v", cl)
	}
	cs.put(cl)
	if zero := new(call); !reflect.DeepEqual(cl, zero) {
		t.Errorf("a call given back still holds %+v", cl)
	}
}
