package lint

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/width"
)

// normalizer maps each rune of a message to the form rules match against,
// one rune for one rune, so offsets found in the normal form are offsets in
// what the user wrote.
type normalizer struct {
	// t2s maps traditional to simplified in pages of 256 runes: a nil page
	// has no traditional character, a zero entry maps to itself. Unlike a
	// map, a look-up is two loads.
	t2s [(unicode.MaxRune + 1) >> 8]*[256]rune
	// trad has bit r set for each rune r of the Basic Multilingual Plane
	// that t2s maps: 8 KB that stay in the cache where the pages (a
	// kilobyte each) would not, for the test every CJK rune takes.
	trad [0x10000 / 64]uint64
}

// newNormalizer reads the traditional→simplified table ("繁 简" lines).
func newNormalizer(t2sTable string) *normalizer {
	n := &normalizer{}
	for len(t2sTable) > 0 {
		line := t2sTable
		if i := strings.IndexByte(t2sTable, '\n'); i >= 0 {
			line, t2sTable = t2sTable[:i], t2sTable[i+1:]
		} else {
			t2sTable = ""
		}
		line = strings.TrimSpace(line)
		from, a := utf8.DecodeRuneInString(line)
		sp, b := utf8.DecodeRuneInString(line[a:])
		to, c := utf8.DecodeRuneInString(line[a+b:])
		if a+b+c != len(line) || sp != ' ' {
			continue // not three runes with a space between
		}
		page := n.t2s[from>>8]
		if page == nil {
			page = new([256]rune)
			n.t2s[from>>8] = page
		}
		page[from&0xFF] = to
		if from < 0x10000 {
			n.trad[from>>6] |= 1 << (from & 63)
		}
	}
	return n
}

// Fold returns the half-width, simplified form of s with letter case kept,
// and the same with letters lowered.
func (n *normalizer) Fold(orig []rune) (fold, lower []rune) {
	buf := make([]rune, 2*len(orig))
	fold, lower = buf[:len(orig):len(orig)], buf[len(orig):]
	n.fold(orig, fold, lower)
	return fold, lower
}

// fold writes the folded and lowered forms of orig into fold and lower,
// which are as long as orig.
func (n *normalizer) fold(orig, fold, lower []rune) {
	fold, lower = fold[:len(orig)], lower[:len(orig)]
	for i, r := range orig {
		fold[i], lower[i] = n.pair(r)
	}
}

// pair returns the folded and the lowered form of r.
func (n *normalizer) pair(r rune) (fold, lower rune) {
	if r < utf8.RuneSelf {
		if 'A' <= r && r <= 'Z' {
			return r, r + 'a' - 'A'
		}
		return r, r
	}
	f := n.rune(r)
	if f >= 0x2CF3 && f <= 0xA63F {
		return f, f // no rune from here to there has a lower case (CJK among them)
	}
	return f, unicode.ToLower(f)
}

// decode writes the runes of text into orig with their folded and lowered
// forms, in one pass, and returns how many there are, and whether the
// lowered form is text itself (no rune changed, no invalid UTF-8): then
// text is string(lower) as it stands. The slices must have room for them.
func (n *normalizer) decode(text string, orig, fold, lower []rune) (k int, same bool) {
	same = true
	// One length for the three, so that a store into one is checked
	// against it once (they hold a rune for each byte of text at most).
	fold, lower = fold[:len(orig)], lower[:len(orig)]
	for i := 0; i < len(text); k++ {
		var r, f, lo rune
		switch c := text[i]; {
		case c < utf8.RuneSelf:
			r, f, lo = rune(c), rune(c), rune(c)
			if 'A' <= c && c <= 'Z' {
				lo = r + 'a' - 'A'
			}
			i++
		case 0xe4 <= c && c <= 0xe9 && i+2 < len(text) && text[i+1]&0xc0 == 0x80 && text[i+2]&0xc0 == 0x80:
			// U+4000 to U+9FFF, most of Chinese, decoded here: under these
			// lead bytes any two continuation bytes are a valid rune (no
			// overlong form, no surrogate), and range over a string would
			// make a call of every one.
			r = rune(c&0x0f)<<12 | rune(text[i+1]&0x3f)<<6 | rune(text[i+2]&0x3f)
			f, lo = r, r
			// A CJK ideograph (from U+4E00) has no case and no width: only
			// a traditional one changes. Most runes of a reply, without a
			// call.
			if r < 0x4E00 || n.trad[r>>6]&(1<<(r&63)) != 0 {
				f, lo = n.pair(r)
			}
			i += 3
		default:
			var size int
			r, size = utf8.DecodeRuneInString(text[i:]) // as range reads it, an invalid byte as U+FFFD
			f, lo = n.pair(r)
			same = same && r != utf8.RuneError
			i += size
		}
		orig[k], fold[k], lower[k] = r, f, lo
		same = same && lo == r
	}
	return k, same
}

func (n *normalizer) rune(r rune) rune {
	if r >= 0xFF01 && r <= 0xFF5E {
		return r - 0xFEE0 // full-width ASCII (，！？：), the most common fold
	}
	if r >= 0xFF00 || r == 0x3000 {
		if f := width.LookupRune(r).Folded(); f != 0 {
			r = f
		}
	}
	if r >= 0 && r <= unicode.MaxRune {
		if page := n.t2s[r>>8]; page != nil {
			if s := page[r&0xFF]; s != 0 {
				return s
			}
		}
	}
	return r
}

// Term normalises a word from the catalogue or a config the way message
// text is normalised (lower case).
func (n *normalizer) Term(s string) []rune {
	_, lower := n.Fold([]rune(s))
	return lower
}
