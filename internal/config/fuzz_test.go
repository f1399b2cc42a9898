package config

import (
	"strings"
	"testing"
)

// FuzzParse: no config text makes Parse panic or hang; deep nesting is
// refused before the decoder sees it.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"allow = [\"好\"]\n[categories]\nhedge = \"warning\"\n[rules.\"length.max\"]\nmax = 300\n",
		"[roles]\nagent = [\"小蜜\"]\n[score]\nerror = 5\n[score.categories]\nhedge = 2\n",
		"[[terms]]\ntext = \"亲\"\nsuggestions = [\"您\"]\n[shouting]\nallow = [\"VIP\"]\n",
		"x = " + strings.Repeat("[", 200),
		"a = {b = {c = {d = 1}}}\n",
		"extends = [\"/dev/null\"]\n",
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, data []byte) {
		_, _ = Parse("fuzz.toml", data)
	})
}
