package dict

import (
	"bytes"
	"cmp"
	"crypto/sha256"
	_ "embed" // catalogue.bin
	"encoding/binary"
	"encoding/hex"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"math"
	"reflect"
	"slices"
	"sort"
	"strings"
	"unsafe"
)

// The built-in catalogue, parsed at `go generate` time (internal/gen) and
// embedded in a compact binary form, so that a one-reply check does not
// spend most of its start-up in the TOML decoder. It is used only while it
// is exactly what parsing would give: the SHA-256 of the catalogue files and
// a fingerprint of the Pack type (every field, exported or not, its type and
// its tag) must both match, or Builtin parses the TOML as before. A stale
// file costs time, never correctness; TestPrecompiledCatalogue fails while
// it is stale.
//
// The form is written by reflection over the Pack type, unexported fields
// included, so that the rule kinds can change their specs without anyone
// touching this file: values in field order, lengths and integers as
// varints, maps in key order (the same bytes on every run).

//go:embed catalogue.bin
var precompiledBin []byte

// precompiled decodes catalogue.bin if it matches the embedded catalogue.
func precompiled() ([]*Pack, bool) {
	d := &decoder{b: precompiledBin}
	hash, shape := d.str(), d.str()
	if d.err != nil || shape != packShape() {
		return nil, false
	}
	if h, err := catalogueHash(); err != nil || h != hash {
		return nil, false
	}
	var packs []*Pack
	d.value(reflect.ValueOf(&packs).Elem())
	if d.err != nil || len(d.b) != 0 {
		return nil, false
	}
	return packs, true
}

// Precompile parses the built-in catalogue and returns catalogue.bin's
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
	e := &encoder{}
	e.str(h)
	e.str(packShape())
	e.value(reflect.ValueOf(packs))
	return e.b, e.err
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
		if name == TextFile {
			continue // the text model is read on its own (see Text), not precompiled
		}
		if err := hashFile(h, name); err != nil {
			return "", err
		}
	}
	return hex.EncodeToString(h.Sum(nil)), nil
}

// hashFile writes the catalogue file name and its content to h, the
// content streamed (ReadFile would copy the whole file at every start).
func hashFile(h io.Writer, name string) error {
	f, err := catalogue.Open(name)
	if err != nil {
		return err
	}
	defer f.Close()
	info, err := f.Stat()
	if err != nil {
		return err
	}
	fmt.Fprintf(h, "%s\x00%d\x00", name, info.Size())
	_, err = io.Copy(h, f)
	return err
}

// packShape fingerprints Pack and every type inside it: a field added,
// dropped, renamed, retyped or retagged makes catalogue.bin stale.
func packShape() string {
	var b strings.Builder
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
			}
			b.WriteString("}")
			for i := range t.NumField() {
				walk(t.Field(i).Type)
			}
		}
	}
	walk(reflect.TypeOf(Pack{}))
	return b.String()
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
		e.err = fmt.Errorf("dict: a %s in the Pack type cannot be precompiled", v.Type())
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

type decoder struct {
	b   []byte
	err error
}

var errShort = errors.New("catalogue.bin: truncated")

func (d *decoder) uint() uint64 {
	n, k := binary.Uvarint(d.b)
	if k <= 0 {
		d.err, d.b = errShort, nil
		return 0
	}
	d.b = d.b[k:]
	return n
}

func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.err, d.b = errShort, nil
		return ""
	}
	s := string(d.b[:n])
	d.b = d.b[n:]
	return s
}

// length reads a slice's or map's length: -1 for nil.
func (d *decoder) length() int {
	n := d.uint()
	if n > uint64(len(d.b))+1 { // every element takes a byte at least
		d.err, d.b = errShort, nil
		return -1
	}
	return int(n) - 1
}

// value reads into v, which must be settable; an unexported field is
// reached through its address (this package's own types only).
func (d *decoder) value(v reflect.Value) {
	if d.err != nil {
		return
	}
	if !v.CanSet() {
		v = reflect.NewAt(v.Type(), unsafe.Pointer(v.UnsafeAddr())).Elem()
	}
	switch v.Kind() {
	case reflect.Bool:
		v.SetBool(d.uint() != 0)
	case reflect.Int, reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		n, k := binary.Varint(d.b)
		if k <= 0 {
			d.err, d.b = errShort, nil
			return
		}
		d.b = d.b[k:]
		v.SetInt(n)
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64:
		v.SetUint(d.uint())
	case reflect.Float32, reflect.Float64:
		v.SetFloat(math.Float64frombits(d.uint()))
	case reflect.String:
		v.SetString(d.str())
	case reflect.Pointer:
		if d.uint() == 0 {
			return
		}
		p := reflect.New(v.Type().Elem())
		d.value(p.Elem())
		v.Set(p)
	case reflect.Slice:
		n := d.length()
		if n < 0 {
			return
		}
		s := reflect.MakeSlice(v.Type(), n, n)
		for i := range n {
			d.value(s.Index(i))
		}
		v.Set(s)
	case reflect.Array:
		for i := range v.Len() {
			d.value(v.Index(i))
		}
	case reflect.Map:
		n := d.length()
		if n < 0 {
			return
		}
		m := reflect.MakeMapWithSize(v.Type(), n)
		for range n {
			k, e := reflect.New(v.Type().Key()).Elem(), reflect.New(v.Type().Elem()).Elem()
			d.value(k)
			d.value(e)
			m.SetMapIndex(k, e)
		}
		v.Set(m)
	case reflect.Struct:
		for i := range v.NumField() {
			d.value(v.Field(i))
		}
	default:
		d.err = fmt.Errorf("dict: a %s in the Pack type cannot be precompiled", v.Type())
	}
}
