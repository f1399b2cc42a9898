package config

import (
	"slices"
	"strings"
)

// source is a config file's text, kept to point errors at lines: the TOML
// decoder reports positions for syntax errors only, and replylint promises
// file, line and key for every mistake in a config.
type source struct {
	file  string
	lines []string
}

func newSource(file string, data []byte) *source {
	return &source{file: file, lines: strings.Split(string(data), "\n")}
}

// line returns the 1-based line on which key is assigned, or on which its
// table is opened, searching from line from (1-based) on. Keys inside an
// array of tables ([[terms]]) carry no index, so callers that know which
// element they mean pass the line of its header as from. It falls back to
// the first line that mentions the key's last part, then to from.
func (s *source) line(key []string, from int) int {
	from = max(from, 1)
	var table []string
	for i := 0; i < len(s.lines); i++ {
		t := strings.TrimSpace(s.lines[i])
		switch {
		case strings.HasPrefix(t, "[["):
			table, _ = parseKey(strings.TrimPrefix(t, "[["))
		case strings.HasPrefix(t, "["):
			table, _ = parseKey(strings.TrimPrefix(t, "["))
		default:
			k, rest := parseKey(t)
			if len(k) == 0 || !strings.HasPrefix(strings.TrimSpace(rest), "=") || i+1 < from {
				continue
			}
			if slices.Equal(append(slices.Clone(table), k...), key) {
				return i + 1
			}
			continue
		}
		if i+1 >= from && slices.Equal(table, key) {
			return i + 1
		}
	}
	last := key[len(key)-1]
	for i := from - 1; i < len(s.lines); i++ {
		if strings.Contains(s.lines[i], last) {
			return i + 1
		}
	}
	return from
}

// headers returns the lines on which the array of tables name ([[name]])
// has its elements, in order.
func (s *source) headers(name string) []int {
	var out []int
	for i, l := range s.lines {
		t := strings.TrimSpace(l)
		if !strings.HasPrefix(t, "[[") {
			continue
		}
		if k, _ := parseKey(strings.TrimPrefix(t, "[[")); slices.Equal(k, []string{name}) {
			out = append(out, i+1)
		}
	}
	return out
}

// parseKey reads a dotted TOML key (bare or quoted parts) from the start of
// s and returns its parts and what follows it.
func parseKey(s string) ([]string, string) {
	var parts []string
	for {
		s = strings.TrimLeft(s, " \t")
		if s == "" {
			return parts, s
		}
		switch s[0] {
		case '"', '\'':
			end := strings.IndexByte(s[1:], s[0])
			if end < 0 {
				return nil, s
			}
			parts = append(parts, s[1:1+end])
			s = s[2+end:]
		default:
			n := 0
			for n < len(s) && isBare(s[n]) {
				n++
			}
			if n == 0 {
				return parts, s
			}
			parts = append(parts, s[:n])
			s = s[n:]
		}
		s = strings.TrimLeft(s, " \t")
		if !strings.HasPrefix(s, ".") {
			return parts, s
		}
		s = s[1:]
	}
}

func isBare(c byte) bool {
	return c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-'
}
