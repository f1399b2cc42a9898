package lint

import (
	"strings"
	"testing"

	"github.com/replylint/replylint/dict"
)

// TestActErrors checks that a bad act in a team's pack is reported when the
// linter is built, with the file and line of its [[act]] table and the
// pattern at fault, although acts are compiled only on first use.
func TestActErrors(t *testing.T) {
	cases := []struct{ name, act, want string }{
		{"bad regexp", `regexps = ["好的", "(等"]`, `team.toml:4: act "team.wait": "(等": error parsing regexp: missing closing ): ` + "`(等`"},
		{"empty match", `regexps = ["好的", "等?"]`, `team.toml:4: act "team.wait": "等?" matches the empty string`},
		{"empty pattern", `patterns = ["[请]"]`, `team.toml:4: act "team.wait": "[请]" matches the empty string`},
		{"unclosed", `patterns = ["(稍等"]`, `team.toml:4: act "team.wait": pattern "(稍等": '(' is not closed`},
		{"unknown ref", `patterns = ["{nobody}稍等"]`, `team.toml:4: act "team.wait": pattern "{nobody}稍等": no act "nobody"`},
		{"self ref", `patterns = ["{team.wait}稍等"]`, `act "team.wait" refers to itself`},
		{"nothing", `description = "x"`, `team.toml:4: act "team.wait": no patterns or regexps`},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			pack := "# a team's pack\n\n\n[[act]]\nid = \"team.wait\"\n" + c.act + "\n"
			p, err := dict.Parse("team.toml", []byte(pack))
			if err != nil {
				t.Fatal(err)
			}
			_, err = New(Config{Packs: []*dict.Pack{p}})
			if err == nil || !strings.Contains(err.Error(), c.want) {
				t.Errorf("error %v, want one with %q", err, c.want)
			}
		})
	}
}

// TestActsCompiledOnUse checks that an act compiled on first use finds what
// its patterns say, each pattern on its own as well as all together.
func TestActsCompiledOnUse(t *testing.T) {
	pack := "[[act]]\nid = \"team.wait\"\npatterns = [\"请…稍等\"]\nregexps = [\"马上(给您)?处理\"]\n"
	p, err := dict.Parse("team.toml", []byte(pack))
	if err != nil {
		t.Fatal(err)
	}
	l := linterWith(t, Config{Packs: []*dict.Pack{p}})
	a := l.Act("team.wait")
	if a == nil || a.NumParts() != 2 {
		t.Fatalf("act %+v, want team.wait with 2 patterns", a)
	}
	tx := l.Prepare("请您稍等，马上给您处理")
	if got := len(a.Spans(tx)); got != 2 {
		t.Errorf("%d matches, want 2", got)
	}
	for i, want := range []string{"请您稍等", "马上给您处理"} {
		sp := a.PartSpans(tx, i)
		if len(sp) != 1 || string(tx.Orig[sp[0].Start:sp[0].End]) != want {
			t.Errorf("pattern %d: %v, want %q", i, sp, want)
		}
	}
	if a.Re() == nil || !a.Re().MatchString("马上处理") {
		t.Errorf("Re() = %v, want the alternation of both patterns", a.Re())
	}
}

// TestBuiltinActsChecked holds the built-in catalogue's acts to the check
// New gives a team's acts (New skips it for the built-in ones at every
// start): each parses and none matches the empty string.
func TestBuiltinActsChecked(t *testing.T) {
	l := linterWith(t, Config{})
	if len(l.Acts()) == 0 {
		t.Fatal("no built-in acts")
	}
	for _, a := range l.Acts() {
		if err := checkActRegexp(a.Expr, a.PartExprs, a.Sources); err != nil {
			t.Errorf("act %q: %v", a.ID, err)
		}
	}
}

// TestTeamExtendsBuiltinAct checks that a team's patterns added to a
// built-in act are checked like those of its own acts.
func TestTeamExtendsBuiltinAct(t *testing.T) {
	id := linterWith(t, Config{}).Acts()[0].ID
	p, err := dict.Parse("team.toml", []byte("[[act]]\nid = \""+id+"\"\nregexps = [\"好?\"]\n"))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := New(Config{Packs: []*dict.Pack{p}}); err == nil || !strings.Contains(err.Error(), `"好?" matches the empty string`) {
		t.Errorf("error %v, want the team's empty pattern named", err)
	}
}
