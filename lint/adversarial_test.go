package lint

import (
	"fmt"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"testing"
)

// adversarialShapes are 1 MiB bodies built to make per-candidate work grow
// with the input: one unpunctuated clause of a hedge, a pronoun or a
// laugh, a clause break after every candidate, nothing but artefacts,
// unclosed quotation marks, runs of spaces between a softener and its
// clause, capitals, digits. Each must check in a small constant per rune.
var adversarialShapes = []struct{ name, unit string }{
	{"maybe-one-clause", "可能"},
	{"you-one-clause", "你"},
	{"you-comma", "你，"},
	{"laugh-one-clause", "呵呵"},
	{"emoticons", "[呵呵]"},
	{"masks-and-mentions", "[数字x]@客服"},
	{"unclosed-quotes", "“可能"},
	{"spaces-softener", "哦        "},
	{"capitals", "ABCD"},
	{"digits", "6"},
	{"promise-mix", "保证一定百分百绝对"},
	{"latin-words", "ok hhh 666 "},
}

func adversarialBody(unit string) string {
	const size = 1 << 20
	return strings.Repeat(unit, size/len(unit))
}

// adversarialDirEnv names the folder TestWriteAdversarialShapes writes the
// shapes into, for bench/adversarial.sh.
const adversarialDirEnv = "REPLYLINT_ADVERSARIAL_DIR"

// TestWriteAdversarialShapes writes each shape as a plain-text draft,
// NN-name.txt in the order of adversarialShapes, into the folder named by
// $REPLYLINT_ADVERSARIAL_DIR, so that bench/adversarial.sh measures the
// binary on the bodies this benchmark checks (one list of shapes). Without
// the variable there is nothing to write and it skips.
func TestWriteAdversarialShapes(t *testing.T) {
	dir := os.Getenv(adversarialDirEnv)
	if dir == "" {
		t.Skip(adversarialDirEnv + " not set: bench/adversarial.sh sets it")
	}
	if err := os.MkdirAll(dir, 0o755); err != nil {
		t.Fatal(err)
	}
	for i, s := range adversarialShapes {
		body := adversarialBody(s.unit)
		if len(body) > 1<<20 {
			t.Fatalf("%s: %d bytes, over the 1 MiB a draft may have", s.name, len(body))
		}
		name := filepath.Join(dir, fmt.Sprintf("%02d-%s.txt", i+1, s.name))
		if err := os.WriteFile(name, []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
}

// BenchmarkAdversarial checks each 1 MiB shape as one draft. The issue's
// target is at most 1 s of CPU and 100 MB of memory each (bench figures,
// not a test: see the report in the commit that added this).
func BenchmarkAdversarial(b *testing.B) {
	l, err := New(Config{})
	if err != nil {
		b.Fatal(err)
	}
	l.CheckText("您好") // load the segmenter outside the timing
	for _, s := range adversarialShapes {
		body := adversarialBody(s.unit)
		b.Run(s.name, func(b *testing.B) {
			var before runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&before)
			b.ReportAllocs()
			n, cpu := 0, cpuTime()
			for b.Loop() {
				n = len(l.CheckText(body))
			}
			b.ReportMetric((cpuTime()-cpu).Seconds()/float64(b.N), "cpu-s/op")
			var after runtime.MemStats
			runtime.ReadMemStats(&after)
			b.ReportMetric(float64(n), "findings")
			b.ReportMetric(float64(after.HeapSys)/(1<<20), "heap-MB")
		})
	}
}
