package rules

import "slices"

// runeEntries is what a Pattern's scan needs at an offset, by the offset's
// rune (Pattern.byRune): the alternatives with a regexp that can begin with
// it, and the literal trie's node for it. The Basic Multilingual Plane is
// 256-rune pages of entry numbers, nil where no rune has an entry, the
// planes above a map: a look-up is two loads where a map hashed the rune,
// and the trie's first step is made when the table is built. Runes share
// entries where they can (most runes of a class have the same).
type runeEntries struct {
	pages   [256]*[256]uint16 // the number of a rune's entry in entries; 0 for none
	above   map[rune]uint16
	entries []runeEntry // entries[0] is the empty entry
	runes   []rune      // the runes with an entry, in the order they were added
}

// runeEntry is one rune's entry.
type runeEntry struct {
	alts []int // the alternatives with a regexp not tied to the start that can begin with the rune, in order
	node int32 // the trie's node for the rune (its root's child), -1 if no string begins with it
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
		if len(m.entries) > 0xFFFF {
			panic("rules: more than 65535 rune entries") // maxFirstRunes keeps them far fewer
		}
		id = uint16(len(m.entries))
		m.entries = append(m.entries, e)
	}
	m.runes = append(m.runes, r)
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

// get returns r's entry (the empty one if it has none).
func (m *runeEntries) get(r rune) *runeEntry {
	if uint32(r) <= 0xFFFF {
		if pg := m.pages[r>>8]; pg != nil {
			return &m.entries[pg[r&0xFF]]
		}
		return &m.entries[0]
	}
	return &m.entries[m.above[r]]
}

// has reports whether r has an entry.
func (m *runeEntries) has(r rune) bool {
	if uint32(r) <= 0xFFFF {
		pg := m.pages[r>>8]
		return pg != nil && pg[r&0xFF] != 0
	}
	_, ok := m.above[r]
	return ok
}
