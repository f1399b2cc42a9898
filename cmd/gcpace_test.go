package cmd

import (
	"runtime/debug"
	"testing"

	"github.com/replylint/replylint/internal/batch"
)

// TestPaceForBatch: a check that reads more than batchPaceAfter runs the
// collector at Go's default pace, and the pace it had comes back after;
// the progress bar still hears of every byte; GOGC set by the user wins.
func TestPaceForBatch(t *testing.T) {
	t.Setenv("GOGC", "")
	before := debug.SetGCPercent(400)
	defer debug.SetGCPercent(before)
	var heard int64
	opts := batch.Options{Progress: func(n int64) { heard += n }}
	restore := paceForBatch(&opts)
	opts.Progress(batchPaceAfter / 2)
	if p := debug.SetGCPercent(400); p != 400 {
		t.Errorf("after %d bytes the pace is %d %%, want 400 %% still", batchPaceAfter/2, p)
	}
	opts.Progress(batchPaceAfter)
	if p := debug.SetGCPercent(100); p != 100 {
		t.Errorf("after %d bytes the pace is %d %%, want 100 %%", batchPaceAfter*3/2, p)
	}
	restore()
	if p := debug.SetGCPercent(400); p != 400 {
		t.Errorf("after the batch the pace is %d %%, want 400 %% back", p)
	}
	if heard != batchPaceAfter*3/2 {
		t.Errorf("the progress bar heard of %d bytes, want %d", heard, batchPaceAfter*3/2)
	}

	t.Setenv("GOGC", "400")
	opts = batch.Options{}
	restore = paceForBatch(&opts)
	if opts.Progress != nil {
		opts.Progress(2 * batchPaceAfter)
	}
	if p := debug.SetGCPercent(400); p != 400 {
		t.Errorf("with GOGC set the pace is %d %%, want it left alone", p)
	}
	restore()
}
