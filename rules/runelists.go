package rules

import "slices"

// runeLists maps a rune to a list of alternatives (Pattern.byRune): the
// Basic Multilingual Plane as 256-rune pages of list numbers, nil where no
// rune has a list, the planes above in a map. A look-up is two loads where
// a map hashed the rune; the runes of a Pattern share a handful of lists,
// kept once each.
type runeLists struct {
	pages [256]*[256]uint16 // the number of a rune's list in lists; 0 for none
	above map[rune]uint16
	lists [][]int // lists[0] is the empty list
	runes []rune  // the runes with a list, in the order they were added
}

// set gives r the list (r must not have one yet).
func (m *runeLists) set(r rune, list []int) {
	if len(m.lists) == 0 {
		m.lists = [][]int{nil}
	}
	id := uint16(0)
	for k := len(m.lists) - 1; k > 0; k-- {
		if slices.Equal(m.lists[k], list) {
			id = uint16(k)
			break
		}
	}
	if id == 0 {
		if len(m.lists) > 0xFFFF {
			panic("rules: more than 65535 lists of alternatives") // maxFirstRunes keeps them far fewer
		}
		id = uint16(len(m.lists))
		m.lists = append(m.lists, list)
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

// get returns r's list, nil if it has none.
func (m *runeLists) get(r rune) []int {
	if uint32(r) <= 0xFFFF {
		if pg := m.pages[r>>8]; pg != nil {
			return m.lists[pg[r&0xFF]]
		}
		return nil
	}
	return m.lists[m.above[r]]
}

// has reports whether r has a list (an empty one too).
func (m *runeLists) has(r rune) bool {
	if uint32(r) <= 0xFFFF {
		pg := m.pages[r>>8]
		return pg != nil && pg[r&0xFF] != 0
	}
	_, ok := m.above[r]
	return ok
}
