package dict

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed" // catalogue.bin
	"encoding/binary"
	"encoding/hex"
	"fmt"
	"hash"
	"io"
	"io/fs"
	"math"
	"reflect"
	"slices"
	"sort"
	"strconv"
)

// The built-in catalogue and text model, parsed at `go generate` time
// (internal/gen) and embedded in a compact binary form, so that a one-reply
// check does not spend its start-up in the TOML decoder. catalogue.bin holds
// two sections, the rule packs and the text model, each used only while it
// is exactly what parsing would give: the SHA-256 of its TOML files and a
// fingerprint of its Go type (every field, exported or not, its type and
// its tag) must both match, or the TOML is parsed as before. A stale file
// costs time, never correctness; TestPrecompiledCatalogue and
// TestPrecompiledText fail while it is stale.
//
// A section is three length-prefixed strings: the hash, the fingerprint and
// the payload, so that the text model is found without decoding the packs.
// The payload is written by reflection over the type, unexported fields
// included, so that the rule kinds can change their specs without anyone
// touching this file: values in field order, lengths and integers as
// varints, maps in key order (the same bytes on every run). It is read by
// a decoder planned for the type (codec.go).

//go:embed catalogue.bin
var precompiledBin string // a string: decoded strings share its bytes

// The sections of catalogue.bin, in their order.
const (
	packsSection = iota
	textSection
)

// precompiled decodes the packs of catalogue.bin if they match the
// embedded catalogue.
func precompiled() ([]*Pack, bool) {
	var packs []*Pack
	if !loadSection(packsSection, isPackFile, &packs) {
		return nil, false
	}
	return packs, true
}

// precompiledText decodes the text model of catalogue.bin if it matches
// the embedded text.toml.
func precompiledText() (*TextSpec, bool) {
	s := new(TextSpec)
	if !loadSection(textSection, isTextFile, s) {
		return nil, false
	}
	return s, true
}

// loadSection decodes section i of catalogue.bin into *v if its hash is
// that of the catalogue files keep selects and its fingerprint that of v's
// type.
func loadSection[T any](i int, keep func(string) bool, v *T) bool {
	d := &decoder{b: precompiledBin}
	for range i {
		d.str()
		d.str()
		d.str()
	}
	hash, shape, payload := d.str(), d.str(), d.str()
	t := reflect.TypeFor[T]()
	if d.err != nil || shape != typeShape(t) {
		return false
	}
	if h, err := catalogueHash(keep); err != nil || h != hash {
		return false
	}
	return decodeInto(payload, v) == nil
}

// Precompile parses the built-in catalogue and text model and returns
// catalogue.bin's content; internal/gen writes it.
func Precompile() ([]byte, error) {
	packs, err := parseBuiltin()
	if err != nil {
		return nil, err
	}
	text, err := parseText()
	if err != nil {
		return nil, err
	}
	var out []byte
	for _, s := range []struct {
		keep  func(string) bool
		value any
	}{{isPackFile, packs}, {isTextFile, *text}} {
		h, err := catalogueHash(s.keep)
		if err != nil {
			return nil, err
		}
		payload := &encoder{}
		payload.value(reflect.ValueOf(s.value))
		if payload.err != nil {
			return nil, payload.err
		}
		e := &encoder{b: out}
		e.str(h)
		e.str(typeShape(reflect.TypeOf(s.value)))
		e.str(string(payload.b))
		out = e.b
	}
	return out, nil
}

// isPackFile and isTextFile tell the catalogue files of the two sections
// apart: every file but text.toml is a pack of rules.
func isPackFile(name string) bool { return name != TextFile }
func isTextFile(name string) bool { return name == TextFile }

// catalogueHash is the SHA-256 of the names and contents of the embedded
// catalogue files keep selects.
func catalogueHash(keep func(string) bool) (string, error) {
	names, err := fs.Glob(catalogue, "catalogue/*.toml")
	if err != nil {
		return "", err
	}
	sort.Strings(names)
	h := sha256.New()
	buf := make([]byte, 4<<10) // one buffer for every file (io.Copy would make 32 kB each)
	for _, name := range names {
		if !keep(name) {
			continue
		}
		if err := hashFile(h, name, buf); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile writes the catalogue file name and its content to h, the
// content streamed through buf (ReadFile would copy the whole file at
// every start).
func hashFile(h hash.Hash, name string, buf []byte) error {
	f, err := catalogue.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	h.Write(strconv.AppendInt(append(append(buf[:0], name...), 0), info.Size(), 10))
	h.Write([]byte{0})
	_, err = io.CopyBuffer(h, f, buf)
	return err
}

// typeShape fingerprints t and every type inside it: a field added,
// dropped, renamed, retyped or retagged makes the section stale.
func typeShape(t reflect.Type) string {
	b := make([]byte, 0, 8<<10)
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
			b = append(append(b, t.String()...), '{')
			for i := range t.NumField() {
				f := t.Field(i)
				// The tag as its length and its bytes: quoting it cost more than the rest.
				b = append(append(append(append(b, f.Name...), ' '), f.Type.String()...), ' ')
				b = append(append(append(strconv.AppendInt(b, int64(len(f.Tag)), 10), ':'), f.Tag...), ';')
			}
			b = append(b, '}')
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	walk(t)
	return string(b)
}

type encoder struct {
	b   []byte
	err error
}

func (e *encoder) uint(n uint64) { e.b = binary.AppendUvarint(e.b, n) }
func (e *encoder) str(s string)  { e.uint(uint64(len(s))); e.b = append(e.b, s...) }

// value writes v; nil slices, maps and pointers are told from empty ones.
func (e *encoder) value(v reflect.Value) {
	switch v.Kind() {
	case reflect.Bool:
		e.b = append(e.b, map[bool]byte{false: 0, true: 1}[v.Bool()])
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		e.b = binary.AppendVarint(e.b, v.Int())
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		e.uint(v.Uint())
	case reflect.Float32, reflect.Float64:
		e.uint(math.Float64bits(v.Float()))
	case reflect.String:
		e.str(v.String())
	case reflect.Pointer:
		if e.header(v) {
			e.value(v.Elem())
		}
	case reflect.Slice:
		if e.header(v) {
			e.elems(v)
		}
	case reflect.Array:
		e.elems(v)
	case reflect.Map:
		if e.header(v) {
			e.mapEntries(v)
		}
	case reflect.Struct:
		for i := range v.NumField() {
			e.value(v.Field(i)) // unexported fields read as well: reflect allows reading them
		}
	default:
		e.err = fmt.Errorf("dict: a %s cannot be precompiled", v.Type())
	}
}

// header writes what comes before the pointer, slice or map v: 0 for nil,
// else 1 for a pointer and the length plus one for the others. It reports
// whether v's content follows.
func (e *encoder) header(v reflect.Value) bool {
	if v.IsNil() {
		e.uint(0)
		return false
	}
	n := 1
	if v.Kind() != reflect.Pointer {
		n = v.Len() + 1
	}
	e.uint(uint64(n))
	return true
}

// elems writes the elements of the slice or array v.
func (e *encoder) elems(v reflect.Value) {
	for i := range v.Len() {
		e.value(v.Index(i))
	}
}

// mapEntries writes the entries of map v in the order of their encoded
// keys, so that the same map gives the same bytes on every run.
func (e *encoder) mapEntries(v reflect.Value) {
	type kv struct{ k, v []byte }
	pairs := make([]kv, 0, v.Len())
	it := v.MapRange()
	for it.Next() {
		ke, ve := &encoder{}, &encoder{}
		ke.value(it.Key())
		ve.value(it.Value())
		if ke.err != nil || ve.err != nil {
			e.err = cmp.Or(ke.err, ve.err)
		}
		pairs = append(pairs, kv{ke.b, ve.b})
	}
	slices.SortFunc(pairs, func(a, b kv) int { return bytes.Compare(a.k, b.k) })
	for _, p := range pairs {
		e.b = append(append(e.b, p.k...), p.v...)
	}
}
