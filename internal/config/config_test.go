package config

import (
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/rules"
)

// write puts files (name → content) into a fresh folder and returns it.
func write(t *testing.T, files map[string]string) string {
	t.Helper()
	dir := t.TempDir()
	for name, content := range files {
		p := filepath.Join(dir, name)
		if err := os.MkdirAll(filepath.Dir(p), 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(p, []byte(content), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

// TestLoadErrors: every mistake in a config names the file, the line and
// the key, and says what is wrong.
func TestLoadErrors(t *testing.T) {
	for _, tc := range []struct {
		name   string
		config string
		files  map[string]string
		want   []string // substrings of the error, in order
	}{
		{"unknown top-level key", "allow = []\ncolour = \"red\"\n",
			nil, []string{":2:", `unknown key "colour"`}},
		{"unknown key in a rule table", "[rules.\"hedge.maybe\"]\nseverity = \"warning\"\nseverty = \"info\"\n",
			nil, []string{":3:", `unknown key "rules.\"hedge.maybe\".severty"`}},
		{"unknown key in the second term", "[[terms]]\ntext = \"甲\"\nsuggestions = [\"乙\"]\n\n[[terms]]\ntext = \"丙\"\nsuggestion = [\"丁\"]\n",
			nil, []string{":7:", `unknown key "terms.suggestion"`}},
		{"unknown key in roles", "[roles]\nagents = [\"小蜜\"]\n",
			nil, []string{":2:", `unknown key "roles.agents"`}},
		{"wrong type at the top", "\nallow = \"你好色彩\"\n",
			nil, []string{":2:", "allow: wrong type", "string"}},
		{"wrong type in a rule table", "[rules.\"hedge.maybe\"]\nseverity = 3\n",
			nil, []string{":2:", `rules."hedge.maybe".severity: wrong type`}},
		{"wrong type of a limit", "[rules.\"length.max\"]\nmax = \"long\"\n",
			nil, []string{":2:", "max: wrong type"}},
		{"syntax error", "allow = [\"a\"\n[categories]\n",
			nil, []string{":2:", "expected a comma"}},
		{"bad regular expression in a term", "[[terms]]\ntext = \"甲\"\nsuggestions = [\"乙\"]\n\n[[terms]]\ntext = \"丙\"\nsuggestions = [\"丁\"]\nnot_after_re = \"([\"\n",
			nil, []string{":8:", "terms.not_after_re", "bad regular expression"}},
		{"unknown rule id", "[categories]\nhedge = \"warning\"\n\n[rules.\"hedge.perhaps\"]\nseverity = \"off\"\n",
			nil, []string{":4:", `rules."hedge.perhaps"`, `unknown rule id "hedge.perhaps"`}},
		{"a category given as a rule id", "[rules.hedge]\nseverity = \"off\"\n",
			nil, []string{":1:", "rules.hedge", "it is a category", "[categories]"}},
		{"unknown category", "[categories]\nhedge = \"warning\"\nhedges = \"off\"\n",
			nil, []string{":3:", "categories.hedges", `unknown category "hedges"`}},
		{"bad severity", "[categories]\nhedge = \"loud\"\n",
			nil, []string{":2:", "categories.hedge", `unknown severity "loud"`}},
		{"missing extends file", "# team\nextends = [\"packs/gone.toml\"]\n",
			nil, []string{":2:", "extends", "gone.toml"}},
		{"bad pack in extends", "extends = [\"packs/bad.toml\"]\n",
			map[string]string{"packs/bad.toml": "[[rule]]\nid = \"team.x\"\ntermz = [\"甲\"]\n"},
			[]string{"bad.toml:3:", `unknown key "rule.termz"`}},
		{"limit on a rule that has none", "[rules.\"hedge.maybe\"]\nfirst = 5\n",
			nil, []string{":2:", "first", "kind lexicon", "response-time"}},
		{"limit not positive", "[rules.\"response-time.late\"]\nseconds = 0\n",
			nil, []string{":2:", "seconds", "greater than 0"}},
		{"term without suggestions", "[[terms]]\ntext = \"王牌店\"\ncategory = \"competitor\"\n",
			nil, []string{":1:", "terms.suggestions", "no suggestions"}},
		{"term without text", "[[terms]]\ncategory = \"competitor\"\nsuggestions = [\"x\"]\n",
			nil, []string{":1:", "terms.text"}},
		{"term with bad boundary", "[[terms]]\ntext = \"甲\"\nsuggestions = [\"乙\"]\nboundary = \"char\"\n",
			nil, []string{":4:", "terms.boundary"}},
		{"unknown category in score weights", "[score.categories]\nhedgez = 3\n",
			nil, []string{":2:", "score.categories.hedgez", "unknown category"}},
		{"negative score weight", "[score]\nerror = -1\n",
			nil, []string{":2:", "score.error", "negative"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			dir := write(t, tc.files)
			path := filepath.Join(dir, FileName)
			if err := os.WriteFile(path, []byte(tc.config), 0o644); err != nil {
				t.Fatal(err)
			}
			_, err := Load(path)
			if err == nil {
				t.Fatalf("config loaded without error:\n%s", tc.config)
			}
			msg := err.Error()
			if !strings.Contains(msg, filepath.Base(path)) && !strings.Contains(msg, ".toml") {
				t.Errorf("error %q does not name the file", msg)
			}
			at := 0
			for _, w := range tc.want {
				i := strings.Index(msg[at:], w)
				if i < 0 {
					t.Fatalf("error %q: want %q (after position %d)", msg, w, at)
				}
				at += i + len(w)
			}
		})
	}
}

// findings runs the linter a config makes on one draft and returns
// "rule:severity:match" for each finding.
func findings(t *testing.T, c *Config, sw Switches, text string) []string {
	t.Helper()
	lc, err := c.Lint(sw)
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, f := range l.CheckText(text) {
		out = append(out, f.Rule+":"+f.Severity.String()+":"+f.Match)
	}
	return out
}

func loadLayers(t *testing.T) *Config {
	t.Helper()
	c, err := Load(filepath.Join("..", "..", "testdata", "config", "layers", "layers.toml"))
	if err != nil {
		t.Fatal(err)
	}
	return c
}

// TestLayering: built-in < packs/one.toml < packs/two.toml < the config's
// own settings.
func TestLayering(t *testing.T) {
	c := loadLayers(t)
	lc, err := c.Lint(Switches{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	fs := l.CheckText("可能明天到，已经放进工单池了。")
	var got []string
	for _, f := range fs {
		got = append(got, f.Rule+"|"+f.Severity.String()+"|"+f.Message)
	}
	want := []string{
		// pack two's wording wins over pack one's and the built-in one;
		// the config's severity (info) wins over pack two's (warning).
		"hedge.maybe|info|二号包：不要说“可能”",
		// pack one's own rule stays, at the severity the config gives its category.
		"team.jargon|warning|“工单池”是内部术语，客户听不懂",
	}
	if !slices.Equal(got, want) {
		t.Errorf("got  %q\nwant %q", got, want)
	}
	// Pack two's hedge.maybe has no 也许: the layered rule is replaced, not merged.
	if got := findings(t, c, Switches{}, "也许明天到。"); len(got) != 0 {
		t.Errorf("也许 flagged by a replaced rule: %v", got)
	}
	if o := c.RuleOrigin("hedge.maybe"); !strings.HasSuffix(o, "two.toml") {
		t.Errorf("origin of hedge.maybe = %q, want packs/two.toml", o)
	}
	if o := c.RuleOrigin("hedge.roughly"); o != "built-in" {
		t.Errorf("origin of hedge.roughly = %q, want built-in", o)
	}
}

func TestTermsAllowAndCategories(t *testing.T) {
	c := loadLayers(t)
	for _, tc := range []struct {
		text string
		want []string
	}{
		{"您可以去王牌店看看。", []string{"custom.competitor.1:error:王牌店"}},
		{"王牌店铺街在市中心。", nil},
		{"去JD看看吧。", []string{"custom.competitor.2:warning:JD"}},
		{"请用JDK 17。", nil},
		{"需要另付加急费。", []string{"team.rush:warning:加急费"}},
		// allow: a brand name containing 你好 is never flagged.
		{"这款你好色彩的口红很受欢迎。", nil},
		// [categories] slang = "error" raises a warning-level category.
		{"这款真是yyds。", []string{"slang.internet:error:yyds"}},
	} {
		if got := findings(t, c, Switches{}, tc.text); !slices.Equal(got, tc.want) {
			t.Errorf("%s: got %v, want %v", tc.text, got, tc.want)
		}
	}
	lc, err := c.Lint(Switches{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	for id, want := range map[string]string{
		"custom.competitor.1": "不要提及竞品店铺",
		"custom.competitor.2": "团队规定不使用“JD”",
		"team.rush":           "不要向客户提“加急费”",
	} {
		if r := l.Rule(id); r == nil || r.Info().Description != want {
			t.Errorf("rule %s: want description %q, got %v", id, want, r)
		}
	}
}

func TestRuleParameters(t *testing.T) {
	c := loadLayers(t)
	// [rules."length.max"] max = 30 (the built-in limit is 200)
	long := strings.Repeat("您好，您的订单已经发出了。", 3)
	if got := findings(t, c, Switches{}, long); !slices.Contains(got, "length.max:info:") {
		t.Errorf("39-character reply with max = 30: got %v, want length.max", got)
	}
	if got := findings(t, mustDefault(t), Switches{}, long); slices.Contains(got, "length.max:info:") {
		t.Errorf("39-character reply flagged with the built-in limit: %v", got)
	}
	// [shouting] allow: PLEASE as written, wait in the case it is matched in.
	if got := findings(t, c, Switches{}, "PLEASE WAIT，SORRY。"); !slices.Equal(got, []string{"shouting.caps:warning:SORRY"}) {
		t.Errorf("shouting allow: got %v, want only SORRY", got)
	}
	if got := findings(t, mustDefault(t), Switches{}, "PLEASE WAIT。"); len(got) != 2 {
		t.Errorf("without the config PLEASE WAIT should be two findings, got %v", got)
	}
	// [rules."response-time.late"] first = 10: a 9-second first reply is in time.
	convo := func(wait time.Duration) *lint.Conversation {
		t0 := time.Date(2024, 5, 1, 10, 0, 0, 0, time.UTC)
		return &lint.Conversation{ID: "c", Messages: []lint.Message{
			{Role: lint.Customer, Text: "你好，在吗？", Time: t0, Line: 1},
			{Role: lint.Agent, Text: "您好，在的，请问还有其他问题吗？", Time: t0.Add(wait), Line: 2},
		}}
	}
	late := func(c *Config, wait time.Duration) bool {
		lc, err := c.Lint(Switches{})
		if err != nil {
			t.Fatal(err)
		}
		l, err := lint.New(lc)
		if err != nil {
			t.Fatal(err)
		}
		return slices.ContainsFunc(l.CheckConversation(convo(wait)), func(f lint.Finding) bool { return f.Rule == "response-time.late" })
	}
	if !late(mustDefault(t), 9*time.Second) {
		t.Error("built-in limit: a 9-second first reply should be late")
	}
	if late(c, 9*time.Second) || !late(c, 11*time.Second) {
		t.Error("first = 10: want 9 s in time and 11 s late")
	}
	for id, want := range map[string][]string{
		"response-time.late":  {"first = 10", "seconds = 120"},
		"hedge.maybe":         {"pack packs/two.toml", "severity = info"},
		"team.jargon":         {"pack packs/one.toml", "[categories] jargon = warning"},
		"shouting.caps":       {"allow added"},
		"custom.competitor.1": {"[[terms]]"},
		"hedge.roughly":       nil,
	} {
		if got := c.Describe(id); !slices.Equal(got, want) {
			t.Errorf("Describe(%s) = %q, want %q", id, got, want)
		}
	}
}

func mustDefault(t *testing.T) *Config {
	t.Helper()
	c, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	return c
}

func TestSwitches(t *testing.T) {
	dir := write(t, map[string]string{FileName: "[categories]\nhedge = \"off\"\ninterjection = \"warning\"\n"})
	c, err := Load(filepath.Join(dir, FileName))
	if err != nil {
		t.Fatal(err)
	}
	const text = "呵呵，可能明天到，大概后天。"
	for _, tc := range []struct {
		name string
		sw   Switches
		want []string
	}{
		{"config alone", Switches{}, []string{"interjection.laugh:warning:呵呵"}},
		{"disable a category", Switches{Disable: []string{"interjection"}}, nil},
		{"disable a rule", Switches{Disable: []string{"interjection.laugh"}}, nil},
		{"enable a category the config switched off", Switches{Enable: []string{"hedge"}},
			[]string{"interjection.laugh:warning:呵呵", "hedge.maybe:error:可能", "hedge.roughly:error:大概"}},
		{"enable one rule of a category switched off", Switches{Enable: []string{"hedge.roughly"}},
			[]string{"interjection.laugh:warning:呵呵", "hedge.roughly:error:大概"}},
		{"disable a category, keep one rule", Switches{Disable: []string{"interjection", "hedge"}, Enable: []string{"hedge.maybe"}},
			[]string{"hedge.maybe:error:可能"}},
		{"enable after disable restores the config's severity", Switches{Disable: []string{"interjection"}, Enable: []string{"interjection"}},
			[]string{"interjection.laugh:warning:呵呵"}},
	} {
		t.Run(tc.name, func(t *testing.T) {
			if got := findings(t, c, tc.sw, text); !slices.Equal(got, tc.want) {
				t.Errorf("got %v, want %v", got, tc.want)
			}
		})
	}
	for _, sw := range []Switches{{Enable: []string{"hedge.perhaps"}}, {Disable: []string{"hedges"}}} {
		if _, err := c.Lint(sw); err == nil || !strings.Contains(err.Error(), "unknown rule or category") {
			t.Errorf("%+v: want an unknown rule or category error, got %v", sw, err)
		}
	}
}

func TestFind(t *testing.T) {
	dir := write(t, map[string]string{FileName: "", "a/b/reply.txt": "您好"})
	got, err := Find(filepath.Join(dir, "a", "b"))
	if err != nil {
		t.Fatal(err)
	}
	if got != filepath.Join(dir, FileName) {
		t.Errorf("Find from a/b = %q, want the file two folders up", got)
	}
	empty := t.TempDir()
	if got, err := Find(empty); err != nil || (got != "" && strings.HasPrefix(got, empty)) {
		t.Errorf("Find in a folder without a config = %q, %v", got, err)
	}
}

func TestRolesAndScore(t *testing.T) {
	c := loadLayers(t)
	if !slices.Equal(c.Roles.Agent, []string{"小蜜"}) || !slices.Equal(c.Roles.Customer, []string{"亲"}) {
		t.Errorf("roles = %+v", c.Roles)
	}
	for _, tc := range []struct {
		sev  rules.Severity
		cat  string
		want float64
	}{{rules.Error, "hedge", 5}, {rules.Warning, "slang", 2}, {rules.Info, "length", 0.5}, {rules.Warning, "competitor", 20}} {
		if got, _ := c.Score.Cost(&lint.Finding{Severity: tc.sev, Category: tc.cat}, nil); got != tc.want {
			t.Errorf("Weight(%v, %s) = %v, want %v", tc.sev, tc.cat, got, tc.want)
		}
	}
	if d, w := mustDefault(t).Score, score.DefaultWeights(); d.Error != w.Error || d.Warning != w.Warning || d.Info != w.Info || d.Categories != nil {
		t.Errorf("default weights = %+v, want 10/3/1", d)
	}
}

// A hostile config is refused by name before it is decoded: deep nesting
// made the TOML decoder take 4.1 GB for 40 KB, and /dev/zero as a pack was
// read without end.
func TestHostileConfig(t *testing.T) {
	dir := write(t, map[string]string{
		".replylint.toml": "allow = [\"好\"]\nx = " + strings.Repeat("[", 40_000) + "\n",
		"zero.toml":       "extends = [\"/dev/zero\"]\n",
	})
	_, err := Load(filepath.Join(dir, ".replylint.toml"))
	if err == nil || !strings.Contains(err.Error(), ".replylint.toml:2: nested more than") {
		t.Errorf("deep nesting: got %v", err)
	}
	if _, serr := os.Stat("/dev/zero"); serr == nil {
		_, err = Load(filepath.Join(dir, "zero.toml"))
		if err == nil || !strings.Contains(err.Error(), "larger than") {
			t.Errorf("extends /dev/zero: got %v", err)
		}
	}
}

// TestTextArtefacts: a team's [[text.artefact]] keeps its own codes out of
// the word rules, and the emoticon switch is read.
func TestTextArtefacts(t *testing.T) {
	cfg, err := Parse("team.toml", []byte("[text]\nemoticon_words = true\n[[text.artefact]]\nid = \"ticket\"\nkind = \"identifier\"\npattern = '工单\\d{1,6}哈哈'\n"))
	if err != nil {
		t.Fatal(err)
	}
	lc, err := cfg.Lint(Switches{})
	if err != nil {
		t.Fatal(err)
	}
	l, err := lint.New(lc)
	if err != nil {
		t.Fatal(err)
	}
	if fs := l.CheckText("请记下工单12哈哈。"); len(fs) != 0 {
		t.Errorf("team artefact read as words: %v", fs)
	}
	if fs := l.CheckText("不客气[呵呵]"); len(fs) == 0 {
		t.Errorf("emoticon_words = true: [呵呵] should count as laughter")
	}
	if _, err := Parse("team.toml", []byte("[text.negation]\nwords = [\"不\"]\n")); err == nil || !strings.Contains(err.Error(), "team.toml:1") {
		t.Errorf("[text.negation] in a config: err = %v", err)
	}
}
