package transcript

import (
	"slices"
	"strings"
	"unicode"
	"unicode/utf8"
)

// Roles are the words that name the agent, the customer and a bot in an
// input. A speaker named by a role word and more (客服小妮) is that role,
// and the rest (小妮) is the speaker's name.
type Roles struct {
	Agent, Customer []string
	// Bot names a bot or the platform (机器人, 系统); nil is
	// DefaultBotWords.
	Bot []string
}

// DefaultRoles are the role words of INTERFACE.md, with the bot's.
func DefaultRoles() Roles {
	agent, customer := DefaultRoleWords()
	return Roles{Agent: agent, Customer: customer, Bot: DefaultBotWords()}
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
	if r.Bot == nil {
		r.Bot = d.Bot
	}
	return r
}

// ignoredRoles are speakers whose words are neither the agent's nor the
// customer's: a system prompt, a tool's output, a platform notice.
// It is read-only: a fixed table, never written after package initialisation.
var ignoredRoles = []string{"system", "tool", "function", "developer", "系统消息", "系统提示"}

// unresolved marks, while a conversation is read, a speaker whose label is
// no role word (a nickname such as tb_889201): the whole conversation
// decides its role (see reader.resolve). It never leaves the package.
const unresolved Role = "?"

// speaker is what a role field or chat prefix says about who is speaking.
type speaker struct {
	role    Role
	name    string // the rest after the role word: 客服小妮 → 小妮
	ignored bool   // a system message: not a turn
}

// classify reads a role as written (客服小妮, assistant, 买家). ok is false
// when it names no known role. The longest role word at the start wins, so
// that 客服代表 is not 客服 named 代表.
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
			if len(w) <= best || !hasWordPrefix(s, w) {
				continue
			}
			best = len(w)
			sp = speaker{role: role, name: strings.TrimLeft(s[len(w):], " \t_-#:·　")}
		}
	}
	try(r.Agent, Agent)
	try(r.Customer, Customer)
	try(r.Bot, Bot)
	if best > 0 && sp.name == "" && !r.generic(s) {
		sp.name = s // a team's own word for one agent (--agent-role tb_shop): its name too
	}
	return sp, best > 0
}

// hasWordPrefix reports whether s starts with the role word w. A Latin
// role word must end at a word boundary: "user" is a role, "username" is
// not.
func hasWordPrefix(s, w string) bool {
	if len(s) < len(w) || !strings.EqualFold(s[:len(w)], w) {
		return false
	}
	last, _ := utf8.DecodeLastRuneInString(w)
	next, _ := utf8.DecodeRuneInString(s[len(w):])
	return !(isLatinLetter(last) && isLatinLetter(next))
}

func isLatinLetter(r rune) bool { return r < utf8.RuneSelf && unicode.IsLetter(r) }

// generic reports whether s is one of the default role words, which name a
// side and nobody in particular.
func (r Roles) generic(s string) bool {
	d := DefaultRoles()
	for _, words := range [][]string{d.Agent, d.Customer, d.Bot} {
		if slices.ContainsFunc(words, func(w string) bool { return strings.EqualFold(w, s) }) {
			return true
		}
	}
	return false
}

// label reads a speaker as an export writes it, role word or nickname:
// a role word at the start decides (classify); then 千牛's 店铺名:子账号
// is the seller's side; then a Chinese role word inside the name (官方客服
// 小妮, 淘宝买家) decides when it names one side only. Anything else is
// unresolved: the conversation decides (see reader.resolve).
func (r Roles) label(s string) speaker {
	s = strings.TrimSpace(s)
	if sp, ok := r.classify(s); ok {
		return sp
	}
	if isSellerAccount(s) {
		return speaker{role: Agent, name: s}
	}
	if role, ok := r.containedRole(s); ok {
		return speaker{role: role, name: s}
	}
	return speaker{role: unresolved, name: s}
}

// isSellerAccount reports whether s is 千牛/旺旺's name of a seller's
// sub-account, 店铺名:子账号 (a half- or full-width colon between two
// non-empty names, no spaces).
func isSellerAccount(s string) bool {
	i := strings.IndexAny(s, ":：")
	if i <= 0 || strings.ContainsAny(s, " \t") {
		return false
	}
	_, size := utf8.DecodeRuneInString(s[i:])
	rest := s[i+size:]
	return rest != "" && !strings.ContainsAny(rest, ":：")
}

// containedRole finds the Chinese role words inside s; ok only when they
// all name one side. Latin words are left out: "user" inside a nickname
// says nothing. A word that stands only inside a longer role word of
// another side is that side's (智能客服 holds 客服, 客户经理 holds 客户).
func (r Roles) containedRole(s string) (Role, bool) {
	sides := r.sides()
	var found Role
	for _, side := range sides {
		for _, w := range side.words {
			if w == "" || w[0] < utf8.RuneSelf || !standsAlone(s, w, side.role, sides) {
				continue
			}
			if found != "" && found != side.role {
				return "", false
			}
			found = side.role
		}
	}
	return found, found != ""
}

// roleWords are one side's role words.
type roleWords struct {
	words []string
	role  Role
}

// sides are the role words by side, the bot's first.
func (r Roles) sides() []roleWords {
	return []roleWords{{r.Bot, Bot}, {r.Agent, Agent}, {r.Customer, Customer}}
}

// standsAlone reports whether w, a role word of role, occurs in s other
// than inside a longer role word of another side.
func standsAlone(s, w string, role Role, sides []roleWords) bool {
	for at := 0; at < len(s); {
		i := strings.Index(s[at:], w)
		if i < 0 {
			return false
		}
		i += at
		if !insideOther(s, i, i+len(w), role, sides) {
			return true
		}
		at = i + len(w)
	}
	return false
}

// insideOther reports whether s[i:j] lies inside an occurrence in s of a
// longer role word of a side other than role.
func insideOther(s string, i, j int, role Role, sides []roleWords) bool {
	for _, side := range sides {
		if side.role == role {
			continue
		}
		for _, v := range side.words {
			if len(v) <= j-i || !strings.Contains(v, s[i:j]) {
				continue
			}
			for k := max(0, j-len(v)); k <= i && k+len(v) <= len(s); k++ {
				if s[k:k+len(v)] == v {
					return true
				}
			}
		}
	}
	return false
}

// Classify reads a role as a record or a request writes it (客服小妮,
// assistant, 买家): the role, and the name after the role word (小妮). A
// system or tool message has role "". ok is false for a role it does not know.
func (r Roles) Classify(s string) (role Role, name string, ok bool) {
	sp, ok := r.orDefault().classify(s)
	return sp.role, sp.name, ok
}

// role reads the role field of a JSON, CSV or xlsx record; an empty field
// is the agent's (a draft or an agent-only export).
func (r Roles) role(s string) speaker {
	if strings.TrimSpace(s) == "" {
		return speaker{role: Agent}
	}
	return r.label(s)
}
