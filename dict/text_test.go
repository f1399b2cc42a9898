package dict

import "testing"

// TestArtefactErrors checks that a bad artefact is reported when the text
// model is built, naming the file, the artefact and the key at fault,
// although its patterns are compiled only on first use.
func TestArtefactErrors(t *testing.T) {
	cases := []struct {
		art  ArtefactSpec
		want string
	}{
		{ArtefactSpec{Kind: "code", Pattern: "x"}, `team.toml: artefact "": needs an id and a kind`},
		{ArtefactSpec{ID: "a", Kind: "code"}, `team.toml: artefact "a": bad pattern "": <nil>`},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: "(工单"}, "team.toml: artefact \"a\": bad pattern \"(工单\": error parsing regexp: missing closing ): `(工单`"},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: "工单", Except: "[0-"}, "team.toml: artefact \"a\": except: error parsing regexp: missing closing ]: `[0-`"},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: "工单", Follows: "(x"}, "team.toml: artefact \"a\": follows: error parsing regexp: missing closing ): `(?:(x)$`"},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: `工单\d+`}, `team.toml: artefact "a": pattern "工单\\d+": bound every repetition ({0,40}, not * or +)`},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: `\b工单`}, `team.toml: artefact "a": pattern "\\b工单": no ^, $ or \b (use follows for what must stand before)`},
		{ArtefactSpec{ID: "a", Kind: "code", Pattern: `(?i)x?`}, `team.toml: artefact "a": pattern "(?i)x?": cannot tell which runes it begins with (no case folding, no empty match)`},
	}
	norm := func(s string) []rune { return []rune(s) }
	for _, c := range cases {
		spec := &TextSpec{File: "team.toml", Artefacts: []ArtefactSpec{c.art}}
		_, err := spec.Build(norm)
		if err == nil || err.Error() != c.want {
			t.Errorf("%+v: error %v, want %s", c.art, err, c.want)
		}
	}
}
