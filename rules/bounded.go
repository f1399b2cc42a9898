package rules

// repeatRuns remembers, per repeated term, the last run extendRepeat
// measured, so that the offsets inside one long run (呵呵呵… over a
// megabyte) reuse its end instead of walking to it again: without it a
// run of n runes costs n² steps.
type repeatRuns map[*Term]repeatRun

type repeatRun struct{ start, end int }

// extend is extendRepeat(norm, s, e) for term, which matches norm[s:e].
func (rs *repeatRuns) extend(term *Term, norm []rune, s, e int) int {
	if *rs == nil {
		*rs = repeatRuns{}
	}
	u := e - s
	if m, ok := (*rs)[term]; ok && s > m.start && s < m.end && e <= m.end && ((s-m.start)%u == 0 || sameRune(term.Text)) {
		// From an occurrence of the unit inside the run, or anywhere in a
		// run of one rune, extendRepeat walks the same runes to the same end.
		return m.end
	}
	end := extendRepeat(norm, s, e)
	(*rs)[term] = repeatRun{s, end}
	return end
}

// sameRune reports whether w is one rune said one or more times.
func sameRune(w []rune) bool {
	for _, r := range w {
		if r != w[0] {
			return false
		}
	}
	return len(w) > 0
}
