package rules

import (
	"slices"
	"testing"
	"unicode/utf8"
)

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

// TestArtefactNeeds holds the artefacts found off the full path, where a
// text without a rune of each of an artefact's need sets is not searched
// for it, to those found on it, which searches for every artefact.
func TestArtefactNeeds(t *testing.T) {
	m, err := NewTextModel(TextSpec{Artefacts: []Artefact{
		{ID: "mask", Pattern: `\[\p{Han}{1,8}x\]|\[商品快照\]`},
		{ID: "word", Pattern: `O网页链接`},
		{ID: "fold", Pattern: `(?i:ok)[0-9]{1,3}`},
		{ID: "mail", Pattern: `[A-Za-z0-9.]{1,20}@[a-z]{1,10}\.(?:com|cn)`},
		{ID: "phone", Pattern: `\d{3,4}-\d{3,4}|\d{7,20}`, Except: `^1+$`},
		{ID: "any", Pattern: `#[^#\s]{1,4}#`},
		{ID: "after", Pattern: `(?P<span>\(x{1,3}\))`, Follows: `\p{Han}$`},
		{ID: "invalid", Pattern: `<\x{FFFD}>`}, // as the window reads an invalid rune
	}})
	if err != nil {
		t.Fatal(err)
	}
	texts := []string{
		"OK的话我帮您登记。", "请登录O网页链接查看", "O网页", "[订单x]已发货", "[商品快照]", "ok12 OK3 oK",
		"a.b@mail.com，谢谢", "@mail.com", "400-830 或 12345678", "1111111", "#话题#", "#\xff\xfe#", "#错\xff",
		"好(xx)的", "(xx)", "链接网页O", "",
	}
	runes := [][]rune{{'<', 0xD800, '>'}, {'<', 0x110000, '>'}, {'<', utf8.RuneError, '>'}}
	for _, s := range texts {
		runes = append(runes, []rune(s))
	}
	for _, rs := range runes {
		s := string(rs)
		fast := NewText(rs, rs, rs, nil)
		fast.SetModel(m)
		full := NewText(rs, rs, rs, nil)
		full.SetModel(m)
		full.SetFull()
		if got, want := fast.Artefacts(), full.Artefacts(); !slices.Equal(got, want) {
			t.Errorf("%q: artefacts %v, want %v (the full path's)", s, got, want)
		}
	}
	// The filters hold what they must: of the word a rune of its first
	// three (maxNeeds); of the mail the @ and the . (its smallest sets).
	for _, c := range []struct {
		text string
		id   string
		may  bool
	}{{"O页链接", "word", false}, {"O网页链接", "word", true}, {"a@b", "mail", false}, {"ab.cn", "mail", false}, {"a@b.cn", "mail", true}, {"#错\xff", "any", true}} {
		rs := []rune(c.text)
		tx := NewText(rs, rs, rs, nil)
		k := slices.IndexFunc(m.artefacts, func(a artefactMatcher) bool { return a.ID == c.id })
		var skip artefactSkip
		m.skipFor(tx, &skip)
		if got := !skip.has(uint16(k)); got != c.may {
			t.Errorf("%q may hold %s: %v, want %v", c.text, c.id, got, c.may)
		}
	}
}
