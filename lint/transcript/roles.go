package transcript

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"
)

// Roles are the words that name the agent and the customer in an input. A
// speaker named by a role word and more (客服小妮) is that role, and the
// rest (小妮) is the speaker's name.
type Roles struct {
	Agent, Customer []string
}

// DefaultRoles are the role words of INTERFACE.md.
func DefaultRoles() Roles {
	agent, customer := DefaultRoleWords()
	return Roles{Agent: agent, Customer: customer}
}

// orDefault fills in the defaults for a side left empty.
func (r Roles) orDefault() Roles {
	d := DefaultRoles()
	if len(r.Agent) == 0 {
		r.Agent = d.Agent
	}
	if len(r.Customer) == 0 {
		r.Customer = d.Customer
	}
	return r
}

// ignoredRoles are speakers whose words are neither the agent's nor the
// customer's: a system prompt, a tool's output, a platform notice.
var ignoredRoles = []string{"system", "tool", "function", "developer", "系统", "系统消息"}

// speaker is what a role field or chat prefix says about who is speaking.
type speaker struct {
	role    Role
	name    string // the rest after the role word: 客服小妮 → 小妮
	ignored bool   // a system message: not a turn
}

// classify reads a role as written (客服小妮, assistant, 买家). ok is false
// when it names no known role. The longest role word wins, so that 客服代表
// is not 客服 named 代表.
func (r Roles) classify(s string) (sp speaker, ok bool) {
	s = strings.TrimSpace(s)
	for _, w := range ignoredRoles {
		if strings.EqualFold(s, w) {
			return speaker{ignored: true}, true
		}
	}
	best := 0
	try := func(words []string, role Role) {
		for _, w := range words {
			if len(w) <= best || len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
				continue
			}
			rest := s[len(w):]
			// A Latin role word must end at a word boundary: "user"
			// is a role, "username" is not.
			if last, _ := utf8.DecodeLastRuneInString(w); last < utf8.RuneSelf && unicode.IsLetter(last) {
				if next, _ := utf8.DecodeRuneInString(rest); next < utf8.RuneSelf && unicode.IsLetter(next) {
					continue
				}
			}
			best = len(w)
			sp = speaker{role: role, name: strings.TrimLeft(rest, " \t_-#:·　")}
		}
	}
	try(r.Agent, Agent)
	try(r.Customer, Customer)
	return sp, best > 0
}

// Classify reads a role as a record or a request writes it (客服小妮,
// assistant, 买家): the role, and the name after the role word (小妮). A
// system or tool message has role "". ok is false for a role it does not know.
func (r Roles) Classify(s string) (role Role, name string, ok bool) {
	sp, ok := r.orDefault().classify(s)
	return sp.role, sp.name, ok
}

// role reads the role field of a JSON or CSV record; an empty field is the
// agent's (a draft or an agent-only export).
func (r Roles) role(s string) (speaker, error) {
	if strings.TrimSpace(s) == "" {
		return speaker{role: Agent}, nil
	}
	sp, ok := r.classify(s)
	if !ok {
		return sp, fmt.Errorf("unknown role %q (agent roles: %s; customer roles: %s; add one with --agent-role or --customer-role)",
			s, strings.Join(r.Agent, ", "), strings.Join(r.Customer, ", "))
	}
	return sp, nil
}

// timeLayouts are the times exports write, most specific first.
var timeLayouts = []string{
	time.RFC3339Nano,
	"2006-01-02T15:04:05",
	"2006-01-02 15:04:05.999999999",
	"2006-01-02 15:04:05",
	"2006-01-02 15:04",
	"2006/1/2 15:04:05",
	"2006/1/2 15:04",
	"2006.1.2 15:04:05",
	"2006年1月2日 15:04:05",
	"2006年1月2日15:04:05",
	"15:04:05",
	"15:04",
}

// ParseTime reads a time as exports write it. Times without a zone are
// taken as UTC: only the gaps between turns matter to the rules, and UTC
// keeps a run the same on every machine.
func ParseTime(s string) (time.Time, error) {
	s = strings.TrimSpace(s)
	// The seed's transcripts write 15:30 :00.
	s = strings.ReplaceAll(s, " :", ":")
	s = strings.ReplaceAll(s, "：", ":")
	for _, l := range timeLayouts {
		if t, err := time.ParseInLocation(l, s, time.UTC); err == nil {
			return t, nil
		}
	}
	// Unix time, in seconds or milliseconds.
	if n, err := strconv.ParseFloat(s, 64); err == nil && n > 0 {
		if n > 1e12 {
			return time.UnixMilli(int64(n)).UTC(), nil
		}
		sec := int64(n)
		return time.Unix(sec, int64((n-float64(sec))*1e9)).UTC(), nil
	}
	return time.Time{}, fmt.Errorf("time %q is not one replylint reads (such as 2024-05-01 10:00:03, 2024-05-01T10:00:03+08:00 or 10:00:03)", s)
}
