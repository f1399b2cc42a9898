package cmd

import (
	"strings"
	"testing"
)

func TestMatchPath(t *testing.T) {
	for _, c := range []struct {
		pattern, name string
		want          bool
	}{
		{"**/old", "exports/2024/old", true},
		{"**/old", "old", true},
		{"**/old", "exports/older", false},
		{"exports/**/*.jsonl", "exports/a.jsonl", true},
		{"exports/**/*.jsonl", "exports/a/b/c.jsonl", true},
		{"exports/**/*.jsonl", "other/a.jsonl", false},
		{"*.bak", "x.bak", true},
		{"*.bak", "dir/x.bak", false},
		{"**", "a/b/c", true},
		{"a/**/b/**/c", "a/x/b/y/z/c", true},
		{"a/**/b/**/c", "a/x/y/z/c", false},
	} {
		if got := matchPath(c.pattern, c.name); got != c.want {
			t.Errorf("matchPath(%q, %q) = %v, want %v", c.pattern, c.name, got, c.want)
		}
	}
}

// FuzzMatchPath: no pattern makes the matcher panic or hang, a name
// without glob characters matches itself, and ** matches every name.
func FuzzMatchPath(f *testing.F) {
	for _, s := range []string{"**/old", "a/**/b", "*.jsonl", "log[1].txt", "[", "a\\", "**/**/**/x"} {
		f.Add(s, "a/b/old")
	}
	f.Fuzz(func(t *testing.T, pattern, name string) {
		if len(pattern) > 200 || len(name) > 200 {
			return
		}
		matchPath(pattern, name)
		if !strings.ContainsAny(name, `*?[\`) && !matchPath(name, name) {
			t.Errorf("%q does not match itself", name)
		}
		if !matchPath("**", name) {
			t.Errorf("** does not match %q", name)
		}
	})
}
