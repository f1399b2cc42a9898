package score

import (
	"cmp"
	"container/heap"
	"slices"
)

// Lowest keeps the n lowest-scoring of the items offered to it, in memory
// that does not grow with the number offered: a report over a billion
// messages still shows its worst conversations. The order is by score,
// then more findings first, then the order of offering, so the same run
// always keeps and shows the same items.
type Lowest[T any] struct {
	n int
	h lowHeap[T]
	// seq numbers the offers, for the tie-break.
	seq int
}

// NewLowest keeps at most n items.
func NewLowest[T any](n int) Lowest[T] { return Lowest[T]{n: n} }

// Offer considers one item with its score and number of findings.
func (l *Lowest[T]) Offer(item T, score float64, findings int) {
	e := lowEntry[T]{item: item, score: score, findings: findings, seq: l.seq}
	l.seq++
	switch {
	case l.n <= 0:
	case len(l.h) < l.n:
		heap.Push(&l.h, e)
	case worse(e, l.h[0]):
		// The root is the best of the kept: the new, worse item takes
		// its place.
		l.h[0] = e
		heap.Fix(&l.h, 0)
	}
}

// Len is the number of items kept.
func (l *Lowest[T]) Len() int { return len(l.h) }

// Sorted returns the kept items, lowest score first.
func (l *Lowest[T]) Sorted() []T {
	es := slices.Clone(l.h)
	slices.SortFunc(es, func(a, b lowEntry[T]) int {
		if worse(a, b) {
			return -1
		}
		return 1
	})
	out := make([]T, len(es))
	for i, e := range es {
		out[i] = e.item
	}
	return out
}

type lowEntry[T any] struct {
	item     T
	score    float64
	findings int
	seq      int
}

// worse reports whether a ranks before b: lower score, then more
// findings, then offered earlier.
func worse[T any](a, b lowEntry[T]) bool {
	return cmp.Or(cmp.Compare(a.score, b.score), cmp.Compare(b.findings, a.findings), cmp.Compare(a.seq, b.seq)) < 0
}

// lowHeap is a max-heap by rank: its root is the best of the kept items,
// the first to go when a worse one comes.
type lowHeap[T any] []lowEntry[T]

func (h lowHeap[T]) Len() int           { return len(h) }
func (h lowHeap[T]) Less(i, j int) bool { return worse(h[j], h[i]) }
func (h lowHeap[T]) Swap(i, j int)      { h[i], h[j] = h[j], h[i] }
func (h *lowHeap[T]) Push(x any)        { *h = append(*h, x.(lowEntry[T])) }
func (h *lowHeap[T]) Pop() any {
	old := *h
	e := old[len(old)-1]
	*h = old[:len(old)-1]
	return e
}
