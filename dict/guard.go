package dict

import (
	"fmt"
	"io"
	"os"
)

// Limits on a TOML file replylint reads (a rule pack, a .replylint.toml).
// The TOML decoder's memory grows steeply with nesting (a 40 KB file of
// nested arrays took 4.1 GB), and a config is picked up from the current
// folder upwards, so a file is measured before it is decoded. Real packs
// and configs are a few kilobytes and two or three levels deep.
const (
	MaxTOMLBytes = 4 << 20
	MaxTOMLDepth = 32 // nested arrays and inline tables
	MaxKeyParts  = 32 // parts of one dotted key or table name
)

// ReadTOML reads a pack or config file, refusing one larger than
// MaxTOMLBytes without reading past the limit (a device such as /dev/zero
// never ends).
func ReadTOML(path string) ([]byte, error) {
	f, err := os.Open(path)
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, MaxTOMLBytes+1))
	if err != nil {
		return nil, err
	}
	if len(data) > MaxTOMLBytes {
		return nil, fmt.Errorf("%s: larger than %d bytes: not a rule pack or config replylint reads", path, MaxTOMLBytes)
	}
	return data, nil
}

// CheckTOMLShape refuses, before decoding, a TOML text too large or nested
// too deep (see MaxTOMLDepth), naming file and line. It reads the text
// once, skipping strings and comments, counting open brackets and braces
// and the parts of each key.
func CheckTOMLShape(file string, data []byte) error {
	if len(data) > MaxTOMLBytes {
		return fmt.Errorf("%s: larger than %d bytes: not a rule pack or config replylint reads", file, MaxTOMLBytes)
	}
	sc := shapeScanner{data: data, line: 1, inKey: true}
	return sc.run(file)
}

type shapeScanner struct {
	data  []byte
	i     int
	line  int
	open  []byte // the brackets and braces open, innermost last
	inKey bool   // reading a key (or a table name), not a value
	parts int    // parts of the key being read
}

// run scans the whole text, and returns the first excess it meets.
func (s *shapeScanner) run(file string) error {
	for ; s.i < len(s.data); s.i++ {
		if err := s.byte(s.data[s.i]); err != nil {
			return fmt.Errorf("%s:%d: %v: not a rule pack or config replylint reads", file, s.line, err)
		}
	}
	return nil
}

// byte takes in c, the byte at s.i.
func (s *shapeScanner) byte(c byte) error {
	switch c {
	case '\n':
		s.line++
		if len(s.open) == 0 {
			s.startKey()
		}
	case '#':
		s.skipComment()
	case '"', '\'':
		s.skipString(c)
	case '[', '{':
		return s.openBracket(c)
	case ']', '}':
		if len(s.open) > 0 {
			s.open = s.open[:len(s.open)-1]
		}
		s.inKey = false
	case '=':
		s.inKey = false
	case ',':
		if len(s.open) > 0 && s.open[len(s.open)-1] == '{' {
			s.startKey()
		}
	case '.':
		if s.inKey {
			if s.parts++; s.parts > MaxKeyParts {
				return fmt.Errorf("a key of more than %d parts", MaxKeyParts)
			}
		}
	}
	return nil
}

// openBracket takes in the [ or { at s.i.
func (s *shapeScanner) openBracket(c byte) error {
	// [table] and [[array.of.tables]] names are keys.
	header := c == '[' && s.inKey && (len(s.open) == 0 || len(s.open) == 1 && s.data[s.i-1] == '[')
	s.open = append(s.open, c)
	if len(s.open) > MaxTOMLDepth {
		return fmt.Errorf("nested more than %d levels deep", MaxTOMLDepth)
	}
	switch {
	case c == '{':
		s.startKey()
	case !header:
		s.inKey = false
	}
	return nil
}

func (s *shapeScanner) startKey() { s.inKey, s.parts = true, 1 }

func (s *shapeScanner) skipComment() {
	for s.i+1 < len(s.data) && s.data[s.i+1] != '\n' {
		s.i++
	}
}

// skipString moves past a string opened by quote at s.i: basic or
// literal, on one line or (tripled) on several.
func (s *shapeScanner) skipString(quote byte) {
	triple := s.i+2 < len(s.data) && s.data[s.i+1] == quote && s.data[s.i+2] == quote
	if triple {
		s.i += 2
	}
	for s.i++; s.i < len(s.data); s.i++ {
		switch c := s.data[s.i]; {
		case c == '\\' && quote == '"':
			s.i++
			if s.i < len(s.data) && s.data[s.i] == '\n' {
				s.line++
			}
		case c == '\n':
			if !triple {
				s.i-- // an unterminated string, which the decoder reports: the line goes on as usual
				return
			}
			s.line++
		case c == quote && !triple:
			return
		case c == quote && s.i+2 < len(s.data) && s.data[s.i+1] == quote && s.data[s.i+2] == quote:
			s.i += 2
			// A tripled string may end with up to two more quotes.
			for s.i+1 < len(s.data) && s.data[s.i+1] == quote {
				s.i++
			}
			return
		}
	}
}
