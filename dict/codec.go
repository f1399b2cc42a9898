package dict

import (
	"errors"
	"fmt"
	"math"
	"reflect"
	"unsafe"
)

// The decoder of catalogue.bin's payloads (see precompiled.go for the
// form). Walking the values by reflection at every start cost a one-reply
// check more than the rest of reading the catalogue: a reflect.Value per
// field, a settable copy for each unexported one, a string copied out of
// the embedded bytes for every word. So the type is planned once per
// decoding (a decodeFunc for each type in it, a struct being its fields'
// offsets), values are written straight into their memory, and strings are
// substrings of the embedded data, which no one can change.

// decoder reads the payload b.
type decoder struct {
	b   string
	err error
}

var errShort = errors.New("catalogue.bin: truncated")

// fail stops the decoding: every read after it returns zero values.
func (d *decoder) fail(err error) {
	if d.err == nil {
		d.err = err
	}
	d.b = ""
}

// uint reads an unsigned varint (encoding/binary's form). Most are one
// byte (lengths, nil, false), read inline.
func (d *decoder) uint() uint64 {
	if b := d.b; b != "" && b[0] < 0x80 {
		d.b = b[1:]
		return uint64(b[0])
	}
	return d.uintLong()
}

// uintLong reads a varint of any length.
func (d *decoder) uintLong() uint64 {
	var n uint64
	for i := 0; i < len(d.b) && i < binaryMaxVarintLen64; i++ {
		c := d.b[i]
		if c < 0x80 {
			if i == binaryMaxVarintLen64-1 && c > 1 {
				break // overflows 64 bits
			}
			d.b = d.b[i+1:]
			return n | uint64(c)<<(7*i)
		}
		n |= uint64(c&0x7f) << (7 * i)
	}
	d.fail(errShort)
	return 0
}

// binaryMaxVarintLen64 is binary.MaxVarintLen64.
const binaryMaxVarintLen64 = 10

// int reads a signed varint (zig-zag, as binary.AppendVarint writes it).
func (d *decoder) int() int64 {
	u := d.uint()
	n := int64(u >> 1)
	if u&1 != 0 {
		n = ^n
	}
	return n
}

// str reads a length-prefixed string, sharing the payload's bytes.
func (d *decoder) str() string {
	n := d.uint()
	if n > uint64(len(d.b)) {
		d.fail(errShort)
		return ""
	}
	s := d.b[:n]
	d.b = d.b[n:]
	return s
}

// length reads a slice's or map's length: -1 for nil.
func (d *decoder) length() int {
	n := d.uint()
	if n > uint64(len(d.b))+1 { // every element takes a byte at least
		d.fail(errShort)
		return -1
	}
	return int(n) - 1
}

// decodeInto decodes payload into *v; the payload must be read to its end.
func decodeInto[T any](payload string, v *T) error {
	p := plans{}
	f := p.of(reflect.TypeFor[T]())
	if p.err != nil {
		return p.err
	}
	d := &decoder{b: payload}
	f(d, unsafe.Pointer(v))
	if d.err == nil && d.b != "" {
		d.err = fmt.Errorf("catalogue.bin: %d bytes left over", len(d.b))
	}
	return d.err
}

// A decodeFunc reads one value of its type into the memory at p, which
// holds a zero value of the type.
type decodeFunc func(d *decoder, p unsafe.Pointer)

// plans holds the decodeFunc of each type met while planning one type;
// a type being planned has a nil entry until it is done (a type that holds
// itself through a pointer or slice).
type plans struct {
	funcs map[reflect.Type]*decodeFunc
	err   error
}

// of returns the decodeFunc of t.
func (ps *plans) of(t reflect.Type) decodeFunc {
	if ps.funcs == nil {
		ps.funcs = map[reflect.Type]*decodeFunc{}
	}
	if f, ok := ps.funcs[t]; ok {
		if *f == nil { // t is being planned: call it once it is
			return func(d *decoder, p unsafe.Pointer) { (*f)(d, p) }
		}
		return *f
	}
	f := new(decodeFunc)
	ps.funcs[t] = f
	*f = ps.plan(t)
	return *f
}

// plan makes the decodeFunc of t.
func (ps *plans) plan(t reflect.Type) decodeFunc {
	switch t.Kind() {
	case reflect.Bool:
		return func(d *decoder, p unsafe.Pointer) { *(*bool)(p) = d.uint() != 0 }
	case reflect.Int:
		return func(d *decoder, p unsafe.Pointer) { *(*int)(p) = int(d.int()) }
	case reflect.Int8, reflect.Int16, reflect.Int32, reflect.Int64:
		return func(d *decoder, p unsafe.Pointer) { reflect.NewAt(t, p).Elem().SetInt(d.int()) }
	case reflect.Uint, reflect.Uint8, reflect.Uint16, reflect.Uint32, reflect.Uint64, reflect.Uintptr:
		return func(d *decoder, p unsafe.Pointer) { reflect.NewAt(t, p).Elem().SetUint(d.uint()) }
	case reflect.Float64:
		return func(d *decoder, p unsafe.Pointer) { *(*float64)(p) = math.Float64frombits(d.uint()) }
	case reflect.Float32:
		return func(d *decoder, p unsafe.Pointer) {
			reflect.NewAt(t, p).Elem().SetFloat(math.Float64frombits(d.uint()))
		}
	case reflect.String:
		return func(d *decoder, p unsafe.Pointer) { *(*string)(p) = d.str() }
	case reflect.Pointer:
		return ps.pointer(t)
	case reflect.Slice:
		return ps.slice(t)
	case reflect.Array:
		return ps.array(t)
	case reflect.Map:
		return ps.mapOf(t)
	case reflect.Struct:
		return ps.structOf(t)
	}
	ps.err = fmt.Errorf("dict: a %s cannot be precompiled", t)
	return func(d *decoder, _ unsafe.Pointer) { d.fail(ps.err) }
}

// pointer: 0 for nil, else 1 and the value pointed to.
func (ps *plans) pointer(t reflect.Type) decodeFunc {
	elem := ps.of(t.Elem())
	return func(d *decoder, p unsafe.Pointer) {
		if d.uint() == 0 {
			return
		}
		v := reflect.New(t.Elem()).UnsafePointer()
		elem(d, v)
		*(*unsafe.Pointer)(p) = v
	}
}

// slice: the length plus one (0 for nil), then the elements.
func (ps *plans) slice(t reflect.Type) decodeFunc {
	if t == reflect.TypeFor[[]string]() { // most of the catalogue: word lists
		return func(d *decoder, p unsafe.Pointer) {
			if n := d.length(); n >= 0 {
				s := make([]string, n)
				for i := range s {
					s[i] = d.str()
				}
				*(*[]string)(p) = s
			}
		}
	}
	elem, size := ps.of(t.Elem()), t.Elem().Size()
	return func(d *decoder, p unsafe.Pointer) {
		n := d.length()
		if n < 0 {
			return
		}
		s := reflect.MakeSlice(t, n, n)
		base := s.UnsafePointer()
		for i := range n {
			elem(d, unsafe.Add(base, uintptr(i)*size))
		}
		reflect.NewAt(t, p).Elem().Set(s)
	}
}

// array: the elements.
func (ps *plans) array(t reflect.Type) decodeFunc {
	elem, size, n := ps.of(t.Elem()), t.Elem().Size(), t.Len()
	return func(d *decoder, p unsafe.Pointer) {
		for i := range n {
			elem(d, unsafe.Add(p, uintptr(i)*size))
		}
	}
}

// mapOf: the length plus one (0 for nil), then each key and its value.
func (ps *plans) mapOf(t reflect.Type) decodeFunc {
	key, elem := ps.of(t.Key()), ps.of(t.Elem())
	return func(d *decoder, p unsafe.Pointer) {
		n := d.length()
		if n < 0 {
			return
		}
		m := reflect.MakeMapWithSize(t, n)
		k, e := reflect.New(t.Key()), reflect.New(t.Elem())
		for range n {
			k.Elem().SetZero()
			e.Elem().SetZero()
			key(d, k.UnsafePointer())
			elem(d, e.UnsafePointer())
			m.SetMapIndex(k.Elem(), e.Elem()) // copies both
		}
		reflect.NewAt(t, p).Elem().Set(m)
	}
}

// structOf: the fields in their order, unexported ones too (this
// package's own types only: their memory is written through its offset).
func (ps *plans) structOf(t reflect.Type) decodeFunc {
	type field struct {
		off uintptr
		f   decodeFunc
	}
	fields := make([]field, t.NumField())
	for i := range fields {
		sf := t.Field(i)
		fields[i] = field{sf.Offset, ps.of(sf.Type)}
	}
	return func(d *decoder, p unsafe.Pointer) {
		for _, f := range fields {
			f.f(d, unsafe.Add(p, f.off))
		}
	}
}
