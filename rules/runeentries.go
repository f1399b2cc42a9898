package rules

import "slices"

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
	// second holds the runes that can follow the rune in a match of the
	// entry's alternatives and strings (nil: any rune, or none, as a match
	// of one rune allows): a rune not in it settles the offset in one test,
	// where the trie's step and each alternative's try would each have
	// failed on it (see follows).
	second *runeSet
}

// follows reports whether a match through e may start at i, by the rune
// after it; false is certain.
func (e *runeEntry) follows(src []rune, i int) bool {
	return e.second == nil || i+1 < len(src) && e.second.has(src[i+1])
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
