package rules

import "testing"

// TestArtefactWindow holds the windows the artefact matcher encodes from
// the runes to what it was given before, a cut of string(Fold): on the
// full path the first bytes of that string however the cut falls (inside
// a rune, on an invalid rune), and off it the longest prefix of those
// whose runes a match can hold, as the regexp reads them.
func TestArtefactWindow(t *testing.T) {
	m, err := NewTextModel(TextSpec{Artefacts: []Artefact{
		{ID: "ascii", Pattern: `[A-Za-z0-9]{1,5}`},
		{ID: "short", Pattern: `\[[\p{Han}a-z]{1,2}\]`},
		{ID: "class", Pattern: `#[^#\s]{1,3}#`},
		{ID: "any", Pattern: `@.{1,4}`},
	}})
	if err != nil {
		t.Fatal(err)
	}
	texts := [][]rune{
		[]rune("OK的话"), []rune("[微笑]呵呵"), []rune("#话题#好"), []rune("#话话话话话"),
		[]rune("@用户名字很长"), []rune("ab12c9Z"), []rune("é#éé"), []rune("[ab]x"),
		[]rune("#错\xff"),                  // an invalid byte, read as U+FFFD
		{'@', 'a', 0xD800, 0x110000, '好'}, // runes string() writes as U+FFFD
	}
	for _, rs := range texts {
		text := string(rs)
		for _, full := range []bool{false, true} {
			tx := NewText(rs, rs, rs, nil)
			tx.SetModel(m)
			if full {
				tx.SetFull()
			}
			s := string(rs)
			at := 0
			for i := range rs {
				for k := range m.artefacts {
					a := &m.artefacts[k]
					re := a.regexps()
					want := s[at:min(len(s), at+a.bytes)]
					if !full && re.runes != nil {
						for j, r := range want {
							if !inRanges(re.runes, r) {
								want = want[:j]
								break
							}
						}
					}
					if got := a.window(nil, tx, re, i); string(got) != want {
						t.Errorf("%q at %d, %s (full %v): window %q, want %q", text, i, a.ID, full, got, want)
					}
				}
				at += len(string(rs[i]))
			}
		}
	}
}
