package dict

import (
	"strings"
	"testing"
)

// FuzzParse: no pack text makes Parse panic or hang; nesting past
// MaxTOMLDepth is refused before decoding.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"category = \"t\"\n[[rule]]\nid = \"t.x\"\nsuggestions = [\"x\"]\nterms = [\"甲乙\"]\nhits = [\"⟦甲乙⟧\"]\n",
		"[[rule]]\nid = \"a\"\nkind = \"pattern\"\npattern = \"[A-Z]{3,}\"\n",
		"terms = " + strings.Repeat("[", 100),
		"a = '''\n[[[\n'''\nb = \"\\\"[\"\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_ = CheckTOMLShape("fuzz.toml", data)
		_, _ = Parse("fuzz.toml", data)
	})
}
