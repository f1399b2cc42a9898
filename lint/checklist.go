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
func buildChecklist(meta rules.Meta, s *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
	if len(s.Triggers) > 0 {
		return nil, errors.New(`a checklist item names its trigger keywords with "trigger", not "triggers"`)
	}
	c := &rules.Checklist{Meta: meta, Within: s.Within, MustNot: s.MustNot, Weight: s.Weight, Fatal: s.Fatal}
	if s.Within < 0 || s.Weight < 0 {
		return nil, errors.New("within and weight must not be negative")
	}
	req, err := matcher(s.RequireRole, rules.AgentSide, s.Require, s.RequirePattern, norm, "require")
	if err != nil {
		return nil, err
	}
	if req == nil {
		return nil, errors.New("a checklist item needs require or require_pattern: what must (or must not) be said")
	}
	req.Quoted = s.Quoted
	c.Require = *req
	if c.Trigger, err = matcher(s.TriggerRole, rules.CustomerSide, s.Trigger, s.TriggerPattern, norm, "trigger"); err != nil {
		return nil, err
	}
	switch {
	case c.Trigger != nil:
		c.Trigger.Negate = s.TriggerNegate
		// A customer quoting the agent still raised the subject.
		c.Trigger.Quoted = true
	case s.TriggerNegate:
		return nil, errors.New("trigger_negate needs trigger or trigger_pattern")
	case s.TriggerRole != "":
		return nil, errors.New("trigger_role needs trigger or trigger_pattern")
	}
	return c, nil
}

// matcher reads one side of a checklist item; nil when it names no
// keywords or pattern.
func matcher(role string, def rules.Side, terms []string, pattern string, norm dict.Normalizer, key string) (*rules.Matcher, error) {
	side, err := rules.ParseSide(role, def)
	if err != nil {
		return nil, fmt.Errorf("%s_role: %v", key, err)
	}
	if len(terms) == 0 && pattern == "" {
		return nil, nil
	}
	m := &rules.Matcher{Side: side}
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
