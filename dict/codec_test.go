package dict

import (
	"reflect"
	"strings"
	"testing"
)

// codecSample holds every kind the precompiled form carries, nil and empty
// values told apart, unexported fields too.
type codecSample struct {
	B      bool
	I      int
	I8     int8
	I64    int64
	U16    uint16
	F      float64
	F32    float32
	S      string
	P, Nil *bool
	Words  []string
	Empty  []string
	None   []string
	Nested [][]string
	Arr    [2]string
	M      map[string]int
	MEmpty map[string][]string
	MNil   map[string]float64
	Parts  []codecPart
	Ptrs   []*codecPart
	secret string
	lines  []keyLine
}

type codecPart struct {
	Name string
	N    int
	Sub  *codecPart
}

func codecValue() codecSample {
	yes := true
	return codecSample{
		B: true, I: -12345, I8: -7, I64: 1 << 62, U16: 65535, F: -2.5, F32: 0.25, S: "保证 & \x00 end",
		P: &yes, Words: []string{"甲", "", "乙丙"}, Empty: []string{}, Nested: [][]string{nil, {}, {"x"}},
		Arr: [2]string{"a", "b"}, M: map[string]int{"z": 1, "a": -1, "": 0}, MEmpty: map[string][]string{},
		Parts:  []codecPart{{Name: "p", N: 3, Sub: &codecPart{Name: "q"}}, {}},
		Ptrs:   []*codecPart{nil, {Name: "r"}},
		secret: "unexported", lines: []keyLine{{"id", 3}, {"terms", 5}},
	}
}

func encodeSample(t *testing.T, v any) string {
	t.Helper()
	e := &encoder{}
	e.value(reflect.ValueOf(v))
	if e.err != nil {
		t.Fatal(e.err)
	}
	return string(e.b)
}

// TestCodecRoundTrip: what the encoder writes, the decoder reads back
// exactly, and the same value always gives the same bytes (map order).
func TestCodecRoundTrip(t *testing.T) {
	want := codecValue()
	payload := encodeSample(t, want)
	var got codecSample
	if err := decodeInto(payload, &got); err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("decoded\n%#v\nwant\n%#v", got, want)
	}
	if got.Empty == nil || got.None != nil || got.MEmpty == nil || got.MNil != nil || got.Nil != nil {
		t.Error("nil and empty values not told apart")
	}
	for range 5 {
		if encodeSample(t, codecValue()) != payload {
			t.Fatal("the same value encoded to different bytes")
		}
	}
}

// TestCodecTruncated: a cut or padded payload is an error, never a panic
// or a value half read and taken for whole.
func TestCodecTruncated(t *testing.T) {
	payload := encodeSample(t, codecValue())
	for n := range len(payload) {
		var v codecSample
		if err := decodeInto(payload[:n], &v); err == nil {
			t.Errorf("payload cut to %d of %d bytes: no error", n, len(payload))
		}
	}
	var v codecSample
	if err := decodeInto(payload+"\x00", &v); err == nil || !strings.Contains(err.Error(), "left over") {
		t.Errorf("padded payload: %v", err)
	}
	// The real catalogue, cut at a spread of places.
	d := &decoder{b: precompiledBin}
	d.str()
	d.str()
	packs := d.str()
	for n := 0; n < len(packs); n += len(packs)/40 + 1 {
		var v []*Pack
		if err := decodeInto(packs[:n], &v); err == nil {
			t.Errorf("catalogue cut to %d of %d bytes: no error", n, len(packs))
		}
	}
}

// TestCodecUnsupported: a type the form cannot carry is an error at
// encoding and at decoding, not a silent zero.
func TestCodecUnsupported(t *testing.T) {
	type withFunc struct{ F func() }
	e := &encoder{}
	e.value(reflect.ValueOf(withFunc{}))
	if e.err == nil {
		t.Error("encoding a func: no error")
	}
	var v withFunc
	if err := decodeInto("\x00", &v); err == nil {
		t.Error("decoding a func: no error")
	}
}
