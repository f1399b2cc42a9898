package lint

import (
	"errors"
	"fmt"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// conversationKinds maps the conversation rule kinds a pack may name to
// their builders.
var conversationKinds = map[string]dict.ConversationBuilder{
	"greeting": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
		p, err := phrases(spec.Phrases, spec.NotIn, norm, "greeting phrases")
		return &rules.Greeting{Meta: meta, Phrases: p}, err
	},
	"closing": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
		p, err := phrases(spec.Phrases, spec.NotIn, norm, "closing phrases")
		return &rules.Closing{Meta: meta, Phrases: p}, err
	},
	"response-time": func(meta rules.Meta, spec *dict.RuleSpec, _ dict.Normalizer) (rules.Rule, error) {
		if err := limits(spec); err != nil {
			return nil, err
		}
		return &rules.ResponseTime{Meta: meta, First: spec.First, Seconds: spec.Seconds}, nil
	},
	"wait-apology": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
		switch {
		case spec.LimitsFrom != "" && (spec.First != 0 || spec.Seconds != 0):
			return nil, errors.New("set limits_from or first and seconds, not both")
		case spec.LimitsFrom == "":
			if err := limits(spec); err != nil {
				return nil, err
			}
		}
		if spec.Max <= 0 {
			return nil, errors.New("a wait-apology rule needs max > 0: how many characters into the reply the apology may start")
		}
		p, err := phrases(spec.Phrases, spec.NotIn, norm, "apology phrases")
		return &rules.WaitApology{Meta: meta, First: spec.First, Seconds: spec.Seconds, LimitsFrom: spec.LimitsFrom, Within: spec.Max, Phrases: p}, err
	},
	"complaint-apology": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
		trig, err := phrases(spec.Triggers, spec.NotIn, norm, "triggers (the customer's complaint words)")
		if err != nil {
			return nil, err
		}
		p, err := phrases(spec.Phrases, spec.NotIn, norm, "apology or empathy phrases")
		return &rules.ComplaintApology{Meta: meta, Triggers: trig, Phrases: p}, err
	},
	"checklist": buildChecklist,
}

// phrases normalises a phrase list the way messages are normalised, so that
// traditional or full-width text matches; notIn lists longer words in which
// a phrase does not count (您好像 is no greeting, 对不起来 no apology), for
// every phrase list of the rule. Phrases count inside quotation marks: transcripts
// often quote whole turns (客服：“在的，您好！”), and a greeting or a complaint
// in quotes is still one, and so is one in a mention (@12315消费者维权).
func phrases(list, notIn []string, norm dict.Normalizer, what string) (rules.Phrases, error) {
	p := rules.Phrases{Cond: rules.Cond{Quoted: true, Artefacts: true}}
	if len(list) == 0 {
		return p, errors.New("needs " + what)
	}
	for _, s := range list {
		r := norm(s)
		if len(r) == 0 {
			return p, errors.New("empty phrase in " + what)
		}
		p.List = append(p.List, r)
	}
	for _, s := range notIn {
		p.Cond.NotIn = append(p.Cond.NotIn, norm(s))
	}
	return p, nil
}

func limits(spec *dict.RuleSpec) error {
	if spec.First <= 0 || spec.Seconds <= 0 {
		return errors.New("needs first and seconds > 0: the limits in seconds for the first and later replies")
	}
	return nil
}

// linkLimits gives each wait-apology rule that names a response-time rule
// that rule's limits, as the configuration left them: one reply limit for
// both, set in one place.
func linkLimits(all []rules.Rule, index map[string]int) error {
	for _, r := range all {
		w, ok := r.(*rules.WaitApology)
		if !ok || w.LimitsFrom == "" {
			continue
		}
		at, ok := index[w.LimitsFrom]
		rt, isRT := all[at].(*rules.ResponseTime)
		if !ok || !isRT {
			return fmt.Errorf("rule %q: limits_from %q names no response-time rule", w.ID, w.LimitsFrom)
		}
		w.First, w.Seconds = rt.First, rt.Seconds
	}
	return nil
}
