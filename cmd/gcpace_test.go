package cmd

import (
	"runtime"
	"runtime/debug"
	"runtime/metrics"
	"testing"

	"github.com/replylint/replylint/internal/batch"
)

// TestPaceForBatch: past batchPaceAfter bytes a check runs the collector
// at Go's default pace, and past batchConversations conversations as well
// at batchPercent of the live heap; the pace it had comes back after; the
// progress bar still hears of every byte; GOGC set by the user wins.
func TestPaceForBatch(t *testing.T) {
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(400)
	defer debug.SetGCPercent(before)
	pace := func() int { p := debug.SetGCPercent(-1); debug.SetGCPercent(p); return p }
	var heard int64
	opts := batch.Options{Progress: func(n int64) { heard += n }}
	p := paceForBatch(&opts)
	for range batchConversations {
		p.conversation() // many short conversations: not yet a batch
	}
	opts.Progress(batchPaceAfter / 2)
	if got := pace(); got != 400 {
		t.Errorf("after %d bytes the pace is %d %%, want 400 %% still", batchPaceAfter/2, got)
	}
	opts.Progress(batchPaceAfter)
	if got := pace(); got != 100 {
		t.Errorf("after %d bytes the pace is %d %%, want 100 %%", batchPaceAfter*3/2, got)
	}
	p.conversation() // one long reply: still 100 %
	if got := pace(); got != 100 {
		t.Errorf("after %d bytes and one conversation the pace is %d %%, want 100 %%", batchPaceAfter*3/2, got)
	}
	runtime.GC() // the live heap measured, as it is once a batch has run a while
	for range batchConversations {
		p.conversation()
	}
	live := []metrics.Sample{{Name: "/gc/heap/live:bytes"}}
	metrics.Read(live)
	want := batchPercent(live[0].Value.Uint64())
	if got := pace(); got != want {
		t.Errorf("a batch with %d MB live is paced at %d %%, want %d %%", live[0].Value.Uint64()>>20, got, want)
	}
	p.restore()
	if got := pace(); got != 400 {
		t.Errorf("after the batch the pace is %d %%, want 400 %% back", got)
	}
	if heard != batchPaceAfter*3/2 {
		t.Errorf("the progress bar heard of %d bytes, want %d", heard, batchPaceAfter*3/2)
	}

	t.Setenv("GOGC", "400")
	opts = batch.Options{}
	p = paceForBatch(&opts)
	if opts.Progress != nil {
		opts.Progress(2 * batchPaceAfter)
	}
	for range 2 * batchConversations {
		p.conversation()
	}
	if got := pace(); got != 400 {
		t.Errorf("with GOGC set the pace is %d %%, want it left alone", got)
	}
	p.restore()
}

// TestBatchPercent: the pace lets the heap grow to batchHeap, and no further
// from Go's default or nearer than a short check's pace.
func TestBatchPercent(t *testing.T) {
	for _, c := range []struct {
		live uint64
		want int
	}{
		{16 << 20, 300},      // 16 MB live: 48 more before collecting
		{22 << 20, 190},      // the dictionary and catalogue of today
		{32 << 20, 100},      // half of batchHeap: Go's default
		{8 << 20, 400},       // a small heap: no slower than a short check
		{48 << 20, 100},      // more live than half: Go's default, never less
		{200 << 20, 100},     // more live than batchHeap
		{0, minBatchPercent}, // nothing measured yet
	} {
		if got := batchPercent(c.live); got != c.want {
			t.Errorf("batchPercent(%d MB) = %d %%, want %d %%", c.live>>20, got, c.want)
		}
	}
}
