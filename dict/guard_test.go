package dict

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

func TestCheckTOMLShape(t *testing.T) {
	for _, tc := range []struct {
		name, text, err string
	}{
		{"a pack", "[[rule]]\nid = \"a.b\"\nterms = [\"x\", \"y\"]\nfixes = [[\"a\", \"b\"]]\n", ""},
		{"brackets in strings and comments", "a = \"[[[[\" # {{{{\nb = '''\n[[[[[[\n'''\nc = \"\\\"[[\"\n", ""},
		{"floats in an array are no key parts", "a = [" + strings.Repeat("1.5, ", 100) + "]\n", ""},
		{"deep arrays", "a = " + strings.Repeat("[", 40_000), "x.toml:1: nested more than 32 levels deep"},
		{"deep inline tables", "\n\na = " + strings.Repeat("{b=", 100), "x.toml:3: nested more than 32 levels deep"},
		{"a long dotted key", strings.Repeat("a.", 100) + "b = 1", "x.toml:1: a key of more than 32 parts"},
		{"a long table name", "[" + strings.Repeat("a.", 100) + "b]", "x.toml:1: a key of more than 32 parts"},
		{"a long array-of-tables name", "[[" + strings.Repeat("a.", 100) + "b]]", "x.toml:1: a key of more than 32 parts"},
		{"too large", strings.Repeat("#", MaxTOMLBytes+1), "x.toml: larger than"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			err := CheckTOMLShape("x.toml", []byte(tc.text))
			switch {
			case tc.err == "" && err != nil:
				t.Errorf("refused: %v", err)
			case tc.err != "" && (err == nil || !strings.HasPrefix(err.Error(), tc.err)):
				t.Errorf("got %v, want %q…", err, tc.err)
			}
		})
	}
}

// A deeply nested pack is refused by name before the decoder sees it
// (40 KB of nesting took the decoder 4.1 GB).
func TestParseRefusesDeepNesting(t *testing.T) {
	_, err := Parse("deep.toml", []byte("[[rule]]\nterms = "+strings.Repeat("[", 40_000)))
	if err == nil || !strings.Contains(err.Error(), "deep.toml:2: nested more than") {
		t.Errorf("got %v", err)
	}
}

func TestReadTOMLStopsAtTheLimit(t *testing.T) {
	if _, err := os.Stat("/dev/zero"); err == nil {
		if _, err := ReadTOML("/dev/zero"); err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("/dev/zero: got %v, want refused as too large", err)
		}
	}
	p := filepath.Join(t.TempDir(), "p.toml")
	if err := os.WriteFile(p, []byte("[[rule]]\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if data, err := ReadTOML(p); err != nil || string(data) != "[[rule]]\n" {
		t.Errorf("got %q, %v", data, err)
	}
}
