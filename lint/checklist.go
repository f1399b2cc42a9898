package lint

import (
	"errors"
	"fmt"
	"regexp"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// buildChecklist makes a QA checklist item (kind = "checklist") from its
// pack entry. The trigger is the customer's words by default and the
// requirement the agent's, the common shape of a QA item.
func buildChecklist(meta rules.Meta, s *dict.RuleSpec, norm dict.Normalizer, acts *actSet) (rules.Rule, error) {
	if len(s.Triggers) > 0 {
		return nil, errors.New(`a checklist item names its trigger keywords with "trigger", not "triggers"`)
	}
	c := &rules.Checklist{Meta: meta, Within: s.Within, MustNot: s.MustNot, Weight: s.Weight, Fatal: s.Fatal}
	if s.Within < 0 || s.Weight < 0 {
		return nil, errors.New("within and weight must not be negative")
	}
	req, err := matcher(s.RequireRole, rules.AgentSide, side{s.Require, s.RequirePattern, s.RequireActs}, norm, acts, "require")
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, errors.New("a checklist item needs require, require_pattern or require_acts: what must (or must not) be said")
	}
	req.Quoted = s.Quoted
	c.Require = *req
	if c.Trigger, err = matcher(s.TriggerRole, rules.CustomerSide, side{s.Trigger, s.TriggerPattern, s.TriggerActs}, norm, acts, "trigger"); err != nil {
		return nil, err
	}
	switch {
	case c.Trigger != nil:
		c.Trigger.Negate = s.TriggerNegate
		// A customer quoting the agent still raised the subject.
		c.Trigger.Quoted = true
	case s.TriggerNegate:
		return nil, errors.New("trigger_negate needs trigger, trigger_pattern or trigger_acts")
	case s.TriggerRole != "":
		return nil, errors.New("trigger_role needs trigger, trigger_pattern or trigger_acts")
	}
	return c, nil
}

// side is what one side of a checklist item looks for: keywords, a
// pattern, speech acts.
type side struct {
	terms   []string
	pattern string
	acts    []string
}

// matcher reads one side of a checklist item; nil when it names no
// keywords, pattern or acts.
func matcher(role string, def rules.Side, what side, norm dict.Normalizer, acts *actSet, key string) (*rules.Matcher, error) {
	who, err := rules.ParseSide(role, def)
	if err != nil {
		return nil, fmt.Errorf("%s_role: %v", key, err)
	}
	terms, pattern := what.terms, what.pattern
	if len(terms) == 0 && pattern == "" && len(what.acts) == 0 {
		return nil, nil
	}
	m := &rules.Matcher{Side: who}
	if m.Acts, err = acts.acts(what.acts, key+"_acts"); err != nil {
		return nil, err
	}
	for _, t := range terms {
		r := norm(t)
		if len(r) == 0 {
			return nil, fmt.Errorf("empty keyword in %s", key)
		}
		m.Terms = append(m.Terms, r)
	}
	if pattern != "" {
		// The pattern runs on normalised text: lower case, half-width, simplified.
		if m.Re, err = regexp.Compile(pattern); err != nil {
			return nil, fmt.Errorf("%s_pattern: %v", key, err)
		}
	}
	return m, nil
}
