package lint

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"sync"
	"unicode/utf8"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// Config says which rules a Linter runs and how. The zero Config is the
// built-in catalogue as it ships.
type Config struct {
	// Catalogue is the packs the rule set starts from; nil is the built-in
	// catalogue (dict.Builtin). A pack tested on its own is its own
	// catalogue.
	Catalogue []*dict.Pack
	// Packs are rule packs layered on the catalogue, in order. A rule with
	// the id of an earlier one replaces it.
	Packs []*dict.Pack
	// Params tune rules by id ([rules."id"] in .replylint.toml): they are
	// applied to a copy of the rule's spec before it is built, so the
	// packs themselves are never changed.
	Params map[string]Params
	// Severity overrides severities by rule id or category; rules.Off
	// switches off. A rule id wins over its category.
	Severity map[string]rules.Severity
	// Allow lists words never flagged wherever they appear.
	Allow []string
	// NoInline ignores inline directives (replylint-disable …) everywhere,
	// drafts included (--no-inline-config).
	NoInline bool
	// Text adds to the built-in text model (dict/catalogue/text.toml): a
	// team's artefacts, the emoticon switch.
	Text *dict.TextSpec
	// InProgress checks every conversation as one still going on (the
	// history plus a draft): rules that judge the end are skipped, as for
	// a Conversation with InProgress set (check --in-progress).
	InProgress bool
}

// Params are the limits a team may set on a rule without copying it; nil
// fields leave the spec's value. Allow adds to the spec's allowed matches.
type Params struct {
	First, Seconds, Factor *float64
	Max, Min               *int
	Allow                  []string
}

// apply returns sp with p's settings.
func (p Params) apply(sp dict.RuleSpec) dict.RuleSpec {
	set := func(dst *float64, v *float64) {
		if v != nil {
			*dst = *v
		}
	}
	set(&sp.First, p.First)
	set(&sp.Seconds, p.Seconds)
	set(&sp.Factor, p.Factor)
	if p.Max != nil {
		sp.Max = *p.Max
	}
	if p.Min != nil {
		sp.Min = *p.Min
	}
	if len(p.Allow) > 0 {
		sp.Allow = append(slices.Clip(sp.Allow), p.Allow...)
	}
	return sp
}

// MaxMessageFindings bounds the findings reported for one message, so that
// no input makes the output (or the memory behind it) grow past a constant
// per message. Past it, one finding of rule CapRule says so: a reply with
// that many problems needs rewriting, not a longer list.
const MaxMessageFindings = 1000

// CapRule is the id of the finding that says a message had more than
// MaxMessageFindings findings.
const CapRule = "length.findings"

// Linter checks messages against a rule set.
type Linter struct {
	// arenas hold the scratch memory of checks in progress, so that a
	// check allocates little; each Linter owns its pool.
	arenas   *sync.Pool
	all      []rules.Rule // every rule, also those switched off, in catalogue order
	lexicons *rules.LexiconSet
	message  []rules.MessageRule      // non-lexicon message rules that are on
	convs    []rules.ConversationRule // conversation rules that are on
	acts     []*rules.Act             // the packs' speech acts, for their examples
	// inProgress is Config.InProgress.
	inProgress bool
	norm       *normalizer
	text       *rules.TextModel // artefacts, clause marks, negators: see prepare
	seg        *segmenter
	allow      [][]rune
	noInline   bool
	capped     *rules.Meta // the finding that a message hit MaxMessageFindings
	// shared holds, for each rule's Meta (and capped's), what its
	// findings share; a Meta a rule makes on the fly has none.
	shared map[*rules.Meta]*ruleShared
	// full turns every shortcut off: whole messages are segmented up front
	// and no prefilter skips work. The equivalence tests compare it with the
	// fast path.
	full bool
}

// New builds a Linter. Errors name the pack file and line of a bad rule.
func New(cfg Config) (*Linter, error) {
	l := newLinter(cfg)
	packs, err := catalogue(cfg)
	if err != nil {
		return nil, err
	}
	textSpec, err := dict.Text()
	if err != nil {
		return nil, fmt.Errorf("built-in catalogue: %w", err)
	}
	if l.text, err = textSpec.Extend(cfg.Text).Build(l.norm.Term); err != nil {
		return nil, err
	}
	acts, err := buildActs(packs, l.norm.Term)
	if err != nil {
		return nil, err
	}
	l.acts = acts.list
	index, err := l.buildRules(packs, cfg.Params, dict.MergeSets(packs), conversationKinds(acts))
	if err != nil {
		return nil, err
	}
	if err := linkLimits(l.all, index); err != nil {
		return nil, err
	}
	if err := l.checkNames(cfg, index); err != nil {
		return nil, err
	}
	l.sortRules(cfg.Severity)
	l.shared = map[*rules.Meta]*ruleShared{l.capped: newRuleShared(l.capped)}
	for _, r := range l.all {
		if i, ok := r.(interface{ Init() }); ok {
			i.Init() // prefilters, converted words
		}
		l.shared[r.Info()] = newRuleShared(r.Info())
	}
	for _, a := range cfg.Allow {
		l.allow = append(l.allow, l.norm.Term(a))
	}
	return l, nil
}

// newLinter is a Linter with its settings from cfg and no rules yet.
func newLinter(cfg Config) *Linter {
	l := &Linter{norm: newNormalizer(dict.T2S), seg: newSegmenter(dict.Words, dict.WordsTotalFreq), full: fullPath,
		noInline: cfg.NoInline, inProgress: cfg.InProgress}
	l.arenas = &sync.Pool{}
	l.arenas.New = func() any { return &arena{pool: l.arenas} }
	l.capped = &rules.Meta{
		ID: CapRule, Category: "length", Severity: rules.Warning,
		Message:     fmt.Sprintf("这条消息的问题超过%d处，只列出前%d处", MaxMessageFindings, MaxMessageFindings),
		Suggestions: []string{"整条重写，或拆成几条短回复"},
	}
	return l
}

// catalogue is the packs cfg's rules come from: its catalogue (the
// built-in one by default), then its packs.
func catalogue(cfg Config) ([]*dict.Pack, error) {
	packs := cfg.Catalogue
	if packs == nil {
		builtin, err := dict.Builtin()
		if err != nil {
			return nil, err
		}
		packs = builtin
	}
	return slices.Concat(packs, cfg.Packs), nil
}

// buildRules builds the rules of packs into l.all, in catalogue order, each
// with its params applied; a rule with the id of an earlier one takes its
// place. It returns the index of each rule id in l.all.
func (l *Linter) buildRules(packs []*dict.Pack, params map[string]Params, sets dict.Sets, kinds map[string]dict.ConversationBuilder) (map[string]int, error) {
	index := map[string]int{}
	for _, p := range packs {
		for i := range p.Rules {
			sp := &p.Rules[i]
			if pr, ok := params[sp.ID]; ok {
				tuned := pr.apply(*sp)
				sp = &tuned
			}
			r, err := sp.Build(p.File, l.norm.Term, sets, kinds)
			if err != nil {
				return nil, err
			}
			if at, ok := index[r.Info().ID]; ok {
				l.all[at] = r
				continue
			}
			index[r.Info().ID] = len(l.all)
			l.all = append(l.all, r)
		}
	}
	return index, nil
}

// checkNames reports a severity or parameters for a rule or category
// that does not exist (a typo in .replylint.toml).
func (l *Linter) checkNames(cfg Config, index map[string]int) error {
	for key := range cfg.Severity {
		if _, ok := index[key]; !ok && !l.hasCategory(key) {
			return fmt.Errorf("unknown rule or category %q", key)
		}
	}
	for id := range cfg.Params {
		if _, ok := index[id]; !ok {
			return fmt.Errorf("parameters for unknown rule %q", id)
		}
	}
	return nil
}

// sortRules files the rules that are on, with their severity from
// severity (a rule id over its category), by how they are run: the
// lexicons together, the other message rules, the conversation rules.
func (l *Linter) sortRules(severity map[string]rules.Severity) {
	var lexicons []*rules.Lexicon
	for _, r := range l.all {
		m := r.Info()
		if s, ok := severity[m.Category]; ok {
			m.Severity = s
		}
		if s, ok := severity[m.ID]; ok {
			m.Severity = s
		}
		if m.Severity == rules.Off {
			continue
		}
		switch k := r.(type) {
		case *rules.Lexicon:
			lexicons = append(lexicons, k)
		case rules.MessageRule:
			l.message = append(l.message, k)
		case rules.ConversationRule:
			l.convs = append(l.convs, k)
		}
	}
	l.lexicons = rules.NewLexiconSet(lexicons)
}

// capFinding says that turn i of c has more than MaxMessageFindings
// findings.
func (l *Linter) capFinding(c *Conversation, i int) Finding {
	var f Finding
	l.finding(&f, c, i, rules.Hit{Rule: l.capped, NoSpan: true}, nil, nil, nil)
	return f
}

func (l *Linter) hasCategory(c string) bool {
	return slices.ContainsFunc(l.all, func(r rules.Rule) bool { return r.Info().Category == c })
}

// Acts returns the speech acts of the linter's packs ([[act]] tables), in
// the order they were first defined.
func (l *Linter) Acts() []*rules.Act { return l.acts }

// Act returns the speech act with the given id, or nil.
func (l *Linter) Act(id string) *rules.Act {
	for _, a := range l.acts {
		if a.ID == id {
			return a
		}
	}
	return nil
}

// Rules returns every rule the linter knows, switched off or not, with its
// effective severity.
func (l *Linter) Rules() []rules.Rule { return l.all }

// Rule returns the rule with the given id, or nil.
func (l *Linter) Rule(id string) rules.Rule {
	for _, r := range l.all {
		if r.Info().ID == id {
			return r
		}
	}
	return nil
}

// CheckText checks one draft reply: the whole text is one agent message.
func (l *Linter) CheckText(text string) []Finding {
	return l.CheckConversation(draft(text))
}

// CheckConversation checks every agent message of c with the word and reply
// rules, and c as a whole with the conversation rules. Findings come in
// message order, then by position. A message has at most
// MaxMessageFindings findings, then one of rule CapRule.
func (l *Linter) CheckConversation(c *Conversation) []Finding {
	fs, _ := l.check(nil, c, MaxMessageFindings)
	return fs
}

// CheckConversationContext is CheckConversation that gives up when ctx is
// done (a client gone, a time budget spent), checking it between messages
// and between the rules of a message longer than 1,024 code points; the
// work of one rule on one message is bounded by the message's size. It
// returns ctx's error and no findings when it gave up.
func (l *Linter) CheckConversationContext(ctx context.Context, c *Conversation) ([]Finding, error) {
	return l.check(ctx, c, MaxMessageFindings)
}

// draft is the conversation CheckText checks.
func draft(text string) *Conversation {
	return &Conversation{Draft: true, Messages: []Message{{Role: Agent, Text: text, Line: 1, Column: 1, Verbatim: true}}}
}

// CheckConversationFunc is CheckConversationContext that hands the
// findings to fn instead of returning a copy of them: fs, and the Edits
// slices of its findings, are the check's scratch memory, valid only until
// fn returns (their strings are the findings' own, and may be kept). fn
// is called once, also with no findings (fs empty), and not at all when
// ctx was done; its error is returned. A caller that writes the findings
// out and forgets them, as the server does with its answer, spares the
// copy CheckConversationContext makes: some 750 bytes a short reply with
// two findings, a sixth of what a POST /v1/check allocated.
func (l *Linter) CheckConversationFunc(ctx context.Context, c *Conversation, fn func(fs []Finding) error) error {
	return l.checkFunc(ctx, c, MaxMessageFindings, fn)
}

// check is CheckConversation with limit findings a message at most; 0 is
// no limit (Fix needs every fix). A nil ctx is never done.
func (l *Linter) check(ctx context.Context, c *Conversation, limit int) ([]Finding, error) {
	var out []Finding
	err := l.checkFunc(ctx, c, limit, func(fs []Finding) error {
		out = ownFindings(fs)
		return nil
	})
	return out, err
}

// checkFunc is check handing the arena's findings to fn (see
// CheckConversationFunc).
func (l *Linter) checkFunc(ctx context.Context, c *Conversation, limit int, fn func([]Finding) error) error {
	ar := l.arenas.Get().(*arena)
	defer ar.release()
	ck := checking{
		l: l, c: c, ctx: ctx, ar: ar, dirs: l.newDirectives(c), limit: limit,
		// A lone message is a draft, or a record of an export without
		// conversation ids: there is no exchange to judge.
		convs: len(l.convs) > 0 && len(c.Messages) > 1,
		out:   ar.findings[:0],
	}
	turns := slices.Grow(ar.turns[:0], len(c.Messages))[:len(c.Messages)]
	ar.edits = ar.edits[:0]
	// What this check writes into the arena's slices, release clears.
	defer func() { ar.findings, ar.turns = ck.out, turns }()
	for i := range c.Messages {
		if ctx != nil && ctx.Err() != nil {
			return ctx.Err()
		}
		turns[i] = ck.message(i)
	}
	if ck.convs {
		ck.conversation(turns)
	}
	if ctx != nil && ctx.Err() != nil {
		return ctx.Err()
	}
	return fn(ck.out)
}

// ownFindings copies fs out of the arena, at its final size, nil for none.
func ownFindings(fs []Finding) []Finding {
	if len(fs) == 0 {
		return nil
	}
	out := slices.Clone(fs)
	ownEdits(out)
	return out
}

// ownEdits gives fs, copied out of the arena, their edits in one
// allocation, where each finding's pointed into the arena's.
func ownEdits(fs []Finding) {
	n := 0
	for i := range fs {
		n += len(fs[i].Edits)
	}
	if n == 0 {
		return
	}
	edits := make([]Edit, 0, n)
	for i := range fs {
		if k := len(fs[i].Edits); k > 0 {
			at := len(edits)
			edits = append(edits, fs[i].Edits...)
			fs[i].Edits = edits[at : at+k : at+k]
		}
	}
}

// checking is one check call's state: the conversation, its scratch
// memory and directives, and the findings so far.
type checking struct {
	l     *Linter
	c     *Conversation
	ctx   context.Context // nil: never done
	ar    *arena
	dirs  *directives // see inline.go
	limit int         // findings a message at most; 0 is no limit
	convs bool        // the conversation rules run
	out   []Finding
}

// message checks message i with the message rules and returns its turn
// for the conversation rules.
func (ck *checking) message(i int) rules.Turn {
	m := &ck.c.Messages[i]
	turn := rules.Turn{Agent: m.Role != Customer, Bot: m.Role == Bot, Time: m.Time}
	if m.Role == Customer && !ck.convs {
		return turn // only conversation rules read the customer's words
	}
	text := m.Text
	if ck.dirs != nil && m.Role != Customer {
		text = maskDirectives(text)
	}
	t := ck.l.prepare(ck.ar, text)
	turn.Text = t
	if m.Role == Customer {
		return turn
	}
	hs := ck.dirs.keepHits(i, ck.l.hits(ck.ctx, t, &ck.ar.collect))
	if len(hs) > 0 {
		orig := t.Orig
		if text != m.Text {
			orig = []rune(m.Text)
		}
		ck.messageFindings(i, hs, orig)
	}
	return turn
}

// messageFindings appends the findings of hits hs of message i, whose text
// is orig, up to the limit.
func (ck *checking) messageFindings(i int, hs []rules.Hit, orig []rune) {
	var pos position
	for k, h := range hs {
		if k == ck.limit && ck.limit > 0 {
			ck.out = append(ck.out, ck.l.capFinding(ck.c, i))
			return
		}
		ck.out = append(ck.out, Finding{})
		ck.l.finding(&ck.out[len(ck.out)-1], ck.c, i, h, orig, &pos, &ck.ar.edits)
	}
}

// conversation runs the conversation rules over turns; those that judge
// the end are skipped while the conversation goes on.
func (ck *checking) conversation(turns []rules.Turn) {
	// The callback escapes (the rules are interfaces): it holds copies,
	// so that ck itself stays on the stack.
	l, c, dirs, out, ar := ck.l, ck.c, ck.dirs, ck.out, ck.ar
	emit := func(turn int, h rules.Hit) {
		if !dirs.silences(turn, &h) {
			out = append(out, Finding{})
			l.finding(&out[len(out)-1], c, turn, h, nil, nil, &ar.edits)
		}
	}
	going := c.InProgress || l.inProgress
	for _, r := range l.convs {
		if _, ends := r.(rules.EndRule); ends && going {
			continue
		}
		r.CheckConversation(turns, emit)
	}
	ck.out = out
}

// Warm loads what a Linter otherwise loads only once it has cut many
// clauses: its segmentation dictionary's whole list (some 20 ms and 15 MB).
// Until then each clause is cut with a dictionary of its own words, which
// costs a one-reply check far less but a busy server's first thousand
// clauses a tenth of a millisecond each. A resident process calls Warm at
// start, in a goroutine of its own; checks go on meanwhile, and their
// findings are the same either way. It returns once the list is loaded.
func (l *Linter) Warm() { l.seg.loadFull() }

// Prepare normalises a message for the rules.
func (l *Linter) Prepare(text string) *rules.Text {
	return l.prepare(nil, text)
}

// prepare is Prepare with the memory taken from ar, if not nil.
func (l *Linter) prepare(ar *arena, text string) *rules.Text {
	// Room for as many runes as text has bytes, so that decoding and
	// folding are one pass; the arena makes the slack cheap.
	n := len(text)
	var buf []rune
	var t *rules.Text
	if ar != nil {
		if n > 1<<14 {
			n = utf8.RuneCountInString(text) // a long text: no slack
		}
		buf, t = ar.runes(3*n), ar.text()
	} else {
		n = utf8.RuneCountInString(text)
		buf, t = make([]rune, 3*n), new(rules.Text)
	}
	orig, fold, lower := buf[:n:n], buf[n:2*n:2*n], buf[2*n:3*n:3*n]
	k, same := l.norm.decode(text, orig, fold, lower)
	orig, fold, lower = orig[:k:k], fold[:k:k], lower[:k:k]
	t.Reset(orig, lower, fold, l.seg)
	if same && !l.full {
		t.SetString(text) // the regexps read text itself: no conversion
	}
	t.SetModel(l.text)
	if l.full {
		t.SetFull()
	}
	return t
}

// An arena holds the prepared texts of one CheckConversation call, so
// that a batch run reuses the same few buffers instead of allocating for
// every message. Nothing of them outlives the call: findings hold strings.
type arena struct {
	buf   []rune
	texts []*rules.Text
	n     int // texts handed out
	// Scratch, kept at the size it grew to.
	collect  hitCollector
	findings []Finding
	edits    []Edit // the findings' edits, one run each
	turns    []rules.Turn
	// pool is the Linter's pool the arena goes back to.
	pool *sync.Pool
}

// runes returns room for n runes, which the caller overwrites.
func (a *arena) runes(n int) []rune {
	if len(a.buf)+n > cap(a.buf) {
		if n > 1<<16 {
			return make([]rune, n) // a huge message: not worth keeping
		}
		a.buf = make([]rune, 0, max(1<<16, 2*cap(a.buf))) // earlier texts keep the old block
	}
	s := a.buf[len(a.buf) : len(a.buf)+n : len(a.buf)+n]
	a.buf = a.buf[:len(a.buf)+n]
	return s
}

func (a *arena) text() *rules.Text {
	if a.n == len(a.texts) {
		a.texts = append(a.texts, new(rules.Text))
	}
	a.n++
	return a.texts[a.n-1]
}

func (a *arena) release() {
	if cap(a.buf) > 1<<20 {
		a.buf = nil // do not pool what one long conversation grew
	}
	a.buf, a.n = a.buf[:0], 0
	if len(a.texts) > 256 {
		a.texts = nil
	}
	// Let the strings go. Past their lengths the slices hold nothing: an
	// earlier release cleared what an earlier check wrote there.
	clear(a.findings)
	clear(a.turns)
	clear(a.edits)
	a.collect.t = nil
	if cap(a.collect.hs) > 1<<12 {
		a.collect.hs = nil // a message of a million hits: not worth keeping
	}
	if cap(a.findings) > 1024 || cap(a.turns) > 1024 || cap(a.edits) > 1024 {
		a.findings, a.turns, a.edits = nil, nil, nil
	}
	a.pool.Put(a)
}

// reach is how far the hits of one category reach.
type reach struct {
	category   string
	start, end int
}

// reachOf returns the index of category's reach in rs, or -1.
func reachOf(rs []reach, category string) int {
	return slices.IndexFunc(rs, func(r reach) bool { return r.category == category })
}

// pollRunes is the length of a message, in code points, past which a
// check asks its context whether it is done between the message's rules
// as well as between messages. All the rules of a shorter one take some
// microseconds: asking between them was six clock readings a short reply,
// a fortieth of a server's check of it.
const pollRunes = 1024

// hits runs the message rules over t and keeps, within each category, only
// the longest of overlapping matches (你好 over 你, 呵呵呵 once).
//
// When ctx is done it stops between rules of a long message (check then
// drops what was found), so that a long message given up on costs at most
// one rule's pass more.
func (l *Linter) hits(ctx context.Context, t *rules.Text, c *hitCollector) []rules.Hit {
	c.l, c.t, c.hs, c.last = l, t, c.hs[:0], c.last[:0]
	if c.emitFn == nil {
		c.emitFn = c.emit // bound once: a method value handed to an interface is allocated
	}
	l.lexicons.Check(t, c.emitFn)
	poll := ctx != nil && len(t.Orig) > pollRunes
	for _, r := range l.message {
		if poll && ctx.Err() != nil {
			return c.hs
		}
		r.Check(t, c.emitFn)
	}
	c.hs = longestInCategory(c.hs)
	return c.hs
}

// hitCollector gathers the hits of one message that no Allow entry covers;
// an arena's is reused from message to message.
type hitCollector struct {
	l      *Linter
	t      *rules.Text
	hs     []rules.Hit
	last   []reach // the last hit gathered of each category
	emitFn func(rules.Hit)
}

// emit gathers h. A hit inside the last one gathered of its category would
// go in longestInCategory's cut anyway; dropping it here keeps a run of one
// word (呵呵 a million times is one laugh, found at every offset) from
// holding a hit per offset until then.
func (c *hitCollector) emit(h rules.Hit) {
	if h.NoSpan {
		c.hs = append(c.hs, h)
		return
	}
	if c.l.allowed(c.t, h.Start, h.End) {
		return
	}
	at := reachOf(c.last, h.Rule.Category)
	switch {
	case at < 0:
		c.last = append(c.last, reach{h.Rule.Category, h.Start, h.End})
	case c.last[at].start <= h.Start && h.End <= c.last[at].end:
		return
	default:
		c.last[at] = reach{h.Rule.Category, h.Start, h.End}
	}
	c.hs = append(c.hs, h)
}

// longestInCategory sorts hs by position and keeps, within each category,
// only the longest of overlapping hits.
func longestInCategory(hs []rules.Hit) []rules.Hit {
	if len(hs) < 2 {
		return hs
	}
	slices.SortStableFunc(hs, func(a, b rules.Hit) int {
		return cmp.Or(cmp.Compare(a.Start, b.Start), cmp.Compare(b.End, a.End))
	})
	// Every hit kept so far starts at or before h, so one of its category
	// covers h exactly when the furthest end among them reaches h's end.
	// A message's hits fall in a few categories: room for them on the
	// stack spares an allocation a message.
	var room [8]reach
	ends := room[:0]
	kept := hs[:0]
	for _, h := range hs {
		if h.NoSpan {
			kept = append(kept, h)
			continue
		}
		at := reachOf(ends, h.Rule.Category)
		if at >= 0 && ends[at].end >= h.End {
			continue
		}
		if at < 0 {
			ends = append(ends, reach{h.Rule.Category, h.Start, h.End})
		} else {
			ends[at].end = h.End
		}
		kept = append(kept, h)
	}
	return kept
}

func (l *Linter) allowed(t *rules.Text, s, e int) bool {
	for _, w := range l.allow {
		for p := max(0, e-len(w)); p <= s; p++ {
			if t.HasAt(p, w) {
				return true
			}
		}
	}
	return false
}

// finding makes in f, a zero Finding, the finding for hit h of turn turn
// of c. orig, if not nil, is the turn's text as runes; pos, if not nil,
// carries the file position of the turn's previous finding forward. The
// finding's edits are appended to edits, the arena's, which check copies
// out (ownEdits). It is made where it stays, in the arena's findings:
// returned, a finding (some 300 bytes) was copied twice.
func (l *Linter) finding(f *Finding, c *Conversation, turn int, h rules.Hit, orig []rune, pos *position, edits *[]Edit) {
	m := h.Rule
	f.File, f.Conversation = c.File, c.ID
	f.Rule, f.Category, f.Severity = m.ID, m.Category, m.Severity
	f.Suggestions, f.rule = m.Suggestions, l.shared[m]
	if turn < 0 || turn >= len(c.Messages) {
		// About the conversation as a whole: point at where it starts.
		f.Line, f.Column = c.Messages[0].Position(0)
		f.Time = c.Messages[0].Time
		f.Message = f.messageText(m, "")
		return
	}
	msg := &c.Messages[turn]
	f.MessageID, f.Role, f.Agent, f.Text, f.Time = msg.ID, msg.Role, msg.Speaker, msg.Text, msg.Time
	f.Scope = ScopeMessage
	if len(c.Messages) > 1 || c.ID != "" {
		f.Turn = turn + 1
	}
	if h.NoSpan {
		f.Line, f.Column = msg.Position(0)
		f.Message = f.messageText(m, "")
		return
	}
	if orig == nil {
		orig = []rune(msg.Text)
	}
	f.Start, f.End, f.Scope = h.Start, h.End, ScopeSpan
	if pos != nil {
		f.Line, f.Column = pos.at(msg, orig, h.Start)
	} else {
		f.Line, f.Column = msg.Position(h.Start)
	}
	f.Fix = h.Replacement()
	if edits == nil {
		edits = new([]Edit) // no arena: the finding's own
	}
	n := len(*edits)
	if *edits = editsFor(*edits, h, orig); len(*edits) > n {
		f.Edits = (*edits)[n:len(*edits):len(*edits)]
	}
	f.setStrings(m, orig[h.Start:h.End])
}

// position is Message.Position for findings in order of offset: it walks
// on from the previous offset instead of from the start of the message.
type position struct {
	off, line, col int
	ok             bool
}

func (p *position) at(m *Message, orig []rune, off int) (line, col int) {
	if !m.Verbatim || m.Line == 0 {
		return m.Line, m.Column
	}
	if !p.ok || off < p.off {
		*p = position{line: m.Line, col: m.Column, ok: true}
	}
	for ; p.off < off && p.off < len(orig); p.off++ {
		if orig[p.off] == '\n' {
			p.line, p.col = p.line+1, 1
		} else {
			p.col++
		}
	}
	return p.line, p.col
}
