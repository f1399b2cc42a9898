package dict

import (
	"bytes"
	"errors"
	"fmt"
	"reflect"
	"slices"
	"strings"

	"github.com/BurntSushi/toml"
)

// Kind is one kind of rule a pack may name: what it checks, the keys its
// rules may set beyond the keys every rule has, and the keys a team may
// tune in .replylint.toml under [rules."id"]. A key that no kind of the
// rule reads is an error, never a setting without effect.
type Kind struct {
	Name     string
	Doc      string
	Keys     []string
	Tunables []string
}

// CommonKeys are the keys of every rule, whatever its kind.
// It is read-only: a fixed table, never written after package initialisation.
var CommonKeys = []string{"id", "kind", "category", "severity", "description", "rationale", "seeds", "message", "suggestions", "fix", "edits", "hits", "non_hits", "fixes"}

// condKeys are the keys of the kinds that match words in a reply: where a
// match is a hit.
// It is read-only: a fixed table, never written after package initialisation.
var condKeys = []string{"boundary", "inside_pos", "position", "quoted", "not_in", "not_before", "not_after", "before", "after", "not_before_re", "not_after_re", "next_pos", "prev_pos", "earlier", "later", "subject", "subject_gap", "persons", "except"}

// FrameKeys are the keys of one entry of except.
// It is read-only: a fixed table, never written after package initialisation.
var FrameKeys = []string{"terms", "in", "before", "after", "earlier", "later", "before_re", "after_re", "next_pos", "prev_pos", "subject", "subject_gap", "person", "question", "why"}

// Kinds are the rule kinds, message kinds first. The conversation kinds
// are built by package lint (see ConversationBuilder); their keys are
// declared here with the rest, so that a pack is checked in one place.
// It is read-only: a fixed table, never written after package initialisation.
var Kinds = []Kind{
	{Name: "lexicon", Doc: "Banned words and phrases (the default kind): each term is a hit where its conditions hold.",
		Keys: slices.Concat([]string{"terms", "repeat", "view"}, condKeys)},
	{Name: "pattern", Doc: "A phrase with a shape rather than a spelling, as a regular expression on the normalised text.",
		Keys: slices.Concat([]string{"pattern", "case_sensitive", "allow"}, condKeys), Tunables: []string{"allow"}},
	{Name: "ratio", Doc: "A reply that says one word much more than others (我 against 您, 我们); one finding without a span.",
		Keys: []string{"count", "not_in", "against", "min", "factor"}, Tunables: []string{"min", "factor"}},
	{Name: "length", Doc: "An overlong reply; one finding without a span.",
		Keys: []string{"max"}, Tunables: []string{"max"}},
	{Name: "greeting", Doc: "The agent's first turn must greet (conversation).",
		Keys: []string{"acts", "phrases", "not_in", "offer_acts", "offer_message"}},
	{Name: "closing", Doc: "The agent's last turn must close, in a conversation that has ended (conversation).",
		Keys: []string{"acts", "phrases", "not_in", "ended_by"}},
	{Name: "response-time", Doc: "The agent must answer a customer turn within a limit (conversation, needs times).",
		Keys: []string{"first", "seconds"}, Tunables: []string{"first", "seconds"}},
	{Name: "wait-apology", Doc: "A late reply must begin with an apology for the wait (conversation, needs times).",
		Keys: []string{"acts", "phrases", "not_in", "first", "seconds", "limits_from", "max"}},
	{Name: "complaint-apology", Doc: "After a complaint the agent's next turn must apologise or show empathy (conversation).",
		Keys: []string{"cues", "threshold", "carry", "triggers", "acts", "phrases", "not_in"}},
	{Name: "checklist", Doc: "A QA checklist item: when a trigger turn occurs, a requirement must (or must not) follow (conversation).",
		Keys: []string{"trigger_role", "trigger", "trigger_pattern", "trigger_negate", "trigger_acts", "require_role", "require", "require_pattern", "require_acts", "within", "must_not", "weight", "fatal"}},
}

// KindOf returns the kind named name ("" is lexicon).
func KindOf(name string) (*Kind, bool) {
	if name == "" {
		name = "lexicon"
	}
	for i := range Kinds {
		if Kinds[i].Name == name {
			return &Kinds[i], true
		}
	}
	return nil, false
}

// Tunable reports whether .replylint.toml may set key on a rule of kind.
func Tunable(kind, key string) bool {
	k, ok := KindOf(kind)
	return ok && slices.Contains(k.Tunables, key)
}

// KindsWith returns the names of the kinds that read key.
func KindsWith(key string) []string {
	var out []string
	for _, k := range Kinds {
		if slices.Contains(k.Keys, key) {
			out = append(out, k.Name)
		}
	}
	return out
}

// KeyDocs documents every key of a rule (and of an except entry), for
// docs/pack-keys.md. A test holds it to RuleSpec and FrameSpec.
// It is read-only: a fixed table, never written after package initialisation.
var KeyDocs = map[string]string{
	"id":              "The rule's id, unique in the catalogue (`hedge.maybe`); a pack rule with a built-in id replaces it.",
	"kind":            "The kind of rule (below); lexicon when left out.",
	"category":        "The rule's category, part of the output contract (RULES.md); defaults to the pack's `category`.",
	"severity":        "off, info, warning or error; defaults to the pack's `severity`, then error.",
	"description":     "One line for `replylint rules`.",
	"rationale":       "Why the rule exists, for `replylint explain`.",
	"seeds":           "Where in the guidelines the rule comes from.",
	"message":         "The finding's message; `{match}` is replaced by the matched text. Defaults to the description.",
	"suggestions":     "Approved phrasing or an instruction; at least one is required.",
	"fix":             "A safe replacement for the whole match, for `replylint fix`; leave it out where a rewrite needs judgement.",
	"edits":           "Replacements offered beside the safe fix, for a person or an agent to choose: a list of tables with `text` (the replacement as it stands, no template) and optional `before_re` / `after_re` (where it applies).",
	"hits":            "Replies the rule must flag, the expected span marked ⟦…⟧; the tests run them all.",
	"non_hits":        "Replies the rule must not flag.",
	"fixes":           "Pairs [before, after]: what `replylint fix` makes of a reply.",
	"terms":           "The banned words. In an except entry: the terms the entry applies to (none: all).",
	"repeat":          "A run of a term is one hit (呵呵呵呵, 哦哦).",
	"view":            "`written`: match the terms on the text as written, before the spelling variants of text.toml (the slang rule bans 肿么, which every other rule reads as 怎么). Left out, the normalised text.",
	"boundary":        "`token`: the match must start and end on word boundaries (保证 not in 保证金); `word`: no Latin letter or digit on either side (OK not in OKR).",
	"inside_pos":      "With boundary token, a longer word of one of these parts of speech still counts (王大哥 is a name, nr).",
	"position":        "Where in its clause the match stands: initial, final, standalone or not-initial.",
	"quoted":          "Let a match inside quotation marks count (by default quoted words are not the agent's own).",
	"not_in":          "Longer words in which a match is no hit (保证金 for 保证). In an except entry write `in`.",
	"not_before":      "Words that, standing right before the match, make it no hit. Shorthand for an except entry with `before`.",
	"not_after":       "Words that, standing right after the match, make it no hit. Shorthand for an except entry with `after`.",
	"before":          "One of these must stand right before the match. In an except entry: the entry's frame has one of them right before.",
	"after":           "One of these must stand right after the match. In an except entry: the entry's frame has one of them right after.",
	"not_before_re":   "A regular expression on the text before the match (anchored at its end) that makes it no hit; prefer words and sets.",
	"not_after_re":    "A regular expression on the text after the match (anchored at its start) that makes it no hit; prefer words and sets.",
	"next_pos":        "The word right after the match must have one of these parts of speech (gse's tags: v, d, a, n …; \"\" for the end of the clause).",
	"prev_pos":        "The word right before the match must have one of these parts of speech.",
	"earlier":         "One of these must stand before the match in its clause.",
	"later":           "One of these must stand after the match in its clause.",
	"subject":         "One of these must be the subject: before the match in its clause with only adverbs, time words or `subject_gap` words between (小妹暂时不能).",
	"subject_gap":     "Words that may stand between a `subject` and the match (这边, 这里).",
	"persons":         "The words that name a person, for except entries with `person`: the nearest one before the match says whom the clause is about.",
	"except":          "The frames of the innocent senses, a list of tables with the keys below; a match standing in any of them is no hit. Each says `why`.",
	"in":              "Except entry: the match lies inside one of these longer words.",
	"before_re":       "Except entry: a regular expression the text before the match ends with.",
	"after_re":        "Except entry: a regular expression the text after the match begins with.",
	"person":          "Except entry: the nearest person word before the match in its clause (of `persons` and these) is one of these (您大概什么时候方便).",
	"question":        "Except entry: the sentence of the match is a question (ends with ？ or 吗).",
	"why":             "Except entry: what the frame keeps out, for the readers of the catalogue. Required in the built-in catalogue.",
	"pattern":         "The regular expression (Go syntax) matched on the normalised text.",
	"case_sensitive":  "Match the pattern on the text with letter case kept (shouting).",
	"allow":           "Whole matches that are not hits (VIP for shouting).",
	"count":           "Ratio: the counted words (我).",
	"against":         "Ratio: the words that balance the counted ones (您, 我们).",
	"min":             "Ratio: flag from this many counted words on.",
	"factor":          "Ratio: flag when the counted words are more than factor × the balancing ones.",
	"max":             "Length: the most characters (white space not counted); wait-apology: how far into the reply the apology may start.",
	"acts":            "Conversation: the speech acts ([[act]] ids) the rule looks for: the greeting, the closing, the apology.",
	"phrases":         "Conversation: literal greeting, closing or apology phrases, beside or instead of acts.",
	"offer_acts":      "Greeting: acts of an opening that only offers help (有什么可以帮您); such an opening is flagged with offer_message.",
	"offer_message":   "Greeting: the message for an opening that holds only an offer_acts act: it says the 您好 is missing.",
	"ended_by":        "Closing: acts of a customer's last turn that end the conversation as the agent's last turn does (好的, 没有了谢谢); otherwise a conversation the customer has the last word in is not judged.",
	"cues":            "Complaint-apology: the signs of a complaint, act id = weight; each counts once over the customer's turns since the agent last spoke.",
	"threshold":       "Complaint-apology: the sum of cue weights from which the customer's turns are a complaint.",
	"carry":           "Complaint-apology: added to the score of the customer's next turns after a complaint the agent left unacknowledged (the grievance goes on).",
	"trigger_acts":    "Checklist: or speech acts ([[act]] ids) that trigger the item.",
	"require_acts":    "Checklist: or speech acts the requirement looks for (the team's own closing).",
	"triggers":        "Complaint-apology: the customer's words that call for an apology.",
	"first":           "Response-time limit in seconds for the first reply.",
	"seconds":         "Response-time limit in seconds for later replies.",
	"limits_from":     "Wait-apology: the response-time rule whose limits say when a reply is late.",
	"trigger_role":    "Checklist: whose turn triggers the item: agent, customer (default) or any.",
	"trigger":         "Checklist: keywords that trigger the item.",
	"trigger_pattern": "Checklist: or a regular expression on the normalised text.",
	"trigger_negate":  "Checklist: a turn of trigger_role without the trigger words triggers.",
	"require_role":    "Checklist: whose turn meets the requirement: agent (default), customer or any.",
	"require":         "Checklist: keywords the requirement looks for.",
	"require_pattern": "Checklist: or a regular expression on the normalised text.",
	"within":          "Checklist: in the next N turns of require_role; 0: before the end.",
	"must_not":        "Checklist: the requirement must not be met; every match is a breach.",
	"weight":          "Checklist: score points one breach deducts; 0: the severity's.",
	"fatal":           "Checklist: one breach scores the conversation 0.",
}

// recordKeys notes, for each rule, the keys it sets and their lines, for
// checkKeys when the rule is built. Except entries must use frame keys.
func recordKeys(file string, data []byte, p *Pack, starts []int) error {
	var raw struct {
		Rule []map[string]any `toml:"rule"`
	}
	if _, err := toml.NewDecoder(bytes.NewReader(data)).Decode(&raw); err != nil {
		return fmt.Errorf("%s: %w", file, err)
	}
	lines := strings.Split(string(data), "\n")
	for i, r := range raw.Rule {
		if i >= len(p.Rules) {
			break
		}
		spec := &p.Rules[i]
		from, to := 1, len(lines)
		if i < len(starts) {
			from = starts[i]
		}
		if i+1 < len(starts) {
			to = starts[i+1] - 1
		}
		if err := spec.recordLines(file, r, lines, from, to); err != nil {
			return err
		}
		if err := spec.checkExceptKeys(file, r["except"]); err != nil {
			return err
		}
	}
	return nil
}

// recordLines notes the line of each key r, the rule as decoded, sets
// within lines[from..to], and reports a key no kind reads.
func (r *RuleSpec) recordLines(file string, raw map[string]any, lines []string, from, to int) error {
	keys := sortedKeys(raw)
	r.keys = make([]keyLine, 0, len(keys))
	for _, k := range keys {
		r.keys = append(r.keys, keyLine{k, lineIn(lines, from, to, k)})
		if _, known := KeyDocs[k]; !known || slices.Contains(FrameKeys, k) && !slices.Contains(CommonKeys, k) && KindsWith(k) == nil {
			return fmt.Errorf("%s:%d: unknown key %q (rule %q)", file, r.lineOf(k), "rule."+k, r.ID)
		}
	}
	return nil
}

// keyLine is a key a rule sets and the line it is set on.
type keyLine struct {
	key  string
	line int
}

// lineOf is the line on which the rule sets key (0 if it does not).
func (r *RuleSpec) lineOf(key string) int {
	if i, ok := slices.BinarySearchFunc(r.keys, key, func(k keyLine, key string) int { return strings.Compare(k.key, key) }); ok {
		return r.keys[i].line
	}
	return 0
}

// checkExceptKeys reports a key of an except entry (except, as decoded: an
// array of tables or an inline array) that is no frame key.
func (r *RuleSpec) checkExceptKeys(file string, except any) error {
	entries, _ := except.([]any)
	if ms, ok := except.([]map[string]any); ok {
		for _, m := range ms {
			entries = append(entries, m)
		}
	}
	for j, x := range entries {
		e, _ := x.(map[string]any)
		for _, key := range sortedKeys(e) {
			if !slices.Contains(FrameKeys, key) {
				return fmt.Errorf("%s:%d: rule %q: except entry %d: unknown key %q (want %s)", file, r.lineOf("except"), r.ID, j+1, key, strings.Join(FrameKeys, ", "))
			}
		}
	}
	return nil
}

// checkKeys reports the first key the rule sets that its kind does not
// read, with the line it is set on.
func (r *RuleSpec) checkKeys() error {
	kind, ok := KindOf(r.Kind)
	if !ok {
		return nil // Build reports the unknown kind
	}
	for _, k := range r.keys {
		key := k.key
		if slices.Contains(CommonKeys, key) || slices.Contains(kind.Keys, key) {
			continue
		}
		msg := fmt.Sprintf("key %q (line %d) does not apply to a %s rule", key, k.line, kind.Name)
		if by := KindsWith(key); len(by) > 0 {
			msg += " (" + strings.Join(by, ", ") + " rules read it)"
		}
		for _, near := range []string{strings.TrimSuffix(key, "s"), key + "s"} {
			if near != key && slices.Contains(kind.Keys, near) {
				msg += fmt.Sprintf("; it reads %q, not %q", near, key)
			}
		}
		return errors.New(msg)
	}
	return nil
}

func kindNames() []string {
	var out []string
	for _, k := range Kinds {
		out = append(out, k.Name)
	}
	return out
}

func sortedKeys(m map[string]any) []string {
	out := make([]string, 0, len(m))
	for k := range m {
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// lineIn finds the line, from from to to, on which key is assigned.
func lineIn(lines []string, from, to int, key string) int {
	for i := from; i <= to && i <= len(lines); i++ {
		t := strings.TrimSpace(lines[i-1])
		if strings.HasPrefix(t, key+" ") || strings.HasPrefix(t, key+"=") {
			return i
		}
	}
	return from
}

// KeyReference renders docs/pack-keys.md: every key a rule pack may set,
// by kind, from this registry.
func KeyReference() string {
	var b strings.Builder
	b.WriteString("# Pack keys\n\n")
	b.WriteString("Every key a rule pack (a TOML file of `[[rule]]` tables, like the built-in `dict/catalogue/*.toml`) may set,\n")
	b.WriteString("generated from the registry of rule kinds in `dict/kinds.go` (`go test ./dict` checks that this page is current;\n")
	b.WriteString("`go test ./dict -run PackKeys -update` rewrites it). A key that the rule's kind does not read is an\n")
	b.WriteString("error naming the file, line and key. Values are normalised like replies (half-width, lower case, simplified).\n\n")
	b.WriteString("## Sets\n\n")
	b.WriteString("A pack may hold `[sets]`: named word lists (`agent-self = [\"我\", \"我们\", \"小妹\"]`). Any word list of a rule or of an\n")
	b.WriteString("except entry may name a set as `\"@agent-self\"`; `\"@agent-self的\"` is each word of the set followed by 的. A set named\n")
	b.WriteString("again by a later pack or by `[sets]` in `.replylint.toml` is extended, not replaced.\n\n")
	b.WriteString("## Keys of every rule\n\n")
	writeKeys(&b, CommonKeys)
	for _, k := range Kinds {
		fmt.Fprintf(&b, "\n## kind = \"%s\"\n\n%s\n\n", k.Name, k.Doc)
		if len(k.Tunables) > 0 {
			fmt.Fprintf(&b, "Tunable in `.replylint.toml` under `[rules.\"id\"]`: %s.\n\n", "`"+strings.Join(k.Tunables, "`, `")+"`")
		}
		writeKeys(&b, k.Keys)
	}
	b.WriteString("\n## Keys of an except entry\n\n")
	b.WriteString("`except = [{before = [\"为了\"], why = \"为了保证: ensure\"}, …]`: each entry is a frame in which the term is innocent;\n")
	b.WriteString("the predicates it sets must all hold.\n\n")
	writeKeys(&b, FrameKeys)
	return b.String()
}

func writeKeys(b *strings.Builder, keys []string) {
	b.WriteString("| key | type | meaning |\n|---|---|---|\n")
	for _, k := range keys {
		fmt.Fprintf(b, "| `%s` | %s | %s |\n", k, keyType(k), strings.ReplaceAll(KeyDocs[k], "|", "\\|"))
	}
}

// keyType reads a key's TOML type off the field of RuleSpec or FrameSpec
// that holds it.
func keyType(key string) string {
	for _, v := range []any{RuleSpec{}, FrameSpec{}} {
		t := reflect.TypeOf(v)
		for i := 0; i < t.NumField(); i++ {
			f := t.Field(i)
			if strings.Split(f.Tag.Get("toml"), ",")[0] != key {
				continue
			}
			return typeName(f.Type)
		}
	}
	return "?"
}

func typeName(t reflect.Type) string {
	switch t.Kind() {
	case reflect.String:
		return "string"
	case reflect.Bool:
		return "boolean"
	case reflect.Int:
		return "integer"
	case reflect.Float64:
		return "number"
	case reflect.Slice:
		if t.Elem().Kind() == reflect.Struct {
			return "list of tables"
		}
		if t.Elem().Kind() == reflect.Slice {
			return "list of pairs"
		}
		return "list of " + typeName(t.Elem()) + "s"
	}
	return t.String()
}
