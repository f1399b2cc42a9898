package dict

import (
	"reflect"
	"testing"
)

// TestPrecompiledCatalogue: the embedded precompiled catalogue is current
// and is exactly what parsing the TOML gives, unexported fields included.
func TestPrecompiledCatalogue(t *testing.T) {
	got, ok := precompiled()
	if !ok {
		t.Fatal("dict/catalogue.bin is stale (the catalogue or the Pack type changed): run `go generate ./dict` and commit the result")
	}
	want, err := parseBuiltin()
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != len(want) {
		t.Fatalf("%d packs precompiled, %d parsed", len(got), len(want))
	}
	for i := range want {
		if !reflect.DeepEqual(got[i], want[i]) {
			for j := range want[i].Rules {
				if j < len(got[i].Rules) && !reflect.DeepEqual(got[i].Rules[j], want[i].Rules[j]) {
					t.Errorf("%s: rule %s precompiled differs from parsed:\n%#v\n%#v", want[i].File, want[i].Rules[j].ID, got[i].Rules[j], want[i].Rules[j])
					break
				}
			}
			t.Errorf("%s: precompiled pack differs from parsed", want[i].File)
		}
	}
}

// TestPrecompiledText: the embedded precompiled text model is current and
// is exactly what parsing text.toml gives.
func TestPrecompiledText(t *testing.T) {
	got, ok := precompiledText()
	if !ok {
		t.Fatal("dict/catalogue.bin is stale (text.toml or the TextSpec type changed): run `go generate ./dict` and commit the result")
	}
	want, err := parseText()
	if err != nil {
		t.Fatal(err)
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("precompiled text model differs from parsed:\n%#v\n%#v", got, want)
	}
}

// TestBuiltinIsFresh: every call of Builtin returns values of its own, so a
// caller that changes a rule (configuration does) changes no one else's.
func TestBuiltinIsFresh(t *testing.T) {
	a, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	a[0].Rules[0].Terms = append(a[0].Rules[0].Terms[:0], "改过")
	a[0].Rules[0].ID = "changed"
	b, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	if b[0].Rules[0].ID == "changed" || len(b[0].Rules[0].Terms) > 0 && b[0].Rules[0].Terms[0] == "改过" {
		t.Error("Builtin handed out the same values twice")
	}
}

// BenchmarkBuiltin: the catalogue from its precompiled form, and parsed.
func BenchmarkBuiltin(b *testing.B) {
	b.Run("precompiled", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, ok := precompiled(); !ok {
				b.Fatal("stale")
			}
		}
	})
	b.Run("parsed", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			if _, err := parseBuiltin(); err != nil {
				b.Fatal(err)
			}
		}
	})
}
