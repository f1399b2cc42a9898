package rules

import (
	"math/bits"
	"slices"
)

// runeTable numbers runes: the Basic Multilingual Plane as 256-rune pages
// of numbers, nil where no rune has one, the planes above a map. A look-up
// is two loads where a map hashed the rune. What a number stands for is
// the table user's (a slice it indexes); 0 is no rune's.
type runeTable struct {
	pages [256]*[256]uint16
	above map[rune]uint16
}

func (m *runeTable) set(r rune, id uint16) {
	if uint32(r) > 0xFFFF {
		if m.above == nil {
			m.above = map[rune]uint16{}
		}
		m.above[r] = id
		return
	}
	pg := m.pages[r>>8]
	if pg == nil {
		pg = new([256]uint16)
		m.pages[r>>8] = pg
	}
	pg[r&0xFF] = id
}

// get returns r's number, 0 if it has none.
func (m *runeTable) get(r rune) uint16 {
	if uint32(r) <= 0xFFFF {
		if pg := m.pages[r>>8]; pg != nil {
			return pg[r&0xFF]
		}
		return 0
	}
	return m.above[r]
}

// maxTableIDs is the most numbers a runeTable gives out.
const maxTableIDs = 0xFFFF

// runeEntries is what a Pattern's scan needs at an offset, by the offset's
// rune (Pattern.byRune): the alternatives with a regexp that can begin with
// it, and the literal trie's node for it, so that the trie's first step is
// made when the table is built. Runes share entries where they can (most
// runes of a class have the same).
type runeEntries struct {
	table   runeTable
	entries []runeEntry // entries[0] is the empty entry
	runes   []rune      // the runes with an entry, in the order they were added
}

// runeEntry is one rune's entry.
type runeEntry struct {
	alts []int // the alternatives with a regexp not tied to the start that can begin with the rune, in order
	node int32 // the trie's node for the rune (its root's child), -1 if no string begins with it
	// second is what the rune after it must be for a match through the
	// entry's alternatives and strings to start there: a rune it does not
	// admit settles the offset in one test, where the trie's step and each
	// alternative's try would each have failed on it.
	second nextRunes
}

// nextRunes is what the rune after an offset must be for a match to start
// there: one of a few runes, kept as a Bloom filter beside what looks them
// up (a false positive costs only the try), or any rune (also where a match
// may be one rune long). A set of its own for each entry was a cache miss
// at every test.
type nextRunes struct {
	runes runeBloom
	any   bool
}

// maxNextRunes is the most runes a nextRunes holds before it is any rune:
// a filter fuller than that lets most runes through anyway.
const maxNextRunes = 48

// admits reports whether the rune after i in src may be one of them; false
// is certain.
func (n *nextRunes) admits(src []rune, i int) bool {
	return n.any || i+1 < len(src) && n.runes.has(src[i+1])
}

// addSet adds the runes of s, or makes n any rune when they are too many.
func (n *nextRunes) addSet(s *runeSet) {
	count := rangeCount(s.ranges)
	for _, pg := range s.pages {
		if pg != nil {
			for _, w := range pg {
				count += bits.OnesCount64(w)
			}
		}
	}
	if count > maxNextRunes {
		n.any = true
		return
	}
	for k, pg := range s.pages {
		if pg == nil {
			continue
		}
		for w, word := range pg {
			for ; word != 0; word &= word - 1 {
				n.runes.add(rune(k<<8 | w<<6 | bits.TrailingZeros64(word)))
			}
		}
	}
	for i := 0; i+1 < len(s.ranges); i += 2 {
		for r := s.ranges[i]; r <= s.ranges[i+1]; r++ {
			n.runes.add(r)
		}
	}
}

// union adds the runes o admits.
func (n *nextRunes) union(o nextRunes) {
	n.any = n.any || o.any
	for k := range n.runes {
		n.runes[k] |= o.runes[k]
	}
}

func newRuneEntries() *runeEntries {
	return &runeEntries{entries: []runeEntry{{node: -1}}}
}

// set gives r the entry e (r must not have one yet).
func (m *runeEntries) set(r rune, e runeEntry) {
	id := uint16(0)
	for k := len(m.entries) - 1; k > 0; k-- {
		if m.entries[k].node == e.node && slices.Equal(m.entries[k].alts, e.alts) {
			id = uint16(k)
			break
		}
	}
	if id == 0 {
		if len(m.entries) > maxTableIDs {
			panic("rules: more than 65535 rune entries") // maxFirstRunes keeps them far fewer
		}
		id = uint16(len(m.entries))
		m.entries = append(m.entries, e)
	}
	m.runes = append(m.runes, r)
	m.table.set(r, id)
}

// get returns r's entry (the empty one if it has none).
func (m *runeEntries) get(r rune) *runeEntry {
	return &m.entries[m.table.get(r)]
}

// has reports whether r has an entry.
func (m *runeEntries) has(r rune) bool {
	return m.table.get(r) != 0
}
