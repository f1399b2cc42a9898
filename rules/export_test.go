package rules

// Hooks for the tests of package rules_test, which build the catalogue's
// acts through package lint (an import package rules cannot make).

// IndexHolds returns which of acts t holds, bit k for acts[k], found by one
// walk of an actIndex over t.
func IndexHolds(acts []*Act, t *Text) uint64 {
	return newActIndex(acts).Holds(t)
}

// IndexFind is Acts.Find by one walk of an actIndex over t.
func IndexFind(acts []*Act, t *Text, limit int) (int, *Act, bool) {
	return newActIndex(acts).find(t, limit)
}

// NewIndex returns one walk over acts, built on its first use.
func NewIndex(acts []*Act) *actIndex { return newActIndex(acts) }

// Holds is holds for every act of the index.
func (x *actIndex) Holds(t *Text) uint64 { return uint64(x.holds(t, 1<<len(x.acts)-1)) }

// Find is find.
func (x *actIndex) Find(t *Text, limit int) (int, *Act, bool) { return x.find(t, limit) }

// EditPrepared reports whether Init prepared the edit's regexps.
func EditPrepared(e *EditSpec) bool { return e.before != nil || e.after != nil }
