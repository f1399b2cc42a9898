package server

import (
	"context"
	"sync"
	"sync/atomic"
	"time"
)

// budget is a request's context within its time budget: its parent's
// (r.Context(), done when the client goes) with a deadline, as
// context.WithTimeout makes it, without what that costs every request — a
// timer armed and stopped, a registration with the parent, seven
// allocations, some 2 µs, a tenth of the handler's own share of a short
// reply's CPU. The linter only asks Err between its steps, which budget
// answers from the clock; Done, which nothing on a check's path waits on,
// makes the timer context on first use, and from then on Err is its.
type budget struct {
	context.Context
	deadline time.Time
	mu       sync.Mutex // over making timed
	timed    atomic.Pointer[timedContext]
}

// timedContext is what context.WithDeadline returns, made by Done.
type timedContext struct {
	context.Context
	cancel context.CancelFunc
}

// start makes b, a zero budget (a pooled request's, see call), parent's
// within d, and returns it.
func (b *budget) start(parent context.Context, d time.Duration) *budget {
	b.Context, b.deadline = parent, time.Now().Add(d)
	return b
}

func (b *budget) Deadline() (time.Time, bool) {
	if d, ok := b.Context.Deadline(); ok && d.Before(b.deadline) {
		return d, true
	}
	return b.deadline, true
}

func (b *budget) Done() <-chan struct{} {
	if t := b.timed.Load(); t != nil {
		return t.Done()
	}
	b.mu.Lock()
	defer b.mu.Unlock()
	t := b.timed.Load()
	if t == nil {
		ctx, cancel := context.WithDeadline(b.Context, b.deadline)
		t = &timedContext{ctx, cancel}
		b.timed.Store(t)
	}
	return t.Done()
}

// Err is asked between every two rules of a check: an atomic load, the
// parent's (another) and the monotonic clock only (time.Until reads one
// clock where time.Now().Before reads the wall clock too: half of Err's
// time, BenchmarkBudgetErr).
func (b *budget) Err() error {
	if t := b.timed.Load(); t != nil {
		return t.Err()
	}
	if err := b.Context.Err(); err != nil {
		return err
	}
	if time.Until(b.deadline) <= 0 {
		return context.DeadlineExceeded
	}
	return nil
}

// stop releases the timer, if Done made one: the end of the request.
func (b *budget) stop() {
	b.mu.Lock()
	defer b.mu.Unlock()
	if t := b.timed.Load(); t != nil {
		t.cancel()
	}
}
