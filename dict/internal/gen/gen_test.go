package main

import (
	"os"
	"path/filepath"
	"testing"
)

// TestGeneratedIsCurrent regenerates the segmentation dictionary from gse,
// the catalogue and dict/vocab/, and fails while the committed files differ:
// a term or vocabulary word added without `go generate ./dict` would
// otherwise be cut wrongly without anyone noticing.
func TestGeneratedIsCurrent(t *testing.T) {
	out := t.TempDir()
	o := options{vocab: filepath.Join("..", "..", "vocab"), top: 12000, overlapMin: 100, out: out}
	if err := run(o); err != nil {
		t.Fatal(err)
	}
	for _, name := range []string{"words.txt", "words_total.go", "catalogue.bin"} {
		want, err := os.ReadFile(filepath.Join(out, name))
		if err != nil {
			t.Fatal(err)
		}
		got, err := os.ReadFile(filepath.Join("..", "..", name))
		if err != nil {
			t.Fatal(err)
		}
		if string(got) != string(want) {
			t.Errorf("dict/%s is stale: run `go generate ./dict` and commit the result", name)
		}
	}
}

func TestReadVocab(t *testing.T) {
	dir := t.TempDir()
	write := func(s string) {
		if err := os.WriteFile(filepath.Join(dir, "a.txt"), []byte(s), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	write("# comment\n客服\n\n工单 50 n\nQQ群 9 n\n")
	got, err := readVocab(dir)
	if err != nil {
		t.Fatal(err)
	}
	if len(got) != 3 || got["客服"].freq != 0 || got["工单"] != (entry{word: "工单", freq: 50, pos: "n"}) || got["qq群"].word != "qq群" {
		t.Errorf("readVocab = %v", got)
	}
	for _, bad := range []string{"工单 50\n", "工单 x n\n", "工单 1 n\n", "工单 2.5 n\n"} {
		write(bad)
		if _, err := readVocab(dir); err == nil {
			t.Errorf("readVocab(%q): no error", bad)
		}
	}
}
