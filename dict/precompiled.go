package dict

import (
	"bytes"
	"crypto/sha256"
	_ "embed" // catalogue.gob
	"encoding/gob"
	"encoding/hex"
	"fmt"
	"io/fs"
	"maps"
	"reflect"
	"slices"
	"sort"
	"strings"
)

// The built-in catalogue, parsed at `go generate` time (internal/gen) and
// embedded as gob, so that a one-reply check does not spend most of its
// start-up in the TOML decoder. It is used only while it is exactly what
// parsing would give: the SHA-256 of the catalogue files and a fingerprint
// of the Pack type (every field, exported or not, and its tag) must both
// match, or Builtin parses the TOML as before. A stale file costs time,
// never correctness; TestPrecompiledCatalogue fails while it is stale.

//go:embed catalogue.gob
var precompiledGob []byte

// compiled is what catalogue.gob holds. What gob leaves out (unexported
// fields) or writes in random order (maps) travels beside the packs, as
// sorted lists, so that the file is the same on every run of the generator.
type compiled struct {
	Hash, Shape string
	Packs       []*Pack
	Sets        [][]setList // a pack's Sets
	Lines       [][]int     // a rule's line
	Keys        [][][]keyAt // a rule's keys
}

type setList struct {
	Name  string
	Words []string
}

type keyAt struct {
	Key  string
	Line int
}

// carried are the unexported fields precompiled restores. A Pack type with
// any other could not be precompiled faithfully: Builtin then parses.
const carried = "RuleSpec.keys RuleSpec.line"

// precompiled decodes catalogue.gob if it matches the embedded catalogue.
func precompiled() ([]*Pack, bool) {
	if len(precompiledGob) == 0 {
		return nil, false
	}
	var c compiled
	if err := gob.NewDecoder(bytes.NewReader(precompiledGob)).Decode(&c); err != nil {
		return nil, false
	}
	shape, unexported := packShape()
	if c.Shape != shape || unexported != carried || len(c.Sets) != len(c.Packs) || len(c.Lines) != len(c.Packs) || len(c.Keys) != len(c.Packs) {
		return nil, false
	}
	if h, err := catalogueHash(); err != nil || h != c.Hash {
		return nil, false
	}
	for i, p := range c.Packs {
		if len(c.Lines[i]) != len(p.Rules) || len(c.Keys[i]) != len(p.Rules) {
			return nil, false
		}
		if c.Sets[i] != nil {
			p.Sets = make(map[string][]string, len(c.Sets[i]))
			for _, s := range c.Sets[i] {
				p.Sets[s.Name] = s.Words
			}
		}
		for j := range p.Rules {
			p.Rules[j].line = c.Lines[i][j]
			if c.Keys[i][j] != nil {
				p.Rules[j].keys = make(map[string]int, len(c.Keys[i][j]))
				for _, k := range c.Keys[i][j] {
					p.Rules[j].keys[k.Key] = k.Line
				}
			}
		}
	}
	return c.Packs, true
}

// Precompile parses the built-in catalogue and returns catalogue.gob's
// content; internal/gen writes it.
func Precompile() ([]byte, error) {
	packs, err := parseBuiltin()
	if err != nil {
		return nil, err
	}
	h, err := catalogueHash()
	if err != nil {
		return nil, err
	}
	shape, unexported := packShape()
	if unexported != carried {
		return nil, fmt.Errorf("dict.Pack has unexported fields %q, precompiled.go carries %q: carry the new ones", unexported, carried)
	}
	c := compiled{Hash: h, Shape: shape}
	for _, p := range packs {
		var sets []setList
		if p.Sets != nil {
			sets = []setList{}
			for _, name := range slices.Sorted(maps.Keys(p.Sets)) {
				sets = append(sets, setList{name, p.Sets[name]})
			}
		}
		lines := make([]int, len(p.Rules))
		keys := make([][]keyAt, len(p.Rules))
		for j, r := range p.Rules {
			lines[j] = r.line
			if r.keys != nil {
				keys[j] = []keyAt{}
				for _, k := range slices.Sorted(maps.Keys(r.keys)) {
					keys[j] = append(keys[j], keyAt{k, r.keys[k]})
				}
			}
		}
		q := *p
		q.Sets = nil
		c.Packs = append(c.Packs, &q)
		c.Sets, c.Lines, c.Keys = append(c.Sets, sets), append(c.Lines, lines), append(c.Keys, keys)
	}
	var b bytes.Buffer
	if err := gob.NewEncoder(&b).Encode(c); err != nil {
		return nil, err
	}
	return b.Bytes(), nil
}

// catalogueHash is the SHA-256 of the embedded catalogue's file names and
// contents.
func catalogueHash() (string, error) {
	names, err := fs.Glob(catalogue, "catalogue/*.toml")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	for _, name := range names {
		data, err := catalogue.ReadFile(name)
		if err != nil {
			return "", err
		}
		fmt.Fprintf(h, "%s\x00%d\x00", name, len(data))
		h.Write(data)
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// packShape fingerprints Pack and every type inside it: a field added,
// dropped, renamed or retyped makes catalogue.gob stale. unexported lists
// the unexported fields, sorted.
func packShape() (shape, unexported string) {
	var b strings.Builder
	var hidden []string
	seen := map[reflect.Type]bool{}
	var walk func(t reflect.Type)
	walk = func(t reflect.Type) {
		switch t.Kind() {
		case reflect.Pointer, reflect.Slice, reflect.Array:
			walk(t.Elem())
		case reflect.Map:
			walk(t.Key())
			walk(t.Elem())
		case reflect.Struct:
			if seen[t] {
				return
			}
			seen[t] = true
			fmt.Fprintf(&b, "%s{", t)
			for i := range t.NumField() {
				f := t.Field(i)
				fmt.Fprintf(&b, "%s %s %q;", f.Name, f.Type, f.Tag)
				if !f.IsExported() {
					hidden = append(hidden, t.Name()+"."+f.Name)
				}
			}
			b.WriteString("}")
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	walk(reflect.TypeOf(Pack{}))
	slices.Sort(hidden)
	return b.String(), strings.Join(hidden, " ")
}
