package rules

import "slices"

// Variant is an internet spelling of a standard word, as many runes long
// as the word (镁铝 for 美女, 灰常 for 非常), both normalised. The text model
// writes the word over the spelling in Norm and Fold, so that every rule
// reads the standard word while offsets stay those of the text as written;
// Text.Written keeps the spelling for the rules that ban the spelling itself.
type Variant struct {
	From, To []rune
	// NotAfter are words right after which the spelling is the ordinary
	// word it also is (镁铝 before 合金 is the alloy).
	NotAfter [][]rune
}

// applyVariants writes the model's standard words over their spellings
// where a spelling is a run of whole words of the text as written (灰常 in
// 灰常感谢, not inside a longer dictionary word the segmenter finds) and
// none of its NotAfter words follows. All
// runs are found before any is written, on the text as written.
func (t *Text) applyVariants() {
	if t.model == nil || len(t.model.variants) == 0 || !t.bloom.any(&t.model.variantFirst) {
		return
	}
	type use struct {
		at int
		v  *Variant
	}
	var uses []use
	src, starts := t.Norm, t.model.variantStarts // read once, not through t at every rune
	for i := 0; i < len(src); i++ {
		if !starts.has(src[i]) {
			continue
		}
		for _, v := range t.model.variants[src[i]] {
			e := i + len(v.From)
			if e <= len(src) && slices.Equal(src[i:e], v.From) && t.AlignedRun(i, e) &&
				!slices.ContainsFunc(v.NotAfter, func(w []rune) bool { return t.HasAt(e, w) }) {
				uses = append(uses, use{i, v})
				i = e - 1
				break
			}
		}
	}
	if len(uses) == 0 {
		return
	}
	// New slices: the caller's may be shared (Orig itself in some tests).
	written, model, full := t.Norm, t.model, t.full
	norm, fold := slices.Clone(t.Norm), slices.Clone(t.Fold)
	for _, u := range uses {
		copy(norm[u.at:], u.v.To)
		copy(fold[u.at:], u.v.To)
	}
	t.Reset(t.Orig, norm, fold, t.seg)
	t.model, t.full, t.Written = model, full, written
	for _, r := range written {
		t.bloom.add(r) // a rule reading Written must not be skipped by the filter
		t.foldBloom.add(r)
	}
}

// respelt reports whether a spelling variant was written over any rune of
// [s,e).
func (t *Text) respelt(s, e int) bool {
	return t.Written != nil && !slices.Equal(t.Norm[s:e], t.Written[s:e])
}
