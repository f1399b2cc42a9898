// Package jsonscan reads the plainest part of a JSON string, the bytes it
// holds as they are, checking that they are UTF-8 as it goes: the fast
// paths of the JSONL reader (lint/transcript) and of the server's request
// decoding take a string without escapes in this one pass, where
// utf8.Valid and a scan for the closing quote were two.
package jsonscan

import "unicode/utf8"

// plain marks the bytes a JSON string holds as they are: not a quote, a
// backslash or a control character.
// It is read-only: a fixed table, never written after package initialisation.
var plain = func() (t [256]bool) {
	for c := 0x20; c < 256; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

// PlainRun returns the end of the run of plain bytes at i: the first quote,
// backslash or control character from i on, or len(b). A character of
// several bytes is taken whole; ok is false at the first bytes that are not
// UTF-8, as utf8.Valid tells them (end is then where they start).
func PlainRun(b []byte, i int) (end int, ok bool) {
	for i < len(b) {
		c := b[i]
		if c < utf8.RuneSelf {
			if !plain[c] {
				return i, true
			}
			i++
			continue
		}
		if 0xe1 <= c && c <= 0xef && c != 0xed && i+2 < len(b) && b[i+1]&0xc0 == 0x80 && b[i+2]&0xc0 == 0x80 {
			i += 3 // most of Chinese: any continuation bytes will do
			continue
		}
		// Anything else (two or four bytes, E0 and ED's narrower ranges,
		// invalid bytes) is decoded as utf8.Valid would judge it.
		r, n := utf8.DecodeRune(b[i:])
		if r == utf8.RuneError && n == 1 {
			return i, false
		}
		i += n
	}
	return i, true
}
