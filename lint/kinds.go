package lint

import (
	"errors"
	"fmt"

	"github.com/replylint/replylint/dict"
	"github.com/replylint/replylint/rules"
)

// conversationKinds maps the conversation rule kinds a pack may name to
// their builders, which find the speech acts the rules name in acts.
func conversationKinds(acts *actSet) map[string]dict.ConversationBuilder {
	return map[string]dict.ConversationBuilder{
		"greeting": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
			p, err := phrases(spec.Phrases, spec.NotIn, spec.Acts, acts, norm, "greeting phrases or acts")
			if err != nil {
				return nil, err
			}
			g := &rules.Greeting{Meta: meta, Phrases: p, OfferMessage: spec.OfferMessage}
			if (len(spec.OfferActs) > 0) != (spec.OfferMessage != "") {
				return nil, errors.New("offer_acts and offer_message go together: the acts of an opening that only offers help, and what to tell the agent then")
			}
			g.Offer.Acts, err = acts.acts(spec.OfferActs, "offer_acts")
			return g, err
		},
		"closing": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
			p, err := phrases(spec.Phrases, spec.NotIn, spec.Acts, acts, norm, "closing phrases or acts")
			if err != nil {
				return nil, err
			}
			c := &rules.Closing{Meta: meta, Phrases: p}
			c.EndedBy.Acts, err = acts.acts(spec.EndedBy, "ended_by")
			return c, err
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
			p, err := phrases(spec.Phrases, spec.NotIn, spec.Acts, acts, norm, "apology phrases or acts")
			return &rules.WaitApology{Meta: meta, First: spec.First, Seconds: spec.Seconds, LimitsFrom: spec.LimitsFrom, Within: spec.Max, Phrases: p}, err
		},
		"complaint-apology": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
			return buildComplaint(meta, spec, norm, acts)
		},
		"checklist": func(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer) (rules.Rule, error) {
			return buildChecklist(meta, spec, norm, acts)
		},
	}
}

// buildComplaint makes a complaint-apology rule: the customer's complaint
// by trigger words or weighted cues (acts), answered by apology phrases or
// acts.
func buildComplaint(meta rules.Meta, spec *dict.RuleSpec, norm dict.Normalizer, acts *actSet) (rules.Rule, error) {
	c := &rules.ComplaintApology{Meta: meta, Threshold: spec.Threshold, Carry: spec.Carry}
	if len(spec.Triggers) == 0 && len(spec.Cues) == 0 {
		return nil, errors.New("needs triggers or cues: what makes the customer's words a complaint")
	}
	if len(spec.Cues) > 0 && spec.Threshold <= 0 {
		return nil, errors.New("cues need threshold > 0: the score at which the customer's turns are a complaint")
	}
	var err error
	if len(spec.Triggers) > 0 {
		if c.Triggers, err = phrases(spec.Triggers, spec.NotIn, nil, acts, norm, "triggers"); err != nil {
			return nil, err
		}
	}
	// In the order of the acts, not of the map: the same score whatever
	// order a pack lists them in, and the same order every run.
	for _, a := range acts.list {
		if w, ok := spec.Cues[a.ID]; ok {
			c.Cues = append(c.Cues, rules.Cue{Act: a, Weight: w})
		}
	}
	if len(c.Cues) != len(spec.Cues) {
		for id := range spec.Cues {
			if _, err := acts.acts([]string{id}, "cues"); err != nil {
				return nil, err
			}
		}
	}
	c.Phrases, err = phrases(spec.Phrases, spec.NotIn, spec.Acts, acts, norm, "apology or empathy phrases or acts")
	return c, err
}

// phrases reads what a rule looks for in a turn: the acts it names and a
// list of phrases, normalised the way messages are, so that traditional
// or full-width text matches; notIn lists longer words in which a phrase
// does not count (您好像 is no greeting, 对不起来 no apology), for every
// phrase list of the rule (acts carry their own). Phrases count inside
// quotation marks: transcripts often quote whole turns (客服：“在的，您好！”),
// and a greeting or a complaint in quotes is still one, and so is one in a
// mention (@12315消费者维权).
func phrases(list, notIn, actIDs []string, acts *actSet, norm dict.Normalizer, what string) (rules.Phrases, error) {
	p := rules.Phrases{Cond: rules.Cond{Quoted: true, Artefacts: true}}
	if len(list) == 0 && len(actIDs) == 0 {
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
	var err error
	p.Acts, err = acts.acts(actIDs, "acts")
	return p, err
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
