package rules

import (
	"reflect"
	"testing"
)

// TestTextReset holds a Text reset after a message that filled its state
// and memory to a new one: its state that of a new Text of the next
// message, its memory (every slice of it, whatever is added there later)
// empty.
func TestTextReset(t *testing.T) {
	m, err := NewTextModel(TextSpec{
		Artefacts: []Artefact{{ID: "n", Pattern: `[0-9]{2,4}`}},
		Variants:  []Variant{{From: []rune("灰常"), To: []rune("非常")}},
	})
	if err != nil {
		t.Fatal(err)
	}
	first, next := []rune("“灰常”好的，订单1234到了AB"), []rune("您好")
	tx := NewText(first, first, []rune("“灰常”好的，订单1234到了ab"), nil)
	tx.SetModel(m)
	tx.SetFull()
	_, _ = tx.String(), tx.FoldString()
	tx.Quoted(1, 2)
	tx.progMem()
	tx.utf8(first)
	tx.Reset(next, next, next, nil)
	fresh := NewText(next, next, next, nil)
	if tx.textState != fresh.textState || tx.Written != nil {
		t.Errorf("state after Reset %+v (written %q), want %+v", tx.textState, string(tx.Written), fresh.textState)
	}
	mem := reflect.ValueOf(tx.textMem)
	for i := range mem.NumField() {
		if f := mem.Field(i); f.Kind() == reflect.Slice && f.Len() != 0 {
			t.Errorf("textMem.%s holds %d after Reset", mem.Type().Field(i).Name, f.Len())
		}
	}
	// A slice one long message grew is let go; the others are kept.
	tx.toks = make([]Token, 1, maxReused+1)
	tx.Reset(next, next, next, nil)
	if cap(tx.toks) != 0 || cap(tx.buf) == 0 || len(tx.buf) != 0 {
		t.Errorf("after Reset of a grown slice: toks cap %d (want 0), buf len %d cap %d (want 0, kept)", cap(tx.toks), len(tx.buf), cap(tx.buf))
	}
}

// TestIsBreakBlocks holds IsBreak, which looks the runes of a few blocks
// up in tables, to the Unicode tables it was made of, over the whole
// range of runes.
func TestIsBreakBlocks(t *testing.T) {
	for r := rune(-1); r <= 0x110000; r++ {
		if got, want := IsBreak(r), isBreakRune(r); got != want {
			t.Fatalf("IsBreak(%U) = %v, want %v", r, got, want)
		}
	}
}

// TestEndingAfter holds endingAfter to the first span, in order, that ends
// after the offset, over every offset of a few lists of spans.
func TestEndingAfter(t *testing.T) {
	for _, spans := range [][]Span{nil, {{0, 1}}, {{2, 4}, {4, 5}, {7, 9}}, {{0, 3}, {5, 6}, {6, 8}, {10, 20}, {21, 22}}} {
		for i := -1; i <= 23; i++ {
			want := len(spans)
			for k, sp := range spans {
				if sp.End > i {
					want = k
					break
				}
			}
			if got := endingAfter(spans, i); got != want {
				t.Errorf("endingAfter(%v, %d) = %d, want %d", spans, i, got, want)
			}
		}
	}
}
