package transcript

import (
	"fmt"
	"slices"
	"strings"
)

// speakerOf reads a speaker's label as an export writes it: one of the
// agents' own names (Options.AgentNames) is the agent, else Roles.label.
func (rd *reader) speakerOf(s string) speaker {
	if sp, ok := rd.speakers[s]; ok {
		return sp
	}
	sp := rd.readSpeaker(s)
	if len(rd.speakers) < maxSpeakers {
		if rd.speakers == nil {
			rd.speakers = make(map[string]speaker, 8)
		}
		rd.speakers[s] = sp
	}
	return sp
}

// readSpeaker is speakerOf without the memo.
func (rd *reader) readSpeaker(s string) speaker {
	s = strings.TrimSpace(s)
	if s != "" && slices.Contains(rd.opts.AgentNames, s) {
		return speaker{role: Agent, name: s}
	}
	return rd.roles.label(s)
}

// recordSpeaker reads a structured record's role field, given its agent
// field (客服昵称): a sender named as the record's agent is the agent.
func (rd *reader) recordSpeaker(role, agent string) speaker {
	if strings.TrimSpace(role) == "" {
		return speaker{role: Agent}
	}
	sp := rd.speakerOf(role)
	if sp.role == unresolved && agent != "" && strings.TrimSpace(agent) == sp.name {
		sp.role = Agent
	}
	return sp
}

// resolve gives a role to every speaker of c known only by a nickname,
// from what the export says: with Options.Others = Customer everyone not
// known as the agent (or a bot) is the customer; in a two-party
// conversation where one side is known, the other is the other side.
// Anything else cannot be told apart and is an error naming the first
// line of each such speaker and the flags that settle it — never a guess.
func (rd *reader) resolve(c *Conversation) error {
	unknown := unresolvedSpeakers(c.Messages)
	if len(unknown) == 0 {
		return nil
	}
	if rd.opts.Others == Customer {
		setRole(c.Messages, unknown, Customer)
		return nil
	}
	agent := slices.ContainsFunc(c.Messages, func(m Message) bool { return m.Role == Agent })
	customer := slices.ContainsFunc(c.Messages, func(m Message) bool { return m.Role == Customer })
	switch {
	case len(unknown) == 1 && agent && !customer:
		setRole(c.Messages, unknown, Customer)
		return nil
	case len(unknown) == 1 && customer && !agent:
		setRole(c.Messages, unknown, Agent)
		return nil
	}
	return rd.unresolvable(c, unknown)
}

// unresolvable reports each speaker whose role the conversation does not
// settle; with Skip, their turns are left out and the rest is read.
func (rd *reader) unresolvable(c *Conversation, unknown []string) error {
	for _, name := range unknown {
		i := slices.IndexFunc(c.Messages, func(m Message) bool { return m.Role == unresolved && m.Speaker == name })
		err := rd.bad(c.Messages[i].Line, "cannot tell whether %q is the agent or the customer (%s); "+
			"name the agent with --agent-name %s, or use --others customer when every speaker not named as the agent is the customer",
			name, rd.whyUnknown(c, unknown), quoteArg(name))
		if err != nil {
			return err
		}
	}
	c.Messages = slices.DeleteFunc(c.Messages, func(m Message) bool { return m.Role == unresolved })
	return nil
}

// whyUnknown says why a conversation's speakers could not be told apart.
func (rd *reader) whyUnknown(c *Conversation, unknown []string) string {
	known := 0
	for _, m := range c.Messages {
		if m.Role == Agent || m.Role == Customer {
			known++
		}
	}
	if len(unknown) == 1 && known == 0 {
		return "no role word names either side"
	}
	q := make([]string, len(unknown))
	for i, n := range unknown {
		q[i] = fmt.Sprintf("%q", n)
	}
	return "speakers " + strings.Join(q, ", ") + " are no role word"
}

// quoteArg quotes a name for a shell command line where it needs it.
func quoteArg(s string) string {
	if strings.ContainsAny(s, " \t'\"\\$`;&|<>*?()[]{}") {
		return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'"
	}
	return s
}

func unresolvedSpeakers(ms []Message) []string {
	var out []string
	for i := range ms {
		if ms[i].Role == unresolved && !slices.Contains(out, ms[i].Speaker) {
			out = append(out, ms[i].Speaker)
		}
	}
	return out
}

func setRole(ms []Message, names []string, role Role) {
	for i := range ms {
		if ms[i].Role == unresolved && slices.Contains(names, ms[i].Speaker) {
			ms[i].Role = role
		}
	}
}
