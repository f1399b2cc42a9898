// Package config reads .replylint.toml: packs layered on the built-in
// catalogue, allowed words, severities by category and rule, rule limits,
// a team's own terms, role names, acronyms that are not shouting, and score
// weights. Every mistake in a file is an error naming the file, line and
// key; nothing is silently ignored.
package config

import (
	"bytes"
	"cmp"
	"errors"
	"fmt"
	"maps"
	"os"
	"path"
	"path/filepath"
	"reflect"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"time"
	"unicode"

	"github.com/BurntSushi/toml"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/internal/score"
	"github.com/replylint/replylint/lint"
	"github.com/replylint/replylint/lint/transcript"
	"github.com/replylint/replylint/rules"
)

// FileName is the name Find looks for.
const FileName = ".replylint.toml"

// Roles are speaker names a team's chat exports use, added to the default
// agent and customer names of the chat input (客服, 客户 …).
type Roles struct {
	Agent    []string `toml:"agent"`
	Customer []string `toml:"customer"`
	// Others is "customer" to make every speaker not known as the agent
	// or a bot the customer (nicknames an export cannot list ahead).
	Others string `toml:"others"`
}

// Config is a loaded configuration: the rule set it describes and the
// settings other parts of replylint read (roles, score weights). Lint turns
// it, with the per-run switches, into a lint.Config; Input gives the
// transcript settings. Nothing in it changes the packs it reads.
type Config struct {
	// Path is the file read; "" for the built-in defaults.
	Path  string
	Roles Roles
	Score score.Weights
	// Allow lists words never flagged wherever they appear.
	Allow []string
	// Exclude lists glob patterns of files and folders check, fix and
	// report leave out (exclude = [...]).
	Exclude []string
	// Timezone is [input] timezone: the zone of times written without
	// one, an IANA name such as Asia/Shanghai; "" is the machine's zone.
	Timezone string

	text       *dict.TextSpec            // [text]: additions to the text model
	catalogue  []*dict.Pack              // the built-in packs, only read
	packs      []*dict.Pack              // extends in order, then [[terms]]
	params     map[string]lint.Params    // [rules."id"] limits and [shouting] allow, by rule id
	severity   map[string]rules.Severity // [categories] and [rules."id"] severity, as written
	specs      map[string]*dict.RuleSpec // the spec of each rule id that wins the layering, only read
	categories map[string][]string       // category → ids of its rules, in catalogue order
	terms      map[string]bool           // ids of rules made from [[terms]]
	origin     map[string]string         // rule id → file its winning spec came from
}

// Input returns the transcript settings of the configuration: the role
// words are the defaults, then the config's [roles]. Every command that
// reads transcripts or requests starts from these.
func (c *Config) Input() transcript.Options {
	roles := transcript.DefaultRoles()
	roles.Agent = slices.Concat(roles.Agent, c.Roles.Agent)
	roles.Customer = slices.Concat(roles.Customer, c.Roles.Customer)
	in := transcript.Options{Roles: roles}
	if c.Roles.Others == "customer" {
		in.Others = transcript.Customer
	}
	if c.Timezone != "" {
		// Parse has checked the name.
		in.Location, _ = time.LoadLocation(c.Timezone)
	}
	return in
}

// Default is the built-in catalogue with no configuration file.
func Default() (*Config, error) {
	builtin, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	c := &Config{Score: score.DefaultWeights(), catalogue: builtin, severity: map[string]rules.Severity{}, params: map[string]lint.Params{}}
	c.index()
	return c, nil
}

// Find looks for FileName in dir and its parents and returns its path, or
// "" when there is none.
func Find(dir string) (string, error) {
	dir, err := filepath.Abs(dir)
	if err != nil {
		return "", err
	}
	for {
		p := filepath.Join(dir, FileName)
		st, err := os.Stat(p)
		switch {
		case err == nil && st.Mode().IsRegular(): // never a device or a pipe, which could block or never end
			return p, nil
		case err != nil && !errors.Is(err, os.ErrNotExist):
			return "", err
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", nil
		}
		dir = parent
	}
}

// Load reads the configuration file at path.
func Load(path string) (*Config, error) {
	data, err := dict.ReadTOML(path)
	if err != nil {
		return nil, err
	}
	return Parse(path, data)
}

// schema is the TOML shape of a config file. Pointers tell "not set" from
// zero where zero would be a mistake worth reporting.
type schema struct {
	Extends    []string             `toml:"extends"`
	Allow      []string             `toml:"allow"`
	Categories map[string]string    `toml:"categories"`
	Rules      map[string]ruleTable `toml:"rules"`
	Terms      []termTable          `toml:"terms"`
	// Sets extends the catalogue's named word lists (a team's persona
	// names in agent-self): every rule that names the set sees them.
	Sets    map[string][]string `toml:"sets"`
	Roles   Roles               `toml:"roles"`
	Exclude []string            `toml:"exclude"`
	Input   struct {
		Timezone string `toml:"timezone"`
	} `toml:"input"`
	Shouting struct {
		Allow []string `toml:"allow"`
	} `toml:"shouting"`
	// Text adds a team's artefacts ([[text.artefact]]) to the text model
	// and sets its emoticon switch (text.emoticon_words).
	Text  *dict.TextSpec `toml:"text"`
	Score struct {
		Error      *float64           `toml:"error"`
		Warning    *float64           `toml:"warning"`
		Info       *float64           `toml:"info"`
		Categories map[string]float64 `toml:"categories"`
	} `toml:"score"`
}

// ruleTable is [rules."id"]: a severity and the few documented limits a
// rule's kind reads, so that teams can tune a rule without copying it.
type ruleTable struct {
	Severity *string  `toml:"severity"`
	First    *float64 `toml:"first"`   // response-time: seconds for the first reply
	Seconds  *float64 `toml:"seconds"` // response-time: seconds for later replies
	Max      *int     `toml:"max"`     // length: characters
	Min      *int     `toml:"min"`     // ratio: at least this many counted words
	Factor   *float64 `toml:"factor"`  // ratio: more than factor × the balancing words
	Allow    []string `toml:"allow"`   // pattern: whole matches that are not hits, added
}

// termTable is one [[terms]] entry: a team's own banned word, made into a
// lexicon rule.
type termTable struct {
	ID          string   `toml:"id"`
	Text        string   `toml:"text"`
	Category    string   `toml:"category"`
	Severity    string   `toml:"severity"`
	Description string   `toml:"description"`
	Message     string   `toml:"message"`
	Suggestions []string `toml:"suggestions"`
	Fix         string   `toml:"fix"`
	Boundary    string   `toml:"boundary"`
	NotIn       []string `toml:"not_in"`
	NotBefore   []string `toml:"not_before"`
	NotAfter    []string `toml:"not_after"`
	NotBeforeRe string   `toml:"not_before_re"`
	NotAfterRe  string   `toml:"not_after_re"`
}

// typeError is how the TOML decoder reports a value of the wrong type; it
// has no structured form, so the line and key are read from its text.
// It is read-only: a compiled pattern, safe for concurrent use and never reassigned.
var typeError = regexp.MustCompile(`^toml: line (\d+) \(last key "(.*)"\): (.*)$`)

// Parse reads a configuration from data; file names it in errors and
// anchors the paths in extends. The text's size and nesting are checked
// before it is decoded.
func Parse(file string, data []byte) (*Config, error) {
	if err := dict.CheckTOMLShape(file, data); err != nil {
		return nil, err
	}
	p := &parser{file: file, src: newSource(file, data)}
	s, err := p.decode(data)
	if err != nil {
		return nil, err
	}
	builtin, err := dict.Builtin()
	if err != nil {
		return nil, err
	}
	p.c = &Config{
		Path: file, Roles: s.Roles, Score: score.DefaultWeights(), Allow: s.Allow,
		catalogue: builtin, severity: map[string]rules.Severity{}, params: map[string]lint.Params{},
	}
	for _, step := range []func(*schema) error{
		p.extends, p.sets, p.termRules, p.categorySeverities, p.ruleTables, p.shouting, p.scoreWeights, p.checkRoles, p.checkAllow,
		p.inputSettings, p.textModel,
	} {
		if err := step(s); err != nil {
			return nil, err
		}
	}
	return p.c, nil
}

// parser holds what the steps of Parse share.
type parser struct {
	file string
	src  *source
	c    *Config
}

// errAt is an error at key, on the line it is set (searched from line from).
func (p *parser) errAt(key []string, from int, format string, args ...any) error {
	return fmt.Errorf("%s:%d: %s: %s", p.file, p.src.line(key, from), strings.Join(quoteParts(key), "."), fmt.Sprintf(format, args...))
}

// decode reads the TOML into the schema; a syntax error, a value of the
// wrong type and an unknown key each name the line.
func (p *parser) decode(data []byte) (*schema, error) {
	var s schema
	md, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&s)
	if err != nil {
		var perr toml.ParseError
		if errors.As(err, &perr) {
			return nil, fmt.Errorf("%s:%d: %s", p.file, perr.Position.Line, perr.Message)
		}
		if m := typeError.FindStringSubmatch(err.Error()); m != nil {
			key := strings.ReplaceAll(m[2], `\"`, `"`)
			return nil, fmt.Errorf("%s:%s: %s: wrong type: %s", p.file, m[1], key, strings.TrimPrefix(m[3], "incompatible types: "))
		}
		return nil, fmt.Errorf("%s: %w", p.file, err)
	}
	if un := md.Undecoded(); len(un) > 0 {
		return nil, fmt.Errorf("%s:%d: unknown key %q", p.file, p.src.line(un[0], 1), un[0].String())
	}
	return &s, nil
}

// extends reads the packs the config layers on the catalogue.
func (p *parser) extends(s *schema) error {
	for i, ext := range s.Extends {
		path := ext
		if !filepath.IsAbs(path) {
			path = filepath.Join(filepath.Dir(p.file), path)
		}
		data, err := dict.ReadTOML(path)
		if err != nil {
			return p.errAt([]string{"extends"}, 1, "pack %d: %v", i+1, err)
		}
		pack, err := dict.Parse(path, data)
		if err != nil {
			return err
		}
		p.c.packs = append(p.c.packs, pack)
	}
	return nil
}

// sets reads [sets]: words added to the catalogue's named sets (a team's
// persona names in agent-self). A set must exist to be extended: a
// misspelt name would otherwise change nothing.
func (p *parser) sets(s *schema) error {
	if len(s.Sets) == 0 {
		return nil
	}
	known := dict.MergeSets(slices.Concat(p.c.catalogue, p.c.packs))
	for _, name := range slices.Sorted(maps.Keys(s.Sets)) {
		if _, ok := known[name]; !ok {
			return p.errAt([]string{"sets", name}, 1, "no set %q in the catalogue to extend (sets: %s)", name, strings.Join(slices.Sorted(maps.Keys(known)), ", "))
		}
	}
	p.c.packs = append(p.c.packs, &dict.Pack{File: p.file, Sets: s.Sets})
	return nil
}

// termRules makes the [[terms]] into a pack of their own, last, and
// indexes the rule set the config now describes.
func (p *parser) termRules(s *schema) error {
	termPack, err := s.termPack(p.c, p.src, p.errAt)
	if err != nil {
		return err
	}
	if len(termPack.Rules) > 0 {
		p.c.packs = append(p.c.packs, termPack)
	}
	p.c.index()
	for _, r := range termPack.Rules {
		p.c.terms[r.ID] = true
	}
	return nil
}

// categorySeverities reads [categories].
func (p *parser) categorySeverities(s *schema) error {
	for _, cat := range slices.Sorted(maps.Keys(s.Categories)) {
		key := []string{"categories", cat}
		if _, ok := p.c.categories[cat]; !ok {
			return p.errAt(key, 1, "unknown category %q (replylint rules lists them)", cat)
		}
		sev, err := rules.ParseSeverity(s.Categories[cat])
		if err != nil {
			return p.errAt(key, 1, "%v", err)
		}
		p.c.severity[cat] = sev
	}
	return nil
}

// ruleTables reads [rules."id"].
func (p *parser) ruleTables(s *schema) error {
	for _, id := range slices.Sorted(maps.Keys(s.Rules)) {
		if err := p.c.tune(id, s.Rules[id], p.errAt); err != nil {
			return err
		}
	}
	return nil
}

// shouting reads [shouting] allow: the shouting rules match capitals only,
// so an acronym is allowed in the case it can be matched in, whatever case
// it is written in.
func (p *parser) shouting(s *schema) error {
	if len(s.Shouting.Allow) == 0 {
		return nil
	}
	var allow []string
	for _, a := range s.Shouting.Allow {
		allow = append(allow, a, strings.ToUpper(a))
	}
	n := 0
	for _, id := range p.c.categories["shouting"] {
		if p.c.specs[id].Kind == "pattern" {
			pr := p.c.params[id]
			pr.Allow = append(pr.Allow, allow...)
			p.c.params[id] = pr
			n++
		}
	}
	if n == 0 {
		return p.errAt([]string{"shouting", "allow"}, 1, "no pattern rule in category shouting to apply it to")
	}
	return nil
}

// scoreWeights reads [score].
func (p *parser) scoreWeights(s *schema) error {
	for _, w := range []struct {
		name string
		val  *float64
		dst  *float64
	}{{"error", s.Score.Error, &p.c.Score.Error}, {"warning", s.Score.Warning, &p.c.Score.Warning}, {"info", s.Score.Info, &p.c.Score.Info}} {
		if w.val == nil {
			continue
		}
		if *w.val < 0 {
			return p.errAt([]string{"score", w.name}, 1, "a weight must not be negative, not %v", *w.val)
		}
		*w.dst = *w.val
	}
	for _, cat := range slices.Sorted(maps.Keys(s.Score.Categories)) {
		key := []string{"score", "categories", cat}
		if _, ok := p.c.categories[cat]; !ok {
			return p.errAt(key, 1, "unknown category %q", cat)
		}
		if w := s.Score.Categories[cat]; w < 0 {
			return p.errAt(key, 1, "a weight must not be negative, not %v", w)
		}
	}
	if len(s.Score.Categories) > 0 {
		p.c.Score.Categories = s.Score.Categories
	}
	return nil
}

func (p *parser) checkRoles(s *schema) error {
	for i, r := range slices.Concat(s.Roles.Agent, s.Roles.Customer) {
		if strings.TrimSpace(r) == "" {
			key := []string{"roles", "agent"}
			if i >= len(s.Roles.Agent) {
				key[1] = "customer"
			}
			return p.errAt(key, 1, "empty role name")
		}
	}
	return nil
}

// textModel takes [text]: artefacts and the emoticon switch. The clause
// marks and negators are the catalogue's: setting them is an error rather
// than silently ignored.
func (p *parser) textModel(s *schema) error {
	t := s.Text
	if t == nil {
		return nil
	}
	if !reflect.DeepEqual(t.Clauses, dict.ClauseSpec{}) || !reflect.DeepEqual(t.Negation, dict.NegationSpec{}) || len(t.Variants) > 0 {
		return p.errAt([]string{"text"}, 1, "only [[text.artefact]] and emoticon_words can be set here")
	}
	t.File = p.file
	p.c.text = t
	return nil
}

func (p *parser) checkAllow(s *schema) error {
	for _, a := range s.Allow {
		if strings.TrimSpace(a) == "" {
			return p.errAt([]string{"allow"}, 1, "empty word")
		}
	}
	return nil
}

// inputSettings checks and keeps the settings of how input is found and
// read: exclude, [input] timezone, [roles] others.
func (p *parser) inputSettings(s *schema) error {
	c, errAt := p.c, p.errAt
	for _, p := range s.Exclude {
		if _, err := path.Match(strings.ReplaceAll(p, "**", "*"), ""); err != nil || strings.TrimSpace(p) == "" {
			return errAt([]string{"exclude"}, 1, "bad pattern %q", p)
		}
	}
	if tz := s.Input.Timezone; tz != "" {
		if _, err := time.LoadLocation(tz); err != nil {
			return errAt([]string{"input", "timezone"}, 1, "unknown time zone %q (want an IANA name such as Asia/Shanghai, or Local)", tz)
		}
	}
	if o := s.Roles.Others; o != "" && o != "customer" {
		return errAt([]string{"roles", "others"}, 1, "unknown value %q (want customer)", o)
	}
	c.Exclude, c.Timezone = s.Exclude, s.Input.Timezone
	return nil
}

// termPack makes one lexicon rule of each [[terms]] entry.
func (s *schema) termPack(c *Config, src *source, errAt func([]string, int, string, ...any) error) (*dict.Pack, error) {
	p := &dict.Pack{File: c.Path}
	starts := src.headers("terms")
	perCategory := map[string]int{}
	ids := map[string]bool{}
	for i, t := range s.Terms {
		from := 1
		if i < len(starts) {
			from = starts[i]
		}
		fail := func(key, format string, args ...any) error {
			return errAt([]string{"terms", key}, from, format, args...)
		}
		sp, err := termSpec(c.Path, t, fail)
		if err != nil {
			return nil, err
		}
		if sp.ID == "" {
			perCategory[sp.Category]++
			sp.ID = "custom." + sp.Category + "." + strconv.Itoa(perCategory[sp.Category])
		}
		if ids[sp.ID] {
			return nil, fail("id", "two terms have the id %q", sp.ID)
		}
		ids[sp.ID] = true
		p.Rules = append(p.Rules, sp)
	}
	return p, nil
}

// termSpec checks one [[terms]] entry and makes its rule, with the
// defaults filled in; the id stays empty when the entry gives none, for
// termPack numbers those per category.
func termSpec(path string, t termTable, fail func(key, format string, args ...any) error) (dict.RuleSpec, error) {
	text := strings.TrimSpace(t.Text)
	if text == "" {
		return dict.RuleSpec{}, fail("text", "a term needs text")
	}
	cat := cmp.Or(t.Category, "custom")
	sev := t.Severity
	if sev == "" {
		sev = "error"
	} else if _, err := rules.ParseSeverity(sev); err != nil {
		return dict.RuleSpec{}, fail("severity", "%v", err)
	}
	if len(t.Suggestions) == 0 {
		return dict.RuleSpec{}, fail("suggestions", "term %q has no suggestions: every finding must tell the agent what to say instead", text)
	}
	boundary, ok := termBoundary(text, t.Boundary)
	if !ok {
		return dict.RuleSpec{}, fail("boundary", "want word, token or any, not %q", t.Boundary)
	}
	for key, re := range map[string]string{"not_before_re": t.NotBeforeRe, "not_after_re": t.NotAfterRe} {
		if _, err := regexp.Compile(re); err != nil {
			return dict.RuleSpec{}, fail(key, "bad regular expression %q: %v", re, err)
		}
	}
	// The description is one line in `replylint rules`: the message
	// with the term in place of {match} serves.
	desc := cmp.Or(t.Description, strings.ReplaceAll(t.Message, "{match}", text), "团队规定不使用“"+text+"”")
	return dict.RuleSpec{
		ID: t.ID, Kind: "lexicon", Category: cat, Severity: sev,
		Description: desc, Message: cmp.Or(t.Message, desc),
		Rationale:   "团队配置 " + path + " 中的自定义用语。",
		Suggestions: t.Suggestions, Fix: t.Fix,
		Terms: []string{text}, Boundary: boundary,
		NotIn: t.NotIn, NotBefore: t.NotBefore, NotAfter: t.NotAfter,
		NotBeforeRe: t.NotBeforeRe, NotAfterRe: t.NotAfterRe,
	}, nil
}

// termBoundary is the boundary a term's rule matches at, from what the
// entry wrote; false for a value that is none of word, token or any.
func termBoundary(text, written string) (string, bool) {
	switch {
	case written == "" && isLatin(text):
		// A Latin term is a whole word, as the built-in english rules
		// are: a brand JD must not be found in JDK.
		return string(rules.WordBoundary), true
	case written == "any":
		return string(rules.AnyBoundary), true
	case written == "" || written == string(rules.WordBoundary) || written == string(rules.TokenBoundary):
		return written, true
	}
	return "", false
}

// tune applies [rules."id"]: its severity, and its parameters to the spec
// that wins the layering, before the linter builds it. A parameter is
// accepted only where the rule's kind reads it, so a limit set on the wrong
// rule is an error rather than a setting with no effect.
func (c *Config) tune(id string, t ruleTable, errAt func([]string, int, string, ...any) error) error {
	key := []string{"rules", id}
	sp, ok := c.specs[id]
	if !ok {
		if _, isCat := c.categories[id]; isCat {
			return errAt(key, 1, "unknown rule id %q: it is a category; set its severity under [categories]", id)
		}
		return errAt(key, 1, "unknown rule id %q (replylint rules lists them)", id)
	}
	if t.Severity != nil {
		sev, err := rules.ParseSeverity(*t.Severity)
		if err != nil {
			return errAt(append(key, "severity"), 1, "%v", err)
		}
		c.severity[id] = sev
	}
	kind := cmp.Or(sp.Kind, "lexicon")
	reads := func(name string, kinds []string, set bool) error {
		if !slices.Contains(kinds, kind) && !set {
			return errAt(append(key, name), 1, "rule %q is of kind %s, which has no %s (it applies to %s rules)", id, kind, name, strings.Join(kinds, ", "))
		}
		return nil
	}
	limit := func(name, kind string, set bool, v float64) error {
		if err := reads(name, []string{kind}, set); err != nil {
			return err
		}
		if v <= 0 {
			return errAt(append(key, name), 1, "must be greater than 0, not %v", v)
		}
		return nil
	}
	pr := c.params[id]
	// A conversation kind may read first/seconds under another kind name
	// (wait-apology's limit); a spec that already sets the field is taken
	// to read it.
	if err := setLimits(limit, []limitParam[float64]{
		{"first", "response-time", t.First, sp.First != 0, &pr.First},
		{"seconds", "response-time", t.Seconds, sp.Seconds != 0, &pr.Seconds},
		{"factor", "ratio", t.Factor, sp.Factor != 0, &pr.Factor},
	}); err != nil {
		return err
	}
	if err := setLimits(limit, []limitParam[int]{
		{"max", "length", t.Max, sp.Max != 0, &pr.Max},
		{"min", "ratio", t.Min, sp.Min != 0, &pr.Min},
	}); err != nil {
		return err
	}
	if t.Allow != nil {
		if err := reads("allow", []string{"pattern"}, false); err != nil {
			return err
		}
		pr.Allow = append(pr.Allow, t.Allow...)
	}
	c.params[id] = pr
	return nil
}

// limitParam is one numeric [rules."id"] parameter: its key, the kind of
// rule that reads it, the value written (nil when not), whether the spec
// already sets it, and where a checked value goes.
type limitParam[T int | float64] struct {
	name  string
	kind  string
	val   *T
	isSet bool
	dst   **T
}

// setLimits checks the parameters written with check and stores them.
func setLimits[T int | float64](check func(name, kind string, set bool, v float64) error, params []limitParam[T]) error {
	for _, f := range params {
		if f.val == nil {
			continue
		}
		if err := check(f.name, f.kind, f.isSet, float64(*f.val)); err != nil {
			return err
		}
		*f.dst = f.val
	}
	return nil
}

// index finds, for every rule id, the spec that wins the layering (the
// last one), and the categories those specs make up.
func (c *Config) index() {
	c.specs = map[string]*dict.RuleSpec{}
	c.origin = map[string]string{}
	c.categories = map[string][]string{}
	c.terms = map[string]bool{}
	var order []string
	for _, p := range slices.Concat(c.catalogue, c.packs) {
		for i := range p.Rules {
			sp := &p.Rules[i]
			if _, seen := c.specs[sp.ID]; !seen {
				order = append(order, sp.ID)
			}
			c.specs[sp.ID] = sp
			c.origin[sp.ID] = p.File
		}
	}
	for _, id := range order {
		cat := c.specs[id].Category
		c.categories[cat] = append(c.categories[cat], id)
	}
}

// Switches are the per-run --enable and --disable lists: rule ids or
// categories.
type Switches struct {
	Enable, Disable []string
}

// Lint returns the lint.Config for this configuration with the per-run
// switches applied. Categories are switched before rules, so that
// "--disable hedge --enable hedge.maybe" keeps one rule of a category, and
// "--enable" lifts a switch-off made by the file or by --disable.
func (c *Config) Lint(sw Switches) (lint.Config, error) {
	if err := c.checkSwitches(sw); err != nil {
		return lint.Config{}, err
	}
	// The catalogue the config has read is handed on, so that it is
	// parsed once; the parameters are applied by lint.New to copies.
	return lint.Config{
		Catalogue: c.catalogue,
		Packs:     slices.Clone(c.packs),
		Params:    maps.Clone(c.params),
		Severity:  c.switched(sw),
		Allow:     slices.Clone(c.Allow),
		Text:      c.text,
	}, nil
}

// checkSwitches refuses a switch that names neither a rule nor a category.
func (c *Config) checkSwitches(sw Switches) error {
	for _, list := range []struct {
		flag  string
		names []string
	}{{"--enable", sw.Enable}, {"--disable", sw.Disable}} {
		for _, n := range list.names {
			_, rule := c.specs[n]
			_, category := c.categories[n]
			if !rule && !category {
				return fmt.Errorf("%s: unknown rule or category %q (replylint rules lists them)", list.flag, n)
			}
		}
	}
	return nil
}

// switched is the file's severities with the switches applied, in the
// order Lint documents: categories off, categories on, rules off, rules on.
func (c *Config) switched(sw Switches) map[string]rules.Severity {
	sev := maps.Clone(c.severity)
	for _, n := range sw.Disable {
		if c.isCategory(n) {
			c.disableCategory(sev, n)
		}
	}
	for _, n := range sw.Enable {
		if c.isCategory(n) {
			c.enableCategory(sev, n)
		}
	}
	for _, n := range sw.Disable {
		if !c.isCategory(n) {
			sev[n] = rules.Off
		}
	}
	for _, n := range sw.Enable {
		if !c.isCategory(n) {
			c.enableRule(sev, n)
		}
	}
	return sev
}

// isCategory tells a checked switch name that is not a rule id.
func (c *Config) isCategory(n string) bool { _, ok := c.specs[n]; return !ok }

// disableCategory switches a category off, and with it the rules of it
// the file set a severity for (the others follow their category).
func (c *Config) disableCategory(sev map[string]rules.Severity, cat string) {
	sev[cat] = rules.Off
	for _, id := range c.categories[cat] {
		if _, ok := sev[id]; ok {
			sev[id] = rules.Off
		}
	}
}

// enableCategory lifts a switch-off of a category and of its rules.
func (c *Config) enableCategory(sev map[string]rules.Severity, cat string) {
	c.restore(sev, cat)
	for _, id := range c.categories[cat] {
		if sev[id] == rules.Off {
			c.restore(sev, id)
		}
	}
}

// enableRule lifts a switch-off of a rule; when its category is off, the
// rule comes on at the severity its own data declares.
func (c *Config) enableRule(sev map[string]rules.Severity, id string) {
	c.restore(sev, id)
	if s, ok := sev[c.specs[id].Category]; ok && s == rules.Off {
		if _, own := sev[id]; !own {
			sev[id] = c.declared(id)
		}
	}
}

// restore puts back what the file said about key, unless that was off.
func (c *Config) restore(sev map[string]rules.Severity, key string) {
	if s, ok := c.severity[key]; ok && s != rules.Off {
		sev[key] = s
	} else {
		delete(sev, key)
	}
}

// declared is the severity a rule's own data gives it, for re-enabling a
// rule whose category is off; a rule its pack ships switched off comes on
// as a warning.
func (c *Config) declared(id string) rules.Severity {
	s := c.specs[id].Severity
	if s == "" {
		return rules.Error
	}
	v, err := rules.ParseSeverity(s)
	if err != nil || v == rules.Off {
		return rules.Warning
	}
	return v
}

// RuleOrigin says where a rule's definition comes from: "built-in", the
// pack file that (last) defines it, or the config file for [[terms]].
func (c *Config) RuleOrigin(id string) string {
	f, ok := c.origin[id]
	switch {
	case !ok:
		return ""
	case strings.HasPrefix(f, "dict/catalogue/"):
		return "built-in"
	}
	return f
}

// Describe says, for `replylint rules`, what the configuration did to a
// rule: where it comes from when not from the built-in catalogue, and the
// settings that change it, as a team would write them. It is empty for a
// built-in rule the file leaves alone.
func (c *Config) Describe(id string) []string {
	sp, ok := c.specs[id]
	if !ok {
		return nil
	}
	var out []string
	switch o := c.RuleOrigin(id); {
	case c.terms[id]:
		out = append(out, "[[terms]]")
	case o != "built-in":
		if rel, err := filepath.Rel(filepath.Dir(c.Path), o); err == nil && c.Path != "" {
			o = rel
		}
		out = append(out, "pack "+filepath.ToSlash(o))
	}
	if s, ok := c.severity[sp.Category]; ok {
		out = append(out, fmt.Sprintf("[categories] %s = %s", sp.Category, s))
	}
	if s, ok := c.severity[id]; ok {
		out = append(out, "severity = "+s.String())
	}
	pr := c.params[id]
	if pr.Allow != nil {
		out = append(out, "allow added")
	}
	if pr.Factor != nil {
		out = append(out, fmt.Sprintf("factor = %v", *pr.Factor))
	}
	if pr.First != nil {
		out = append(out, fmt.Sprintf("first = %v", *pr.First))
	}
	if pr.Max != nil {
		out = append(out, fmt.Sprintf("max = %d", *pr.Max))
	}
	if pr.Min != nil {
		out = append(out, fmt.Sprintf("min = %d", *pr.Min))
	}
	if pr.Seconds != nil {
		out = append(out, fmt.Sprintf("seconds = %v", *pr.Seconds))
	}
	return out
}

func isLatin(s string) bool {
	for _, r := range s {
		if r > unicode.MaxASCII || !(unicode.IsLetter(r) || unicode.IsDigit(r) || r == ' ' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

func firstErr(errs ...error) error {
	for _, e := range errs {
		if e != nil {
			return e
		}
	}
	return nil
}

func quoteParts(key []string) []string {
	out := make([]string, len(key))
	for i, k := range key {
		if strings.ContainsFunc(k, func(r rune) bool { return r > unicode.MaxASCII || !isBare(byte(r)) }) {
			k = strconv.Quote(k)
		}
		out[i] = k
	}
	return out
}
