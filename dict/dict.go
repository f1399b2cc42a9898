// Package dict holds the built-in rule catalogue and the word lists the
// linter needs, embedded in the binary, and reads rule packs in the same
// TOML shape (the built-in catalogue is just the first pack).
package dict

import (
	"embed"
	"fmt"
	"io/fs"
	"sort"
)

//go:generate go run ./internal/gen -out .

//go:embed catalogue/*.toml
var catalogue embed.FS

// Words is the segmentation dictionary, in gse's "word freq pos" lines
// sorted by word: the words that contain or overlap a catalogue term, the
// service vocabulary of vocab/ and frequent general words. It is generated
// (see internal/gen) so that loading it takes milliseconds, not the second
// gse's full dictionary needs.
//
//go:embed words.txt
var Words string

// T2S maps traditional characters to simplified ones, one "繁 简" pair a
// line, from Unicode's Unihan kSimplifiedVariant data (a committed table;
// internal/gen -unihan regenerates it).
//
//go:embed t2s.txt
var T2S string

// Builtin reads the embedded catalogue, one pack per category file, in name
// order: from its precompiled form when that is current (see precompiled.go).
// Each call returns values of its own.
func Builtin() ([]*Pack, error) {
	packs, ok := precompiled()
	if !ok {
		var err error
		if packs, err = parseBuiltin(); err != nil {
			return nil, err
		}
	}
	for _, p := range packs {
		p.embedded = true
	}
	return packs, nil
}

// parseBuiltin parses the embedded catalogue's TOML.
func parseBuiltin() ([]*Pack, error) {
	names, err := fs.Glob(catalogue, "catalogue/*.toml")
	if err != nil {
		return nil, err
	}
	sort.Strings(names)
	packs := make([]*Pack, 0, len(names))
	for _, name := range names {
		if name == TextFile {
			continue // the text model, not a pack of rules (see Text)
		}
		data, err := catalogue.ReadFile(name)
		if err != nil {
			return nil, err
		}
		p, err := Parse("dict/"+name, data)
		if err != nil {
			return nil, fmt.Errorf("built-in catalogue: %w", err)
		}
		packs = append(packs, p)
	}
	return packs, nil
}
