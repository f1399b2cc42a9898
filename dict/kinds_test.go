package dict

import (
	"flag"
	"os"
	"reflect"
	"slices"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite docs/pack-keys.md from the registry")

// TestPackKeysDoc keeps docs/pack-keys.md equal to what the registry says.
func TestPackKeysDoc(t *testing.T) {
	want := KeyReference()
	if *update {
		if err := os.WriteFile("../docs/pack-keys.md", []byte(want), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	got, err := os.ReadFile("../docs/pack-keys.md")
	if err != nil {
		t.Fatal(err)
	}
	if string(got) != want {
		t.Errorf("docs/pack-keys.md is out of date; rewrite it with\n  go test ./dict -run PackKeys -update")
	}
}

// TestEveryKeyDocumented holds the registry to the specs: every TOML key
// of RuleSpec and FrameSpec has a meaning and is read by some kind, and no
// documented key is one the specs lack.
func TestEveryKeyDocumented(t *testing.T) {
	read := slices.Concat(CommonKeys, FrameKeys)
	for _, k := range Kinds {
		read = append(read, k.Keys...)
		for _, tu := range k.Tunables {
			if !slices.Contains(k.Keys, tu) {
				t.Errorf("kind %s: tunable %q is not one of its keys", k.Name, tu)
			}
		}
	}
	tags := map[string]bool{}
	for _, v := range []any{RuleSpec{}, FrameSpec{}} {
		ty := reflect.TypeOf(v)
		for i := 0; i < ty.NumField(); i++ {
			tag := strings.Split(ty.Field(i).Tag.Get("toml"), ",")[0]
			if tag == "" || tag == "-" {
				continue
			}
			tags[tag] = true
			if KeyDocs[tag] == "" {
				t.Errorf("key %q has no documentation in KeyDocs", tag)
			}
			if !slices.Contains(read, tag) {
				t.Errorf("key %q is read by no kind", tag)
			}
		}
	}
	for k := range KeyDocs {
		if !tags[k] {
			t.Errorf("KeyDocs documents %q, which no spec has", k)
		}
	}
}

func build(t *testing.T, pack string) error {
	t.Helper()
	p, err := Parse("pack.toml", []byte(pack))
	if err != nil {
		return err
	}
	for i := range p.Rules {
		if _, err := p.Rules[i].Build(p.File, func(s string) []rune { return []rune(s) }, MergeSets([]*Pack{p}), nil); err != nil {
			return err
		}
	}
	return nil
}

const head = "[[rule]]\nid = \"x.y\"\ncategory = \"x\"\nsuggestions = [\"s\"]\n"

// TestKeyOfAnotherKind: a key the rule's kind does not read is an error
// naming the file, the line and the key, never a silent no-op.
func TestKeyOfAnotherKind(t *testing.T) {
	for _, tc := range []struct{ body, want string }{
		{"kind = \"pattern\"\npattern = \"a\"\nterms = [\"b\"]\n", `pack.toml:1: rule "x.y": key "terms" (line 7) does not apply to a pattern rule (lexicon rules read it)`},
		{"terms = [\"a\"]\nmax = 3\n", `key "max" (line 6) does not apply to a lexicon rule (length, wait-apology rules read it)`},
		{"kind = \"length\"\nmax = 3\nboundary = \"token\"\n", `key "boundary" (line 7) does not apply to a length rule`},
		{"terms = [\"a\"]\nexcept = [{befor = [\"b\"], why = \"w\"}]\n", `pack.toml:6: rule "x.y": except entry 1: unknown key "befor"`},
		{"terms = [\"a\"]\nexcept = [{why = \"w\"}]\n", `except entry 1: sets no predicate`},
		{"terms = [\"a\"]\nexcept = [{terms = [\"b\"], before = [\"c\"], why = \"w\"}]\n", `except entry 1 names "b", which is no term of the rule`},
		{"kind = \"nonesuch\"\n", `unknown kind "nonesuch"`},
		{"terms = [\"@nope\"]\n", `terms: no set "nope"`},
	} {
		err := build(t, head+tc.body)
		if err == nil || !strings.Contains(err.Error(), tc.want) {
			t.Errorf("%q: error %v, want %q", tc.body, err, tc.want)
		}
	}
	if err := build(t, head+"terms = [\"a\"]\nnot_before = [\"b\"]\n"); err != nil {
		t.Errorf("a lexicon rule's own keys: %v", err)
	}
}

// TestSets: "@name" expands to a set's words, "@name的" to each word and
// 的; a later pack extends a set; a set may name another, not itself.
func TestSets(t *testing.T) {
	a, err := Parse("a.toml", []byte("[sets]\nself = [\"我\", \"@team\"]\nteam = [\"我们\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	b, err := Parse("b.toml", []byte("[sets]\nteam = [\"小蜜\"]\nloop = [\"@loop\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := words{norm: func(s string) []rune { return []rune(s) }, sets: MergeSets([]*Pack{a, b})}
	got, err := w.list([]string{"@self的", "您"})
	if err != nil {
		t.Fatal(err)
	}
	var strs []string
	for _, g := range got {
		strs = append(strs, string(g))
	}
	if want := []string{"我的", "我们的", "小蜜的", "您"}; !slices.Equal(strs, want) {
		t.Errorf("got %q, want %q", strs, want)
	}
	if _, err := w.list([]string{"@loop"}); err == nil || !strings.Contains(err.Error(), "names itself") {
		t.Errorf("a set naming itself: %v", err)
	}
}

// TestWordListRepeats: a word list keeps each word once, where it first
// comes, after normalising (two spellings of one word are one word),
// whether it is short or a long cross product of sets.
func TestWordListRepeats(t *testing.T) {
	p, err := Parse("a.toml", []byte("[sets]\nx = [\"甲\", \"乙\", \"丙\", \"丁\", \"戊\", \"己\"]\ny = [\"一\", \"二\", \"三\", \"一\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	w := words{norm: func(s string) []rune { return []rune(strings.ToLower(s)) }, sets: MergeSets([]*Pack{p})}
	for _, c := range []struct {
		in   []string
		want int
	}{
		{[]string{"A", "b", "a", "B", "c"}, 3},
		{[]string{"@x@y", "甲一", "@x一", "Z", "z"}, 6*3 + 1},
	} {
		got, err := w.list(c.in)
		if err != nil {
			t.Fatal(err)
		}
		var naive [][]rune
		for _, s := range c.in {
			xs, err := w.expand(nil, s, nil)
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range xs {
				r := w.norm(x)
				if !slices.ContainsFunc(naive, func(o []rune) bool { return slices.Equal(o, r) }) {
					naive = append(naive, r)
				}
			}
		}
		if len(got) != c.want || !slices.EqualFunc(got, naive, slices.Equal[[]rune]) {
			t.Errorf("%q: %d words %q, want %d in first-come order %q", c.in, len(got), got, c.want, naive)
		}
	}
}
